/** The QR signing key for Lambda functions. */
import { requireEnv } from '../config';
import { readSecretString } from '../db/secrets';

/**
 * In AWS the key is the Secrets Manager secret named by `QR_SECRET_ARN` (CDK sets only that).
 * `QR_SECRET` may hold the key itself where there is no Secrets Manager (self-hosting, the
 * benchmarks); it is never set by the CDK stacks.
 */
export async function loadQrKey(
  env: NodeJS.ProcessEnv = process.env,
  read: (secretId: string) => Promise<string | undefined> = readSecretString,
): Promise<Buffer> {
  const secret = env.QR_SECRET ?? (await read(requireEnv('QR_SECRET_ARN', env)));
  if (typeof secret !== 'string' || secret.length < 32)
    throw new Error('QR secret missing or shorter than 32 characters');
  return Buffer.from(secret, 'utf8');
}
