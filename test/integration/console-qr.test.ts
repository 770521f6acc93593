import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { serviceDay } from '../../functions/domain/service-day';
import { DEMO_QUESTIONNAIRE_ID } from '../../local/seed/demo-questionnaire';
import { buildWorld, freshServicePoint, type World } from '../fixtures/authz-world';
import { type ConsoleStack, createConsoleStack } from '../fixtures/console-stack';
import { aQuestionnaire, aSubmission } from '../fixtures/factories';
import { decodeQrPngBuffer } from '../fixtures/qr';
import { countEntity } from './count';

const V1 = '/api/console/v1';
const UNIT_PATH = '130000/130600/130628/130628001';

let stack: ConsoleStack;
let world: World;
beforeAll(async () => {
  stack = await createConsoleStack();
  world = await buildWorld(stack);
});

const tokenOf = (url: string) => new URL(url).searchParams.get('t')!;
const tokenIdOf = (url: string) => tokenOf(url).slice(0, 11);
const snapshot = async () => ({
  tokens: await countEntity(stack.db, stack.db.tables.directory, 'QrToken'),
  audit: await countEntity(stack.db, stack.db.tables.audit, 'AuditEntry'),
});
const pngOf = async (res: { raw: Response }) => Buffer.from(await res.raw.arrayBuffer());

async function issue(servicePointId: string, as = 'unit-staff', questionnaireId = DEMO_QUESTIONNAIRE_ID) {
  const res = await stack
    .as(as)
    .post(`${V1}/service-points/${servicePointId}/qr-tokens`, { questionnaireId });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { tokenId: string; url: string; status: string };
}

const publicForm = (token: string) => stack.app().request(`/api/v1/forms/${token}`);
const publicSubmit = (token: string) =>
  stack.app().request(`/api/v1/forms/${token}/responses`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(aSubmission()),
  });

