/**
 * Proof of work in the browser: a questionnaire that asks for ALTCHA, opened in a
 * phone-sized Chromium against the real local stack. The form solves the challenge in altcha's
 * worker while the citizen answers, under the form's strict CSP; the server stores the response,
 * refuses a replayed solution, and a submission queued offline until its solution expired is
 * still delivered exactly once.
 */
import type { BrowserContext, Page, Request, Route } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { demoQuestionnaire } from '../../local/seed/demo-questionnaire';
import {
  answerEveryQuestion,
  phonePage,
  publishWithQrCode,
  recordCspViolations,
  useStackAndBrowser,
  useStoredResponses,
} from './fixtures';

const e2e = useStackAndBrowser();
/** The stored citizen responses with a given receipt (0 or 1), or all of them. */
const storedResponses = useStoredResponses(e2e);
/** The QR URL and token of a service point whose questionnaire asks for ALTCHA. */
let form: { url: string; token: string };

beforeAll(async () => {
  // Proof of work is an integrity setting: the province sets it, not the unit.
  const staff = await e2e.stack.signIn('province-admin');
  const content = { ...structuredClone(demoQuestionnaire), settings: { altcha: true } };
  const issued = await publishWithQrCode(e2e.stack, staff, content);
  form = { url: issued.url, token: new URL(issued.url).searchParams.get('t')! };
});

/** What the phone did: challenge fetches, submissions and their answers, CSP violations, workers. */
interface Watch {
  challenges: string[];
  posts: { request: Request; body: Record<string, unknown>; status?: number; code?: string }[];
  violations: string[];
  workers: string[];
}

/** A fresh phone that records its requests to the API and any CSP violation. */
async function phone(): Promise<{ context: BrowserContext; page: Page; watch: Watch }> {
  const page = await phonePage(e2e.browser, { hasTouch: true });
  const watch: Watch = {
    challenges: [],
    posts: [],
    violations: await recordCspViolations(page),
    workers: [],
  };
  page.on('worker', (w) => watch.workers.push(w.url()));
  page.on('request', (r: Request) => {
    if (r.url().endsWith('/altcha')) watch.challenges.push(r.url());
    if (r.method() === 'POST' && r.url().endsWith('/responses'))
      watch.posts.push({ request: r, body: r.postDataJSON() });
  });
  page.on('response', async (res) => {
    const post = watch.posts.find((p) => p.request === res.request());
    if (!post) return;
    post.status = res.status();
    post.code =
      res.status() >= 400 ? ((await res.json()) as { error: { code: string } }).error.code : undefined;
  });
  return { context: page.context(), page, watch };
}

/** Answers every question: 满意 on the five-level scale, 9 on 0–10, the first options otherwise. */
const fillEveryQuestion = (page: Page) => answerEveryQuestion(page, 'satisfied', '办事顺利。');

/** Waits until the form has a solved challenge saved with its draft. */
async function solved(page: Page): Promise<void> {
  await page.waitForFunction(
    (token) => Boolean(JSON.parse(localStorage.getItem(`kmpj:f:${token}`) ?? '{}').pow),
    form.token,
    { timeout: 30_000 },
  );
}

const submitButton = (page: Page) => page.getByRole('button', { name: '提交评价' });
const thanks = (page: Page) => page.getByRole('heading', { name: /提交成功/ });
const receiptOf = async (page: Page) => (await page.locator('#receipt').textContent())?.trim() ?? '';
const decode = (payload: unknown) =>
  JSON.parse(Buffer.from(String(payload), 'base64').toString('utf8')) as { salt: string; number: number };

/** The body of the first accepted submission, for the replay test. */
let acceptedBody: Record<string, unknown> | undefined;
/** The challenge that solution answered (as the API sent it), spent since. */
let spentChallenge: string | undefined;

