/**
 * Per-stage settings. Everything that differs between `dev` and `prod` lives here, so that the
 * stacks read as a description of the system and this file as a description of the environments.
 */
import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';

/** The deployment stages this app knows about. */
export type Stage = 'dev' | 'prod';

/** Settings that vary per stage. */
export interface StageConfig {
  readonly stage: Stage;
  /** Prefix of every stack name, e.g. `kmpj-dev-`. */
  readonly stackPrefix: string;
  /**
   * Tables hold citizens' answers: always RETAIN, in dev too, so that a mistaken `cdk destroy`
   * or a renamed construct id never drops data. Deletion protection guards prod in addition.
   */
  readonly tables: { readonly removalPolicy: RemovalPolicy; readonly deletionProtection: boolean };
  /**
   * The QR HMAC key signs every printed QR code. Losing it invalidates all posters in the field,
   * so prod retains it; dev may recreate it.
   */
  readonly qrSecretRemovalPolicy: RemovalPolicy;
  /** The web bucket only holds build output, so dev may delete it (and its objects) on destroy. */
  readonly webBucketRemovalPolicy: RemovalPolicy;
  readonly logRetention: RetentionDays;
  /** Function logs may be evidence in a complaint, so prod keeps them after a stack is deleted. */
  readonly logRemovalPolicy: RemovalPolicy;
  /** API Gateway stage-wide throttling (token bucket) in front of the public Lambda. */
  readonly apiThrottle: { readonly rateLimit: number; readonly burstLimit: number };
  readonly functionDefaults: { readonly memorySize: number; readonly timeout: Duration };
}

/** Absolute path of the repository root (this file lives in `<root>/infra`). */
export const repoRoot: string = fileURLToPath(new URL('..', import.meta.url));

const configs: Record<Stage, StageConfig> = {
  dev: {
    stage: 'dev',
    stackPrefix: 'kmpj-dev-',
    tables: { removalPolicy: RemovalPolicy.RETAIN, deletionProtection: false },
    qrSecretRemovalPolicy: RemovalPolicy.DESTROY,
    webBucketRemovalPolicy: RemovalPolicy.DESTROY,
    logRetention: RetentionDays.ONE_WEEK,
    logRemovalPolicy: RemovalPolicy.DESTROY,
    apiThrottle: { rateLimit: 20, burstLimit: 40 },
    functionDefaults: { memorySize: 512, timeout: Duration.seconds(10) },
  },
  prod: {
    stage: 'prod',
    stackPrefix: 'kmpj-prod-',
    tables: { removalPolicy: RemovalPolicy.RETAIN, deletionProtection: true },
    qrSecretRemovalPolicy: RemovalPolicy.RETAIN,
    webBucketRemovalPolicy: RemovalPolicy.RETAIN,
    logRetention: RetentionDays.ONE_MONTH,
    logRemovalPolicy: RemovalPolicy.RETAIN,
    apiThrottle: { rateLimit: 200, burstLimit: 400 },
    functionDefaults: { memorySize: 512, timeout: Duration.seconds(10) },
  },
};

/**
 * Validates the `stage` context value. Anything other than `dev` or `prod` is a typo that would
 * otherwise create a third, unintended set of stacks, so it throws.
 */
export function parseStage(value: unknown): Stage {
  if (value === undefined || value === null || value === '') return 'dev';
  if (value === 'dev' || value === 'prod') return value;
  throw new Error(`Unknown stage "${String(value)}": use -c stage=dev or -c stage=prod`);
}

/** Returns the settings of a stage. */
export function stageConfig(stage: Stage): StageConfig {
  return configs[stage];
}
