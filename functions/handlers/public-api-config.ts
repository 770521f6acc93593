/**
 * The public API function's configuration: its environment, parsed once at cold start, so that a
 * missing variable stops the init instead of failing a citizen's request.
 */
import { tableNamesFromEnv } from '../db/table-names';
import { originVerifierFromEnv } from './origin-verify-secret';
import { publicBaseUrlSource } from './public-base-url';

export function publicApiConfig(env: NodeJS.ProcessEnv = process.env) {
  return {
    tables: tableNamesFromEnv(['directory', 'questionnaires', 'responses'], env),
    // Only the URLs of one-time and rotating ballots need it; CDK always sets one of the two variables.
    publicBaseUrl:
      env.PUBLIC_BASE_URL || env.PUBLIC_BASE_URL_PARAMETER ? publicBaseUrlSource(env) : undefined,
    // CloudFront's origin-verify secret; without it the viewer address header is never believed.
    originVerify: originVerifierFromEnv(env),
  };
}
