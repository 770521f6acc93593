/**
 * A visit's own QR code in a browser (走访评议, issue 5): staff give a recorded visit a code on the
 * visit page; the code read from the page's image leads a phone to the form; the bad review left
 * there comes back on the visit page as a questionnaire returned, an issue raised and a case.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../functions/local/stack';
import { decodeQrPngBuffer } from '../fixtures/qr';
import { launchChromium } from './browser';

const SHOTS = '/tmp/kmpj-e2e';

let stack: LocalStack;
let browser: Browser;

beforeAll(async () => {
  const [s, b] = await Promise.allSettled([
    startLocalStack({ port: 0, dataDir: null, quiet: true }),
    launchChromium(),
  ]);
  if (s.status === 'fulfilled') stack = s.value;
  if (b.status === 'fulfilled') browser = b.value;
  if (s.status === 'rejected') throw s.reason;
  if (b.status === 'rejected') throw b.reason;
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/** Answers every question as a very dissatisfied citizen with a complaint. */
async function fillBadReview(page: Page): Promise<void> {
  const questions = page.locator('fieldset.q');
  await questions.first().waitFor();
  const n = await questions.count();
  for (let i = 0; i < n; i++) {
    const q = questions.nth(i);
    const options = q.locator('label.opt');
    const count = await options.count();
    if ((await q.locator('textarea').count()) > 0)
      await q.locator('textarea').fill('校门口车辆乱停，民警推诿');
    else if ((await q.getByRole('checkbox').count()) > 0) await options.nth(0).click();
    else await options.nth(count === 5 ? 4 : 0).click();
  }
}

describe('a visit and its own QR code', () => {
  it('issues the code on the visit page and shows what came back through it', async () => {
    const token = await stack.signIn('unit-staff');
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const created = await fetch(`${stack.baseUrl}/api/console/v1/visits`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        unitId: '130628001',
        date: today,
        partyType: 'school',
        partyName: '高阳县实验小学',
        staff: ['刘洋'],
      }),
    });
    expect(created.status).toBe(201);
    const visitId = ((await created.json()) as { id: string }).id;

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto(`${stack.baseUrl}/console/`);
    await page.getByRole('button', { name: /刘洋/ }).click();
    await page.getByRole('navigation', { name: '主菜单' }).waitFor();
    await page.goto(`${stack.baseUrl}/console/#/cases/visits/${visitId}`);
    await page.getByRole('button', { name: '生成二维码' }).click();
    const img = page.locator('section[data-visit-qr="active"] img.qr');
    await expect.poll(() => img.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    const src = (await img.getAttribute('src'))!;
    const formUrl = decodeQrPngBuffer(Buffer.from(src.split(',')[1]!, 'base64'))!;
    expect(formUrl).toBe((await page.locator('section[data-visit-qr] code.url').textContent())!.trim());
    await page.screenshot({ path: `${SHOTS}/visit-qr.png`, fullPage: true });

    const phone = await (
      await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, locale: 'zh-CN' })
    ).newPage();
    await phone.goto(formUrl);
    await fillBadReview(phone);
    await phone.getByRole('button', { name: '提交评价' }).click();
    await phone.getByRole('heading', { name: /提交成功/ }).waitFor();

    await stack.settle();
    await page.reload();
    await page.locator('[data-returned="1"]').waitFor();
    await page.locator('ul.issues li', { hasText: '非常不满意' }).waitFor();
    const caseLink = page.locator('table.grid a[href^="#/cases/r-"]');
    await expect(caseLink.count()).resolves.toBe(1);
    await page.screenshot({ path: `${SHOTS}/visit-report.png`, fullPage: true });
    await caseLink.click();
    await page.getByRole('link', { name: '来自走访' }).waitFor();
  });
});
