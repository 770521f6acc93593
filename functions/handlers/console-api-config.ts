/**
 * The console API function's configuration: its environment, parsed once at cold start, so that a
 * missing variable stops the init instead of failing the first request.
 */
import { requireEnv } from '../config';
import { tableNamesFromEnv } from '../db/table-names';

export function consoleApiConfig(env: NodeJS.ProcessEnv = process.env) {
  return {
    tables: tableNamesFromEnv(['directory', 'questionnaires', 'responses', 'scoring', 'audit'], env),
    jwt: { issuer: requireEnv('JWT_ISSUER', env), audience: env.JWT_AUDIENCE, jwksUrl: env.JWKS_URL },
  };
}
