/**
 * Use case: the hourly health check over every unit. It finds two silent failures that no
 * request ever reports:
 *
 * - **No bad reviews while there is traffic.** A unit with at least `minResponses` responses in the
 *   last `days` service days and not a single level-1 or level-2 answer. Either citizens really are
 *   all satisfied, or the form, a kiosk or a coached queue no longer lets them say otherwise (a real
 *   provincial platform could not take 1–2 star ratings for 18 months and nobody noticed).
 * - **Stale aggregates.** Aggregates are written in the same transaction as each response, so for
 *   the service day of a unit's newest response, the aggregates must count at least as many
 *   responses as the unit's response index holds (the index is a GSI and may lag, never lead).
 *   Fewer means responses exist that rankings and dashboards do not see: a writer bypassed the
 *   transaction, a repair went wrong, or a job decremented what it should not have. The age of such
 *   a gap is reported as minutes since the unit's newest response: a lower bound, because the
 *   uncounted response is at most that new.
 */
import type { OrgNode } from '../domain/org';
import { addDays, serviceDay } from '../domain/service-day';
import type { AggregateReader, AggregateView, UnitLister, UnitResponseIndex } from './monitor-ports';
import type { Clock } from './ports';

/** Thresholds, from the environment in AWS (see the monitor handler). */
export interface UnitHealthSettings {
  /** N: the window, in service days ending today, in which a bad review is expected. */
  days: number;
  /** M: responses in that window from which "no bad review at all" is suspicious. */
  minResponses: number;
  /** Units checked at once: bounds the read burst on the tables. */
  concurrency?: number;
}

export interface UnitHealthDeps {
  units: UnitLister;
  aggregates: AggregateReader;
  responses: UnitResponseIndex;
  clock: Clock;
}

/** A unit whose aggregates count fewer responses than its response index holds. */
export interface StaleUnit {
  unitId: string;
  day: string;
  aggregated: number;
  indexed: number;
  /** Minutes since the unit's newest response (lower bound of how long the gap has existed). */
  lagMinutes: number;
}

export interface UnitHealthReport {
  unitsChecked: number;
  /** Ids of units with traffic but no bad review in the window (ids only: no personal data). */
  unitsWithoutBadReviews: string[];
  staleUnits: StaleUnit[];
  /** The largest `lagMinutes` among stale units; 0 when every aggregate is current. */
  aggregateAgeMinutes: number;
}

/** Level-1 and level-2 answers of all satisfaction questions in the given aggregates. */
export function badReviews(aggregates: readonly AggregateView[]): number {
  let bad = 0;
  for (const a of aggregates) {
    for (const q of Object.values(a.questions)) bad += (q.levels?.[1] ?? 0) + (q.levels?.[2] ?? 0);
  }
  return bad;
}

const responsesOn = (aggregates: readonly AggregateView[], day?: string) =>
  aggregates.filter((a) => day === undefined || a.day === day).reduce((sum, a) => sum + a.responses, 0);

interface UnitFinding {
  withoutBadReviews: boolean;
  stale?: StaleUnit;
}

async function checkUnit(
  deps: UnitHealthDeps,
  settings: UnitHealthSettings,
  unitId: string,
  window: { from: string; to: string },
  now: Date,
): Promise<UnitFinding> {
  const [aggregates, latest] = await Promise.all([
    deps.aggregates.dailyAggregates(unitId, window.from, window.to),
    deps.responses.latestResponse(unitId),
  ]);
  const withoutBadReviews = responsesOn(aggregates) >= settings.minResponses && badReviews(aggregates) === 0;
  if (!latest) return { withoutBadReviews };

  // The newest response's day is usually inside the window; read it separately only when not.
  const dayAggregates =
    latest.day >= window.from && latest.day <= window.to
      ? aggregates
      : await deps.aggregates.dailyAggregates(unitId, latest.day, latest.day);
  const aggregated = responsesOn(dayAggregates, latest.day);
  const indexed = await deps.responses.countResponsesOnDay(unitId, latest.day);
  if (indexed <= aggregated) return { withoutBadReviews };
  const lagMinutes = Math.max(0, Math.floor((now.getTime() - Date.parse(latest.submittedAt)) / 60_000));
  return { withoutBadReviews, stale: { unitId, day: latest.day, aggregated, indexed, lagMinutes } };
}

/** Runs `task` over `items` with at most `limit` in flight, keeping the input order. */
async function mapLimited<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>) {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await task(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/**
 * 1. Lists the active units.
 * 2. For each unit, reads the aggregates of the last `days` service days and its newest response.
 * 3. Flags the unit when it has ≥ `minResponses` responses but no level-1/2 answer.
 * 4. Flags its aggregates as stale when the index counts more responses on the newest response's
 *    day than the aggregates of that day do.
 * 5. Returns the findings; the handler turns them into metrics and a log line.
 */
export async function checkUnitHealth(
  deps: UnitHealthDeps,
  settings: UnitHealthSettings,
): Promise<UnitHealthReport> {
  const now = deps.clock.now();
  const window = {
    from: addDays(serviceDay(now), -(settings.days - 1)),
    to: serviceDay(now),
  };
  const units = (await deps.units.listNodesOfKind('unit')).filter((u: OrgNode) => u.active);
  const findings = await mapLimited(units, settings.concurrency ?? 8, (u) =>
    checkUnit(deps, settings, u.id, window, now),
  );
  const staleUnits = findings.flatMap((f) => (f.stale ? [f.stale] : []));
  return {
    unitsChecked: units.length,
    unitsWithoutBadReviews: units.filter((_, i) => findings[i]?.withoutBadReviews).map((u) => u.id),
    staleUnits,
    aggregateAgeMinutes: Math.max(0, ...staleUnits.map((s) => s.lagMinutes)),
  };
}
