/**
 * The write-set rule, on DynamoDB Local with the SDK's own requests recorded: two submissions at
 * different windows share no item (not in a write, not in a condition check); two at the same
 * window meet only on the aggregate shards they happened to draw. The quiet-limit counters are
 * in no transaction at all: each is a conditional write of its own.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { integrityKeys } from '../../functions/db/keys/integrity';
import { quietLimitKeys } from '../../functions/db/keys/quiet-limits';
import { responseKeys } from '../../functions/db/keys/responses';
import { ResponseRepository } from '../../functions/db/response-repository';
import { HISTOGRAM_PARTITIONS } from '../../functions/domain/integrity/completion-time';
import { newTokenId, signQrToken } from '../../functions/domain/qr-token';
import { serviceDay } from '../../functions/domain/service-day';
import { publicServices } from '../../functions/handlers/public-deps';
import { retroQuarantineServices } from '../../functions/handlers/retro-quarantine-deps';
import { createPublicApp } from '../../functions/http/public-app';
import { countOnStream } from '../../functions/services/integrity/count-on-stream';
import { DEMO_QUESTIONNAIRE_ID } from '../../local/seed/demo-questionnaire';
import { aQuestionnaire, aSubmission, someAnswers } from '../fixtures/factories';
import { createPublicStack, type PublicStack, silentLogger } from '../fixtures/public-stack';
import { pointsByItem, recordTransactions, type WriteSet } from '../fixtures/write-sets';

const SECOND = 'write-set-second';
const PER_FORM = 3;

let stack: PublicStack;
/** Forms (window × questionnaire) over three units, two windows each, two questionnaires each. */
let forms: { servicePointId: string; unitId: string; questionnaireId: string; token: string }[];

beforeAll(async () => {
  stack = await createPublicStack();
  const at = new Date().toISOString();
  await stack.questionnaires.create(
    { questionnaireId: SECOND, ownerId: '13', createdAt: at },
    aQuestionnaire(),
  );
  await stack.questionnaires.publish(SECOND, 1, at);
  const byUnit = new Map<string, string[]>();
  for (const f of stack.forms) {
    const unit = f.servicePointId.split('-')[0]!;
    byUnit.set(unit, [...(byUnit.get(unit) ?? []), f.servicePointId]);
  }
  const units = [...byUnit].filter(([, sps]) => sps.length >= 2).slice(0, 3);
  expect(units).toHaveLength(3);
  forms = [];
  for (const [unitId, sps] of units) {
    for (const servicePointId of sps.slice(0, 2)) {
      const demo = stack.forms.find((f) => f.servicePointId === servicePointId)!;
      forms.push({ servicePointId, unitId, questionnaireId: DEMO_QUESTIONNAIRE_ID, token: demo.token });
      const binding = { tokenId: newTokenId(), servicePointId, questionnaireId: SECOND };
      await stack.directory.putQrTokenIfAbsent({ ...binding, unitId, status: 'active', createdAt: at });
      forms.push({
        servicePointId,
        unitId,
        questionnaireId: SECOND,
        token: signQrToken(stack.qrKey, binding),
      });
    }
  }
});

/**
 * Submits PER_FORM ballots on every form, each from its own device: every form at once, its
 * ballots one after another (so a loaded machine does not time the test's client out).
 */
async function submitEverywhere(app: ReturnType<PublicStack['app']>, ids: string[] = []): Promise<number[]> {
  const perForm = await Promise.all(
    forms.map(async (f) => {
      const statuses: number[] = [];
      for (let i = 0; i < PER_FORM; i++) {
        const res = await app.request(`/api/v1/forms/${f.token}/responses`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(
            aSubmission({
              deviceId: `device-${crypto.randomUUID()}`,
              answers: someAnswers({ q_overall: (1 + (i % 5)) as 1 }),
            }),
          ),
        });
        statuses.push(res.status);
        if (res.status === 201) ids.push(((await res.json()) as { responseId: string }).responseId);
      }
      return statuses;
    }),
  );
  return perForm.flat();
}

/** Keys two transactions of the same window may share: the shards of its aggregates (official or quarantine). */
function isAggregateShard(key: string, s: WriteSet, day: string): boolean {
  const [, pk, sk] = key.split('|');
  const shard = { servicePointId: s.servicePointId!, shard: s.shard! };
  const agg = (node: string, q: string) => responseKeys.dailyAggregate(node, day, q, 1, shard);
  const unitId = s.servicePointId!.split('-')[0]!;
  return [
    integrityKeys.quarantine(unitId, day, s.servicePointId!, s.shard!),
    ...[DEMO_QUESTIONNAIRE_ID, SECOND].flatMap((q) => [agg(s.servicePointId!, q), agg(unitId, q)]),
    ...[DEMO_QUESTIONNAIRE_ID, SECOND].flatMap((q) =>
      Array.from({ length: HISTOGRAM_PARTITIONS }, (_, p) =>
        integrityKeys.completionHistogram(q, 1, day, p, s.servicePointId!, s.shard!),
      ),
    ),
  ].some((k) => k.pk === pk && k.sk === sk);
}

