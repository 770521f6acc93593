/** Wiring of the node rollups' stream consumer, shared by its Lambda, the local stack and the tests. */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import middy from '@middy/core';
import { DirectoryRepository } from '../db/directory-repository';
import { QuestionnaireRepository } from '../db/questionnaire-repository';
import { RollupRepository } from '../db/rollup-repository';
import { type RollupStreamRecord, rollupSource } from '../db/rollup-stream-records';
import type { TableNames } from '../db/table-names';
import { flushMetrics, recordMetric } from '../observability/metrics';
import { cachedVersions } from '../services/cached-readers';
import {
  type ApplyRollupDeps,
  applyRollupSources,
  type RollupSource,
} from '../services/rollups/apply-stream';

export function rollupServices(w: {
  client: DynamoDBClient;
  tables: Pick<TableNames, 'directory' | 'questionnaires' | 'responses'>;
  random?: () => number;
}): ApplyRollupDeps {
  const directory = new DirectoryRepository(w.client, w.tables.directory);
  const paths = new Map<string, Promise<string | undefined>>();
  const versions = cachedVersions(new QuestionnaireRepository(w.client, w.tables.questionnaires));
  return {
    store: new RollupRepository(w.client, w.tables.responses, Date.now, w.random),
    unitPath: (unitId) => {
      let p = paths.get(unitId);
      if (!p) {
        p = directory.getNodes([unitId]).then((m) => m.get(unitId)?.path);
        // A failed read is not remembered: the next record asks again.
        p.catch(() => paths.delete(unitId));
        paths.set(unitId, p);
      }
      return p;
    },
    getVersion: (id, v) => versions.getVersion(id, v),
    random: w.random,
  };
}

/**
 * The rollup stream consumer: the batch's aggregate changes are applied together (each once, by
 * its record's mark). On a failure the whole batch is reported from its first record, so Lambda
 * delivers it again; records already applied are then skipped by their marks.
 */
export function createRollupStreamHandler(deps: ApplyRollupDeps, logger: Logger) {
  return middy(async (event: { Records: RollupStreamRecord[] }) => {
    const sources = event.Records.map(rollupSource).filter((s): s is RollupSource => s !== undefined);
    try {
      const report = await applyRollupSources(deps, sources);
      if (report.applied > 0) recordMetric('RollupChangesApplied', report.applied);
      if (report.replayed > 0) recordMetric('RollupChangesReplayed', report.replayed);
      if (report.orphaned > 0) logger.warn('aggregate of a unit not in the tree', { count: report.orphaned });
      flushMetrics();
      return { batchItemFailures: [] };
    } catch (err) {
      logger.error('rollup batch failed', { error: (err as Error).name });
      flushMetrics();
      const first = event.Records[0];
      return {
        batchItemFailures: first
          ? [{ itemIdentifier: first.dynamodb?.SequenceNumber ?? first.eventID ?? '' }]
          : [],
      };
    }
  });
}
