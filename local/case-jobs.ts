/**
 * The follow-up case jobs of the local stack: the stream poller feeding the case-stream and the
 * rollup-stream handlers, and a timer running the escalation handler, both the same middy handlers Lambda runs.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { TableNames } from '../functions/db/table-names';
import { createCaseStreamHandler } from '../functions/handlers/case-stream-handler';
import { caseServices, pushEnqueueServices } from '../functions/handlers/case-wiring';
import { createEscalationHandler } from '../functions/handlers/escalation-handler';
import { retroQuarantineServices } from '../functions/handlers/retro-quarantine-deps';
import { createRollupStreamHandler, rollupServices } from '../functions/handlers/rollup-deps';
import type { ContactCipher } from '../functions/services/contact/cipher-port';
import { startStreamPoller } from './stream-poller';

export interface CaseJobs {
  /** Resolves once the stream work has caught up with every write made before the call. */
  drain(): Promise<void>;
  stop(): void;
}

export function startCaseJobs(o: {
  client: DynamoDBClient;
  endpoint: string;
  tables: TableNames;
  contactCipher?: ContactCipher;
  logger: Logger;
  /** Escalation period; EventBridge runs it every 15 minutes in AWS. */
  escalationEveryMs?: number;
}): CaseJobs {
  const deps = caseServices({ client: o.client, tables: o.tables, contactCipher: o.contactCipher });
  const onStream = createCaseStreamHandler(
    deps,
    o.logger,
    retroQuarantineServices({ client: o.client, tables: o.tables }),
    pushEnqueueServices({
      client: o.client,
      tables: o.tables,
      getVersion: (id, v) => deps.questionnaires.getVersion(id, v),
    }),
  );
  const onRollup = createRollupStreamHandler(
    rollupServices({ client: o.client, tables: o.tables }),
    o.logger,
  );
  const escalate = createEscalationHandler(deps, o.logger);
  const noContext = {} as never;
  const poller = startStreamPoller({
    client: o.client,
    endpoint: o.endpoint,
    table: o.tables.responses,
    // Lambda runs the two as separate consumers of the stream; here one poller feeds both.
    handle: async (event) => {
      await onStream(event as never, noContext);
      await onRollup(event as never, noContext);
    },
    onError: (err) => o.logger.warn('stream poll failed', { error: (err as Error).name }),
  });
  const timer = setInterval(() => {
    escalate({} as never, noContext).catch((err) =>
      o.logger.warn('escalation run failed', { error: (err as Error).name }),
    );
  }, o.escalationEveryMs ?? 60_000);
  timer.unref();
  return {
    async drain() {
      // A poll that had already started may miss the newest records: two empty polls in a row.
      for (let empty = 0; empty < 2; ) empty = (await poller.pollOnce()) === 0 ? empty + 1 : 0;
    },
    stop() {
      clearInterval(timer);
      poller.stop();
    },
  };
}
