/**
 * The project's Powertools Logger: structured JSON, a correlation id per request or invocation,
 * and phone numbers masked in every attribute before the line is printed.
 */
import { LogFormatter, Logger, LogItem } from '@aws-lambda-powertools/logger';
import type { LogAttributes, UnformattedAttributes } from '@aws-lambda-powertools/logger/types';
import { redact } from './redact';

/**
 * Powertools' standard JSON layout (the same keys as its default formatter, which it does not
 * export), with the message and every additional attribute, including formatted errors and their
 * stacks, passed through {@link redact} first.
 */
export class RedactingLogFormatter extends LogFormatter {
  formatAttributes(attributes: UnformattedAttributes, additional: LogAttributes): LogItem {
    const context = attributes.lambdaContext;
    return new LogItem({
      attributes: {
        level: attributes.logLevel,
        message: redact(attributes.message),
        timestamp: this.formatTimestamp(attributes.timestamp),
        service: attributes.serviceName,
        cold_start: context?.coldStart,
        function_arn: context?.invokedFunctionArn,
        function_memory_size: context?.memoryLimitInMB,
        function_name: context?.functionName,
        function_request_id: context?.awsRequestId,
        sampling_rate: attributes.sampleRateValue,
        xray_trace_id: attributes.xRayTraceId,
      },
    }).addAttributes(redact(additional));
  }
}

/**
 * Resolves a dotted path such as `id` or `requestContext.requestId` in an event. Enough for
 * `injectLambdaContext({ correlationIdPath })`, without bundling a JMESPath engine.
 */
export function dottedPath(expression: string, data: unknown): unknown {
  let value: unknown = data;
  for (const key of expression.split('.')) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/**
 * Creates a logger for one service. `POWERTOOLS_SERVICE_NAME` (set by CDK) wins over `serviceName`
 * so that the name in the logs is the one the dashboards filter on.
 */
export function createLogger(serviceName: string): Logger {
  return new Logger({
    serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? serviceName,
    logFormatter: new RedactingLogFormatter(),
    correlationIdSearchFn: dottedPath,
    persistentKeys: { stage: process.env.KMPJ_STAGE ?? 'local' },
  });
}
