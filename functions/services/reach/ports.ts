/** Ports of the reach use cases (SMS invitations, provincial push). `db/reach-repository.ts` implements them. */
import type { AuditEntry } from '../../domain/audit';
import type { ReachSettings } from '../../domain/reach/settings';

/** An SMS invitation as stored, by its ballot's token hash. */
export interface Invitation {
  tokenHash: string;
  unitId: string;
  servicePointId: string;
  transactionNo: string;
  matter: string;
  url: string;
  /** The number, encrypted bound to this invitation (invitationContactContext). */
  phoneCipher: string;
  /** Keyed hash of the number (daily limit, opt-out). */
  phoneKey: string;
  masked: string;
  dueAt: string;
  /**
   * `sending`: claimed by a sender run, the provider not yet known to have it. `unknown`: a claim
   * older than SENDING_STALE_MINUTES that never settled (the sender crashed between the provider
   * and the store): perhaps sent, never sent again.
   */
  state: 'scheduled' | 'sending' | 'sent' | 'skipped' | 'unknown' | 'failed';
  /**
   * Why it was skipped or failed. `provider-rejected`: the provider refused the message for good
   * (an invalid number, for example); `provider-busy`: it refused MAX_SMS_ATTEMPTS times for a
   * reason that passes (throttling).
   */
  reason?: 'opted-out' | 'daily-limit' | 'sender-lost' | 'provider-rejected' | 'provider-busy';
  /** The provider's error code when it refused the message. */
  providerCode?: string;
  /** Sends the provider refused so far (each time it said it took nothing). */
  attempts?: number;
  sentAt?: string;
  /** When a sender run claimed it (state `sending`). */
  sendingAt?: string;
  providerMessageId?: string;
}

export interface ReachStore {
  getSettings(provinceId: string): Promise<ReachSettings | undefined>;
  /** Settings and their audit entry in one transaction. */
  putSettings(s: ReachSettings, audit: AuditEntry): Promise<void>;
  /** Stores an invitation unless its ballot already has one; true when stored now. */
  scheduleInvitation(i: Invitation): Promise<boolean>;
  /**
   * Scheduled invitations due at or before `nowIso`, and claims (`sending`) whose stale time has
   * passed, oldest first, up to `limit`.
   */
  dueInvitations(nowIso: string, limit: number): Promise<Invitation[]>;
  /**
   * Claims a scheduled invitation for one send (conditional `scheduled` → `sending`); it stays on
   * the due index at `staleAt`, where a later run finds it if this one never settles it. False
   * when another run claimed or settled it first.
   */
  claimInvitation(tokenHash: string, nowIso: string, staleAt: string): Promise<boolean>;
  /** Moves a scheduled or claimed invitation to its final state (never from a final state). */
  settleInvitation(
    tokenHash: string,
    update: Pick<Invitation, 'state' | 'reason' | 'sentAt' | 'providerMessageId' | 'providerCode'>,
  ): Promise<void>;
  /**
   * Gives a claim back (`sending` → `scheduled`, conditional) to be sent again at `dueAt`: the
   * provider refused the message and said it took nothing. Records the refusals so far.
   */
  releaseInvitation(tokenHash: string, dueAt: string, attempts: number): Promise<void>;
  /** Moves a scheduled invitation to a later time (quiet hours began meanwhile). */
  postponeInvitation(tokenHash: string, dueAt: string): Promise<void>;
  /**
   * Claims the one invitation of a number on a service day; true when this invitation holds it
   * (also on a retry of the same invitation).
   */
  claimDailySlot(phoneKey: string, day: string, tokenHash: string): Promise<boolean>;
  isOptedOut(phoneKey: string): Promise<boolean>;
  optOut(phoneKey: string, at: string): Promise<void>;
}

/**
 * An SMS provider: AWS (SNS) in a deployment, the local outbox under `npm start`. `id` is the
 * invitation's id, for a provider that takes an idempotency key; SNS `Publish` to a number takes
 * none, which is why a claim that never settled is never resent.
 */
export interface SmsSender {
  /**
   * Resolves once the provider took the message. Throws SmsNotAccepted when the provider answered
   * that it took nothing; any other failure (a timeout, a server error) leaves it unknown whether
   * the message went out.
   */
  send(msg: { to: string; text: string; id: string; phoneKey: string }): Promise<{ messageId: string }>;
}

/** The provider answered that it did not take the message: nothing went out. */
export class SmsNotAccepted extends Error {
  constructor(
    /** True when the same message may be accepted later (throttling); false for good (invalid number). */
    readonly retryable: boolean,
    /** The provider's error code. */
    readonly providerCode: string,
  ) {
    super(`SMS provider did not accept the message (${providerCode})`);
    this.name = 'SmsNotAccepted';
  }
}
