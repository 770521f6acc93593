/**
 * Scoring table: campaigns, agencies, uploads and their error reports, interviews, the
 * county × indicator aggregates written in the same transaction as each interview, and the
 * immutable snapshots. Interviews are keyed by (campaign, interviewId), so an interview is
 * counted once however often a file is re-uploaded.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import {
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  type TransactWriteItem,
  TransactWriteItemsCommand,
  type TransactWriteItemsCommandInput,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import type { AuditEntry } from '../domain/audit';
import { type Campaign, type Interview, sumInterviews, type Upload } from '../domain/campaign';
import { ConflictError } from '../domain/errors';
import { emptySums, type IndicatorSums } from '../domain/scoring/aggregate';
import type { Snapshot } from '../domain/scoring/snapshot';
import { buildAuditPut } from './audit-repository';
import { cancellationReasons, conditionFailed } from './cancellation';
import { withDbErrors } from './errors';
import { fromItem, type Item, toItem } from './item';
import { scoringKeys } from './keys/scoring';
import { queryAll } from './paginate';
import { transactOrFail } from './transact';

/** DynamoDB's limit on items per transaction. */
export const MAX_TRANSACTION_ITEMS = 100;

export class CampaignClosedError extends ConflictError {
  constructor() {
    super(
      'CAMPAIGN_PUBLISHED',
      '测评结果已发布，不能再上传或撤回数据；如需更正请先开启更正',
      'The campaign is published: uploads and withdrawals are closed until a correction is opened',
    );
  }
}

const SUM_ATTRS = ['n', 'sw', 'swx', 'swx2', 'sw2', 'sws'] as const;

/** The attribute holding one upload's largest weights in an aggregate item (one per import batch). */
const WMAX_PREFIX = 'wmax_';

/**
 * The ADD update of one aggregate item (sign −1 subtracts). With `uploadId`, the largest weight
 * is kept beside the sums as a list per upload: an import batch appends its largest weight to
 * its upload's list, and a withdrawal removes the upload's list whole (a maximum cannot be
 * subtracted). The cell's largest weight is the largest in all lists.
 */
