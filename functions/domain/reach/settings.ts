/**
 * Province-level reach settings: how SMS invitations are timed and where counted ballots are
 * pushed. They shape what reaches citizens and the province's 好差评 platform, so only the
 * province (action `settings:write`) sets them; a rated unit never does.
 */
import { beijingInstant, CST_OFFSET_MS, serviceDay } from '../service-day';

export interface SmsSettings {
  /** Minutes after the transaction that the invitation goes out (default 30). */
  delayMinutes: number;
  /** Quiet hours in Beijing time, `HH:mm`; `from` after `to` spans midnight. */
  quietFrom: string;
  quietTo: string;
}

export interface PushSettings {
  /** The provincial 好差评 platform's HTTPS endpoint; absent: nothing is pushed. */
  endpoint?: string;
}

export interface ReachSettings {
  provinceId: string;
  sms: SmsSettings;
  push: PushSettings;
  updatedAt?: string;
  updatedBy?: string;
}

export const DEFAULT_SMS_SETTINGS: SmsSettings = { delayMinutes: 30, quietFrom: '21:00', quietTo: '08:00' };

export const defaultReachSettings = (provinceId: string): ReachSettings => ({
  provinceId,
  sms: { ...DEFAULT_SMS_SETTINGS },
  push: {},
});

/** The province of a node, from its GB/T 2260 code (the first two digits). */
export const provinceOf = (nodeId: string): string => `${nodeId.slice(0, 2)}0000`;

const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Whether an instant falls in the quiet hours (Beijing wall clock). */
export function inQuietHours(at: Date, s: SmsSettings): boolean {
  const wall = new Date(at.getTime() + CST_OFFSET_MS);
  const m = wall.getUTCHours() * 60 + wall.getUTCMinutes();
  const from = minutesOf(s.quietFrom);
  const to = minutesOf(s.quietTo);
  if (from === to) return false;
  return from < to ? m >= from && m < to : m >= from || m < to;
}

/** The end of the quiet period `at` falls in: the next `quietTo` on the Beijing clock. */
export function quietEnd(at: Date, s: SmsSettings): Date {
  const sameDay = beijingInstant(serviceDay(at), s.quietTo);
  return sameDay > at ? sameDay : new Date(sameDay.getTime() + 86_400_000);
}

/** When an invitation for a transaction finished at `at` goes out: after the delay, outside quiet hours. */
export function invitationDueAt(at: Date, s: SmsSettings): Date {
  const due = new Date(at.getTime() + s.delayMinutes * 60_000);
  return inQuietHours(due, s) ? quietEnd(due, s) : due;
}
