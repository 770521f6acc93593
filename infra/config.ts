/**
 * Per-stage settings. Everything that differs between `dev` and `prod` lives here, so that the
 * stacks read as a description of the system and this file as a description of the environments.
 */
import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { AppSettings } from './app-settings';

/** The deployment stages this app knows about. */
export type Stage = 'dev' | 'prod';

/** Settings that vary per stage. */
export interface StageConfig {
  readonly stage: Stage;
  /** Prefix of every stack name, e.g. `kmpj-dev-`. */
  readonly stackPrefix: string;
  /**
   * prod retains tables (and deletion protection refuses even a CloudFormation delete); dev is
   * disposable: it only ever holds seeded or synthetic answers, and a retained dev table would
   * outlive its KMS key and linger, unowned, with whatever a tester typed into it.
   */
  readonly tables: { readonly removalPolicy: RemovalPolicy; readonly deletionProtection: boolean };
  /** The customer-managed key of tables and secret follows the tables: without it they are unreadable. */
  readonly keyRemovalPolicy: RemovalPolicy;
  /** Staff accounts (Cognito, global target): prod keeps them, dev may drop them. */
  readonly userPoolRemovalPolicy: RemovalPolicy;
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
  /**
   * Tighter per-method limits on the public API's sensitive paths, below the stage-wide
   * limit: submissions (a citizen submits once after reading the form, so far fewer than reads),
   * one-time token issuing by queue systems (batches of up to 50 per call), and window displays
   * (each polls its rotating code about every 30 s; a province's displays stay well below this).
   */
  readonly methodThrottle: {
    readonly submissions: { readonly rateLimit: number; readonly burstLimit: number };
    readonly integrations: { readonly rateLimit: number; readonly burstLimit: number };
    readonly displays: { readonly rateLimit: number; readonly burstLimit: number };
  };
  /**
   * AWS WAF rate-based rules on the public REST API, per viewer address and 5 minutes. Generous on
   * purpose: carrier-grade NAT puts many phones behind one IPv4 address; the quiet limits of the
   * integrity checks (per token, device and /24) are the fine-grained defence, WAF only stops floods.
   */
  readonly waf: { readonly perViewer: number; readonly submissionsPerViewer: number };
  /** Raw agency uploads hold personal survey answers: deleted this many days after upload. */
  readonly uploadRetentionDays: number;
  /** Throttling of the staff console's HTTP API: a few hundred staff, never a flood. */
  readonly consoleThrottle: { readonly rateLimit: number; readonly burstLimit: number };
  readonly functionDefaults: { readonly memorySize: number; readonly timeout: Duration };
  /**
   * The monitor's "no bad review" check: N service days, M responses (see the monitor service).
   * 30 days and 50 responses: at a 2–5 % bad-review share, 50 answers without one happen by
   * chance well under 10 % of the time, so the alarm is worth a look rather than noise.
   */
  readonly monitor: { readonly noBadReviewDays: number; readonly minResponses: number };
  /** Access logs of CloudFront and the web bucket hold client IPs: kept only as long as needed. */
  readonly accessLogDays: number;
  /**
   * The scheduled recount of the node rollups: when it runs (UTC hour and minute of a daily
   * EventBridge cron), how many Beijing days back it recounts, and whether it corrects the drift it
   * finds identical in two passes (README, "The recount") or only reports it.
   */
  readonly rollupRecount: {
    readonly hourUtc: number;
    readonly minuteUtc: number;
    readonly days: number;
    readonly repair: boolean;
  };
  /** Application settings of this deployment (`-c settingsFile=…`), given to every function. */
  readonly appSettings?: AppSettings;
}

/** Absolute path of the repository root (this file lives in `<root>/infra`). */
export const repoRoot: string = fileURLToPath(new URL('..', import.meta.url));

