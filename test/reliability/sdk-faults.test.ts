/**
 * Part 3: SDK faults (throttling, 5xx, dropped connections) injected by a request handler on a
 * real DynamoDB client, on the case and import paths (the submission path is covered in
 * test/integration/faults.test.ts). The SDK retries as configured; what the caller is finally
 * told is true; no half-written state remains: no case without its timeline entry, no import
 * counted partly.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { b64, campaignBody, campaignDeps } from '../fixtures/campaign-stack';
import { handleWithAuthHeader } from '../fixtures/console-request';
import { type ConsoleStack, createConsoleStack } from '../fixtures/console-stack';
import { FaultInjectingHandler } from '../fixtures/fault-handler';

const V1 = '/api/console/v1';
let stack: ConsoleStack;
beforeAll(async () => {
  stack = await createConsoleStack();
});

/** The console API on a client whose transactions meet `faults` first. */
function faultyConsole(...faults: Parameters<FaultInjectingHandler['inject']>[1][]) {
  const handler = new FaultInjectingHandler().inject('TransactWriteItems', ...faults);
  const app = stack.console({ client: stack.db.newClient({ requestHandler: handler, maxAttempts: 3 }) });
  return { handler, as: (user: string) => handleWithAuthHeader(app, () => stack.token(user)) };
}

async function openCase(): Promise<string> {
  const opened = await stack.as('unit-staff').post(`${V1}/cases`, {
    unitId: '130628001',
    source: 'call',
    visitedParty: '来电群众',
    problem: '反映夜间巡逻不足',
    neededDepartment: '巡警大队',
  });
  expect(opened.status, JSON.stringify(opened.body)).toBe(201);
  return opened.body.id;
}

const detail = async (id: string) => (await stack.as('unit-staff').get(`${V1}/cases/${id}`)).body;

describe('SDK faults on the case path', () => {
  it('retries a throttled and a failed transition, and records it once with its timeline entry', async () => {
    const id = await openCase();
    const before = await detail(id);
    const { handler, as } = faultyConsole({ kind: 'throttle' }, { kind: 'server-error' });
    const res = await as('unit-staff').post(`${V1}/cases/${id}/actions`, {
      type: 'accept',
      expectedVersion: 1,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(handler.pending).toBe(0);
    const after = await detail(id);
    expect(after.case?.version ?? after.version).toBe((before.case?.version ?? before.version) + 1);
    expect(after.timeline.length).toBe(before.timeline.length + 1);
  });

  it('answers 503 when throttling outlasts the retries, and changes nothing', async () => {
    const id = await openCase();
    const before = await detail(id);
    const { as } = faultyConsole({ kind: 'throttle' }, { kind: 'throttle' }, { kind: 'throttle' });
    const res = await as('unit-staff').post(`${V1}/cases/${id}/actions`, {
      type: 'accept',
      expectedVersion: 1,
    });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBeTruthy();
    expect(await detail(id)).toEqual(before);
  });

  it('tells the truth when the commit succeeded but its acknowledgement was lost', async () => {
    const id = await openCase();
    const before = await detail(id);
    const { as } = faultyConsole({ kind: 'drop-after-send' });
    const res = await as('unit-staff').post(`${V1}/cases/${id}/actions`, {
      type: 'accept',
      expectedVersion: 1,
    });
    const after = await detail(id);
    // Either the SDK's retry is recognised as the same request (200), or it is refused as a
    // stale version (409) — but then the change it reports as conflicting is really there, once.
    expect([200, 409]).toContain(res.status);
    expect(after.timeline.length).toBe(before.timeline.length + 1);
    expect(after.case?.status ?? after.status).toBe('accepted');
  });
});

describe('SDK faults on the import path', () => {
  let campaignId: string;
  const rows = (prefix: string, n: number) =>
    [
      'interview_id,county_code,date,mode,weight,q_overall,q_window,q_traffic,q_safety,q_antigang',
      ...Array.from(
        { length: n },
        (_, i) => `${prefix}-${i},130628,2026-10-02,phone,1,5,4,4,5,${1 + (i % 5)}`,
      ),
    ].join('\n');
  const counted = async () => {
    const aggs = await campaignDeps(stack.db).store.readAggregates(campaignId);
    const overall = aggs.get('130628')?.get('overall') as { n: number } | undefined;
    return overall?.n ?? 0;
  };

  beforeAll(async () => {
    const res = await stack.as('province-admin').post(`${V1}/campaigns`, campaignBody({ minSample: 30 }));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    campaignId = res.body.id ?? res.body.campaignId;
  });

  it('retries throttled row writes and counts every row once', async () => {
    const before = await counted();
    const { handler, as } = faultyConsole({ kind: 'throttle' }, { kind: 'server-error' });
    const res = await as('agency-analyst').post(`${V1}/campaigns/${campaignId}/uploads`, {
      fileName: 'a.csv',
      contentBase64: b64(rows('A', 40)),
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(handler.pending).toBe(0);
    expect((await counted()) - before).toBe(40);
  });

  it('counts an interrupted import once the file is uploaded again, never twice', async () => {
    const before = await counted();
    // The first write goes through, then the database throttles for longer than the SDK retries.
    const { as } = faultyConsole(
      { kind: 'pass' },
      ...Array.from({ length: 60 }, () => ({ kind: 'throttle' as const })),
    );
    const failed = await as('agency-analyst').post(`${V1}/campaigns/${campaignId}/uploads`, {
      fileName: 'b.csv',
      contentBase64: b64(rows('B', 300)),
    });
    expect(failed.status).not.toBe(500);
    const partly = (await counted()) - before;
    expect(partly).toBeLessThan(300);
    const again = await stack.as('agency-analyst').post(`${V1}/campaigns/${campaignId}/uploads`, {
      fileName: 'b.csv',
      contentBase64: b64(rows('B', 300)),
    });
    expect(again.status, JSON.stringify(again.body)).toBe(201);
    expect((await counted()) - before).toBe(300);
    console.log(
      `reliability/sdk-faults: interrupted import answered ${failed.status} with ${partly}/300 rows counted; after re-upload 300/300, none twice`,
    );
  });
});
