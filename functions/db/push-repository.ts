/**
 * The provincial push outbox in the Responses table: one item per counted ballot, on gsi1 by
 * next attempt while pending (a few shards), on its province's dead-letter list once given up.
 */
import {
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import type { PushItem, PushStore } from '../services/reach/push';
import { withDbErrors } from './errors';
import { fromItem, isConditionalCheckFailed, toItem } from './item';
import { DUE_SHARDS, reachKeys } from './keys/reach';

export class PushRepository implements PushStore {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly table: string,
  ) {}

  private async update(
    responseId: string,
    expr: string,
    values: Record<string, unknown>,
    condition?: string,
  ) {
    try {
      await withDbErrors(() =>
        this.client.send(
          new UpdateItemCommand({
            TableName: this.table,
            Key: toItem(reachKeys.push(responseId)),
            UpdateExpression: expr,
            ExpressionAttributeNames: { '#state': 'state' },
            ExpressionAttributeValues: toItem(values),
            ...(condition ? { ConditionExpression: condition } : {}),
          }),
        ),
      );
      return true;
    } catch (err) {
      if (isConditionalCheckFailed(err)) return false;
      throw err;
    }
  }

  async enqueue(p: PushItem): Promise<boolean> {
    try {
      await withDbErrors(() =>
        this.client.send(
          new PutItemCommand({
            TableName: this.table,
            Item: toItem({
              ...reachKeys.push(p.responseId),
              ...reachKeys.pushDue(p.responseId, p.nextAt),
              entity: 'Push',
              ...p,
            }),
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        ),
      );
      return true;
    } catch (err) {
      if (isConditionalCheckFailed(err)) return false;
      throw err;
    }
  }

  async due(nowIso: string, limit: number): Promise<PushItem[]> {
    const pages = await Promise.all(
      Array.from({ length: DUE_SHARDS }, (_, shard) =>
        withDbErrors(() =>
          this.client.send(
            new QueryCommand({
              TableName: this.table,
              IndexName: 'gsi1',
              KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk <= :now',
              ExpressionAttributeValues: toItem({
                ':pk': reachKeys.pushDuePartition(shard),
                ':now': `${nowIso}#~`,
              }),
              Limit: limit,
            }),
          ),
        ),
      ),
    );
    return pages
      .flatMap((out) => (out.Items ?? []).map((i) => fromItem<PushItem>(i)))
      .filter((p) => p.state === 'pending')
      .sort((a, b) => a.nextAt.localeCompare(b.nextAt))
      .slice(0, limit);
  }

  async delivered(responseId: string, at: string): Promise<boolean> {
    return this.update(
      responseId,
      'SET #state = :d, deliveredAt = :at REMOVE gsi1pk, gsi1sk',
      { ':d': 'delivered', ':at': at, ':p': 'pending' },
      '#state = :p',
    );
  }

  async cancel(responseId: string, reason: string, at: string): Promise<boolean> {
    return this.update(
      responseId,
      'SET #state = :c, cancelReason = :r, cancelledAt = :at REMOVE gsi1pk, gsi1sk',
      { ':c': 'cancelled', ':r': reason, ':at': at, ':p': 'pending', ':dead': 'dead' },
      '#state IN (:p, :dead)',
    );
  }

  async reopen(responseId: string, nowIso: string): Promise<boolean> {
    return this.dueAgain(responseId, nowIso, 'cancelled');
  }

  async failed(
    p: PushItem,
    attempts: number,
    error: string,
    next: { nextAt: string } | { deadAt: string },
  ): Promise<void> {
    const index =
      'nextAt' in next
        ? reachKeys.pushDue(p.responseId, next.nextAt)
        : reachKeys.pushDead(p.provinceId, next.deadAt, p.responseId);
    await this.update(
      p.responseId,
      'SET #state = :s, attempts = :n, lastError = :e, nextAt = :next, gsi1pk = :gpk, gsi1sk = :gsk',
      {
        ':s': 'nextAt' in next ? 'pending' : 'dead',
        ':n': attempts,
        ':e': error.slice(0, 200),
        ':next': 'nextAt' in next ? next.nextAt : next.deadAt,
        ':gpk': index.gsi1pk,
        ':gsk': index.gsi1sk,
        ':p': 'pending',
        ':prev': p.attempts,
      },
      '#state = :p AND attempts = :prev',
    );
  }

  async deadLetters(provinceId: string): Promise<PushItem[]> {
    const out = await withDbErrors(() =>
      this.client.send(
        new QueryCommand({
          TableName: this.table,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :pk',
          ExpressionAttributeValues: toItem({ ':pk': reachKeys.pushDeadPartition(provinceId) }),
          ScanIndexForward: false,
          Limit: 200,
        }),
      ),
    );
    return (out.Items ?? []).map((i) => fromItem<PushItem>(i));
  }

  async replay(responseId: string, nowIso: string): Promise<boolean> {
    return this.dueAgain(responseId, nowIso, 'dead');
  }

  /** Due now with attempts from 0, if it is in state `from`. */
  private dueAgain(responseId: string, nowIso: string, from: 'dead' | 'cancelled'): Promise<boolean> {
    const due = reachKeys.pushDue(responseId, nowIso);
    return this.update(
      responseId,
      'SET #state = :p, attempts = :zero, nextAt = :now, gsi1pk = :gpk, gsi1sk = :gsk',
      {
        ':p': 'pending',
        ':zero': 0,
        ':now': nowIso,
        ':gpk': due.gsi1pk,
        ':gsk': due.gsi1sk,
        ':from': from,
      },
      '#state = :from',
    );
  }

  async getPush(responseId: string): Promise<PushItem | undefined> {
    const out = await withDbErrors(() =>
      this.client.send(
        new GetItemCommand({
          TableName: this.table,
          Key: toItem(reachKeys.push(responseId)),
          ConsistentRead: true,
        }),
      ),
    );
    return out.Item ? fromItem<PushItem>(out.Item) : undefined;
  }
}
