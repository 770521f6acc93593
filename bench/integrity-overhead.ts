/**
 * Ratio: median latency of a submission with the integrity checks against the same submission
 * without them (deps flag `integrity: false`), both through the public app on DynamoDB Local.
 * The checks add no read in steady state (cached reads only) and one histogram item to the ballot's
 * transaction; the quiet-limit counters are written by the Responses stream, off the request path
 * (count-on-stream.ts), which this figure does not time. Ballots vary device and network, but share
 * a service point, as at a real window.
 */
import { randomUUID } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';
import { createDynamoClient } from '../functions/db/client';
import { publicServices } from '../functions/handlers/public-deps';
import { createPublicApp } from '../functions/http/public-app';
import { seededTables } from './seeded-tables';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * Runs `n` interleaved submissions per variant on DynamoDB Local at `dynamoEndpoint`, in tables
 * of its own (seeded with the demo), and returns both medians and their ratio.
 */
export async function integrityOverhead(dynamoEndpoint: string, n: number) {
  const client = createDynamoClient({ endpoint: dynamoEndpoint });
  const { tables, qrKey, demoForms } = await seededTables(client, 'bench');
  const logger = new Logger({ serviceName: 'bench', logLevel: 'CRITICAL' });
  const make = (integrity: boolean) =>
    createPublicApp({
      logger,
      ...publicServices({
        client,
        tables,
        qrKey,
        integrity,
        clientAddress: (c) => c.req.header('x-bench-address'),
      }),
    });
  const withChecks = make(true);
  const without = make(false);
  const form = demoForms[0]!;
  const post = async (app: ReturnType<typeof make>, i: number) => {
    const t = performance.now();
    const res = await app.request(`/api/v1/forms/${form.token}/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-bench-address': `198.51.${i % 250}.${i % 200}` },
      body: JSON.stringify({
        submissionId: randomUUID(),
        answers: { q_overall: 5 - (i % 3), q_attitude: 4, q_efficiency: 5, q_transparency: 4, q_safety: 5 },
        startedAt: new Date(Date.now() - 90_000).toISOString(),
        locale: 'zh-CN',
        version: 1,
        deviceId: `bench${i}${randomUUID().slice(0, 12)}`,
      }),
    });
    if (res.status !== 201) throw new Error(`POST answered ${res.status}`);
    await res.arrayBuffer();
    return performance.now() - t;
  };
  for (let i = 0; i < 30; i++) {
    await post(withChecks, i);
    await post(without, i);
  }
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < n; i++) {
    a.push(await post(withChecks, i));
    b.push(await post(without, i));
  }
  client.destroy();
  return { withMs: median(a), withoutMs: median(b), ratio: median(a) / median(b) };
}
