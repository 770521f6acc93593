/**
 * Ratio 2: median time of POST …/responses through the local server against a direct
 * TransactWriteItems of the same items to the same DynamoDB Local.
 *
 * "The same items" is taken literally: for every baseline sample the bench runs the real
 * submission use case in-process (same token, answers, client address and integrity checks)
 * against the same tables and times nothing but its final TransactWriteItems (the repository's
 * send of exactly that input: response, idempotency record, receipt, official aggregates or
 * quarantine counters, the completion histogram). What the POST adds on top (HTTP, parsing,
 * validation, fresh status reads, cached reads, integrity scoring) is what the ratio measures; the
 * local server's stream poller (cases, rollups, quiet-limit counting) shares the DynamoDB Local.
 */
import { randomUUID } from 'node:crypto';
import { createDynamoClient } from '../functions/db/client';
import { ResponseRepository } from '../functions/db/response-repository';
import { tableNamesWithPrefix } from '../functions/db/table-names';
import { publicShared } from '../functions/handlers/public-deps';
import { publicSubmitDeps } from '../functions/handlers/public-submit-wiring';
import type { SubmissionBody } from '../functions/schemas/submission';
import type { CheckedSubmission } from '../functions/services/integrity/ports';
import { submitResponse } from '../functions/services/submit-response';
import type { LocalStack } from '../local/stack';
import { benchAnswers } from './load';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const body = (i: number): SubmissionBody => ({
  submissionId: randomUUID(),
  answers: benchAnswers(i),
  startedAt: new Date(Date.now() - 60_000).toISOString(),
  locale: 'zh-CN',
  version: 1,
});

export async function submitLatency(stack: LocalStack, qrKey: Buffer, n: number) {
  const form = stack.demoForms[0]!;
  const url = `${stack.baseUrl}/api/v1/forms/${form.token}/responses`;
  const post = (i: number) =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body(i)),
    });

  // The same client settings as the server's: a local transaction counts as written once it is
  // durable (the commit barrier, functions/db/client.ts), for the POST and the baseline alike.
  const client = createDynamoClient({ endpoint: stack.dynamoEndpoint, commitBarrier: true });
  const tables = tableNamesWithPrefix(stack.tablePrefix);
  const wiring = { client, tables, qrKey };
  const submit = await publicSubmitDeps(wiring, publicShared(wiring));
  const repo = new ResponseRepository(client, tables);
  let sendMs = 0;
  const timedStore = {
    getSubmission: repo.getSubmission.bind(repo),
    saveSubmission: async (s: CheckedSubmission) => {
      const t = performance.now();
      try {
        return await repo.saveSubmission(s);
      } finally {
        sendMs = performance.now() - t;
      }
    },
  };
  /** Runs the use case untimed, timing only its (last, successful) TransactWriteItems. */
  const direct = async (i: number) => {
    await submitResponse({ ...submit, submissions: timedStore }, form.token, body(i), {
      clientAddress: '127.0.0.1',
    });
    return sendMs;
  };
  const viaPost = async (i: number) => {
    const t = performance.now();
    const r = await post(i);
    await r.arrayBuffer();
    if (r.status !== 201) throw new Error(`POST answered ${r.status}`);
    return performance.now() - t;
  };
  // Warm up both paths (JIT, connections, caches) before measuring; interleave to share any drift.
  for (let i = 0; i < 50; i++) {
    await viaPost(i);
    await direct(i);
  }
  const viaApi: number[] = [];
  const viaSdk: number[] = [];
  for (let i = 0; i < n; i++) {
    viaApi.push(await viaPost(i));
    viaSdk.push(await direct(i));
  }
  client.destroy();
  return { apiMs: median(viaApi), directMs: median(viaSdk), ratio: median(viaApi) / median(viaSdk) };
}
