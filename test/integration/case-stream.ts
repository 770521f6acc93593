/**
 * Follow-up cases opened the way a deployment opens them, for the integration tests: the
 * Responses table's stream is read from DynamoDB Local and handed to the case handler as Lambda
 * would hand it. The poller's own timer is slow on purpose: the tests poll when they need to.
 */
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { CaseRepository } from '../../functions/db/case-repository';
import { toItem } from '../../functions/db/item';
import { responseKeys } from '../../functions/db/keys/responses';
import { caseIdForResponse, type FollowUpCase } from '../../functions/domain/cases/model';
import { createCaseStreamHandler } from '../../functions/handlers/case-stream-handler';
import { caseServices } from '../../functions/handlers/case-wiring';
import { DEFAULT_CASE_SETTINGS } from '../../functions/services/cases/ports';
import type { ContactCipher } from '../../functions/services/contact/cipher-port';
import { type StreamPoller, startStreamPoller } from '../../local/stream-poller';
import type { ConsoleStack } from '../fixtures/console-stack';
import { silentLogger } from '../fixtures/public-stack';

/** The stream, the cases it opened, and a wait for one of them. */
export interface CaseStream {
  poller: StreamPoller;
  repo: CaseRepository;
  /** Polls the stream until the case of `responseId` exists (the stream is read, not faked). */
  caseOpenedFor(responseId: string): Promise<FollowUpCase>;
}

/**
 * Starts polling the stack's Responses stream into the case handler, with the default case
 * settings; stop it with `poller.stop()`.
 *
 * @param contactCipher how contact details are sealed into the case; without one none are.
 */
export function startCaseStream(stack: ConsoleStack, contactCipher?: ContactCipher): CaseStream {
  const { client, tables, endpoint } = stack.db;
  const onStream = createCaseStreamHandler(
    caseServices({ client, tables, contactCipher, settings: DEFAULT_CASE_SETTINGS }),
    silentLogger(),
  );
  const poller = startStreamPoller({
    client,
    endpoint,
    table: tables.responses,
    handle: (e) => onStream(e as never, {} as never),
    intervalMs: 60_000,
  });
  const repo = new CaseRepository(client, tables);
  return {
    poller,
    repo,
    async caseOpenedFor(responseId) {
      for (let i = 0; i < 20; i++) {
        await poller.pollOnce();
        const c = await repo.get(caseIdForResponse(responseId));
        if (c) return c;
      }
      throw new Error('no case opened');
    },
  };
}

/** The stored Response item of `responseId`, as plain values. */
export async function responseItem(stack: ConsoleStack, responseId: string) {
  const out = await stack.db.client.send(
    new GetItemCommand({
      TableName: stack.db.tables.responses,
      Key: toItem(responseKeys.response(responseId)),
    }),
  );
  return unmarshall(out.Item!);
}
