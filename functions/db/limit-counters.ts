/**
 * Quiet-limit counters, in the QuietLimits table (no stream). Each is one item written on its own
 * by a conditional `UpdateItem`, never inside a transaction: concurrent writes to one item are
 * applied one after another by DynamoDB, so ballots at a busy window queue on a counter instead
 * of cancelling each other's transactions, and the cap holds exactly. A counter holds the keys of the submissions it counted (a string
 * set), at most `cap` of them: adding a key already there changes nothing, so a retried
 * submission is never counted twice, and the item stays small (`cap` short keys).
 *
 * The burst counter is one item per service point and minute; a submission adds itself to its
 * minute's item and reads the minutes before it within the sliding window (one Query of a key
 * range), so a burst is seen wherever it falls, not only within fixed slots.
 */
import {
  type DynamoDBClient,
  type QueryCommandInput,
  UpdateItemCommand,
  type UpdateItemCommandInput,
} from '@aws-sdk/client-dynamodb';
import { type CounterName, RETROACTIVE_COUNTERS } from '../domain/integrity/signals';
import type {
  CounterAddition,
  CounterOutcome,
  CounterStore,
  IntegrityCounterSet,
} from '../services/integrity/ports';
import { withDbErrors } from './errors';
import { type Item, isConditionalCheckFailed, toItem } from './item';
import { type LimitCounterKind, quietLimitKeys } from './keys/quiet-limits';
import { queryAll } from './paginate';

const DAY_S = 86_400;
const epochOf = (day: string) => Math.floor(Date.parse(`${day}T00:00:00Z`) / 1000);
const minuteOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(2, 4));
const hhmmOf = (minute: number) =>
  `${String(Math.floor(minute / 60)).padStart(2, '0')}${String(minute % 60).padStart(2, '0')}`;

/** One counter of a set: its item and when the item may be deleted (TTL, epoch seconds). */
export interface CounterKey {
  name: CounterName;
  key: { pk: string; sk: string };
  expiresAt: number;
}

/** Every counter item of a set (the burst counter: the item of the submission's minute). */
export function counterKeys(c: IntegrityCounterSet): CounterKey[] {
  const daily = epochOf(c.day) + 3 * DAY_S;
  const lim = (name: CounterName, kind: LimitCounterKind, id: string): CounterKey => ({
    name,
    key: quietLimitKeys.limitCounter(c.servicePointId, c.day, kind, id),
    expiresAt: daily,
  });
  const out = [lim('token', 'TOK', c.ballotKey), lim('sameAnswers', 'ANS', c.answersHash)];
  if (c.burstMinute) out.push(lim('burst', 'BURST', c.burstMinute));
  if (c.deviceHash) {
    out.push(lim('device', 'DEV', c.deviceHash));
    out.push({
      name: 'deviceAllPoints',
      key: quietLimitKeys.deviceDay(c.deviceHash, c.day),
      expiresAt: daily,
    });
  }
  if (c.network) {
    out.push(lim('network', 'NET', c.network));
    if (c.week) {
      out.push({
        name: 'networkWeek',
        key: quietLimitKeys.weeklyLimitCounter(c.servicePointId, c.week, 'NET', c.network),
        expiresAt: epochOf(c.week) + 10 * DAY_S,
      });
    }
  }
  return out;
}

/**
 * The Query of a service point's burst-minute items within the sliding window that ends at the
 * submission's minute: the minutes before it, or (`throughOwnMinute`) including it. The window
 * stops at the start of the service day (its items live in the day's partition).
 */
