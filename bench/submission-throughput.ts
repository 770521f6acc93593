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
import { signQrToken } from '../functions/domain/qr-token';
import { ownNetworkPerRequest } from '../local/own-network';
import { DEMO_QUESTIONNAIRE_ID } from '../local/seed/demo-questionnaire';
import { startLocalStack } from '../local/stack';

const V1 = '/api/console/v1';

const answers = (i: number) => ({
  q_overall: 5 - (i % 5),
  q_attitude: 4,
  q_efficiency: 5,
  q_transparency: 4,
  q_safety: 5,
  q_business: 'household',
  q_problems: ['long_wait'],
  q_recommend: i % 11,
  q_suggestion: '办事很方便，工作人员耐心',
});

/** Runs `n` jobs `c` at a time; jobs per second of the whole run. */
async function rate(n: number, c: number, job: (i: number) => Promise<void>): Promise<number> {
  let next = 0;
  const t = performance.now();
  await Promise.all(
    Array.from({ length: c }, async () => {
      for (let i = next++; i < n; i = next++) await job(i);
    }),
  );
  return n / ((performance.now() - t) / 1000);
}

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
    const auth = { authorization: `Bearer ${await stack.signIn('province-admin')}` };
    const consolePost = async (path: string, body: unknown) => {
      const res = await fetch(`${stack.baseUrl}${V1}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...auth },
        body: JSON.stringify(body),
      });
      if (res.status !== 201 && res.status !== 200)
        throw new Error(`${path}: ${res.status} ${await res.text()}`);
      return (await res.json()) as Record<string, unknown>;
    };
    // 100 windows spread over the demo units, each with a QR code and a signed form-open stamp.
    const units = [...new Set(stack.demoForms.map((f) => f.servicePointId.split('-')[0]!))];
    const forms: { token: string; opened?: string }[] = [];
    for (let w = 0; w < windows; w++) {
      const node = await consolePost('/org/nodes', {
        parentId: units[w % units.length],
        name: { 'zh-CN': `压测窗口 ${w}`, en: `Bench window ${w}` },
      });
      const servicePointId = (node.id ?? (node.node as { id: string }).id) as string;
      const qr = await consolePost(`/service-points/${servicePointId}/qr-tokens`, {
        questionnaireId: DEMO_QUESTIONNAIRE_ID,
      });
      const token = signQrToken(qrKey, {
        tokenId: qr.tokenId as string,
        servicePointId,
        questionnaireId: DEMO_QUESTIONNAIRE_ID,
      });
      const form = (await (await fetch(`${stack.baseUrl}/api/v1/forms/${token}`)).json()) as {
        opened?: string;
      };
      forms.push({ token, opened: form.opened });
    }
    let retried = 0;
    const submit = async (i: number) => {
      const form = forms[i % windows]!;
      const body = JSON.stringify({
        submissionId: randomUUID(),
        answers: answers(i),
        startedAt: new Date(Date.now() - 90_000).toISOString(),
        ...(form.opened ? { opened: form.opened } : {}),
        locale: 'zh-CN',
        version: 1,
        deviceId: `bench${i}${randomUUID().slice(0, 12)}`,
      });
      for (let attempt = 1; ; attempt++) {
        const res = await fetch(`${stack.baseUrl}/api/v1/forms/${form.token}/responses`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
        });
        const text = await res.text();
        if (res.status === 201) return;
        if (res.status !== 503 || attempt === 8) throw new Error(`submission ${i}: ${res.status} ${text}`);
        retried++;
        await new Promise((ok) => setTimeout(ok, 100 * attempt));
      }
    };
    await rate(Math.min(200, n), inFlight, submit);
    await stack.settle();
    const submissionsPerSecond = await rate(n, inFlight, submit);
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
            answers: answers(i),
            submittedAt: new Date().toISOString(),
          }),
        }),
      );
    };
    await rate(Math.min(200, n), inFlight, put);
    const rawPutsPerSecond = await rate(n, inFlight, put);
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
