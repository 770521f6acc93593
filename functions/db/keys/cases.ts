/**
 * Keys of follow-up cases, visits and appeals in the Responses table. A case, its timeline,
 * its contact and its appeal share one partition, so one transaction writes them together
 * and one query reads them.
 */
const pad = (n: number) => String(n).padStart(6, '0');

export const caseKeys = {
  case: (caseId: string) => ({ pk: `CASE#${caseId}`, sk: 'CASE' }),
  partition: (caseId: string) => `CASE#${caseId}`,
  /** Timeline entries sort by the version they produced, then by their index within it. */
  event: (caseId: string, version: number, index: number) => ({
    pk: `CASE#${caseId}`,
    sk: `EVT#${pad(version)}#${index}`,
  }),
  contact: (caseId: string) => ({ pk: `CASE#${caseId}`, sk: 'CONTACT' }),
  appeal: (caseId: string) => ({ pk: `CASE#${caseId}`, sk: 'APPEAL' }),
  /** gsi1: every case of a province in opening order (the inbox and the metrics read ranges of it). */
  caseOfProvince: (provinceId: string, openedAt: string, caseId: string) => ({
    gsi1pk: `CASES#${provinceId}`,
    gsi1sk: `${openedAt}#${caseId}`,
  }),
  provinceCases: (provinceId: string) => `CASES#${provinceId}`,
  /** Pointers to open cases only (deleted at close), so the scheduled job reads few items. */
  openCase: (caseId: string) => ({ pk: 'OPENCASES', sk: caseId }),
  openCases: () => 'OPENCASES',
  /** gsi1: appeals of a province in filing order, for the province's reviewers. */
  appealOfProvince: (provinceId: string, filedAt: string, caseId: string) => ({
    gsi1pk: `APPEALS#${provinceId}`,
    gsi1sk: `${filedAt}#${caseId}`,
  }),
  provinceAppeals: (provinceId: string) => `APPEALS#${provinceId}`,
  visit: (visitId: string) => ({ pk: `VISIT#${visitId}`, sk: 'VISIT' }),
  visitPartition: (visitId: string) => `VISIT#${visitId}`,
  /** A case opened from a visit, listed in the visit's partition. */
  visitCase: (visitId: string, caseId: string) => ({ pk: `VISIT#${visitId}`, sk: `CASE#${caseId}` }),
  /** gsi1: a unit's visits by date. */
  visitOfUnit: (unitId: string, date: string, visitId: string) => ({
    gsi1pk: `VISITS#${unitId}`,
    gsi1sk: `${date}#${visitId}`,
  }),
  unitVisits: (unitId: string) => `VISITS#${unitId}`,
} as const;
