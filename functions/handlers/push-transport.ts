/** The push's HTTP client: `fetch` with a timeout, so a hanging endpoint counts as a failed attempt. */
import type { PushTransport } from '../services/reach/push';

export const httpPushTransport =
  (timeoutMs = 10_000): PushTransport =>
  async (url, body, headers) => {
    const res = await fetch(url, { method: 'POST', body, headers, signal: AbortSignal.timeout(timeoutMs) });
    await res.arrayBuffer();
    return res.status;
  };
