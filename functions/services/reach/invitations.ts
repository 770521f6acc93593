/** SMS invitations (一事一评): scheduled when a business system gives a number, sent when due. */
import { maskPhone } from '../../domain/cases/mask';
import {
  defaultReachSettings,
  inQuietHours,
  invitationDueAt,
  provinceOf,
  quietEnd,
  type SmsSettings,
} from '../../domain/reach/settings';
import {
  invitationText,
  isOptOutReply,
  MAX_SMS_ATTEMPTS,
  phoneKeyOf,
  smsRetryDelayMs,
} from '../../domain/reach/sms';
import { serviceDay } from '../../domain/service-day';
import { type ContactCipher, invitationContactContext } from '../contact/cipher-port';
import type { InvitationScheduler } from '../integrity/issue-transaction-ballot';
import type { Clock } from '../ports';
import { type Invitation, type ReachStore, SmsNotAccepted, type SmsSender } from './ports';

export interface InvitationDeps {
  store: ReachStore;
  cipher: ContactCipher;
  /** Key of the number's keyed hash (phoneKeyKey of the QR key). */
  phoneKey: Buffer;
  clock: Clock;
}

async function smsSettings(store: ReachStore, unitId: string): Promise<SmsSettings> {
  const p = provinceOf(unitId);
  return ((await store.getSettings(p)) ?? defaultReachSettings(p)).sms;
}

/**
 * 1. Reads the province's SMS settings (delay, quiet hours; defaults 30 min, 21:00–08:00).
 * 2. Due time: the transaction's first issue plus the delay, moved past quiet hours.
 * 3. Stores the invitation once per ballot, with the number encrypted bound to it, its keyed
 *    hash and its masked form; the number itself is never stored in clear nor logged.
 */
export const invitationScheduler =
  (deps: InvitationDeps): InvitationScheduler =>
  async ({ record, url, mobile }) => {
    const settings = await smsSettings(deps.store, record.unitId);
    await deps.store.scheduleInvitation({
      tokenHash: record.tokenHash,
      unitId: record.unitId,
      servicePointId: record.servicePointId,
      transactionNo: record.transaction?.transactionNo ?? '',
      matter: record.transaction?.matter ?? '',
      url,
      phoneCipher: await deps.cipher.encrypt(mobile, invitationContactContext(record.tokenHash)),
      phoneKey: phoneKeyOf(deps.phoneKey, mobile),
      masked: maskPhone(mobile),
      dueAt: invitationDueAt(new Date(record.issuedAt), settings).toISOString(),
      state: 'scheduled',
    });
  };

export interface SendResult {
  sent: number;
  skipped: number;
  postponed: number;
  /** Claims found stale: the sender stopped between the provider and the store; not resent. */
  unknown: number;
  /** Refused by the provider for a passing reason; scheduled again after a backoff. */
  retried: number;
  /** Refused by the provider for good, or MAX_SMS_ATTEMPTS times. */
  failed: number;
}

/**
 * Minutes after which a claimed invitation that never settled is taken for lost. Far above a
 * sender run (one Lambda timeout), so a slow run is never overtaken.
 */
export const SENDING_STALE_MINUTES = 15;

/**
 * Runs every minute (EventBridge in AWS, a timer locally):
 * 1. Reads the invitations due now (oldest first), and claims gone stale.
 * 2. A stale claim (`sending` past SENDING_STALE_MINUTES): marked `unknown`, never resent — the
 *    provider may have the message (at most once; README "SMS invitations: at most once").
 * 3. In quiet hours (as the province sets them now): postpones each to the end of them.
 * 4. A number that replied TD: skipped. A number that already had today's invitation: skipped.
 * 5. Claims it (`scheduled` → `sending`, conditional: two runs never both send), decrypts the
 *    number, sends through the provider with the invitation's id as idempotency key, records it sent.
 * 6. When the provider answers that it took nothing (SmsNotAccepted): a passing refusal
 *    (throttling) gives the claim back for a later run after a backoff, up to MAX_SMS_ATTEMPTS;
 *    a lasting one (an invalid number) settles it `failed`. Any other failure (a timeout, a server
 *    error) leaves the claim as it is and stops the run: whether the message went out is unknown,
 *    so it is never sent again (step 2).
 */
