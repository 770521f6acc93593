/** The live values of the origin-verify secret in Secrets Manager (see http/origin-verify.ts). */
import {
  GetSecretValueCommand,
  ResourceNotFoundException,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { secretsClient } from '../db/secrets';
import type { OriginVerifier } from '../http/client-address';
import { originVerifier } from '../http/origin-verify';

/** Stages whose value CloudFront may be sending: the rotation moves AWSPENDING to AWSCURRENT. */
const STAGES = ['AWSCURRENT', 'AWSPREVIOUS', 'AWSPENDING'] as const;

/** Reads every live stage of `secretArn` (a stage that does not exist is skipped). */
export function secretStages(secretArn: string, client: SecretsManagerClient = secretsClient()) {
  return async (): Promise<string[]> => {
    const got = await Promise.all(
      STAGES.map((VersionStage) =>
        client
          .send(new GetSecretValueCommand({ SecretId: secretArn, VersionStage }))
          .then((r) => r.SecretString)
          .catch((err: unknown) => {
            if (err instanceof ResourceNotFoundException) return undefined;
            throw err;
          }),
      ),
    );
    return got.filter((v): v is string => typeof v === 'string');
  };
}

/** The public function's verifier, or none when no secret is configured (then only source addresses count). */
export function originVerifierFromEnv(env: NodeJS.ProcessEnv = process.env): OriginVerifier | undefined {
  const arn = env.ORIGIN_VERIFY_SECRET_ARN;
  return arn ? originVerifier(secretStages(arn), { ttlMs: 60_000 }) : undefined;
}
