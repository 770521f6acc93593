import { Tracer } from '@aws-lambda-powertools/tracer';
import { Metrics } from '@aws-lambda-powertools/metrics';
export const t = new Tracer(); export const m = new Metrics();
