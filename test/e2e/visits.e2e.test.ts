/**
 * A visit's own QR code in a browser (走访评议): staff give a recorded visit a code on the
 * visit page; the code read from the page's image leads a phone to the form; the bad review left
 * there comes back on the visit page as a questionnaire returned, an issue raised and a case.
 */
import { describe, expect, it } from 'vitest';
import {
  answerEveryQuestion,
  consolePage,
  consoleRequest,
  decodeQrDataUrl,
  SHOTS,
  unhurriedPhonePage,
  useStackAndBrowser,
} from './fixtures';

const e2e = useStackAndBrowser();

describe('a visit and its own QR code', () => {
  it('issues the code on the visit page and shows what came back through it', async () => {
    const token = await e2e.stack.signIn('unit-staff');
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const created = await consoleRequest(e2e.stack, 'POST', '/visits', token, {
      unitId: '130628001',
      date: today,
      partyType: 'school',
      partyName: '高阳县实验小学',
      staff: ['刘洋'],
    });
    expect(created.status).toBe(201);
    const visitId = (created.body as { id: string }).id;

    const page = await consolePage(e2e.browser, e2e.stack, /刘洋/);
    await page.goto(`${e2e.stack.baseUrl}/console/#/cases/visits/${visitId}`);
    await page.getByRole('button', { name: '生成二维码' }).click();
    const img = page.locator('section[data-visit-qr="active"] img.qr');
    await expect.poll(() => img.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    const src = (await img.getAttribute('src'))!;
    const formUrl = decodeQrDataUrl(src)!;
    expect(formUrl).toBe((await page.locator('section[data-visit-qr] code.url').textContent())!.trim());
    await page.screenshot({ path: `${SHOTS}/visit-qr.png`, fullPage: true });

    const phone = await unhurriedPhonePage(e2e);
    await phone.goto(formUrl);
    await answerEveryQuestion(phone, 'very dissatisfied', '校门口车辆乱停，民警推诿');
    await phone.getByRole('button', { name: '提交评价' }).click();
    await phone.getByRole('heading', { name: /提交成功/ }).waitFor();

    await e2e.stack.settle();
    await page.reload();
    await page.locator('[data-returned="1"]').waitFor();
    await page.locator('ul.issues li', { hasText: '非常不满意' }).waitFor();
    const caseLink = page.locator('table.grid a[href^="#/cases/r-"]');
    await expect(caseLink.count()).resolves.toBe(1);
    await page.screenshot({ path: `${SHOTS}/visit-report.png`, fullPage: true });
    await caseLink.click();
    await page.getByRole('link', { name: '来自走访' }).waitFor();
  });
});
