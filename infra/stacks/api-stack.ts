/**
 * ApiStack: the QR signing secret and the two APIs.
 *
 * - Public (citizens): a REST API, because only REST APIs accept AWS WAF, request validators and
 *   per-client throttling, which a public survey endpoint may need.
 * - Console (staff): an HTTP API with a JWT authorizer, so no unauthenticated request ever reaches
 *   the console function; the issuer is Cognito (global) or an external OIDC provider (China).
 */
import {
  Annotations,
  CfnOutput,
  CrossStackReferences,
  Duration,
  ReferenceStrength,
  RemovalPolicy,
  Stack,
  type StackProps,
  Validations,
} from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';
import {
  auditTable,
  directoryTable,
  questionnairesTable,
  responsesTable,
  scoringTable,
} from '../../functions/db/tables';
import { type StageConfig, type TargetConfig, wafEnabled } from '../config';
import { AppFunction } from '../constructs/app-function';
import { UPLOAD_PREFIX, uploadBucketNagName, uploadBucketName } from '../upload-bucket';
import type { DataStack } from './data-stack';

/** Where the console learns the site's base URL (for the URLs printed in QR codes). */
export type PublicBaseUrlSource =
  /** Known at synth time: a custom domain from context. */
  | { readonly url: string }
  /** Known only after the web stack exists: an SSM parameter the web stack writes, read at cold start. */
  | { readonly parameterName: string };

/** The staff token issuer the console API's authorizer trusts. */
export interface StaffIdentity {
  readonly issuer: string;
  readonly audience: string;
}

/** Props of {@link ApiStack}. */
export interface ApiStackProps extends StackProps {
  readonly config: StageConfig;
  readonly target: TargetConfig;
  /** Source of the tables the functions are bound to, and of the data key. */
  readonly data: DataStack;
  readonly staffIdentity: StaffIdentity;
  readonly publicBaseUrl: PublicBaseUrlSource;
}

/** Contact-key actions: encrypting a phone (KMS Encrypt of the value itself) and reading one back. */
export const CONTACT_KEY_ENCRYPT = ['kms:Encrypt'];
export const CONTACT_KEY_REENCRYPT = ['kms:Decrypt', 'kms:Encrypt'];

/**
 * `PUBLIC_BASE_URL` or the SSM parameter that holds it (see functions/handlers/public-base-url.ts),
 * and, in the China regions, the form's full path: CloudFront there has no viewer-request function
 * to rewrite `/f/` to `/f/index.html`, so QR codes must name the file.
 */
function publicBaseUrlEnv(source: PublicBaseUrlSource, target: TargetConfig): Record<string, string> {
  return {
    ...('url' in source
      ? { PUBLIC_BASE_URL: source.url }
      : { PUBLIC_BASE_URL_PARAMETER: source.parameterName }),
    ...(target.target === 'china' ? { FORM_PATH: '/f/index.html' } : {}),
  };
}

/**
 * Fields of both APIs' access logs: what happened, never who (no IP, no user agent, no body).
 * Valid JSON (every value quoted) so that Logs Insights and metric filters parse each line.
 */
function accessLogFormat(config: StageConfig, api: 'public' | 'console', v2: boolean): string {
  const path = v2 ? '$context.routeKey' : '$context.resourcePath';
  return JSON.stringify({
    requestId: '$context.requestId',
    time: '$context.requestTime',
    method: '$context.httpMethod',
    path,
    status: '$context.status',
    latencyMs: '$context.integrationLatency',
    error: '$context.error.message',
    api,
    kmpjStage: config.stage,
  });
}

/** The QR secret, the public and console functions, and the two APIs in front of them. */
export class ApiStack extends Stack {
  readonly api: apigateway.RestApi;
  readonly consoleApi: apigwv2.HttpApi;
  readonly publicFunction: AppFunction;
  readonly consoleFunction: AppFunction;
  readonly qrSecret: secretsmanager.Secret;
  /**
   * The value CloudFront sends as the origin-verify header to the public API; rotated by the web
   * stack, which owns the distribution the rotation updates.
   */
  readonly originVerifySecret: secretsmanager.Secret;
  /** Rate-based rules in front of the public REST API (when WAF is enabled for the target). */
  readonly webAcl?: wafv2.CfnWebACL;
  /** The public API's own regional domain (CloudFront's origin), when the deployment gives one. */
  readonly apiDomain?: apigateway.DomainName;
  /** Access log groups of the public and console APIs (metric filters count 429s in them). */
  readonly accessLogs: { readonly public: logs.LogGroup; readonly console: logs.LogGroup };

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    // Strong references (Export/ImportValue): CloudFormation refuses to delete what this stack
    // still uses. Set before any child exists, as CDK requires.
    CrossStackReferences.of(this).consume(ReferenceStrength.STRONG);
    const { config, data, target } = props;

