/**
 * Third-party campaigns in Chromium against the real local stack: the province admin sets up a
 * campaign in the console; the agency analyst uploads a generated file covering several counties
 * with some bad rows, watches the progress reach done and downloads the per-row error report; the
 * province admin reads the sortable ranking with its intervals and the dot plot, publishes, and
 * opens a county's trend; the county admin sees their own county's score and rank interval only.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { generateAgencyRows, toCsv } from '../../scripts/generate-agency-file';
import { consolePage, SHOTS, useStackAndBrowser } from './fixtures';

/** Counties of the file: Shijiazhuang's districts, Tangshan, and 高阳县 (the county admin's own). */
const COUNTIES = ['130102', '130104', '130105', '130203', '130628', '130681'];
const PER_COUNTY = 30;
const CAMPAIGN = '2026 年第四季度群众满意度测评（浏览器）';

const e2e = useStackAndBrowser();
let campaignId: string;

/** A signed-in console page for a demo user that accepts confirmations and keeps its script errors. */
async function signedIn(name: RegExp): Promise<Page> {
  const errors: string[] = [];
  const page = await consolePage(e2e.browser, e2e.stack, name, {
    prepare: (p) => {
      p.on('dialog', (d) => void d.accept());
      p.on('pageerror', (e) => errors.push(e.message));
    },
  });
  (page as Page & { errors?: string[] }).errors = errors;
  return page;
}

/** The agency's file: generated interviews, then bad rows at known lines. */
function agencyFile() {
  const rows = generateAgencyRows({ perCounty: PER_COUNTY, counties: COUNTIES, seed: 42, idPrefix: 'E2E-' });
  const good = rows.length - 1;
  const firstId = rows[1]![0]!;
  const bad = [
    ['BAD-1', '999999', '2026-10-02', 'phone', '1', '5', '4', '4', '5', '5'],
    ['BAD-2', '130628', '2026-10-02', 'phone', '1', '7', '4', '4', '5', '5'],
    ['BAD-3', '130628', '2026-13-40', 'phone', '1', '5', '4', '4', '5', '5'],
    [firstId, '130628', '2026-10-02', 'phone', '1', '5', '4', '4', '5', '5'],
  ];
  // Line 1 is the header, so the first bad row is on line good + 2.
  const line = (i: number) => good + 2 + i;
  return { csv: toCsv([...rows, ...bad]), good, line, firstId };
}

/** Cell texts of the ranked rows of the ranking table (the others say 样本不足 where the rank goes). */
async function rankedRows(page: Page): Promise<string[][]> {
  const rows = await page
    .locator('table.grid tbody tr')
    .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
  return rows.filter((cells) => /^\d+$/.test(cells[0]!));
}

/** Rankings draw 1 000 bootstrap samples per county, and the machine is shared: wait generously. */
const SLOW = { timeout: 60_000, interval: 250 };

/** Every county of the province is in scope: Hebei's 167, most without interviews here. */
const HEBEI_COUNTIES = 167;

