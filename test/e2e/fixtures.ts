/**
 * What every browser test sets up the same way: the local stack and Chromium for the file, a
 * citizen's phone, a signed-in console, the CSP watch, the console API for setup, and the form
 * answered in one go. Each test file keeps what is its own (viewports it judges, data it plants).
 */
import { randomBytes } from 'node:crypto';
import { DynamoDBClient, ScanCommand, type ScanCommandOutput } from '@aws-sdk/client-dynamodb';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import type { InferInput } from 'valibot';
import { afterAll, beforeAll } from 'vitest';
import type { QuestionnaireContentSchema } from '../../functions/schemas/questionnaire';
import { type LocalStack, type LocalStackOptions, startLocalStack } from '../../local/stack';
import { openStamp } from '../fixtures/factories';
import { decodeQrPngBuffer } from '../fixtures/qr';
import { launchChromium } from './browser';

/** Screenshots go outside the repo; look at them to judge the layout. */
export const SHOTS = '/tmp/kmpj-e2e';

/** The file's stack and browser, readable once `beforeAll` has started them. */
export interface StackAndBrowser {
  readonly stack: LocalStack;
  readonly browser: Browser;
  /** The stack's QR signing key (the test's own unless the options give one). */
  readonly qrKey: Buffer;
}

/**
 * Starts the local stack (in memory, on a free port, quiet) and Chromium before the file's tests
 * and stops them after. Hooks the file registers later run after this start and before this stop.
 *
 * 1. Both start at once; whichever started is kept, so the stop can close it if the other failed.
 * 2. A failure of either fails the file's tests with its own error.
 * 3. After the tests, the browser closes first, then the stack.
 *
 * @param options what differs from the in-memory, free-port, quiet stack.
 */
