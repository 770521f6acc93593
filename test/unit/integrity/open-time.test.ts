import { randomBytes } from 'node:crypto';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import {
  OPEN_TIME_MAX_AGE_SECONDS,
  secondsSinceOpen,
  signOpenTime,
  verifyOpenTime,
} from '../../../functions/domain/integrity/open-time';
import { SubmissionBodySchema } from '../../../functions/schemas/submission';
import { aSubmission } from '../../fixtures/factories';

const key = randomBytes(32);
const at = new Date('2026-11-17T02:03:04Z');

describe('signed form-open time', () => {
  it('verifies its own stamp for the same QR token, to the second', () => {
    const stamp = signOpenTime(key, 'tok-A', at);
    expect(stamp).toMatch(/^O[A-Za-z0-9_-]{22}$/);
    expect(verifyOpenTime(key, 'tok-A', stamp)).toEqual(at);
  });

  it('refuses a stamp served for another form or window', () => {
    expect(verifyOpenTime(key, 'tok-B', signOpenTime(key, 'tok-A', at))).toBeUndefined();
  });

  it('refuses a stamp signed with another key', () => {
    expect(verifyOpenTime(key, 'tok-A', signOpenTime(randomBytes(32), 'tok-A', at))).toBeUndefined();
  });

  it('refuses a stamp whose time was moved back, and one cut short', () => {
    const stamp = signOpenTime(key, 'tok-A', at);
    const earlier = signOpenTime(key, 'tok-A', new Date(at.getTime() - 600_000));
    const moved = `${earlier.slice(0, 7)}${stamp.slice(7)}`;
    expect(moved).not.toBe(stamp);
    expect(verifyOpenTime(key, 'tok-A', moved)).toBeUndefined();
    expect(verifyOpenTime(key, 'tok-A', stamp.slice(0, -1))).toBeUndefined();
    expect(verifyOpenTime(key, 'tok-A', `X${stamp.slice(1)}`)).toBeUndefined();
  });

  it('gives the seconds since opening, and none once the stamp is older than a day or absent', () => {
    expect(secondsSinceOpen(at, new Date(at.getTime() + 95_000))).toBe(95);
    const tooOld = new Date(at.getTime() + (OPEN_TIME_MAX_AGE_SECONDS + 1) * 1000);
    expect(secondsSinceOpen(at, tooOld)).toBeUndefined();
    expect(secondsSinceOpen(undefined, at)).toBeUndefined();
  });

  it('is accepted by the submission schema only in its own shape', () => {
    const ok = v.safeParse(SubmissionBodySchema, aSubmission({ opened: signOpenTime(key, 't', at) }));
    expect(ok.success).toBe(true);
    const bad = v.safeParse(SubmissionBodySchema, aSubmission({ opened: 'O123' }));
    expect(bad.success).toBe(false);
  });
});
