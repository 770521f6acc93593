/**
 * The agency-file import job's configuration: its environment, parsed once at cold start
 * (see lambda-env.ts).
 */
import * as v from 'valibot';
import { parseLambdaEnv, tablesFrom, tableVars } from './lambda-env';

const TABLES = ['scoring', 'audit', 'directory'] as const;
const ImportJobEnv = v.object({ ...tableVars(TABLES) });

export function importJobConfig(env: NodeJS.ProcessEnv = process.env) {
  return { tables: tablesFrom(TABLES, parseLambdaEnv('import-job', ImportJobEnv, env)) };
}