export function useStackAndBrowser(options: LocalStackOptions = {}): StackAndBrowser {
  let stack: LocalStack | undefined;
  let browser: Browser | undefined;
  const qrKey = options.qrKey ?? randomBytes(32);
  beforeAll(async () => {
    const [s, b] = await Promise.allSettled([
      startLocalStack({ port: 0, dataDir: null, quiet: true, ...options, qrKey }),
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
  const started = <T>(what: string, value: T | undefined): T => {
    if (value === undefined) throw new Error(`the ${what} is not started: read it inside a hook or a test`);
    return value;
  };
  return {
    get stack() {
      return started('local stack', stack);
    },
    get browser() {
      return started('browser', browser);
    },
    qrKey,
  };
}

/** A citizen's phone: 390×844, mobile, Chinese. */
export const PHONE: BrowserContextOptions = {
  viewport: { width: 390, height: 844 },
  isMobile: true,
  locale: 'zh-CN',
};

/**
 * A page on a fresh phone, with its own storage (`page.context()` takes it offline or closes it).
 *
 * @param options what this phone adds to {@link PHONE}, such as touch or a sharper screen.
 */
export async function phonePage(browser: Browser, options: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext({ ...PHONE, ...options });
  return context.newPage();
}

/**
 * A citizen who takes a human time over the form: the form's GET answers with a signed open time
 * 90 s in the past, so the submission lies as far after the opening as a real reading would. A
 * browser fills the form in well under a second, which the integrity checks rightly quarantine as
 * too fast, and a quarantined bad review opens no case. The stamp is signed with the stack's own
 * key, exactly as the server would have signed it had the form been opened then.
 */
export async function unhurriedPhonePage(e2e: StackAndBrowser): Promise<Page> {
  const page = await phonePage(e2e.browser);
  await page.route(/\/api\/v1\/forms\/[^/?]+(\?.*)?$/, async (route) => {
    const response = await route.fetch();
    if (route.request().method() !== 'GET' || !response.ok()) return route.fulfill({ response });
    const token = decodeURIComponent(new URL(route.request().url()).pathname.split('/').pop()!);
    const json = {
      ...(await response.json()),
      opened: openStamp(e2e.qrKey, token, new Date(Date.now() - 90_000)),
    };
    return route.fulfill({ response, json });
  });
  return page;
}

/** A staff member's desk: a wide screen, Chinese. */
export const DESK: BrowserContextOptions = { viewport: { width: 1280, height: 900 }, locale: 'zh-CN' };

/**
 * Signs in through the console's dev sign-in page, which lists the demo users by name, and waits
 * for the main menu.
 *
 * @param who the name on the demo user's button, e.g. `/赵磊/`.
 */
export async function signInToConsole(page: Page, stack: LocalStack, who: RegExp): Promise<void> {
  await page.goto(`${stack.baseUrl}/console/`);
  await page.getByRole('button', { name: who }).click();
  await page.getByRole('navigation', { name: '主菜单' }).waitFor();
}

/** How a console page is opened: its browser context and what to do before signing in. */
export interface ConsolePageOptions extends BrowserContextOptions {
  /** Runs on the new page before it loads anything (listeners, routes, init scripts). */
  prepare?: (page: Page) => unknown;
}

/**
 * A console page of its own browser context, signed in as a demo user.
 *
 * @param who the name on the demo user's button, e.g. `/王建国/`.
 * @param options what differs from {@link DESK}, and what to prepare before signing in.
 */
export async function consolePage(
  browser: Browser,
  stack: LocalStack,
  who: RegExp,
  { prepare, ...options }: ConsolePageOptions = {},
): Promise<Page> {
  const context = await browser.newContext({ ...DESK, ...options });
  const page = await context.newPage();
  await prepare?.(page);
  await signInToConsole(page, stack, who);
  return page;
}

/**
 * Records the page's Content-Security-Policy violations (the DOM event, from the next load on);
 * returns the list the violations are added to.
 */
export async function recordCspViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  await page.exposeFunction('__reportCsp', (v: string) => violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      (window as unknown as { __reportCsp(v: string): void }).__reportCsp(
        `${e.violatedDirective} ${e.blockedURI}`,
      ),
    );
  });
  return violations;
}

/** What the console API answered: the status and the parsed body. */
export interface ConsoleReply {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: test convenience, the tests read what they check
  body: any;
}

/** Calls the console API with a staff token, as the console's own pages do; any status is returned. */
export async function consoleRequest(
  stack: LocalStack,
  method: string,
  path: string,
  token: string,
  body?: unknown,
): Promise<ConsoleReply> {
  const res = await fetch(`${stack.baseUrl}/api/console/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: await res.json() };
}

/**
 * Calls the console API to set a test up: returns the body, and throws on a refusal so that a
 * failed setup says which call failed and why.
 */
export async function consoleApi(
  stack: LocalStack,
  method: string,
  path: string,
  token: string,
  body?: unknown,
): Promise<ConsoleReply['body']> {
  const reply = await consoleRequest(stack, method, path, token, body);
  if (reply.status < 200 || reply.status > 299) {
    throw new Error(`${method} ${path} → ${reply.status} ${JSON.stringify(reply.body)}`);
  }
  return reply.body;
}

/** A QR code as the console API issues it: `url` opens the form, `tokenId` names the code. */
export interface IssuedQrCode {
  url: string;
  tokenId: string;
}

/**
 * Sets a form up as staff would in the console, for a questionnaire the demo seed lacks:
 *
 * 1. creates a questionnaire of 城关派出所 (130628001) with `content` (settings left out take the
 *    server's defaults);
 * 2. publishes its version 1;
 * 3. issues a QR code for it at the service point (window 2 unless said).
 */
export async function publishWithQrCode(
  stack: LocalStack,
  token: string,
  content: InferInput<typeof QuestionnaireContentSchema>,
  servicePointId = '130628001-02',
): Promise<IssuedQrCode> {
  const created = await consoleApi(stack, 'POST', '/questionnaires', token, {
    ownerId: '130628001',
    content,
  });
  const { questionnaireId } = created as { questionnaireId: string };
  await consoleApi(stack, 'POST', `/questionnaires/${questionnaireId}/versions/1/publish`, token, {});
  return consoleApi(stack, 'POST', `/service-points/${servicePointId}/qr-tokens`, token, { questionnaireId });
}

/** Which option a citizen taps on a scale, by its number of options (five levels, or 0 to 10). */
const PICK = {
  /** 满意 on the five-level scale, 9 on 0–10, the second option otherwise. */
  satisfied: (count: number) => (count === 11 ? 9 : 1),
  /** 非常不满意 on the five-level scale, 0 on 0–10, the first option otherwise. */
  'very dissatisfied': (count: number) => (count === 5 ? 4 : 0),
};

/**
 * Answers every question of the form as a citizen would, by tapping labels and typing: one option
 * on each scale as `mood` says, the options `choices` (the first by default) of each multiple
 * choice, and `comment` in the text box.
 */
export async function answerEveryQuestion(
  page: Page,
  mood: keyof typeof PICK,
  comment: string,
  choices: readonly number[] = [0],
): Promise<void> {
  const questions = page.locator('fieldset.q');
  await questions.first().waitFor();
  const n = await questions.count();
  for (let i = 0; i < n; i++) {
    const q = questions.nth(i);
    const options = q.locator('label.opt');
    if ((await q.locator('textarea').count()) > 0) await q.locator('textarea').fill(comment);
    else if ((await q.getByRole('checkbox').count()) > 0) {
      for (const c of choices) await options.nth(c).click();
    } else await options.nth(PICK[mood](await options.count())).click();
  }
}

/** Reads a QR code shown as a PNG data URL (an `<img src>`), as a phone camera would. */
export function decodeQrDataUrl(src: string): string | undefined {
  const png = /^data:image\/png;base64,(.*)$/.exec(src);
  if (!png) throw new Error(`not a PNG data URL: ${src.slice(0, 40)}`);
  return decodeQrPngBuffer(Buffer.from(png[1]!, 'base64'));
}

/**
 * Counts the citizen responses stored in the stack's DynamoDB Local (all of them, or those with a
 * receipt: 0 or 1), through a client opened after the stack starts and closed before it stops.
 */
export function useStoredResponses(e2e: StackAndBrowser): (receipt?: string) => Promise<number> {
  let dynamo: DynamoDBClient | undefined;
  beforeAll(() => {
    dynamo = new DynamoDBClient({
      endpoint: e2e.stack.dynamoEndpoint,
      region: 'local',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
  });
  afterAll(() => dynamo?.destroy());
  return async (receipt) => {
    let count = 0;
    let start: ScanCommandOutput['LastEvaluatedKey'];
    do {
      const out = await dynamo!.send(
        new ScanCommand({
          TableName: `${e2e.stack.tablePrefix}Responses`,
          FilterExpression: receipt ? 'entity = :e AND receipt = :r' : 'entity = :e',
          ExpressionAttributeValues: {
            ':e': { S: 'Response' },
            ...(receipt ? { ':r': { S: receipt } } : {}),
          },
          Select: 'COUNT',
          ExclusiveStartKey: start,
        }),
      );
      count += out.Count ?? 0;
      start = out.LastEvaluatedKey;
    } while (start);
    return count;
  };
}
