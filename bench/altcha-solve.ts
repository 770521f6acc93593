/**
 * Ratio: the time Chromium takes to solve the configured ALTCHA challenge in the worst case (the
 * secret number is maxnumber itself) against the form's 2 s budget, at a 4× CPU throttle
 * (CDP Emulation.setCPUThrottlingRate, DevTools' stand-in for a mid-range phone).
 *
 * CDP throttles the page's main thread only, not workers, so the solver runs on the page: the
 * form's built worker file (altcha's SHA solver) loaded as a plain script answers the page's
 * own messages with the same code it runs in a worker.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createChallenge } from 'altcha-lib/v1';
import { ALTCHA_MAX_NUMBER } from '../functions/domain/integrity/altcha-tuning';
import { launchChromium } from '../test/e2e/browser';
import { type AltchaChallenge, workerChallenge } from '../web/form/pow';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Solves `runs` worst-case challenges on a page of `baseUrl`, which serves `webDist`. */
export async function altchaSolve(baseUrl: string, webDist: string, runs = 5, throttle = 4) {
  const worker = readdirSync(join(webDist, 'assets')).find((f) => /^altcha-[0-9a-f]+\.js$/.test(f));
  if (!worker) throw new Error('no ALTCHA worker in web/dist/assets: build the web first');
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.goto(`${baseUrl}/`);
    await page.addScriptTag({ url: `/assets/${worker}` });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const c = (await createChallenge({
        hmacKey: 'bench',
        maxnumber: ALTCHA_MAX_NUMBER,
        number: ALTCHA_MAX_NUMBER,
      })) as AltchaChallenge;
      const work = { type: 'work', challenge: workerChallenge(c), counterMode: 'string', timeout: 120_000 };
      // A string, not a function: tsx's name-keeping helpers do not exist in the page.
      const found = (await page.evaluate(`new Promise((resolve) => {
        const onMessage = (e) => {
          if (typeof e.data?.counter !== 'number') return;
          removeEventListener('message', onMessage);
          resolve(e.data);
        };
        addEventListener('message', onMessage);
        postMessage(${JSON.stringify(work)}, '*');
      })`)) as { counter: number; time: number };
      if (found.counter !== ALTCHA_MAX_NUMBER) throw new Error(`solved ${found.counter}, not the secret`);
      times.push(found.time);
    }
    const worstMs = median(times);
    return { maxNumber: ALTCHA_MAX_NUMBER, throttle, worstMs, budgetMs: 2000, ratio: worstMs / 2000 };
  } finally {
    await browser.close();
  }
}
