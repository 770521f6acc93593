/**
 * Phones never reach the logs: the whole path (submission, stream, console, reveal, a failed
 * decryption) runs with loggers at DEBUG while stdout and stderr are captured and scanned.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CaseRepository } from '../../functions/db/case-repository';
import { caseIdForResponse } from '../../functions/domain/cases/model';
import { createCaseStreamHandler } from '../../functions/handlers/case-stream-handler';
import { caseServices } from '../../functions/handlers/case-wiring';
import { consoleServices } from '../../functions/handlers/console-deps';
import { defaultContactCipher } from '../../functions/handlers/contact-cipher';
import { publicServices } from '../../functions/handlers/public-deps';
import { createConsoleApp } from '../../functions/http/console-app';
import { createPublicApp } from '../../functions/http/public-app';
import { DEFAULT_CASE_SETTINGS } from '../../functions/services/cases/ports';
import { startStreamPoller } from '../../local/stream-poller';
import { handleWithAuthHeader } from '../fixtures/console-request';
import { type ConsoleStack, createConsoleStack } from '../fixtures/console-stack';
import { aSubmission, someAnswers } from '../fixtures/factories';

const PHONE = /1[3-9]\d{9}/;
const V1 = '/api/console/v1';
let stack: ConsoleStack;
const captured: string[] = [];

const loud = () => new Logger({ serviceName: 'log-scan', logLevel: 'DEBUG' });

beforeAll(async () => {
  stack = await createConsoleStack();
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream);
    vi.spyOn(stream, 'write').mockImplementation((chunk: unknown, ...rest: unknown[]) => {
      captured.push(String(chunk));
      return (write as (...a: unknown[]) => boolean)(chunk, ...rest);
    });
  }
  vi.spyOn(console, 'log').mockImplementation((...a) => void captured.push(a.map(String).join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...a) => void captured.push(a.map(String).join(' ')));
  vi.spyOn(console, 'warn').mockImplementation((...a) => void captured.push(a.map(String).join(' ')));
});
afterAll(() => vi.restoreAllMocks());

describe('log scan', () => {
  it('finds no phone number in any log line of a full case', async () => {
    const pub = createPublicApp({
      logger: loud(),
      ...publicServices({ client: stack.db.client, tables: stack.db.tables, qrKey: stack.qrKey }),
    });
    const form = stack.forms.find((f) => f.servicePointId.startsWith('130628001'))!;
    const res = await pub.request(`/api/v1/forms/${form.token}/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(
        aSubmission({
          answers: someAnswers({ q_overall: 1 }),
          contact: { phone: '13812349876', consentVersion: 'c2026-1' },
        }),
      ),
    });
    expect(res.status).toBe(201);
    const { responseId } = (await res.json()) as { responseId: string };

    const deps = caseServices({
      client: stack.db.client,
      tables: stack.db.tables,
      contactCipher: defaultContactCipher(stack.qrKey),
      settings: DEFAULT_CASE_SETTINGS,
    });
    const onStream = createCaseStreamHandler(deps, loud());
    const poller = startStreamPoller({
      client: stack.db.client,
      endpoint: stack.db.endpoint,
      table: stack.db.tables.responses,
      handle: (e) => onStream(e as never, {} as never),
      intervalMs: 60_000,
    });
    const repo = new CaseRepository(stack.db.client, stack.db.tables);
    for (let i = 0; i < 20 && !(await repo.get(caseIdForResponse(responseId))); i++) await poller.pollOnce();
    poller.stop();
    const id = caseIdForResponse(responseId);

    const consoleApp = createConsoleApp({
      logger: loud(),
      ...consoleServices({
        client: stack.db.client,
        tables: stack.db.tables,
        qrKey: stack.qrKey,
        publicBaseUrl: 'https://pj.example.gov.cn',
        verify: stack.auth.verify,
      }),
    });
    const staff = handleWithAuthHeader(consoleApp, () => stack.token('unit-staff'));
    await staff.post(`${V1}/cases/${id}/actions`, { type: 'accept', expectedVersion: 1 });
    const revealed = await staff.post(`${V1}/cases/${id}/contact/reveal`);
    expect(revealed.body.phone).toBe('13812349876');
    // A failure on the way logs too: a ciphertext that no longer opens (wrong context).
    const broken = await handleWithAuthHeader(
      createConsoleApp({
        logger: loud(),
        ...consoleServices({
          client: stack.db.client,
          tables: stack.db.tables,
          qrKey: Buffer.alloc(32, 7),
          publicBaseUrl: 'https://pj.example.gov.cn',
          verify: stack.auth.verify,
        }),
      }),
      () => stack.token('unit-staff'),
    ).post(`${V1}/cases/${id}/contact/reveal`);
    expect(broken.status).toBe(409);

    // The scan sees the loggers' output (else it would pass vacuously).
    expect(captured.some((line) => line.includes('case opened'))).toBe(true);
    expect(captured.filter((line) => PHONE.test(line))).toEqual([]);
  });
});
