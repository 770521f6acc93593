/** Use case of the scheduled job: mark overdue cases, escalate them, remind before deadlines. */
import { VersionConflictError } from '../../domain/cases/errors';
import { escalationStep } from '../../domain/cases/escalation';
import type { Clock } from '../ports';
import type { CaseStore } from './ports';

export interface EscalationReport {
  checked: number;
  changed: number;
  reminders: number;
  escalations: number;
  /** Cases changed by staff meanwhile: the next run sees them again. */
  conflicts: number;
}

/**
 * 1. Reads the open-case pointers (closed cases are not there).
 * 2. For each, applies the pure escalation step at `now`.
 * 3. Saves changes conditional on the version: a case a member of staff just changed is left
 *    for the next run instead of being overwritten.
 */
export async function runEscalation(deps: {
  cases: CaseStore;
  clock: Clock;
  notify?: (n: { kind: string; orgId: string; caseId: string }) => void;
}): Promise<EscalationReport> {
  const now = deps.clock.now();
  const report: EscalationReport = { checked: 0, changed: 0, reminders: 0, escalations: 0, conflicts: 0 };
  for (const id of await deps.cases.openCaseIds()) {
    const c = await deps.cases.get(id);
    if (!c) continue;
    report.checked++;
    const step = escalationStep(c, now);
    if (!step) continue;
    try {
      await deps.cases.save(step.next, c.version, step.events);
    } catch (err) {
      if (err instanceof VersionConflictError) {
        report.conflicts++;
        continue;
      }
      throw err;
    }
    report.changed++;
    for (const n of step.notify) {
      if (n.kind === 'reminder') report.reminders++;
      else report.escalations++;
      deps.notify?.({ ...n, caseId: c.id });
    }
  }
  return report;
}
