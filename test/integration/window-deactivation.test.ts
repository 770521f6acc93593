/**
 * A deactivated window takes no more ratings: its form and its submissions answer 410 with a
 * Chinese message, through every code that leads to it, and nothing is written.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_QUESTIONNAIRE_ID } from '../../local/seed/demo-questionnaire';
import { freshServicePoint } from '../fixtures/authz-world';
import { type ConsoleStack, createConsoleStack } from '../fixtures/console-stack';
import { aSubmission } from '../fixtures/factories';
import { countEntity } from './count';

const V1 = '/api/console/v1';
const UNIT_PATH = '130000/130600/130628/130628001';

let stack: ConsoleStack;
beforeAll(async () => {
  stack = await createConsoleStack();
});

async function windowWithCode(): Promise<{ sp: string; token: string }> {
  const sp = await freshServicePoint(stack, UNIT_PATH);
  const res = await stack
    .as('county-admin')
    .post(`${V1}/service-points/${sp}/qr-tokens`, { questionnaireId: DEMO_QUESTIONNAIRE_ID });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { sp, token: new URL(res.body.url, 'https://x').searchParams.get('t')! };
}

const submit = (token: string) =>
  stack.app().request(`/api/v1/forms/${token}/responses`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(aSubmission()),
  });

describe('a deactivated window', () => {
  it('refuses its form and new ballots with 410 and a Chinese message, and stores nothing', async () => {
    const { sp, token } = await windowWithCode();
    expect((await stack.app().request(`/api/v1/forms/${token}`)).status).toBe(200);
    expect((await submit(token)).status).toBe(201);

    const off = await stack.as('county-admin').post(`${V1}/org/nodes/${sp}/deactivate`);
    expect(off.status, JSON.stringify(off.body)).toBe(200);
    const responses = await countEntity(stack.db, stack.db.tables.responses, 'Response');

    const form = await stack.app().request(`/api/v1/forms/${token}`);
    expect(form.status).toBe(410);
    const refused = await submit(token);
    expect(refused.status).toBe(410);
    const body = (await refused.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('WINDOW_DEACTIVATED');
    expect(body.error.message).toContain('已停用');
    expect(await countEntity(stack.db, stack.db.tables.responses, 'Response')).toBe(responses);
  });
});
