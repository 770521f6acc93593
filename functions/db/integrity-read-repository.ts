/**
 * Ballot-integrity storage, the reads of the checks on a ballot: one-time tokens (the form's read,
 * one-time-token-read-repository.ts), the completion-time histogram and a unit's network ranges. The
 * console's, the jobs' and the integration routes' reads and writes extend it
 * (integrity-repository.ts), so that the public function's first ballot does not bundle them.
 */
import { type DynamoDBClient, GetItemCommand, type QueryCommandInput } from '@aws-sdk/client-dynamodb';
import { COMPLETION_BUCKETS, HISTOGRAM_PARTITIONS } from '../domain/integrity/completion-time';
import { addDays } from '../domain/service-day';
import type { IntegrityReader } from '../services/integrity/ports';
import { withDbErrors } from './errors';
import { fromItem, toItem } from './item';
import { histogramAttr, integrityDirectoryKeys, integrityKeys } from './keys/integrity';
import { OneTimeTokenReadRepository } from './one-time-token-read-repository';
import { queryAll } from './paginate';

type Tables = { responses: string; directory: string };

/** One Query per histogram partition of each day: every window's shards of that partition. */
export function buildHistogramQueries(
  table: string,
  questionnaireId: string,
  version: number,
  days: readonly string[],
): QueryCommandInput[] {
  return days.flatMap((day) =>
    Array.from({ length: HISTOGRAM_PARTITIONS }, (_, partition) => ({
      TableName: table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: toItem({
        ':pk': integrityKeys.completionHistogramPartition(questionnaireId, version, day, partition),
      }),
    })),
  );
}

/** The reads of the integrity checks (see the module comment). */
export class IntegrityReadRepository extends OneTimeTokenReadRepository implements IntegrityReader {
  declare protected readonly tables: Tables;

  constructor(client: DynamoDBClient, tables: Tables) {
    super(client, tables);
  }

  async completionHistogram(questionnaireId: string, version: number, day: string): Promise<number[]> {
    const queries = buildHistogramQueries(this.tables.responses, questionnaireId, version, [
      day,
      addDays(day, -1),
    ]);
    const counts = new Array(COMPLETION_BUCKETS.length + 1).fill(0) as number[];
    await Promise.all(
      queries.map(async (input) => {
        for (const item of await queryAll(this.client, input)) {
          for (let b = 0; b < counts.length; b++) counts[b]! += Number(item[histogramAttr(b)]?.N ?? 0);
        }
      }),
    );
    return counts;
  }

  async unitNetworks(unitId: string): Promise<string[]> {
    const out = await withDbErrors(() =>
      this.client.send(
        new GetItemCommand({
          TableName: this.tables.directory,
          Key: toItem(integrityDirectoryKeys.unitNetworks(unitId)),
        }),
      ),
    );
    return out?.Item ? (fromItem<{ ranges: string[] }>(out.Item).ranges ?? []) : [];
  }
}
