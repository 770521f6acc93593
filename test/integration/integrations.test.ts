/**
 * Console-issued integration secrets against DynamoDB Local: window-display secrets and
 * integration keys are shown once, listed without the secret, work on the public API until revoked,
 * and every create and revoke is audited in the same transaction as the write.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { IntegrationSecretRepository } from '../../functions/db/integration-secret-repository';
import { auditEntry } from '../../functions/domain/audit';
import { newSecret, secretHash } from '../../functions/domain/integrity/ballot-token';
import { parseQrToken } from '../../functions/domain/qr-token';
import { serviceDay } from '../../functions/domain/service-day';
import { DEMO_QUESTIONNAIRE_ID } from '../../local/seed/demo-questionnaire';
import { freshServicePoint } from '../fixtures/authz-world';
import { type ConsoleStack, createConsoleStack, userById } from '../fixtures/console-stack';
import { countEntity } from './count';

const V1 = '/api/console/v1';
const UNIT = '130628001';
const UNIT_PATH = `130000/130600/130628/${UNIT}`;
const OTHER_UNIT_PATH = '130000/130600/130628/130628002';

let stack: ConsoleStack;
beforeAll(async () => {
  stack = await createConsoleStack();
});

const snapshot = async () => ({
  displays: await countEntity(stack.db, stack.db.tables.directory, 'Display'),
  keys: await countEntity(stack.db, stack.db.tables.directory, 'IntegrationKey'),
  audit: await countEntity(stack.db, stack.db.tables.audit, 'AuditEntry'),
});

/** A fresh service point with an active QR code for the demo questionnaire. */
async function windowWithCode(unitPath = UNIT_PATH): Promise<{ sp: string; tokenId: string }> {
  const sp = await freshServicePoint(stack, unitPath);
  const res = await stack
    .as('county-admin')
    .post(`${V1}/service-points/${sp}/qr-tokens`, { questionnaireId: DEMO_QUESTIONNAIRE_ID });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { sp, tokenId: res.body.tokenId };
}

const displayCurrent = (secret: string) =>
  stack.app().request('/api/v1/displays/current', { headers: { authorization: `Bearer ${secret}` } });

const oneTimeTokens = (key: string, servicePointId: string) =>
  stack.app().request('/api/v1/integrations/one-time-tokens', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ servicePointId, count: 2 }),
  });

async function todaysAudit(action: string, targetId: string) {
  const day = serviceDay(new Date());
  const res = await stack.as('province-admin').get(`${V1}/audit?from=${day}&to=${day}`);
  expect(res.status).toBe(200);
  return (res.body.entries as { action: string; targetId: string }[]).filter(
    (e) => e.action === action && e.targetId === targetId,
  );
}

