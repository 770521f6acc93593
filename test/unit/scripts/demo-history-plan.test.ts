/**
 * The demo history's plan on whatever day it is played: its genuine ballots fall in opening hours
 * and on working days, except at the windows open on Saturdays, whichever weekday, holiday or
 * Beijing midnight the local stack starts on.
 */
import { describe, expect, it } from 'vitest';
import { beijingWallClock, serviceDay } from '../../../functions/domain/service-day';
import { isWorkingDay, weekday } from '../../../scripts/demo-history/calendar';
import { type BallotEvent, planHistory, WINDOWS } from '../../../scripts/demo-history/plan';

const SATURDAY_WINDOWS = WINDOWS.filter((w) => w.saturday > 0).map((w) => w.servicePointId);

/** Start moments: every day of three weeks at Beijing 00:30, and the days around two holidays. */
const STARTS = [
  ...Array.from({ length: 21 }, (_, i) => new Date(Date.parse('2026-11-22T16:30:00Z') + i * 86_400_000)),
  ...Array.from({ length: 12 }, (_, i) => new Date(Date.parse('2026-10-01T02:00:00Z') + i * 86_400_000)),
  ...Array.from({ length: 12 }, (_, i) => new Date(Date.parse('2027-02-12T09:00:00Z') + i * 86_400_000)),
];

describe('demo history plan', () => {
  it('lists the Saturday windows the history opens on days off', () => {
    expect(SATURDAY_WINDOWS.sort()).toEqual(['130102001-02', '130628002-01', '130628002-02']);
  });

  it.each(STARTS.map((now) => ({ now, label: now.toISOString() })))(
    'started at $label, puts genuine ballots in opening hours on working days or at Saturday windows',
    ({ now }) => {
      const plan = planHistory({ now, volume: 0.25, interviews: [20, 24] });
      const genuine = plan.events.filter((e): e is BallotEvent => e.kind === 'ballot' && !e.episode);
      expect(genuine.length).toBeGreaterThan(300);
      const misplaced = genuine.flatMap((b) => {
        const day = serviceDay(b.at);
        const clock = beijingWallClock(b.at.toISOString()).slice(11, 16);
        const offDay =
          !isWorkingDay(day) && !(weekday(day) === 6 && SATURDAY_WINDOWS.includes(b.servicePointId));
        return offDay || clock < '08:30' || clock > '17:30' ? [`${b.key} ${day} ${clock}`] : [];
      });
      expect(misplaced).toEqual([]);
    },
  );
});
