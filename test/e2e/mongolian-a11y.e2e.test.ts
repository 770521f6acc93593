/**
 * Traditional Mongolian and the large-text mode in Chromium against the local stack (one stack for
 * the file): the Ordos window's code opens its bilingual questionnaire in vertical Mongolian with
 * the font subset, which a Chinese form never downloads; the large-text mode gives 20 px text and
 * 48 px targets and is remembered; voice input shows only where the browser has a recogniser;
 * axe-core finds no serious or critical violation on the form and the tracking page in Chinese and
 * in large-text mode.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { answerEveryQuestion, consolePage, phonePage, SHOTS, useStackAndBrowser } from './fixtures';
import { type PageWatch, seriousA11yViolations, settled, watchPage } from './page-checks';

const e2e = useStackAndBrowser();

const ordosUrl = () => e2e.stack.bilingualForms[0]!.url;
const hebeiUrl = () => e2e.stack.demoForms[0]!.url;

/** The requests a page made for the Mongolian files (font, strings, stylesheet). */
function mongolianRequests(page: Page): string[] {
  const seen: string[] = [];
  page.on('request', (r) => {
    if (/\/assets\/(mong|form-mn)-/.test(r.url())) seen.push(r.url().replace(/^.*\/assets\//, ''));
  });
  return seen;
}

/** Writing mode of `selector`'s first match, and whether each match is taller than wide. */
const layoutOf = (page: Page, selector: string) =>
  page.evaluate((sel) => {
    const els = [...document.querySelectorAll(sel)];
    return {
      writingMode: els[0] ? getComputedStyle(els[0]).writingMode : 'none',
      count: els.length,
      tall: els.every((el) => {
        const r = el.getBoundingClientRect();
        return r.height > r.width;
      }),
    };
  }, selector);

/** Boxes a finger must hit, smaller than 48×48 px: every visible button, choice, text field and consent label. */
const smallTargets = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll('button, .box, textarea, input[type="tel"], input#receipt, #contact label')]
      .map((el) => ({ el, r: el.getBoundingClientRect() }))
      .filter(({ r }) => r.width > 0 && r.height > 0 && (r.width < 48 || r.height < 48))
      .map(
        ({ el, r }) =>
          `${el.tagName.toLowerCase()}.${el.className} ${Math.round(r.width)}×${Math.round(r.height)}`,
      ),
  );

const baseFontPx = (page: Page) =>
  page.evaluate(() => Number.parseFloat(getComputedStyle(document.body).fontSize));
/** Waits for the large-text mode's stylesheet (fetched when the mode goes on) to apply. */
const largeTextApplied = (page: Page) =>
  page.waitForFunction(() => Number.parseFloat(getComputedStyle(document.body).fontSize) >= 20);

describe('traditional Mongolian', () => {
  it('opens the Ordos code in vertical Mongolian with the font subset, and so thanks and tracks', async () => {
    const page = await phonePage(e2e.browser);
    const fetched = mongolianRequests(page);
    await page.goto(ordosUrl());
    await page.locator('main.mong h1#title').waitFor();
    await page.evaluate(() => document.fonts.ready);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('mn-Mong');
    expect(await page.locator('h1#title').textContent()).toMatch(/[\u1820-\u1842]/u);
    expect(await page.evaluate(() => document.fonts.check('20px kmpj-mong', 'ᠮᠣᠩᠭᠣᠯ'))).toBe(true);
    const main = await layoutOf(page, 'main');
    expect(main.writingMode).toBe('vertical-lr');
    const texts = await layoutOf(page, 'h1#title, fieldset.q legend');
    expect(texts.count).toBeGreaterThan(3);
    expect(texts.tall).toBe(true);
    expect(fetched.some((u) => u.startsWith('mong-') && u.endsWith('.woff2'))).toBe(true);
    expect(fetched.some((u) => u.endsWith('.json'))).toBe(true);
    await page.screenshot({ path: `${SHOTS}/form-mongolian.png` });

    await answerEveryQuestion(page, 'satisfied', 'ᠰᠠᠶᠢᠨ');
    await page.getByRole('button', { name: 'ᠲᠤᠰᠢᠶᠠᠬᠤ' }).click();
    await page.locator('section.done h1').waitFor();
    expect((await layoutOf(page, 'main')).writingMode).toBe('vertical-lr');
    expect((await layoutOf(page, 'section.done h1')).tall).toBe(true);
    await page.screenshot({ path: `${SHOTS}/thanks-mongolian.png` });
    const receipt = (await page.locator('#receipt').textContent())?.trim();

    await page.goto(`${e2e.stack.baseUrl}/t/?r=${receipt}&l=mn-Mong`);
    await page.locator('#result p').first().waitFor();
    await page.evaluate(() => document.fonts.ready);
    expect((await layoutOf(page, 'main')).writingMode).toBe('vertical-lr');
    expect((await layoutOf(page, 'h1#title, #result p')).tall).toBe(true);
    expect(await page.locator('#result').textContent()).toMatch(/[\u1820-\u1842]/u);
    await page.screenshot({ path: `${SHOTS}/track-mongolian.png` });
    await page.context().close();
  });

  it('switches to Chinese and back on the page, and remembers the choice', async () => {
    const page = await phonePage(e2e.browser);
    await page.goto(ordosUrl());
    await page.locator('main.mong h1#title').waitFor();
    await page.locator('#lang').click();
    await page.getByRole('heading', { name: '公安窗口服务满意度评价' }).waitFor();
    expect((await layoutOf(page, 'main')).writingMode).toBe('horizontal-tb');
    await page.reload();
    await page.getByRole('heading', { name: '公安窗口服务满意度评价' }).waitFor();
    await page.locator('#mn').click();
    await page.locator('main.mong').waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('mn-Mong');
    await page.context().close();
  });

  it('keeps the Chinese form free of the Mongolian files, even for a Mongolian-speaking phone', async () => {
    const page = await phonePage(e2e.browser, { locale: 'mn-CN' });
    const fetched = mongolianRequests(page);
    await page.goto(hebeiUrl());
    await page.locator('fieldset.q').first().waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    expect(await page.locator('#mn').isHidden()).toBe(true);
    expect(fetched).toEqual([]);
    await page.context().close();
  });
});

