/**
 * Secrets Manager reads. The client is the plain SDK command rather than Powertools' parameters
 * utility: a function reads its secret once per cold start, so a cache in front would never hit,
 * and without it the public Lambda's cold start reads about 3 KB (gzipped) less.
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

let shared: SecretsManagerClient | undefined;

/**
 * The process's one Secrets Manager client, made on first use. A function that reads more than
 * one secret (the public API: the QR key at init, the origin-verify stages on a request) builds
 * one client and reuses its connection.
 */
export const secretsClient = (): SecretsManagerClient => (shared ??= new SecretsManagerClient({}));

/** The secret's string value (`undefined` for a binary secret). */
export async function readSecretString(
  secretId: string,
  client: SecretsManagerClient = secretsClient(),
): Promise<string | undefined> {
  const out = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
  return out.SecretString;
}
