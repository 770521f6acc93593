/**
 * The push of counted ballots to the provincial 好差评 platform: an outbox fed from the Responses
 * stream, sent with retries and backoff, dead letters the province can replay.
 */
import { OutOfScopeError, type Principal, requireAction } from '../../domain/access';
import { NotFoundError } from '../../domain/errors';
import {
  headlineLevel,
  MAX_PUSH_ATTEMPTS,
  type PushMessage,
  pushBackoffMs,
  pushRecord,
  pushSigningKey,
  reinstatementIdOf,
  signPush,
  type WithdrawalReason,
  withdrawalIdOf,
  withdrawalRecord,
} from '../../domain/reach/push-record';
import { provinceOf, type ReachSettings } from '../../domain/reach/settings';
import type { QuestionnaireVersion } from '../../schemas/questionnaire';
import type { Clock } from '../ports';
import type { ResponseRecord } from '../responses/ports';

/** One outbox item as stored: a ballot's rating, or its withdrawal, or its rating again once it counts again. */
export interface PushItem {
  /** The item's id: the ballot's id for its rating, withdrawalIdOf / reinstatementIdOf for the others. */
  responseId: string;
  provinceId: string;
  record: PushMessage;
  /** `cancelled`: taken back before it was delivered, so the province never needs a withdrawal. */
  state: 'pending' | 'delivered' | 'dead' | 'cancelled';
  /** Why it was cancelled (a delivery that raced the cancel is withdrawn with this reason). */
  cancelReason?: WithdrawalReason;
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
  /** Pending → delivered; false when it is no longer pending (cancelled meanwhile). */
  delivered(responseId: string, at: string): Promise<boolean>;
  /** Pending or dead → cancelled; false when it is neither (delivered already). */
  cancel(responseId: string, reason: WithdrawalReason, at: string): Promise<boolean>;
  /** Cancelled → pending, due now; false when it is not cancelled. */
  reopen(responseId: string, nowIso: string): Promise<boolean>;
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
  excludedFromScores?: { by?: string };
}

/** Counted: not quarantined (or released) and not excluded by the integrity rules or an upheld appeal. */
export const isCounted = (r: Pick<PushedResponse, 'integrity' | 'excludedFromScores'>): boolean =>
  r.integrity?.quarantined !== true && r.excludedFromScores === undefined;

const WITHDRAWAL_REASONS: Record<string, WithdrawalReason> = {
  appeal: 'appeal-upheld',
  citizen: 'citizen-withdrew',
};

const withdrawalReason = (r: PushedResponse): WithdrawalReason =>
  WITHDRAWAL_REASONS[r.excludedFromScores?.by ?? ''] ?? 'quarantined';

/**
 * From the stream, for each new response:
 * 1. A quarantined or excluded ballot is not pushed; nor is one of a province without an endpoint.
 * 2. Its overall level (indicator OVERALL, else the first satisfaction question) makes the record.
 * 3. Stored once per ballot, due at once.
 */
export type EnqueuePushDeps = Omit<PushDeps, 'rootKey'> & {
  getVersion: (id: string, v: number) => Promise<QuestionnaireVersion | undefined>;
};

export async function enqueuePush(
  deps: EnqueuePushDeps,
  r: PushedResponse,
  outboxId = r.responseId,
): Promise<boolean> {
  if (!isCounted(r)) return false;
  const provinceId = provinceOf(r.unitId);
  if (!(await deps.settings(provinceId))?.push.endpoint) return false;
  const version = await deps.getVersion(r.questionnaireId, r.version);
  const level = version && headlineLevel(version.content, r.answers);
  if (!level) return false;
  const record = { ...pushRecord({ ...r, level }), idempotencyKey: outboxId };
  return enqueueMessage(deps.store, deps.clock, provinceId, outboxId, record);
}

function enqueueMessage(store: PushStore, clock: Clock, provinceId: string, id: string, record: PushMessage) {
  const now = clock.now().toISOString();
  return store.enqueue({
    responseId: id,
    provinceId,
    record,
    state: 'pending',
    attempts: 0,
    nextAt: now,
    createdAt: now,
  });
}

const enqueueWithdrawal = (
  store: PushStore,
  clock: Clock,
  rating: PushItem,
  ballot: { responseId: string; servicePointId: string; unitId: string },
  reason: WithdrawalReason,
) =>
  enqueueMessage(
    store,
    clock,
    rating.provinceId,
    withdrawalIdOf(ballot.responseId),
    withdrawalRecord({ ...ballot, reason, at: clock.now().toISOString() }),
  );

export type PushSync = 'enqueued' | 'cancelled' | 'withdrawing' | 'reopened' | 'reinstating' | 'unchanged';

/**
 * From the stream, for each changed response (a release, a retroactive quarantine, an upheld
 * appeal — whichever service made the change), brings the province in line with whether the
 * ballot counts now. Every step is conditional, so a replayed stream record changes nothing.
 * Counted now:
 * 1. Never pushed (quarantined on arrival, now released): its rating is enqueued.
 * 2. Its rating was cancelled before delivery and no withdrawal exists: the rating is due again.
 * 3. Its withdrawal is not delivered yet: the withdrawal is cancelled (the province keeps the rating).
 * 4. Its withdrawal was delivered: the rating is pushed again as `<id>-reinstated`.
 * Not counted now:
 * 5. Its rating is not delivered yet: cancelled (the province never has it).
 * 6. Its rating was delivered: a withdrawal is enqueued (signed, retried, dead-lettered like a rating).
 */
