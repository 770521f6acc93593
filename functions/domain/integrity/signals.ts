/**
 * Integrity signals scored on every response. Each signal carries a weight; a response whose
 * score reaches 1 is quarantined: stored with its flags, kept out of the official aggregates,
 * never deleted. Quiet limits weigh 1 on their own; weak signals (straight-lining, a missing
 * device id, a ballot just after closing) weigh less and quarantine only together.
 *
 * Why weak: genuine citizens often answer 非常满意 to everything (the ceiling effect), so
 * straight-lining alone would quarantine honest ballots.
 */

import { beijingMinuteOfDay } from '../service-day';
import type { IntegritySettings } from './settings';

export type IntegrityFlag =
  | 'tokenLimit'
  | 'deviceLimit'
  | 'networkLimit'
  | 'deviceReuse'
  | 'burst'
  | 'outsideHours'
  | 'afterHours'
  | 'unitNetwork'
  | 'tooFast'
  | 'fasterThanMedian'
  | 'clockSkew'
  | 'openTimeUnknown'
  | 'straightLining'
  | 'sameAnswers'
  | 'noDevice';

export const FLAG_WEIGHTS: Record<IntegrityFlag, number> = {
  tokenLimit: 1,
  deviceLimit: 1,
  networkLimit: 1,
  deviceReuse: 1,
  burst: 1,
  outsideHours: 1,
  afterHours: 0.5,
  unitNetwork: 1,
  tooFast: 1,
  fasterThanMedian: 0.6,
  clockSkew: 0.5,
  openTimeUnknown: 0.25,
  straightLining: 0.5,
  sameAnswers: 0.5,
  noDevice: 0.25,
};

/** Counts seen *before* this ballot, per service point and day unless noted. */
export interface PriorCounts {
  token: number;
  device?: number;
  network?: number;
  /** The network's ballots at this service point this calendar week. */
  networkWeek?: number;
  /** The device's ballots at any service point today. */
  deviceAllPoints?: number;
  /** Ballots at this service point in the sliding burst window ending now. */
  burst: number;
  /** Earlier ballots at this service point today with exactly these answers. */
  sameAnswers: number;
}

/** Everything the scoring needs about one submission; built by the service, pure from here on. */
export interface IntegrityObservation {
  at: Date;
  ballotKind: 'static' | 'rotating' | 'oneTime';
  counts: PriorCounts;
  hasDevice: boolean;
  networkFamily?: 4 | 6;
  fromUnitNetwork: boolean;
  /**
   * Seconds from the server-signed form-open time to the submission; `undefined` when there is no
   * valid stamp younger than a day (the speed is unknown, and never taken from the client).
   */
  completionSeconds: number | undefined;
  /** Floor below which nobody reads the questions (completionFloorSeconds). */
  floorSeconds: number;
  /** Median completion time of the questionnaire version, when enough samples exist. */
  median?: { seconds: number; samples: number };
  straightLined: boolean;
}

/** What is stored with the response. */
export interface IntegrityVerdict {
  flags: IntegrityFlag[];
  score: number;
  quarantined: boolean;
}

/** Minimum histogram samples before completion times are compared with the median. */
export const MEDIAN_MIN_SAMPLES = 20;
/** A ballot faster than this share of the median is suspicious. */
export const MEDIAN_FAST_SHARE = 0.3;

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** 'in' during opening hours or the grace after closing, 'shoulder' within two hours around them, else 'out'. */
export function openingHoursPosition(
  at: Date,
  hours: { open: string; close: string },
  graceMinutes: number,
): 'in' | 'shoulder' | 'out' {
  const m = beijingMinuteOfDay(at);
  const open = minutesOf(hours.open);
  const close = minutesOf(hours.close) + graceMinutes;
  if (m >= open && m <= close) return 'in';
  if (m >= open - 60 && m <= close + 120) return 'shoulder';
  return 'out';
}

/** True when every satisfaction answer is the same level (at least `min` of them). */
export function isStraightLined(levels: readonly number[], min = 3): boolean {
  return levels.length >= min && levels.every((l) => l === levels[0]);
}

/** The name of one quiet-limit counter. */
export type CounterName = keyof PriorCounts;