export function buildAggregateUpdate(
  table: string,
  campaignId: string,
  countyId: string,
  indicator: string,
  s: IndicatorSums,
  sign: 1 | -1 = 1,
  uploadId?: string,
): TransactWriteItem {
  // Every attribute goes through a name placeholder: `indicator`, `n` and the like are reserved words.
  const values: Record<string, unknown> = { ':e': 'ScoringAggregate', ':c': countyId, ':i': indicator };
  const names: Record<string, string> = { '#e': 'entity', '#c': 'countyId', '#i': 'indicator' };
  const adds: string[] = [];
  for (const a of SUM_ATTRS) {
    adds.push(`#${a} :${a}`);
    names[`#${a}`] = a;
    values[`:${a}`] = sign * s[a];
  }
  s.levels.forEach((c, i) => {
    adds.push(`#l${i + 1} :l${i + 1}`);
    names[`#l${i + 1}`] = `l${i + 1}`;
    values[`:l${i + 1}`] = sign * c;
  });
  const sets = ['#e = :e', '#c = :c', '#i = :i'];
  let remove = '';
  if (uploadId !== undefined) {
    names['#wm'] = `${WMAX_PREFIX}${uploadId}`;
    if (sign === 1) {
      sets.push('#wm = list_append(if_not_exists(#wm, :nil), :wm)');
      values[':nil'] = [];
      values[':wm'] = [s.wmax];
    } else remove = ' REMOVE #wm';
  }
  return {
    Update: {
      TableName: table,
      Key: toItem(scoringKeys.aggregate(campaignId, countyId, indicator)),
      UpdateExpression: `SET ${sets.join(', ')} ADD ${adds.join(', ')}${remove}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: toItem(values),
    },
  };
}

/** Reads an aggregate item back into sums. */
export function parseAggregateItem(raw: Record<string, unknown>): {
  countyId: string;
  indicator: string;
  sums: IndicatorSums;
} {
  const sums = emptySums();
  for (const a of SUM_ATTRS) sums[a] = Number(raw[a] ?? 0);
  sums.levels = [1, 2, 3, 4, 5].map((l) => Number(raw[`l${l}`] ?? 0)) as IndicatorSums['levels'];
  for (const [name, value] of Object.entries(raw)) {
    if (name.startsWith(WMAX_PREFIX) && Array.isArray(value))
      for (const w of value) sums.wmax = Math.max(sums.wmax, Number(w));
  }
  return { countyId: String(raw.countyId), indicator: String(raw.indicator), sums };
}

/** Only an open campaign accepts interview writes and withdrawals. */
const openCheck = (table: string, campaignId: string): TransactWriteItem => ({
  ConditionCheck: {
    TableName: table,
    Key: toItem(scoringKeys.campaign(campaignId)),
    ConditionExpression: '#s = :open',
    ExpressionAttributeNames: { '#s': 'status' },
    ExpressionAttributeValues: toItem({ ':open': 'open' }),
  },
});

/**
 * One import transaction: the campaign-is-open check, each interview as a conditional Put
 * (new id only), the upload's counters and the summed deltas of every touched aggregate.
 * Items [0] = check, [1] = upload counter, [2 … 2+k) = interviews, the rest aggregates.
 */
export function buildImportBatchInput(
  table: string,
  campaign: Campaign,
  uploadId: string,
  interviews: readonly Interview[],
): TransactWriteItemsCommandInput {
  const items: TransactWriteItem[] = [openCheck(table, campaign.id)];
  items.push({
    Update: {
      TableName: table,
      Key: toItem(scoringKeys.upload(campaign.id, uploadId)),
      UpdateExpression: 'ADD #a :k, #p :k',
      ExpressionAttributeNames: { '#a': 'accepted', '#p': 'processed' },
      ExpressionAttributeValues: toItem({ ':k': interviews.length }),
    },
  });
  for (const iv of interviews) {
    items.push({
      Put: {
        TableName: table,
        Item: toItem({
          ...scoringKeys.interview(campaign.id, iv.interviewId),
          ...scoringKeys.interviewOfUpload(uploadId, iv.interviewId),
          entity: 'Interview',
          campaignId: campaign.id,
          ...iv,
        }),
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    });
  }
  for (const [county, byIndicator] of sumInterviews(campaign, interviews)) {
    for (const [indicator, s] of byIndicator) {
      items.push(buildAggregateUpdate(table, campaign.id, county, indicator, s, 1, uploadId));
    }
  }
  return { TransactItems: items };
}

/** Items one import transaction needs for these interviews (to cut batches under the limit). */
export const importBatchItems = (interviewCount: number, countyCount: number, indicatorCount: number) =>
  2 + interviewCount + countyCount * (indicatorCount + 1);

export class ScoringRepository {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tables: { scoring: string; audit: string },
  ) {}

  private get table() {
    return this.tables.scoring;
  }

  /** Creates a campaign and records its agency, with the audit entry; 409 if the id exists. */
  async createCampaign(c: Campaign, audit: AuditEntry): Promise<void> {
    await transactOrFail(
      this.client,
      [
        {
          Put: {
            TableName: this.table,
            Item: toItem({
              ...scoringKeys.campaign(c.id),
              ...scoringKeys.campaignInProvince(c.provinceId, c.createdAt, c.id),
              entity: 'Campaign',
              ...c,
            }),
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        {
          Put: {
            TableName: this.table,
            Item: toItem({
              ...scoringKeys.agency(c.agencyId),
              entity: 'Agency',
              agencyId: c.agencyId,
              name: c.agencyName,
            }),
          },
        },
        buildAuditPut(this.tables.audit, audit),
      ],
      () => new ConflictError('CAMPAIGN_EXISTS', '测评活动已存在', 'The campaign already exists'),
    );
  }

  async getCampaign(id: string): Promise<Campaign | undefined> {
    const out = await withDbErrors(() =>
      this.client.send(
        new GetItemCommand({
          TableName: this.table,
          Key: toItem(scoringKeys.campaign(id)),
          ConsistentRead: true,
        }),
      ),
    );
    return out.Item ? fromItem<Campaign>(out.Item) : undefined;
  }

  async listCampaigns(provinceId: string): Promise<Campaign[]> {
    return (
      await queryAll(this.client, {
        TableName: this.table,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: toItem({ ':pk': scoringKeys.campaignsOf(provinceId) }),
      })
    ).map((i) => fromItem<Campaign>(i));
  }

  async putUpload(u: Upload): Promise<void> {
    await withDbErrors(() =>
      this.client.send(
        new PutItemCommand({
          TableName: this.table,
          Item: toItem({ ...scoringKeys.upload(u.campaignId, u.uploadId), entity: 'Upload', ...u }),
        }),
      ),
    );
  }

  /** Sets some fields of an upload (status, counts, file error). */
  async updateUpload(campaignId: string, uploadId: string, fields: Partial<Upload>): Promise<void> {
    const entries = Object.entries(fields).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return;
    await withDbErrors(() =>
      this.client.send(
        new UpdateItemCommand({
          TableName: this.table,
          Key: toItem(scoringKeys.upload(campaignId, uploadId)),
          UpdateExpression: `SET ${entries.map((_, i) => `#f${i} = :v${i}`).join(', ')}`,
          ExpressionAttributeNames: Object.fromEntries(entries.map(([k], i) => [`#f${i}`, k])),
          ExpressionAttributeValues: toItem(Object.fromEntries(entries.map(([, v], i) => [`:v${i}`, v]))),
        }),
      ),
    );
  }

  async getUpload(campaignId: string, uploadId: string): Promise<Upload | undefined> {
    const out = await withDbErrors(() =>
      this.client.send(
        new GetItemCommand({
          TableName: this.table,
          Key: toItem(scoringKeys.upload(campaignId, uploadId)),
          ConsistentRead: true,
        }),
      ),
    );
    return out.Item ? fromItem<Upload>(out.Item) : undefined;
  }

  async listUploads(campaignId: string): Promise<Upload[]> {
    return (await this.queryPrefix(campaignId, scoringKeys.uploadPrefix)).map((i) => fromItem<Upload>(i));
  }

  /** Stores the error report (CSV text) gzipped in chunks under the 400 KB item limit. */
  async putErrorReport(campaignId: string, uploadId: string, csv: string): Promise<void> {
    const gz = gzipSync(Buffer.from(csv, 'utf8'));
    const CHUNK = 300 * 1024;
    for (let i = 0, n = 0; i < Math.max(gz.length, 1); i += CHUNK, n++) {
      await withDbErrors(() =>
        this.client.send(
          new PutItemCommand({
            TableName: this.table,
            Item: toItem({
              ...scoringKeys.errorChunk(campaignId, uploadId, n),
              entity: 'UploadErrorChunk',
              data: gz.subarray(i, i + CHUNK),
            }),
          }),
        ),
      );
    }
  }

  async getErrorReport(campaignId: string, uploadId: string): Promise<string | undefined> {
    const items = await this.queryPrefix(campaignId, scoringKeys.errorPrefix(uploadId));
    if (items.length === 0) return undefined;
    const gz = Buffer.concat(items.map((i) => Buffer.from(i.data!.B!)));
    return gunzipSync(gz).toString('utf8');
  }

  /**
   * Writes a batch of interviews with their aggregate deltas, all or nothing. When some ids
   * already exist (another upload, or a retry) the transaction is cancelled; those ids are
   * dropped and the rest written again, so an interview is never counted twice.
   * @returns the ids that were already there
   */
  async importBatch(
    campaign: Campaign,
    uploadId: string,
    interviews: readonly Interview[],
  ): Promise<string[]> {
    const duplicates: string[] = [];
    let pending = [...interviews];
    while (pending.length > 0) {
      try {
        await withDbErrors(() =>
          this.client.send(
            new TransactWriteItemsCommand(buildImportBatchInput(this.table, campaign, uploadId, pending)),
          ),
        );
        return duplicates;
      } catch (err) {
        if (!cancellationReasons(err)) throw err;
        if (conditionFailed(err, 0)) throw new CampaignClosedError();
        const taken = new Set(
          pending.filter((_, i) => conditionFailed(err, 2 + i)).map((iv) => iv.interviewId),
        );
        if (taken.size === 0) throw err;
        duplicates.push(...taken);
        pending = pending.filter((iv) => !taken.has(iv.interviewId));
      }
    }
    return duplicates;
  }

  /**
   * Withdraws an upload: deletes each interview it created and subtracts its contribution, in
   * transactions that also check the campaign is still open; then marks the upload withdrawn.
   * Safe to repeat: an interview already deleted fails its condition and is skipped.
   */
  async withdrawUpload(campaign: Campaign, uploadId: string, at: string, audit: AuditEntry): Promise<number> {
    const all = (
      await queryAll(this.client, {
        TableName: this.table,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: toItem({ ':pk': scoringKeys.uploadInterviews(uploadId) }),
      })
    ).map((i) => fromItem<Interview>(i));
    const perBatch = Math.floor((MAX_TRANSACTION_ITEMS - 2) / (campaign.indicators.length + 2));
    let removed = 0;
    for (let i = 0; i < all.length; i += perBatch) {
      let batch = all.slice(i, i + perBatch);
      while (batch.length > 0) {
        const items: TransactWriteItem[] = [openCheck(this.table, campaign.id)];
        for (const iv of batch) {
          items.push({
            Delete: {
              TableName: this.table,
              Key: toItem(scoringKeys.interview(campaign.id, iv.interviewId)),
              ConditionExpression: 'uploadId = :u',
              ExpressionAttributeValues: toItem({ ':u': uploadId }),
            },
          });
        }
        for (const [county, byIndicator] of sumInterviews(campaign, batch)) {
          for (const [indicator, s] of byIndicator) {
            items.push(buildAggregateUpdate(this.table, campaign.id, county, indicator, s, -1, uploadId));
          }
        }
        try {
          await withDbErrors(() => this.client.send(new TransactWriteItemsCommand({ TransactItems: items })));
          removed += batch.length;
          break;
        } catch (err) {
          if (!cancellationReasons(err)) throw err;
          if (conditionFailed(err, 0)) throw new CampaignClosedError();
          const gone = new Set(batch.filter((_, j) => conditionFailed(err, 1 + j)));
          if (gone.size === 0) throw err;
          batch = batch.filter((iv) => !gone.has(iv));
        }
      }
    }
    await transactOrFail(
      this.client,
      [
        openCheck(this.table, campaign.id),
        {
          Update: {
            TableName: this.table,
            Key: toItem(scoringKeys.upload(campaign.id, uploadId)),
            UpdateExpression: 'SET #s = :w, withdrawnAt = :at, accepted = :z',
            ExpressionAttributeNames: { '#s': 'status' },
            ExpressionAttributeValues: toItem({ ':w': 'withdrawn', ':at': at, ':z': 0 }),
          },
        },
        buildAuditPut(this.tables.audit, audit),
      ],
      () => new CampaignClosedError(),
    );
    return removed;
  }

  /** Every aggregate of a campaign: O(counties × indicators) items, never the interviews. */
  async readAggregates(campaignId: string): Promise<Map<string, Map<string, IndicatorSums>>> {
    const out = new Map<string, Map<string, IndicatorSums>>();
    for (const item of await this.queryPrefix(campaignId, scoringKeys.aggregatePrefix)) {
      const { countyId, indicator, sums } = parseAggregateItem(fromItem(item));
      const county = out.get(countyId) ?? new Map<string, IndicatorSums>();
      out.set(countyId, county);
      county.set(indicator, sums);
    }
    return out;
  }

  /**
   * Publishes a snapshot: a conditional Put (a version is written once, never replaced) with
   * the campaign's move to `published` at that version (conditional on the version before).
   */
  async publish(campaign: Campaign, snapshot: Snapshot, audit: AuditEntry): Promise<void> {
    const body = gzipSync(Buffer.from(JSON.stringify(snapshot), 'utf8'));
    await transactOrFail(
      this.client,
      [
        {
          Put: {
            TableName: this.table,
            Item: toItem({
              ...scoringKeys.snapshot(campaign.id, snapshot.version),
              entity: 'Snapshot',
              campaignId: campaign.id,
              version: snapshot.version,
              contentHash: snapshot.contentHash,
              publishedAt: snapshot.publishedAt,
              publishedBy: snapshot.publishedBy,
              note: snapshot.note,
              body,
            }),
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        {
          Update: {
            TableName: this.table,
            Key: toItem(scoringKeys.campaign(campaign.id)),
            UpdateExpression: 'SET #s = :p, latestVersion = :v',
            ConditionExpression: 'latestVersion = :prev',
            ExpressionAttributeNames: { '#s': 'status' },
            ExpressionAttributeValues: toItem({
              ':p': 'published',
              ':v': snapshot.version,
              ':prev': snapshot.version - 1,
            }),
          },
        },
        buildAuditPut(this.tables.audit, audit),
      ],
      () =>
        new ConflictError(
          'SNAPSHOT_EXISTS',
          '该版本已发布，请刷新后重试',
          'This version was published meanwhile; reload and retry',
        ),
    );
  }

  /** Reopens a published campaign for a correction (the next publication is a new version). */
  async reopen(campaignId: string, audit: AuditEntry): Promise<void> {
    await transactOrFail(
      this.client,
      [
        {
          Update: {
            TableName: this.table,
            Key: toItem(scoringKeys.campaign(campaignId)),
            UpdateExpression: 'SET #s = :o',
            ConditionExpression: '#s = :p',
            ExpressionAttributeNames: { '#s': 'status' },
            ExpressionAttributeValues: toItem({ ':o': 'open', ':p': 'published' }),
          },
        },
        buildAuditPut(this.tables.audit, audit),
      ],
      () => new ConflictError('NOT_PUBLISHED', '测评活动尚未发布', 'The campaign is not published'),
    );
  }

  async getSnapshot(campaignId: string, version: number): Promise<Snapshot | undefined> {
    const out = await withDbErrors(() =>
      this.client.send(
        new GetItemCommand({ TableName: this.table, Key: toItem(scoringKeys.snapshot(campaignId, version)) }),
      ),
    );
    const body = out.Item?.body?.B;
    return body ? (JSON.parse(gunzipSync(Buffer.from(body)).toString('utf8')) as Snapshot) : undefined;
  }

  /** Versions, hashes and dates of a campaign's snapshots (not their bodies). */
  async listSnapshots(
    campaignId: string,
  ): Promise<{ version: number; contentHash: string; publishedAt: string; note?: string }[]> {
    const items = await this.queryPrefix(campaignId, scoringKeys.snapshotPrefix, [
      'version',
      'contentHash',
      'publishedAt',
      'note',
    ]);
    return items.map((i) => fromItem(i));
  }

  private queryPrefix(campaignId: string, prefix: string, attrs?: string[]): Promise<Item[]> {
    return queryAll(this.client, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
      ExpressionAttributeValues: toItem({ ':pk': scoringKeys.campaignPartition(campaignId), ':p': prefix }),
      ...(attrs
        ? {
            ProjectionExpression: attrs.map((_, i) => `#a${i}`).join(', '),
            ExpressionAttributeNames: Object.fromEntries(attrs.map((a, i) => [`#a${i}`, a])),
          }
        : {}),
      ConsistentRead: true,
    });
  }
}
