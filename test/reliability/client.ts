/**
 * A load client that keeps its own log of what it sent and what it was told, so the counts
 * in the database can be checked against an independent record.
 */
import { randomUUID } from 'node:crypto';
import type { DemoForm } from '../../local/seed';

export interface Sent {
  submissionId: string;
  form: DemoForm;
  body: Record<string, unknown>;
}

export interface Outcome {
  status: number;
  ms: number;
  receipt?: { responseId: string; receipt: string };
  retryAfter?: number;
}

const LEVELS = [5, 5, 5, 4, 4, 4, 3, 3, 2, 1];
const COMMENTS = ['', '', '', '窗口人员很耐心', '等候时间有点长', '流程清楚，收费透明', '希望增加自助设备'];

/** Every question `realisticAnswers` may answer (the demo questionnaire's). */
export const REALISTIC_QUESTION_IDS = [
  'q_overall',
  'q_attitude',
  'q_efficiency',
  'q_transparency',
  'q_safety',
  'q_business',
  'q_problems',
  'q_recommend',
  'q_suggestion',
] as const;

/** Realistic answers: skewed towards satisfied, like real window ratings, with some comments. */
export function realisticAnswers(rnd: () => number): Record<string, unknown> {
  const level = () => LEVELS[Math.floor(rnd() * LEVELS.length)]!;
  const comment = COMMENTS[Math.floor(rnd() * COMMENTS.length)]!;
  return {
    q_overall: level(),
    q_attitude: level(),
    q_efficiency: level(),
    q_transparency: level(),
    q_safety: level(),
    q_business: ['household', 'exit_entry', 'vehicle', 'violation', 'other'][Math.floor(rnd() * 5)],
    ...(rnd() < 0.3 ? { q_problems: ['long_wait'] } : {}),
    ...(rnd() < 0.5 ? { q_recommend: Math.floor(rnd() * 11) } : {}),
    ...(comment ? { q_suggestion: comment } : {}),
  };
}

export function newSubmission(form: DemoForm, rnd: () => number): Sent {
  const submissionId = randomUUID();
  return {
    submissionId,
    form,
    body: {
      submissionId,
      answers: realisticAnswers(rnd),
      startedAt: new Date(Date.now() - 60_000 - Math.floor(rnd() * 120_000)).toISOString(),
      locale: 'zh-CN',
      version: 1,
      // Each citizen's own phone (the form keeps a random id in local storage).
      deviceId: `phone-${randomUUID()}`,
    },
  };
}

/** One POST, with the latency and what came back. Network errors count as status 0. */
export async function post(baseUrl: string, s: Sent, body = s.body): Promise<Outcome> {
  const t = performance.now();
  try {
    const res = await fetch(`${baseUrl}/api/v1/forms/${s.form.token}/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(15_000),
    });
    const json = (await res.json().catch(() => undefined)) as Outcome['receipt'];
    return {
      status: res.status,
      ms: performance.now() - t,
      receipt: res.status === 201 ? json : undefined,
      retryAfter: Number(res.headers.get('retry-after') ?? 0) || undefined,
    };
  } catch {
    return { status: 0, ms: performance.now() - t };
  }
}

/** Retries like the citizen form does: on 503, network errors and 5xx, with backoff (bounded). */
export async function postUntilAnswered(
  baseUrl: string,
  s: Sent,
  body = s.body,
  maxMs = 120_000,
): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  const deadline = Date.now() + maxMs;
  let delay = 100;
  for (;;) {
    const o = await post(baseUrl, s, body);
    outcomes.push(o);
    if (o.status !== 0 && o.status < 500) return outcomes;
    if (Date.now() > deadline) return outcomes;
    await new Promise((r) => setTimeout(r, Math.max(delay, (o.retryAfter ?? 0) * 1000 * 0.25)));
    delay = Math.min(delay * 2, 2_000);
  }
}

/** Runs `tasks` with at most `concurrency` in flight. */
export async function pool<T>(
  items: readonly T[],
  concurrency: number,
  run: (item: T, i: number) => Promise<void>,
) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const i = next++;
        await run(items[i]!, i);
      }
    }),
  );
}

/** Deterministic PRNG (mulberry32) so a run can be repeated. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const percentile = (xs: number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
};
