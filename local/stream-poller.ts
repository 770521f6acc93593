/**
 * Local stand-in for Lambda's DynamoDB Streams event source: polls the Responses table's
 * stream on DynamoDB Local and hands batches of records to the same handler Lambda runs.
 * Starts from the oldest record (the handler is idempotent, so a restart re-reading is harmless).
 */
import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';

export interface StreamPoller {
  /** Polls once (every shard), returning the number of records delivered; tests call it directly. */
  pollOnce(): Promise<number>;
  stop(): void;
}

export interface StreamPollerOptions {
  client: DynamoDBClient;
  endpoint: string;
  table: string;
  handle: (event: { Records: unknown[] }) => Promise<unknown>;
  intervalMs?: number;
  /**
   * Records read per shard and poll (DynamoDB Streams allows up to 1 000). The handlers take any
   * batch size; at one poll a second, 100 would let a busy local stack (a load test writes several
   * hundred stream records a second) fall minutes behind, so cases open and rollups move late.
   */
  batchSize?: number;
  onError?: (err: unknown) => void;
}

export function startStreamPoller(opts: StreamPollerOptions): StreamPoller {
  const streams = new DynamoDBStreamsClient({
    endpoint: opts.endpoint,
    region: 'cn-north-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const iterators = new Map<string, string | undefined>();
  let streamArn: string | undefined;
  let stopped = false;
  let running: Promise<number> | undefined;

  const lastSeq = new Map<string, string>();
  const limit = opts.batchSize ?? 1000;

  /** An iterator after the last record delivered, or from the oldest record for a new shard. */
  async function iteratorFor(shardId: string): Promise<string | undefined> {
    const after = lastSeq.get(shardId);
    const it = await streams.send(
      new GetShardIteratorCommand({
        StreamArn: streamArn!,
        ShardId: shardId,
        ...(after
          ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: after }
          : { ShardIteratorType: 'TRIM_HORIZON' }),
      }),
    );
    return it.ShardIterator;
  }

  async function refreshShards(): Promise<void> {
    if (!streamArn) {
      const t = await opts.client.send(new DescribeTableCommand({ TableName: opts.table }));
      streamArn = t.Table?.LatestStreamArn;
      if (!streamArn) return;
    }
    const d = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
    for (const shard of d.StreamDescription?.Shards ?? []) {
      if (!shard.ShardId || iterators.has(shard.ShardId)) continue;
      iterators.set(shard.ShardId, await iteratorFor(shard.ShardId));
    }
  }

  /**
   * Reads one shard. DynamoDB Local reports an idle iterator as trimmed or expired after a while;
   * a fresh one after the last delivered record resumes without loss or repetition.
   */
  async function readShard(shardId: string, iterator: string) {
    try {
      return await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: limit }));
    } catch (err) {
      const name = (err as Error).name;
      if (name !== 'TrimmedDataAccessException' && name !== 'ExpiredIteratorException') throw err;
      const fresh = await iteratorFor(shardId);
      return fresh ? streams.send(new GetRecordsCommand({ ShardIterator: fresh, Limit: limit })) : undefined;
    }
  }

  async function poll(): Promise<number> {
    await refreshShards();
    let delivered = 0;
    for (const [shardId, iterator] of iterators) {
      if (!iterator) continue;
      const out = await readShard(shardId, iterator);
      iterators.set(shardId, out?.NextShardIterator);
      const records = out?.Records ?? [];
      if (records.length > 0) {
        await opts.handle({ Records: records });
        delivered += records.length;
        const seq = records[records.length - 1]!.dynamodb?.SequenceNumber;
        if (seq) lastSeq.set(shardId, seq);
      }
    }
    return delivered;
  }

  // One poll at a time: a timer tick while a poll runs joins it instead of reading twice.
  const pollOnce = () => {
    running ??= poll().finally(() => {
      running = undefined;
    });
    return running;
  };
  const timer = setInterval(() => {
    if (!stopped) pollOnce().catch((err) => opts.onError?.(err));
  }, opts.intervalMs ?? 1000);
  timer.unref();
  return {
    pollOnce,
    stop() {
      stopped = true;
      clearInterval(timer);
      streams.destroy();
    },
  };
}
