/**
 * IdentityStack (global target only): the Cognito user pool of staff accounts. The China regions
 * have no Cognito user pools; there the console trusts an external OIDC issuer instead.
 *
 * Staff are created by an administrator (docs/operations.md), never by self sign-up, and log in
 * with SRP plus a TOTP second factor. No hosted UI: its callback URL would need the site's domain,
 * which is only known after the web stack exists.
 */
import { Duration, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import type { Construct } from 'constructs';
import type { StageConfig } from '../config';
import type { StaffIdentity } from './api-stack';

/** Props of {@link IdentityStack}. */
export interface IdentityStackProps extends StackProps {
  readonly config: StageConfig;
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
      disableOAuth: true,
      preventUserExistenceErrors: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
    });
  }

  /** Issuer and audience of the tokens the console API accepts. */
  get staffIdentity(): StaffIdentity {
    return {
      issuer: `https://cognito-idp.${this.region}.${this.urlSuffix}/${this.userPool.userPoolId}`,
      audience: this.client.userPoolClientId,
    };
  }
}
