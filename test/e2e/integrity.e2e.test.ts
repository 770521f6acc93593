/**
 * The ballot-integrity report in Chromium against the local stack (a demo deployment): the
 * province admin runs the stuffing simulation from the page and finds the stuffed unit at the top
 * of today's report, with its quarantined share and readable flags; sorts by another column; and
 * downloads the table as CSV. A county admin has no menu entry and, following a link, reads the
 * server's refusal.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { consolePage, SHOTS, signInToConsole, useStackAndBrowser } from './fixtures';

/** The unit whose first window receives the 500 ballots from one device (the seed's first window). */
const STUFFED = '130628001';

const e2e = useStackAndBrowser();

/** The numbers of one column of the report table, top to bottom. */
const column = (page: Page, index: number) =>
  page
    .locator('table.integrity tbody tr')
    .evaluateAll((rows, i) => rows.map((r) => Number(r.children[i]?.textContent)), index);

describe('the integrity report page', () => {
  it('runs the demo simulation and shows the stuffed unit first, sorts, and downloads the CSV', async () => {
    const errors: string[] = [];
    let dialogs = 0;

    // 1. The province admin opens the page from the menu.
    const page = await consolePage(e2e.browser, e2e.stack, /王建国/, {
      viewport: { width: 1440, height: 900 },
      acceptDownloads: true,
      prepare: (p) => {
        p.on('pageerror', (e) => errors.push(e.message));
        p.on('dialog', (d) => {
          dialogs++;
          void d.accept();
        });
      },
    });
    await page.getByRole('link', { name: '评价真实性' }).click();
    await page.getByRole('heading', { name: '评价真实性报告' }).waitFor();

    // 2. Runs the simulation: busy while it runs, a second click does nothing.
    const run = page.getByRole('button', { name: '运行刷票模拟（演示）' });
    await run.click();
    await expect.poll(() => run.isDisabled()).toBe(true);
    await run.click({ force: true }).catch(() => undefined);
    await page.getByRole('status').filter({ hasText: '正在运行刷票模拟' }).waitFor();
    await page.getByText(/已用 \d+ 秒/).waitFor();
    await page.screenshot({ path: `${SHOTS}/integrity-running.png`, fullPage: true });

    // 3. Lands on the report of the simulated day, with the per-pattern result.
    await page.locator('.simulation-result').waitFor({ timeout: 600_000 });
    expect(dialogs).toBe(1);
    expect(page.url()).toMatch(/#\/integrity\?from=(\d{4}-\d\d-\d\d)&to=\1$/);
    const result = page.locator('.simulation-result');
    await expect(result.locator('tbody tr').first().textContent()).resolves.toContain('500');
    await expect(result.textContent()).resolves.toMatch(/正常评价误判率：\d+\.\d%/);

    // 4. The stuffed unit is at the top, wholly quarantined, its flags in words.
    const first = page.locator('table.integrity tbody tr').first();
    await expect(first.getAttribute('data-unit')).resolves.toBe(STUFFED);
    await expect(first.locator('td.share').textContent()).resolves.toBe('100.0%');
    await expect(first.locator('[data-flag="deviceLimit"]').textContent()).resolves.toMatch(
      /^单设备超限 \d+$/,
    );
    await expect(first.locator('[data-flag="burst"]').textContent()).resolves.toMatch(/^短时集中提交 \d+$/);
    await expect(page.locator('table.integrity caption').textContent()).resolves.toContain('区间不含 0');
    await page.screenshot({ path: `${SHOTS}/integrity-report.png`, fullPage: true });

    // 5. Sorting by the counted ballots puts the genuine windows' units first, then reverses.
    await page.locator('th[data-col="counted"] button').click();
    await expect(page.locator('th[data-col="counted"]').getAttribute('aria-sort')).resolves.toBe(
      'descending',
    );
    const counted = await column(page, 1);
    expect(counted).toEqual([...counted].sort((a, b) => b - a));
    expect(counted[0]).toBeGreaterThan(0);
    await expect(first.getAttribute('data-unit')).resolves.not.toBe(STUFFED);
    await page.locator('th[data-col="counted"] button').click();
    await expect(page.locator('th[data-col="counted"]').getAttribute('aria-sort')).resolves.toBe('ascending');
    const ascending = await column(page, 1);
    expect(ascending).toEqual([...counted].reverse());

    // 6. The CSV holds the table as shown: a BOM, Chinese headers, the flags in words.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '下载 CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^integrity-\d{4}-\d\d-\d\d-\d{4}-\d\d-\d\d\.csv$/);
    const csv = readFileSync((await download.path())!, 'utf8');
    const lines = csv
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(lines[0]).toBe('单位编号,单位,计入,隔离,隔离占比,短时集中提交,扫码得分,第三方得分,差值,异常标记');
    expect(lines.length).toBe(1 + (await page.locator('table.integrity tbody tr').count()));
    const stuffed = lines.find((l) => l.startsWith(`${STUFFED},`));
    expect(stuffed).toContain('100.0%');
    expect(stuffed).toContain('单设备超限');
    expect(Number(lines.at(-1)!.split(',')[2])).toBe(counted[0]);

    expect(errors).toEqual([]);
    await page.context().close();
  }, 900_000);

  it("highlights the divergences the server's rule flagged, with their interval, and neutralises formulas in the CSV", async () => {
    // The demo has no agency campaign, so its report has no divergence: the page is given one.
    const line = (
      unitId: string,
      name: string,
      divergence: number,
      ci: [number, number],
      flagged: boolean,
    ) => ({
      unitId,
      name: { 'zh-CN': name, en: name },
      counted: 200,
      quarantined: 10,
      quarantinedShare: 0.048,
      burstBallots: 0,
      flags: { tokenLimit: 10 },
      qrScore: 70 + divergence,
      agencyScore: 70,
      divergence,
      divergenceCi: { low: ci[0], high: ci[1] },
      divergenceFlagged: flagged,
    });
    const report = {
      from: '2026-11-01',
      to: '2026-11-30',
      simulationsEnabled: false,
      units: [
        line('130628001', '=HYPERLINK("http://x")', 18.2, [12, 24.4], true),
        line('130628002', '车管所', -14.9, [-31, 1.2], false),
      ],
    };
    const context = await e2e.browser.newContext({
      viewport: { width: 1280, height: 800 },
      acceptDownloads: true,
    });
    const page = await context.newPage();
    await page.route('**/api/console/v1/integrity/report?*', (route) => route.fulfill({ json: report }));
    await signInToConsole(page, e2e.stack, /王建国/);
    await page.goto(`${e2e.stack.baseUrl}/console/#/integrity?from=2026-11-01&to=2026-11-30`);
    const row = (id: string) => page.locator(`table.integrity tr[data-unit="${id}"]`);
    await row('130628001').waitFor();
    await expect(row('130628001').locator('td.divergence').getAttribute('class')).resolves.toContain('bad');
    await expect(row('130628001').locator('td.divergence').textContent()).resolves.toBe(
      '+18.2 [+12.0, +24.4] ⚠',
    );
    await expect(row('130628002').locator('td.divergence').getAttribute('class')).resolves.not.toContain(
      'bad',
    );
    await expect(row('130628002').locator('td.divergence').textContent()).resolves.toBe(
      '-14.9 [-31.0, +1.2]',
    );
    await expect(row('130628001').locator('[data-flag="tokenLimit"]').textContent()).resolves.toBe(
      '单码超限 10',
    );
    await expect(page.getByRole('button', { name: '运行刷票模拟（演示）' }).count()).resolves.toBe(0);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '下载 CSV' }).click(),
    ]);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv).toContain(`130628001,"'=HYPERLINK(""http://x"")",200,10,4.8%,0,88.2,70,18.2,单码超限 10`);
    await context.close();
  });

  it('gives a county admin no menu entry and the server’s refusal on the link', async () => {
    const page = await consolePage(e2e.browser, e2e.stack, /赵磊/, {
      viewport: { width: 1024, height: 768 },
    });
    const menu = page.getByRole('navigation', { name: '主菜单' });
    await expect(menu.getByRole('link', { name: '统计看板' }).count()).resolves.toBe(1);
    await expect(menu.getByRole('link', { name: '评价真实性' }).count()).resolves.toBe(0);

    await page.goto(`${e2e.stack.baseUrl}/console/#/integrity`);
    const refusal = page.locator('.page .alert.error');
    await refusal.waitFor();
    await expect(refusal.textContent()).resolves.toMatch(/无权.*HTTP 403/);
    await expect(page.getByRole('heading', { name: '评价真实性报告' }).count()).resolves.toBe(1);
    await expect(page.getByRole('button', { name: '运行刷票模拟（演示）' }).count()).resolves.toBe(0);
    await expect(page.locator('form.filters').count()).resolves.toBe(0);
    await page.screenshot({ path: `${SHOTS}/integrity-county-refused.png`, fullPage: true });
    await page.context().close();
  });
});
