/**
 * Every console page, as every demo role, on the seeded demo history, at a laptop's 1366×768 and
 * a phone's 375 px: on a normal load nothing fails or answers 4xx/5xx, nothing is logged as an
 * error, the page does not scroll sideways, and axe-core finds no serious or critical violation.
 *
 * The pages are found as a user finds them: the menu the role is shown, then one link of each
 * kind on those pages (a case, a response, a campaign, its ranking, a county's trend …), so a
 * page a role reaches is checked without a list here to keep in step with the console.
 * The same run takes the README's screenshots (into docs/screenshots/ with UPDATE_SCREENSHOTS=1).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContextOptions, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { consoleApi, SHOTS, signInToConsole, useStackAndBrowser } from './fixtures';
import { type PageWatch, seriousA11yViolations, settled, sidewaysOverflow, watchPage } from './page-checks';

const ROLES = [
  { id: 'province-admin', who: /王建国/ },
  { id: 'city-admin', who: /李明/ },
  { id: 'county-admin', who: /赵磊/ },
  { id: 'unit-staff', who: /刘洋/ },
  { id: 'agency-analyst', who: /陈静/ },
  { id: 'auditor', who: /孙丽/ },
] as const;

const VIEWPORTS: { name: string; options: BrowserContextOptions }[] = [
  { name: '1366×768', options: { viewport: { width: 1366, height: 768 } } },
  { name: '375 px', options: { viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true } },
];

/** The README's screenshots: which page, seen by whom, at the laptop size. */
const SCREENSHOTS = [
  { role: 'province-admin', shape: 'campaigns/:id/ranking', file: 'province-ranking.png' },
  { role: 'unit-staff', shape: 'cases', file: 'unit-cases.png' },
  { role: 'province-admin', shape: 'integrity', file: 'integrity-report.png' },
];
// The README's copies are rewritten only when asked, so an ordinary run leaves the work tree clean.
const SCREENSHOT_DIR = process.env.UPDATE_SCREENSHOTS
  ? join(import.meta.dirname, '../../docs/screenshots')
  : SHOTS;

/** Route words that name a kind of page; every other segment is an id. */
const PAGE_WORDS = new Set(['visits', 'v', 'ranking', 'county', 'new']);

