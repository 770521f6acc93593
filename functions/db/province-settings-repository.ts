/**
 * Versions of a province's score-shaping settings in the Directory table: one immutable item per
 * version; the current one is the newest. A new version is a conditional put (never over an
 * existing version), written with its audit entry in one transaction.
 */
import {
  type DynamoDBClient,
  QueryCommand,
  type QueryCommandInput,
  type TransactWriteItemsCommandInput,
} from '@aws-sdk/client-dynamodb';
import type { AuditEntry } from '../domain/audit';
import type { ProvinceSettings } from '../domain/province-settings';
import type { ProvinceSettingsStore } from '../services/settings/province-settings';
import { buildAuditPut } from './audit-repository';
import { withDbErrors } from './errors';
import { fromItem, toItem } from './item';
import { directoryKeys } from './keys/directory';
import { queryAll } from './paginate';
import { transactUnlessChanged } from './transact';

/** The newest version (or every version, newest first, without `Limit`). */
export const buildVersionsQuery = (table: string, provinceId: string, limit?: number): QueryCommandInput => ({
  TableName: table,
  KeyConditionExpression: 'pk = :pk',
  ExpressionAttributeValues: toItem({ ':pk': directoryKeys.provinceSettingsOf(provinceId) }),
  ScanIndexForward: false,
  ConsistentRead: true,
  ...(limit ? { Limit: limit } : {}),
});

/** The version as a new item (only if that version does not exist yet) and its audit entry. */
export function buildPutVersionInput(
  tables: { directory: string; audit: string },
  s: ProvinceSettings,
  audit: AuditEntry,
): TransactWriteItemsCommandInput {
  return {
    TransactItems: [
      {
        Put: {
          TableName: tables.directory,
          Item: toItem({
            ...directoryKeys.provinceSettings(s.provinceId, s.version),
            entity: 'ProvinceSettings',
            ...s,
          }),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      buildAuditPut(tables.audit, audit),
    ],
  };
}

export class ProvinceSettingsRepository implements ProvinceSettingsStore {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tables: { directory: string; audit: string },
  ) {}

  async current(provinceId: string): Promise<ProvinceSettings | undefined> {
    const out = await withDbErrors(() =>
      this.client.send(new QueryCommand(buildVersionsQuery(this.tables.directory, provinceId, 1))),
    );
    const item = out.Items?.[0];
    return item ? fromItem<ProvinceSettings>(item) : undefined;
  }

  async versions(provinceId: string): Promise<ProvinceSettings[]> {
    const items = await queryAll(this.client, buildVersionsQuery(this.tables.directory, provinceId));
    return items.map((i) => fromItem<ProvinceSettings>(i));
  }

  putVersion(s: ProvinceSettings, audit: AuditEntry): Promise<boolean> {
    return transactUnlessChanged(this.client, buildPutVersionInput(this.tables, s, audit), 0);
  }
}