/**
 * The cap of every counter: a ballot whose prior count has reached its cap raises the counter's
 * flag. One source for the scoring below and for the conditions the submission's transaction
 * asserts (`n < cap`) when it writes without reading the counters first.
 */
export function counterCaps(
  s: Pick<IntegritySettings, 'limits'>,
  ballotKind: IntegrityObservation['ballotKind'],
  networkFamily: 4 | 6 | undefined,
): Record<CounterName, number> {
  const l = s.limits;
  return {
    token: ballotKind === 'rotating' ? l.perRotatingToken : ballotKind === 'static' ? l.perStaticToken : 1,
    device: l.perDevice,
    deviceAllPoints: l.perDeviceAllPoints,
    network: networkFamily === 6 ? l.perNetwork6 : l.perNetwork4,
    networkWeek: networkFamily === 6 ? l.perNetwork6Weekly : l.perNetwork4Weekly,
    burst: l.burst,
    sameAnswers: l.sameAnswers,
  };
}

/** The flag a counter raises when a ballot finds it at its cap. */
export const COUNTER_FLAGS: Record<CounterName, IntegrityFlag> = {
  token: 'tokenLimit',
  device: 'deviceLimit',
  deviceAllPoints: 'deviceReuse',
  network: 'networkLimit',
  networkWeek: 'networkLimit',
  burst: 'burst',
  sameAnswers: 'sameAnswers',
};

/**
 * Counters whose pattern, once visible, taints the ballots that built it up: the first ballots of
 * a burst, of a reused device or of a run of identical answers looked genuine when they came, and
 * are flagged retroactively when the counter reaches its cap. Not the per-token and per-network
 * counters: a busy window's static code, or a carrier's shared addresses, reach their caps with
 * genuine ballots, which must not be taken back.
 */
export const RETROACTIVE_COUNTERS: Partial<Record<CounterName, IntegrityFlag>> = {
  device: 'deviceLimit',
  deviceAllPoints: 'deviceReuse',
  burst: 'burst',
  sameAnswers: 'sameAnswers',
};

const scoreOf = (flags: readonly IntegrityFlag[]) =>
  Math.round(flags.reduce((sum, f) => sum + FLAG_WEIGHTS[f], 0) * 100) / 100;

/** The verdict with one more flag, scored again (a flag it already has changes nothing). */
export function withFlag(v: IntegrityVerdict, flag: IntegrityFlag): IntegrityVerdict {
  if (v.flags.includes(flag)) return v;
  const flags = [...v.flags, flag];
  const score = scoreOf(flags);
  return { flags, score, quarantined: score >= 1 };
}

/** Scores one submission. Pure: same observation, same verdict. */
export function scoreIntegrity(o: IntegrityObservation, s: IntegritySettings): IntegrityVerdict {
  const flags: IntegrityFlag[] = [];
  const caps = counterCaps(s, o.ballotKind, o.networkFamily);
  const reached = (name: CounterName) => {
    const n = o.counts[name];
    const flag = COUNTER_FLAGS[name];
    if (n !== undefined && n >= caps[name] && !flags.includes(flag)) flags.push(flag);
  };
  reached('token');
  if (!o.hasDevice) flags.push('noDevice');
  reached('device');
  reached('deviceAllPoints');
  reached('network');
  reached('networkWeek');
  reached('burst');
  reached('sameAnswers');
  if (o.fromUnitNetwork) flags.push('unitNetwork');
  if (s.openingHours) {
    const where = openingHoursPosition(o.at, s.openingHours, s.closingGraceMinutes);
    if (where === 'out') flags.push('outsideHours');
    else if (where === 'shoulder') flags.push('afterHours');
  }
  if (o.completionSeconds === undefined) flags.push('openTimeUnknown');
  else if (o.completionSeconds < -120) flags.push('clockSkew');
  else if (o.completionSeconds < o.floorSeconds) flags.push('tooFast');
  else if (
    o.median &&
    o.median.samples >= MEDIAN_MIN_SAMPLES &&
    o.completionSeconds < o.median.seconds * MEDIAN_FAST_SHARE
  )
    flags.push('fasterThanMedian');
  if (o.straightLined) flags.push('straightLining');
  const score = scoreOf(flags);
  return { flags, score, quarantined: score >= 1 };
}
