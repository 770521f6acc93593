/**
 * Closing the loop in a browser: a citizen leaves a bad review with a phone on the form; the
 * stream opens a case that appears in the staff inbox; staff handle it, call back and close it;
 * the citizen then sees the status on the tracking page with the receipt (and no personal data).
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../functions/local/stack';
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

async function phonePage(): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    locale: 'zh-CN',
  });
  return context.newPage();
}

/** The console API as a member of staff (the console's own pages call the same routes). */
async function api(user: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${stack.baseUrl}/api/console/v1${path}`, {
    method,
    headers: {
      authorization: `Bearer ${await stack.signIn(user)}`,
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  // biome-ignore lint/suspicious/noExplicitAny: test convenience
  return { status: res.status, body: (await res.json()) as any };
}

/** Answers every question as a very dissatisfied citizen with a complaint. */
async function fillBadReview(page: Page): Promise<void> {
  const questions = page.locator('fieldset.q');
  await questions.first().waitFor();
  const n = await questions.count();
  for (let i = 0; i < n; i++) {
    const q = questions.nth(i);
    const options = q.locator('label.opt');
    const count = await options.count();
    if ((await q.locator('textarea').count()) > 0) await q.locator('textarea').fill('窗口民警态度差，推诿');
    else if ((await q.getByRole('checkbox').count()) > 0) await options.nth(0).click();
    else await options.nth(count === 5 ? 4 : 0).click();
  }
}

describe('closing the loop', () => {
  it('turns a bad review into a case that is handled, called back, closed and tracked by receipt', async () => {
    const page = await phonePage();
    await page.goto(stack.demoForms[0]!.url);
    await fillBadReview(page);
    await page.locator('#c-phone').fill('13812345678');
    await page.locator('#c-ok').check();
    await page.getByRole('button', { name: '提交评价' }).click();
    await page.getByRole('heading', { name: /提交成功/ }).waitFor();
    const receipt = /[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}/.exec(
      (await page.locator('#receipt').textContent())!,
    )![0];

    // The local stream poller opens the case within a second or two.
    let item: { id: string; version: number } | undefined;
    for (let i = 0; i < 40 && !item; i++) {
      const inbox = await api('province-admin', 'GET', '/cases?status=new');
      item = inbox.body.items.find((c: { receipt?: string }) => c.receipt === receipt);
      if (!item) await new Promise((r) => setTimeout(r, 250));
    }
    expect(item, `case for ${receipt} in the inbox`).toBeDefined();
    const id = item!.id;
    const detail = await api('province-admin', 'GET', `/cases/${id}`);
    expect(detail.body.contact.masked).toBe('138****5678');

    const steps = [
      { type: 'accept' },
      { type: 'start' },
      { type: 'resolve', category: 'fixed_now', note: '当面致歉并整改' },
      { type: 'callback', rating: 'satisfied' },
      { type: 'close' },
    ];
    for (const [i, step] of steps.entries()) {
      const res = await api('province-admin', 'POST', `/cases/${id}/actions`, {
        ...step,
        expectedVersion: i + 1,
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    }

    await page.goto(`${stack.baseUrl}/t/?r=${receipt}`);
    await page.getByText('当前状态：已关闭').waitFor();
    await page.getByText('立行立改', { exact: false }).waitFor();
    const text = await page.locator('#result').textContent();
    expect(text).not.toMatch(/1[3-9]\d{9}|138\*+5678|当面致歉/);
    await page.screenshot({ path: `${SHOTS}/track-closed.png`, fullPage: true });
  });
});
