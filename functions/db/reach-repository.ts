/**
 * Reach storage: the province's reach settings (Directory table) and SMS invitations with their
 * daily slots and opt-outs (Responses table, whose `expiresAt` is the TTL attribute). Scheduled
 * invitations sit on gsi1 by due time in a few shards, and leave it when settled.
 */
import {
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  type PutItemCommandInput,
  QueryCommand,
  TransactWriteItemsCommand,
  UpdateItemCommand,
  type UpdateItemCommandInput,
} from '@aws-sdk/client-dynamodb';
import type { AuditEntry } from '../domain/audit';
import type { ReachSettings } from '../domain/reach/settings';
import type { Invitation, ReachStore } from '../services/reach/ports';
import { buildAuditPut } from './audit-repository';
import { withDbErrors } from './errors';
import { fromItem, isConditionalCheckFailed, toItem } from './item';
import { DUE_SHARDS, reachKeys } from './keys/reach';

/** An invitation stored once per ballot, on the due index while scheduled. */
export const buildScheduleInvitationInput = (table: string, i: Invitation): PutItemCommandInput => ({
  TableName: table,
  Item: toItem({
    ...reachKeys.invitation(i.tokenHash),
    ...reachKeys.invitationDue(i.tokenHash, i.dueAt),
    entity: 'Invitation',
    ...i,
    // Kept 30 days after it was due, then removed (TTL).
    expiresAt: Math.floor(Date.parse(i.dueAt) / 1000) + 30 * 86_400,
  }),
  ConditionExpression: 'attribute_not_exists(pk)',
});

/**
 * Claims a scheduled invitation for one send: `scheduled` → `sending` only if still scheduled, and
 * moves it on the due index to the time its claim goes stale.
 */
export const buildClaimInvitationInput = (
  table: string,
  tokenHash: string,
  nowIso: string,
  staleAt: string,
): UpdateItemCommandInput => ({
  TableName: table,
  Key: toItem(reachKeys.invitation(tokenHash)),
  UpdateExpression: 'SET #state = :sending, sendingAt = :now, gsi1sk = :sk',
  ConditionExpression: '#state = :scheduled',
  ExpressionAttributeNames: { '#state': 'state' },
  ExpressionAttributeValues: toItem({
    ':sending': 'sending',
    ':scheduled': 'scheduled',
    ':now': nowIso,
    ':sk': reachKeys.invitationDue(tokenHash, staleAt).gsi1sk,
  }),
});