export async function syncPush(deps: EnqueuePushDeps, r: PushedResponse): Promise<PushSync> {
  const { store, clock } = deps;
  const rating = await store.getPush(r.responseId);
  const withdrawal = rating && (await store.getPush(withdrawalIdOf(r.responseId)));
  const now = clock.now().toISOString();
  if (isCounted(r)) {
    if (!rating) return (await enqueuePush(deps, r)) ? 'enqueued' : 'unchanged';
    if (!withdrawal)
      return rating.state === 'cancelled' && (await store.reopen(r.responseId, now))
        ? 'reopened'
        : 'unchanged';
    if (withdrawal.state !== 'delivered' && (await store.cancel(withdrawal.responseId, 'quarantined', now)))
      return 'cancelled';
    if (withdrawal.state === 'cancelled') return 'unchanged';
    return (await enqueuePush(deps, r, reinstatementIdOf(r.responseId))) ? 'reinstating' : 'unchanged';
  }
  if (!rating || withdrawal) return 'unchanged';
  const reason = withdrawalReason(r);
  if (rating.state !== 'delivered' && (await store.cancel(r.responseId, reason, now))) return 'cancelled';
  if (rating.state === 'cancelled') return 'unchanged';
  return (await enqueueWithdrawal(store, clock, rating, r, reason)) ? 'withdrawing' : 'unchanged';
}

type PushOutcome = 'delivered' | 'failed' | 'dead';

/** Sends one due push and records what came of it. */
async function pushOne(deps: PushDeps & { transport: PushTransport }, p: PushItem): Promise<PushOutcome> {
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
      if (!(await deps.store.delivered(p.responseId, deps.clock.now().toISOString())))
        await withdrawRacedDelivery(deps, p);
      return 'delivered';
    }
    error = `HTTP ${status}`;
  } catch (err) {
    error = (err as Error).name === 'Error' ? (err as Error).message : (err as Error).name;
  }
  const attempts = p.attempts + 1;
  const at = deps.clock.now();
  if (attempts >= MAX_PUSH_ATTEMPTS) {
    await deps.store.failed(p, attempts, error, { deadAt: at.toISOString() });
    return 'dead';
  }
  await deps.store.failed(p, attempts, error, {
    nextAt: new Date(at.getTime() + pushBackoffMs(attempts)).toISOString(),
  });
  return 'failed';
}

/** How many pushes are in flight at once: the province's endpoint is waited on, not the CPU. */
export const PUSH_CONCURRENCY = 8;

/**
 * One batch (EventBridge every minute in AWS, a timer locally):
 * 1. Reads up to `limit` pushes due now.
 * 2. POSTs each record as JSON to its province's endpoint, `concurrency` at a time, signed
 *    (HMAC-SHA256, header `X-KMPJ-Signature`) with `Idempotency-Key` = the ballot's id.
 * 3. 2xx (or 409: the receiver has it): delivered. Otherwise, or on a network failure: retried
 *    after a growing backoff; after MAX_PUSH_ATTEMPTS a dead letter.
 */
export async function pushDue(
  deps: PushDeps & { transport: PushTransport },
  limit = 100,
  concurrency = PUSH_CONCURRENCY,
): Promise<{ delivered: number; failed: number; dead: number }> {
  const out = { delivered: 0, failed: 0, dead: 0 };
  const due = await deps.store.due(deps.clock.now().toISOString(), limit);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, due.length) }, async () => {
      for (let i = next++; i < due.length; i = next++) out[await pushOne(deps, due[i]!)]++;
    }),
  );
  return out;
}

/**
 * Pushes what is due, batch after batch, while batches come back full and `hasTime()` says the
 * run may go on: a backlog after an outage or a peak drains in one run instead of one batch a
 * minute. Each batch re-reads what is due, so a push delivered or rescheduled is never sent twice
 * by the same run.
 */
export async function drainDuePushes(
  deps: PushDeps & { transport: PushTransport },
  batch = 100,
  hasTime: () => boolean = () => true,
): Promise<{ delivered: number; failed: number; dead: number }> {
  const total = { delivered: 0, failed: 0, dead: 0 };
  for (;;) {
    const r = await pushDue(deps, batch);
    total.delivered += r.delivered;
    total.failed += r.failed;
    total.dead += r.dead;
    if (r.delivered + r.failed + r.dead < batch || !hasTime()) return total;
  }
}

/**
 * A rating delivered while the stream cancelled it (the ballot stopped counting during the POST):
 * the province has it, so it gets the withdrawal the cancel assumed unnecessary.
 */
async function withdrawRacedDelivery(deps: PushDeps, p: PushItem): Promise<void> {
  const now = await deps.store.getPush(p.responseId);
  if (now?.state !== 'cancelled' || p.record.type !== 'rating' || p.record.idempotencyKey !== p.responseId)
    return;
  await enqueueWithdrawal(
    deps.store,
    deps.clock,
    p,
    { responseId: p.responseId, servicePointId: p.record.servicePointCode, unitId: p.record.unitCode },
    now.cancelReason ?? 'quarantined',
  );
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
