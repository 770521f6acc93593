import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger, dottedPath } from '../../../functions/observability/logger';

/** Log lines as parsed JSON: Powertools prints through its own console on stdout and stderr. */
function captureLines() {
  const lines: Record<string, unknown>[] = [];
  const write = (chunk: string | Uint8Array) => {
    for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
    return true;
  };
  // Powertools writes INFO and below to stdout, WARN and ERROR to stderr.
  vi.spyOn(process.stdout, 'write').mockImplementation(write);
  vi.spyOn(process.stderr, 'write').mockImplementation(write);
  return { lines };
}

describe('createLogger', () => {
  afterEach(() => vi.restoreAllMocks());

  it('prints structured JSON with the service, stage and correlation id, and no phone number', () => {
    const { lines } = captureLines();
    const logger = createLogger('kmpj-test');
    logger.setCorrelationId('req-12345678');
    logger.warn('callback to 13812345678 failed', { contact: '+86 138 1234 5678', unitId: '130102001' });
    logger.error('unhandled', new Error('phone 15912345678 rejected'));
    vi.restoreAllMocks();
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({
      level: 'WARN',
      service: 'kmpj-test',
      stage: 'local',
      correlation_id: 'req-12345678',
      message: 'callback to [phone] failed',
      contact: '[phone]',
      unitId: '130102001',
    });
    expect(JSON.stringify(lines)).not.toMatch(/1[3-9]\d{9}/);
    expect(JSON.stringify(lines[1])).toContain('phone [phone] rejected');
  });
});

describe('dottedPath', () => {
  it('finds a nested correlation id and tolerates missing paths', () => {
    expect(dottedPath('requestContext.requestId', { requestContext: { requestId: 'r1' } })).toBe('r1');
    expect(dottedPath('id', { id: 'e1' })).toBe('e1');
    expect(dottedPath('a.b', { a: 1 })).toBeUndefined();
  });
});
