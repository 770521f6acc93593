/**
 * IdentityStack (global target only): the Cognito user pool of staff accounts. The China regions
 * have no Cognito user pools; there the console trusts an external OIDC issuer instead.
 *
 * Staff are created by an administrator (docs/operations.md), never by self sign-up, and log in
 * with SRP plus a TOTP second factor. No hosted UI: its callback URL would need the site's domain,
 * which is only known after the web stack exists.
 */
import { Aws, Duration, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import type { Construct } from 'constructs';
import type { StageConfig } from '../config';
import type { StaffIdentity } from './api-stack';

/** Props of {@link IdentityStack}. */
export interface IdentityStackProps extends StackProps {
  readonly config: StageConfig;
  /**
   * The console's URL (`https://<site>/console/`), where the hosted sign-in returns with the code.
   * Known at synth with a custom domain; otherwise give `-c siteUrl=https://dxxxx.cloudfront.net`
   * after the first deploy (docs/operations.md).
   */
  readonly consoleUrl?: string;
}

/** The staff user pool and the console's app client. */
export class IdentityStack extends Stack {
  readonly userPool: cognito.UserPool;
  readonly client: cognito.UserPoolClient;

  constructor(scope: Construct, id: string, props: IdentityStackProps) {
    super(scope, id, props);
    const { config } = props;
    this.userPool = new cognito.UserPool(this, 'StaffPool', {
      userPoolName: `${config.stackPrefix}staff`,
      selfSignUpEnabled: false,
      signInAliases: { username: true, email: true },
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      // Role and scope travel in the ID token as custom:role and custom:scope; admins set them.
      customAttributes: {
        role: new cognito.StringAttribute({ minLen: 3, maxLen: 32, mutable: true }),
        scope: new cognito.StringAttribute({ minLen: 1, maxLen: 64, mutable: true }),
      },
      deletionProtection: config.userPoolRemovalPolicy === RemovalPolicy.RETAIN,
      removalPolicy: config.userPoolRemovalPolicy,
    });
    const reason =
      'Threat protection needs the Plus feature plan; accounts are admin-created only, MFA is required, ' +
      'and every console write is audited. Revisit if staff accounts grow beyond one department.';
    for (const id of ['AwsSolutions::AwsSolutions-COG3', 'AwsSolutions::AwsSolutions-COG8']) {
      Validations.of(this.userPool).acknowledge({ id, reason });
    }

    this.client = this.userPool.addClient('ConsoleClient', {
      userPoolClientName: `${config.stackPrefix}console`,
      generateSecret: false,
      authFlows: { userSrp: true },
      // Authorization code with PKCE (the console is a public client: no secret).
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
        callbackUrls: [props.consoleUrl ?? 'http://127.0.0.1:3000/console/'],
        logoutUrls: [props.consoleUrl ?? 'http://127.0.0.1:3000/console/'],
      },
      readAttributes: new cognito.ClientAttributes()
        .withStandardAttributes({ email: true, emailVerified: true, fullname: true })
        .withCustomAttributes('role', 'scope'),
      // Staff can never write their own role or scope through the app client (privilege escalation).
      writeAttributes: new cognito.ClientAttributes().withStandardAttributes({ fullname: true }),
      preventUserExistenceErrors: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
    });
    this.addHostedSignIn(`kmpj-${config.stage}-${Aws.ACCOUNT_ID}`);
  }

  /** The hosted sign-in the console redirects to; its prefix must be unique in the region. */
  addHostedSignIn(prefix: string): cognito.UserPoolDomain {
    return this.userPool.addDomain('HostedSignIn', { cognitoDomain: { domainPrefix: prefix } });
  }

  /** Issuer and audience of the tokens the console API accepts. */
  get staffIdentity(): StaffIdentity {
    return {
      issuer: `https://cognito-idp.${this.region}.${this.urlSuffix}/${this.userPool.userPoolId}`,
      audience: this.client.userPoolClientId,
    };
  }
}
