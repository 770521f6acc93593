/**
 * The record pushed to the provincial 好差评 platform for each counted ballot, its signature and
 * the retry schedule. docs/provincial-push.md documents the format for the receiving side.
 */
import { createHmac } from 'node:crypto';
import type { QuestionnaireContent } from '../../schemas/questionnaire';
import type { Answers } from '../../schemas/submission';
import { isSatisfactionLevel, SATISFACTION_LABELS, type SatisfactionLevel } from '../satisfaction';

export interface PushRecord {
  type: 'rating';
  /**
   * The ballot's id (`<id>-reinstated` when a withdrawn ballot counts again): the receiver stores
   * a record once per key, whatever is delivered twice.
   */
  idempotencyKey: string;
  /** 5 非常满意 … 1 非常不满意. */
  level: SatisfactionLevel;
  levelLabel: string;
  transactionNo: string | null;
  matter: string | null;
  servicePointCode: string;
  unitCode: string;
  /** ISO 8601 instant of the rating. */
  ratedAt: string;
}

/** The ballot's overall level: the question with indicator OVERALL, else the first satisfaction question. */
export function headlineLevel(
  content: QuestionnaireContent,
  answers: Answers,
): SatisfactionLevel | undefined {
  const sat = content.questions.filter((q) => q.type === 'satisfaction');
  const q = sat.find((x) => x.indicator === 'OVERALL') ?? sat[0];
  const a = q ? answers[q.id] : undefined;
  return isSatisfactionLevel(a) ? a : undefined;
}

/**
 * Why a pushed ballot no longer counts: quarantined (retroactively), excluded by an upheld appeal,
 * or withdrawn by the citizen who gave it.
 */
export type WithdrawalReason = 'quarantined' | 'appeal-upheld' | 'citizen-withdrew';

/** Takes back a rating the receiver kept: it no longer counts at the province either. */
export interface PushWithdrawal {
  type: 'withdrawal';
  /** `<ballot id>-withdrawal`: stored once per key like a rating. */
  idempotencyKey: string;
  /** The idempotency key of the rating taken back. */
  withdraws: string;
  reason: WithdrawalReason;
  servicePointCode: string;
  unitCode: string;
  /** ISO 8601 instant the ballot stopped counting here. */
  withdrawnAt: string;
}

/** What one push POSTs: a rating or the withdrawal of one. */
export type PushMessage = PushRecord | PushWithdrawal;

/** Outbox id of a ballot's withdrawal (the rating's is the ballot's id). */
export const withdrawalIdOf = (responseId: string): string => `${responseId}-withdrawal`;
/** Outbox id of a withdrawn ballot's rating pushed again once it counts again. */
export const reinstatementIdOf = (responseId: string): string => `${responseId}-reinstated`;

export const withdrawalRecord = (r: {
  responseId: string;
  servicePointId: string;
  unitId: string;
  reason: WithdrawalReason;
  at: string;
}): PushWithdrawal => ({
  type: 'withdrawal',
  idempotencyKey: withdrawalIdOf(r.responseId),
  withdraws: r.responseId,
  reason: r.reason,
  servicePointCode: r.servicePointId,
  unitCode: r.unitId,
  withdrawnAt: r.at,
});

export const pushRecord = (r: {
  responseId: string;
  level: SatisfactionLevel;
  transaction?: { transactionNo: string; matter: string };
  servicePointId: string;
  unitId: string;
  submittedAt: string;
}): PushRecord => ({
  type: 'rating',
  idempotencyKey: r.responseId,
  level: r.level,
  levelLabel: SATISFACTION_LABELS[r.level]['zh-CN'],
  transactionNo: r.transaction?.transactionNo ?? null,
  matter: r.transaction?.matter ?? null,
  servicePointCode: r.servicePointId,
  unitCode: r.unitId,
  ratedAt: r.submittedAt,
});

/** The signing key of one province's push, derived from the deployment's root key. */
export const pushSigningKey = (rootKey: Buffer, provinceId: string): string =>
  createHmac('sha256', rootKey).update(`kmpj:reach:push:${provinceId}:v1`).digest('base64url');

/** `X-KMPJ-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. */
export const signPush = (key: string, unixSeconds: number, body: string): string =>
  `t=${unixSeconds},v1=${createHmac('sha256', key).update(`${unixSeconds}.${body}`).digest('hex')}`;

/** Verifies a signature header against the body (the receiver's side). */
export function verifyPush(key: string, header: string | undefined, body: string): boolean {
  const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header ?? '');
  return m !== null && signPush(key, Number(m[1]), body) === header;
}

/** After this many failed attempts a record goes to the dead letters (replayable from the console). */
export const MAX_PUSH_ATTEMPTS = 8;

/**
 * Backoff before attempt `attempts + 1`: `firstMs` doubling, at most `capMs`, drawn uniformly
 * from the upper half so that retries of many items spread out.
 */
export const halfJitterBackoffMs = (
  attempts: number,
  firstMs: number,
  capMs: number,
  random: () => number = Math.random,
): number => {
  const base = Math.min(capMs, firstMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(base / 2 + (random() * base) / 2);
};

/** Backoff of a push before attempt `attempts + 1`: 5 s doubling, at most an hour. */
export const pushBackoffMs = (attempts: number, random: () => number = Math.random): number =>
  halfJitterBackoffMs(attempts, 5_000, 3_600_000, random);