    // HMAC key for QR tokens. Generated by Secrets Manager so that no human ever sees it, and
    // encrypted with the data key so that the same key policy governs tables and secret.
    this.qrSecret = new secretsmanager.Secret(this, 'QrSecret', {
      description: 'HMAC key that signs the QR tokens printed at service points',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      encryptionKey: data.key,
      removalPolicy: config.qrSecretRemovalPolicy,
    });
    Validations.of(this.qrSecret).acknowledge({
      id: 'AwsSolutions::AwsSolutions-SMG4',
      reason:
        'Rotating this key invalidates every QR poster in the field, so it is rotated by a planned, manual ' +
        'procedure with a reprint (docs/operations.md), never on a timer.',
    });

    // Proof that a request came through this deployment's CloudFront (only then is its viewer
    // address header believed). Under the AWS-managed key: the rotation function lives in the web
    // stack, and a grant on the data key would tie that key's policy to it.
    this.originVerifySecret = new secretsmanager.Secret(this, 'OriginVerifySecret', {
      description: 'Header value CloudFront sends to the public API, proving the request came through it',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: RemovalPolicy.DESTROY,
    });
    Validations.of(this.originVerifySecret).acknowledge({
      id: 'AwsSolutions::AwsSolutions-SMG4',
      reason:
        'Rotated every 30 days by the web stack (OriginVerifyRotation), which owns the distribution it updates.',
    });

    this.publicFunction = new AppFunction(this, 'PublicApi', {
      entry: 'functions/handlers/public-api.ts',
      config,
      serviceName: 'kmpj-public-api',
      tracing: target.tracing,
      environment: {
        QR_SECRET_ARN: this.qrSecret.secretArn,
        ORIGIN_VERIFY_SECRET_ARN: this.originVerifySecret.secretArn,
        CONTACT_KEY_ARN: data.contactKey.keyArn,
        // Form URLs handed to window displays and queue systems are absolute.
        ...publicBaseUrlEnv(props.publicBaseUrl, target),
        ...target.integrity,
      },
    });
    // Least privilege: citizens only ever write responses; the rest is read to render the form.
    // The quiet-limit counters are written by the Responses stream's function, and the scoring and
    // audit tables are deliberately not bound: none is reachable from the public API.
    this.publicFunction.bindTable(data.table(responsesTable), 'RW');
    this.publicFunction.bindTable(data.table(directoryTable), 'RO');
    this.publicFunction.bindTable(data.table(questionnairesTable), 'RO');
    this.grantQrSecret(this.publicFunction, data);
    this.originVerifySecret.grantRead(this.publicFunction.fn);
    this.grantPublicBaseUrl(this.publicFunction, props.publicBaseUrl);
    // Encrypt-only: a citizen's phone is sealed on submission and never read back by the public API.
    this.publicFunction.useKey(data.contactKey, CONTACT_KEY_ENCRYPT);
    acknowledgeSynchronous(
      this.publicFunction,
      'API Gateway invokes it synchronously; the caller sees the error.',
    );

    this.accessLogs = {
      public: new logs.LogGroup(this, 'PublicApiAccessLogs', {
        retention: config.logRetention,
        removalPolicy: config.logRemovalPolicy,
      }),
      console: new logs.LogGroup(this, 'ConsoleApiAccessLogs', {
        retention: config.logRetention,
        removalPolicy: config.logRemovalPolicy,
      }),
    };

