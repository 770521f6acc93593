/**
 * What the form keeps on the phone, per QR token: the answers so far (so a reload or a dropped
 * connection loses nothing), the one submissionId of this filled form (so every retry is
 * idempotent), and the exact body waiting to be delivered. Storage can throw (Safari private
 * mode, quota), so every access is guarded and the form keeps working without it.
 */
import type { PowSolution } from './pow';
import type { DraftAnswers, FormView, KeyValueStore, SubmissionBody, SubmissionReceipt } from './types';

/** The saved state of one filled form. */
export interface Draft {
  /** Generated once when the form is first opened; reused for every retry of this form. */
  submissionId: string;
  /** When the form was first opened (ISO 8601). */
  startedAt: string;
  /** The server's signed open time from the first load, sent with the answers even from the queue. */
  opened?: string;
  answers: DraftAnswers;
  /** Last save, epoch ms; old drafts are discarded so answers do not linger on a shared phone. */
  savedAt: number;
  /** The exact body the citizen submitted and that has not been delivered yet. */
  pending?: SubmissionBody;
  /** The last questionnaire loaded, to render again when the network drops. */
  view?: FormView;
  /** A solved ALTCHA challenge not yet spent, so a queued submission still carries one. */
  pow?: PowSolution;
}

/** A delivered submission, remembered briefly so a reload shows the receipt rather than a blank form. */
export interface DoneRecord {
  receipt: SubmissionReceipt;
  at: number;
}

/** Unsent answers older than this are dropped; a queued submission is never dropped. */
export const DRAFT_MAX_AGE_MS = 7 * 24 * 3600 * 1000;
/** How long a reload keeps showing the thank-you page. */
export const DONE_MAX_AGE_MS = 30 * 60 * 1000;

const draftKey = (token: string) => `kmpj:f:${token}`;
const doneKey = (token: string) => `kmpj:done:${token}`;

function read<T>(store: KeyValueStore | null, key: string): T | null {
  try {
    const raw = store?.getItem(key);
    return raw ? (JSON.parse(raw) as T) : null;
  } catch {
    return null;
  }
}

function write(store: KeyValueStore | null, key: string, value: unknown): boolean {
  try {
    if (!store) return false;
    store.setItem(key, JSON.stringify(value));
    return true;
  } catch {
    return false;
  }
}

function remove(store: KeyValueStore | null, key: string): void {
  try {
    store?.removeItem(key);
  } catch {
    // Nothing more can be done; the record expires by age anyway.
  }
}

/**
 * A new url-safe submission id: 16 random bytes in base64url (22 chars). Uses getRandomValues,
 * which older phones have, rather than crypto.randomUUID (Safari ≥ 15.4 only).
 */
export function newSubmissionId(
  fill: (a: Uint8Array) => Uint8Array = (a) => crypto.getRandomValues(a),
): string {
  const bytes = fill(new Uint8Array(16));
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** A fresh draft for a form opened at `now`. */
export function newDraft(now: number, id: string = newSubmissionId()): Draft {
  return { submissionId: id, startedAt: new Date(now).toISOString(), answers: {}, savedAt: now };
}

/** The saved draft for `token`, or null when none, unreadable, or stale without a pending submission. */
export function loadDraft(store: KeyValueStore | null, token: string, now: number): Draft | null {
  const d = read<Draft>(store, draftKey(token));
  if (
    !d ||
    typeof d.submissionId !== 'string' ||
    typeof d.startedAt !== 'string' ||
    typeof d.answers !== 'object'
  ) {
    return null;
  }
  if (!d.pending && !(now - d.savedAt < DRAFT_MAX_AGE_MS)) {
    remove(store, draftKey(token));
    return null;
  }
  return d;
}

/** Saves the draft, stamping `savedAt`; returns false when the phone would not store it. */
export function saveDraft(store: KeyValueStore | null, token: string, draft: Draft, now: number): boolean {
  draft.savedAt = now;
  return write(store, draftKey(token), draft);
}

/** Forgets the draft, e.g. once the server has the submission. */
export function clearDraft(store: KeyValueStore | null, token: string): void {
  remove(store, draftKey(token));
}

/** Remembers a delivered receipt for `token`. */
export function saveDone(
  store: KeyValueStore | null,
  token: string,
  receipt: SubmissionReceipt,
  now: number,
): void {
  write(store, doneKey(token), { receipt, at: now } satisfies DoneRecord);
}

/** The receipt delivered for `token` within the last half hour, if any. */
export function loadDone(store: KeyValueStore | null, token: string, now: number): DoneRecord | null {
  const d = read<DoneRecord>(store, doneKey(token));
  if (!d || typeof d.receipt?.receipt !== 'string' || !(now - d.at < DONE_MAX_AGE_MS)) return null;
  return d;
}

/** Forgets the receipt, when the citizen starts another response. */
export function clearDone(store: KeyValueStore | null, token: string): void {
  remove(store, doneKey(token));
}
