/**
 * The citizen form in a phone-sized Chromium against the real local stack: answers are stored
 * exactly once, an offline submission is queued and delivered later, and errors are shown inline.
 */
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { answerEveryQuestion, phonePage, SHOTS, useStackAndBrowser, useStoredResponses } from './fixtures';

const e2e = useStackAndBrowser();
/** How many citizen responses DynamoDB holds. */
const storedResponses = useStoredResponses(e2e);

beforeAll(() => {
  expect(e2e.stack.demoForms.length).toBeGreaterThanOrEqual(3);
});

/** A fresh phone: own storage, 390×844, touch, a sharp screen, Chinese. */
async function phone(): Promise<{ context: BrowserContext; page: Page }> {
  const page = await phonePage(e2e.browser, { deviceScaleFactor: 2, hasTouch: true });
  return { context: page.context(), page };
}

/** Answers every question the way a citizen would: 满意, two of the multiple choices, a thank-you. */
const fillEveryQuestion = (page: Page) =>
  answerEveryQuestion(page, 'satisfied', '窗口工作人员很耐心，谢谢！', [0, 2]);

const submitButton = (page: Page): Locator => page.getByRole('button', { name: '提交评价' });
const thanksHeading = (page: Page): Locator => page.getByRole('heading', { name: /提交成功/ });

describe('citizen form on a phone', () => {
  it('stores a completed form exactly once and shows the receipt', async () => {
    const before = await storedResponses();
    const { page } = await phone();
    await page.goto(e2e.stack.demoForms[0]!.url);
    expect((await page.locator('h1#title').textContent())?.trim()).not.toBe('');
    await fillEveryQuestion(page);
    await page.screenshot({ path: `${SHOTS}/form-filled.png`, fullPage: true });

    await submitButton(page).click();
    await thanksHeading(page).waitFor();
    const receipt = (await page.locator('#receipt').textContent())?.trim();
    expect(receipt).toMatch(/\S{4,}/);
    await page.screenshot({ path: `${SHOTS}/thanks.png`, fullPage: true });
    expect(await storedResponses()).toBe(before + 1);

    // A reload shows the same receipt instead of a blank form, and stores nothing new.
    await page.reload();
    await thanksHeading(page).waitFor();
    expect((await page.locator('#receipt').textContent())?.trim()).toBe(receipt);
    expect(await storedResponses()).toBe(before + 1);
  });

  it('queues a submission made offline and delivers it once back online', async () => {
    const before = await storedResponses();
    const { context, page } = await phone();
    await page.goto(e2e.stack.demoForms[1]!.url);
    await fillEveryQuestion(page);

    await context.setOffline(true);
    await submitButton(page).click();
    await page.getByText('已保存，网络恢复后将自动提交').waitFor();
    await page.screenshot({ path: `${SHOTS}/queued.png`, fullPage: true });
    expect(await storedResponses()).toBe(before);

    await context.setOffline(false);
    await thanksHeading(page).waitFor({ timeout: 30_000 });
    expect(await storedResponses()).toBe(before + 1);
  });

  it('delivers a queued submission when the page is opened again', async () => {
    const before = await storedResponses();
    const { context, page } = await phone();
    const url = e2e.stack.demoForms[2]!.url;
    const served = page.waitForResponse(
      (r) => r.request().method() === 'GET' && /^\/api\/v1\/forms\/[^/]+$/.test(new URL(r.url()).pathname),
    );
    await page.goto(url);
    // The server's signed open time, which the queued body must carry however late it goes out.
    const { opened } = (await (await served).json()) as { opened?: string };
    expect(opened).toMatch(/^O[A-Za-z0-9_-]{22}$/);
    const sent: unknown[] = [];
    context.on('request', (r) => {
      if (r.method() === 'POST' && r.url().includes('/responses')) sent.push(r.postDataJSON()?.opened);
    });
    await fillEveryQuestion(page);
    await context.setOffline(true);
    await submitButton(page).click();
    await page.getByText('已保存，网络恢复后将自动提交').waitFor();
    await page.close();
    expect(await storedResponses()).toBe(before);

    await context.setOffline(false);
    const again = await context.newPage();
    await again.goto(url);
    await thanksHeading(again).waitFor({ timeout: 30_000 });
    expect(await storedResponses()).toBe(before + 1);
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.every((o) => o === opened)).toBe(true);
  });

  it('shows an inline error on an unanswered required question and sends nothing', async () => {
    const before = await storedResponses();
    const { page } = await phone();
    await page.goto(e2e.stack.demoForms[0]!.url);
    const first = page.locator('fieldset.q').first();
    await first.waitFor();

    await submitButton(page).click();
    const error = first.locator('.err');
    await expect.poll(() => error.textContent()).toContain('此题为必答题');
    expect(await first.getAttribute('aria-describedby')).toContain((await error.getAttribute('id'))!);
    expect(await page.getByRole('alert').first().textContent()).toMatch(/需要修改/);
    await page.screenshot({ path: `${SHOTS}/errors.png` });
    // Focus moves to the first unanswered question so the citizen sees it.
    expect(await page.evaluate(() => document.activeElement?.closest('fieldset')?.id)).toBe(
      await first.getAttribute('id'),
    );

    // Answering it clears its error at once.
    await first.locator('label.opt').nth(0).click();
    await expect.poll(() => error.textContent()).toBe('');
    expect(await storedResponses()).toBe(before);
  });

  it("shows the server's field errors next to their questions", async () => {
    const { page } = await phone();
    await page.goto(e2e.stack.demoForms[0]!.url);
    await fillEveryQuestion(page);
    const qid = await page.locator('fieldset.q').nth(1).getAttribute('data-q');
    await page.route('**/api/v1/forms/*/responses', (route) =>
      route.fulfill({
        status: 400,
        contentType: 'application/json',
        body: JSON.stringify({
          error: {
            code: 'VALIDATION_FAILED',
            message: '提交的内容有误，请检查标出的项目',
            messageEn: 'The request has invalid fields',
            details: [
              {
                field: `answers.${qid}`,
                code: 'out_of_range',
                message: '请选择五级评价中的一项',
                messageEn: 'Choose one',
              },
            ],
          },
        }),
      }),
    );
    await submitButton(page).click();
    await expect.poll(() => page.locator(`#q-${qid}-err`).textContent()).toBe('请选择五级评价中的一项');
  });

  it('remembers the switch to English and sets the page language', async () => {
    const { page } = await phone();
    await page.goto(e2e.stack.demoForms[0]!.url);
    await page.locator('fieldset.q').first().waitFor();
    await page.getByRole('button', { name: 'English' }).click();
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await page.getByRole('button', { name: 'Submit' }).waitFor();
    await page.screenshot({ path: `${SHOTS}/english.png` });
    await page.reload();
    await page.getByRole('button', { name: 'Submit' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('en');
  });

  it('explains an invalid QR code in Chinese', async () => {
    const { page } = await phone();
    await page.goto(`${e2e.stack.baseUrl}/f/?t=${'x'.repeat(30)}`);
    await page.getByText(/二维码无效/).waitFor();
    await page.goto(`${e2e.stack.baseUrl}/f/`);
    await page.getByText(/未找到二维码信息/).waitFor();
  });
});