export class ReachRepository implements ReachStore {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tables: { responses: string; directory: string; audit?: string },
  ) {}

  async getSettings(provinceId: string): Promise<ReachSettings | undefined> {
    const out = await withDbErrors(() =>
      this.client.send(
        new GetItemCommand({ TableName: this.tables.directory, Key: toItem(reachKeys.settings(provinceId)) }),
      ),
    );
    return out.Item ? fromItem<ReachSettings>(out.Item) : undefined;
  }

  async putSettings(s: ReachSettings, audit: AuditEntry): Promise<void> {
    await withDbErrors(() =>
      this.client.send(
        new TransactWriteItemsCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tables.directory,
                Item: toItem({ ...reachKeys.settings(s.provinceId), entity: 'ReachSettings', ...s }),
              },
            },
            buildAuditPut(this.tables.audit!, audit),
          ],
        }),
      ),
    );
  }

  async scheduleInvitation(i: Invitation): Promise<boolean> {
    try {
      await withDbErrors(() =>
        this.client.send(new PutItemCommand(buildScheduleInvitationInput(this.tables.responses, i))),
      );
      return true;
    } catch (err) {
      if (isConditionalCheckFailed(err)) return false;
      throw err;
    }
  }

  async dueInvitations(nowIso: string, limit: number): Promise<Invitation[]> {
    const shards = await Promise.all(
      Array.from({ length: DUE_SHARDS }, (_, shard) =>
        withDbErrors(() =>
          this.client.send(
            new QueryCommand({
              TableName: this.tables.responses,
              IndexName: 'gsi1',
              KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk <= :now',
              ExpressionAttributeValues: toItem({
                ':pk': reachKeys.invitationDuePartition(shard),
                ':now': `${nowIso}#~`,
              }),
              Limit: limit,
            }),
          ),
        ),
      ),
    );
    return shards
      .flatMap((out) => (out.Items ?? []).map((item) => fromItem<Invitation>(item)))
      .sort((a, b) => a.dueAt.localeCompare(b.dueAt))
      .slice(0, limit);
  }

  async settleInvitation(
    tokenHash: string,
    u: Pick<Invitation, 'state' | 'reason' | 'sentAt' | 'providerMessageId' | 'providerCode'>,
  ): Promise<void> {
    const set = Object.entries(u).filter(([, v]) => v !== undefined);
    try {
      await withDbErrors(() =>
        this.client.send(
          new UpdateItemCommand({
            TableName: this.tables.responses,
            Key: toItem(reachKeys.invitation(tokenHash)),
            UpdateExpression: `SET ${set.map((_, i) => `#a${i} = :v${i}`).join(', ')} REMOVE gsi1pk, gsi1sk`,
            ConditionExpression: '#state IN (:scheduled, :sending)',
            ExpressionAttributeNames: {
              '#state': 'state',
              ...Object.fromEntries(set.map(([k], i) => [`#a${i}`, k])),
            },
            ExpressionAttributeValues: toItem({
              ':scheduled': 'scheduled',
              ':sending': 'sending',
              ...Object.fromEntries(set.map(([, v], i) => [`:v${i}`, v])),
            }),
          }),
        ),
      );
    } catch (err) {
      // Settled already (a second sender run): nothing to do.
      if (!isConditionalCheckFailed(err)) throw err;
    }
  }

  async claimInvitation(tokenHash: string, nowIso: string, staleAt: string): Promise<boolean> {
    try {
      await withDbErrors(() =>
        this.client.send(
          new UpdateItemCommand(buildClaimInvitationInput(this.tables.responses, tokenHash, nowIso, staleAt)),
        ),
      );
      return true;
    } catch (err) {
      if (isConditionalCheckFailed(err)) return false;
      throw err;
    }
  }

  async releaseInvitation(tokenHash: string, dueAt: string, attempts: number): Promise<void> {
    const due = reachKeys.invitationDue(tokenHash, dueAt);
    await withDbErrors(() =>
      this.client.send(
        new UpdateItemCommand({
          TableName: this.tables.responses,
          Key: toItem(reachKeys.invitation(tokenHash)),
          UpdateExpression:
            'SET #state = :scheduled, dueAt = :due, gsi1sk = :sk, attempts = :n REMOVE sendingAt',
          ConditionExpression: '#state = :sending',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: toItem({
            ':scheduled': 'scheduled',
            ':sending': 'sending',
            ':due': dueAt,
            ':sk': due.gsi1sk,
            ':n': attempts,
          }),
        }),
      ),
    );
  }

  async postponeInvitation(tokenHash: string, dueAt: string): Promise<void> {
    const due = reachKeys.invitationDue(tokenHash, dueAt);
    await withDbErrors(() =>
      this.client.send(
        new UpdateItemCommand({
          TableName: this.tables.responses,
          Key: toItem(reachKeys.invitation(tokenHash)),
          UpdateExpression: 'SET dueAt = :due, gsi1sk = :sk',
          ConditionExpression: '#state = :scheduled',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: toItem({ ':due': dueAt, ':sk': due.gsi1sk, ':scheduled': 'scheduled' }),
        }),
      ),
    );
  }

  async claimDailySlot(phoneKey: string, day: string, tokenHash: string): Promise<boolean> {
    try {
      await withDbErrors(() =>
        this.client.send(
          new PutItemCommand({
            TableName: this.tables.responses,
            Item: toItem({
              ...reachKeys.dailySlot(phoneKey, day),
              entity: 'SmsDailySlot',
              tokenHash,
              expiresAt: Math.floor(Date.parse(`${day}T00:00:00Z`) / 1000) + 3 * 86_400,
            }),
            ConditionExpression: 'attribute_not_exists(pk) OR tokenHash = :t',
            ExpressionAttributeValues: toItem({ ':t': tokenHash }),
          }),
        ),
      );
      return true;
    } catch (err) {
      if (isConditionalCheckFailed(err)) return false;
      throw err;
    }
  }

  async isOptedOut(phoneKey: string): Promise<boolean> {
    const out = await withDbErrors(() =>
      this.client.send(
        new GetItemCommand({
          TableName: this.tables.responses,
          Key: toItem(reachKeys.optOut(phoneKey)),
          ConsistentRead: true,
        }),
      ),
    );
    return out.Item !== undefined;
  }

  async optOut(phoneKey: string, at: string): Promise<void> {
    await withDbErrors(() =>
      this.client.send(
        new PutItemCommand({
          TableName: this.tables.responses,
          Item: toItem({ ...reachKeys.optOut(phoneKey), entity: 'SmsOptOut', optedOutAt: at }),
        }),
      ),
    );
  }

  /** A scheduled or settled invitation, by its ballot's token hash. */
  async getInvitation(tokenHash: string): Promise<Invitation | undefined> {
    const out = await withDbErrors(() =>
      this.client.send(
        new GetItemCommand({
          TableName: this.tables.responses,
          Key: toItem(reachKeys.invitation(tokenHash)),
        }),
      ),
    );
    return out.Item ? fromItem<Invitation>(out.Item) : undefined;
  }
}
