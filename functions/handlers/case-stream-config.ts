/**
 * The Responses-stream function's configuration: its environment, parsed once at cold start
 * (see lambda-env.ts).
 */
import * as v from 'valibot';
import { caseSettingsFromEnv, caseSettingsVars } from './case-settings';
import { optionalVar, parseLambdaEnv, tablesFrom, tableVars } from './lambda-env';

const TABLES = ['directory', 'questionnaires', 'responses', 'audit', 'quietLimits'] as const;
const CaseStreamEnv = v.object({
  ...tableVars(TABLES),
  ...caseSettingsVars,
  /** The KMS key of stored phones; without one no phone was encrypted, so none is re-bound. */
  CONTACT_KEY_ARN: optionalVar,
});

export function caseStreamConfig(env: NodeJS.ProcessEnv = process.env) {
  const parsed = parseLambdaEnv('case-stream', CaseStreamEnv, env);
  return {
    tables: tablesFrom(TABLES, parsed),
    settings: caseSettingsFromEnv(env),
    contactKeyArn: parsed.CONTACT_KEY_ARN,
  };
}
