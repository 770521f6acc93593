/**
 * Counting invariants, by property: random sequences of submissions (genuine and quarantined on
 * arrival), re-sends, stream deliveries (cases, retroactive quarantine of bursts), the province's
 * release and rejection of quarantined ballots, appeals filed, upheld and overturned, citizens'
 * withdrawals of their own ballots, and replays of any of them, through the public and console APIs and the stream handler on DynamoDB Local. After every sequence the official aggregates of the unit and
 * of each window equal a recount from the stored ballots that are counted; no count is negative,
 * every score lies within 0–100 and every rate within 0–1.
 */
import { randomUUID } from 'node:crypto';
import { QueryCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IntegrityRepository } from '../../functions/db/integrity-repository';
import { toItem } from '../../functions/db/item';
import { responseKeys } from '../../functions/db/keys/responses';
import { ResponseRepository } from '../../functions/db/response-repository';
import { type AggregateDelta, aggregateDelta } from '../../functions/domain/aggregate';
import { isCounted } from '../../functions/domain/cases/exclusion';
import { caseIdForResponse } from '../../functions/domain/cases/model';
import { signQrToken } from '../../functions/domain/qr-token';
import { awaitsReview } from '../../functions/domain/quarantine-review';
import { serviceDay } from '../../functions/domain/service-day';
import { createCaseStreamHandler } from '../../functions/handlers/case-stream-handler';
import { caseServices } from '../../functions/handlers/case-wiring';
import { retroQuarantineServices } from '../../functions/handlers/retro-quarantine-deps';
import { DEFAULT_CASE_SETTINGS } from '../../functions/services/cases/ports';
import { DEMO_QUESTIONNAIRE_ID, demoQuestionnaire } from '../../local/seed/demo-questionnaire';
import { type StreamPoller, startStreamPoller } from '../../local/stream-poller';
import { servicePointWithCode } from '../fixtures/authz-world';
import { type ConsoleStack, createConsoleStack } from '../fixtures/console-stack';
import { aSubmission, openStamp, someAnswers } from '../fixtures/factories';
import { silentLogger } from '../fixtures/public-stack';

const V1 = '/api/console/v1';
const UNIT = '130628001';
let stack: ConsoleStack;
let poller: StreamPoller;

beforeAll(async () => {
  stack = await createConsoleStack();
  const { client, tables, endpoint } = stack.db;
  const onStream = createCaseStreamHandler(
    caseServices({ client, tables, settings: DEFAULT_CASE_SETTINGS }),
    silentLogger(),
    retroQuarantineServices({ client, tables }),
  );
  poller = startStreamPoller({
    client,
    endpoint,
    table: tables.responses,
    handle: (e) => onStream(e as never, {} as never),
    intervalMs: 600_000,
  });
});
afterAll(() => poller?.stop());

type Op =
  | { t: 'submit'; fast: boolean; bad: boolean; window: number; device: number }
  | { t: 'resend'; i: number }
  | { t: 'stream' }
  | { t: 'reuse'; i: number }
  | { t: 'appeal'; i: number }
  | { t: 'decide'; i: number; upheld: boolean }
  | { t: 'review'; i: number; release: boolean }
  | { t: 'withdraw'; i: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      t: fc.constant('submit' as const),
      fast: fc.constantFrom(false, false, false, true),
      bad: fc.boolean(),
      // Mostly the first window, so bursts happen; a few phones, so devices come back.
      window: fc.constantFrom(0, 0, 0, 1),
      device: fc.nat(2),
    }),
  },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('resend' as const), i: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('stream' as const) }) },
  // Two more ballots from the phone of an earlier one: its device cap shows, and the stream takes the earlier one back.
  { weight: 1, arbitrary: fc.record({ t: fc.constant('reuse' as const), i: fc.nat() }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('appeal' as const), i: fc.nat() }) },
  {
    weight: 3,
    arbitrary: fc.record({ t: fc.constant('decide' as const), i: fc.nat(), upheld: fc.boolean() }),
  },
  // The province reviews a quarantined ballot; mostly one still waiting, at times a decided one again
  // (a replay, or the other decision) or one that was never quarantined.
  {
    weight: 3,
    arbitrary: fc.record({ t: fc.constant('review' as const), i: fc.nat(), release: fc.boolean() }),
  },
  // The citizen withdraws a ballot with its receipt (counted or not, at times again: a replay).
  { weight: 2, arbitrary: fc.record({ t: fc.constant('withdraw' as const), i: fc.nat() }) },
);

