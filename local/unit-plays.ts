/**
 * Stuffing patterns a rated unit plays through the console as well as the form: its own settings
 * (a questionnaire with its own limits and score mapping, then its ballots anyway) and an appeal
 * of its quarantined ballots. Played as the demo user `unit-staff` on the simulation's target.
 */
import { caseIdForResponse } from '../functions/domain/cases/model';
import type { Answers } from '../functions/schemas/submission';
import type { PatternResult } from '../functions/services/integrity/simulation-port';
import { demoQuestionnaire } from './seed/demo-questionnaire';
import type { SimForm, SimTarget } from './stuffing-simulation';

/** The demo user who plays the unit, and its unit. */
export const UNIT_PLAYER = { userId: 'unit-staff', unitId: '130628001' } as const;

/** One ballot of a unit-played pattern, sent through the form like any other. */
export interface UnitBallot {
  form: SimForm;
  at: Date;
  seconds: number;
  answers: Answers;
  deviceId?: string;
  address?: string;
}

/** What a unit-played pattern needs from the simulation: sending and settling its ballots. */
export type PlayBallots = (ballots: UnitBallot[]) => Promise<PatternResult & { ids: string[] }>;

const oneStar = (): Answers => ({
  q_overall: 1,
  q_attitude: 1,
  q_efficiency: 1,
  q_transparency: 1,
  q_safety: 1,
});

const refusal = (r: PatternResult, status: number, body: unknown) => {
  const code = (body as { error?: { code?: string } } | null)?.error?.code ?? '';
  const key = `${status}${code ? ` ${code}` : ''}`;
  r.refused = { ...r.refused, [key]: (r.refused?.[key] ?? 0) + 1 };
};

/**
 * The unit's own settings: it writes a questionnaire with limits of 1000, its own networks and a
 * score mapping of 96–100 (refused, 403, nothing stored), then sends the 25 identical
 * one-star ballots from one phone at its own window anyway, where they meet the province's limits.
 */
export async function ownSettings(
  target: SimTarget,
  form: SimForm,
  day: string,
  play: PlayBallots,
  at: (day: string, hhmm: string, sec?: number) => Date,
): Promise<PatternResult> {
  const consoleAs = target.consoleAs!;
  const attempt = await consoleAs(UNIT_PLAYER.userId, 'POST', '/questionnaires', {
    ownerId: UNIT_PLAYER.unitId,
    content: {
      ...demoQuestionnaire,
      scoreMapping: [96, 97, 98, 99, 100],
      settings: {
        ballots: { static: true, rotating: false, oneTime: false },
        altcha: false,
        limits: { perDevice: 1000, burst: 10_000 },
        unitNetworks: ['10.0.0.0/8'],
      },
    },
  });
  const ballots = Array.from({ length: 25 }, (_, i) => ({
    form,
    at: at(day, '10:00', i * 20),
    seconds: 12,
    answers: oneStar(),
    deviceId: 'unit-own-phone-0001',
    address: '100.99.1.9',
  }));
  const { ids: _ids, ...result } = await play(ballots);
  if (attempt.status >= 400) refusal(result, attempt.status, attempt.body);
  return result;
}

/**
 * An appeal of a quarantined ballot: five one-star ballots sent two seconds after opening (so
 * quarantined on arrival, no case opened), then the unit appeals each: refused (no case to
 * appeal, or 409 APPEAL_NOT_COUNTED), and none is counted or subtracted.
 */
export async function appealQuarantined(
  target: SimTarget,
  form: SimForm,
  day: string,
  play: PlayBallots,
  at: (day: string, hhmm: string, sec?: number) => Date,
): Promise<PatternResult> {
  const ballots = Array.from({ length: 5 }, (_, i) => ({
    form,
    at: at(day, '11:00', i * 300),
    seconds: 2,
    answers: oneStar(),
    deviceId: `unit-appeal-${i}-0000000`,
    address: `100.98.${i}.9`,
  }));
  const { ids, ...result } = await play(ballots);
  for (const id of ids) {
    const res = await target.consoleAs!(
      UNIT_PLAYER.userId,
      'POST',
      `/cases/${caseIdForResponse(id)}/appeal`,
      { reason: '恶意差评', evidence: [{ name: '监控截图' }], expectedVersion: 1 },
    );
    if (res.status >= 400) refusal(result, res.status, res.body);
  }
  return result;
}
