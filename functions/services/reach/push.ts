/**
 * The push of counted ballots to the provincial 好差评 platform: an outbox fed from the Responses
 * stream, sent with retries and backoff, dead letters the province can replay.
 */
import { OutOfScopeError, type Principal, requireAction } from '../../domain/access';
import { NotFoundError } from '../../domain/errors';
import {
  headlineLevel,
  MAX_PUSH_ATTEMPTS,
  type PushRecord,
  pushBackoffMs,
  pushRecord,
  pushSigningKey,
  signPush,
} from '../../domain/reach/push-record';
import { provinceOf, type ReachSettings } from '../../domain/reach/settings';
import type { QuestionnaireVersion } from '../../schemas/questionnaire';
import type { Clock } from '../ports';
import type { ResponseRecord } from '../responses/ports';

/** One ballot's push as stored. */
export interface PushItem {
  responseId: string;
  provinceId: string;
  record: PushRecord;
  state: 'pending' | 'delivered' | 'dead';
  attempts: number;
  nextAt: string;
  createdAt: string;
  deliveredAt?: string;
  lastError?: string;
}

export interface PushStore {
  /** Stores a ballot's push unless it exists (a replayed stream record changes nothing). */
  enqueue(p: PushItem): Promise<boolean>;
  due(nowIso: string, limit: number): Promise<PushItem[]>;
  delivered(responseId: string, at: string): Promise<void>;
  failed(
    p: PushItem,
    attempts: number,
    error: string,
    next: { nextAt: string } | { deadAt: string },
  ): Promise<void>;
  deadLetters(provinceId: string): Promise<PushItem[]>;
  /** A dead letter back to pending, due now; false when it is not a dead letter. */
  replay(responseId: string, nowIso: string): Promise<boolean>;
  getPush(responseId: string): Promise<PushItem | undefined>;
}

/** Sends one request; the HTTP status, or throws on a network failure. */
export type PushTransport = (url: string, body: string, headers: Record<string, string>) => Promise<number>;

export interface PushDeps {
  store: PushStore;
  settings: (provinceId: string) => Promise<ReachSettings | undefined>;
  rootKey: Buffer;
  clock: Clock;
}

/** A new Response item as the stream delivers it, as far as the push reads it. */
export interface PushedResponse
  extends Pick<
    ResponseRecord,
    'responseId' | 'servicePointId' | 'unitId' | 'questionnaireId' | 'version' | 'answers' | 'submittedAt'
  > {
  transaction?: { transactionNo: string; matter: string };
  integrity?: { quarantined?: boolean };
  excludedFromScores?: unknown;
}

/**
 * From the stream, for each new response:
 * 1. A quarantined or excluded ballot is not pushed; nor is one of a province without an endpoint.
 * 2. Its overall level (indicator OVERALL, else the first satisfaction question) makes the record.
 * 3. Stored once per ballot, due at once.
 */
export type EnqueuePushDeps = Omit<PushDeps, 'rootKey'> & {
  getVersion: (id: string, v: number) => Promise<QuestionnaireVersion | undefined>;
};

export async function enqueuePush(deps: EnqueuePushDeps, r: PushedResponse): Promise<boolean> {
  if (r.integrity?.quarantined === true || r.excludedFromScores !== undefined) return false;
  const provinceId = provinceOf(r.unitId);
  if (!(await deps.settings(provinceId))?.push.endpoint) return false;
  const version = await deps.getVersion(r.questionnaireId, r.version);
  const level = version && headlineLevel(version.content, r.answers);
  if (!level) return false;
  const now = deps.clock.now().toISOString();
  return deps.store.enqueue({
    responseId: r.responseId,
    provinceId,
    record: pushRecord({ ...r, level }),
    state: 'pending',
    attempts: 0,
    nextAt: now,
    createdAt: now,
  });
}

/**
 * Every few seconds (EventBridge every minute in AWS, a timer locally):
 * 1. Reads the pushes due now.
 * 2. POSTs each record as JSON to its province's endpoint, signed (HMAC-SHA256, header
 *    `X-KMPJ-Signature`) with `Idempotency-Key` = the ballot's id.
 * 3. 2xx (or 409: the receiver has it): delivered. Otherwise, or on a network failure: retried
 *    after a growing backoff; after MAX_PUSH_ATTEMPTS a dead letter.
 */
export async function pushDue(
  deps: PushDeps & { transport: PushTransport },
  limit = 100,
): Promise<{ delivered: number; failed: number; dead: number }> {
  const out = { delivered: 0, failed: 0, dead: 0 };
  for (const p of await deps.store.due(deps.clock.now().toISOString(), limit)) {
    const endpoint = (await deps.settings(p.provinceId))?.push.endpoint;
    const body = JSON.stringify(p.record);
    let error: string;
    try {
      if (!endpoint) throw new Error('no endpoint');
      const now = deps.clock.now();
      const status = await deps.transport(endpoint, body, {
        'content-type': 'application/json; charset=utf-8',
        'idempotency-key': p.record.idempotencyKey,
        'x-kmpj-signature': signPush(
          pushSigningKey(deps.rootKey, p.provinceId),
          Math.floor(now.getTime() / 1000),
          body,
        ),
      });
      if ((status >= 200 && status < 300) || status === 409) {
        await deps.store.delivered(p.responseId, deps.clock.now().toISOString());
        out.delivered++;
        continue;
      }
      error = `HTTP ${status}`;
    } catch (err) {
      error = (err as Error).name === 'Error' ? (err as Error).message : (err as Error).name;
    }
    const attempts = p.attempts + 1;
    const at = deps.clock.now();
    if (attempts >= MAX_PUSH_ATTEMPTS) {
      await deps.store.failed(p, attempts, error, { deadAt: at.toISOString() });
      out.dead++;
    } else {
      await deps.store.failed(p, attempts, error, {
        nextAt: new Date(at.getTime() + pushBackoffMs(attempts)).toISOString(),
      });
      out.failed++;
    }
  }
  return out;
}

const provinceOfPrincipal = (p: Principal) => p.scopePath.split('/')[0]!;

/** The province's dead letters (province admins: they configure the endpoint). */
export async function listDeadLetters(deps: { store: PushStore }, p: Principal, provinceId: string) {
  requireAction(p, 'settings:write');
  if (provinceOfPrincipal(p) !== provinceId) throw new OutOfScopeError();
  return { items: await deps.store.deadLetters(provinceId) };
}

/** Sends a dead letter again (due now, attempts start again); 404 when it is none of the caller's. */
export async function replayDeadLetter(
  deps: { store: PushStore; clock: Clock },
  p: Principal,
  responseId: string,
) {
  requireAction(p, 'settings:write');
  const item = await deps.store.getPush(responseId);
  if (!item || item.provinceId !== provinceOfPrincipal(p) || item.state !== 'dead')
    throw new NotFoundError('死信', 'Dead letter');
  await deps.store.replay(responseId, deps.clock.now().toISOString());
  return { responseId, state: 'pending' as const };
}
