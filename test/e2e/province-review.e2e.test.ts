/**
 * The province's quarantine review and settings pages in Chromium against the local stack: the
 * province admin releases one quarantined ballot (it leaves the queue, counted and audited),
 * rejects another after the page asked for a reason, reads the server's 409 on a ballot decided
 * behind the page's back, and saves a new settings version after the page named a bad field; the
 * unit's staff see neither page.
 */
import { describe, expect, it } from 'vitest';
import { serviceDay } from '../../functions/domain/service-day';
import { consoleApi, consolePage, SHOTS, useStackAndBrowser } from './fixtures';

const e2e = useStackAndBrowser();
const today = () => serviceDay(new Date());

describe('the quarantine review and province settings pages', () => {
  it('releases and rejects quarantined ballots and saves a new settings version', async () => {
    const token = await e2e.stack.signIn('province-admin');
    // Ballots sent one second after the form opened: quarantined on arrival.
    await consoleApi(e2e.stack, 'POST', '/integrity/simulations', token, { patterns: ['fast'], genuine: 0 });
    const queue = async () =>
      (
        (await consoleApi(
          e2e.stack,
          'GET',
          `/integrity/quarantine?from=${today()}&to=${today()}`,
          token,
        )) as {
          items: { responseId: string }[];
        }
      ).items.map((i) => i.responseId);
    const waiting = await queue();
    expect(waiting.length).toBeGreaterThan(3);

    const dialogs: string[] = [];
    const page = await consolePage(e2e.browser, e2e.stack, /王建国/, {
      prepare: (p) =>
        p.on('dialog', (d) => {
          dialogs.push(d.message());
          void d.accept();
        }),
    });
    const cards = page.locator('li.qitem');
    // 0. The queue a page at a time: two ballots, then two more from the server's cursor.
    await page.evaluate(() => {
      location.hash = '#/quarantine?limit=2';
    });
    await page.getByRole('heading', { name: '隔离复核' }).waitFor();
    await expect(page.locator('.queue-total').textContent()).resolves.toBe('已列出待复核评价 2 条，还有更多');
    await expect(cards.count()).resolves.toBe(2);
    await page.getByRole('button', { name: '加载更多' }).click();
    await page.getByText('已列出待复核评价 4 条').waitFor();
    const listed = await cards.evaluateAll((els) => els.map((e) => e.getAttribute('data-response')));
    expect(new Set(listed).size).toBe(4);
    expect(listed).toEqual(waiting.slice(0, 4));

    await page.getByRole('link', { name: '隔离复核' }).click();
    await page.getByRole('heading', { name: '隔离复核' }).waitFor();
    const firstPage = Math.min(20, waiting.length);
    await page
      .getByText(`已列出待复核评价 ${firstPage} 条${waiting.length > firstPage ? '，还有更多' : ''}`, {
        exact: true,
      })
      .waitFor();
    await expect(cards.first().locator('[data-flag="tooFast"]').textContent()).resolves.toBe('用时过短');

    // 1. Release: confirmed, then the card shows the decision; the ballot left the queue, counted.
    const first = cards.nth(0);
    const released = (await first.getAttribute('data-response'))!;
    await first.getByLabel('复核理由（必填，记入审计）').fill('现场核实为真实评价');
    await first.getByRole('button', { name: '放行计入' }).click();
    await first.locator('[data-decision="released"]').waitFor();
    await expect(first.getAttribute('data-status')).resolves.toBe('released');
    expect(dialogs).toEqual([expect.stringContaining('确定放行')]);
    expect(await queue()).not.toContain(released);
    const audit = (await consoleApi(e2e.stack, 'GET', `/audit?from=${today()}&to=${today()}`, token)) as {
      entries: { action: string; targetId: string; after: { counted: boolean; note: string } }[];
    };
    expect(audit.entries.find((e) => e.targetId === released)).toMatchObject({
      action: 'quarantine.release',
      after: { counted: true, note: '现场核实为真实评价' },
    });

    // 2. Reject: without a reason the page asks for one and sends nothing.
    const second = cards.nth(1);
    const rejected = (await second.getAttribute('data-response'))!;
    await second.getByRole('button', { name: '驳回' }).click();
    await expect(second.locator('.field-error').textContent()).resolves.toBe('请填写复核理由');
    expect(dialogs).toHaveLength(1);
    await second.getByLabel('复核理由（必填，记入审计）').fill('同一设备连续提交');
    await second.getByRole('button', { name: '驳回' }).click();
    await second.locator('[data-decision="rejected"]').waitFor();
    expect(await queue()).not.toContain(rejected);

    // 3. A ballot rejected behind the page's back: releasing it shows the server's 409.
    const third = cards.nth(2);
    const decided = (await third.getAttribute('data-response'))!;
    await consoleApi(e2e.stack, 'POST', `/integrity/quarantine/${decided}/reject`, token, {
      note: '另一审核人',
    });
    await third.getByLabel('复核理由（必填，记入审计）').fill('真实');
    await third.getByRole('button', { name: '放行计入' }).click();
    const refusal = third.locator('.alert.error');
    await refusal.waitFor();
    await expect(refusal.textContent()).resolves.toMatch(/该评价已驳回，不能再放行.*HTTP 409/);
    await page.screenshot({ path: `${SHOTS}/quarantine-review.png`, fullPage: true });

    // 4. Settings: a falling mapping is named beside its field and not sent; a good one is saved.
    await page.getByRole('link', { name: '省级设置' }).click();
    await page.getByRole('heading', { name: '省级设置' }).waitFor();
    const current = page.locator('[data-current-version]');
    const before = Number(await current.getAttribute('data-current-version'));
    const form = page.locator('form.settings-form');
    await form.getByLabel('基本满意').fill('95');
    await form.getByRole('button', { name: '保存为新版本' }).click();
    await expect(form.locator('[data-field="scoreMapping"] > .field-error').textContent()).resolves.toContain(
      '严格递增',
    );
    await form.getByLabel('基本满意').fill('65');
    await form.getByLabel('每个 IPv4 /24 网段每周').fill('60');
    await form.getByLabel('单位数据截止（工作日）').fill('2');
    await form.getByRole('button', { name: '保存为新版本' }).click();
    await page.getByText(`已保存为第 ${before + 1} 版`).waitFor();
    await expect(current.getAttribute('data-current-version')).resolves.toBe(String(before + 1));
    await expect(page.locator('[data-history] tbody tr').first().textContent()).resolves.toContain(
      '基本满意 65',
    );
    const settings = await consoleApi(e2e.stack, 'GET', '/provinces/130000/settings', token);
    expect(settings).toMatchObject({
      version: before + 1,
      scoreMapping: [0, 30, 65, 80, 100],
      figures: { unitCutoffWorkingDays: 2 },
      integrity: { limits: { perNetwork4Weekly: 60 } },
    });
    const trail = (await consoleApi(e2e.stack, 'GET', `/audit?from=${today()}&to=${today()}`, token)) as {
      entries: { action: string; targetId: string }[];
    };
    expect(trail.entries.some((e) => e.action === 'province.settings' && e.targetId === '130000')).toBe(true);
    await page.screenshot({ path: `${SHOTS}/province-settings.png`, fullPage: true });
    await page.context().close();
  }, 600_000);

  it('shows the unit staff neither page', async () => {
    const page = await consolePage(e2e.browser, e2e.stack, /刘洋/);
    const menu = page.getByRole('navigation', { name: '主菜单' });
    await expect(menu.getByRole('link', { name: '统计看板' }).count()).resolves.toBe(1);
    await expect(menu.getByRole('link', { name: '隔离复核' }).count()).resolves.toBe(0);
    await expect(menu.getByRole('link', { name: '省级设置' }).count()).resolves.toBe(0);
    for (const hash of ['#/quarantine', '#/settings']) {
      await page.goto(`${e2e.stack.baseUrl}/console/${hash}`);
      await page.locator('main h1').waitFor();
      await expect(page.getByRole('heading', { name: /隔离复核|省级设置/ }).count()).resolves.toBe(0);
    }
    await page.context().close();
  });

  it('shows a county admin the settings without the quiet limits, saying they are hidden', async () => {
    const page = await consolePage(e2e.browser, e2e.stack, /赵磊/);
    await page.getByRole('navigation', { name: '主菜单' }).getByRole('link', { name: '省级设置' }).click();
    await page.getByRole('heading', { name: '省级设置' }).waitFor();
    await page.locator('[data-hidden-settings]').waitFor();
    await expect(page.locator('[data-hidden-settings]').textContent()).resolves.toContain(
      '仅省级管理员与审计人员可见',
    );
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).toContain('得分映射');
    // The weekly network cap the province saved above appears nowhere on the county's page.
    expect(text).not.toContain('每个 IPv4 /24 网段每周');
    await expect(page.locator('form.settings-form').count()).resolves.toBe(0);
    await page.context().close();
  });
});
