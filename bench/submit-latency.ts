/**
 * Ratio 2: median time of POST …/responses through the local server against a direct
 * TransactWriteItems of the same items to the same DynamoDB Local.
 */
import { randomUUID } from 'node:crypto';
import { TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { createDynamoClient } from '../functions/db/client';
import { buildSaveSubmissionInput } from '../functions/db/response-repository';
import { tableNamesWithPrefix } from '../functions/db/table-names';
import { aggregateDelta, lowestLevel } from '../functions/domain/aggregate';
import { parseQrToken } from '../functions/domain/qr-token';
import { contentHash, newReceipt } from '../functions/domain/receipt';
import { serviceDay } from '../functions/domain/service-day';
import { demoQuestionnaire } from '../functions/local/seed/demo-questionnaire';
import type { LocalStack } from '../functions/local/stack';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

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

export async function submitLatency(stack: LocalStack, n: number) {
  const form = stack.demoForms[0]!;
  const url = `${stack.baseUrl}/api/v1/forms/${form.token}/responses`;
  const post = (i: number) =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        submissionId: randomUUID(),
        answers: answers(i),
        startedAt: new Date(Date.now() - 60_000).toISOString(),
        locale: 'zh-CN',
        version: 1,
      }),
    });

  const client = createDynamoClient({ endpoint: stack.dynamoEndpoint });
  const tables = tableNamesWithPrefix(stack.tablePrefix);
  const direct = (i: number) => {
    const now = new Date();
    const a = answers(i);
    return client.send(
      new TransactWriteItemsCommand(
        buildSaveSubmissionInput(tables, {
          responseId: randomUUID(),
          submissionId: randomUUID(),
          receipt: newReceipt(),
          tokenId: parseQrToken(form.token)!.tokenId,
          servicePointId: form.servicePointId,
          unitId: form.servicePointId.split('-')[0]!,
          questionnaireId: 'window-service',
          version: 1,
          answers: a,
          contentHash: contentHash(a),
          locale: 'zh-CN',
          startedAt: now.toISOString(),
          submittedAt: now.toISOString(),
          day: serviceDay(now),
          lowestLevel: lowestLevel(demoQuestionnaire, a),
          hasComment: true,
          delta: aggregateDelta(demoQuestionnaire, a),
        }),
      ),
    );
  };

  const time = async (f: (i: number) => Promise<unknown>, i: number) => {
    const t = performance.now();
    const r = await f(i);
    if (r instanceof Response && r.status !== 201) throw new Error(`POST answered ${r.status}`);
    if (r instanceof Response) await r.arrayBuffer();
    return performance.now() - t;
  };
  // Warm up both paths (JIT, connections, caches) before measuring; interleave to share any drift.
  for (let i = 0; i < 50; i++) {
    await time(post, i);
    await time(direct, i);
  }
  const viaApi: number[] = [];
  const viaSdk: number[] = [];
  for (let i = 0; i < n; i++) {
    viaApi.push(await time(post, i));
    viaSdk.push(await time(direct, i));
  }
  client.destroy();
  return { apiMs: median(viaApi), directMs: median(viaSdk), ratio: median(viaApi) / median(viaSdk) };
}
