/** The local stack's start-up recount of the node rollups (repairing), run once the stream is applied. */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { TableNames } from '../functions/db/table-names';
import type { OrgNode } from '../functions/domain/org';
import { recountServices } from '../functions/handlers/rollup-recount-deps';
import { recountRollups } from '../functions/services/rollups/recount';

/** Recounts every province's rollups over all days and repairs the drift; a failure is logged, not thrown. */
export async function backfillRollups(
  client: DynamoDBClient,
  tables: TableNames,
  logger: Logger,
  provinces: readonly OrgNode[],
): Promise<number> {
  const deps = recountServices({ client, tables });
  let repaired = 0;
  for (const p of provinces) {
    try {
      const r = await recountRollups(deps, {
        rootId: p.id,
        fromDay: '0000-01-01',
        toDay: '9999-12-31',
        repair: true,
        settleMs: 2_000,
      });
      repaired += r.repaired;
      if (r.drift.length > 0)
        logger.warn('rollups recounted', { province: p.id, drifting: r.drift.length, repaired: r.repaired });
    } catch (err) {
      logger.warn('rollup recount failed', { province: p.id, error: (err as Error).name });
    }
  }
  return repaired;
}
