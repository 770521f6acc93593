/**
 * The console's QR page sets the language a code opens its form in: a county admin issues a code
 * with 英文 English chosen, the page lists it with that language, and the code read from the
 * page's image opens the form in English on a phone (a Chinese code of the same window stays Chinese).
 */
import { describe, expect, it } from 'vitest';
import { consolePage, decodeQrDataUrl, phonePage, useStackAndBrowser } from './fixtures';

const UNIT = '130628001';
const POINT = '130628001-01';

const e2e = useStackAndBrowser();

describe('QR page language control', () => {
  it('issues a code whose form opens in the language chosen on the page', async () => {
    const page = await consolePage(e2e.browser, e2e.stack, /赵磊/);
    page.on('dialog', (d) => void d.accept());
    await page.getByRole('link', { name: '二维码' }).click();
    await page.getByLabel('下级单位').selectOption(UNIT);
    const point = page.locator(`section[data-point="${POINT}"]`);
    const language = point.getByLabel('表单语言');
    await language.waitFor();
    await expect(language.locator('option').allTextContents()).resolves.toEqual([
      '中文',
      '英文 English',
      '蒙古文（传统蒙文竖排）',
    ]);
    // One active code per window and questionnaire: the Chinese one is revoked first.
    const active = point.locator('li.token:not(.inactive)');
    await active.getByRole('button', { name: '作废' }).click();
    await expect.poll(() => active.count()).toBe(0);
    const before = await point.locator('li.token [data-locale="en"]').count();
    await language.selectOption('en');
    await point.getByRole('button', { name: '发放二维码' }).click();
    await expect.poll(() => point.locator('li.token [data-locale="en"]').count()).toBe(before + 1);
    const token = point.locator('li.token', { has: page.locator('[data-locale="en"]') }).last();
    await expect(token.locator('[data-locale="en"]').textContent()).resolves.toBe('英文 English');

    await token.getByRole('button', { name: '显示二维码' }).click();
    const img = token.locator('img.qr');
    await img.waitFor();
    const url = decodeQrDataUrl((await img.getAttribute('src'))!);
    expect(url).toBe((await token.locator('code.url').textContent())?.trim());

    const phone = await phonePage(e2e.browser);
    await phone.goto(url!);
    await phone.locator('fieldset.q').first().waitFor();
    expect(await phone.evaluate(() => document.documentElement.lang)).toBe('en');
    await expect(phone.getByRole('button', { name: /Submit/i }).count()).resolves.toBe(1);

    // Another window's code, issued with the default, stays Chinese.
    const zh = page
      .locator(`section[data-point]:not([data-point="${POINT}"]) li.token:not(.inactive)`)
      .filter({ has: page.locator('[data-locale="zh-CN"]') })
      .first();
    const zhUrl = (await zh.locator('code.url').textContent())?.trim();
    const zhPhone = await phonePage(e2e.browser);
    await zhPhone.goto(zhUrl!);
    await zhPhone.locator('fieldset.q').first().waitFor();
    expect(await zhPhone.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
  });
});
