/** The site's base URL for QR codes, for Lambda functions. */
import { getParameter } from '@aws-lambda-powertools/parameters/ssm';
import { requireEnv } from '../config';

/**
 * `PUBLIC_BASE_URL` when the deployment has a custom domain; otherwise the SSM parameter named by
 * `PUBLIC_BASE_URL_PARAMETER`, which the web stack writes with the CloudFront domain (this breaks
 * the web ↔ api dependency cycle in CloudFormation). Read once per cold start, cached an hour.
 */
export async function loadPublicBaseUrl(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  if (env.PUBLIC_BASE_URL) return env.PUBLIC_BASE_URL;
  const value = await getParameter(requireEnv('PUBLIC_BASE_URL_PARAMETER', env), { maxAge: 3600 });
  if (!value) throw new Error('The public base URL parameter is empty');
  return value;
}
