/**
 * The escalation job's configuration: its environment, parsed once at cold start (see lambda-env.ts).
 */
import * as v from 'valibot';
import { caseSettingsFromEnv, caseSettingsVars } from './case-settings';
import { parseLambdaEnv, tablesFrom, tableVars } from './lambda-env';

const TABLES = ['directory', 'questionnaires', 'responses', 'audit'] as const;
const EscalationJobEnv = v.object({ ...tableVars(TABLES), ...caseSettingsVars });

export function escalationJobConfig(env: NodeJS.ProcessEnv = process.env) {
  const parsed = parseLambdaEnv('escalation-job', EscalationJobEnv, env);
  return { tables: tablesFrom(TABLES, parsed), settings: caseSettingsFromEnv(env) };
}