describe('window displays', () => {
  it('shows the secret once, with a display URL that carries it in the fragment, and lists it without', async () => {
    const { sp, tokenId } = await windowWithCode();
    const res = await stack
      .as('county-admin')
      .post(`${V1}/service-points/${sp}/displays`, { label: '2号窗口屏' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const { secret, displayUrl, display } = res.body as {
      secret: string;
      displayUrl: string;
      display: { id: string; tokenId: string; label: string; status: string };
    };
    expect(secret).toMatch(/^ds_[A-Za-z0-9_-]{32}$/);
    expect(displayUrl).toBe(`https://pj.example.gov.cn/d/#secret=${secret}`);
    expect(display).toMatchObject({ id: secretHash(secret), tokenId, label: '2号窗口屏', status: 'active' });

    const list = await stack.as('auditor').get(`${V1}/service-points/${sp}/displays`);
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([expect.objectContaining({ id: display.id, status: 'active' })]);
    expect(JSON.stringify(list.body)).not.toContain(secret);
    const [entry] = await todaysAudit('display.create', display.id);
    expect(entry).toMatchObject({ targetType: 'display', actor: { userId: 'county-admin' } });
    expect(JSON.stringify(entry)).not.toContain(secret);
  });

  it('gives the display rotating codes that open the form of its window', async () => {
    const { sp } = await windowWithCode();
    const { secret } = (await stack.as('county-admin').post(`${V1}/service-points/${sp}/displays`, {})).body;
    const res = await displayCurrent(secret);
    expect(res.status).toBe(200);
    const code = (await res.json()) as { url: string; ballot: string; refreshSeconds: number };
    expect(code.url).toContain(`&b=${code.ballot}`);
    const url = new URL(code.url, 'https://pj.example.gov.cn');
    const form = await stack
      .app()
      .request(`/api/v1/forms/${url.searchParams.get('t')}?b=${url.searchParams.get('b')}`);
    expect(form.status).toBe(200);
    expect(((await form.json()) as { servicePoint: { id: string } }).servicePoint.id).toBe(sp);
  });

  it('revokes a display at once: its next renewal is refused, and a second revoke is a conflict', async () => {
    const { sp } = await windowWithCode();
    const created = (await stack.as('county-admin').post(`${V1}/service-points/${sp}/displays`, {})).body;
    expect((await displayCurrent(created.secret)).status).toBe(200);

    // The rated unit holds no power over the secrets that feed its count.
    const refused = await stack.as('unit-staff').post(`${V1}/displays/${created.display.id}/revoke`);
    expect(refused.status).toBe(403);
    const revoked = await stack.as('county-admin').post(`${V1}/displays/${created.display.id}/revoke`);
    expect(revoked.status, JSON.stringify(revoked.body)).toBe(200);
    expect(revoked.body).toMatchObject({ id: created.display.id, status: 'revoked' });
    expect((await displayCurrent(created.secret)).status).toBe(401);
    expect(await todaysAudit('display.revoke', created.display.id)).toHaveLength(1);

    const before = await snapshot();
    const again = await stack.as('county-admin').post(`${V1}/displays/${created.display.id}/revoke`);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('DISPLAY_NOT_ACTIVE');
    expect(await snapshot()).toEqual(before);
  });

  it('follows its window’s code through rotations, and goes dark when the code is revoked outright', async () => {
    const { sp, tokenId } = await windowWithCode();
    const { secret } = (await stack.as('county-admin').post(`${V1}/service-points/${sp}/displays`, {})).body;
    const tokenOf = async () => {
      const res = await displayCurrent(secret);
      expect(res.status).toBe(200);
      const url = new URL(((await res.json()) as { url: string }).url, 'https://pj.example.gov.cn');
      const form = await stack
        .app()
        .request(`/api/v1/forms/${url.searchParams.get('t')}?b=${url.searchParams.get('b')}`);
      expect(form.status).toBe(200);
      return parseQrToken(url.searchParams.get('t')!)!.tokenId;
    };
    expect(await tokenOf()).toBe(tokenId);

    // Rotated twice: the display shows the newest code, and its form opens.
    const first = await stack.as('county-admin').post(`${V1}/qr-tokens/${tokenId}/rotate`);
    const second = await stack.as('county-admin').post(`${V1}/qr-tokens/${first.body.tokenId}/rotate`);
    expect(second.status).toBe(201);
    expect(await tokenOf()).toBe(second.body.tokenId);

    // Revoked without a replacement: the window has no code, and the display is refused.
    expect(
      (await stack.as('county-admin').post(`${V1}/qr-tokens/${second.body.tokenId}/revoke`)).status,
    ).toBe(200);
    expect((await displayCurrent(secret)).status).toBe(401);
  });

  it('refuses a display for a window without an active QR code, writing nothing', async () => {
    const sp = await freshServicePoint(stack, UNIT_PATH);
    const before = await snapshot();
    const res = await stack.as('county-admin').post(`${V1}/service-points/${sp}/displays`, {});
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({
      code: 'NO_ACTIVE_QR_TOKEN',
      message: expect.stringContaining('二维码'),
    });
    expect(await snapshot()).toEqual(before);
  });

  it('lets no one at the rated unit issue a display secret, for its own windows or any other', async () => {
    for (const path of [undefined, OTHER_UNIT_PATH]) {
      const { sp } = await windowWithCode(path);
      const mark = await snapshot();
      const res = await stack.as('unit-staff').post(`${V1}/service-points/${sp}/displays`, {});
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('FORBIDDEN');
      expect(await snapshot()).toEqual(mark);
    }
  });

  it('stores neither display nor audit entry when the QR code was revoked in the meantime', async () => {
    const { sp, tokenId } = await windowWithCode();
    expect((await stack.as('county-admin').post(`${V1}/qr-tokens/${tokenId}/revoke`)).status).toBe(200);
    const repo = new IntegrationSecretRepository(stack.db.client, stack.db.tables);
    const hash = secretHash(newSecret('ds'));
    const at = new Date();
    const before = await snapshot();
    await expect(
      repo.createDisplay(
        {
          secretHash: hash,
          servicePointId: sp,
          unitId: UNIT,
          tokenId,
          label: 'race',
          status: 'active',
          createdAt: at.toISOString(),
          createdBy: 'county-admin',
        },
        auditEntry(
          {
            userId: 'county-admin',
            name: userById('county-admin').name,
            role: 'county_admin',
            scopeId: '130628',
            scopePath: '130000/130600/130628',
          },
          at,
          `audit-${hash}`,
          { action: 'display.create', targetType: 'display', targetId: hash, targetPath: UNIT_PATH },
        ),
      ),
    ).rejects.toMatchObject({ status: 409 });
    expect(await snapshot()).toEqual(before);
  });
});

describe('integration keys', () => {
  it('lets a unit-wide key issue one-time tokens for the unit’s windows until it is revoked', async () => {
    const { sp } = await windowWithCode();
    const res = await stack
      .as('county-admin')
      .post(`${V1}/units/${UNIT}/integration-keys`, { label: '大厅叫号机' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const { secret, key, endpoint } = res.body as {
      secret: string;
      endpoint: string;
      key: { id: string; scopeNodeId: string; scopeKind: string; label: string; status: string };
    };
    expect(secret).toMatch(/^ik_/);
    expect(endpoint).toBe('https://pj.example.gov.cn/api/v1/integrations/one-time-tokens');
    expect(key).toMatchObject({
      id: secretHash(secret),
      scopeNodeId: UNIT,
      scopeKind: 'unit',
      status: 'active',
    });

    const issued = await oneTimeTokens(secret, sp);
    expect(issued.status).toBe(201);
    expect(((await issued.json()) as { tokens: unknown[] }).tokens).toHaveLength(2);

    const list = await stack.as('unit-staff').get(`${V1}/units/${UNIT}/integration-keys`);
    expect(list.body.items).toContainEqual(expect.objectContaining({ id: key.id, label: '大厅叫号机' }));
    expect(JSON.stringify(list.body)).not.toContain(secret);

    expect((await stack.as('unit-staff').post(`${V1}/integration-keys/${key.id}/revoke`)).status).toBe(403);
    const revoked = await stack.as('county-admin').post(`${V1}/integration-keys/${key.id}/revoke`);
    expect(revoked.status).toBe(200);
    expect((await oneTimeTokens(secret, sp)).status).toBe(401);
    const [created] = await todaysAudit('integrationKey.create', key.id);
    expect(JSON.stringify(created)).not.toContain(secret);
    expect(await todaysAudit('integrationKey.revoke', key.id)).toHaveLength(1);
    expect((await stack.as('county-admin').post(`${V1}/integration-keys/${key.id}/revoke`)).status).toBe(409);
  });

  it('limits a window’s key to that window', async () => {
    const own = await windowWithCode();
    const other = await windowWithCode();
    const refused = await stack
      .as('unit-staff')
      .post(`${V1}/service-points/${own.sp}/integration-keys`, { label: '自助终端' });
    expect(refused.status).toBe(403);
    const res = await stack
      .as('county-admin')
      .post(`${V1}/service-points/${own.sp}/integration-keys`, { label: '自助终端' });
    expect(res.status).toBe(201);
    expect(res.body.key).toMatchObject({ scopeNodeId: own.sp, scopeKind: 'servicePoint' });
    expect((await oneTimeTokens(res.body.secret, own.sp)).status).toBe(201);
    expect((await oneTimeTokens(res.body.secret, other.sp)).status).toBe(404);
    const list = await stack.as('unit-staff').get(`${V1}/service-points/${own.sp}/integration-keys`);
    expect(list.body.items.map((k: { id: string }) => k.id)).toEqual([res.body.key.id]);
  });

  it('answers a unit route given a window id as if absent, and writes nothing', async () => {
    const { sp } = await windowWithCode();
    const before = await snapshot();
    const res = await stack.as('county-admin').post(`${V1}/units/${sp}/integration-keys`, { label: 'x' });
    expect(res.status).toBe(404);
    expect(await snapshot()).toEqual(before);
  });

  it('requires a label saying which system holds the key', async () => {
    const res = await stack.as('county-admin').post(`${V1}/units/${UNIT}/integration-keys`, { label: '  ' });
    expect(res.status).toBe(400);
  });
});

describe('rotation', () => {
  const at = (hours: number) => ({ now: () => new Date(Date.now() + hours * 3_600_000) });
  const displayAt = (secret: string, hours: number) =>
    stack.app({ clock: at(hours) }).request('/api/v1/displays/current', {
      headers: { authorization: `Bearer ${secret}` },
    });
  const tokensAt = (key: string, servicePointId: string, hours: number) =>
    stack.app({ clock: at(hours) }).request('/api/v1/integrations/one-time-tokens', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ servicePointId, count: 1 }),
    });

  it('gives a key a successor; the old one works 24 h more, then only the new one; once only; audited', async () => {
    const { sp } = await windowWithCode();
    const created = await stack
      .as('county-admin')
      .post(`${V1}/units/${UNIT}/integration-keys`, { label: '叫号机' });
    const old = created.body as { secret: string; key: { id: string } };
    expect((await stack.as('unit-staff').post(`${V1}/integration-keys/${old.key.id}/rotate`)).status).toBe(
      403,
    );
    const before = await snapshot();
    const res = await stack.as('county-admin').post(`${V1}/integration-keys/${old.key.id}/rotate`);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const next = res.body as {
      secret: string;
      key: { id: string; label: string };
      retired: { retiresAt: string };
    };
    expect(next.key.label).toBe('叫号机');
    expect(next.secret).not.toBe(old.secret);
    expect(await snapshot()).toEqual({ ...before, keys: before.keys + 1, audit: before.audit + 1 });
    expect((await tokensAt(old.secret, sp, 23)).status).toBe(201);
    expect((await tokensAt(old.secret, sp, 25)).status).toBe(401);
    expect((await tokensAt(next.secret, sp, 25)).status).toBe(201);
    const again = await stack.as('county-admin').post(`${V1}/integration-keys/${old.key.id}/rotate`);
    expect(again.status).toBe(409);
    expect(await snapshot()).toEqual({ ...before, keys: before.keys + 1, audit: before.audit + 1 });
    const [entry] = await todaysAudit('integrationKey.rotate', old.key.id);
    expect(entry).toMatchObject({ after: { rotatedTo: next.key.id } });
    const list = await stack.as('county-admin').get(`${V1}/units/${UNIT}/integration-keys`);
    expect(JSON.stringify(list.body)).not.toContain(next.secret);
    // A revoked key cannot be rotated back to life.
    await stack.as('county-admin').post(`${V1}/integration-keys/${next.key.id}/revoke`);
    expect((await stack.as('county-admin').post(`${V1}/integration-keys/${next.key.id}/rotate`)).status).toBe(
      409,
    );
  });

  it('gives a display a successor on the same code; the old one goes dark after 24 h', async () => {
    const { sp, tokenId } = await windowWithCode();
    const created = await stack
      .as('county-admin')
      .post(`${V1}/service-points/${sp}/displays`, { label: '1号屏' });
    const old = created.body as { secret: string; display: { id: string } };
    const res = await stack.as('county-admin').post(`${V1}/displays/${old.display.id}/rotate`);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const next = res.body as {
      secret: string;
      displayUrl: string;
      display: { tokenId: string; label: string };
    };
    expect(next.display).toMatchObject({ tokenId, label: '1号屏' });
    expect(next.displayUrl).toContain(encodeURIComponent(next.secret));
    expect((await displayAt(old.secret, 1)).status).toBe(200);
    expect((await displayAt(old.secret, 25)).status).toBe(401);
    expect((await displayAt(next.secret, 25)).status).toBe(200);
    expect(await todaysAudit('display.rotate', old.display.id)).toHaveLength(1);
    expect((await stack.as('county-admin').post(`${V1}/displays/${old.display.id}/rotate`)).status).toBe(409);
  });
});