describe('large text and accessibility', () => {
  it('passes axe on the form and the tracking page in Chinese and in large-text mode, which is remembered', async () => {
    const page = await phonePage(e2e.browser);
    await page.goto(hebeiUrl());
    await page.locator('fieldset.q').first().waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(await baseFontPx(page)).toBeLessThan(20);

    await page.locator('#big').click();
    expect(await page.locator('#big').getAttribute('aria-pressed')).toBe('true');
    await largeTextApplied(page);
    expect(await smallTargets(page)).toEqual([]);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/form-large-text.png`, fullPage: true });

    await page.reload();
    await page.locator('fieldset.q').first().waitFor();
    await largeTextApplied(page);

    // The tracking page on the same phone remembers the mode too.
    await page.goto(`${e2e.stack.baseUrl}/t/?r=AAAA-BBBB-CCCC`);
    await page.locator('#result p').first().waitFor();
    expect(await baseFontPx(page)).toBeGreaterThanOrEqual(20);
    expect(await smallTargets(page)).toEqual([]);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.locator('#big').click();
    expect(await baseFontPx(page)).toBeLessThan(20);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.context().close();
  });

  it('offers voice input for the comment where the browser has a recogniser, and hides it where not', async () => {
    const withVoice = await phonePage(e2e.browser);
    await withVoice.addInitScript(() => {
      class FakeRecognition {
        lang = '';
        interimResults = false;
        continuous = false;
        onresult: ((e: unknown) => void) | null = null;
        onend: (() => void) | null = null;
        onerror: (() => void) | null = null;
        start() {
          (window as unknown as { heardLang: string }).heardLang = this.lang;
          setTimeout(() => {
            this.onresult?.({ resultIndex: 0, results: [[{ transcript: '窗口服务很好' }]] });
            this.onend?.();
          }, 10);
        }
        stop() {
          this.onend?.();
        }
      }
      Object.assign(window, { webkitSpeechRecognition: FakeRecognition, SpeechRecognition: undefined });
    });
    await withVoice.goto(hebeiUrl());
    const voice = withVoice.getByRole('button', { name: '语音输入' });
    await voice.click();
    await expect.poll(() => withVoice.locator('textarea').inputValue()).toBe('窗口服务很好');
    expect(await withVoice.evaluate(() => (window as unknown as { heardLang: string }).heardLang)).toBe(
      'zh-CN',
    );
    expect(await withVoice.locator('.count').textContent()).toMatch(/^6 /);
    await withVoice.context().close();

    const without = await phonePage(e2e.browser);
    await without.addInitScript(() => {
      Object.assign(window, { webkitSpeechRecognition: undefined, SpeechRecognition: undefined });
    });
    await without.goto(hebeiUrl());
    await without.locator('textarea').waitFor();
    expect(await without.locator('.voice').count()).toBe(0);
    await without.context().close();
  });

  it('passes axe on the console main pages in Chinese and in large-text mode, with 48 px controls', async () => {
    // Watched from before the sign-in, so every request it counts as started it also sees finish.
    let watch: PageWatch | undefined;
    const page = await consolePage(e2e.browser, e2e.stack, /刘洋/, {
      prepare: (p) => {
        watch = watchPage(p);
      },
    });
    // Three of the unit's main pages (console-pages.e2e.test.ts checks every page in Chinese).
    const pages = ['#/dashboard', '#/responses', '#/cases'];
    const check = async (mode: string) => {
      for (const p of pages) {
        await page.evaluate((hash) => {
          location.hash = hash;
        }, p);
        await settled(page, watch!);
        expect(await seriousA11yViolations(page), `${p} (${mode})`).toEqual([]);
      }
    };
    await check('normal');
    await page.locator('#big').click();
    await check('large text');
    expect(await baseFontPx(page)).toBeGreaterThanOrEqual(20);
    const low = await page.evaluate(() =>
      // A checkbox's target is its label (.check), which carries the height.
      [
        ...document.querySelectorAll(
          'main button, main input:not([type="checkbox"]):not([type="radio"]), main select, main .check, header button',
        ),
      ]
        .map((el) => ({ el, r: el.getBoundingClientRect() }))
        .filter(({ r }) => r.width > 0 && r.height > 0 && r.height < 48)
        .map(({ el }) => el.outerHTML.slice(0, 80)),
    );
    expect(low).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/console-large-text.png` });
    expect(watch!.take()).toEqual([]);
    await page.context().close();
  }, 120_000);
});
