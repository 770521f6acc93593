/**
 * The rollup stream function's configuration: its environment, parsed once at cold start
 * (see lambda-env.ts).
 */
import * as v from 'valibot';
import { parseLambdaEnv, tablesFrom, tableVars } from './lambda-env';

const TABLES = ['directory', 'questionnaires', 'responses'] as const;
const RollupStreamEnv = v.object({ ...tableVars(TABLES) });

export function rollupStreamConfig(env: NodeJS.ProcessEnv = process.env) {
  return { tables: tablesFrom(TABLES, parseLambdaEnv('rollup-stream', RollupStreamEnv, env)) };
}
