/**
 * The monitor job's configuration: its environment, parsed once at cold start (see lambda-env.ts).
 * N and M of the "no bad review" check default to 30 days and 50 responses.
 */
import * as v from 'valibot';
import type { UnitHealthSettings } from '../services/monitor-unit-health';
import { parseLambdaEnv, positiveIntVar, tablesFrom, tableVars } from './lambda-env';

const TABLES = ['directory', 'responses'] as const;
const MonitorEnv = v.object({
  ...tableVars(TABLES),
  MONITOR_NO_BAD_REVIEW_DAYS: positiveIntVar(30),
  MONITOR_MIN_RESPONSES: positiveIntVar(50),
});

export function monitorConfig(env: NodeJS.ProcessEnv = process.env) {
  const parsed = parseLambdaEnv('monitor', MonitorEnv, env);
  const settings: UnitHealthSettings = {
    days: parsed.MONITOR_NO_BAD_REVIEW_DAYS,
    minResponses: parsed.MONITOR_MIN_RESPONSES,
  };
  return { tables: tablesFrom(TABLES, parsed), settings };
}
