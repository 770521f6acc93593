/**
 * The operators' script (`npm run integration:issue`) against the console API on DynamoDB Local:
 * it goes through the same routes, authorization and audit as the console.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_QUESTIONNAIRE_ID } from '../../local/seed/demo-questionnaire';
import { runIssueCommand } from '../../scripts/issue-integration-secret';
import { freshServicePoint } from '../fixtures/authz-world';
import { type ConsoleStack, createConsoleStack } from '../fixtures/console-stack';

const UNIT_PATH = '130000/130600/130628/130628001';

let stack: ConsoleStack;
beforeAll(async () => {
  stack = await createConsoleStack();
});

/** Runs the script with its HTTP calls answered by the console app, as a given demo user. */
async function run(args: string[], user = 'county-admin') {
  const lines: string[] = [];
  const app = stack.console();
  const code = await runIssueCommand([...args, '--token', await stack.token(user)], {
    fetch: async (url, init) => app.request(url, init),
    out: (line) => lines.push(line),
    env: {},
  });
  return { code, text: lines.join('\n') };
}

async function windowWithCode(): Promise<string> {
  const sp = await freshServicePoint(stack, UNIT_PATH);
  const res = await stack
    .as('county-admin')
    .post(`/api/console/v1/service-points/${sp}/qr-tokens`, { questionnaireId: DEMO_QUESTIONNAIRE_ID });
  expect(res.status).toBe(201);
  return sp;
}

describe('integration:issue', () => {
  it('creates a display and prints its link once; the secret in it drives the display API', async () => {
    const sp = await windowWithCode();
    const { code, text } = await run(['display', '--service-point', sp, '--label', '1号窗口屏']);
    expect(code).toBe(0);
    const secret = /#secret=(ds_[A-Za-z0-9_-]+)/.exec(text)?.[1];
    expect(secret, text).toBeDefined();
    expect(text).toContain('只显示这一次');
    const res = await stack
      .app()
      .request('/api/v1/displays/current', { headers: { authorization: `Bearer ${secret}` } });
    expect(res.status).toBe(200);

    const listed = await run(['list', '--service-point', sp]);
    expect(listed.text).toContain('1号窗口屏');
    expect(listed.text).not.toContain(secret);
  });

  it('creates a unit key and revokes it by the id it printed', async () => {
    const created = await run(['key', '--unit', '130628001', '--label', '大厅叫号机', '--json']);
    expect(created.code).toBe(0);
    const { key, secret } = JSON.parse(created.text) as { key: { id: string }; secret: string };
    expect(secret).toMatch(/^ik_/);
    const revoked = await run(['revoke-key', `--id=${key.id}`]);
    expect(revoked).toMatchObject({ code: 0, text: expect.stringContaining(key.id) });
    const again = await run(['revoke-key', `--id=${key.id}`]);
    expect(again).toMatchObject({ code: 1, text: expect.stringContaining('KEY_NOT_ACTIVE') });
  });

  it('is refused for a role that may not issue secrets', async () => {
    const sp = await windowWithCode();
    const { code, text } = await run(['display', '--service-point', sp], 'auditor');
    expect(code).toBe(1);
    expect(text).toContain('403');
  });

  it('explains the usage when the command line is incomplete', async () => {
    const { code, text } = await run(['key', '--unit', '130628001']);
    expect(code).toBe(2);
    expect(text).toContain('--label');
  });
});
