/**
 * A logger that loads Powertools Logger with the first line it prints. The public API logs only
 * failures (a form served or a ballot counted prints nothing), so its cold start need not read the
 * logger: the first warning or error after a cold start loads it, a few milliseconds once.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { LogAttributes, LogItemExtraInput, LogItemMessage } from '@aws-lambda-powertools/logger/types';
import { loadedValue } from '../services/loaded-once';

/** What the HTTP middleware and error handler log through (Powertools Logger has all of it). */
export type HttpLogger = Pick<Logger, 'warn' | 'error' | 'setCorrelationId' | 'resetKeys'> & {
  /** Resolves once every line asked for so far is printed; the request middleware awaits it. */
  flush?(): Promise<void>;
};

type Level = 'warn' | 'error';

export class LoggerOnDemand implements HttpLogger {
  readonly #load: () => Promise<Logger>;
  #correlationId: unknown;
  #printed: Promise<void> = Promise.resolve();

  /** `load` builds the real logger; it is called with the first line (again if it failed). */
  constructor(load: () => Promise<Logger>) {
    this.#load = loadedValue(load);
  }

  setCorrelationId(value: unknown): void {
    this.#correlationId = value;
  }

  resetKeys(): void {
    this.#correlationId = undefined;
  }

  warn(input: LogItemMessage, ...extra: LogItemExtraInput): void {
    this.#print('warn', input, extra);
  }

  error(input: LogItemMessage, ...extra: LogItemExtraInput): void {
    this.#print('error', input, extra);
  }

  flush(): Promise<void> {
    return this.#printed;
  }

  /**
   * Prints the line with the correlation id of the moment it was asked for, after every earlier line.
   * If the logger cannot be loaded, the line's message (never its attributes, which the logger
   * would have redacted) goes to the console with the load failure, rather than being lost.
   */
  #print(level: Level, input: LogItemMessage, extra: LogItemExtraInput): void {
    const correlationId = this.#correlationId;
    this.#printed = this.#printed.then(async () => {
      let logger: Logger;
      try {
        logger = await this.#load();
      } catch (err) {
        const message = typeof input === 'string' ? input : input.message;
        console[level](
          JSON.stringify({ level, message, correlation_id: correlationId, logger: String(err) }),
        );
        return;
      }
      if (correlationId === undefined) logger.resetKeys();
      else logger.setCorrelationId(correlationId);
      // `extra` is passed on as given; the cast only picks one of the logger's signatures.
      const print = level === 'warn' ? logger.warn.bind(logger) : logger.error.bind(logger);
      print(input, ...(extra as LogAttributes[]));
      logger.resetKeys();
    });
  }
}
