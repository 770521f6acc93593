/**
 * Closing the loop in a browser: a citizen leaves a bad review with a phone on the form; the
 * stream opens a case that appears in the staff inbox; staff handle it, call back and close it;
 * the citizen then sees the status on the tracking page with the receipt (and no personal data).
 */
import { describe, expect, it } from 'vitest';
import {
  answerEveryQuestion,
  consoleRequest,
  SHOTS,
  unhurriedPhonePage,
  useStackAndBrowser,
} from './fixtures';

const e2e = useStackAndBrowser();

/** The console API as a member of staff (the console's own pages call the same routes). */
const api = async (user: string, method: string, path: string, body?: unknown) =>
  consoleRequest(e2e.stack, method, path, await e2e.stack.signIn(user), body);

describe('closing the loop', () => {
  it('turns a bad review into a case that is handled, called back, closed and tracked by receipt', async () => {
    const page = await unhurriedPhonePage(e2e);
    await page.goto(e2e.stack.demoForms[0]!.url);
    await answerEveryQuestion(page, 'very dissatisfied', '窗口民警态度差，推诿');
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

    await page.goto(`${e2e.stack.baseUrl}/t/?r=${receipt}`);
    await page.getByText('当前状态：已关闭').waitFor();
    await page.getByText('立行立改', { exact: false }).waitFor();
    const text = await page.locator('#result').textContent();
    expect(text).not.toMatch(/1[3-9]\d{9}|138\*+5678|当面致歉/);
    await page.screenshot({ path: `${SHOTS}/track-closed.png`, fullPage: true });
  });
});
