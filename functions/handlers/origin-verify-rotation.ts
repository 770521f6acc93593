/**
 * Rotation of the origin-verify secret (Secrets Manager's four rotation steps). The secret is the
 * value CloudFront adds as a header to every request it sends to the public API; the public
 * function believes CloudFront's viewer address only when it sees one of the secret's live values.
 *
 * 1. createSecret: a new random value as AWSPENDING.
 * 2. setSecret: the distribution's origins that carry the header get the pending value (the public
 *    function already accepts it: it accepts every live stage, see http/origin-verify.ts).
 * 3. testSecret: the distribution's configuration holds the pending value.
 * 4. finishSecret: the pending value becomes AWSCURRENT (the old one stays as AWSPREVIOUS, still
 *    accepted while edges take up the new configuration).
 */
import {
  CloudFrontClient,
  GetDistributionConfigCommand,
  UpdateDistributionCommand,
} from '@aws-sdk/client-cloudfront';
import {
  DescribeSecretCommand,
  GetRandomPasswordCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { requireEnv } from '../config';
import { ORIGIN_VERIFY_HEADER } from '../http/client-address';
import { originHeaderValues, withOriginHeader } from './origin-header';

/** The event Secrets Manager sends to a rotation function. */
export interface RotationEvent {
  SecretId: string;
  ClientRequestToken: string;
  Step: 'createSecret' | 'setSecret' | 'testSecret' | 'finishSecret';
}

const secrets = new SecretsManagerClient({});
const cloudfront = new CloudFrontClient({});

async function pendingValue(e: RotationEvent): Promise<string> {
  const out = await secrets.send(
    new GetSecretValueCommand({
      SecretId: e.SecretId,
      VersionId: e.ClientRequestToken,
      VersionStage: 'AWSPENDING',
    }),
  );
  if (!out.SecretString) throw new Error('pending secret has no value');
  return out.SecretString;
}

async function step(e: RotationEvent, distributionId: string): Promise<void> {
  switch (e.Step) {
    case 'createSecret': {
      try {
        await pendingValue(e);
        return;
      } catch (err) {
        if (!(err instanceof ResourceNotFoundException)) throw err;
      }
      const random = await secrets.send(
        new GetRandomPasswordCommand({ PasswordLength: 64, ExcludePunctuation: true }),
      );
      await secrets.send(
        new PutSecretValueCommand({
          SecretId: e.SecretId,
          ClientRequestToken: e.ClientRequestToken,
          SecretString: random.RandomPassword,
          VersionStages: ['AWSPENDING'],
        }),
      );
      return;
    }
    case 'setSecret': {
      const value = await pendingValue(e);
      const current = await cloudfront.send(new GetDistributionConfigCommand({ Id: distributionId }));
      const { config, origins } = withOriginHeader(current.DistributionConfig!, ORIGIN_VERIFY_HEADER, value);
      if (origins === 0) throw new Error(`no origin of ${distributionId} sends ${ORIGIN_VERIFY_HEADER}`);
      await cloudfront.send(
        new UpdateDistributionCommand({
          Id: distributionId,
          IfMatch: current.ETag,
          DistributionConfig: config,
        }),
      );
      return;
    }
    case 'testSecret': {
      const value = await pendingValue(e);
      const current = await cloudfront.send(new GetDistributionConfigCommand({ Id: distributionId }));
      const sent = originHeaderValues(current.DistributionConfig!, ORIGIN_VERIFY_HEADER);
      if (sent.length === 0 || sent.some((v) => v !== value))
        throw new Error('the distribution does not send the pending value yet');
      return;
    }
    case 'finishSecret': {
      const described = await secrets.send(new DescribeSecretCommand({ SecretId: e.SecretId }));
      const versions = Object.entries(described.VersionIdsToStages ?? {});
      const current = versions.find(([, stages]) => stages.includes('AWSCURRENT'))?.[0];
      if (current === e.ClientRequestToken) return;
      await secrets.send(
        new UpdateSecretVersionStageCommand({
          SecretId: e.SecretId,
          VersionStage: 'AWSCURRENT',
          MoveToVersionId: e.ClientRequestToken,
          RemoveFromVersionId: current,
        }),
      );
      return;
    }
  }
}

const distributionId = requireEnv('DISTRIBUTION_ID');

export const handler = (e: RotationEvent) => step(e, distributionId);
