/** The DynamoDB client, created once per process and injected everywhere else. */
import {
  type AttributeValue,
  DynamoDBClient,
  type DynamoDBClientConfig,
  GetItemCommand,
  ListTablesCommand,
  type TransactWriteItemsCommandInput,
} from '@aws-sdk/client-dynamodb';

export interface DynamoClientOptions {
  /** Set for DynamoDB Local; unset in AWS. */
  endpoint?: string;
  region?: string;
  /** Total attempts per call, including the first (SDK standard retry mode with backoff). */
  maxAttempts?: number;
  /** Replaces the HTTP handler, e.g. with a fault-injecting one in tests. */
  requestHandler?: DynamoDBClientConfig['requestHandler'];
  /**
   * DynamoDB Local only: a transaction is not reported done before it is durable (see
   * {@link addCommitBarrier}). The local stack sets it; real DynamoDB needs no such thing.
   */
  commitBarrier?: boolean;
}

/**
 * Short timeouts on purpose: a citizen on a phone should get a quick 503 with a retry hint
 * (and the form keeps the answers) rather than hang while the database is unreachable.
 * `throwOnRequestTimeout` matters: without it current SDK releases only log a warning when the
 * request timeout passes and keep waiting (found by the soak benchmark).
 */
export function createDynamoClient(opts: DynamoClientOptions = {}): DynamoDBClient {
  const local = opts.endpoint !== undefined;
  const client = new DynamoDBClient({
    ...(local
      ? {
          endpoint: opts.endpoint,
          region: opts.region ?? 'cn-north-1',
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        }
      : { region: opts.region }),
    maxAttempts: opts.maxAttempts ?? 3,
    retryMode: 'standard',
    requestHandler: opts.requestHandler ?? {
      connectionTimeout: 1_000,
      requestTimeout: 3_000,
      throwOnRequestTimeout: true,
    },
  });
  if (opts.commitBarrier && local) addCommitBarrier(client);
  return client;
}

/** The key of a transaction's first item (our tables key on `pk` and, where they have one, `sk`). */
function firstKey(input: TransactWriteItemsCommandInput) {
  const t = input.TransactItems?.[0];
  const op = t?.Put ?? t?.Update ?? t?.Delete ?? t?.ConditionCheck;
  if (!op?.TableName) return undefined;
  const source: Record<string, AttributeValue> | undefined = 'Item' in op ? op.Item : op.Key;
  if (!source?.pk) return undefined;
  const Key: Record<string, AttributeValue> = { pk: source.pk };
  if (source.sk) Key.sk = source.sk;
  return { TableName: op.TableName, Key };
}

/**
 * DynamoDB Local acknowledges a TransactWriteItems before its commit is final: killed right after
 * the acknowledgement, it loses about 3 % of the last transactions (never half of one), while any
 * request it answers after the acknowledgement finds them all kept (`scripts/probe-local-durability.ts`:
 * 13–20 of 500 gone without a following request, 0 of 1 000 with one). So, locally, a transaction
 * returns only after one strongly consistent read of its first item. If that read fails, the call
 * fails: the caller answers 503 and the client's retry is idempotent either way.
 */
export function addCommitBarrier(client: DynamoDBClient): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const out = await next(args);
      if (context.commandName === 'TransactWriteItemsCommand') {
        const key = firstKey(args.input as TransactWriteItemsCommandInput);
        if (key) await client.send(new GetItemCommand({ ...key, ConsistentRead: true }));
      }
      return out;
    },
    { step: 'initialize', name: 'localCommitBarrier' },
  );
}

/** A cheap call that succeeds once the database answers (readiness checks). */
export async function ping(client: DynamoDBClient): Promise<void> {
  await client.send(new ListTablesCommand({ Limit: 1 }));
}
