import { describe, expect, it } from 'vitest';
import { DEFAULT_INTEGRITY_SETTINGS } from '../../../functions/domain/integrity/settings';
import { counterCaps, type IntegrityFlag } from '../../../functions/domain/integrity/signals';
import { rememberStored } from '../../../functions/services/integrity/check-integrity';
import { countBallot, submissionKey } from '../../../functions/services/integrity/count-on-stream';
import { CounterMemo, counterId } from '../../../functions/services/integrity/counter-memo';
import type {
  CounterAddition,
  CounterOutcome,
  CounterStore,
  IntegrityCounterSet,
  IntegrityWrite,
} from '../../../functions/services/integrity/ports';

const caps = counterCaps(DEFAULT_INTEGRITY_SETTINGS, 'static', 4);
const set: IntegrityCounterSet & { caps: typeof caps } = {
  servicePointId: '130628001-01',
  day: '2026-11-18',
  week: '2026-11-16',
  ballotKey: 'tok1',
  deviceHash: 'dev1',
  network: '203.0.113.0/24',
  burstMinute: '1000',
  burstMinutes: 10,
  answersHash: 'ans1',
  caps,
};
const ballot = { submissionKey: submissionKey(set.servicePointId, 'sub-00000001'), responseId: 'r1' };

/** A counter store that answers from a script and remembers what it was asked to write. */
function store(outcome: CounterOutcome): CounterStore & { asked: CounterAddition[][] } {
  const asked: CounterAddition[][] = [];
  return {
    asked,
    async addToCounters(_c, additions) {
      asked.push([...additions]);
      return outcome;
    },
  };
}

describe('counting a ballot on the stream', () => {
  it('writes every counter of the set with its stored cap, and flags nothing under the caps', async () => {
    const counters = store({ reached: [], burst: caps.burst - 1 });
    expect(await countBallot({ counters }, set, ballot)).toEqual([]);
    expect(counters.asked[0]!.map((a) => a.name).sort()).toEqual(
      ['burst', 'device', 'deviceAllPoints', 'network', 'networkWeek', 'sameAnswers', 'token'].sort(),
    );
    for (const a of counters.asked[0]!) expect(a.cap).toBe(caps[a.name]);
  });

  it('flags each counter found at its cap once (both network counters raise one flag), and a full burst window', async () => {
    const counters = store({ reached: ['network', 'networkWeek', 'device'], burst: caps.burst });
    expect((await countBallot({ counters }, set, ballot)).sort()).toEqual(
      ['burst', 'deviceLimit', 'networkLimit'].sort(),
    );
  });

  it('does not write a counter the process knows to be full, still flags it, and learns the ones found full', async () => {
    const memo = new CounterMemo(16);
    memo.learn(counterId(set, 'sameAnswers')!, caps.sameAnswers);
    const counters = store({ reached: ['token'], burst: 0 });
    expect((await countBallot({ counters, memo }, set, ballot)).sort()).toEqual([
      'sameAnswers',
      'tokenLimit',
    ]);
    expect(counters.asked[0]!.map((a) => a.name)).not.toContain('sameAnswers');
    expect(memo.lowerBound(counterId(set, 'token')!)).toBe(caps.token);
    // The next ballot of the same set writes neither.
    const next = store({ reached: [], burst: 0 });
    await countBallot({ counters: next, memo }, set, ballot);
    expect(next.asked[0]!.map((a) => a.name)).not.toContain('token');
  });

  it('keys a submission by its window and id, so a redelivery adds the same key', () => {
    expect(submissionKey('a', 'x')).toBe(submissionKey('a', 'x'));
    expect(submissionKey('a', 'x')).not.toBe(submissionKey('b', 'x'));
    expect(submissionKey('a', 'x')).toHaveLength(8);
  });
});

describe("a public process's memo of its own stored ballots", () => {
  const write = (minute: string, flags: IntegrityFlag[] = []): IntegrityWrite => ({
    verdict: { flags, score: 0, quarantined: false },
    ballotKind: 'static',
    counters: { ...set, burstMinute: minute },
    nowSeconds: 0,
  });

  it('counts a counter up to its cap, once per stored ballot, and not for a ballot already flagged for it', () => {
    const memo = new CounterMemo(16);
    const device = counterId(set, 'device')!;
    rememberStored(memo, write('1000', ['deviceLimit']));
    expect(memo.lowerBound(device)).toBe(0);
    for (let i = 0; i < caps.device + 3; i++) rememberStored(memo, write('1000'));
    expect(memo.lowerBound(device)).toBe(caps.device);
  });

  it("counts its own ballots in the sliding burst window, keeping the latest cap's worth", () => {
    const memo = new CounterMemo(16);
    for (let i = 0; i < caps.burst; i++)
      rememberStored(memo, write(`09${String(50 + (i % 10)).padStart(2, '0')}`));
    expect(memo.burstCount({ ...set, burstMinute: '0959' })).toBe(caps.burst);
    // Ten minutes on, those of 09:50 have left the window.
    expect(memo.burstCount({ ...set, burstMinute: '1000' })).toBeLessThan(caps.burst);
    expect(memo.burstCount({ ...set, burstMinute: '1015' })).toBe(0);
    // A ballot flagged for the burst on arrival is not recorded again.
    const before = memo.burstCount({ ...set, burstMinute: '0959' });
    rememberStored(memo, write('0959', ['burst']));
    expect(memo.burstCount({ ...set, burstMinute: '0959' })).toBe(before);
  });
});