    this.api = new apigateway.LambdaRestApi(this, 'PublicRestApi', {
      restApiName: `${config.stackPrefix}public-api`,
      description: 'Citizen survey API, served through CloudFront under /api/*',
      handler: this.publicFunction.fn,
      // The proxy is added below by hand (same construct id as proxy: true), so that the sensitive
      // paths can have resources of their own, and with them method throttling of their own.
      proxy: false,
      // No console "Test" invoke permissions: the function is reachable through the stage only.
      integrationOptions: { allowTestInvoke: false },
      // CloudFront is already in front; an edge-optimised endpoint would add a second CloudFront hop.
      endpointTypes: [apigateway.EndpointType.REGIONAL],
      // With a domain of its own, the API answers only there: nobody reaches it around CloudFront.
      disableExecuteApiEndpoint: target.apiDomain !== undefined,
      // Execution and access logs of a REST API need the account-level CloudWatch role. The role is
      // retained, so that deleting one stage's stack never breaks logging of the other.
      cloudWatchRole: true,
      cloudWatchRoleRemovalPolicy: RemovalPolicy.RETAIN,
      deployOptions: {
        stageName: config.stage,
        tracingEnabled: target.tracing,
        metricsEnabled: true,
        // Errors only, and never request/response bodies: those hold citizens' answers.
        loggingLevel: apigateway.MethodLoggingLevel.ERROR,
        dataTraceEnabled: false,
        accessLogDestination: new apigateway.LogGroupLogDestination(this.accessLogs.public),
        accessLogFormat: apigateway.AccessLogFormat.custom(accessLogFormat(config, 'public', false)),
        // Stage-wide default for every method ('/*/*'): caps what a flood of scans can cost.
        throttlingRateLimit: config.apiThrottle.rateLimit,
        throttlingBurstLimit: config.apiThrottle.burstLimit,
        // The proxy method receives every request; pin its limits explicitly so that a later
        // change of the stage default does not silently loosen the public endpoint.
        methodOptions: {
          '/{proxy+}/ANY': {
            throttlingRateLimit: config.apiThrottle.rateLimit,
            throttlingBurstLimit: config.apiThrottle.burstLimit,
          },
          ...methodThrottles(config),
        },
      },
    });
    addPublicResources(this.api);
    this.apiDomain = this.publicApiDomain(target);
    if (wafEnabled(target)) this.webAcl = this.createWebAcl(config);
    this.acknowledgePublicApi(this.webAcl !== undefined);
    if (!target.tracing) {
      Validations.of(this.api.deploymentStage).acknowledge({
        id: 'Serverless::Serverless-APIGWXrayEnabled',
        reason:
          'No X-Ray tracing in the China target (no Lambda integration there); correlation ids stand in.',
      });
    }