/** `#/cases/abc?x=1` → `cases/:id`: the kind of page a link opens. */
function shapeOf(href: string): string {
  const path = href.replace(/^#\//, '').split('?')[0]!;
  return path
    .split('/')
    .map((s, i) => (i === 0 || PAGE_WORDS.has(s) ? s : ':id'))
    .join('/');
}

/** Pages a button opens rather than a link: the page the button is on, its name, and where it goes. */
const BUTTON_PAGES = [{ on: 'questionnaires', button: '新建问卷', href: '#/questionnaires/new' }];

/** A console link's hash (`#/…`) if it stays in the console. */
const consoleHref = (href: string | null) => (href?.startsWith('#/') ? href : null);

// A quarter of the demo's daily ballots and small campaign samples: every kind of record is
// there (cases in every state, appeals, stuffing, two published campaigns), in about 90 s here.
const e2e = useStackAndBrowser({ history: { volume: 0.25, interviews: [12, 16] } });

/** Pages a role reaches by a link it is sent rather than from its menu: the agency's campaign. */
const sentLinks = new Map<string, string[]>();

beforeAll(async () => {
  const report = await e2e.stack.history;
  expect(report?.refused).toEqual([]);
  await e2e.stack.settle();
  const token = await e2e.stack.signIn('province-admin');
  const campaigns = (await consoleApi(e2e.stack, 'GET', '/campaigns', token)) as { id: string }[];
  sentLinks.set('agency-analyst', [`#/campaigns/${campaigns[0]!.id}`]);
}, 300_000);

/** What one role saw at one size: the kinds of page visited and the problems, per page. */
interface Crawl {
  visited: string[];
  problems: string[];
}

/** Checks the page as it is now; returns its problems. */
async function check(page: Page, watch: PageWatch, where: string): Promise<string[]> {
  const problems = watch.take();
  const overflow = await sidewaysOverflow(page);
  if (overflow.px > 0)
    problems.push(`scrolls sideways by ${overflow.px} px (${overflow.culprits.join(', ')})`);
  for (const v of await seriousA11yViolations(page))
    problems.push(`axe ${v.impact} ${v.id} (${v.help}): ${v.targets.join(' | ')}`);
  return problems.map((p) => `${where}: ${p}`);
}

/**
 * Signs in as the role and visits its menu, then one link of each kind found on the pages
 * visited, checking each page once it has settled.
 */
async function crawl(role: (typeof ROLES)[number], size: (typeof VIEWPORTS)[number]): Promise<Crawl> {
  const context = await e2e.browser.newContext({ ...size.options, locale: 'zh-CN' });
  const page = await context.newPage();
  page.on('dialog', (d) => void d.dismiss());
  const watch = watchPage(page);
  const problems: string[] = [];
  try {
    await page.goto(`${e2e.stack.baseUrl}/console/`);
    await page.getByRole('button', { name: role.who }).waitFor();
    problems.push(...(await check(page, watch, 'sign-in')));
    await signInToConsole(page, e2e.stack, role.who);

    const menu = await page.locator('nav.menu a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    const queue = [...menu.flatMap((h) => consoleHref(h) ?? []), ...(sentLinks.get(role.id) ?? [])];
    const visited: string[] = [];
    const shapes = new Set(queue.map(shapeOf));
    while (queue.length > 0) {
      const href = queue.shift()!;
      const shape = shapeOf(href);
      await page.evaluate((h) => {
        location.hash = h;
      }, href);
      await settled(page, watch);
      visited.push(shape);
      problems.push(...(await check(page, watch, `${role.id} ${size.name} ${href}`)));
      const shot = SCREENSHOTS.find((s) => s.role === role.id && s.shape === shape);
      if (shot && size === VIEWPORTS[0]) await page.screenshot({ path: join(SCREENSHOT_DIR, shot.file) });
      const links = await page
        .locator('main a[href^="#/"]')
        .evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      for (const b of BUTTON_PAGES.filter((b) => b.on === shape))
        if ((await page.getByRole('button', { name: b.button }).count()) > 0) links.push(b.href);
      for (const link of links.flatMap((h) => consoleHref(h) ?? [])) {
        if (shapes.has(shapeOf(link))) continue;
        shapes.add(shapeOf(link));
        queue.push(link);
      }
    }
    console.info(`${role.id} at ${size.name} visited ${visited.join(', ')}`);
    return { visited, problems };
  } finally {
    await context.close();
  }
}

describe('every console page as every demo role', () => {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });

  describe.each(ROLES)('$id', (role) => {
    it.each(VIEWPORTS)(
      'at $name: loads cleanly, fits the width, and passes axe-core',
      async (size) => {
        const { visited, problems } = await crawl(role, size);
        expect(problems).toEqual([]);
        expect(visited.length).toBeGreaterThan(0);
        if (role.id === 'province-admin') {
          // The crawl reaches the detail pages, not only the menu.
          expect(visited).toEqual(
            expect.arrayContaining([
              'questionnaires/new',
              'questionnaires/:id/v/:id',
              'campaigns/:id',
              'campaigns/:id/ranking',
              'campaigns/county/:id',
              'cases/:id',
              'responses/:id',
              'integrity',
              'quarantine',
              'settings',
            ]),
          );
        }
        if (role.id === 'auditor')
          expect(visited).toEqual(expect.arrayContaining(['quarantine', 'settings']));
        if (role.id === 'unit-staff') {
          expect(visited).toEqual(expect.arrayContaining(['cases', 'cases/:id']));
          expect(visited).not.toEqual(expect.arrayContaining(['quarantine']));
          expect(visited).not.toEqual(expect.arrayContaining(['settings']));
        }
        if (role.id === 'agency-analyst') expect(visited).toContain('campaigns/:id');
      },
      300_000,
    );
  });
});
