/**
 * Hostile content in the browser: an XSS corpus placed in questionnaire texts (through the console API)
 * and in citizen comments is opened in Chromium through the citizen form and the staff console:
 * no script runs, the payloads show as text, and no Content-Security-Policy violation is reported.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { demoQuestionnaire } from '../../local/seed/demo-questionnaire';
import { publishWithQrCode, recordCspViolations, signInToConsole, useStackAndBrowser } from './fixtures';

const XSS_CORPUS = [
  '<script>window.__xss=1</script>',
  '<img src=x onerror="window.__xss=2">',
  '"><svg onload=window.__xss=3>',
  '\'><iframe srcdoc="<script>parent.__xss=4</script>">',
  '<a href="javascript:window.__xss=5">点我</a>',
  '</textarea><script>window.__xss=6</script>',
  '<details open ontoggle=window.__xss=7>',
  '{{constructor.constructor("window.__xss=8")()}}',
  '<style>*{background:url(javascript:window.__xss=9)}</style>',
  '&lt;script&gt;window.__xss=10&lt;/script&gt;',
  '<math><mtext><table><mglyph><style><img src=x onerror=window.__xss=11>',
  '<body onload=window.__xss=12>',
];

const e2e = useStackAndBrowser();

/** A page that records CSP violations and any script the corpus manages to run. */
async function watchedPage(): Promise<{ page: Page; violations: string[] }> {
  const context = await e2e.browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
  const page = await context.newPage();
  const violations = await recordCspViolations(page);
  page.on('dialog', (d) => {
    violations.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  return { page, violations };
}

describe('hostile content in the browser', () => {
  it('renders an XSS corpus in questionnaire texts as text on the citizen form', async () => {
    const { stack } = e2e;
    const token = await stack.signIn('unit-staff');
    const t = (i: number) => ({
      'zh-CN': XSS_CORPUS[i % XSS_CORPUS.length]!,
      en: XSS_CORPUS[(i + 1) % XSS_CORPUS.length]!,
    });
    const content = {
      ...structuredClone(demoQuestionnaire),
      title: t(0),
      intro: t(1),
      questions: demoQuestionnaire.questions.map((q, i) => ({
        ...q,
        text: t(i + 2),
        ...('options' in q ? { options: q.options.map((o, j) => ({ ...o, text: t(i + j) })) } : {}),
      })),
    };
    const issued = await publishWithQrCode(stack, token, content);

    const { page, violations } = await watchedPage();
    await page.goto(issued.url);
    // The questionnaire's own title, not the loading panel's heading before it.
    await page.locator('h1#title').waitFor();
    const text = (await page.locator('body').textContent()) ?? '';
    for (const payload of XSS_CORPUS.slice(0, 10)) expect(text).toContain(payload);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(violations).toEqual([]);
  });

  it('shows hostile comments as text in the staff console', async () => {
    const { stack } = e2e;
    const form = stack.demoForms[0]!;
    for (const comment of XSS_CORPUS) {
      const res = await fetch(`${stack.baseUrl}/api/v1/forms/${form.token}/responses`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          submissionId: crypto.randomUUID(),
          answers: {
            q_overall: 2,
            q_attitude: 2,
            q_efficiency: 3,
            q_transparency: 3,
            q_safety: 4,
            q_suggestion: comment,
          },
          startedAt: new Date(Date.now() - 120_000).toISOString(),
          locale: 'zh-CN',
          version: 1,
        }),
      });
      expect(res.status).toBe(201);
    }
    const { page, violations } = await watchedPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    await signInToConsole(page, stack, /高阳县局/);
    await page.goto(`${stack.baseUrl}/console/#/responses?nodeId=${form.servicePointId.split('-')[0]}`);
    await page
      .getByText(XSS_CORPUS[0]!, { exact: false })
      .first()
      .waitFor({ timeout: 30_000 })
      .catch(async (err) => {
        await page.screenshot({ path: '/tmp/kmpj-hostile-console.png', fullPage: true });
        throw err;
      });
    const text = (await page.locator('body').textContent()) ?? '';
    const shown = XSS_CORPUS.filter((p) => text.includes(p)).length;
    expect(shown).toBeGreaterThan(0);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(violations).toEqual([]);
  });
});
