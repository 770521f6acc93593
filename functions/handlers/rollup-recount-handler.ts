/** The scheduled rollup recount's middy handler around injected dependencies. */
import type { Logger } from '@aws-lambda-powertools/logger';
import middy from '@middy/core';
import { addDays, beijingToday } from '../domain/service-day';
import { flushMetrics, recordMetric } from '../observability/metrics';
import { type RecountDeps, recountRollups } from '../services/rollups/recount';
import type { RollupRecountSettings } from './rollup-recount-job-config';

/** Drifting cells logged per province: enough to act on, bounded so one run cannot flood the log. */
const LOGGED_CELLS = 500;

export interface RollupRecountJobDeps {
  recount: RecountDeps;
  /** Ids of every province: the roots recounted. */
  provinces(): Promise<string[]>;
  now?: () => Date;
}

export interface RollupRecountJobReport {
  provinces: number;
  cells: number;
  drifting: number;
  repaired: number;
  unsettled: number;
}

/**
 * 1. Recounts every province's rollups over the last `days` Beijing days (services/rollups/recount.ts).
 * 2. Logs each drifting node-day (stored vs recount) and publishes `RollupDriftCells`, the number of
 *    drifting cells (0 on a clean run, so the alarm sees the job report), and `RollupCellsRepaired`.
 * 3. With `repair`, corrects only drift found identical in two passes `settleMs` apart.
 */
export function createRollupRecountHandler(
  deps: RollupRecountJobDeps,
  settings: RollupRecountSettings,
  logger: Logger,
) {
  return middy(async (): Promise<RollupRecountJobReport> => {
    const toDay = beijingToday((deps.now ?? (() => new Date()))());
    const fromDay = addDays(toDay, -(settings.days - 1));
    const total: RollupRecountJobReport = { provinces: 0, cells: 0, drifting: 0, repaired: 0, unsettled: 0 };
    try {
      for (const rootId of await deps.provinces()) {
        const r = await recountRollups(deps.recount, {
          rootId,
          fromDay,
          toDay,
          repair: settings.repair,
          settleMs: settings.settleMs,
        });
        total.provinces++;
        total.cells += r.cells;
        total.drifting += r.drift.length;
        total.repaired += r.repaired;
        total.unsettled += r.unsettled;
        if (r.drift.length === 0) continue;
        logger.warn('rollup drift', {
          province: rootId,
          fromDay,
          toDay,
          drifting: r.drift.length,
          repaired: r.repaired,
          unsettled: r.unsettled,
          cells: r.drift.slice(0, LOGGED_CELLS).map((d) => ({
            nodeId: d.cell.nodeId,
            day: d.cell.day,
            questionnaireId: d.cell.questionnaireId,
            version: d.cell.version,
            ...(d.cell.matter ? { matter: d.cell.matter.matter } : {}),
            stored: d.storedResponses,
            recount: d.expectedResponses,
          })),
        });
      }
      logger.info('rollup recount', { fromDay, toDay, repair: settings.repair, ...total });
      recordMetric('RollupDriftCells', total.drifting);
      recordMetric('RollupCellsRepaired', total.repaired);
      return total;
    } finally {
      flushMetrics();
    }
  });
}
