import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import {
  rotatingDeadlines,
  signRotatingBallot,
  verifyRotatingBallot,
} from '../../../functions/domain/integrity/ballot-token';
import { histogramMedian } from '../../../functions/domain/integrity/completion-time';
import { inRanges, networkBucket } from '../../../functions/domain/integrity/network';
import { DEFAULT_INTEGRITY_SETTINGS, integritySettings } from '../../../functions/domain/integrity/settings';
import { type IntegrityObservation, scoreIntegrity } from '../../../functions/domain/integrity/signals';
import { QuestionnaireContentSchema } from '../../../functions/schemas/questionnaire';
import { demoQuestionnaire } from '../../../local/seed/demo-questionnaire';

describe('network buckets', () => {
  it.each([
    ['203.0.113.77', '203.0.113.0/24'],
    ['::ffff:203.0.113.77', '203.0.113.0/24'],
    ['2409:8a00:1:2:3:4:5:6', '2409:8a00:1:2::/64'],
    ['2409:8a00::1', '2409:8a00:0:0::/64'],
  ])('puts %s in %s', (address, bucket) => {
    expect(networkBucket(address)?.bucket).toBe(bucket);
  });

  it('ignores what is not an address', () => {
    expect(networkBucket('not-an-ip')).toBeUndefined();
    expect(networkBucket('300.1.1.1')).toBeUndefined();
  });

  it('matches unit ranges for IPv4, IPv4-mapped and IPv6 addresses', () => {
    expect(inRanges('10.13.6.20', ['10.13.0.0/16'])).toBe(true);
    expect(inRanges('::ffff:10.13.6.20', ['10.13.0.0/16'])).toBe(true);
    expect(inRanges('10.14.0.1', ['10.13.0.0/16'])).toBe(false);
    expect(inRanges('2001:db8:1::5', ['2001:db8::/32'])).toBe(true);
  });
});

const observation = (over: Partial<IntegrityObservation> = {}): IntegrityObservation => ({
  at: new Date('2026-11-17T03:00:00Z'),
  ballotKind: 'static',
  counts: { token: 10, device: 0, network: 2, deviceAllPoints: 0, burst: 1, sameAnswers: 0 },
  hasDevice: true,
  networkFamily: 4,
  fromUnitNetwork: false,
  completionSeconds: 80,
  floorSeconds: 10,
  straightLined: false,
  ...over,
});

describe('integrity scoring', () => {
  const settings = { ...DEFAULT_INTEGRITY_SETTINGS, openingHours: { open: '08:30', close: '17:30' } };

  it('does not quarantine an ordinary ballot, even one straight-lined at 非常满意', () => {
    expect(scoreIntegrity(observation(), settings).quarantined).toBe(false);
    expect(scoreIntegrity(observation({ straightLined: true }), settings)).toMatchObject({
      flags: ['straightLining'],
      quarantined: false,
    });
  });

  it.each([
    ['deviceLimit', { counts: { token: 0, device: 2, burst: 0, sameAnswers: 0 } }],
    ['networkLimit', { counts: { token: 0, network: 30, burst: 0, sameAnswers: 0 } }],
    ['burst', { counts: { token: 0, burst: 12, sameAnswers: 0 } }],
    ['tooFast', { completionSeconds: 5 }],
    ['unitNetwork', { fromUnitNetwork: true }],
    ['outsideHours', { at: new Date('2026-11-17T15:00:00Z') }],
  ] as const)('quarantines on %s alone', (flag, over) => {
    const verdict = scoreIntegrity(observation(over as Partial<IntegrityObservation>), settings);
    expect(verdict.flags).toContain(flag);
    expect(verdict.quarantined).toBe(true);
  });

  it('compares completion time with the median only once enough samples exist', () => {
    const fast = { completionSeconds: 20 };
    expect(
      scoreIntegrity(observation({ ...fast, median: { seconds: 90, samples: 5 } }), settings).flags,
    ).toEqual([]);
    expect(
      scoreIntegrity(observation({ ...fast, median: { seconds: 90, samples: 50 } }), settings).flags,
    ).toEqual(['fasterThanMedian']);
  });

  it('flags an unknown open time as a weak sign: quarantined only with another', () => {
    const unknown = scoreIntegrity(observation({ completionSeconds: undefined }), settings);
    expect(unknown).toMatchObject({ flags: ['openTimeUnknown'], quarantined: false });
    const alsoNoDevice = { completionSeconds: undefined, straightLined: true, hasDevice: false };
    expect(scoreIntegrity(observation(alsoNoDevice), settings)).toMatchObject({
      flags: ['noDevice', 'openTimeUnknown', 'straightLining'],
      quarantined: true,
    });
  });

  it('reads a median from a histogram', () => {
    expect(histogramMedian([0, 0, 0, 0, 0, 0, 0, 10, 1])?.seconds).toBeCloseTo(Math.sqrt(60 * 90));
  });
});

describe('rotating codes', () => {
  const key = Buffer.alloc(32, 7);

  it('verifies a code for its own static token only', () => {
    const code = signRotatingBallot(key, 'tokenAAAAAA', new Date('2026-11-17T03:00:00Z'));
    expect(code).toHaveLength(28);
    expect(verifyRotatingBallot(key, 'tokenAAAAAA', code)?.issuedAt.toISOString()).toBe(
      '2026-11-17T03:00:00.000Z',
    );
    expect(verifyRotatingBallot(key, 'tokenBBBBBB', code)).toBeUndefined();
  });

  it('can be opened for two renewal periods and submitted within the fill time after', () => {
    const d = rotatingDeadlines(new Date('2026-11-17T03:00:00Z'), 30, 30);
    expect(d.openUntil.toISOString()).toBe('2026-11-17T03:01:00.000Z');
    expect(d.submitUntil.toISOString()).toBe('2026-11-17T03:31:00.000Z');
  });
});

describe('questionnaire settings', () => {
  it('keeps questionnaires without settings valid, with static ballots only', () => {
    const parsed = v.parse(QuestionnaireContentSchema, demoQuestionnaire);
    expect(parsed.settings).toBeUndefined();
    expect(integritySettings(parsed).ballots).toEqual({ static: true, rotating: false, oneTime: false });
  });

  it('fills defaults inside given settings and refuses a questionnaire accepting no ballot at all', () => {
    const parsed = v.parse(QuestionnaireContentSchema, { ...demoQuestionnaire, settings: { altcha: true } });
    expect(parsed.settings).toMatchObject({ altcha: true, ballots: { static: true } });
    const none = { ...demoQuestionnaire, settings: { ballots: { static: false } } };
    expect(v.safeParse(QuestionnaireContentSchema, none).success).toBe(false);
  });
});
