/**
 * The scheduled rollup recount's configuration: its environment, parsed once at cold start (see
 * lambda-env.ts). `ROLLUP_RECOUNT_REPAIR` (`true` by default) corrects drift found identical in two
 * passes; `false` only reports it. `ROLLUP_RECOUNT_DAYS` Beijing days back from today are recounted.
 */
import * as v from 'valibot';
import { parseLambdaEnv, positiveIntVar, tablesFrom, tableVars } from './lambda-env';

const TABLES = ['directory', 'responses'] as const;
const RollupRecountEnv = v.object({
  ...tableVars(TABLES),
  ROLLUP_RECOUNT_REPAIR: v.optional(v.picklist(['true', 'false'], 'must be true or false'), 'true'),
  ROLLUP_RECOUNT_DAYS: positiveIntVar(40),
  ROLLUP_RECOUNT_SETTLE_SECONDS: positiveIntVar(30),
});

/** What one run recounts and whether it repairs. */
export interface RollupRecountSettings {
  repair: boolean;
  days: number;
  settleMs: number;
}

export function rollupRecountJobConfig(env: NodeJS.ProcessEnv = process.env) {
  const parsed = parseLambdaEnv('rollup-recount-job', RollupRecountEnv, env);
  const settings: RollupRecountSettings = {
    repair: parsed.ROLLUP_RECOUNT_REPAIR === 'true',
    days: parsed.ROLLUP_RECOUNT_DAYS,
    settleMs: parsed.ROLLUP_RECOUNT_SETTLE_SECONDS * 1000,
  };
  return { tables: tablesFrom(TABLES, parsed), settings };
}
