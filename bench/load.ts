/**
 * What the load benches share: a realistic set of answers to the demo questionnaire, jobs run a
 * fixed number at a time, and a POST sent again after a pause on 503 (busy), as the phone's
 * offline queue does.
 */
import { signQrToken } from '../functions/domain/qr-token';
import { DEMO_QUESTIONNAIRE_ID } from '../local/seed/demo-questionnaire';
import type { LocalStack } from '../local/stack';

/** Answers to the demo questionnaire, varied by `i` (overall 5…1, recommendation 0…10). */
export const benchAnswers = (i: number) => ({
  q_overall: 5 - (i % 5),
  q_attitude: 4,
  q_efficiency: 5,
  q_transparency: 4,
  q_safety: 5,
  q_business: 'household',
  q_problems: ['long_wait'],
  q_recommend: i % 11,
  q_suggestion: '办事很方便，工作人员耐心',
});

/** Runs `n` jobs `c` at a time; jobs per second of the whole run. */
export async function runAtATime(n: number, c: number, job: (i: number) => Promise<void>): Promise<number> {
  let next = 0;
  const t = performance.now();
  await Promise.all(
    Array.from({ length: c }, async () => {
      for (let i = next++; i < n; i = next++) await job(i);
    }),
  );
  return n / ((performance.now() - t) / 1000);
}

/** How often a 503 is sent again and the pause per attempt. */
export interface BusyRetry {
  attempts: number;
  pauseMs: number;
  /** Called for every 503 sent again. */
  onRetry?: () => void;
}

/**
 * POSTs JSON; a 503 (busy) is sent again after `pauseMs × attempt`, up to `attempts` times.
 * Returns the parsed 200/201 body; any other answer throws with its status and body.
 */
export async function postJson(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
  retry: BusyRetry = { attempts: 5, pauseMs: 250 },
): Promise<Record<string, unknown>> {
  const payload = JSON.stringify(body);
  for (let attempt = 1; ; attempt++) {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: payload,
    });
    const text = await res.text();
    if (res.status === 200 || res.status === 201) return JSON.parse(text) as Record<string, unknown>;
    if (res.status !== 503 || attempt >= retry.attempts)
      throw new Error(`${url} answered ${res.status}: ${text}`);
    retry.onRetry?.();
    await new Promise((ok) => setTimeout(ok, retry.pauseMs * attempt));
  }
}

/** A window made for a bench and its QR token for the demo questionnaire. */
export interface BenchWindow {
  servicePointId: string;
  token: string;
}

/**
 * Adds `count` windows under the given units (round robin) through the console API as the
 * province admin, each with a QR code for the demo questionnaire; the token is signed with the
 * stack's `qrKey` as the console's own code image would carry it. A load spread over many windows
 * keeps each window's burst within what a real window sees, as at a province's peak.
 */
export async function addBenchWindows(
  stack: LocalStack,
  qrKey: Buffer,
  count: number,
  parents: readonly string[],
): Promise<BenchWindow[]> {
  const auth = { authorization: `Bearer ${await stack.signIn('province-admin')}` };
  const consolePost = (path: string, body: unknown) =>
    postJson(`${stack.baseUrl}/api/console/v1${path}`, body, auth, { attempts: 1, pauseMs: 0 });
  const out: BenchWindow[] = [];
  for (let w = 0; w < count; w++) {
    const node = await consolePost('/org/nodes', {
      parentId: parents[w % parents.length],
      name: { 'zh-CN': `压测窗口 ${w}`, en: `Bench window ${w}` },
    });
    const servicePointId = (node.id ?? (node.node as { id: string }).id) as string;
    const qr = await consolePost(`/service-points/${servicePointId}/qr-tokens`, {
      questionnaireId: DEMO_QUESTIONNAIRE_ID,
    });
    const token = signQrToken(qrKey, {
      tokenId: qr.tokenId as string,
      servicePointId,
      questionnaireId: DEMO_QUESTIONNAIRE_ID,
    });
    out.push({ servicePointId, token });
  }
  return out;
}
