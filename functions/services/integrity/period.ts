/** The period a province reader asks for: both ends inclusive, at most `maxDays` service days. */
import { ValidationError } from '../../domain/errors';
import { daysApart } from '../../domain/service-day';

/** Throws a 400 naming `from` unless `from`..`to` spans 1 to `maxDays` days. */
export function requirePeriod(from: string, to: string, maxDays: number): void {
  const days = daysApart(from, to) + 1;
  if (days >= 1 && days <= maxDays) return;
  throw new ValidationError([
    {
      field: 'from',
      code: 'out_of_range',
      message: `时间范围须在 1–${maxDays} 天之间`,
      messageEn: `The period must span 1–${maxDays} days`,
    },
  ]);
}
