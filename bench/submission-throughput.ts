/**
 * Submissions per second at 50 in flight spread over 100 windows, through `npm start`'s own server
 * (HTTP, validation, integrity checks, the submission transaction, each request from a network of
 * its own as phones are), against raw PutItem of a response-sized item at 50 in flight to the same
 * DynamoDB Local. Alone: `npx tsx bench/submission-throughput.ts` (`BENCH_THROUGHPUT_N`, default 2000).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { createDynamoClient } from '../functions/db/client';
import { toItem } from '../functions/db/item';
import { tableNamesWithPrefix } from '../functions/db/table-names';
import { ownNetworkPerRequest } from '../local/own-network';
import { startLocalStack } from '../local/stack';
import { addBenchWindows, benchAnswers, postJson, runAtATime } from './load';

export interface ThroughputResult {
  n: number;
  inFlight: number;
  windows: number;
  submissionsPerSecond: number;
  rawPutsPerSecond: number;
  /** 503s answered (busy) and sent again, as the phone's queue does. */
  retried: number;
}

export async function submissionThroughput(
  n = 2000,
  inFlight = 50,
  windows = 100,
): Promise<ThroughputResult> {
  const qrKey = randomBytes(32);
  const stack = await startLocalStack({
    port: 0,
    dataDir: null,
    quiet: true,
    qrKey,
    clientAddress: ownNetworkPerRequest,
  });
  try {
    // 100 windows spread over the demo units, each with a QR code and a signed form-open stamp.
    const units = [...new Set(stack.demoForms.map((f) => f.servicePointId.split('-')[0]!))];
    const forms: { token: string; opened?: string }[] = [];
    for (const { token } of await addBenchWindows(stack, qrKey, windows, units)) {
      const form = (await (await fetch(`${stack.baseUrl}/api/v1/forms/${token}`)).json()) as {
        opened?: string;
      };
      forms.push({ token, opened: form.opened });
    }
    let retried = 0;
    const busy = { attempts: 8, pauseMs: 100, onRetry: () => retried++ };
    const submit = async (i: number) => {
      const form = forms[i % windows]!;
      const body = {
        submissionId: randomUUID(),
        answers: benchAnswers(i),
        startedAt: new Date(Date.now() - 90_000).toISOString(),
        ...(form.opened ? { opened: form.opened } : {}),
        locale: 'zh-CN',
        version: 1,
        deviceId: `bench${i}${randomUUID().slice(0, 12)}`,
      };
      await postJson(`${stack.baseUrl}/api/v1/forms/${form.token}/responses`, body, {}, busy);
    };
    await runAtATime(Math.min(200, n), inFlight, submit);
    await stack.settle();
    const submissionsPerSecond = await runAtATime(n, inFlight, submit);
    await stack.settle();

    const client = createDynamoClient({ endpoint: stack.dynamoEndpoint, commitBarrier: true });
    const table = tableNamesWithPrefix(stack.tablePrefix).responses;
    const put = async (i: number) => {
      const id = randomUUID();
      await client.send(
        new PutItemCommand({
          TableName: table,
          Item: toItem({
            pk: `BENCH#${id}`,
            sk: 'BENCH',
            entity: 'BenchItem',
            answers: benchAnswers(i),
            submittedAt: new Date().toISOString(),
          }),
        }),
      );
    };
    await runAtATime(Math.min(200, n), inFlight, put);
    const rawPutsPerSecond = await runAtATime(n, inFlight, put);
    client.destroy();
    return { n, inFlight, windows, submissionsPerSecond, rawPutsPerSecond, retried };
  } finally {
    await stack.stop();
  }
}

export function printSubmissionThroughput(r: ThroughputResult): void {
  console.log(
    `submissions at ${r.inFlight} in flight across ${r.windows} windows (n=${r.n}, through the local server, every check on): ${r.submissionsPerSecond.toFixed(0)}/s vs raw PutItem at ${r.inFlight} in flight ${r.rawPutsPerSecond.toFixed(0)}/s → ratio ${(r.rawPutsPerSecond / r.submissionsPerSecond).toFixed(2)} (raw / submissions; ${r.retried} busy answers sent again)`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  printSubmissionThroughput(await submissionThroughput(Number(process.env.BENCH_THROUGHPUT_N ?? 2000)));
}
