/**
 * The integrity settings that apply to one submission: the questionnaire's own settings over
 * deployment-wide defaults (env), over the defaults below. Every figure is a quiet limit: a
 * ballot beyond it is still accepted and stored, only quarantined.
 */
import type { QuestionnaireContent } from '../../schemas/questionnaire';

/** How a questionnaire accepts ballots. */
export interface BallotModes {
  /** The QR code fixed at the window. */
  static: boolean;
  /** A short-lived QR code on the window's display, renewed every `rotatingSeconds`. */
  rotating: boolean;
  /** A token issued per transaction by the queue or transaction system, burned on use. */
  oneTime: boolean;
}

/** Ballots counted per service point and day (or week, where named) before further ones are quarantined. */
export interface QuietLimits {
  /** Per static QR token: a sanity cap far above a window's daily traffic. */
  perStaticToken: number;
  /** Per rotating QR token (one screenful of the display). */
  perRotatingToken: number;
  /** Per device id (a random id kept in the phone's local storage). */
  perDevice: number;
  /** Per IPv4 /24: carrier-grade NAT puts many phones behind one /24, so this is generous. */
  perNetwork4: number;
  /** Per IPv6 /64: usually one phone or one household. */
  perNetwork6: number;
  /**
   * Per IPv4 /24 at one service point in a calendar week (Beijing, Monday to Sunday): a patient
   * drip that stays under the daily cap every day still meets this one.
   */
  perNetwork4Weekly: number;
  /** Per IPv6 /64 at one service point in a calendar week. Both weekly caps default to 3 × the daily one. */
  perNetwork6Weekly: number;
  /** Per device across all service points in a day ("one device reused across many ratings"). */
  perDeviceAllPoints: number;
  /**
   * Ballots at one service point within any `burstMinutes` (a sliding window, to the minute)
   * before the next one is a burst.
   */
  burst: number;
  burstMinutes: number;
  /** Identical answer sets at one service point and day before the next one is suspicious. */
  sameAnswers: number;
}

export interface IntegritySettings {
  ballots: BallotModes;
  altcha: boolean;
  /** Renewal period of the rotating QR code; a code stays scannable for two periods. */
  rotatingSeconds: number;
  /** Time a citizen has to submit after scanning a rotating code. */
  rotatingFillMinutes: number;
  limits: QuietLimits;
  /** Opening hours in China Standard Time (`HH:MM`); absent = not checked. */
  openingHours?: { open: string; close: string };
  /** Minutes after closing during which a ballot is still plausible (citizens rate on the way home). */
  closingGraceMinutes: number;
  /** Network ranges of the units themselves (CIDR), e.g. the police intranet's egress. */
  unitNetworks: string[];
}

export const DEFAULT_LIMITS: QuietLimits = {
  perStaticToken: 500,
  perRotatingToken: 2,
  perDevice: 2,
  perNetwork4: 30,
  perNetwork6: 4,
  perNetwork4Weekly: 90,
  perNetwork6Weekly: 12,
  perDeviceAllPoints: 4,
  burst: 12,
  burstMinutes: 10,
  sameAnswers: 3,
};

export const DEFAULT_INTEGRITY_SETTINGS: IntegritySettings = {
  ballots: { static: true, rotating: false, oneTime: false },
  altcha: false,
  rotatingSeconds: 30,
  rotatingFillMinutes: 30,
  limits: DEFAULT_LIMITS,
  closingGraceMinutes: 60,
  unitNetworks: [],
};

/** Deployment-wide overrides, e.g. parsed from the environment. */
export type IntegrityDefaults = Partial<Omit<IntegritySettings, 'limits'>> & {
  limits?: Partial<QuietLimits>;
};

/**
 * A weekly network cap nobody set follows its daily cap (three days' worth), so raising a daily
 * cap never leaves a lower weekly one behind it.
 */
function weeklyFromDaily(limits: QuietLimits, set: Partial<QuietLimits>): QuietLimits {
  return {
    ...limits,
    perNetwork4Weekly: set.perNetwork4Weekly ?? 3 * limits.perNetwork4,
    perNetwork6Weekly: set.perNetwork6Weekly ?? 3 * limits.perNetwork6,
  };
}

/** Resolves the settings for a questionnaire version: questionnaire › deployment › built-in. */
export function integritySettings(
  content: Pick<QuestionnaireContent, 'settings'>,
  deployment: IntegrityDefaults = {},
): IntegritySettings {
  const q = content.settings;
  const base = { ...DEFAULT_INTEGRITY_SETTINGS, ...deployment };
  return {
    ballots: { ...base.ballots, ...q?.ballots },
    altcha: q?.altcha ?? base.altcha,
    rotatingSeconds: q?.rotatingSeconds ?? base.rotatingSeconds,
    rotatingFillMinutes: q?.rotatingFillMinutes ?? base.rotatingFillMinutes,
    limits: weeklyFromDaily(
      { ...DEFAULT_LIMITS, ...deployment.limits, ...q?.limits },
      {
        ...deployment.limits,
        ...q?.limits,
      },
    ),
    openingHours: q?.openingHours ?? base.openingHours,
    closingGraceMinutes: base.closingGraceMinutes,
    unitNetworks: [...base.unitNetworks, ...(q?.unitNetworks ?? [])],
  };
}

/**
 * Reads deployment defaults from the environment:
 * INTEGRITY_UNIT_NETWORKS (comma-separated CIDRs), INTEGRITY_OPENING_HOURS (`08:00-18:00`),
 * INTEGRITY_LIMITS (JSON object of QuietLimits fields).
 */
export function integrityDefaultsFromEnv(env: Record<string, string | undefined>): IntegrityDefaults {
  const out: IntegrityDefaults = {};
  const nets = env.INTEGRITY_UNIT_NETWORKS?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (nets?.length) out.unitNetworks = nets;
  const hours = /^(\d\d:\d\d)-(\d\d:\d\d)$/.exec(env.INTEGRITY_OPENING_HOURS ?? '');
  if (hours) out.openingHours = { open: hours[1]!, close: hours[2]! };
  if (env.INTEGRITY_LIMITS) {
    const parsed = JSON.parse(env.INTEGRITY_LIMITS) as Record<string, unknown>;
    out.limits = Object.fromEntries(
      Object.entries(parsed).filter(
        ([k, v]) => k in DEFAULT_LIMITS && Number.isInteger(v) && (v as number) > 0,
      ),
    ) as Partial<QuietLimits>;
  }
  return out;
}