describe('QR tokens', () => {
  it('lists a seeded window code with the URL printed on it', async () => {
    const seeded = stack.forms.find((f) => f.servicePointId === '130628001-01')!;
    const res = await stack.as('unit-staff').get(`${V1}/service-points/130628001-01/qr-tokens`);
    expect(res.status).toBe(200);
    expect(res.body.items).toContainEqual(
      expect.objectContaining({ status: 'active', questionnaireId: DEMO_QUESTIONNAIRE_ID, url: seeded.url }),
    );
  });

  it('issues a code whose PNG decodes to exactly its URL, which opens the form', async () => {
    const sp = await freshServicePoint(stack, UNIT_PATH);
    const issued = await issue(sp);
    expect(issued).toMatchObject({
      status: 'active',
      url: expect.stringMatching(/^https:\/\/pj\.example\.gov\.cn\/f\/\?t=/),
    });
    expect(tokenIdOf(issued.url)).toBe(issued.tokenId);

    const png = await stack.as('unit-staff').get(`${V1}/qr-tokens/${issued.tokenId}/qr.png`);
    expect(png.status).toBe(200);
    expect(png.headers.get('content-type')).toBe('image/png');
    expect(decodeQrPngBuffer(await pngOf(png))).toBe(issued.url);
    expect((await publicForm(tokenOf(issued.url))).status).toBe(200);
  });

  it('refuses a second active code for the same window and questionnaire', async () => {
    const sp = await freshServicePoint(stack, UNIT_PATH);
    await issue(sp);
    const before = await snapshot();
    const again = await stack.as('unit-staff').post(`${V1}/service-points/${sp}/qr-tokens`, {
      questionnaireId: DEMO_QUESTIONNAIRE_ID,
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('ACTIVE_TOKEN_EXISTS');
    expect(await snapshot()).toEqual(before);
  });

  it('revokes a code at once: the public API then answers 410', async () => {
    const sp = await freshServicePoint(stack, UNIT_PATH);
    const issued = await issue(sp);
    const token = tokenOf(issued.url);
    expect((await publicSubmit(token)).status).toBe(201);

    const revoked = await stack.as('unit-staff').post(`${V1}/qr-tokens/${issued.tokenId}/revoke`);
    expect(revoked.status).toBe(200);
    expect(revoked.body.status).toBe('revoked');
    expect((await publicForm(token)).status).toBe(410);
    const late = await publicSubmit(token);
    expect(late.status).toBe(410);
    expect(await late.json()).toMatchObject({ error: { code: 'TOKEN_REVOKED' } });

    const before = await snapshot();
    expect((await stack.as('unit-staff').post(`${V1}/qr-tokens/${issued.tokenId}/revoke`)).status).toBe(409);
    expect((await stack.as('unit-staff').get(`${V1}/qr-tokens/${issued.tokenId}/poster.svg`)).status).toBe(
      409,
    );
    expect(await snapshot()).toEqual(before);
  });

  it('rotates a code: a new one for the same window and questionnaire, the old one revoked', async () => {
    const sp = await freshServicePoint(stack, UNIT_PATH);
    const old = await issue(sp);
    const rotated = await stack.as('county-admin').post(`${V1}/qr-tokens/${old.tokenId}/rotate`);
    expect(rotated.status).toBe(201);
    expect(rotated.body).toMatchObject({
      status: 'active',
      servicePointId: sp,
      questionnaireId: DEMO_QUESTIONNAIRE_ID,
    });
    expect(rotated.body.tokenId).not.toBe(old.tokenId);

    expect((await publicForm(tokenOf(old.url))).status).toBe(410);
    expect((await publicForm(tokenOf(rotated.body.url))).status).toBe(200);
    const list = await stack.as('unit-staff').get(`${V1}/service-points/${sp}/qr-tokens`);
    expect(list.body.items.map((t: { tokenId: string; status: string }) => [t.tokenId, t.status])).toEqual([
      [rotated.body.tokenId, 'active'],
      [old.tokenId, 'revoked'],
    ]);

    const day = serviceDay(new Date());
    const audit = await stack.as('county-admin').get(`${V1}/audit?from=${day}&to=${day}`);
    expect(audit.body.entries).toContainEqual(
      expect.objectContaining({
        action: 'qr.rotate',
        targetId: old.tokenId,
        after: { tokenId: rotated.body.tokenId, revoked: old.tokenId },
      }),
    );
  });

  it('prints an A4 poster with the escaped unit name, instructions and a vector QR code', async () => {
    const unit = await stack.as('county-admin').post(`${V1}/org/nodes`, {
      parentId: '130628',
      name: { 'zh-CN': '测试<所>&"一"', en: 'Test <station>' },
      unitType: 'police_station',
    });
    expect(unit.status, JSON.stringify(unit.body)).toBe(201);
    const window = await stack.as('county-admin').post(`${V1}/org/nodes`, {
      parentId: unit.body.id,
      name: { 'zh-CN': '综合窗口', en: 'Window' },
    });
    const issued = await issue(window.body.id, 'county-admin');
    const poster = await stack.as('county-admin').get(`${V1}/qr-tokens/${issued.tokenId}/poster.svg`);
    expect(poster.status).toBe(200);
    expect(poster.headers.get('content-type')).toContain('image/svg+xml');
    const svg = poster.body as string;
    expect(svg).toContain('viewBox="0 0 210 297"');
    expect(svg).toContain('测试&lt;所&gt;&amp;&quot;一&quot;');
    expect(svg).not.toContain('测试<所>');
    expect(svg).toContain('综合窗口');
    expect(svg).toContain('您的评价匿名，不影响业务办理');
    expect(svg).toMatch(
      /<svg x="[\d.]+" y="[\d.]+" width="120" height="120"[^>]*viewBox="0 0 \d+ \d+"[^>]*><path/,
    );
  });

  it('prints every active code of a unit on one sheet, labelled by window', async () => {
    const unit = await stack.as('county-admin').post(`${V1}/org/nodes`, {
      parentId: '130628',
      name: { 'zh-CN': '批量打印测试所', en: 'Sheet test' },
      unitType: 'police_station',
    });
    const names = ['一号窗口', '二号窗口', '三号窗口'];
    const windows = [];
    for (const n of names) {
      windows.push(
        (
          await stack
            .as('county-admin')
            .post(`${V1}/org/nodes`, { parentId: unit.body.id, name: { 'zh-CN': n, en: n } })
        ).body.id,
      );
    }
    const tokens = [];
    for (const w of windows) tokens.push(await issue(w, 'county-admin'));
    await stack.as('county-admin').post(`${V1}/qr-tokens/${tokens[2]!.tokenId}/revoke`);

    const sheet = await stack.as('county-admin').get(`${V1}/units/${unit.body.id}/qr-sheet.svg`);
    expect(sheet.status).toBe(200);
    const svg = sheet.body as string;
    expect(svg.match(/class="label"/g)).toHaveLength(2);
    expect(svg).toContain('一号窗口');
    expect(svg).toContain('二号窗口');
    expect(svg).not.toContain('三号窗口');
    expect(svg).toContain('批量打印测试所');
  });

  // CI installs Chromium before the tests (.ci/run) and must run this; a laptop without it skips.
  it.skipIf(!existsSync('/usr/bin/chromium') && !process.env.CI)(
    'prints a poster whose QR code scans back to the URL',
    async () => {
      const sp = await freshServicePoint(stack, UNIT_PATH);
      const issued = await issue(sp);
      const svg = (await stack.as('unit-staff').get(`${V1}/qr-tokens/${issued.tokenId}/poster.svg`))
        .body as string;
      const browser = await chromium.launch({
        executablePath: '/usr/bin/chromium',
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--no-first-run',
          '--disable-background-networking',
        ],
      });
      try {
        const page = await browser.newPage({ viewport: { width: 794, height: 1123 } });
        await page.setContent(
          `<html><body style="margin:0">${svg.replace(/^<\?xml[^>]*>/, '').replace('width="210mm" height="297mm"', 'width="794" height="1123"')}</body></html>`,
        );
        const shot = await page.screenshot({ type: 'png' });
        expect(decodeQrPngBuffer(Buffer.from(shot))).toBe(issued.url);
      } finally {
        await browser.close();
      }
    },
  );
});

describe('bad QR requests change nothing', () => {
  it('answers windows and codes outside the scope with 404', async () => {
    const before = await snapshot();
    const staff = stack.as('unit-staff');
    expect((await staff.get(`${V1}/service-points/${world.out.servicePointId}/qr-tokens`)).status).toBe(404);
    expect(
      (
        await staff.post(`${V1}/service-points/${world.out.servicePointId}/qr-tokens`, {
          questionnaireId: DEMO_QUESTIONNAIRE_ID,
        })
      ).status,
    ).toBe(404);
    expect((await staff.get(`${V1}/units/${world.out.unitId}/qr-sheet.svg`)).status).toBe(404);
    const sibling = stack.forms.find((f) => f.servicePointId.startsWith('130628002'))!;
    expect((await staff.post(`${V1}/qr-tokens/${tokenIdOf(sibling.url)}/revoke`)).status).toBe(404);
    expect((await staff.get(`${V1}/qr-tokens/AAAAAAAAAAA/qr.png`)).status).toBe(404);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses to bind a code to a questionnaire the caller cannot read, or that is not published', async () => {
    const admin = stack.as('county-admin');
    const sibling = await admin.post(`${V1}/questionnaires`, {
      ownerId: '130628002',
      content: aQuestionnaire(),
    });
    await admin.post(`${V1}/questionnaires/${sibling.body.questionnaireId}/versions/1/publish`);
    const draft = await admin.post(`${V1}/questionnaires`, {
      ownerId: '130628001',
      content: aQuestionnaire(),
    });
    const sp = await freshServicePoint(stack, UNIT_PATH);
    const before = await snapshot();
    const foreign = await stack.as('unit-staff').post(`${V1}/service-points/${sp}/qr-tokens`, {
      questionnaireId: sibling.body.questionnaireId,
    });
    expect(foreign.status).toBe(404);
    const unpublished = await stack.as('unit-staff').post(`${V1}/service-points/${sp}/qr-tokens`, {
      questionnaireId: draft.body.questionnaireId,
    });
    expect(unpublished.status).toBe(409);
    expect(unpublished.body.error.code).toBe('QUESTIONNAIRE_NOT_OPEN');
    expect(await snapshot()).toEqual(before);
  });

  it('refuses unknown fields, malformed ids and a unit id that is a window', async () => {
    const sp = await freshServicePoint(stack, UNIT_PATH);
    const before = await snapshot();
    const staff = stack.as('unit-staff');
    const extra = await staff.post(`${V1}/service-points/${sp}/qr-tokens`, {
      questionnaireId: DEMO_QUESTIONNAIRE_ID,
      status: 'active',
    });
    expect(extra.status).toBe(400);
    expect(extra.body.error.details).toContainEqual(
      expect.objectContaining({ field: 'status', code: 'unknown_field' }),
    );
    expect((await staff.post(`${V1}/qr-tokens/not-a-token!/revoke`)).status).toBe(400);
    expect((await staff.get(`${V1}/units/${sp}/qr-sheet.svg`)).status).toBe(404);
    expect(
      (
        await staff.post(`${V1}/service-points/130628001/qr-tokens`, {
          questionnaireId: DEMO_QUESTIONNAIRE_ID,
        })
      ).status,
    ).toBe(404);
    expect(await snapshot()).toEqual(before);
  });
});
