/** 走访评议: a visit to an organisation, school, company, shop or residents, as an event. */

export const VISIT_PARTY_TYPES = ['organisation', 'school', 'company', 'shop', 'residents'] as const;
export type VisitPartyType = (typeof VISIT_PARTY_TYPES)[number];

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
}

/** A visit with what came of it. */
export interface VisitReport extends Visit {
  /** Questionnaires tagged with the visit (through its own QR code), if any. */
  questionnairesReturned: number;
  issuesRaised: string[];
  caseIds: string[];
}
