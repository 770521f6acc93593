/**
 * WebStack: one CloudFront domain for the static web (citizen form at /f/, console at /console/)
 * and the API at /api/*, so the browser never makes a cross-origin request and no CORS is needed.
 */
import * as path from 'node:path';
import {
  CrossStackReferences,
  Duration,
  ReferenceStrength,
  RemovalPolicy,
  Stack,
  type StackProps,
} from 'aws-cdk-lib';
import type * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import type { Construct } from 'constructs';
import { repoRoot, type StageConfig } from '../config';

/** Props of {@link WebStack}. */
export interface WebStackProps extends StackProps {
  readonly config: StageConfig;
  /** The REST API served under /api/*. */
  readonly api: apigateway.RestApi;
  /** Built web directory to upload; defaults to `<repo>/web/dist`. */
  readonly webDir?: string;
}

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
 * CSP for pages we build ourselves: scripts only from our origin, API calls only to our origin.
 * Inline styles are allowed because form widgets set style attributes.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Private bucket, CloudFront distribution and the upload of the built web files. */
export class WebStack extends Stack {
  readonly bucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;

  constructor(scope: Construct, id: string, props: WebStackProps) {
    super(scope, id, props);
    // Strong references (Export/ImportValue): CloudFormation refuses to delete what this stack
    // still uses. Set before any child exists, as CDK requires.
    CrossStackReferences.of(this).consume(ReferenceStrength.STRONG);
    const { config } = props;
    const destroyable = config.webBucketRemovalPolicy === RemovalPolicy.DESTROY;

    // Never public: CloudFront reads it through Origin Access Control, nobody else can.
    this.bucket = new s3.Bucket(this, 'WebBucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: config.webBucketRemovalPolicy,
      autoDeleteObjects: destroyable,
    });

    const indexRewrite = new cloudfront.Function(this, 'IndexRewrite', {
      comment: 'Rewrite directory URIs to index.html',
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      code: cloudfront.FunctionCode.fromInline(INDEX_REWRITE),
    });

    const securityHeaders = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: `${config.stackPrefix}security headers`,
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: CONTENT_SECURITY_POLICY, override: true },
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

    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: `${config.stackPrefix}web and api`,
      defaultRootObject: 'index.html',
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: securityHeaders,
        functionAssociations: [
          { function: indexRewrite, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST },
        ],
      },
      additionalBehaviors: {
        // Answers and tokens are per request: never cache, forward query strings and headers
        // (but not Host, which API Gateway needs to be its own).
        '/api/*': {
          origin: new origins.RestApiOrigin(props.api),
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
          cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
          originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          responseHeadersPolicy: securityHeaders,
        },
      },
    });

    new s3deploy.BucketDeployment(this, 'WebDeployment', {
      sources: [s3deploy.Source.asset(props.webDir ?? path.join(repoRoot, 'web', 'dist'))],
      destinationBucket: this.bucket,
      // Invalidate so that a new form version is served right after deploy.
      distribution: this.distribution,
      distributionPaths: ['/*'],
      memoryLimit: 512,
    });
  }
}