async function post(token: string, body: unknown) {
  const res = await stack.app().request(`/api/v1/forms/${token}/responses`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as { responseId: string; receipt: string };
}

/** Every stored ballot of the unit, through its index. */
async function storedBallots() {
  const out: Record<string, unknown>[] = [];
  let start: Record<string, never> | undefined;
  do {
    const page = await stack.db.client.send(
      new QueryCommand({
        TableName: stack.db.tables.responses,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: toItem({ ':pk': responseKeys.responseOfUnit(UNIT, '', '').gsi1pk }),
        ExclusiveStartKey: start,
      }),
    );
    for (const i of page.Items ?? []) out.push(unmarshall(i));
    start = page.LastEvaluatedKey as typeof start;
  } while (start);
  return out;
}

/** Responses, level counts and score sums, summed the way the aggregates are. */
function add(into: Map<string, number>, d: AggregateDelta) {
  const bump = (k: string, n: number | undefined) => into.set(k, (into.get(k) ?? 0) + (n ?? 0));
  bump('responses', d.responses);
  for (const [q, v] of Object.entries(d.questions)) {
    bump(`${q}.n`, v.n);
    bump(`${q}.sum`, v.sum);
    for (const [l, c] of Object.entries(v.levels ?? {})) bump(`${q}.L${l}`, c);
  }
}

async function officialOf(nodeId: string, day: string) {
  const aggs = await new ResponseRepository(stack.db.client, stack.db.tables).dailyAggregates(
    nodeId,
    day,
    day,
  );
  const m = new Map<string, number>();
  for (const a of aggs) add(m, { responses: a.responses, questions: a.questions } as AggregateDelta);
  return m;
}

const nonZero = (m: Map<string, number>) => Object.fromEntries([...m].filter(([, v]) => v !== 0).sort());

describe('official aggregates equal a recount from the stored ballots', () => {
  it('after any sequence of submissions, re-sends, stream deliveries, appeals and decisions', async () => {
    let runs = 0;
    // What the sequences reached, so the property cannot pass by never reaching a transition.
    const seen = {
      quarantinedOnArrival: 0,
      retroQuarantined: 0,
      appealsFiled: 0,
      upheld: 0,
      overturned: 0,
      released: 0,
      rejected: 0,
      reviewReplayed: 0,
      reviewRefused: 0,
      releasedThenAppealed: 0,
      withdrawnCounted: 0,
      withdrawnNotCounted: 0,
      withdrawReplayed: 0,
    };
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 4, maxLength: 30 }), async (ops) => {
        runs++;
        const windows = await Promise.all(
          [0, 1].map(() => servicePointWithCode(stack, { unitId: UNIT } as never)),
        );
        const tokens = windows.map((w) =>
          signQrToken(stack.qrKey, {
            tokenId: w.tokenId,
            servicePointId: w.servicePointId,
            questionnaireId: DEMO_QUESTIONNAIRE_ID,
          }),
        );
        const run = randomUUID();
        const sent: {
          token: string;
          body: ReturnType<typeof aSubmission>;
          responseId: string;
          receipt: string;
          bad: boolean;
        }[] = [];
        const withdrawn = new Map<string, string>();
        const appealed: string[] = [];
        const reviewed = new Map<string, 'release' | 'reject'>();
        for (const op of ops) {
          if (op.t === 'submit') {
            const token = tokens[op.window]!;
            const body = aSubmission({
              answers: someAnswers(op.bad ? ({ q_overall: 1, q_attitude: 1 } as never) : {}),
              deviceId: `${run}-${op.device}`,
              opened: openStamp(stack.qrKey, token, new Date(Date.now() - (op.fast ? 1_000 : 90_000))),
            });
            sent.push({ token, body, bad: op.bad, ...(await post(token, body)) });
          } else if (op.t === 'resend' && sent.length > 0) {
            const s = sent[op.i % sent.length]!;
            expect((await post(s.token, s.body)).responseId).toBe(s.responseId);
          } else if (op.t === 'reuse' && sent.length > 0) {
            const s = sent[op.i % sent.length]!;
            for (let k = 0; k < 2; k++) {
              const body = aSubmission({ answers: someAnswers(), deviceId: s.body.deviceId });
              sent.push({ token: s.token, body, bad: false, ...(await post(s.token, body)) });
            }
          } else if (op.t === 'stream') {
            await poller.pollOnce();
          } else if (op.t === 'appeal' && sent.some((x) => x.bad)) {
            // The unit appeals a case it sees: the stream has delivered the ballot by then.
            await poller.pollOnce();
            const bad = sent.filter((x) => x.bad);
            const id = caseIdForResponse(bad[op.i % bad.length]!.responseId);
            const res = await stack.as('unit-staff').post(`${V1}/cases/${id}/appeal`, {
              reason: '恶意差评',
              evidence: [{ name: '截图' }],
              expectedVersion: 1,
            });
            expect([201, 404, 409]).toContain(res.status);
            if (res.status === 201) {
              seen.appealsFiled++;
              if (reviewed.get(bad[op.i % bad.length]!.responseId) === 'release') seen.releasedThenAppealed++;
              appealed.push(id);
            }
          } else if (op.t === 'review' && sent.length > 0) {
            // Mostly a ballot waiting in the queue, else any ballot sent (counted, or decided before).
            const waiting = (await storedBallots()).filter((b) => awaitsReview(b as never)) as {
              responseId: string;
            }[];
            const mine = waiting.filter((b) => sent.some((x) => x.responseId === b.responseId));
            const id =
              mine.length > 0 && op.i % 4 !== 0
                ? mine[op.i % mine.length]!.responseId
                : sent[op.i % sent.length]!.responseId;
            const verb = op.release ? 'release' : 'reject';
            const before = reviewed.get(id);
            const res = await stack
              .as('province-admin')
              .post(`${V1}/integrity/quarantine/${id}/${verb}`, { note: '复核' });
            expect([200, 409], JSON.stringify(res.body)).toContain(res.status);
            if (res.status === 200 && before) seen.reviewReplayed++;
            else if (res.status === 200) {
              reviewed.set(id, verb);
              seen[op.release ? 'released' : 'rejected']++;
            } else seen.reviewRefused++;
          } else if (op.t === 'withdraw' && sent.length > 0) {
            const s = sent[op.i % sent.length]!;
            const counted = isCounted(
              (await storedBallots()).find((b) => b.responseId === s.responseId) as never,
            );
            const res = await stack
              .app()
              .request(`/api/v1/receipts/${s.receipt}/withdraw`, { method: 'POST' });
            expect(res.status, await res.clone().text()).toBe(200);
            const { withdrawnAt } = (await res.json()) as { withdrawnAt: string };
            if (withdrawn.has(s.responseId)) {
              expect(withdrawnAt).toBe(withdrawn.get(s.responseId));
              seen.withdrawReplayed++;
            } else {
              withdrawn.set(s.responseId, withdrawnAt);
              seen[counted ? 'withdrawnCounted' : 'withdrawnNotCounted']++;
            }
          } else if (op.t === 'decide' && appealed.length > 0) {
            // Mostly a filed appeal; a decided one again is a replay.
            const id = appealed[op.i % appealed.length]!;
            const res = await stack
              .as('province-admin')
              .post(`${V1}/appeals/${id}/decision`, { upheld: op.upheld, note: '复核' });
            expect([200, 404, 409]).toContain(res.status);
            if (res.status === 200) seen[op.upheld ? 'upheld' : 'overturned']++;
          }
        }
        await poller.pollOnce();
        await poller.pollOnce();

        const day = serviceDay(new Date());
        const ballots = (await storedBallots()).filter((b) => b.day === day);
        const nodes = [UNIT, ...windows.map((w) => w.servicePointId)];
        for (const b of ballots.filter((x) => nodes.includes(x.servicePointId as string))) {
          const marks = b as { integrity?: { quarantined?: boolean }; excludedFromScores?: { by?: string } };
          if (marks.excludedFromScores?.by === 'integrity') seen.retroQuarantined++;
          else if (marks.integrity?.quarantined) seen.quarantinedOnArrival++;
        }
        // The quarantine counters (the integrity report's figures) equal a recount too: every ballot
        // quarantined now and not taken out before its quarantine (by an appeal or its citizen).
        const quarantine = await new IntegrityRepository(stack.db.client, stack.db.tables).quarantineBetween(
          day,
          day,
        );
        for (const w of windows) {
          const counter = quarantine
            .filter((q) => q.servicePointId === w.servicePointId)
            .reduce((n, q) => n + q.quarantined, 0);
          const recount = ballots.filter((b) => {
            const m = b as { integrity?: { quarantined?: boolean }; excludedFromScores?: { by?: string } };
            return (
              b.servicePointId === w.servicePointId &&
              m.integrity?.quarantined === true &&
              (m.excludedFromScores?.by ?? 'integrity') === 'integrity'
            );
          }).length;
          expect(counter, `quarantine counter of ${w.servicePointId}`).toBe(recount);
        }
        for (const node of nodes) {
          const recount = new Map<string, number>();
          for (const b of ballots) {
            if (node !== UNIT && b.servicePointId !== node) continue;
            if (isCounted(b as never)) add(recount, aggregateDelta(demoQuestionnaire, b.answers as never));
          }
          const official = await officialOf(node, day);
          expect(nonZero(official), node).toEqual(nonZero(recount));
          for (const [k, v] of official) {
            if (!k.endsWith('.sum')) expect(v, `${node} ${k}`).toBeGreaterThanOrEqual(0);
          }
          for (const [k, n] of official) {
            if (!k.endsWith('.n') || n === 0) continue;
            const q = k.slice(0, -2);
            const mean = (official.get(`${q}.sum`) ?? 0) / n;
            if (official.has(`${q}.L1`) || official.has(`${q}.L5`)) {
              expect(mean).toBeGreaterThanOrEqual(0);
              expect(mean).toBeLessThanOrEqual(100);
              const satisfied = [3, 4, 5].reduce((s, l) => s + (official.get(`${q}.L${l}`) ?? 0), 0);
              expect(satisfied / n).toBeGreaterThanOrEqual(0);
              expect(satisfied / n).toBeLessThanOrEqual(1);
            }
          }
        }
      }),
      // A fixed seed: the same sequences on every run, so what they reach (below) is stable.
      { numRuns: 40, seed: 31337 },
    );
    expect(runs).toBeGreaterThanOrEqual(40);
    console.log('counting invariants reached', JSON.stringify(seen));
    for (const [k, n] of Object.entries(seen)) expect(n, k).toBeGreaterThan(0);
  }, 600_000);
});
