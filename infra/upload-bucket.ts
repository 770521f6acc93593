/**
 * The agency-upload bucket's name, known to two stacks without a reference between them: the jobs
 * stack owns the bucket (its notifications invoke the import function there), the api stack's
 * console presigns uploads into it. A reference either way would close a dependency cycle, so the
 * name is derived from the stage prefix, account and region, as the SSM parameter name is for the URL.
 */
import { Aws } from 'aws-cdk-lib';
import type { StageConfig } from './config';

/** Key prefix of agency uploads: the console presigns PUTs under it, the import job is notified on it. */
export const UPLOAD_PREFIX = 'uploads/';

/** `kmpj-<stage>-uploads-<account>-<region>` (≤ 46 characters, globally unique per account and region). */
export function uploadBucketName(config: StageConfig): string {
  return `${config.stackPrefix}uploads-${Aws.ACCOUNT_ID}-${Aws.REGION}`;
}

/** The same name as cdk-nag prints it in finding ids (pseudo parameters in angle brackets). */
export function uploadBucketNagName(config: StageConfig): string {
  return `${config.stackPrefix}uploads-<AWS::AccountId>-<AWS::Region>`;
}
