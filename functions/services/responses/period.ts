/** The service-day period of a console query: checked once, and turned into instants. */
import { spanDays } from '../../domain/dashboard';
import { ValidationError } from '../../domain/errors';
import { serviceDayRange } from '../../domain/service-day';

/** At most a year (a leap year's worth) per query: dashboards, lists and exports alike. */
export const MAX_PERIOD_DAYS = 366;

/** Throws a 400 unless `from` ≤ `to` and the period spans at most MAX_PERIOD_DAYS days. */
export function checkPeriod(from: string, to: string): void {
  const days = spanDays(from, to);
  if (days === 0) {
    throw new ValidationError([
      {
        field: 'to',
        code: 'out_of_range',
        message: '结束日期不能早于开始日期',
        messageEn: '`to` precedes `from`',
      },
    ]);
  }
  if (days > MAX_PERIOD_DAYS) {
    throw new ValidationError([
      {
        field: 'from',
        code: 'out_of_range',
        message: `时间范围不能超过 ${MAX_PERIOD_DAYS} 天`,
        messageEn: `The period may span at most ${MAX_PERIOD_DAYS} days`,
      },
    ]);
  }
}

/**
 * The instants bounding service days `from`..`to` in China Standard Time: `since` is the first
 * millisecond of `from`, `until` the first millisecond after `to` (exclusive).
 */
export function periodInstants(from: string, to: string): { since: string; until: string } {
  const { since, until } = serviceDayRange(from, to);
  return { since, until };
}
