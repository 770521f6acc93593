import { Metrics } from '@aws-lambda-powertools/metrics';
export const m = new Metrics();