const configs: Record<Stage, StageConfig> = {
  dev: {
    stage: 'dev',
    stackPrefix: 'kmpj-dev-',
    tables: { removalPolicy: RemovalPolicy.DESTROY, deletionProtection: false },
    keyRemovalPolicy: RemovalPolicy.DESTROY,
    userPoolRemovalPolicy: RemovalPolicy.DESTROY,
    qrSecretRemovalPolicy: RemovalPolicy.DESTROY,
    webBucketRemovalPolicy: RemovalPolicy.DESTROY,
    logRetention: RetentionDays.ONE_WEEK,
    logRemovalPolicy: RemovalPolicy.DESTROY,
    apiThrottle: { rateLimit: 20, burstLimit: 40 },
    consoleThrottle: { rateLimit: 10, burstLimit: 20 },
    methodThrottle: {
      submissions: { rateLimit: 10, burstLimit: 20 },
      integrations: { rateLimit: 5, burstLimit: 10 },
      displays: { rateLimit: 10, burstLimit: 20 },
    },
    waf: { perViewer: 300, submissionsPerViewer: 100 },
    uploadRetentionDays: 30,
    functionDefaults: { memorySize: 512, timeout: Duration.seconds(10) },
    monitor: { noBadReviewDays: 30, minResponses: 50 },
    accessLogDays: 7,
    rollupRecount: { hourUtc: 19, minuteUtc: 30, days: 40, repair: true },
  },
  prod: {
    stage: 'prod',
    stackPrefix: 'kmpj-prod-',
    tables: { removalPolicy: RemovalPolicy.RETAIN, deletionProtection: true },
    keyRemovalPolicy: RemovalPolicy.RETAIN,
    userPoolRemovalPolicy: RemovalPolicy.RETAIN,
    qrSecretRemovalPolicy: RemovalPolicy.RETAIN,
    webBucketRemovalPolicy: RemovalPolicy.RETAIN,
    logRetention: RetentionDays.ONE_MONTH,
    logRemovalPolicy: RemovalPolicy.RETAIN,
    apiThrottle: { rateLimit: 200, burstLimit: 400 },
    consoleThrottle: { rateLimit: 50, burstLimit: 100 },
    methodThrottle: {
      submissions: { rateLimit: 100, burstLimit: 200 },
      integrations: { rateLimit: 20, burstLimit: 40 },
      displays: { rateLimit: 100, burstLimit: 200 },
    },
    waf: { perViewer: 1000, submissionsPerViewer: 300 },
    uploadRetentionDays: 30,
    functionDefaults: { memorySize: 512, timeout: Duration.seconds(10) },
    monitor: { noBadReviewDays: 30, minResponses: 50 },
    accessLogDays: 180,
    rollupRecount: { hourUtc: 19, minuteUtc: 30, days: 40, repair: true },
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

/** Where the system runs: a global AWS region, or an AWS China region (partition aws-cn). */
export type Target = 'global' | 'china';

/** The two China regions; nothing else is accepted with `target=china`. */
export const CHINA_REGIONS = ['cn-north-1', 'cn-northwest-1'] as const;

/** Staff identity provider when Cognito user pools are not available. */
export interface OidcSettings {
  readonly issuer: string;
  readonly audience: string;
}

/** A custom domain for the site; in China CloudFront accepts only an IAM-uploaded certificate. */
export interface DomainSettings {
  readonly domainName: string;
  /** Id of a server certificate in IAM (`aws iam upload-server-certificate --path /cloudfront/ …`). */
  readonly iamCertificateId?: string;
  /** ACM certificate in us-east-1 (global target only). */
  readonly acmCertificateArn?: string;
}

/** Everything that differs between the two targets, from context values. */
export interface TargetConfig {
  readonly target: Target;
  /** Set for china (the partition follows from it); global stays region-agnostic unless the CLI resolves one. */
  readonly region?: string;
  /** External OIDC issuer: required for china, optional for global (then Cognito is used). */
  readonly oidc?: OidcSettings;
  readonly domain?: DomainSettings;
  /** Alarm notifications by e-mail (the SNS topic exists either way). */
  readonly alarmEmail?: string;
  /** X-Ray integration with Lambda is not offered in the China regions. */
  readonly tracing: boolean;
  /**
   * `-c waf=true|false`: a regional WebACL on the public REST API. Unset means the target's default
   * (see {@link wafEnabled}); set only when given, so the parsed target stays minimal.
   */
  readonly waf?: boolean;
  /**
   * Deployment-wide integrity defaults passed to the public function as `INTEGRITY_*` variables
   * (`-c integrityUnitNetworks=10.0.0.0/8,… -c integrityOpeningHours=08:30-17:30 -c integrityLimits='{"perDevice":3}'`).
   */
  readonly integrity?: Readonly<Record<string, string>>;
  /**
   * `-c apiDomainName=api.pj.example.gov.cn -c apiCertificateArn=arn:…:acm:<stack region>:…`: a regional
   * custom domain for the public REST API. CloudFront then reaches the API through it and the default
   * execute-api endpoint is disabled; without it that endpoint stays reachable (a synth warning).
   */
  readonly apiDomain?: ApiDomainSettings;
}

/** The public REST API's own regional domain name and its ACM certificate (in the stack's region). */
export interface ApiDomainSettings {
  readonly domainName: string;
  readonly certificateArn: string;
}

/** Reads `apiDomainName` and `apiCertificateArn`: both or neither, the certificate in `region` when known. */
function apiDomainFrom(read: ContextReader, region: string | undefined): ApiDomainSettings | undefined {
  const domainName = text(read, 'apiDomainName');
  const certificateArn = text(read, 'apiCertificateArn');
  if ((domainName === undefined) !== (certificateArn === undefined))
    throw new Error('Give both -c apiDomainName=… and -c apiCertificateArn=…, or neither');
  if (!domainName || !certificateArn) return undefined;
  if (!/^[a-z0-9.-]+\.[a-z]{2,}$/i.test(domainName)) throw new Error(`Invalid apiDomainName "${domainName}"`);
  const arn = /^arn:aws(?:-cn)?:acm:([a-z0-9-]+):\d{12}:certificate\/[A-Za-z0-9-]+$/.exec(certificateArn);
  if (!arn) throw new Error(`apiCertificateArn must be an ACM certificate ARN, got "${certificateArn}"`);
  if (region && arn[1] !== region)
    throw new Error(
      `apiCertificateArn must be in the stack's region ${region} (regional API), not ${arn[1]}`,
    );
  return { domainName, certificateArn };
}

/**
 * WAF on by default on the global target. Off by default on china: the AWS China documentation
 * (docs.amazonaws.cn, WAF developer guide) lists regional web ACLs for API Gateway REST APIs, but
 * it is not yet verified in a China account here; `-c waf=true` turns it on there.
 */
export function wafEnabled(target: TargetConfig): boolean {
  return target.waf ?? target.target === 'global';
}

function flag(read: ContextReader, key: string): boolean | undefined {
  const value = read(key);
  if (value === undefined || value === null || value === '') return undefined;
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  throw new Error(`Context value ${key} must be true or false, got "${String(value)}"`);
}

/** Context keys of the integrity defaults → the environment variables the public function reads. */
const INTEGRITY_CONTEXT: Record<string, string> = {
  integrityUnitNetworks: 'INTEGRITY_UNIT_NETWORKS',
  integrityOpeningHours: 'INTEGRITY_OPENING_HOURS',
  integrityLimits: 'INTEGRITY_LIMITS',
};

/** Reads the optional integrity defaults; malformed values fail synth rather than the cold start. */
function integrityFrom(read: ContextReader): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const [key, envVar] of Object.entries(INTEGRITY_CONTEXT)) {
    const value = text(read, key);
    if (value !== undefined) out[envVar] = value;
  }
  const hours = out.INTEGRITY_OPENING_HOURS;
  if (hours !== undefined && !/^\d\d:\d\d-\d\d:\d\d$/.test(hours))
    throw new Error(`integrityOpeningHours must look like 08:30-17:30, got "${hours}"`);
  const limits = out.INTEGRITY_LIMITS;
  if (limits !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(limits);
    } catch {
      parsed = undefined;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw new Error('integrityLimits must be a JSON object, e.g. {"perDevice":3}');
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

type ContextReader = (key: string) => unknown;

function text(read: ContextReader, key: string): string | undefined {
  const value = read(key);
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new Error(`Context value ${key} must be a string`);
  return value;
}

function httpsUrl(key: string, value: string): string {
  if (!/^https:\/\/[^\s/]+(\/[^\s]*)?$/.test(value))
    throw new Error(`${key} must be an https:// URL, got "${value}"`);
  return value.replace(/\/+$/, '');
}

/**
 * Reads and validates the target from context (`-c target=china -c region=cn-north-1 …`).
 * Mistakes throw with the flag to fix, because a half-configured China deploy fails late and slowly.
 */
export function parseTarget(read: ContextReader): TargetConfig {
  const target = text(read, 'target') ?? 'global';
  if (target !== 'global' && target !== 'china') {
    throw new Error(`Unknown target "${target}": use -c target=global or -c target=china`);
  }
  const issuer = text(read, 'oidcIssuer');
  const audience = text(read, 'oidcAudience');
  if ((issuer === undefined) !== (audience === undefined)) {
    throw new Error('Give both -c oidcIssuer=… and -c oidcAudience=…, or neither');
  }
  const oidc = issuer && audience ? { issuer: httpsUrl('oidcIssuer', issuer), audience } : undefined;
  const domainName = text(read, 'domainName');
  const iamCertificateId = text(read, 'iamCertificateId');
  const acmCertificateArn = text(read, 'acmCertificateArn');
  if (domainName && !/^[a-z0-9.-]+\.[a-z]{2,}$/i.test(domainName))
    throw new Error(`Invalid domainName "${domainName}"`);
  const domain = domainName ? { domainName, iamCertificateId, acmCertificateArn } : undefined;
  const alarmEmail = text(read, 'alarmEmail');
  const waf = flag(read, 'waf');
  const integrity = integrityFrom(read);
  // Only keys that were given: an absent option stays absent (and defaults where it is used).
  const extras = { ...(waf === undefined ? {} : { waf }), ...(integrity ? { integrity } : {}) };
  const withApiDomain = (region: string | undefined) => {
    const apiDomain = apiDomainFrom(read, region);
    return apiDomain ? { apiDomain } : {};
  };

  if (target === 'global') {
    if (domain && !acmCertificateArn) throw new Error('domainName needs -c acmCertificateArn=… (us-east-1)');
    const region = text(read, 'region');
    return { target, region, oidc, domain, alarmEmail, tracing: true, ...extras, ...withApiDomain(region) };
  }
  const region = text(read, 'region') ?? 'cn-north-1';
  if (!(CHINA_REGIONS as readonly string[]).includes(region)) {
    throw new Error(`target=china needs -c region=cn-north-1 or cn-northwest-1, got "${region}"`);
  }
  if (!oidc)
    throw new Error('target=china has no Cognito user pools: give -c oidcIssuer=… -c oidcAudience=…');
  if (!domain?.iamCertificateId) {
    throw new Error(
      'target=china: CloudFront needs an ICP-recorded -c domainName=… and -c iamCertificateId=…',
    );
  }
  return { target, region, oidc, domain, alarmEmail, tracing: false, ...extras, ...withApiDomain(region) };
}
