/**
 * The Powertools Tracer for middy-based jobs. The public HTTP function does not import it: the
 * X-Ray SDK adds ~36 KB gzipped to a bundle whose cold start citizens wait for, and active
 * tracing on the function and API Gateway already gives that path its segments.
 */
import { Tracer } from '@aws-lambda-powertools/tracer';

/** Creates a tracer; inactive outside Lambda, so tests and local runs need no X-Ray daemon. */
export function createTracer(serviceName: string): Tracer {
  return new Tracer({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? serviceName });
}
