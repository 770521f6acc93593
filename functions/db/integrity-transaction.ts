/**
 * The integrity part of a submission's one transaction: quiet-limit counters,
 * the completion-time histogram, the quarantine counters that replace the official aggregates
 * for a quarantined ballot, the burn of a one-time token and the spend of an ALTCHA challenge.
 * Pure builders; response-repository.ts puts them into the transaction.
 */
import type { TransactWriteItem } from '@aws-sdk/client-dynamodb';
import { type CounterName, RETROACTIVE_COUNTERS } from '../domain/integrity/signals';
import type { CheckedSubmission, IntegrityCounterSet, IntegrityWrite } from '../services/integrity/ports';
import { toItem } from './item';
import { histogramAttr, integrityKeys, type LimitCounterKind, quarantineAttr } from './keys/integrity';

/** Every counter key of a set, in a fixed order (the order of the transaction's counter items). */
export function counterKeys(
  c: IntegrityCounterSet,
): { name: CounterName; key: { pk: string; sk: string } }[] {
  const lim = (kind: LimitCounterKind, id: string) =>
    integrityKeys.limitCounter(c.servicePointId, c.day, kind, id);
  const out: { name: CounterName; key: { pk: string; sk: string } }[] = [
    { name: 'token', key: lim('TOK', c.ballotKey) },
    { name: 'burst', key: lim('BURST', c.burstSlot) },
    { name: 'sameAnswers', key: lim('ANS', c.answersHash) },
  ];
  if (c.deviceHash) {
    out.push({ name: 'device', key: lim('DEV', c.deviceHash) });
    out.push({ name: 'deviceAllPoints', key: integrityKeys.deviceDay(c.deviceHash, c.day) });
  }
  if (c.network) out.push({ name: 'network', key: lim('NET', c.network) });
  return out;
}

/**
 * The counters a ballot writes: those still under their cap as far as this process knows, each
 * with its assertion. A counter known to have reached its cap is not written again: nothing reads
 * a count past the cap (the verdict only asks whether it was reached, and the ballots that built
 * it up are recorded below the cap), and skipping it keeps a busy window's ballots off that item.
 */
export const writtenCounters = (w: Pick<IntegrityWrite, 'counters' | 'assumedBelow'>) =>
  counterKeys(w.counters).filter(({ name }) => w.assumedBelow[name] !== undefined);

/**
 * Adds one to a counter only while it is still under its cap (`n < cap`), and, for a retroactive
 * counter, records the response among the ballots that built it up (at most `cap` ids).
 */
const counterUpdate = (
  table: string,
  key: { pk: string; sk: string },
  expiresAt: number,
  cap: number,
  responseId: string | undefined,
): TransactWriteItem => ({
  Update: {
    TableName: table,
    Key: toItem(key),
    UpdateExpression: `SET #entity = :entity, #exp = :exp ADD #n :one${responseId ? ', #ids :id' : ''}`,
    ConditionExpression: 'attribute_not_exists(#n) OR #n < :cap',
    ExpressionAttributeNames: {
      '#entity': 'entity',
      '#exp': 'expiresAt',
      '#n': 'n',
      ...(responseId ? { '#ids': 'responseIds' } : {}),
    },
    ExpressionAttributeValues: {
      ...toItem({ ':entity': 'IntegrityCounter', ':exp': expiresAt, ':one': 1, ':cap': cap }),
      ...(responseId ? { ':id': { SS: [responseId] } } : {}),
    },
  },
});

