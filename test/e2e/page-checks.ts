/**
 * What a console page must be on a normal load, checked in the browser: nothing the page asked for
 * failed or was refused, nothing was logged as an error, the page does not scroll sideways, and
 * axe-core finds no serious or critical accessibility violation.
 */
import axe from 'axe-core';
import type { Page } from 'playwright-core';

/** Everything a page reported since the last {@link PageWatch.take}. */
export interface PageWatch {
  /** Requests not yet answered. */
  inflight(): number;
  /** The problems seen since the last call, emptied by the call. */
  take(): string[];
}

/** Listens on the page for failed requests, 4xx/5xx answers, console errors and script errors. */
export function watchPage(page: Page): PageWatch {
  let problems: string[] = [];
  let inflight = 0;
  const path = (url: string) => url.replace(/^https?:\/\/[^/]+/, '');
  page.on('request', () => inflight++);
  page.on('requestfinished', () => inflight--);
  page.on('requestfailed', (r) => {
    inflight--;
    problems.push(`request failed: ${r.method()} ${path(r.url())} (${r.failure()?.errorText})`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.request().method()} ${path(r.url())}`);
  });
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`script error: ${e.message}`));
  return {
    inflight: () => inflight,
    take: () => {
      const seen = problems;
      problems = [];
      return seen;
    },
  };
}

/**
 * Waits until the page has drawn its heading and no request has been open for a few polls in a
 * row (pages that chain calls open the next one as the previous answers).
 */
export async function settled(page: Page, watch: PageWatch): Promise<void> {
  await page.locator('main .page h1').first().waitFor({ timeout: 60_000 });
  let quiet = 0;
  const deadline = Date.now() + 60_000;
  while (quiet < 3 && Date.now() < deadline) {
    await page.waitForTimeout(100);
    quiet = watch.inflight() === 0 ? quiet + 1 : 0;
  }
}

/**
 * How far the document is wider than the viewport (0 when it does not scroll sideways), and the
 * innermost elements that stick out past its right edge, to say what to fix.
 */
export const sidewaysOverflow = (page: Page): Promise<{ px: number; culprits: string[] }> =>
  page.evaluate(() => {
    const root = document.documentElement;
    const px = root.scrollWidth - root.clientWidth;
    if (px <= 0) return { px, culprits: [] };
    const out: string[] = [];
    const clipped = (el: Element): boolean => {
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement)
        if (getComputedStyle(p).overflowX !== 'visible') return true;
      return false;
    };
    const sticksOut = (el: Element) =>
      el.getBoundingClientRect().right > root.clientWidth + 0.5 && !clipped(el);
    for (const el of document.body.querySelectorAll('*')) {
      if (!sticksOut(el) || [...el.children].some(sticksOut)) continue;
      const box = el.parentElement?.closest('[class]')?.className ?? '';
      const text = (el.textContent ?? '').trim().slice(0, 24);
      out.push(`${el.tagName.toLowerCase()} in .${box} «${text}»`);
      if (out.length >= 3) break;
    }
    return { px, culprits: out };
  });

/** An axe-core violation as one readable line: rule, impact, and where (the first few targets). */
export interface AxeFinding {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/**
 * Runs axe-core on the page (its script evaluated through the DevTools protocol, which the page's
 * Content-Security-Policy does not govern) and returns the serious and critical violations.
 */
export async function seriousA11yViolations(page: Page): Promise<AxeFinding[]> {
  const loaded = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe === 'object');
  if (!loaded) await page.evaluate(axe.source);
  const violations = await page.evaluate(async () => {
    const run = (window as unknown as { axe: typeof axe }).axe.run;
    const result = await run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? '',
      help: v.help,
      targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
    }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}
