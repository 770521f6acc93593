import { describe, expect, it, vi } from 'vitest';
import { fetchForm, isRetryableStatus, parseRetryAfter, postResponse } from '../../../web/form/api';

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });

const body = {
  submissionId: 'sub_12345678',
  answers: { q_overall: 5 },
  startedAt: '2026-11-28T10:00:00.000Z',
  locale: 'zh-CN' as const,
  version: 1,
};

describe('postResponse', () => {
  it('sends exactly the five body keys as JSON to the token path', async () => {
    const fetchFn = vi.fn(async () => json(201, { responseId: 'r', receipt: 'AB12', submittedAt: 'x' }));
    const result = await postResponse('tok/en', body, fetchFn as typeof fetch);
    expect(result).toEqual({ ok: true, data: { responseId: 'r', receipt: 'AB12', submittedAt: 'x' } });
    const [url, init] = fetchFn.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/v1/forms/tok%2Fen/responses');
    expect(init.method).toBe('POST');
    expect(Object.keys(JSON.parse(init.body as string)).sort()).toEqual(
      ['answers', 'locale', 'startedAt', 'submissionId', 'version'].sort(),
    );
  });

  it('reports a network failure as retryable', async () => {
    const fetchFn = vi.fn(async () => {
      throw new TypeError('Failed to fetch');
    });
    expect(await postResponse('t', body, fetchFn as typeof fetch)).toEqual({
      ok: false,
      retryable: true,
      status: 0,
    });
  });

  it('retries a 503 no sooner than Retry-After', async () => {
    const err = { error: { code: 'SERVICE_UNAVAILABLE', message: '服务繁忙', messageEn: 'Busy' } };
    const fetchFn = vi.fn(async () => json(503, err, { 'Retry-After': '7' }));
    expect(await postResponse('t', body, fetchFn as typeof fetch)).toMatchObject({
      ok: false,
      retryable: true,
      status: 503,
      retryAfterMs: 7000,
      error: { code: 'SERVICE_UNAVAILABLE' },
    });
  });

  it('passes a validation error with its details on, without retrying', async () => {
    const details = [
      { field: 'answers.q_overall', code: 'required', message: '必答', messageEn: 'Required' },
    ];
    const err = { error: { code: 'VALIDATION_FAILED', message: '有误', messageEn: 'Invalid', details } };
    const fetchFn = vi.fn(async () => json(400, err));
    expect(await postResponse('t', body, fetchFn as typeof fetch)).toMatchObject({
      ok: false,
      retryable: false,
      status: 400,
      error: { code: 'VALIDATION_FAILED', details },
    });
  });

  it('retries a 200 that is not ours, such as a captive portal page', async () => {
    const fetchFn = vi.fn(async () => new Response('<html>login</html>', { status: 200 }));
    expect(await postResponse('t', body, fetchFn as typeof fetch)).toEqual({
      ok: false,
      retryable: true,
      status: 200,
    });
  });
});

describe('fetchForm', () => {
  it('returns the server message for an invalid token', async () => {
    const err = { error: { code: 'TOKEN_INVALID', message: '二维码无效', messageEn: 'Invalid QR code' } };
    const fetchFn = vi.fn(async () => json(404, err));
    expect(await fetchForm('x'.repeat(30), fetchFn as typeof fetch)).toMatchObject({
      ok: false,
      retryable: false,
      status: 404,
      error: { message: '二维码无效', messageEn: 'Invalid QR code' },
    });
  });
});

describe('helpers', () => {
  it('knows which statuses are worth retrying', () => {
    expect([0, 408, 429, 500, 502, 503, 504].every(isRetryableStatus)).toBe(true);
    expect([400, 404, 409, 410, 413].some(isRetryableStatus)).toBe(false);
  });

  it('reads Retry-After as seconds or as a date', () => {
    const now = Date.parse('2026-11-28T10:00:00Z');
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter('Sat, 28 Nov 2026 10:00:10 GMT', now)).toBe(10_000);
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
});
