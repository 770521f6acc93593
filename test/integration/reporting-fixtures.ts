/** Responses submitted at chosen instants, through the public API, for the console's read-side tests. */
import { randomUUID } from 'node:crypto';
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { toItem } from '../../functions/db/item';
import { responseKeys } from '../../functions/db/keys/responses';
import type { Answers, SubmissionReceipt } from '../../functions/schemas/submission';
import type { ConsoleStack } from '../fixtures/console-stack';
import { openStamp } from '../fixtures/factories';

/** The five satisfaction questions of the demo questionnaire. */
export const SATISFACTION_IDS = ['q_overall', 'q_attitude', 'q_efficiency', 'q_transparency', 'q_safety'];

/** Answers with every satisfaction question at `level`, plus `extra` (no comment unless given). */
export const answersAt = (level: number, extra: Answers = {}): Answers => ({
  ...Object.fromEntries(SATISFACTION_IDS.map((id) => [id, level])),
  ...extra,
});

/** Submits through the public API with the clock set to `at`; returns the new response's id. */
export async function submitAt(
  stack: ConsoleStack,
  servicePointId: string,
  at: string,
  answers: Answers,
): Promise<string> {
  const form = stack.forms.find((f) => f.servicePointId === servicePointId);
  if (!form) throw new Error(`no demo form for ${servicePointId}`);
  const now = new Date(at);
  const res = await stack
    .app({ clock: { now: () => now } })
    .request(`/api/v1/forms/${form.token}/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        submissionId: randomUUID(),
        answers,
        startedAt: new Date(now.getTime() - 90_000).toISOString(),
        opened: openStamp(stack.qrKey, form.token, new Date(now.getTime() - 90_000)),
        locale: 'zh-CN',
        version: 1,
      }),
    });
  if (res.status !== 201) throw new Error(`submit failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as SubmissionReceipt).responseId;
}

/**
 * Writes a response item straight into the table, for data the public API would normalise
 * away (e.g. a comment starting with a tab, which the form trims) — as older imports might hold.
 */
export async function storeRawResponse(
  stack: ConsoleStack,
  r: { servicePointId: string; unitId: string; submittedAt: string; answers: Answers; lowestLevel?: number },
): Promise<string> {
  const responseId = randomUUID();
  await stack.db.client.send(
    new PutItemCommand({
      TableName: stack.db.tables.responses,
      Item: toItem({
        ...responseKeys.response(responseId),
        ...responseKeys.responseOfUnit(r.unitId, r.submittedAt, responseId),
        entity: 'Response',
        responseId,
        servicePointId: r.servicePointId,
        unitId: r.unitId,
        questionnaireId: 'window-service',
        version: 1,
        answers: r.answers,
        locale: 'zh-CN',
        startedAt: r.submittedAt,
        submittedAt: r.submittedAt,
        day: r.submittedAt.slice(0, 10),
        receipt: 'TEST-TEST-TEST',
        lowestLevel: r.lowestLevel,
        hasComment: Object.keys(r.answers).includes('q_suggestion'),
      }),
    }),
  );
  return responseId;
}
