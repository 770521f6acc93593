/** The DynamoDB client, created once per process and injected everywhere else. */
import { DynamoDBClient, type DynamoDBClientConfig, ListTablesCommand } from '@aws-sdk/client-dynamodb';

export interface DynamoClientOptions {
  /** Set for DynamoDB Local; unset in AWS. */
  endpoint?: string;
  region?: string;
  /** Total attempts per call, including the first (SDK standard retry mode with backoff). */
  maxAttempts?: number;
  /** Replaces the HTTP handler, e.g. with a fault-injecting one in tests. */
  requestHandler?: DynamoDBClientConfig['requestHandler'];
}

/**
 * Short timeouts on purpose: a citizen on a phone should get a quick 503 with a retry hint
 * (and the form keeps the answers) rather than hang while the database is unreachable.
 * `throwOnRequestTimeout` matters: without it current SDK releases only log a warning when the
 * request timeout passes and keep waiting (found by the soak benchmark).
 */
export function createDynamoClient(opts: DynamoClientOptions = {}): DynamoDBClient {
  const local = opts.endpoint !== undefined;
  return new DynamoDBClient({
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
}

/** A cheap call that succeeds once the database answers (readiness checks). */
export async function ping(client: DynamoDBClient): Promise<void> {
  await client.send(new ListTablesCommand({ Limit: 1 }));
}
