/** The site's base URL for QR codes, for Lambda functions. */
import { requireEnv } from '../config';

/**
 * `PUBLIC_BASE_URL` when the deployment has a custom domain; otherwise a loader of the SSM
 * parameter named by `PUBLIC_BASE_URL_PARAMETER`, which the web stack writes with the CloudFront
 * domain (this breaks the web ↔ api dependency cycle in CloudFormation). The SSM client is loaded
 * on the loader's first call (cached an hour by Powertools), so a function that never builds a URL
 * never loads it. The variables are checked at once: a missing one fails the cold start.
 */
export function publicBaseUrlSource(env: NodeJS.ProcessEnv = process.env): string | (() => Promise<string>) {
  if (env.PUBLIC_BASE_URL) return env.PUBLIC_BASE_URL;
  const name = requireEnv('PUBLIC_BASE_URL_PARAMETER', env);
  return async () => {
    const { getParameter } = await import('@aws-lambda-powertools/parameters/ssm');
    const value = await getParameter(name, { maxAge: 3600 });
    if (!value) throw new Error('The public base URL parameter is empty');
    return value;
  };
}

/** The base URL itself, read at cold start (the console builds URLs on most of its pages). */
export async function loadPublicBaseUrl(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const source = publicBaseUrlSource(env);
  return typeof source === 'string' ? source : source();
}