export async function sendDueInvitations(
  deps: Omit<InvitationDeps, 'phoneKey'> & { sender: SmsSender },
  limit = 100,
): Promise<SendResult> {
  const now = deps.clock.now();
  const out: SendResult = { sent: 0, skipped: 0, postponed: 0, unknown: 0, retried: 0, failed: 0 };
  const settings = new Map<string, SmsSettings>();
  for (const inv of await deps.store.dueInvitations(now.toISOString(), limit)) {
    if (inv.state === 'sending') {
      await deps.store.settleInvitation(inv.tokenHash, { state: 'unknown', reason: 'sender-lost' });
      out.unknown++;
      continue;
    }
    const province = provinceOf(inv.unitId);
    const s = settings.get(province) ?? (await smsSettings(deps.store, inv.unitId));
    settings.set(province, s);
    if (inQuietHours(now, s)) {
      await deps.store.postponeInvitation(inv.tokenHash, quietEnd(now, s).toISOString());
      out.postponed++;
      continue;
    }
    if (await deps.store.isOptedOut(inv.phoneKey)) {
      await deps.store.settleInvitation(inv.tokenHash, { state: 'skipped', reason: 'opted-out' });
      out.skipped++;
      continue;
    }
    if (!(await deps.store.claimDailySlot(inv.phoneKey, serviceDay(now), inv.tokenHash))) {
      await deps.store.settleInvitation(inv.tokenHash, { state: 'skipped', reason: 'daily-limit' });
      out.skipped++;
      continue;
    }
    const staleAt = new Date(now.getTime() + SENDING_STALE_MINUTES * 60_000).toISOString();
    if (!(await deps.store.claimInvitation(inv.tokenHash, now.toISOString(), staleAt))) continue;
    const to = await deps.cipher.decrypt(inv.phoneCipher, invitationContactContext(inv.tokenHash));
    let messageId: string;
    try {
      ({ messageId } = await deps.sender.send({
        to,
        text: invitationText(inv.matter, inv.url),
        id: inv.tokenHash,
        phoneKey: inv.phoneKey,
      }));
    } catch (err) {
      if (!(err instanceof SmsNotAccepted)) throw err;
      out[await refused(deps.store, inv, err, now)]++;
      continue;
    }
    await deps.store.settleInvitation(inv.tokenHash, {
      state: 'sent',
      sentAt: now.toISOString(),
      providerMessageId: messageId,
    });
    out.sent++;
  }
  return out;
}

/** Settles or reschedules an invitation the provider refused; which of the two it did. */
async function refused(
  store: ReachStore,
  inv: Invitation,
  err: SmsNotAccepted,
  now: Date,
): Promise<'retried' | 'failed'> {
  const attempts = (inv.attempts ?? 0) + 1;
  if (err.retryable && attempts < MAX_SMS_ATTEMPTS) {
    const dueAt = new Date(now.getTime() + smsRetryDelayMs(attempts)).toISOString();
    await store.releaseInvitation(inv.tokenHash, dueAt, attempts);
    return 'retried';
  }
  await store.settleInvitation(inv.tokenHash, {
    state: 'failed',
    reason: err.retryable ? 'provider-busy' : 'provider-rejected',
    providerCode: err.providerCode,
  });
  return 'failed';
}

/** An inbound SMS: 「TD」 (or 退订) opts the number out of every later invitation. */
export async function receiveSmsReply(
  deps: Pick<InvitationDeps, 'store' | 'phoneKey' | 'clock'>,
  reply: { from: string; body: string },
): Promise<'opted-out' | 'ignored'> {
  if (!isOptOutReply(reply.body)) return 'ignored';
  await deps.store.optOut(phoneKeyOf(deps.phoneKey, reply.from), deps.clock.now().toISOString());
  return 'opted-out';
}
