import type { Logger } from '@aws-lambda-powertools/logger';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LoggerOnDemand } from '../../../functions/observability/logger-on-demand';

/** A stand-in for Powertools Logger that records each line with the correlation id it carried. */
function recordingLogger() {
  const lines: { level: string; correlationId: unknown; args: unknown[] }[] = [];
  let correlationId: unknown;
  const logger = {
    setCorrelationId: (id: unknown) => {
      correlationId = id;
    },
    resetKeys: () => {
      correlationId = undefined;
    },
    warn: (...args: unknown[]) => lines.push({ level: 'warn', correlationId, args }),
    error: (...args: unknown[]) => lines.push({ level: 'error', correlationId, args }),
  };
  return { lines, logger: logger as unknown as Logger };
}

afterEach(() => vi.restoreAllMocks());

describe('a logger loaded with its first line', () => {
  it('loads nothing while no line is printed', async () => {
    const load = vi.fn(async () => recordingLogger().logger);
    const logger = new LoggerOnDemand(load);
    logger.setCorrelationId('req-1');
    logger.resetKeys();
    await logger.flush();
    expect(load).not.toHaveBeenCalled();
  });

  it('prints every line once loaded, in order, each with the correlation id of the moment it was asked for', async () => {
    const { lines, logger: real } = recordingLogger();
    let loads = 0;
    const logger = new LoggerOnDemand(async () => {
      loads += 1;
      await new Promise((r) => setTimeout(r, 5));
      return real;
    });
    logger.setCorrelationId('req-1');
    logger.warn('request failed', { code: 'SERVICE_UNAVAILABLE' });
    logger.resetKeys();
    logger.setCorrelationId('req-2');
    const err = new Error('boom');
    logger.error('unhandled error', err);
    logger.resetKeys();
    logger.warn('outside a request');
    expect(lines).toEqual([]);
    await logger.flush();
    expect(lines).toEqual([
      { level: 'warn', correlationId: 'req-1', args: ['request failed', { code: 'SERVICE_UNAVAILABLE' }] },
      { level: 'error', correlationId: 'req-2', args: ['unhandled error', err] },
      { level: 'warn', correlationId: undefined, args: ['outside a request'] },
    ]);
    expect(loads).toBe(1);
  });

  it('prints the message (not its attributes) to the console when the logger cannot be loaded, and loads again for the next line', async () => {
    const { lines, logger: real } = recordingLogger();
    const printed: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((line: string) => {
      printed.push(line);
    });
    let loads = 0;
    const logger = new LoggerOnDemand(async () => {
      loads += 1;
      if (loads === 1) throw new Error('chunk not readable');
      return real;
    });
    logger.setCorrelationId('req-1');
    logger.error('unhandled error', { phone: '13812345678' });
    await logger.flush();
    expect(printed.map((line) => JSON.parse(line))).toEqual([
      {
        level: 'error',
        message: 'unhandled error',
        correlation_id: 'req-1',
        logger: 'Error: chunk not readable',
      },
    ]);
    expect(printed.join('')).not.toContain('13812345678');
    logger.error('again');
    await logger.flush();
    expect(lines).toEqual([{ level: 'error', correlationId: 'req-1', args: ['again'] }]);
    expect(loads).toBe(2);
  });
});
