/**
 * Deadlines in working days on the Chinese calendar (statutory holidays and make-up working
 * days from `chinese-workday`), counted on Beijing dates. A deadline falls at the end of its
 * working day (24:00 Beijing time).
 */
import { isWorkday } from 'chinese-workday';
import { serviceDay } from '../service-day';

const DAY_MS = 24 * 60 * 60 * 1000;
const CST_OFFSET_MS = 8 * 60 * 60 * 1000;

/** Per-province deadline policy: acknowledge within `ackWorkingDays`, resolve within `resolveWorkingDays`. */
export interface DeadlinePolicy {
  ackWorkingDays: number;
  /** 5, 7 and 15 are all used in practice. */
  resolveWorkingDays: number;
}

export const DEFAULT_DEADLINE_POLICY: DeadlinePolicy = { ackWorkingDays: 1, resolveWorkingDays: 7 };

/** Province id → overrides; provinces not listed use the default. */
export type DeadlinePolicies = {
  default: DeadlinePolicy;
  byProvince?: Record<string, Partial<DeadlinePolicy>>;
};

/** The policy of the province at the root of `path`. */
export function policyFor(policies: DeadlinePolicies, path: string): DeadlinePolicy {
  const province = path.split('/')[0]!;
  return { ...policies.default, ...policies.byProvince?.[province] };
}

const nextDay = (day: string): string =>
  new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);

/** True when the Beijing date `day` (YYYY-MM-DD) is a working day, make-up Saturdays included. */
export const isWorkingDay = (day: string): boolean => isWorkday(day);

/** The `n`-th working day strictly after `day` (n ≥ 1). */
export function addWorkingDays(day: string, n: number): string {
  let d = day;
  for (let left = n; left > 0; ) {
    d = nextDay(d);
    if (isWorkingDay(d)) left--;
  }
  return d;
}

/** The instant a Beijing date ends (24:00 CST), as an ISO timestamp. */
export const endOfBeijingDay = (day: string): string =>
  new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS - CST_OFFSET_MS).toISOString();

/** Acknowledge and resolve deadlines of a case opened at `openedAt`. */
export function caseDeadlines(
  openedAt: Date,
  policy: DeadlinePolicy,
): { ackDueAt: string; resolveDueAt: string } {
  const day = serviceDay(openedAt);
  return {
    ackDueAt: endOfBeijingDay(addWorkingDays(day, policy.ackWorkingDays)),
    resolveDueAt: endOfBeijingDay(addWorkingDays(day, policy.resolveWorkingDays)),
  };
}

/** Working days from the Beijing date of `from` to that of `to` (0 on the same day; whole days). */
export function workingDaysBetween(from: Date, to: Date): number {
  let d = serviceDay(from);
  const end = serviceDay(to);
  let n = 0;
  while (d < end) {
    d = nextDay(d);
    if (isWorkingDay(d)) n++;
  }
  return n;
}