    this.consoleFunction = this.createConsoleFunction(props);
    this.consoleApi = this.createConsoleApi(props);
  }

  private createConsoleFunction(props: ApiStackProps): AppFunction {
    const { config, data, target, staffIdentity, publicBaseUrl } = props;
    const fn = new AppFunction(this, 'ConsoleApi', {
      entry: 'functions/handlers/console-api.ts',
      config,
      serviceName: 'kmpj-console-api',
      tracing: target.tracing,
      // Exports and rankings read more than a form does; still far below API Gateway's 29 s limit.
      memorySize: 1024,
      timeout: Duration.seconds(25),
      environment: {
        QR_SECRET_ARN: this.qrSecret.secretArn,
        JWT_ISSUER: staffIdentity.issuer,
        JWT_AUDIENCE: staffIdentity.audience,
        CONTACT_KEY_ARN: data.contactKey.keyArn,
        UPLOAD_BUCKET: uploadBucketName(config),
        ...publicBaseUrlEnv(publicBaseUrl, target),
      },
    });
    for (const spec of [directoryTable, questionnairesTable, responsesTable, scoringTable]) {
      fn.bindTable(data.table(spec), 'RW');
    }
    // The audit trail's immutability: reads and PutItem, never UpdateItem or DeleteItem.
    fn.bindTable(data.table(auditTable), 'APPEND');
    this.grantQrSecret(fn, data);
    this.grantPublicBaseUrl(fn, publicBaseUrl);
    // Reveal decrypts a phone; opening a case by hand (or from a response) encrypts it under the case.
    fn.useKey(data.contactKey, CONTACT_KEY_REENCRYPT);
    // Presigned upload URLs for agency analysts: PUT under the upload prefix, nothing else.
    fn.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['s3:PutObject'],
        resources: [`arn:${this.partition}:s3:::${uploadBucketName(config)}/${UPLOAD_PREFIX}*`],
      }),
    );
    Validations.of(fn.role).acknowledge({
      id: `AwsSolutions::AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::${uploadBucketNagName(config)}/${UPLOAD_PREFIX}*]`,
      reason:
        'Presigned PUTs of agency uploads: each object key is chosen per upload under the upload prefix.',
    });
    acknowledgeSynchronous(fn, 'The HTTP API invokes it synchronously; the caller sees the error.');
    return fn;
  }

  private createConsoleApi(props: ApiStackProps): apigwv2.HttpApi {
    const { config, staffIdentity } = props;
    const authorizer = new HttpJwtAuthorizer('StaffJwt', staffIdentity.issuer, {
      jwtAudience: [staffIdentity.audience],
      identitySource: ['$request.header.Authorization'],
    });
    const api = new apigwv2.HttpApi(this, 'ConsoleHttpApi', {
      apiName: `${config.stackPrefix}console-api`,
      description: 'Staff console API, served through CloudFront under /api/console/*',
      createDefaultStage: false,
      // Same origin through CloudFront: no CORS, and no execute-api URL is handed to browsers.
    });
    api.addRoutes({
      path: '/api/console/{proxy+}',
      methods: [apigwv2.HttpMethod.ANY],
      integration: new HttpLambdaIntegration('Console', this.consoleFunction.fn),
      authorizer,
    });
    new apigwv2.HttpStage(this, 'ConsoleStage', {
      httpApi: api,
      stageName: '$default',
      autoDeploy: true,
      throttle: {
        rateLimit: config.consoleThrottle.rateLimit,
        burstLimit: config.consoleThrottle.burstLimit,
      },
      accessLogSettings: {
        destination: new apigwv2.LogGroupLogDestination(this.accessLogs.console),
        format: apigateway.AccessLogFormat.custom(accessLogFormat(config, 'console', true)),
      },
    });
    return api;
  }

  /** `ssm:GetParameter` on the base-URL parameter, by name (the web stack owns it: a reference would be a cycle). */
  private grantPublicBaseUrl(fn: AppFunction, source: PublicBaseUrlSource): void {
    if (!('parameterName' in source)) return;
    fn.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['ssm:GetParameter'],
        resources: [
          this.formatArn({
            service: 'ssm',
            resource: 'parameter',
            resourceName: source.parameterName.replace(/^\//, ''),
          }),
        ],
      }),
    );
  }

  /**
   * Regional WebACL on the public stage with two rate-based rules per viewer address: every request,
   * and submissions alone. CloudFront is the caller, so the viewer is taken from X-Forwarded-For
   * (WAF reads its first entry, which a client can prepend to: the rule stops floods from naive
   * clients, the integrity checks' quiet limits do the rest). Requests without the header (direct
   * calls to execute-api) are counted by their source address instead (fallback MATCH).
   */
  private createWebAcl(config: StageConfig): wafv2.CfnWebACL {
    const visibility = (metricName: string) => ({
      cloudWatchMetricsEnabled: true,
      metricName,
      sampledRequestsEnabled: true,
    });
    const perViewer = (limit: number, scopeDownStatement?: wafv2.CfnWebACL.StatementProperty) => ({
      rateBasedStatement: {
        limit,
        evaluationWindowSec: 300,
        aggregateKeyType: 'FORWARDED_IP',
        forwardedIpConfig: { headerName: 'X-Forwarded-For', fallbackBehavior: 'MATCH' },
        ...(scopeDownStatement ? { scopeDownStatement } : {}),
      },
    });
    const submissions: wafv2.CfnWebACL.StatementProperty = {
      andStatement: {
        statements: [
          {
            byteMatchStatement: {
              fieldToMatch: { method: {} },
              positionalConstraint: 'EXACTLY',
              searchString: 'POST',
              textTransformations: [{ priority: 0, type: 'NONE' }],
            },
          },
          {
            byteMatchStatement: {
              fieldToMatch: { uriPath: {} },
              positionalConstraint: 'ENDS_WITH',
              searchString: '/responses',
              textTransformations: [{ priority: 0, type: 'NONE' }],
            },
          },
        ],
      },
    };
    const acl = new wafv2.CfnWebACL(this, 'PublicApiWebAcl', {
      scope: 'REGIONAL',
      description: 'Rate limits per viewer address in front of the citizen API',
      defaultAction: { allow: {} },
      visibilityConfig: visibility(`${config.stackPrefix}public-api`),
      rules: [
        {
          name: 'SubmissionsPerViewer',
          priority: 0,
          action: { block: {} },
          statement: perViewer(config.waf.submissionsPerViewer, submissions),
          visibilityConfig: visibility(`${config.stackPrefix}submissions-per-viewer`),
        },
        {
          name: 'RequestsPerViewer',
          priority: 1,
          action: { block: {} },
          statement: perViewer(config.waf.perViewer),
          visibilityConfig: visibility(`${config.stackPrefix}requests-per-viewer`),
        },
      ],
    });
    new wafv2.CfnWebACLAssociation(this, 'PublicApiWebAclAssociation', {
      resourceArn: this.api.deploymentStage.stageArn,
      webAclArn: acl.attrArn,
    });
    return acl;
  }

  /** Read access to the QR secret (identity statements only: see AppFunction.readSecret). */
  private grantQrSecret(fn: AppFunction, data: DataStack): void {
    fn.readSecret(this.qrSecret, data.key);
  }

  /** The public API's nag findings that are decisions, not defects. */
  /**
   * The public API's regional custom domain, its root mapped to the stage, for CloudFront to use as
   * origin, so the default execute-api endpoint can be disabled. Without `apiDomainName` and
   * `apiCertificateArn` that endpoint stays on, and the synth says so.
   */
  private publicApiDomain(target: TargetConfig): apigateway.DomainName | undefined {
    if (!target.apiDomain) {
      Annotations.of(this.api).addWarningV2(
        'kmpj:execute-api-endpoint-enabled',
        'The public API keeps its default execute-api endpoint: give -c apiDomainName=… -c ' +
          "apiCertificateArn=… (ACM, the stack's region) to serve it through a domain of its own and disable it. " +
          'A request there lacks the origin-verify header, so its client-address headers are not believed.',
      );
      return undefined;
    }
    const domain = new apigateway.DomainName(this, 'PublicApiDomain', {
      domainName: target.apiDomain.domainName,
      certificate: acm.Certificate.fromCertificateArn(
        this,
        'PublicApiCertificate',
        target.apiDomain.certificateArn,
      ),
      endpointType: apigateway.EndpointType.REGIONAL,
      securityPolicy: apigateway.SecurityPolicy.TLS_1_2,
      mapping: this.api,
    });
    new CfnOutput(this, 'PublicApiDomainTarget', {
      description: `DNS: point ${target.apiDomain.domainName} (CNAME or alias) at this regional name`,
      value: domain.domainNameAliasDomainName,
    });
    return domain;
  }

  private acknowledgePublicApi(waf: boolean): void {
    const reasons: Record<string, string> = {
      'AwsSolutions::AwsSolutions-APIG2':
        'Requests are validated once, in the function, against the questionnaire version (valibot); a gateway ' +
        'model would duplicate that schema and drift from it.',
      'AwsSolutions::AwsSolutions-APIG4':
        'Citizens are anonymous by design; each submission is bound to an HMAC-signed QR token instead.',
      'AwsSolutions::AwsSolutions-COG4':
        'Citizens are anonymous by design; staff use the separate console API with a JWT authorizer.',
    };
    if (!waf) {
      reasons['AwsSolutions::AwsSolutions-APIG3'] =
        'WAF switched off for this target (-c waf=false, the china default until verified there): stage and ' +
        'method throttling cap abuse; see docs/operations.md.';
    }
    for (const [id, reason] of Object.entries(reasons)) Validations.of(this.api).acknowledge({ id, reason });
    Validations.of(this.api).acknowledge({
      id: 'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
      reason: 'The account-level API Gateway logging role; AWS maintains the exact permissions it needs.',
    });
  }
}

