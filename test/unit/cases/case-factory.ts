/** A follow-up case with overrides, for unit tests. */
import type { FollowUpCase } from '../../../functions/domain/cases/model';

export const aCase = (over: Partial<FollowUpCase> = {}): FollowUpCase => ({
  id: 'r-00000000-0000-0000-0000-000000000001',
  source: 'response',
  responseId: '00000000-0000-0000-0000-000000000001',
  unitId: '130628001',
  unitPath: '130000/130600/130628/130628001',
  handlerOrgId: '130628001',
  handlerOrgPath: '130000/130600/130628/130628001',
  status: 'new',
  version: 1,
  summary: '窗口态度差',
  reasons: ['level:q_overall:1'],
  openedAt: '2026-11-02T02:00:00.000Z',
  openedBy: 'system',
  ackDueAt: '2026-11-03T16:00:00.000Z',
  resolveDueAt: '2026-11-11T16:00:00.000Z',
  reopenCount: 0,
  escalations: [],
  ...over,
});
