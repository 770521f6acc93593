/** The rollup stream consumer on a bench's DynamoDB Local, fed by the local stream poller only when asked to drain. */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { TableNames } from '../functions/db/table-names';
import { createRollupStreamHandler, rollupServices } from '../functions/handlers/rollup-deps';
import { createLogger } from '../functions/observability/logger';
import { startStreamPoller } from '../local/stream-poller';

export function rollupDrain(o: { client: DynamoDBClient; endpoint: string; tables: TableNames }) {
  const onRollup = createRollupStreamHandler(
    rollupServices({ client: o.client, tables: o.tables }),
    createLogger('bench'),
  );
  const poller = startStreamPoller({
    client: o.client,
    endpoint: o.endpoint,
    table: o.tables.responses,
    handle: (e) => onRollup(e as never, {} as never),
    intervalMs: 3_600_000,
  });
  return {
    /** Applies every record on the stream (two empty polls in a row: a poll may start before the newest). */
    async drain() {
      for (let empty = 0; empty < 2; ) empty = (await poller.pollOnce()) === 0 ? empty + 1 : 0;
    },
    stop: () => poller.stop(),
  };
}
