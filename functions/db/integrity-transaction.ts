/**
 * The integrity part of a submission's one transaction: the completion-time histogram, the quarantine counters that replace the official aggregates
 * for a quarantined ballot, the burn of a one-time token and the spend of an ALTCHA challenge.
 * Pure builders; response-repository.ts puts them into the transaction. The quiet-limit counters
 * are not in it: the submission adds itself to them before (limit-counters.ts).
 */
import type { TransactWriteItem } from '@aws-sdk/client-dynamodb';
import type { CheckedSubmission, IntegrityWrite } from '../services/integrity/ports';
import { toItem } from './item';
import { histogramAttr, integrityKeys, quarantineAttr } from './keys/integrity';

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
 * The integrity items of the transaction, after the response's own items: the histogram
 * (counted ballots only), then the one-time burn and the ALTCHA spend, whose positions
 * `integritySlots` reports so a cancellation can be told apart.
 */
export function buildIntegrityItems(
  table: string,
  s: CheckedSubmission,
  w: IntegrityWrite,
): TransactWriteItem[] {
  const items: TransactWriteItem[] = [];
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
 * are `buildIntegrityItems`' (histogram, one-time burn, ALTCHA spend).
 */
export function integritySlots(
  total: number,
  w: IntegrityWrite | undefined,
): { oneTime?: number; altcha?: number } {
  if (!w) return {};
  const altcha = w.altcha ? total - 1 : undefined;
  const oneTime = w.oneTimeTokenHash ? total - 1 - (w.altcha ? 1 : 0) : undefined;
  return { oneTime, altcha };
}
