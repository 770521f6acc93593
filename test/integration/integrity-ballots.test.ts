import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { IntegrityRepository } from '../../functions/db/integrity-repository';
import { newSecret, secretHash } from '../../functions/domain/integrity/ballot-token';
import { parseQrToken } from '../../functions/domain/qr-token';
import { publicServices } from '../../functions/handlers/public-deps';
import { createPublicApp } from '../../functions/http/public-app';
import { simClock } from '../../scripts/stuffing-simulator';
import { aSubmission } from '../fixtures/factories';
import {
  createPublicStack,
  ownNetworkPerRequest,
  type PublicStack,
  silentLogger,
} from '../fixtures/public-stack';

let stack: PublicStack;
let repo: IntegrityRepository;
const clock = simClock(new Date('2026-11-17T02:00:00Z'));

beforeAll(async () => {
  stack = await createPublicStack();
  repo = new IntegrityRepository(stack.db.client, stack.db.tables);
});

/** The public app with every ballot mode on (deployment defaults), on the test clock. */
const app = () =>
  createPublicApp({
    logger: silentLogger(),
    ...publicServices({
      client: stack.db.client,
      tables: stack.db.tables,
      qrKey: stack.qrKey,
      clock,
      clientAddress: ownNetworkPerRequest,
      integrityDefaults: { ballots: { static: true, rotating: true, oneTime: true } },
    }),
  });

const post = (token: string, body: unknown, a = app()) =>
  Promise.resolve(
    a.request(`/api/v1/forms/${token}/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }),
  );

async function issueKey(scopeNodeId: string): Promise<string> {
  const key = newSecret('ik');
  await repo.putIntegrationKey({
    secretHash: secretHash(key),
    scopeNodeId,
    label: 'test queue',
    status: 'active',
    createdAt: clock.now().toISOString(),
  });
  return key;
}

describe('one-time ballot tokens', () => {
  it('issues tokens to a queue system holding a key for the unit, and refuses an unknown key', async () => {
    const form = stack.forms[0]!;
    const key = await issueKey(form.servicePointId.split('-')[0]!);
    const ok = await app().request('/api/v1/integrations/one-time-tokens', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ servicePointId: form.servicePointId, count: 3 }),
    });
    expect(ok.status).toBe(201);
    const { tokens } = (await ok.json()) as { tokens: { ballot: string; url: string }[] };
    expect(tokens).toHaveLength(3);
    expect(tokens[0]!.url).toContain(`t=${form.token}&b=${tokens[0]!.ballot}`);
    const bad = await app().request('/api/v1/integrations/one-time-tokens', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${newSecret('ik')}` },
      body: JSON.stringify({ servicePointId: form.servicePointId }),
    });
    expect(bad.status).toBe(401);
  });

  it('accepts exactly one of eight concurrent submissions carrying the same one-time token', async () => {
    const form = stack.forms[1]!;
    const key = await issueKey(form.servicePointId);
    const res = await app().request('/api/v1/integrations/one-time-tokens', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ servicePointId: form.servicePointId }),
    });
    const ballot = ((await res.json()) as { tokens: { ballot: string }[] }).tokens[0]!.ballot;
    // A 503 (the database slower than the request timeout on a busy machine) is sent again, as the
    // phone's queue does: the outcome asserted is the one each phone ends with.
    const postUntilAnswered = async (body: unknown) => {
      for (let attempt = 1; ; attempt++) {
        const res = await post(form.token, body);
        if (res.status !== 503 || attempt === 5) return res;
        await new Promise((ok) => setTimeout(ok, 500 * attempt));
      }
    };
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        postUntilAnswered({ ...aSubmission({ submissionId: randomUUID() }), ballot }),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    const rejected = await Promise.all(results.filter((r) => r.status !== 201).map((r) => r.json()));
    for (const body of rejected) {
      expect(body).toMatchObject({
        error: { code: 'BALLOT_USED', message: expect.stringContaining('已使用') },
      });
    }
  });

  it('returns the first receipt when the one accepted submission is retried', async () => {
    const form = stack.forms[1]!;
    const key = await issueKey(form.servicePointId);
    const res = await app().request('/api/v1/integrations/one-time-tokens', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ servicePointId: form.servicePointId }),
    });
    const ballot = ((await res.json()) as { tokens: { ballot: string }[] }).tokens[0]!.ballot;
    const body = { ...aSubmission(), ballot };
    const first = await post(form.token, body);
    const again = await post(form.token, body);
    expect(first.status).toBe(201);
    expect(await again.json()).toEqual(await first.json());
  });
});

describe('rotating display codes', () => {
  async function display(form = stack.forms[2]!): Promise<string> {
    const secret = newSecret('ds');
    await repo.putDisplay({
      secretHash: secretHash(secret),
      servicePointId: form.servicePointId,
      tokenId: parseQrToken(form.token)!.tokenId,
      status: 'active',
      createdAt: clock.now().toISOString(),
    });
    return secret;
  }

  it('refuses a display without its secret', async () => {
    expect((await app().request('/api/v1/displays/current')).status).toBe(401);
  });

  it('expires a rotating code on time, on the server clock', async () => {
    const form = stack.forms[2]!;
    const secret = await display(form);
    const issued = new Date('2026-11-17T03:00:00Z');
    clock.set(issued);
    const res = await app().request('/api/v1/displays/current', {
      headers: { authorization: `Bearer ${secret}` },
    });
    expect(res.status).toBe(200);
    const code = (await res.json()) as {
      ballot: string;
      url: string;
      openUntil: string;
      refreshSeconds: number;
    };
    expect(code.refreshSeconds).toBe(30);
    expect(code.openUntil).toBe('2026-11-17T03:01:00.000Z');
    const open = (at: string) => {
      clock.set(new Date(at));
      return app().request(`/api/v1/forms/${form.token}?b=${code.ballot}`);
    };
    expect((await open('2026-11-17T03:00:59Z')).status).toBe(200);
    const late = await open('2026-11-17T03:01:01Z');
    expect(late.status).toBe(410);
    expect(await late.json()).toMatchObject({
      error: { code: 'BALLOT_EXPIRED', message: expect.stringContaining('过期') },
    });
    const submit = (at: string) => {
      clock.set(new Date(at));
      return post(
        form.token,
        { ...aSubmission({ startedAt: '2026-11-17T03:00:30Z' }), ballot: code.ballot },
        app(),
      );
    };
    // Opened in time, the citizen has 30 minutes to submit.
    expect((await submit('2026-11-17T03:30:59Z')).status).toBe(201);
    expect((await submit('2026-11-17T03:31:01Z')).status).toBe(410);
  });

  it('rejects a rotating code signed for another window', async () => {
    const secret = await display(stack.forms[2]!);
    clock.set(new Date('2026-11-17T04:00:00Z'));
    const res = await app().request('/api/v1/displays/current', {
      headers: { authorization: `Bearer ${secret}` },
    });
    const { ballot } = (await res.json()) as { ballot: string };
    const other = await app().request(`/api/v1/forms/${stack.forms[3]!.token}?b=${ballot}`);
    expect(other.status).toBe(404);
  });
});
