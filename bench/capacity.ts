/**
 * `npm run capacity`: records what counted submissions really send (SDK middleware on DynamoDB
 * Local, integrity checks on with the caps lifted so every quiet-limit counter is written by the
 * Responses stream's work, run here on the ballots; demo windows, distinct phones), then applies the load profile and prices of
 * bench/capacity-config.json: peak write rate per item and per partition key with the margin to
 * DynamoDB's per-partition limits, the conflict probability, and the cost per million ballots.
 * The first half of the ballots warms the caches; the second half is measured.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Logger } from '@aws-lambda-powertools/logger';
import { GetItemCommand, type TransactWriteItemsCommandInput } from '@aws-sdk/client-dynamodb';
import { createDynamoClient } from '../functions/db/client';
import { DirectoryRepository } from '../functions/db/directory-repository';
import { AGGREGATE_SHARDS } from '../functions/domain/aggregate';
import { HISTOGRAM_PARTITIONS } from '../functions/domain/integrity/completion-time';
import { ROLLUP_SHARDS } from '../functions/domain/rollup';
import { publicServices } from '../functions/handlers/public-deps';
import { retroQuarantineServices } from '../functions/handlers/retro-quarantine-deps';
import { createPublicApp } from '../functions/http/public-app';
import { countOnStream } from '../functions/services/integrity/count-on-stream';
import { startDynamoLocal } from '../local/dynamo-local';
import { writeSetOf } from '../test/fixtures/write-sets';
import { realisticAnswers, seeded } from '../test/reliability/client';
import {
  changesPerTransaction,
  conflictProbability,
  costPerMillion,
  itemBytes,
  type Profile,
  readUnits,
  rollupLoad,
  type Scope,
  scopeRate,
  transactionalWriteUnits,
  writeUnits,
} from './capacity-model';
import { rollupDrain } from './rollup-drain';
import { seededTables } from './seeded-tables';

const config = JSON.parse(readFileSync(new URL('./capacity-config.json', import.meta.url), 'utf8')) as {
  profile: Profile;
  limits: { wcuPerPartitionKey: number; rcuPerPartitionKey: number };
  lambda: { memoryGb: number; msPerBallot: number };
  rollupConsumer: {
    cities: number;
    batchSize: number;
    batchWindowSeconds: number;
    memoryGb: number;
    msPerInvocation: number;
    transactionSeconds: number;
  };
  prices: Parameters<typeof costPerMillion>[0] & { region: string; currency: string; source: string };
};
const BALLOTS = Number(process.env.CAPACITY_BALLOTS ?? 400);

/** What kind of item a key is, who shares the item, and who shares its partition key. */
function classify(pk: string, sk: string): { label: string; item: Scope; partition: Scope } {
  const kind = (label: string, item: Scope, partition: Scope) => ({ label, item, partition });
  if (pk.startsWith('SUB#')) return kind('idempotency record', 'ballot', 'ballot');
  if (pk.startsWith('RESP#')) return kind('response', 'ballot', 'ballot');
  if (pk.startsWith('RCPT#')) return kind('receipt', 'ballot', 'ballot');
  if (pk.startsWith('CT#'))
    return kind('completion histogram shard', 'windowShard', 'questionnairePartition');
  if (pk.startsWith('AGG#')) {
    const ofUnit = !pk.slice(4).includes('-');
    return ofUnit
      ? kind('unit aggregate shard (per window)', 'windowShard', 'unit')
      : kind('window aggregate shard', 'windowShard', 'window');
  }
  if (pk.startsWith('LIMDEV#')) return kind('device-across-windows counter', 'device', 'device');
  if (pk.startsWith('LIMW#')) return kind('quiet-limit counter NET (week)', 'window', 'window');
  if (pk.startsWith('LIM#')) {
    const counter = sk.split('#')[0]!;
    // A device's own counter at the window is shared only by that device's ballots.
    return kind(`quiet-limit counter ${counter}`, counter === 'DEV' ? 'device' : 'window', 'window');
  }
  if (pk.startsWith('QAGG#')) return kind('quarantine counter shard', 'windowShard', 'unit');
  return kind(pk.split('#')[0]!, 'ballot', 'ballot');
}

