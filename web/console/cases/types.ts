/** Shapes the case routes return (see functions/services/cases/*). */

export interface CaseRow {
  id: string;
  status: string;
  unitId: string;
  handlerOrgId: string;
  summary: string;
  openedAt: string;
  resolveDueAt: string;
  overdue: boolean;
  version: number;
}

export interface CaseTimelineEvent {
  seq: number;
  at: string;
  actor: { userId: string; name: string };
  type: string;
  from?: string;
  to?: string;
  note?: string;
}

export interface CasePageData {
  case: CaseRow & {
    ackDueAt: string;
    handlerName?: string;
    resolution?: { category: string; note: string };
    transfer?: { orgId: string; acknowledgedAt?: string };
    coordination?: { orgId: string; acknowledgedAt?: string };
    source: string;
    appeal?: { status: string };
  };
  timeline: CaseTimelineEvent[];
  allowedActions: string[];
  contact?: { masked: string; consentVersion: string };
  canRevealContact: boolean;
}

export interface CaseMetricsView {
  opened: number;
  closed: number;
  appealsFiled: number;
  appealsUpheld: number;
  medianHoursToResolve: number | null;
  rates: {
    ackOnTime: number | null;
    resolvedOnTime: number | null;
    callbackSatisfaction: number | null;
    closedLoop: number | null;
  };
}
