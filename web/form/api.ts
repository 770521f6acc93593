/**
 * The two public API calls, with every failure turned into a value: the form never throws at the
 * citizen. A network error, a timeout, 408/425/429/5xx, or a 2xx that is not our JSON (a captive
 * portal's login page, say) are all "retryable"; other statuses carry the server's error body.
 */
import type { AltchaChallenge, FetchedChallenge } from './pow';
import type { ApiError, FormView, SubmissionBody, SubmissionReceipt } from './types';

/** Outcome of one API call. `status` is 0 when no HTTP response arrived. */
export type ApiResult<T> =
  | { ok: true; data: T }
  | { ok: false; retryable: boolean; status: number; error?: ApiError; retryAfterMs?: number };

/** Weak networks are slow, but a request hanging for longer than this is better retried. */
export const REQUEST_TIMEOUT_MS = 20_000;

/** True for statuses worth retrying later with the same submissionId. */
export const isRetryableStatus = (status: number): boolean =>
  status === 0 || status === 408 || status === 425 || status === 429 || status >= 500;

/** Parses a Retry-After header (seconds or HTTP date) into milliseconds from `now`. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function asApiError(body: unknown): ApiError | undefined {
  const e = (body as { error?: Partial<ApiError> } | null)?.error;
  if (!e || typeof e.code !== 'string' || typeof e.message !== 'string') return undefined;
  return {
    code: e.code,
    message: e.message,
    messageEn: typeof e.messageEn === 'string' ? e.messageEn : e.message,
    details: Array.isArray(e.details) ? e.details : undefined,
  };
}

/**
 * Runs one request and classifies its outcome; `accept` checks that a 2xx body is really ours.
 * @param fetchFn injectable for tests; defaults to the global fetch.
 */
export async function request<T>(
  url: string,
  init: RequestInit,
  accept: (body: unknown) => body is T,
  fetchFn: typeof fetch = fetch,
): Promise<ApiResult<T>> {
  const ctl = typeof AbortController === 'function' ? new AbortController() : undefined;
  const timer = ctl && setTimeout(() => ctl.abort(), REQUEST_TIMEOUT_MS);
  try {
    const res = await fetchFn(url, { ...init, signal: ctl?.signal, credentials: 'omit', cache: 'no-store' });
    let body: unknown = null;
    try {
      body = await res.json();
    } catch {
      // Not JSON: classified below by status.
    }
    if (res.ok) {
      return accept(body) ? { ok: true, data: body } : { ok: false, retryable: true, status: res.status };
    }
    return {
      ok: false,
      retryable: isRetryableStatus(res.status),
      status: res.status,
      error: asApiError(body),
      retryAfterMs: parseRetryAfter(res.headers.get('Retry-After'), Date.now()),
    };
  } catch {
    return { ok: false, retryable: true, status: 0 };
  } finally {
    if (timer) clearTimeout(timer);
  }
}

const formUrl = (token: string) => `/api/v1/forms/${encodeURIComponent(token)}`;

const isFormView = (b: unknown): b is FormView =>
  Array.isArray((b as FormView | null)?.questionnaire?.questions);

const isReceipt = (b: unknown): b is SubmissionReceipt =>
  typeof (b as SubmissionReceipt | null)?.receipt === 'string';

/** `GET /api/v1/forms/{token}[?b=ballot]`: the questionnaire to render (the ballot is checked on opening). */
export function fetchForm(
  token: string,
  fetchFn?: typeof fetch,
  ballot?: string,
): Promise<ApiResult<FormView>> {
  const url = ballot ? `${formUrl(token)}?b=${encodeURIComponent(ballot)}` : formUrl(token);
  return request(url, { headers: { Accept: 'application/json' } }, isFormView, fetchFn);
}

/** `POST /api/v1/forms/{token}/responses`: safe to repeat with the same body (idempotent by submissionId). */
export function postResponse(
  token: string,
  body: SubmissionBody,
  fetchFn?: typeof fetch,
): Promise<ApiResult<SubmissionReceipt>> {
  return request(
    `${formUrl(token)}/responses`,
    {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(body),
    },
    isReceipt,
    fetchFn,
  );
}

const isChallenge = (b: unknown): b is AltchaChallenge =>
  typeof (b as AltchaChallenge | null)?.challenge === 'string' &&
  typeof (b as AltchaChallenge).salt === 'string' &&
  typeof (b as AltchaChallenge).signature === 'string';

/**
 * `GET /api/v1/forms/{token}/altcha`: a proof-of-work challenge, with the server's `Date` so the
 * form can judge its expiry on a phone whose clock is off.
 */
export async function fetchChallenge(
  token: string,
  fetchFn: typeof fetch = fetch,
): Promise<ApiResult<FetchedChallenge>> {
  let serverNow: number | undefined;
  const result = await request(
    `${formUrl(token)}/altcha`,
    { headers: { Accept: 'application/json' } },
    isChallenge,
    async (url, init) => {
      const res = await fetchFn(url, init);
      const date = Date.parse(res.headers.get('Date') ?? '');
      if (!Number.isNaN(date)) serverNow = date;
      return res;
    },
  );
  return result.ok ? { ok: true, data: { challenge: result.data, serverNow } } : result;
}
