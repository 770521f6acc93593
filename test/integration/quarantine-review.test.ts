/**
 * The province's quarantine review queue on DynamoDB Local: a quarantined ballot opens no case the
 * unit sees and waits in the queue; only the province admin releases it (counted, then its case
 * opens) or rejects it (kept out); every decision is audited; a replay changes nothing; a decided
 * ballot is never decided the other way.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseIdForResponse } from '../../functions/domain/cases/model';
import { serviceDay } from '../../functions/domain/service-day';
import type { StreamPoller } from '../../local/stream-poller';
import { buildWorld, type World } from '../fixtures/authz-world';
import { type ConsoleStack, createConsoleStack } from '../fixtures/console-stack';
import { aSubmission } from '../fixtures/factories';
import { quarantinedBallot } from '../fixtures/quarantined-ballot';
import { responseItem, startCaseStream } from './case-stream';
import { todaysAggregate } from './count';

const V1 = '/api/console/v1';
let stack: ConsoleStack;
let world: World;
let poller: StreamPoller;

beforeAll(async () => {
  stack = await createConsoleStack();
  world = await buildWorld(stack);
  ({ poller } = startCaseStream(stack));
});
afterAll(() => poller?.stop());

const day = () => serviceDay(new Date());
const queue = (user: string) => stack.as(user).get(`${V1}/integrity/quarantine?from=${day()}&to=${day()}`);
const queued = async (responseId: string) =>
  (await queue('province-admin')).body.items.some((i: { responseId: string }) => i.responseId === responseId);
const decide = (user: string, responseId: string, verb: 'release' | 'reject') =>
  stack.as(user).post(`${V1}/integrity/quarantine/${responseId}/${verb}`, { note: '人工复核' });
const unitCases = async () => JSON.stringify((await stack.as('unit-staff').get(`${V1}/cases`)).body);
const auditOf = async (responseId: string) =>
  (await stack.as('province-admin').get(`${V1}/audit?from=${day()}&to=${day()}`)).body.entries.filter(
    (e: { targetId: string }) => e.targetId === responseId,
  );

describe('quarantine review queue', () => {
  it('keeps a quarantined bad review from the unit and lists it for the province only', async () => {
    const { responseId } = await quarantinedBallot(stack, world.in);
    await poller.pollOnce();
    await poller.pollOnce();
    expect(await unitCases()).not.toContain(responseId);
    expect(await queued(responseId)).toBe(true);
    const auditor = await queue('auditor');
    expect(auditor.status).toBe(200);
    for (const user of ['unit-staff', 'county-admin', 'city-admin']) {
      expect((await queue(user)).status, user).toBe(403);
    }
    const item = (await queue('province-admin')).body.items.find(
      (i: { responseId: string }) => i.responseId === responseId,
    );
    expect(item).toMatchObject({ unitId: world.in.unitId, retroactive: false });
    expect(item.flags.length).toBeGreaterThan(0);
    expect(JSON.stringify(item)).not.toMatch(/contact|deviceHash|network/i);
  });

  it('lets nobody but the province admin decide, and the unit least of all', async () => {
    const { responseId } = await quarantinedBallot(stack, world.in);
    for (const user of ['unit-staff', 'county-admin', 'city-admin', 'auditor']) {
      for (const verb of ['release', 'reject'] as const) {
        expect((await decide(user, responseId, verb)).status, `${user} ${verb}`).toBe(403);
      }
    }
    expect((await responseItem(stack, responseId)).review).toBeUndefined();
    expect(await queued(responseId)).toBe(true);
  });

  it('counts a released ballot once, then opens its case for the unit; a replay changes nothing', async () => {
    const { responseId, servicePointId } = await quarantinedBallot(stack, world.in);
    const unitBefore = await todaysAggregate(stack.db, world.in.unitId);
    const windowBefore = await todaysAggregate(stack.db, servicePointId);
    expect(windowBefore.responses).toBe(0);

    const released = await decide('province-admin', responseId, 'release');
    expect(released.status, JSON.stringify(released.body)).toBe(200);
    expect(released.body).toMatchObject({ review: { status: 'released' }, case: 'opened' });
    const unitAfter = await todaysAggregate(stack.db, world.in.unitId);
    expect(unitAfter.responses).toBe(unitBefore.responses + 1);
    expect(unitAfter.level('q_overall', 1)).toBe(unitBefore.level('q_overall', 1) + 1);
    expect((await todaysAggregate(stack.db, servicePointId)).responses).toBe(1);
    expect(await unitCases()).toContain(caseIdForResponse(responseId));
    expect(await queued(responseId)).toBe(false);

    const replay = await decide('province-admin', responseId, 'release');
    expect(replay.status).toBe(200);
    expect(replay.body.case).toBe('exists');
    expect((await todaysAggregate(stack.db, world.in.unitId)).responses).toBe(unitAfter.responses);
    const other = await decide('province-admin', responseId, 'reject');
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe('QUARANTINE_DECIDED');

    const entries = await auditOf(responseId);
    expect(entries.map((e: { action: string }) => e.action)).toEqual(['quarantine.release']);
    expect(entries[0].actor.userId).toBe('province-admin');

    // Counted now, so the unit may appeal it like any counted bad review.
    const appeal = await stack.as('unit-staff').post(`${V1}/cases/${caseIdForResponse(responseId)}/appeal`, {
      reason: '恶意差评',
      evidence: [{ name: '截图' }],
      expectedVersion: 1,
    });
    expect(appeal.status, JSON.stringify(appeal.body)).toBe(201);
  });

  it('keeps a rejected ballot out for good, with no case', async () => {
    const { responseId, servicePointId } = await quarantinedBallot(stack, world.in);
    const before = await todaysAggregate(stack.db, world.in.unitId);
    const rejected = await decide('province-admin', responseId, 'reject');
    expect(rejected.status, JSON.stringify(rejected.body)).toBe(200);
    expect((await decide('province-admin', responseId, 'reject')).status).toBe(200);
    const release = await decide('province-admin', responseId, 'release');
    expect(release.status).toBe(409);
    await poller.pollOnce();
    expect((await todaysAggregate(stack.db, world.in.unitId)).responses).toBe(before.responses);
    expect((await todaysAggregate(stack.db, servicePointId)).responses).toBe(0);
    expect(await unitCases()).not.toContain(responseId);
    expect(await queued(responseId)).toBe(false);
    expect((await auditOf(responseId)).map((e: { action: string }) => e.action)).toEqual([
      'quarantine.reject',
    ]);
  });

  it('answers 404 for a ballot outside the reviewer’s province and 409 for a counted one', async () => {
    const outside = await quarantinedBallot(stack, world.out);
    expect((await decide('province-admin', outside.responseId, 'release')).status).toBe(404);
    const counted = await stack.app().request(`/api/v1/forms/${stack.forms[0]!.token}/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(aSubmission()),
    });
    expect(counted.status, await counted.clone().text()).toBe(201);
    const { responseId } = (await counted.json()) as { responseId: string };
    const res = await decide('province-admin', responseId, 'release');
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('NOT_IN_QUARANTINE');
  });
});
