/**
 * WebStack: one CloudFront domain for the static web (citizen form at /f/, console at /console/),
 * the console API at /api/console/* and the public API at /api/*, so the browser never makes a
 * cross-origin request and no CORS is needed.
 *
 * The China target gets the same routes on CloudFront's China feature set: an alternate domain with
 * an IAM certificate (no ACM, no *.cloudfront.cn), an origin access identity (no OAC), legacy
 * forwarded values (no cache or origin request policies), and no edge functions or response headers
 * policies (see docs/operations.md for what that changes).
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  Aws,
  type CfnElement,
  CrossStackReferences,
  Duration,
  ReferenceStrength,
  RemovalPolicy,
  Stack,
  type StackProps,
  Token,
  Validations,
} from 'aws-cdk-lib';
import type * as apigateway from 'aws-cdk-lib/aws-apigateway';
import type * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import type { Construct } from 'constructs';
import { repoRoot, type StageConfig, type TargetConfig } from '../config';
import { AppFunction } from '../constructs/app-function';
import { uploadBucketName } from '../upload-bucket';

/** Props of {@link WebStack}. */
export interface WebStackProps extends StackProps {
  readonly config: StageConfig;
  readonly target: TargetConfig;
  /** The REST API served under /api/*. */
  readonly api: apigateway.RestApi;
  /** The staff HTTP API served under /api/console/*. */
  readonly consoleApi: apigwv2.HttpApi;
  /** SSM parameter to publish the site's base URL in, when no custom domain fixes it at synth time. */
  readonly publicBaseUrlParameter?: string;
  /** Built web directory to upload; defaults to `<repo>/web/dist`. */
  readonly webDir?: string;
  /**
   * The value CloudFront sends as {@link ORIGIN_VERIFY_HEADER} to the public API; this stack
   * rotates it (the rotation updates the distribution). Without it no header is sent, and the
   * public function counts every ballot by the address API Gateway saw.
   */
  readonly originVerifySecret?: secretsmanager.ISecret;
  /** The staff identity provider the console signs in with (published as /console/config.json). */
  readonly consoleSignIn?: { issuer: string; clientId: string };
}

/** The header CloudFront adds to every public-API request (the public function reads the same name). */
export const ORIGIN_VERIFY_HEADER = 'x-kmpj-origin-verify';

/** Days between two rotations of the origin-verify secret. */
export const ORIGIN_VERIFY_ROTATION_DAYS = 30;

/**
 * Viewer-request rewrite: S3 has no directory indexes, so `/f/?t=…` must fetch `/f/index.html`.
 * Query strings are separate from `uri` in CloudFront Functions, so the token survives untouched.
 */
const INDEX_REWRITE = `function handler(event) {
  var request = event.request;
  if (request.uri.endsWith('/')) request.uri += 'index.html';
  return request;
}`;

/**
 * CSP for pages we build ourselves: scripts only from our origin, plus the citizen form's inlined
 * script by its hash (scripts/build-web.ts writes the hashes to csp.json); API calls only to our
 * origin. Inline styles are allowed because form widgets set style attributes (no style hashes:
 * a hash in style-src would switch 'unsafe-inline' off).
 */