function assertRule(sets: WriteSet[], sameWindowAlsoMay: (key: string, s: WriteSet) => boolean) {
  const day = serviceDay(new Date());
  const byItem = pointsByItem(sets);
  // Different windows: no item in common, whatever the unit or questionnaire.
  const shared = [...byItem].filter(([, points]) => points.size > 1).map(([key]) => key);
  expect(shared).toEqual([]);
  // Same window: only aggregate shards (and what the caller allows) are touched twice.
  const counts = new Map<string, number>();
  for (const s of sets) for (const k of new Set(s.keys)) counts.set(k, (counts.get(k) ?? 0) + 1);
  for (const s of sets) {
    for (const key of s.keys.filter((k) => counts.get(k)! > 1)) {
      expect(isAggregateShard(key, s, day) || sameWindowAlsoMay(key, s), key).toBe(true);
    }
  }
  // Nothing outside the Responses table: neither the code nor the questionnaire version.
  expect(new Set(sets.flatMap((s) => s.items.map((i) => i.table)))).toEqual(
    new Set([stack.db.tables.responses]),
  );
  expect(sets.flatMap((s) => s.items).some((i) => i.action === 'ConditionCheck')).toBe(false);
}

describe('the write set of a submission', () => {
  it('shares no item across windows, and within a window only aggregate shards (checks off)', async () => {
    const client = stack.db.newClient();
    const sets = recordTransactions(client);
    const app = createPublicApp({
      logger: silentLogger(),
      ...publicServices({ client, tables: stack.db.tables, qrKey: stack.qrKey, integrity: false }),
    });
    const day = serviceDay(new Date());
    const repo = new ResponseRepository(stack.db.client, stack.db.tables);
    const units = [...new Set(forms.map((f) => f.unitId))];
    const total = async (unitId: string) =>
      (await repo.dailyAggregates(unitId, day, day)).reduce((n, a) => n + a.responses, 0);
    const before = await Promise.all(units.map(total));
    const statuses = await submitEverywhere(app);
    expect(statuses.every((s) => s === 201)).toBe(true);
    expect(sets).toHaveLength(forms.length * PER_FORM);
    assertRule(sets, () => false);
    // The shards sum to every ballot: four forms per unit, each counted once.
    const after = await Promise.all(units.map(total));
    expect(after.map((n, i) => n - before[i]!)).toEqual(units.map(() => 4 * PER_FORM));
  });

  // Hundreds of ballots, then the stream's counter writes for each: minutes on a shared 2-core machine.
  it('with the integrity checks on, still repeats only randomly drawn shards within a window; the counters are written by the stream, outside any transaction', {
    timeout: 240_000,
  }, async () => {
    // The stream sends each ballot's counter writes side by side, twelve forms at once: a patient
    // client, since a loaded machine's DynamoDB Local is slow to accept that many connections.
    const client = stack.db.newClient({
      requestHandler: { connectionTimeout: 10_000, requestTimeout: 20_000, throwOnRequestTimeout: true },
    });
    const sets = recordTransactions(client);
    const single: { command: string; table: string; pk: string }[] = [];
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const input = args.input as { TableName?: string; Key?: Record<string, { S?: string }> };
        if (context.commandName === 'UpdateItemCommand') {
          single.push({
            command: context.commandName,
            table: String(input.TableName),
            pk: String(input.Key?.pk?.S),
          });
        }
        return next(args);
      },
      { step: 'initialize', name: 'recordSingleWrites' },
    );
    const ids: string[] = [];
    const statuses = await submitEverywhere(stack.app({ client }), ids);
    expect(statuses.filter((s) => s !== 201)).toEqual([]);
    const day = serviceDay(new Date());
    expect(sets).toHaveLength(forms.length * PER_FORM);
    const counterItem = (pk: string) => pk.startsWith('LIM');
    // The citizen's request writes no counter at all.
    expect(single.filter((w) => counterItem(w.pk))).toEqual([]);
    // The Responses stream's work, per ballot (no memo: every counter is written), a batch at a time.
    const stream = { ...retroQuarantineServices({ client, tables: stack.db.tables }), memo: undefined };
    for (let k = 0; k < ids.length; k += forms.length) {
      await Promise.all(
        ids
          .slice(k, k + forms.length)
          .map(async (id) => countOnStream(stream, (await stream.store.getResponse(id))!)),
      );
    }
    // The same rule as without the checks: nothing but aggregate, histogram or quarantine shards repeats.
    assertRule(sets.slice(0, forms.length * PER_FORM), () => false);
    // Nor any transaction of the stream's (a ballot taken back) holds a counter.
    expect(sets.flatMap((s) => s.items).filter((i) => counterItem(i.pk))).toEqual([]);
    // Each ballot was added to its counters, each on its own: per code, burst minute, answers, device,
    // devices across windows, network and the network's week.
    expect(single.filter((w) => counterItem(w.pk))).toHaveLength(forms.length * PER_FORM * 7);
    // In the QuietLimits table, which has no stream: none of them is an event for the stream's consumers.
    expect(new Set(single.filter((w) => counterItem(w.pk)).map((w) => w.table))).toEqual(
      new Set([stack.db.tables.quietLimits]),
    );
    for (const f of forms) {
      const window = quietLimitKeys.limitCounterPartition(f.servicePointId, day);
      expect(single.some((w) => w.pk === window)).toBe(true);
    }
  });
});