/** The quarantine counters of a service point, day and shard: how many ballots, and which flags. */
export function buildQuarantineUpdate(
  table: string,
  s: Pick<CheckedSubmission, 'unitId' | 'servicePointId' | 'day'> & { aggregateShard?: number },
  w: { verdict: Pick<IntegrityWrite['verdict'], 'flags'> },
): TransactWriteItem {
  const names: Record<string, string> = { '#entity': 'entity', '#q': quarantineAttr.quarantined };
  const values: Record<string, unknown> = {
    ':entity': 'QuarantineAggregate',
    ':unit': s.unitId,
    ':sp': s.servicePointId,
    ':day': s.day,
    ':one': 1,
  };
  const adds = w.verdict.flags.map((flag, i) => {
    names[`#f${i}`] = quarantineAttr.flag(flag);
    return `#f${i} :one`;
  });
  const gsi = integrityKeys.quarantineOfDay(s.day, s.unitId, s.servicePointId);
  values[':g1'] = gsi.gsi1pk;
  values[':g2'] = gsi.gsi1sk;
  return {
    Update: {
      TableName: table,
      Key: toItem(integrityKeys.quarantine(s.unitId, s.day, s.servicePointId, s.aggregateShard)),
      UpdateExpression: `SET #entity = :entity, unitId = :unit, servicePointId = :sp, #day = :day, gsi1pk = :g1, gsi1sk = :g2 ADD ${['#q :one', ...adds].join(', ')}`,
      ExpressionAttributeNames: { ...names, '#day': 'day' },
      ExpressionAttributeValues: toItem(values),
    },
  };
}

/**
 * The integrity items of the transaction, after the response's own items:
 * limit counters still under their cap (also for quarantined ballots: they count attempts), the histogram
 * (counted ballots only), then the one-time burn and the ALTCHA spend, whose positions
 * `integritySlots` reports so a cancellation can be told apart.
 */
export function buildIntegrityItems(
  table: string,
  s: CheckedSubmission,
  w: IntegrityWrite,
): TransactWriteItem[] {
  const items = writtenCounters(w).map(({ name, key }) => {
    const cap = w.assumedBelow[name]!;
    const remember = RETROACTIVE_COUNTERS[name] !== undefined;
    return counterUpdate(table, key, w.countersExpireAt, cap, remember ? s.responseId : undefined);
  });
  if (w.completion && !w.verdict.quarantined) {
    const attr = histogramAttr(w.completion.bucket);
    items.push({
      Update: {
        TableName: table,
        Key: toItem(
          integrityKeys.completionHistogram(
            s.questionnaireId,
            s.version,
            s.day,
            w.completion.partition,
            s.servicePointId,
            s.aggregateShard,
          ),
        ),
        UpdateExpression: 'SET #entity = :entity ADD #b :one',
        ExpressionAttributeNames: { '#entity': 'entity', '#b': attr },
        ExpressionAttributeValues: toItem({ ':entity': 'CompletionHistogram', ':one': 1 }),
      },
    });
  }
  if (w.oneTimeTokenHash) {
    items.push({
      Update: {
        TableName: table,
        Key: toItem(integrityKeys.oneTimeToken(w.oneTimeTokenHash)),
        UpdateExpression: 'SET #state = :used, usedAt = :at, responseId = :rid',
        ConditionExpression: '#state = :issued AND #exp > :now AND servicePointId = :sp',
        ExpressionAttributeNames: { '#state': 'state', '#exp': 'expiresAt' },
        ExpressionAttributeValues: toItem({
          ':used': 'used',
          ':issued': 'issued',
          ':at': s.submittedAt,
          ':rid': s.responseId,
          ':now': w.nowSeconds,
          ':sp': s.servicePointId,
        }),
      },
    });
  }
  if (w.altcha) {
    items.push({
      Put: {
        TableName: table,
        Item: toItem({
          ...integrityKeys.altchaSpent(w.altcha.challengeHash),
          entity: 'AltchaSpent',
          expiresAt: w.altcha.expiresAt,
        }),
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    });
  }
  return items;
}

/**
 * Positions of the conditional integrity items in a transaction of `total` items whose last items
 * are `buildIntegrityItems`' (counters first, then histogram, one-time burn, ALTCHA spend).
 */
export function integritySlots(
  total: number,
  w: IntegrityWrite | undefined,
): { oneTime?: number; altcha?: number; counters: { name: CounterName; index: number }[] } {
  if (!w) return { counters: [] };
  const altcha = w.altcha ? total - 1 : undefined;
  const oneTime = w.oneTimeTokenHash ? total - 1 - (w.altcha ? 1 : 0) : undefined;
  const keys = writtenCounters(w);
  const histogram = w.completion && !w.verdict.quarantined ? 1 : 0;
  const first = total - keys.length - histogram - (w.oneTimeTokenHash ? 1 : 0) - (w.altcha ? 1 : 0);
  return { oneTime, altcha, counters: keys.map(({ name }, i) => ({ name, index: first + i })) };
}