export function contentSecurityPolicy(webDir: string, uploadOrigin?: string): string {
  const file = path.join(webDir, 'csp.json');
  const built = existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, Record<string, string[]>>)
    : {};
  const inlineScripts = Object.values(built).flatMap((page) =>
    (page['script-src'] ?? []).filter((src) => src.startsWith("'sha256-")),
  );
  return [
    "default-src 'self'",
    ["script-src 'self'", ...new Set(inlineScripts)].join(' '),
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    // Agency files over 1 MiB go from the console straight to the upload bucket (presigned PUT).
    ["connect-src 'self'", ...(uploadOrigin ? [uploadOrigin] : [])].join(' '),
    // The citizen form's ALTCHA solver runs in a same-origin worker file (never a blob:).
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Headers the APIs need from the viewer (China's legacy forwarded values list them explicitly). */
const API_HEADERS = ['Authorization', 'Accept', 'Accept-Language', 'Content-Type', 'X-Correlation-Id'];

/** Private bucket, CloudFront distribution, access logs and the upload of the built web files. */
export class WebStack extends Stack {
  readonly bucket: s3.Bucket;
  readonly logBucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
  /** `https://<domain>` of the site. */
  readonly baseUrl: string;

  constructor(scope: Construct, id: string, props: WebStackProps) {
    super(scope, id, props);
    // Strong references (Export/ImportValue): CloudFormation refuses to delete what this stack
    // still uses. Set before any child exists, as CDK requires.
    CrossStackReferences.of(this).consume(ReferenceStrength.STRONG);
    const { config, target } = props;
    const china = target.target === 'china';
    const destroyable = config.webBucketRemovalPolicy === RemovalPolicy.DESTROY;

    // CloudFront standard logs and S3 server access logs hold client IPs: encrypted, private, and
    // expired after the stage's retention. CloudFront's log delivery still needs object ACLs.
    this.logBucket = new s3.Bucket(this, 'AccessLogs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.OBJECT_WRITER,
      lifecycleRules: [{ expiration: Duration.days(config.accessLogDays) }],
      removalPolicy: config.webBucketRemovalPolicy,
      autoDeleteObjects: destroyable,
    });
    Validations.of(this.logBucket).acknowledge({
      id: 'AwsSolutions::AwsSolutions-S1',
      reason: 'This is the access log bucket; logging it into itself would loop.',
    });

    // Never public: CloudFront reads it through OAC (global) or OAI (China), nobody else can.
    this.bucket = new s3.Bucket(this, 'WebBucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.logBucket,
      serverAccessLogsPrefix: 'web-bucket/',
      removalPolicy: config.webBucketRemovalPolicy,
      autoDeleteObjects: destroyable,
    });

    this.distribution = china ? this.chinaDistribution(props) : this.globalDistribution(props);
    this.baseUrl = `https://${target.domain?.domainName ?? this.distribution.distributionDomainName}`;
    if (props.originVerifySecret) this.rotateOriginVerify(props, props.originVerifySecret);

    if (props.publicBaseUrlParameter) {
      // Read by the console function at cold start; a direct reference would close the cycle
      // web → api (origin) → console function (env) → web (domain).
      new ssm.StringParameter(this, 'PublicBaseUrl', {
        parameterName: props.publicBaseUrlParameter,
        stringValue: this.baseUrl,
        description: 'Base URL of the site, printed in QR codes',
      });
    }

    const deployment = new s3deploy.BucketDeployment(this, 'WebDeployment', {
      sources: [
        s3deploy.Source.asset(props.webDir ?? path.join(repoRoot, 'web', 'dist')),
        // Present in AWS only: the console signs in with OIDC (code + PKCE) instead of the dev sign-in.
        ...(props.consoleSignIn
          ? [
              s3deploy.Source.jsonData('console/config.json', {
                ...props.consoleSignIn,
                redirectUri: `${this.baseUrl}/console/`,
              }),
            ]
          : []),
      ],
      destinationBucket: this.bucket,
      // Invalidate so that a new form version is served right after deploy.
      distribution: this.distribution,
      distributionPaths: ['/*'],
      memoryLimit: 512,
    });
    this.acknowledgeCdkHelpers(deployment);
  }

  /**
   * The origin-verify secret's rotation: a function that writes a new value into the distribution's
   * public-API origin (Secrets Manager's four steps, functions/handlers/origin-verify-rotation.ts),
   * every {@link ORIGIN_VERIFY_ROTATION_DAYS} days.
   */
  private rotateOriginVerify(props: WebStackProps, secret: secretsmanager.ISecret): void {
    const fn = new AppFunction(this, 'OriginVerifyRotation', {
      entry: 'functions/handlers/origin-verify-rotation.ts',
      config: props.config,
      serviceName: 'kmpj-origin-verify-rotation',
      tracing: props.target.tracing,
      timeout: Duration.seconds(60),
      environment: { DISTRIBUTION_ID: this.distribution.distributionId },
    });
    fn.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['cloudfront:GetDistributionConfig', 'cloudfront:UpdateDistribution'],
        resources: [
          Stack.of(this).formatArn({
            service: 'cloudfront',
            region: '',
            resource: 'distribution',
            resourceName: this.distribution.distributionId,
          }),
        ],
      }),
    );
    fn.role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['secretsmanager:GetRandomPassword'], resources: ['*'] }),
    );
    Validations.of(fn.role).acknowledge({
      id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
      reason: 'secretsmanager:GetRandomPassword has no resource; it reads and writes no secret.',
    });
    Validations.of(fn.fn.node.defaultChild as Construct).acknowledge({
      id: 'Serverless::Serverless-LambdaDLQ',
      reason: 'Secrets Manager invokes it synchronously per rotation step and records a failed step.',
    });
    new secretsmanager.RotationSchedule(this, 'OriginVerifyRotationSchedule', {
      secret,
      rotationLambda: fn.fn,
      automaticallyAfter: Duration.days(ORIGIN_VERIFY_ROTATION_DAYS),
    });
  }

  private logging() {
    return { enableLogging: true, logBucket: this.logBucket, logFilePrefix: 'cloudfront/' };
  }

  private globalDistribution(props: WebStackProps): cloudfront.Distribution {
    const { config, target } = props;
    const indexRewrite = new cloudfront.Function(this, 'IndexRewrite', {
      comment: 'Rewrite directory URIs to index.html',
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      code: cloudfront.FunctionCode.fromInline(INDEX_REWRITE),
    });

    const securityHeaders = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: `${config.stackPrefix}security headers`,
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          contentSecurityPolicy: contentSecurityPolicy(
            props.webDir ?? path.join(repoRoot, 'web', 'dist'),
            `https://${uploadBucketName(config)}.s3.${Aws.REGION}.${Aws.URL_SUFFIX}`,
          ),
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.NO_REFERRER, override: true },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(365),
          includeSubdomains: true,
          override: true,
        },
      },
    });

    // Answers and tokens are per request: never cache, forward query strings and headers
    // (but not Host, which API Gateway needs to be its own).
    const apiBehavior = (origin: cloudfront.IOrigin): cloudfront.BehaviorOptions => ({
      origin,
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
      cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
      originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      responseHeadersPolicy: securityHeaders,
    });

    const domain = target.domain;
    const distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: `${config.stackPrefix}web and api`,
      defaultRootObject: 'index.html',
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      ...(domain?.acmCertificateArn
        ? {
            domainNames: [domain.domainName],
            certificate: acm.Certificate.fromCertificateArn(this, 'Certificate', domain.acmCertificateArn),
            minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
          }
        : {}),
      ...this.logging(),
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: securityHeaders,
        functionAssociations: [
          { function: indexRewrite, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST },
        ],
      },
      // Order matters: CloudFront takes the first matching pattern, so the console goes first.
      additionalBehaviors: {
        '/api/console/*': apiBehavior(consoleOrigin(this, props.consoleApi)),
        '/api/*': apiBehavior(publicApiOrigin(props)),
      },
    });
    this.acknowledgeDistribution(distribution, !domain);
    return distribution;
  }

  /**
   * The China distribution. The L2 construct renders features CloudFront China rejects (cache and
   * origin request policies), so they are replaced with legacy forwarded values by raw overrides.
   */
  private chinaDistribution(props: WebStackProps): cloudfront.Distribution {
    const { config, target } = props;
    const domain = target.domain;
    if (!domain?.iamCertificateId) throw new Error('target=china needs domainName and iamCertificateId');
    const distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: `${config.stackPrefix}web and api`,
      defaultRootObject: 'index.html',
      httpVersion: cloudfront.HttpVersion.HTTP2,
      ...this.logging(),
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessIdentity(this.bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      },
      additionalBehaviors: {
        '/api/console/*': {
          origin: consoleOrigin(this, props.consoleApi),
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
        },
        '/api/*': {
          origin: publicApiOrigin(props),
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
        },
      },
    });
    const cfn = distribution.node.defaultChild as cloudfront.CfnDistribution;
    cfn.addPropertyOverride('DistributionConfig.Aliases', [domain.domainName]);
    cfn.addPropertyOverride('DistributionConfig.ViewerCertificate', {
      IamCertificateId: domain.iamCertificateId,
      SslSupportMethod: 'sni-only',
      MinimumProtocolVersion: 'TLSv1.2_2021',
    });
    cfn.addPropertyDeletionOverride('DistributionConfig.DefaultCacheBehavior.CachePolicyId');
    cfn.addPropertyOverride('DistributionConfig.DefaultCacheBehavior.ForwardedValues', {
      QueryString: false,
      Cookies: { Forward: 'none' },
    });
    for (const index of [0, 1]) {
      const behavior = `DistributionConfig.CacheBehaviors.${index}`;
      cfn.addPropertyDeletionOverride(`${behavior}.CachePolicyId`);
      // Nothing of an API response is cached; the listed headers and the query string reach the API.
      cfn.addPropertyOverride(`${behavior}.ForwardedValues`, {
        QueryString: true,
        Headers: API_HEADERS,
        Cookies: { Forward: 'none' },
      });
      cfn.addPropertyOverride(`${behavior}.MinTTL`, 0);
      cfn.addPropertyOverride(`${behavior}.DefaultTTL`, 0);
      cfn.addPropertyOverride(`${behavior}.MaxTTL`, 0);
    }
    this.acknowledgeDistribution(distribution, false);
    Validations.of(distribution).acknowledge({
      id: 'AwsSolutions::AwsSolutions-CFR4',
      reason:
        'Fixed by the ViewerCertificate override above (TLSv1.2_2021, SNI), which cdk-nag cannot see; the infra tests assert it.',
    });
    Validations.of(distribution).acknowledge({
      id: 'AwsSolutions::AwsSolutions-CFR7',
      reason:
        'CloudFront China has no origin access control (AWS::CloudFront::OriginAccessControl is rejected); an origin access identity keeps the bucket private instead.',
    });
    return distribution;
  }

  private acknowledgeDistribution(distribution: cloudfront.Distribution, defaultDomain: boolean): void {
    const reasons: Record<string, string> = {
      'AwsSolutions::AwsSolutions-CFR1':
        'No geo restriction: citizens answer from wherever their phone roams; the QR token, not the country, ' +
        'is what makes a submission acceptable.',
      'AwsSolutions::AwsSolutions-CFR2':
        'No CloudFront WAF: it must live in us-east-1 (global) and does not exist for CloudFront China; the ' +
        'APIs behind it are throttled, and a regional WAF is the documented next step.',
    };
    if (defaultDomain) {
      reasons['AwsSolutions::AwsSolutions-CFR4'] =
        'The default *.cloudfront.net certificate cannot set a minimum TLS version; with -c domainName and a ' +
        'certificate the distribution enforces TLSv1.2_2021 (see docs/operations.md).';
    }
    for (const [id, reason] of Object.entries(reasons))
      Validations.of(distribution).acknowledge({ id, reason });
  }

  /** Findings on the Lambda functions CDK itself adds for the upload and (dev) bucket cleanup. */
  private acknowledgeCdkHelpers(deployment: s3deploy.BucketDeployment): void {
    const helpers = this.node.children.filter(
      (c) =>
        c.node.id.startsWith('Custom::CDKBucketDeployment') ||
        c.node.id.startsWith('Custom::S3AutoDeleteObjects'),
    );
    const reason = (what: string) =>
      `CDK-managed ${what} of the web upload custom resource, run only by CloudFormation.`;
    const ids: Array<[string, string]> = [
      ['AwsSolutions::AwsSolutions-L1', reason('runtime')],
      ['Serverless::Serverless-LambdaLatestVersion', reason('runtime')],
      [
        'Serverless::Serverless-LambdaDLQ',
        reason('synchronous custom resource handler (CloudFormation sees failures)'),
      ],
      ['Serverless::Serverless-LambdaTracing', reason('handler, not part of the request path')],
      ['Serverless::Serverless-LambdaDefaultMemorySize', reason('memory setting')],
      [
        'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason('log permissions'),
      ],
      ['AwsSolutions::AwsSolutions-IAM5[Action::s3:GetObject*]', reason('read of the CDK asset bucket')],
      ['AwsSolutions::AwsSolutions-IAM5[Action::s3:GetBucket*]', reason('read of the CDK asset bucket')],
      ['AwsSolutions::AwsSolutions-IAM5[Action::s3:List*]', reason('listing for the sync')],
      ['AwsSolutions::AwsSolutions-IAM5[Action::s3:DeleteObject*]', reason('prune of removed web files')],
      ['AwsSolutions::AwsSolutions-IAM5[Action::s3:Abort*]', reason('multipart upload cleanup')],
      [
        'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
        reason('CloudFront invalidation, which has no resource-level permission'),
      ],
    ];
    for (const helper of [deployment, ...helpers]) {
      for (const [id, why] of ids) Validations.of(helper).acknowledge({ id, reason: why });
    }
    // The asset bucket and web bucket object wildcards: the sync writes and prunes whole prefixes.
    const region = Token.isUnresolved(this.region) ? '<AWS::Region>' : this.region;
    for (const helper of helpers) {
      Validations.of(helper).acknowledge({
        id: `AwsSolutions::AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-${region}/*]`,
        reason: reason('read of its own asset objects'),
      });
      Validations.of(helper).acknowledge({
        id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${this.getLogicalId(this.bucket.node.defaultChild as CfnElement)}.Arn>/*]`,
        reason: reason('sync of every object of the web bucket'),
      });
    }
  }
}

/**
 * The REST API as a CloudFront origin, sending the origin-verify secret when there is one: through
 * the API's own domain when the deployment gives one (its root is mapped to the stage, and the
 * execute-api endpoint is disabled), otherwise through the execute-api endpoint and stage path.
 */
function publicApiOrigin(props: WebStackProps): cloudfront.IOrigin {
  const secret = props.originVerifySecret;
  const customHeaders = secret ? { [ORIGIN_VERIFY_HEADER]: secret.secretValue.unsafeUnwrap() } : undefined;
  const apiDomain = props.target.apiDomain;
  if (apiDomain) {
    return new origins.HttpOrigin(apiDomain.domainName, {
      protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
      originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
      ...(customHeaders ? { customHeaders } : {}),
    });
  }
  return new origins.RestApiOrigin(props.api, customHeaders ? { customHeaders } : {});
}

/** The HTTP API as a CloudFront origin: its execute-api host, HTTPS only, no path prefix. */
function consoleOrigin(scope: Construct, api: apigwv2.HttpApi): cloudfront.IOrigin {
  const host = `${api.apiId}.execute-api.${Stack.of(scope).region}.${Stack.of(scope).urlSuffix}`;
  return new origins.HttpOrigin(host, { protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY });
}
