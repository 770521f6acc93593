/**
 * The capacity model behind `npm run capacity`: from the items one submission touches (recorded
 * from the SDK on DynamoDB Local) and a load profile, the peak write rate per item and per
 * partition key, the transaction-conflict probability and the cost per million ballots.
 * Pure functions; bench/capacity.ts records the write sets and prints.
 */

export interface Profile {
  counties: number;
  servicePointsPerCounty: number;
  servicePointsPerUnit: number;
  peakBallotsPerSecond: number;
  hotWindowBallotsPerSecond: number;
  questionnairesInUse: number;
  /** How long a transaction holds its items (in-region TransactWriteItems, a few items). */
  transactionSeconds: number;
}

/** Who shares an item (or a partition key): the ballots of … */
export type Scope =
  | 'ballot' // … only this one (idempotency record, response, receipt)
  | 'windowShard' // … one window that drew the same shard
  | 'window' // … one window (quiet-limit counters while under their cap, the window's aggregate partition)
  | 'unit' // … one unit's windows (the unit's aggregate partition)
  | 'questionnairePartition' // … one questionnaire, one of the histogram partitions
  | 'questionnaire' // … one questionnaire (the version's status read)
  | 'device'; // … one device (the device-across-windows counter)

/** A kind of item (or partition key) a submission touches, with its size. */
export interface Touched {
  label: string;
  scope: Scope;
  /** Writes per ballot to it (1 for an item of the write set). */
  perBallot: number;
  /** Request units one touch costs: 2 per started KB for a transactional write, 0.5 / 1 per 4 KB read. */
  units: number;
}

/** Ballots per second that reach one item or key of `scope` at peak (uniform and hot window). */
export function scopeRate(
  scope: Scope,
  p: Profile,
  shards: number,
  partitions: number,
  hot: boolean,
): number {
  const windows = p.counties * p.servicePointsPerCounty;
  const window = hot ? p.hotWindowBallotsPerSecond : p.peakBallotsPerSecond / windows;
  switch (scope) {
    case 'ballot':
      return 0;
    case 'windowShard':
      return window / shards;
    case 'window':
      return window;
    case 'unit':
      return window + (p.servicePointsPerUnit - 1) * (p.peakBallotsPerSecond / windows);
    case 'questionnairePartition':
      return p.peakBallotsPerSecond / p.questionnairesInUse / partitions;
    case 'questionnaire':
      return p.peakBallotsPerSecond / p.questionnairesInUse;
    case 'device':
      return 0;
  }
}

/**
 * Probability that a transaction is cancelled by another touching one of its items: ballots
 * arriving at rate `rate` on an item, each holding it `tau` seconds, overlap ours 2·rate·tau times
 * on average (Poisson), so P = 1 − exp(−2·rate·tau).
 */
export const conflictProbability = (rate: number, tau: number): number => 1 - Math.exp(-2 * rate * tau);

/** DynamoDB's item size: attribute names and values in bytes (numbers ≈ 1 byte per 2 digits + 1). */
export function itemBytes(item: Record<string, unknown>): number {
  const value = (v: unknown): number => {
    const a = v as Record<string, unknown>;
    if ('S' in a) return Buffer.byteLength(String(a.S));
    if ('N' in a) return Math.ceil(String(a.N).replace(/^-|\./g, '').length / 2) + 1;
    if ('BOOL' in a || 'NULL' in a) return 1;
    if ('SS' in a) return (a.SS as string[]).reduce((n, s) => n + Buffer.byteLength(s), 0);
    if ('NS' in a) return (a.NS as string[]).reduce((n, s) => n + Math.ceil(s.length / 2) + 1, 0);
    if ('L' in a) return 3 + (a.L as unknown[]).reduce((n: number, e) => n + 1 + value(e), 0);
    if ('M' in a)
      return (
        3 + Object.entries(a.M as object).reduce((n, [k, e]) => n + 1 + Buffer.byteLength(k) + value(e), 0)
      );
    if ('B' in a) return (a.B as Uint8Array).length;
    return 0;
  };
  return Object.entries(item).reduce((n, [k, v]) => n + Buffer.byteLength(k) + value(v), 0);
}

/** Write request units of one transactional write of an item of `bytes`. */
export const transactionalWriteUnits = (bytes: number): number => 2 * Math.max(1, Math.ceil(bytes / 1024));

/** Write request units of one standard (non-transactional) write of an item of `bytes`: 1 per started KB. */
export const writeUnits = (bytes: number): number => Math.max(1, Math.ceil(bytes / 1024));

/** Read request units of one read of `bytes` (eventually consistent halves it). */
export const readUnits = (bytes: number, consistent: boolean): number =>
  (consistent ? 1 : 0.5) * Math.max(1, Math.ceil(bytes / 4096));

