/**
 * The window display in a real browser against the local stack: a display created through
 * the console route shows a rotating QR code that a phone camera can read (screenshot → jsQR), which
 * opens the form and submits; the code renews after refreshSeconds; a code past its open window gets
 * the clear expired message on the form; an outage and a revoked secret are said plainly on screen.
 *
 * The local stack has no clock injection, so expiry uses the shortest setting (rotatingSeconds 10:
 * a code can be opened for 20 s) and real waiting.
 */
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { demoQuestionnaire } from '../../local/seed/demo-questionnaire';
import { decodeQrPngBuffer } from '../fixtures/qr';
import {
  answerEveryQuestion,
  consoleApi,
  phonePage,
  publishWithQrCode,
  recordCspViolations,
  SHOTS,
  useStackAndBrowser,
} from './fixtures';

const SERVICE_POINT = '130628001-02';
const REFRESH_SECONDS = 10;

const e2e = useStackAndBrowser();
let staffToken: string;
/** The display created through the console: its id and the URL to open full-screen. */
let display: { id: string; displayUrl: string };

/** The console API as the county admin, who looks after the display. */
const asCountyAdmin = (method: string, path: string, body?: unknown) =>
  consoleApi(e2e.stack, method, path, staffToken, body);

beforeAll(async () => {
  staffToken = await e2e.stack.signIn('county-admin');
  // Rotating codes only: the fixed poster at this window would be refused.
  const content = {
    ...structuredClone(demoQuestionnaire),
    settings: {
      ballots: { static: false, rotating: true, oneTime: false },
      rotatingSeconds: REFRESH_SECONDS,
    },
  };
  // Ballot modes are the province's to set.
  const province = await e2e.stack.signIn('province-admin');
  const issued = await publishWithQrCode(e2e.stack, province, content, SERVICE_POINT);
  const made = await asCountyAdmin('POST', `/service-points/${SERVICE_POINT}/displays`, {
    label: '2号窗口屏',
    tokenId: issued.tokenId,
  });
  display = { id: made.display.id, displayUrl: made.displayUrl };
});

/** A wall display: landscape, and recording any CSP violation. */
async function wallDisplay(): Promise<{ context: BrowserContext; page: Page; violations: string[] }> {
  const context = await e2e.browser.newContext({ viewport: { width: 1280, height: 720 }, locale: 'zh-CN' });
  const page = await context.newPage();
  return { context, page, violations: await recordCspViolations(page) };
}

/** A citizen's phone. */
const phone = () => phonePage(e2e.browser, { hasTouch: true });

/** Reads the QR code on screen the way a phone camera would: from pixels. */
async function scan(page: Page): Promise<string> {
  const code = page.locator('#code svg');
  await code.waitFor();
  const url = decodeQrPngBuffer(await page.locator('#code').screenshot());
  expect(url, 'the QR code on screen decodes').toBeDefined();
  return url!;
}

const text = (l: Locator) => l.textContent().then((t) => t ?? '');

describe('window display', () => {
  it('shows a scannable rotating code that opens the form, renews it, and expires the old one', async () => {
    const { page, violations } = await wallDisplay();
    await page.goto(display.displayUrl);
    const first = await scan(page);
    const scannedAt = Date.now();
    expect(first.startsWith(`${e2e.stack.baseUrl}/f/?t=`)).toBe(true);
    expect(first).toMatch(/&b=R[A-Za-z0-9_-]{27}$/);
    expect(await page.locator('#code').getAttribute('data-url')).toBe(first);
    expect(await text(page.locator('h1'))).toContain('扫码评价');
    expect(await text(page.locator('#countdown'))).toMatch(/\d+ 秒后更新/);
    await expect.poll(() => text(page.locator('#place')), { timeout: 10_000 }).toContain('城关派出所');
    await page.screenshot({ path: `${SHOTS}/display.png` });

    // The citizen scans and rates at once.
    const citizen = await phone();
    await citizen.goto(first);
    await answerEveryQuestion(citizen, 'satisfied', '窗口服务很好');
    await citizen.getByRole('button', { name: '提交评价' }).click();
    await citizen.getByRole('heading', { name: /提交成功/ }).waitFor();

    // After refreshSeconds the display shows a new code, still for this window.
    await page.waitForFunction(
      (old) => document.getElementById('code')?.getAttribute('data-url') !== old,
      first,
      { timeout: (REFRESH_SECONDS + 10) * 1000 },
    );
    const renewed = await scan(page);
    expect(renewed).not.toBe(first);
    expect(new URL(renewed).searchParams.get('t')).toBe(new URL(first).searchParams.get('t'));

    // Two periods after it was issued, the first code can no longer be opened: the form says so.
    await page.waitForTimeout(Math.max(0, scannedAt + 2 * REFRESH_SECONDS * 1000 + 1500 - Date.now()));
    const late = await phone();
    await late.goto(first);
    await expect.poll(() => text(late.locator('body')), { timeout: 10_000 }).toContain('已过期');
    expect(await late.locator('fieldset.q').count()).toBe(0);
    await late.screenshot({ path: `${SHOTS}/display-expired.png` });
    expect(violations).toEqual([]);
  }, 120_000);

  it('keeps its code through an outage until it expires, then says it cannot show one', async () => {
    const { page } = await wallDisplay();
    await page.goto(display.displayUrl);
    await scan(page);
    const cutAt = Date.now();
    await page.route('**/api/v1/displays/current', (route) => route.abort('internetdisconnected'));
    await page.waitForTimeout(REFRESH_SECONDS * 1000 + 1000);
    expect(await page.locator('#code svg').count()).toBe(1);
    expect(await text(page.locator('#status'))).toContain('正在重新连接');
    await expect
      .poll(() => text(page.locator('#status')), {
        timeout: cutAt + 2 * REFRESH_SECONDS * 1000 + 5000 - Date.now(),
      })
      .toContain('暂时无法显示');
    expect(await page.locator('#code svg').count()).toBe(0);
    await page.screenshot({ path: `${SHOTS}/display-unavailable.png` });

    // Back online: the next retry shows a code again.
    await page.unroute('**/api/v1/displays/current');
    await page.locator('#code svg').waitFor({ timeout: 40_000 });
  }, 120_000);

  it('says the display secret is invalid once it is revoked in the console', async () => {
    const { page } = await wallDisplay();
    await page.goto(display.displayUrl);
    await scan(page);
    await asCountyAdmin('POST', `/displays/${display.id}/revoke`, {});
    await expect
      .poll(() => text(page.locator('#status')), { timeout: (REFRESH_SECONDS + 10) * 1000 })
      .toContain('显示屏密钥无效或已停用');
    expect(await page.locator('#code svg').count()).toBe(0);
    await page.screenshot({ path: `${SHOTS}/display-revoked.png` });
  }, 60_000);
});
