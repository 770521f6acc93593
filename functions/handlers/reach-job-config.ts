/**
 * Configuration of the reach Lambdas (SMS sender, inbound SMS, provincial pusher): each parses its
 * environment once at cold start, so a missing variable stops the init, not a run.
 */
import { requireEnv } from '../config';
import { tableNamesFromEnv } from '../db/table-names';

/** The scheduled SMS sender: invitations and settings, the contact key that decrypts numbers. */
export function smsSenderConfig(env: NodeJS.ProcessEnv = process.env) {
  return {
    tables: tableNamesFromEnv(['directory', 'responses'], env),
    contactKeyArn: requireEnv('CONTACT_KEY_ARN', env),
    /** Sender ID shown on the phone where the destination country supports one. */
    senderId: env.SMS_SENDER_ID || undefined,
  };
}

/** The inbound SMS (TD) function: the opt-out list, and the QR secret its number hash derives from. */
export function smsReplyConfig(env: NodeJS.ProcessEnv = process.env) {
  return {
    tables: tableNamesFromEnv(['directory', 'responses'], env),
    qrSecretArn: requireEnv('QR_SECRET_ARN', env),
  };
}

/** The provincial pusher: the push outbox, the provinces' endpoints, the signing secret. */
export function pushJobConfig(env: NodeJS.ProcessEnv = process.env) {
  return {
    tables: tableNamesFromEnv(['directory', 'responses'], env),
    /** Secrets Manager secret whose value is the root of every province's signing key. */
    pushSecretArn: requireEnv('PUSH_SECRET_ARN', env),
    /** A record not answered within this is a failed attempt. */
    timeoutMs: positiveMs('PUSH_TIMEOUT_MS', env.PUSH_TIMEOUT_MS, 10_000),
  };
}

function positiveMs(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return n;
}
