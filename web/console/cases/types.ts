/** Shapes the case routes return (see functions/services/cases/*). */
import type { LocalizedText } from '../types';

export interface CaseRow {
  id: string;
  status: string;
  unitId: string;
  handlerOrgId: string;
  unitName?: LocalizedText;
  handlerOrgName?: LocalizedText;
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
    /** Deadlines counted through a year without a published holiday schedule: they may move. */
    calendarProvisional?: boolean;
    visitId?: string;
    transaction?: { transactionNo: string; matter: string };
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

/** A visit as `GET /visits` lists it. */
export interface VisitRow {
  id: string;
  unitId: string;
  date: string;
  partyType: string;
  partyName: string;
  staff: string[];
  notes?: string;
  questionnairesReturned?: number;
}

/** The visit's own QR code (`GET /visits/:id` → `qr`, `POST /visits/:id/qr`). */
export interface VisitQrView {
  tokenId: string;
  servicePointId: string;
  questionnaireId: string;
  issuedAt: string;
  expiresAt: string;
  status: 'active' | 'revoked' | 'expired';
  url?: string;
}

/** `GET /visits/:id`: the visit and what came of it. */
export interface VisitReportView extends VisitRow {
  unitPath: string;
  questionnairesReturned: number;
  questionnairesHeld: number;
  issuesRaised: string[];
  cases: { id: string; status: string; source: string; openedAt: string; issue: string }[];
  qr?: VisitQrView;
}