interface Read {
  table: string;
  label: string;
  scope: Scope;
  units: number;
}

async function main() {
  const db = await startDynamoLocal({ dataDir: null });
  try {
    const client = createDynamoClient({ endpoint: db.endpoint });
    const { tables, qrKey, demoForms } = await seededTables(client, 'cap');

    let measuring = false;
    /** While the rollup consumer drains the measured ballots' stream records. */
    let measuringRollups = false;
    const rollupTx: TransactWriteItemsCommandInput[] = [];
    const rollupPuts: { pk: string; bytes: number }[] = [];
    let rollupReads = 0;
    const committed: TransactWriteItemsCommandInput[] = [];
    /** While the Responses stream's work adds the measured ballots to their quiet-limit counters. */
    let measuringCounters = false;
    /** Single-item writes (the quiet-limit counters, written by the stream), outside any transaction. */
    const singles: { table: string; pk: string; sk: string }[] = [];
    const reads: Read[] = [];
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const out = await next(args);
        if (measuringRollups) {
          const input = args.input as Record<string, unknown>;
          const name = String(context.commandName);
          if (name === 'TransactWriteItemsCommand')
            rollupTx.push(input as unknown as TransactWriteItemsCommandInput);
          else if (name === 'PutItemCommand') {
            const item = input.Item as Record<string, { S?: string }>;
            rollupPuts.push({ pk: String(item.pk?.S), bytes: itemBytes(item) });
          } else if (['GetItemCommand', 'BatchGetItemCommand', 'QueryCommand'].includes(name)) rollupReads++;
          return out;
        }
        if (measuringCounters) {
          const input = args.input as Record<string, unknown>;
          if (context.commandName === 'UpdateItemCommand') {
            const key = input.Key as Record<string, { S?: string }>;
            singles.push({ table: String(input.TableName), pk: String(key.pk?.S), sk: String(key.sk?.S) });
          }
          // The burst window's Query is the stream's read (its response image comes with the record).
          if (context.commandName !== 'QueryCommand') return out;
        } else if (!measuring) return out;
        const input = args.input as Record<string, unknown>;
        const name = String(context.commandName);
        if (name === 'TransactWriteItemsCommand')
          committed.push(input as unknown as TransactWriteItemsCommandInput);
        const output = out.output as { Item?: Record<string, unknown>; Items?: Record<string, unknown>[] };
        const consistent = input.ConsistentRead === true;
        if (name === 'GetItemCommand') {
          const table = String(input.TableName);
          const status = input.ProjectionExpression === '#status';
          const label =
            table === tables.directory
              ? status
                ? 'QR code status'
                : 'QR code record'
              : table === tables.questionnaires
                ? status
                  ? 'version status'
                  : 'version content'
                : 'other GetItem';
          const scope: Scope =
            table === tables.questionnaires
              ? 'questionnaire'
              : table === tables.directory
                ? 'window'
                : 'ballot';
          reads.push({
            table,
            label,
            scope,
            units: readUnits(output.Item ? itemBytes(output.Item) : 1, consistent),
          });
        } else if (name === 'QueryCommand' || name === 'BatchGetItemCommand') {
          const bytes = (output.Items ?? []).reduce((n, i) => n + itemBytes(i), 0);
          const values = input.ExpressionAttributeValues as Record<string, { S?: string }> | undefined;
          const burstWindow = values?.[':pk']?.S?.startsWith('LIM#') === true;
          reads.push({
            table: String(input.TableName),
            label: burstWindow
              ? 'burst window (earlier minutes, on the stream)'
              : name.replace('Command', ''),
            scope: burstWindow ? 'window' : 'questionnairePartition',
            units: readUnits(bytes, consistent),
          });
        }
        return out;
      },
      { step: 'initialize', name: 'capacityRecorder' },
    );

    const app = createPublicApp({
      logger: new Logger({ serviceName: 'capacity', logLevel: 'CRITICAL' }),
      // A counted ballot's write set: the caps that ballots from one address at a few windows would
      // reach are lifted, so every counter is written as at a window still under its caps.
      ...publicServices({
        client,
        tables,
        qrKey,
        integrityDefaults: {
          limits: { perNetwork4: 1e6, perStaticToken: 1e6, burst: 1e6, sameAnswers: 1e6 },
        },
      }),
    });
    const rnd = seeded(7);
    const submit = async (i: number) => {
      const form = demoForms[i % demoForms.length]!;
      const res = await app.request(`/api/v1/forms/${form.token}/responses`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          submissionId: randomUUID(),
          answers: realisticAnswers(rnd),
          startedAt: new Date(Date.now() - 90_000).toISOString(),
          locale: 'zh-CN',
          version: 1,
          deviceId: `phone-${randomUUID()}`,
        }),
      });
      if (res.status !== 201) throw new Error(`submission answered ${res.status}`);
      return ((await res.json()) as { responseId: string }).responseId;
    };
    // The Responses stream's integrity work (no memo, so every counter is written), in order.
    const stream = { ...retroQuarantineServices({ client, tables }), memo: undefined };
    const countOnTheStream = async (ids: string[]) => {
      for (const id of ids) await countOnStream(stream, (await stream.store.getResponse(id))!);
    };
    // The rollup stream consumer, fed by the stand-in for Lambda's event source, polled on demand.
    const { drain, stop: stopRollups } = rollupDrain({ client, endpoint: db.endpoint, tables });
    const warming: string[] = [];
    for (let i = 0; i < BALLOTS / 2; i++) warming.push(await submit(i));
    await countOnTheStream(warming);
    await drain();
    measuring = true;
    const started = performance.now();
    const measuredIds: string[] = [];
    for (let i = BALLOTS / 2; i < BALLOTS; i++) measuredIds.push(await submit(i));
    const localMs = (performance.now() - started) / (BALLOTS / 2);
    measuring = false;
    const measured = BALLOTS / 2;
    measuringCounters = true;
    await countOnTheStream(measuredIds);
    measuringCounters = false;
    measuringRollups = true;
    await drain();
    measuringRollups = false;
    stopRollups();

    // Items of the committed transactions, their sizes read back from the table.
    const sets = committed.map(writeSetOf).filter((s) => s.servicePointId !== undefined);
    const byLabel = new Map<
      string,
      {
        scope: Scope;
        partition: Scope;
        pkKind: string;
        writes: number;
        bytes: number[];
        transactional: boolean;
      }
    >();
    const written = [
      ...sets.flatMap((s) => s.items.map((it) => ({ ...it, transactional: true }))),
      ...singles.map((it) => ({ ...it, transactional: false })),
    ];
    for (const it of written) {
      const c = classify(it.pk, it.sk);
      const got = await client.send(
        new GetItemCommand({ TableName: it.table, Key: { pk: { S: it.pk }, sk: { S: it.sk } } }),
      );
      const row = byLabel.get(c.label) ?? {
        scope: c.item,
        partition: c.partition,
        pkKind: it.pk.split('#')[0]!,
        writes: 0,
        bytes: [],
        transactional: it.transactional,
      };
      row.writes++;
      row.bytes.push(got.Item ? itemBytes(got.Item) : 100);
      byLabel.set(c.label, row);
    }
    const p = config.profile;
    const K = AGGREGATE_SHARDS;
    const P = HISTOGRAM_PARTITIONS;
    const limit = config.limits;
    const fmt = (x: number, d = 2) => (x === 0 ? '0' : x < 0.01 ? x.toExponential(1) : x.toFixed(d));

    console.log(
      `capacity: ${measured} measured ballots (after ${BALLOTS / 2} warming the caches) at ${demoForms.length} demo windows; ` +
        `profile ${p.counties} counties × ${p.servicePointsPerCounty} windows = ${p.counties * p.servicePointsPerCounty} windows, ` +
        `${p.peakBallotsPerSecond} ballots/s peak (${fmt(p.peakBallotsPerSecond / (p.counties * p.servicePointsPerCounty), 3)}/s per window), hot window ${p.hotWindowBallotsPerSecond}/s; ` +
        `K = ${K} aggregate shards, ${P} histogram partitions, τ = ${p.transactionSeconds * 1000} ms`,
    );
    console.log(
      '\nWrites per ballot, by item (in the transaction: 2 WRU per started KB; single-item writes: 1 WRU per started KB):',
    );
    console.log(
      '| item | writes/ballot | in transaction | size B | WRU/ballot | shared by | peak writes/s on one item (uniform · hot window) |',
    );
    console.log('| --- | --- | --- | --- | --- | --- | --- |');
    let wruPerBallot = 0;
    const partitionLoad = new Map<string, { scope: Scope; uniform: number; hot: number }>();
    const itemRates: { scope: Scope; uniform: number; hot: number }[] = [];
    for (const [label, row] of byLabel) {
      const perBallot = row.writes / measured;
      const bytes = Math.max(...row.bytes);
      const unitsPerWrite = row.transactional ? transactionalWriteUnits(bytes) : writeUnits(bytes);
      const wru = perBallot * unitsPerWrite;
      wruPerBallot += wru;
      const uniform = scopeRate(row.scope, p, K, P, false);
      const hot = scopeRate(row.scope, p, K, P, true);
      // Only items inside the transaction can cancel it: single-item writes to one item queue.
      if (row.transactional)
        itemRates.push({ scope: row.scope, uniform: uniform * perBallot, hot: hot * perBallot });
      const pkGroup = `${row.pkKind}# (${row.partition})`;
      const load = partitionLoad.get(pkGroup) ?? { scope: row.partition, uniform: 0, hot: 0 };
      load.uniform += scopeRate(row.partition, p, K, P, false) * perBallot * unitsPerWrite;
      load.hot += scopeRate(row.partition, p, K, P, true) * perBallot * unitsPerWrite;
      partitionLoad.set(pkGroup, load);
      console.log(
        `| ${label} | ${fmt(perBallot)} | ${row.transactional ? 'yes' : 'no'} | ${bytes} | ${fmt(wru)} | ${row.scope} | ${fmt(uniform)} · ${fmt(hot)} |`,
      );
    }
    console.log('\nWrite load per partition key at peak (WCU/s; margin = limit / load):');
    console.log(
      `| partition key (shared by) | uniform WCU/s | margin to ${limit.wcuPerPartitionKey} | hot window WCU/s | margin |`,
    );
    console.log('| --- | --- | --- | --- | --- |');
    for (const [pkGroup, load] of partitionLoad) {
      if (load.scope === 'ballot' || load.scope === 'device') continue;
      console.log(
        `| ${pkGroup} | ${fmt(load.uniform)} | ${fmt(limit.wcuPerPartitionKey / load.uniform, 0)}× | ${fmt(load.hot)} | ${fmt(limit.wcuPerPartitionKey / load.hot, 0)}× |`,
      );
    }

    const readsByLabel = new Map<string, { scope: Scope; n: number; units: number }>();
    for (const r of reads) {
      const row = readsByLabel.get(r.label) ?? { scope: r.scope, n: 0, units: 0 };
      row.n++;
      row.units += r.units;
      readsByLabel.set(r.label, row);
    }
    console.log('\nReads per ballot (caches warm) and read load on the hottest key they touch:');
    console.log(
      `| read | per ballot | RRU/ballot | shared by | peak RCU/s on one key (uniform · hot) | margin to ${limit.rcuPerPartitionKey} |`,
    );
    console.log('| --- | --- | --- | --- | --- | --- |');
    let rruPerBallot = 0;
    for (const [label, row] of readsByLabel) {
      const perBallot = row.n / measured;
      const rru = row.units / measured;
      rruPerBallot += rru;
      const uniform = scopeRate(row.scope, p, K, P, false) * rru;
      const hot = scopeRate(row.scope, p, K, P, true) * rru;
      const worst = Math.max(uniform, hot);
      console.log(
        `| ${label} | ${fmt(perBallot, 3)} | ${fmt(rru, 3)} | ${row.scope} | ${fmt(uniform)} · ${fmt(hot)} | ${worst === 0 ? '∞' : `${fmt(limit.rcuPerPartitionKey / worst, 0)}×`} |`,
      );
    }

    // Items in the transaction that every ballot at the window shares whatever shard it drew.
    const windowWide = [...byLabel]
      .filter(([, r]) => r.transactional && r.scope === 'window')
      .map(([l]) => l);
    // The three shard items of a ballot are drawn at the same k: one event, counted once.
    const shardItems = itemRates.filter((r) => r.scope === 'windowShard').length;
    const shardOnly = (hot: boolean) => {
      const rate = scopeRate('windowShard', p, K, P, hot);
      return shardItems > 0 ? conflictProbability(rate, p.transactionSeconds) : 0;
    };
    console.log('\nTransaction-conflict probability per ballot:');
    console.log(
      `- uniform peak (${fmt(p.peakBallotsPerSecond / (p.counties * p.servicePointsPerCounty), 3)}/s per window): ${fmt(shardOnly(false) * 100, 4)} % on the shards`,
    );
    console.log(
      `- hot window (${p.hotWindowBallotsPerSecond}/s): ${fmt(shardOnly(true) * 100, 3)} % on the shards (goal < 1 %), caps reached or not`,
    );
    console.log(
      `- items in the transaction shared by every ballot at a window: ${windowWide.length === 0 ? 'none' : windowWide.join(', ')}; the quiet-limit counters are in no transaction (${fmt(singles.length / measured, 2)} single-item conditional writes per ballot by the Responses stream's function, which queue on a hot item instead of cancelling)`,
    );

    // --- The rollup stream consumer's writes ----------------------------------------------------------
    const rc = config.rollupConsumer;
    const rollupSets = rollupTx.map(writeSetOf);
    const marks = rollupSets.flatMap((s) => s.items.filter((i) => i.pk.startsWith('ROLLEV#')));
    const cellItems = rollupSets.flatMap((s) => s.items.filter((i) => i.pk.startsWith('ROLL#')));
    const nodeOf = (pk: string) => pk.split('#')[1]!;
    const kinds = await new DirectoryRepository(client, tables.directory).getNodes([
      ...new Set(cellItems.map((i) => nodeOf(i.pk))),
    ]);
    const levels = new Map<string, { cells: Set<string>; bytes: number }>();
    for (const it of cellItems) {
      const kindOf = kinds.get(nodeOf(it.pk))?.kind ?? 'other';
      const got = await client.send(
        new GetItemCommand({ TableName: it.table, Key: { pk: { S: it.pk }, sk: { S: it.sk } } }),
      );
      const level = levels.get(kindOf) ?? { cells: new Set<string>(), bytes: 0 };
      level.cells.add(`${nodeOf(it.pk)}|${it.sk}`);
      level.bytes = Math.max(level.bytes, got.Item ? itemBytes(got.Item) : 100);
      levels.set(kindOf, level);
    }
    const markBytes = 90;
    const changesPerBallot = marks.length / measured;
    const rollupProfile = {
      changesPerBallot,
      // Each commented response is a record of its own (its pointers are puts, one per node above it).
      otherRecordsPerBallot: rollupPuts.length / measured / Math.max(1, levels.size),
      cellsPerChange: levels.size,
      cities: rc.cities,
      counties: p.counties,
      shards: ROLLUP_SHARDS,
      // Lambda reads each stream shard with one invocation at a time (ParallelizationFactor 1). A
      // stream has a shard per table partition; at peak the table takes the submissions' WRU/s, and a
      // partition 1 000 WCU/s, so at least this many.
      streamShards: Math.max(
        1,
        Math.ceil((wruPerBallot * p.peakBallotsPerSecond) / limit.wcuPerPartitionKey),
      ),
      batchSize: rc.batchSize,
      batchWindowSeconds: rc.batchWindowSeconds,
      transactionSeconds: rc.transactionSeconds,
    };
    const perTx = changesPerTransaction(rollupProfile);
    const load = rollupLoad(rollupProfile, p.peakBallotsPerSecond, perTx);
    // The same consumer drawing a shard per addition (and packing 1 + cells items per change): a
    // transaction of a dozen changes or more touches every province shard, as if there were one.
    const perTxBefore = Math.floor(100 / (1 + rollupProfile.cellsPerChange));
    const before = rollupLoad({ ...rollupProfile, shards: 1 }, p.peakBallotsPerSecond, perTxBefore);
    const attempts = 1 / (1 - load.conflict);
    const cellWru = (kind: string) => transactionalWriteUnits(levels.get(kind)?.bytes ?? 1000);
    const changesInTx = load.changesInTx;
    const itemsPerTx = {
      marks: changesInTx,
      province: levels.has('province') ? 1 : 0,
      city: levels.has('city') ? rc.cities * (1 - (1 - 1 / rc.cities) ** changesInTx) : 0,
      county: levels.has('county') ? p.counties * (1 - (1 - 1 / p.counties) ** changesInTx) : 0,
    };
    const wruPerTx =
      itemsPerTx.marks * transactionalWriteUnits(markBytes) +
      itemsPerTx.province * cellWru('province') +
      itemsPerTx.city * cellWru('city') +
      itemsPerTx.county * cellWru('county');
    // Cancelled attempts are counted as if charged in full (the conservative reading).
    const rollupTxWruPerBallot = (load.transactionsPerSecond * wruPerTx * attempts) / p.peakBallotsPerSecond;
    const commentPutsPerBallot = rollupPuts.length / measured;
    const commentWruPerBallot =
      rollupPuts.reduce((n, put) => n + writeUnits(put.bytes), 0) / Math.max(1, measured);
    const provincePartitionWcu =
      load.provinceItemWrites * (levels.get('province')?.cells.size ?? 1) * cellWru('province');
    const provinceItemWcu = load.provinceItemWrites * cellWru('province');
    const provinceComments = commentPutsPerBallot / Math.max(1, levels.size);
    console.log(
      `\nRollup stream consumer (measured: ${rollupTx.length} transactions applying ${marks.length} changes of the ${measured} measured ballots, ${rollupPuts.length} comment pointers, ${rollupReads} reads with warm caches):`,
    );
    console.log(
      `- ${fmt(changesPerBallot)} aggregate changes per ballot on the filtered stream, each adding to ${rollupProfile.cellsPerChange} cells (${[...levels.keys()].join(', ')}); cell items ${[...levels].map(([k, l]) => `${k} ${l.bytes} B`).join(', ')}; ${fmt(commentPutsPerBallot)} comment-pointer puts per ballot`,
    );
    console.log(
      `- assumed: ${rollupProfile.streamShards} stream shards (the table's peak ${fmt(wruPerBallot * p.peakBallotsPerSecond, 0)} WRU/s over 1 000 WCU/s partitions), each read by one invocation at a time; batches of up to ${rc.batchSize} within ${rc.batchWindowSeconds} s; a rollup transaction holds its items τ = ${rc.transactionSeconds * 1000} ms; ${rc.cities} cities, ${p.counties} counties`,
    );
    console.log(
      `- at peak: ${fmt(load.changesPerSecond, 0)} changes/s (+ ${fmt(p.peakBallotsPerSecond * rollupProfile.otherRecordsPerBallot, 0)} commented responses/s), batches of ${fmt(load.batch, 0)} records, ${fmt(load.invocationsPerSecond, 1)} invocations/s, ${load.transactionsPerInvocation} transaction(s) per invocation of up to ${perTx} changes (marks + distinct cells ≤ 100 items), ${fmt(load.transactionsPerSecond, 1)} transactions/s`,
    );
    console.log('| rollup item | writes/s on one item | WCU/s on one item | margin to 1000 |');
    console.log('| --- | --- | --- | --- |');
    const itemRow = (label: string, writes: number, wcu: number) =>
      console.log(`| ${label} | ${fmt(writes)} | ${fmt(wcu)} | ${fmt(limit.wcuPerPartitionKey / wcu, 0)}× |`);
    itemRow('province-day shard (1 of 4)', load.provinceItemWrites, provinceItemWcu);
    itemRow('city-day shard', load.cityItemWrites, load.cityItemWrites * cellWru('city'));
    itemRow('county-day shard', load.countyItemWrites, load.countyItemWrites * cellWru('county'));
    console.log('| partition key | WCU/s | margin to 1000 |');
    console.log('| --- | --- | --- |');
    console.log(
      `| ROLL#<province>#S#k (its ${levels.get('province')?.cells.size ?? 1} cell(s) of the day) | ${fmt(provincePartitionWcu)} | ${fmt(limit.wcuPerPartitionKey / provincePartitionWcu, 0)}× |`,
    );
    const commentWcu = p.peakBallotsPerSecond * provinceComments;
    console.log(
      `| RCMT#<province> (comment pointers, 1 WCU each) | ${fmt(commentWcu)} | ${commentWcu === 0 ? '∞' : `${fmt(limit.wcuPerPartitionKey / commentWcu, 0)}×`} |`,
    );
    console.log(
      `- conflict between concurrent consumers (other shards' transactions ${fmt(load.othersPerSecond, 1)}/s, sharing an item only on the same drawn shard): ${fmt(load.conflict * 100, 1)} % per attempt, ${fmt(attempts)} attempts per transaction (retried with jitter and a fresh shard); with a shard drawn per addition (${perTxBefore} changes per transaction, every province shard in each) it would be ${fmt(before.conflict * 100, 1)} %`,
    );
    const rollupGbs =
      (load.invocationsPerSecond *
        rc.memoryGb *
        (rc.msPerInvocation / 1000 + load.transactionsPerInvocation * attempts * rc.transactionSeconds)) /
      p.peakBallotsPerSecond;
    const rollupRequests = load.invocationsPerSecond / p.peakBallotsPerSecond;
    const rollupWruPerBallot = rollupTxWruPerBallot + commentWruPerBallot;

    const cost = costPerMillion(config.prices, { wru: wruPerBallot, rru: rruPerBallot }, config.lambda);
    const rollupCost = {
      writes: rollupWruPerBallot * config.prices.dynamodbPerMillionWriteRequestUnits,
      gbSeconds: rollupGbs * 1e6,
      compute: rollupGbs * 1e6 * config.prices.lambdaPerGbSecond,
      requests: rollupRequests * config.prices.lambdaPerMillionRequests,
    };
    const c = config.prices.currency;
    console.log(`\nCost per million ballots (${config.prices.region}, ${c}; ${config.prices.source}):`);
    console.log(`- DynamoDB writes: ${fmt(wruPerBallot)} WRU/ballot → ${fmt(cost.dynamoWrites)} ${c}`);
    console.log(`- DynamoDB reads: ${fmt(rruPerBallot, 3)} RRU/ballot → ${fmt(cost.dynamoReads)} ${c}`);
    console.log(
      `- Lambda: ${config.lambda.memoryGb} GB × ${config.lambda.msPerBallot} ms = ${fmt(cost.gbSeconds, 0)} GB-s → ${fmt(cost.lambdaCompute)} ${c}, requests ${fmt(cost.lambdaRequests)} ${c} (measured here in-process: ${fmt(localMs, 1)} ms per ballot on DynamoDB Local)`,
    );
    console.log(`- API Gateway: ${fmt(cost.apiGateway)} ${c}`);
    console.log(
      `- rollup consumer: ${fmt(rollupWruPerBallot)} WRU/ballot (${fmt(rollupTxWruPerBallot)} in its transactions, ${fmt(commentWruPerBallot)} comment pointers) → ${fmt(rollupCost.writes)} ${c}; Lambda ${rc.memoryGb} GB, ${fmt(rollupCost.gbSeconds, 0)} GB-s → ${fmt(rollupCost.compute)} ${c}, ${fmt(rollupRequests * 1e6, 0)} invocations → ${fmt(rollupCost.requests)} ${c}; stream reads 0 (GetRecords by a Lambda trigger is not charged)`,
    );
    const total = cost.total + rollupCost.writes + rollupCost.compute + rollupCost.requests;
    console.log(`- total: ${fmt(total)} ${c} per million ballots`);
    client.destroy();
  } finally {
    await db.stop();
  }
}

await main();
