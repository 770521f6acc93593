/** The escalation job's middy handler around injected dependencies. */
import type { Logger } from '@aws-lambda-powertools/logger';
import middy from '@middy/core';
import { flushMetrics, recordMetric } from '../observability/metrics';
import type { CaseDeps } from '../services/cases/deps';
import { runEscalation } from '../services/cases/run-escalation';

/** The scheduled escalation job (EventBridge in AWS, a timer locally). */
export function createEscalationHandler(deps: CaseDeps, logger: Logger) {
  return middy(async () => {
    const report = await runEscalation({
      cases: deps.cases,
      clock: deps.clock,
      settings: deps.settings,
      notify: (n) => logger.info('case notification', n),
    });
    logger.info('escalation run', { ...report });
    // Cases found past their deadline in this run (each is escalated to the parent unit).
    recordMetric('OverdueCases', report.escalations);
    // Provisional deadlines counted again on a newly configured holiday schedule.
    if (report.recounted > 0) recordMetric('DeadlinesRecounted', report.recounted);
    flushMetrics();
    return report;
  });
}
