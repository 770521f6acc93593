/**
 * Use case of the scheduled job: recount provisional deadlines once their year's holiday schedule
 * is known, mark overdue cases, escalate them, remind before deadlines.
 */
import { policyFor } from '../../domain/cases/deadlines';
import { VersionConflictError } from '../../domain/cases/errors';
import { escalationStep } from '../../domain/cases/escalation';
import { recountDeadlines } from '../../domain/cases/recount';
import { serviceDay } from '../../domain/service-day';
import type { Clock } from '../ports';
import type { CaseSettings, CaseStore } from './ports';

export interface EscalationReport {
  checked: number;
  changed: number;
  reminders: number;
  escalations: number;
  /** Cases whose provisional deadlines were counted again on a published holiday schedule. */
  recounted: number;
  /** Cases changed by staff meanwhile: the next run sees them again. */
  conflicts: number;
}

/**
 * 1. Reads the open cases due by today in Beijing (the escalation index holds each open case
 *    under the day its next deadline, reminder or recount falls due; others are not read).
 * 2. For each, recounts provisional deadlines on the configured calendar (when `settings` is
 *    given), then applies the pure escalation step at `now` to the result.
 * 3. Saves both changes in one write, conditional on the version: a case a member of staff
 *    just changed is left for the next run instead of being overwritten.
 */
export async function runEscalation(deps: {
  cases: CaseStore;
  clock: Clock;
  settings?: Pick<CaseSettings, 'deadlines' | 'calendar'>;
  notify?: (n: { kind: string; orgId: string; caseId: string }) => void;
}): Promise<EscalationReport> {
  const now = deps.clock.now();
  const report: EscalationReport = {
    checked: 0,
    changed: 0,
    reminders: 0,
    escalations: 0,
    recounted: 0,
    conflicts: 0,
  };
  const settings = deps.settings;
  for (const c of await deps.cases.dueCases(serviceDay(now))) {
    report.checked++;
    const recount =
      settings && recountDeadlines(c, policyFor(settings.deadlines, c.unitPath), settings.calendar, now);
    const step = escalationStep(recount?.next ?? c, now);
    const next = step?.next ?? (recount && { ...recount.next, version: c.version + 1 });
    if (!next) continue;
    const events = [...(recount ? [recount.event] : []), ...(step?.events ?? [])];
    try {
      await deps.cases.save(next, c, events);
    } catch (err) {
      if (err instanceof VersionConflictError) {
        report.conflicts++;
        continue;
      }
      throw err;
    }
    report.changed++;
    if (recount) report.recounted++;
    for (const n of step?.notify ?? []) {
      if (n.kind === 'reminder') report.reminders++;
      else report.escalations++;
      deps.notify?.({ ...n, caseId: c.id });
    }
  }
  return report;
}