describe('citizen form with ALTCHA proof of work', () => {
  it('solves the challenge in a worker while the citizen answers; the server stores the response', async () => {
    const before = await storedResponses();
    const { page, watch } = await phone();
    const challengeBody = page.waitForResponse((r) => r.url().endsWith('/altcha')).then((r) => r.text());
    await page.goto(form.url);
    await fillEveryQuestion(page);
    // The challenge was fetched and solved before the citizen pressed submit.
    await solved(page);
    expect(watch.challenges).toHaveLength(1);
    expect(watch.workers.some((u) => /\/assets\/altcha-[0-9a-f]+\.js$/.test(u))).toBe(true);

    await submitButton(page).click();
    await thanks(page).waitFor({ timeout: 30_000 });
    const receipt = await receiptOf(page);
    expect(await storedResponses(receipt)).toBe(1);
    expect(await storedResponses()).toBe(before + 1);
    expect(watch.posts).toHaveLength(1);
    await expect.poll(() => watch.posts[0]!.status).toBe(201);
    const proof = decode(watch.posts[0]!.body.altcha);
    expect(proof.salt).toContain('expires=');
    expect(Number.isInteger(proof.number)).toBe(true);
    expect(watch.violations).toEqual([]);
    acceptedBody = watch.posts[0]!.body;
    spentChallenge = await challengeBody;
  });

  it('loads neither a challenge nor the worker for a questionnaire without proof of work', async () => {
    const { page, watch } = await phone();
    const assets: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/assets/')) assets.push(r.url());
    });
    await page.goto(e2e.stack.demoForms[0]!.url);
    await fillEveryQuestion(page);
    await submitButton(page).click();
    await thanks(page).waitFor({ timeout: 30_000 });
    expect(watch.challenges).toEqual([]);
    expect(watch.workers).toEqual([]);
    expect(assets).toEqual([]);
    expect(watch.posts[0]!.body).not.toHaveProperty('altcha');
  });

  it('refuses a replayed solution with ALTCHA_FAILED and stores nothing', async () => {
    expect(acceptedBody).toBeDefined();
    const before = await storedResponses();
    const res = await fetch(`${e2e.stack.baseUrl}/api/v1/forms/${form.token}/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...acceptedBody, submissionId: `replay${Date.now()}` }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('ALTCHA_FAILED');
    expect(await storedResponses()).toBe(before);
  });

  it('solves a fresh challenge once when the server refuses a spent solution, then delivers', async () => {
    expect(spentChallenge).toBeDefined();
    const before = await storedResponses();
    const { page, watch } = await phone();
    // The first challenge this phone gets is one already spent: as if its solution had been used.
    let served = 0;
    await page.route('**/altcha', (route) =>
      served++ === 0
        ? route.fulfill({ status: 200, contentType: 'application/json', body: spentChallenge! })
        : route.continue(),
    );
    await page.goto(form.url);
    await fillEveryQuestion(page);
    await solved(page);
    await submitButton(page).click();
    await thanks(page).waitFor({ timeout: 30_000 });
    // The error code is read from the response body asynchronously.
    await expect
      .poll(() => watch.posts.map((p) => [p.status, p.code]))
      .toEqual([
        [400, 'ALTCHA_FAILED'],
        [201, undefined],
      ]);
    expect(watch.challenges).toHaveLength(2);
    expect(await storedResponses(await receiptOf(page))).toBe(1);
    expect(await storedResponses()).toBe(before + 1);
  });

  it('tells the citizen in Chinese when the fresh solution is refused too; a new submit succeeds', async () => {
    expect(spentChallenge).toBeDefined();
    const before = await storedResponses();
    const { page, watch } = await phone();
    const spent = (route: Route) =>
      route.fulfill({ status: 200, contentType: 'application/json', body: spentChallenge! });
    await page.route('**/altcha', spent);
    await page.goto(form.url);
    await fillEveryQuestion(page);
    await submitButton(page).click();
    await expect
      .poll(() => page.locator('p.alert').textContent(), { timeout: 30_000 })
      .toContain('安全验证未通过');
    await expect.poll(() => watch.posts.map((p) => p.code)).toEqual(['ALTCHA_FAILED', 'ALTCHA_FAILED']);
    expect(await storedResponses()).toBe(before);

    await page.unroute('**/altcha', spent);
    await submitButton(page).click();
    await thanks(page).waitFor({ timeout: 30_000 });
    await expect.poll(() => watch.posts.map((p) => p.status)).toEqual([400, 400, 201]);
    expect(await storedResponses()).toBe(before + 1);
  });

  it('delivers a submission queued offline once, with a new solution after the old one expired', async () => {
    const before = await storedResponses();
    const { context, page, watch } = await phone();
    await page.clock.install();
    await page.goto(form.url);
    await fillEveryQuestion(page);
    await solved(page);

    await context.setOffline(true);
    await submitButton(page).click();
    await page.getByText('已保存，网络恢复后将自动提交').waitFor();
    expect(await storedResponses()).toBe(before);
    const queuedProof = decode(
      await page.evaluate(
        (token) => JSON.parse(localStorage.getItem(`kmpj:f:${token}`)!).pow.payload,
        form.token,
      ),
    );

    // The phone stays offline past the challenge's expiry (20 minutes).
    await page.clock.setSystemTime(Date.now() + 21 * 60_000);
    await context.setOffline(false);
    await thanks(page).waitFor({ timeout: 30_000 });

    await expect.poll(() => watch.posts.filter((p) => p.status === 201).length).toBe(1);
    const delivered = watch.posts.filter((p) => p.status === 201);
    expect(decode(delivered[0]!.body.altcha).salt).not.toBe(queuedProof.salt);
    expect(watch.challenges).toHaveLength(2);
    expect(await storedResponses(await receiptOf(page))).toBe(1);
    expect(await storedResponses()).toBe(before + 1);
    expect(watch.violations).toEqual([]);
  });
});