export interface Prices {
  dynamodbPerMillionWriteRequestUnits: number;
  dynamodbPerMillionReadRequestUnits: number;
  lambdaPerGbSecond: number;
  lambdaPerMillionRequests: number;
  apiGatewayPerMillionRequests: number;
}

/** Cost of one million ballots, by part. */
export function costPerMillion(
  p: Prices,
  perBallot: { wru: number; rru: number },
  lambda: { memoryGb: number; msPerBallot: number },
) {
  const dynamoWrites = perBallot.wru * p.dynamodbPerMillionWriteRequestUnits;
  const dynamoReads = perBallot.rru * p.dynamodbPerMillionReadRequestUnits;
  const gbSeconds = 1e6 * lambda.memoryGb * (lambda.msPerBallot / 1000);
  const lambdaCompute = gbSeconds * p.lambdaPerGbSecond;
  const lambdaRequests = p.lambdaPerMillionRequests;
  const apiGateway = p.apiGatewayPerMillionRequests;
  return {
    dynamoWrites,
    dynamoReads,
    gbSeconds,
    lambdaCompute,
    lambdaRequests,
    apiGateway,
    total: dynamoWrites + dynamoReads + lambdaCompute + lambdaRequests + apiGateway,
  };
}

/** The rollup stream consumer as deployed: its event source and what one of its transactions holds. */
export interface RollupProfile {
  /** Records a ballot puts on the consumer's filtered stream (unit daily and 事项 aggregate changes). */
  changesPerBallot: number;
  /** Further records per ballot on that stream that take a place in a batch but write no rollup (new commented responses). */
  otherRecordsPerBallot: number;
  /** Rollup cells one change adds to (one per inner node above the unit: county, city, province). */
  cellsPerChange: number;
  cities: number;
  counties: number;
  /** Shards of each rollup cell (ROLLUP_SHARDS). */
  shards: number;
  /** Stream shards, each read by one invocation at a time (ParallelizationFactor 1). */
  streamShards: number;
  batchSize: number;
  batchWindowSeconds: number;
  /** How long a rollup transaction (up to 100 items) holds its items. */
  transactionSeconds: number;
}

/** Expected distinct values among `n` uniform draws from `m`. */
export const expectedDistinct = (m: number, n: number): number => m * (1 - (1 - 1 / m) ** n);

/**
 * Changes the consumer packs into one transaction (functions/db/rollup-repository.ts, splitRuns):
 * one mark per change plus one item per distinct cell, at most 100 items. Cells are spread over
 * the counties and cities like the ballots; one province cell.
 */
export function changesPerTransaction(r: Pick<RollupProfile, 'cities' | 'counties'>, cap = 100): number {
  let n = 1;
  const items = (k: number) => k + 1 + expectedDistinct(r.cities, k) + expectedDistinct(r.counties, k);
  while (items(n + 1) <= cap) n++;
  return n;
}

/** Stream batches, transactions, per-item rates and the conflict probability of the rollup consumer at peak. */
export function rollupLoad(r: RollupProfile, ballotsPerSecond: number, perTransaction: number) {
  const changesPerSecond = ballotsPerSecond * r.changesPerBallot;
  const recordsPerSecond = ballotsPerSecond * (r.changesPerBallot + r.otherRecordsPerBallot);
  const perShard = recordsPerSecond / r.streamShards;
  // Lambda hands over a batch when it is full or the batching window has passed.
  const batch = Math.max(1, Math.min(r.batchSize, perShard * r.batchWindowSeconds));
  const invocationsPerSecond = recordsPerSecond / batch;
  const changesInBatch = batch * (changesPerSecond / recordsPerSecond);
  const transactionsPerInvocation = Math.ceil(changesInBatch / perTransaction);
  const transactionsPerSecond = invocationsPerSecond * transactionsPerInvocation;
  // A shard's own transactions run one after another; only other shards' can overlap ours.
  const othersPerSecond = transactionsPerSecond * (1 - 1 / r.streamShards);
  const changesInTx = changesInBatch / transactionsPerInvocation;
  return {
    changesPerSecond,
    batch,
    changesInTx,
    invocationsPerSecond,
    transactionsPerInvocation,
    transactionsPerSecond,
    /** Writes per second on one province-day shard item: each transaction writes one of the K. */
    provinceItemWrites: transactionsPerSecond / r.shards,
    cityItemWrites: (transactionsPerSecond * (1 - (1 - 1 / r.cities) ** changesInTx)) / r.shards,
    countyItemWrites: (transactionsPerSecond * (1 - (1 - 1 / r.counties) ** changesInTx)) / r.shards,
    /** Two transactions in flight share an item only when they drew the same shard (the province cell is in both). */
    conflict: conflictProbability(othersPerSecond / r.shards, r.transactionSeconds),
    othersPerSecond,
  };
}
