/**
 * 撤回评价 in Chromium on a phone: the thank-you page links to the tracking page, which offers the
 * withdrawal while it is allowed; after the citizen confirms, the page says the rating was
 * withdrawn and no longer offers it, the stored ballot is marked, and axe finds no serious or
 * critical violation on the page with the button.
 */
import { describe, expect, it } from 'vitest';
import { answerEveryQuestion, phonePage, SHOTS, useStackAndBrowser } from './fixtures';
import { seriousA11yViolations } from './page-checks';

const e2e = useStackAndBrowser();

describe('withdrawing a rating from the phone', () => {
  it('goes from the thank-you page to the tracking page and withdraws once confirmed', async () => {
    const page = await phonePage(e2e.browser);
    await page.goto(e2e.stack.demoForms[3]!.url);
    await answerEveryQuestion(page, 'satisfied', '按错了', [0]);
    await page.getByRole('button', { name: '提交评价' }).click();
    await page.getByRole('heading', { name: /提交成功/ }).waitFor();
    const receipt = (await page.locator('#receipt').textContent())!.trim();

    await page.goto(`${e2e.stack.baseUrl}/t/?r=${receipt}`);
    const button = page.locator('#withdraw');
    await button.waitFor();
    expect(await page.locator('#result').textContent()).toContain('前可撤回');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/track-withdraw.png`, fullPage: true });

    // Dismissing the confirmation changes nothing.
    page.once('dialog', (d) => void d.dismiss());
    await button.click();
    const status = async () =>
      (await (await fetch(`${e2e.stack.baseUrl}/api/v1/receipts/${receipt}`)).json()) as Record<
        string,
        unknown
      >;
    expect(await status()).not.toHaveProperty('withdrawnAt');

    page.once('dialog', (d) => void d.accept());
    await page.locator('#withdraw').click();
    await page.getByText('您已撤回本次评价').waitFor();
    expect(await page.locator('#withdraw').count()).toBe(0);
    expect(await status()).toHaveProperty('withdrawnAt');
    await page.screenshot({ path: `${SHOTS}/track-withdrawn.png`, fullPage: true });
  });
});