/** A function invoked synchronously has no asynchronous failure to catch in a DLQ. */
function acknowledgeSynchronous(fn: AppFunction, reason: string): void {
  Validations.of(fn.fn.node.defaultChild as Construct).acknowledge({
    id: 'Serverless::Serverless-LambdaDLQ',
    reason,
  });
}

/** Method throttling of the sensitive paths, keyed as `deployOptions.methodOptions` expects. */
function methodThrottles(config: StageConfig): Record<string, apigateway.MethodDeploymentOptions> {
  const limits = (l: { rateLimit: number; burstLimit: number }) => ({
    throttlingRateLimit: l.rateLimit,
    throttlingBurstLimit: l.burstLimit,
  });
  const t = config.methodThrottle;
  return {
    '/api/v1/forms/{token}/responses/POST': limits(t.submissions),
    '/api/v1/integrations/{proxy+}/ANY': limits(t.integrations),
    '/api/v1/displays/{proxy+}/ANY': limits(t.displays),
  };
}

/**
 * The public API's resources. One `{proxy+}` would do for routing (the Hono app routes), but API
 * Gateway throttles per resource and method, so the paths that need tighter limits get resources of
 * their own, all integrated with the same function. API Gateway does not fall back from an explicit
 * resource to a greedy variable higher up, so every explicit level also gets its own `{proxy+}` (and,
 * for `/forms/{token}`, ANY) to keep every other path reaching the app. A resource can have only one
 * variable child, which is why `/forms` has `{token}` and no `{proxy+}`.
 */
function addPublicResources(api: apigateway.RestApi): void {
  api.root.addProxy();
  const apiRoot = api.root.addResource('api');
  apiRoot.addProxy();
  const v1 = apiRoot.addResource('v1');
  v1.addProxy();
  const token = v1.addResource('forms').addResource('{token}');
  token.addMethod('ANY');
  token.addProxy();
  token.addResource('responses').addMethod('POST');
  v1.addResource('integrations').addProxy();
  v1.addResource('displays').addProxy();
}
