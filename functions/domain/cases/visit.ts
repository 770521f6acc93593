import { addDays, serviceDayEnd } from '../service-day';
/** 走访评议: a visit to an organisation, school, company, shop or residents, as an event. */

export const VISIT_PARTY_TYPES = ['organisation', 'school', 'company', 'shop', 'residents'] as const;
export type VisitPartyType = (typeof VISIT_PARTY_TYPES)[number];

/** The visit's own QR code: questionnaires handed out during the visit come back tagged with it. */
export interface VisitQr {
  tokenId: string;
  /** The unit's service point the answers count for (aggregates are kept per service point). */
  servicePointId: string;
  questionnaireId: string;
  issuedAt: string;
  issuedBy: string;
  /** The end of the visit window: the code is refused from then on. */
  expiresAt: string;
}

export interface Visit {
  id: string;
  unitId: string;
  unitPath: string;
  /** Beijing date of the visit. */
  date: string;
  partyType: VisitPartyType;
  partyName: string;
  /** Names of the staff who went. */
  staff: string[];
  notes?: string;
  createdAt: string;
  createdBy: string;
  /** The latest code issued for the visit, if any (its status lives on the token). */
  qr?: VisitQr;
  /** Submissions through the visit's code (incremented in the submission's own transaction). */
  questionnairesReturned?: number;
  /** Of those, ballots the integrity checks held back from official figures. */
  questionnairesHeld?: number;
}

/** A case opened from the visit, as the visit record lists it. */
export interface VisitCaseRow {
  id: string;
  status: string;
  source: string;
  openedAt: string;
  /** What the case is about, without personal data (see visit-issues.ts). */
  issue: string;
}

export type VisitQrStatus = 'active' | 'revoked' | 'expired';

/** A visit with what came of it. */
export interface VisitReport extends Omit<Visit, 'qr'> {
  /** Questionnaires tagged with the visit (through its own QR code). */
  questionnairesReturned: number;
  questionnairesHeld: number;
  issuesRaised: string[];
  caseIds: string[];
  cases: VisitCaseRow[];
  /** The visit's code, with its status now and (while active) the URL it encodes. */
  qr?: VisitQr & { status: VisitQrStatus; url?: string };
}

/** How long a visit's code stays valid after the visit date, unless the province says otherwise. */
export const DEFAULT_VISIT_QR_VALID_DAYS = 7;
/** The longest window a code may be issued for. */
export const MAX_VISIT_QR_VALID_DAYS = 60;

/** The end of a visit's window: 24:00 Beijing time, `validDays` days after the visit date. */
export const visitQrExpiry = (visitDate: string, validDays: number): string =>
  serviceDayEnd(addDays(visitDate, validDays));

/** True once a code with an expiry has passed it. */
export const isExpired = (t: { expiresAt?: string }, now: Date): boolean =>
  t.expiresAt !== undefined && t.expiresAt <= now.toISOString();

/** The status of a visit's code now: the token's own status, or expired once past the window. */
export const visitQrStatus = (tokenStatus: 'active' | 'revoked', qr: VisitQr, now: Date): VisitQrStatus =>
  tokenStatus === 'revoked' ? 'revoked' : isExpired(qr, now) ? 'expired' : 'active';
