import type { Logger } from '@aws-lambda-powertools/logger';
import { Hono } from 'hono';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ValidationError } from '../../../functions/domain/errors';
import { createOnError } from '../../../functions/http/on-error';
import { CORRELATION_HEADER, observability } from '../../../functions/observability/http-middleware';
import { createLogger } from '../../../functions/observability/logger';
import { LoggerOnDemand } from '../../../functions/observability/logger-on-demand';
import { metrics } from '../../../functions/observability/metrics';

/** The metrics published per request, read from the stored metrics at flush time. */
function captureFlushes() {
  const flushed: Array<Record<string, unknown>> = [];
  vi.spyOn(metrics, 'publishStoredMetrics').mockImplementation(() => {
    flushed.push(metrics.serializeMetrics() as unknown as Record<string, unknown>);
    metrics.clearMetrics();
    return metrics;
  });
  return flushed;
}

const names = (emf: Record<string, unknown>) =>
  (
    (emf._aws as { CloudWatchMetrics: Array<{ Metrics: Array<{ Name: string }> }> }).CloudWatchMetrics[0]
      ?.Metrics ?? []
  ).map((m) => m.Name);

describe('observability middleware', () => {
  const logger = createLogger('kmpj-test');
  let app: Hono;

  beforeEach(() => {
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    app = new Hono()
      .use('*', observability({ logger, isSubmission: (m, p) => m === 'POST' && p === '/submit' }))
      .post('/submit', (c) => c.json({ ok: true }, 201))
      .post('/other', (c) => c.json({ ok: true }, 201))
      .get('/invalid', () => {
        throw new ValidationError([]);
      })
      .get('/fine', (c) => c.json({ ok: true }))
      .onError(createOnError(logger));
  });

  afterEach(() => vi.restoreAllMocks());

  it('counts a 201 on the submission route as one submission and flushes it with the request', async () => {
    const flushed = captureFlushes();
    await app.request('/submit', { method: 'POST' });
    await app.request('/other', { method: 'POST' });
    expect(flushed).toHaveLength(1);
    expect(names(flushed[0] as Record<string, unknown>)).toEqual(['Submissions']);
    expect(flushed[0]).toMatchObject({ Submissions: 1 });
  });

  it('counts a 400 raised by a route as a validation failure', async () => {
    const flushed = captureFlushes();
    const res = await app.request('/invalid');
    expect(res.status).toBe(400);
    expect(names(flushed[0] as Record<string, unknown>)).toEqual(['ValidationFailures']);
  });

  it('echoes a safe caller correlation id and replaces an unsafe one', async () => {
    captureFlushes();
    const kept = await app.request('/fine', { headers: { [CORRELATION_HEADER]: 'abc-12345678' } });
    expect(kept.headers.get(CORRELATION_HEADER)).toBe('abc-12345678');
    const replaced = await app.request('/fine', { headers: { [CORRELATION_HEADER]: '"},{"level":"ERROR"' } });
    expect(replaced.headers.get(CORRELATION_HEADER)).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("answers only after the request's log lines are printed by a logger loaded on demand", async () => {
    captureFlushes();
    const printed: unknown[] = [];
    const slow = new LoggerOnDemand(async () => {
      await new Promise((r) => setTimeout(r, 20));
      return {
        setCorrelationId: () => undefined,
        resetKeys: () => undefined,
        warn: (...line: unknown[]) => printed.push(line),
        error: (...line: unknown[]) => printed.push(line),
      } as unknown as Logger;
    });
    const failing = new Hono()
      .use('*', observability({ logger: slow }))
      .get('/boom', () => {
        throw new Error('socket hang up');
      })
      .onError(createOnError(slow));
    const res = await failing.request('/boom');
    expect(res.status).toBe(500);
    expect(printed).toHaveLength(1);
    expect(printed[0]).toEqual(['unhandled error', expect.objectContaining({ message: 'socket hang up' })]);
  });
});
