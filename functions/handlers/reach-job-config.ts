/**
 * Configuration of the reach Lambdas (SMS sender, inbound SMS, provincial pusher): each parses its
 * environment once at cold start (see lambda-env.ts), so a missing variable stops the init, not a run.
 */
import * as v from 'valibot';
import {
  optionalVar,
  parseLambdaEnv,
  positiveIntVar,
  requiredVar,
  tablesFrom,
  tableVars,
} from './lambda-env';

const TABLES = ['directory', 'responses'] as const;

const SmsSenderEnv = v.object({
  ...tableVars(TABLES),
  CONTACT_KEY_ARN: requiredVar,
  SMS_SENDER_ID: optionalVar,
});

/** The scheduled SMS sender: invitations and settings, the contact key that decrypts numbers. */
export function smsSenderConfig(env: NodeJS.ProcessEnv = process.env) {
  const parsed = parseLambdaEnv('sms-sender', SmsSenderEnv, env);
  return {
    tables: tablesFrom(TABLES, parsed),
    contactKeyArn: parsed.CONTACT_KEY_ARN,
    /** Sender ID shown on the phone where the destination country supports one. */
    senderId: parsed.SMS_SENDER_ID,
  };
}

const SmsReplyEnv = v.object({ ...tableVars(TABLES), QR_SECRET_ARN: requiredVar });

/** The inbound SMS (TD) function: the opt-out list, and the QR secret its number hash derives from. */
export function smsReplyConfig(env: NodeJS.ProcessEnv = process.env) {
  const parsed = parseLambdaEnv('sms-reply', SmsReplyEnv, env);
  return { tables: tablesFrom(TABLES, parsed), qrSecretArn: parsed.QR_SECRET_ARN };
}

const PushJobEnv = v.object({
  ...tableVars(TABLES),
  PUSH_SECRET_ARN: requiredVar,
  PUSH_TIMEOUT_MS: positiveIntVar(10_000),
});

/** The provincial pusher: the push outbox, the provinces' endpoints, the signing secret. */
export function pushJobConfig(env: NodeJS.ProcessEnv = process.env) {
  const parsed = parseLambdaEnv('push-job', PushJobEnv, env);
  return {
    tables: tablesFrom(TABLES, parsed),
    /** Secrets Manager secret whose value is the root of every province's signing key. */
    pushSecretArn: parsed.PUSH_SECRET_ARN,
    /** A record not answered within this is a failed attempt. */
    timeoutMs: parsed.PUSH_TIMEOUT_MS,
  };
}