export function buildBurstWindowQuery(
  table: string,
  c: IntegrityCounterSet,
  throughOwnMinute: boolean,
): QueryCommandInput | undefined {
  if (!c.burstMinute || !c.burstMinutes) return undefined;
  const minute = minuteOf(c.burstMinute);
  const first = Math.max(0, minute - c.burstMinutes + 1);
  const last = throughOwnMinute ? minute : minute - 1;
  if (last < first) return undefined;
  const sk = (m: number) => quietLimitKeys.limitCounter(c.servicePointId, c.day, 'BURST', hhmmOf(m)).sk;
  return {
    TableName: table,
    KeyConditionExpression: 'pk = :pk AND sk BETWEEN :first AND :last',
    ExpressionAttributeValues: toItem({
      ':pk': quietLimitKeys.limitCounterPartition(c.servicePointId, c.day),
      ':first': sk(first),
      ':last': sk(last),
    }),
    ProjectionExpression: '#s, responseIds',
    ExpressionAttributeNames: { '#s': 's' },
    ConsistentRead: true,
  };
}

/**
 * Adds a submission's key to one counter unless the counter already holds `cap` other keys; for a
 * retroactive counter also records the response among the ballots that built it up.
 */
export function buildCounterAddInput(
  table: string,
  counter: CounterKey,
  cap: number,
  ballot: { submissionKey: string; responseId: string },
  returnKeys: boolean,
): UpdateItemCommandInput {
  const remember = RETROACTIVE_COUNTERS[counter.name] !== undefined;
  return {
    TableName: table,
    Key: toItem(counter.key),
    UpdateExpression: `SET #entity = :entity, #exp = :exp ADD #s :keys${remember ? ', #ids :id' : ''}`,
    ConditionExpression: 'attribute_not_exists(#s) OR size(#s) < :cap OR contains(#s, :key)',
    ExpressionAttributeNames: {
      '#entity': 'entity',
      '#exp': 'expiresAt',
      '#s': 's',
      ...(remember ? { '#ids': 'responseIds' } : {}),
    },
    ExpressionAttributeValues: {
      ...toItem({
        ':entity': 'IntegrityCounter',
        ':exp': counter.expiresAt,
        ':cap': cap,
        ':key': ballot.submissionKey,
      }),
      ':keys': { SS: [ballot.submissionKey] },
      ...(remember ? { ':id': { SS: [ballot.responseId] } } : {}),
    },
    ReturnValues: returnKeys ? 'UPDATED_NEW' : 'NONE',
  };
}

const keysIn = (item: Item | undefined) => item?.s?.SS?.length ?? 0;

export class LimitCounterRepository implements CounterStore {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly table: string,
  ) {}

  /**
   * 1. Sends one conditional `UpdateItem` per counter asked for, side by side, and with them the
   *    Query of the earlier burst minutes in the sliding window.
   * 2. A failed condition means the counter had `cap` other submissions: reached.
   * 3. The burst count is the other keys of the submission's minute plus those of the earlier minutes.
   */
  async addToCounters(
    c: IntegrityCounterSet,
    additions: readonly CounterAddition[],
    ballot: { submissionKey: string; responseId: string },
  ): Promise<CounterOutcome> {
    const keys = counterKeys(c);
    const reached: CounterName[] = [];
    let ownMinute = 0;
    const add = async ({ name, cap }: CounterAddition) => {
      const counter = keys.find((k) => k.name === name);
      if (!counter) return;
      const input = buildCounterAddInput(this.table, counter, cap, ballot, name === 'burst');
      try {
        const out = await withDbErrors(() => this.client.send(new UpdateItemCommand(input)));
        if (name === 'burst') ownMinute = Math.max(0, keysIn(out.Attributes) - 1);
      } catch (err) {
        if (!isConditionalCheckFailed(err)) throw err;
        reached.push(name);
      }
    };
    const wantsBurst = additions.some((a) => a.name === 'burst');
    const earlierQuery = wantsBurst ? buildBurstWindowQuery(this.table, c, false) : undefined;
    const [earlier] = await Promise.all([
      earlierQuery ? withDbErrors(() => queryAll(this.client, earlierQuery)) : Promise.resolve([]),
      ...additions.map(add),
    ]);
    if (!wantsBurst) return { reached };
    const burstCap = additions.find((a) => a.name === 'burst')!.cap;
    const burst = reached.includes('burst')
      ? burstCap
      : ownMinute + earlier.reduce((n, item) => n + keysIn(item), 0);
    return { reached, burst };
  }
}