describe('third-party campaign pages', () => {
  it('lets the province admin set up a campaign for its agency', async () => {
    const page = await signedIn(/王建国/);
    await page.goto(`${e2e.stack.baseUrl}/console/#/campaigns`);
    await page.getByRole('heading', { name: '新建测评活动' }).waitFor();
    await page.getByLabel('名称 (中文)').fill(CAMPAIGN);
    await page.getByLabel('名称 (English)').fill('2026 Q4 satisfaction survey (browser)');
    const dates = page.locator('input[type="date"]');
    await dates.nth(0).fill('2026-10-01');
    await dates.nth(1).fill('2026-12-31');
    await page.getByLabel('机构编号').fill('AGENCY-01');
    await page.getByLabel('测评机构').fill('河北某调查咨询有限公司');
    await page.getByLabel('每县最少样本').fill('10');
    await page.getByRole('button', { name: '创建' }).click();
    const campaignPage = /#\/campaigns\/([0-9A-Za-z-]+)$/;
    await page.waitForURL(campaignPage);
    campaignId = campaignPage.exec(page.url())![1]!;
    await page.getByRole('heading', { name: CAMPAIGN }).waitFor();
    await page.screenshot({ path: `${SHOTS}/campaign-setup.png`, fullPage: true });
  });

  it('shows the agency analyst the upload progress up to done, and a per-row error report', async () => {
    const page = await signedIn(/陈静/);
    // The analyst may not list the province's campaigns: the list page says how to reach theirs.
    await page.getByText('测评机构请通过省厅发来的测评活动链接').waitFor();
    await page.getByLabel('活动编号').fill(campaignId);
    await page.getByRole('button', { name: '打开' }).click();
    await page.getByRole('heading', { name: '上传访问数据' }).first().waitFor();

    const file = agencyFile();
    await page
      .getByLabel('选择 CSV 或 XLSX 文件')
      .setInputFiles({ name: '第四季度访问数据.csv', mimeType: 'text/csv', buffer: Buffer.from(file.csv) });
    await page.getByRole('button', { name: '上传', exact: true }).click();

    const phase = page.locator('[data-k="phase"]');
    await expect.poll(() => phase.getAttribute('data-phase'), SLOW).toBe('done');
    expect(
      await page.locator('progress[data-k="bytes"]').evaluate((p) => (p as HTMLProgressElement).value),
    ).toBe(1);
    expect(
      await page.locator('progress[data-k="import"]').evaluate((p) => (p as HTMLProgressElement).value),
    ).toBe(1);
    await expect(page.locator('[data-k="bytes-text"]').textContent()).resolves.toContain('经控制台');
    const summary = page.locator('[data-k="summary"] table.grid tbody td');
    await expect(summary.allTextContents()).resolves.toEqual([
      String(file.good + 4),
      String(file.good),
      '0',
      '4',
    ]);
    await page.screenshot({ path: `${SHOTS}/campaign-upload.png`, fullPage: true });

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '错误报告' }).click(),
    ]);
    const report = readFileSync((await download.path())!, 'utf8');
    const lines = report
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    expect(lines[0]).toBe('line,column,value,reason,reason_en');
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^${file.line(0)},county_code,999999,`)));
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^${file.line(1)},q_overall,7,`)));
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^${file.line(2)},date,2026-13-40,`)));
    expect(lines).toContainEqual(
      expect.stringMatching(new RegExp(`^${file.line(3)},interview_id,${file.firstId},`)),
    );
    expect(report).toContain('区县代码不在本次测评范围内');
    expect((page as Page & { errors?: string[] }).errors).toEqual([]);
  });

  it('shows the province admin a sortable ranking with intervals and a dot plot, then publishes', async () => {
    const page = await signedIn(/王建国/);
    await page.goto(`${e2e.stack.baseUrl}/console/#/campaigns/${campaignId}`);
    await page.getByRole('link', { name: '预览排名' }).click();
    await page.getByRole('heading', { name: /排名/ }).waitFor();
    const rows = page.locator('table.grid tbody tr');
    await expect.poll(() => rows.count(), SLOW).toBe(COUNTIES.length);

    // The file's counties are ranked (30 interviews each, minimum 10), with their intervals and rank
    // intervals; the province's other counties are counted, and listed as insufficient on request.
    const ranked = await rankedRows(page);
    expect(ranked).toHaveLength(COUNTIES.length);
    expect(ranked.map((r) => r[1])).toContain('高阳县');
    expect(ranked.map((r) => Number(r[0])).every((r) => r >= 1 && r <= COUNTIES.length)).toBe(true);
    for (const r of ranked) {
      expect(r[3]).toMatch(/^\d+\.\d–\d+\.\d$/);
      expect(r[10]).toMatch(/^\d+–\d+$/);
    }
    await page.getByText(`样本不足、未排名的区县 ${HEBEI_COUNTIES - COUNTIES.length}`).waitFor();
    await page.getByRole('link', { name: '一并列出' }).click();
    await expect.poll(() => rows.count(), SLOW).toBe(HEBEI_COUNTIES);
    const insufficient = page.locator('table.grid tbody td .tag', { hasText: '样本不足' });
    await expect(insufficient.count()).resolves.toBe(HEBEI_COUNTIES - COUNTIES.length);
    await page.getByRole('link', { name: '只列已排名的' }).click();
    await expect.poll(() => rows.count(), SLOW).toBe(COUNTIES.length);

    // One dot per ranked county, ordered by rank.
    const plot = page.locator('svg[role="img"]');
    await expect(plot.locator('circle').count()).resolves.toBe(COUNTIES.length);

    // Sorting by score: ascending, then descending.
    const scores = async () => (await rankedRows(page)).map((r) => Number(r[2]));
    await page.locator('table.grid th a', { hasText: '得分' }).click();
    await page.waitForURL(/sort=score&asc=1/);
    const up = await scores();
    expect(up).toEqual([...up].sort((a, b) => a - b));
    await page.locator('table.grid th a', { hasText: '得分' }).click();
    await page.waitForURL(/sort=score&asc=0/);
    const down = await scores();
    expect(down).toEqual([...up].reverse());
    expect(await page.locator('table.grid th[aria-sort="descending"] a').textContent()).toBe('得分');
    await page.screenshot({ path: `${SHOTS}/campaign-ranking.png`, fullPage: true });

    // Publish (the confirmation is accepted) and find version 1 listed.
    await page.goto(`${e2e.stack.baseUrl}/console/#/campaigns/${campaignId}`);
    await page.getByRole('button', { name: '发布', exact: true }).click();
    await page.getByRole('heading', { name: '已发布版本' }).waitFor();
    await page.locator('table.grid td', { hasText: /^v1/ }).waitFor();

    // The published ranking, and a county's page with its trend across campaigns.
    await page.getByRole('link', { name: '排名', exact: true }).click();
    await expect.poll(async () => (await rankedRows(page)).length, SLOW).toBe(COUNTIES.length);
    await page.getByRole('link', { name: '高阳县' }).click();
    await page.getByRole('heading', { name: /高阳县 · 历次测评/ }).waitFor();
    const trend = page.locator('table.grid tbody tr');
    await expect(trend.count()).resolves.toBe(1);
    const cells = await trend.first().locator('td').allTextContents();
    expect(cells[0]).toBe(CAMPAIGN);
    expect(cells[2]).toBe('v1');
    expect(cells[3]).toMatch(/^\d+\.\d{2}$/);
    expect(cells[6]).toMatch(/^\d+–\d+$/);
    await page.screenshot({ path: `${SHOTS}/campaign-county-trend.png`, fullPage: true });
    expect((page as Page & { errors?: string[] }).errors).toEqual([]);
  });

  it("shows the county admin their own county's score and rank interval against the province", async () => {
    const page = await signedIn(/赵磊/);
    await page.goto(`${e2e.stack.baseUrl}/console/#/campaigns/${campaignId}/ranking`);
    const rows = page.locator('table.grid tbody tr');
    await expect.poll(() => rows.count(), SLOW).toBe(1);
    const cells = await rows.first().locator('td').allTextContents();
    const headers = await page.locator('table.grid thead th').allTextContents();
    expect(cells[1]).toBe('高阳县');
    expect(Number(cells[0])).toBeGreaterThanOrEqual(1);
    expect(cells[2]).toMatch(/^\d+\.\d{2}$/);
    expect(cells[headers.findIndex((h) => h.includes('名次区间'))]).toMatch(/^\d+–\d+$/);
    expect(cells[headers.findIndex((h) => h.includes('最大权重占比'))]).toMatch(/^\d+(\.\d+)?%$/);
    await page.getByText('仅显示您可见的区县；名次为全省名次').waitFor();
    await page.getByText(/全省分布/).waitFor();
    await page.screenshot({ path: `${SHOTS}/campaign-county-admin.png`, fullPage: true });
  });
});
