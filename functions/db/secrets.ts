/**
 * Secrets Manager reads. The client is the plain SDK command rather than Powertools' parameters
 * utility: a function reads its secret once per cold start, so a cache in front would never hit,
 * and without it the public Lambda's cold start reads about 3 KB (gzipped) less.
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

/** The secret's string value (`undefined` for a binary secret). */
export async function readSecretString(
  secretId: string,
  client: SecretsManagerClient = new SecretsManagerClient({}),
): Promise<string | undefined> {
  const out = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
  return out.SecretString;
}
