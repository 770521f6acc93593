/**
 * Keys of follow-up cases, visits and appeals in the Responses table. A case, its timeline,
 * its contact and its appeal share one partition, so one transaction writes them together
 * and one query reads them.
 */
const pad = (n: number) => String(n).padStart(6, '0');

/** Partitions of the escalation index: open cases spread by id, so no partition takes every case write. */
export const DUE_SHARDS = 4;

/** The escalation-index shard of a case: a fixed function of its id. */
export function dueShardOf(caseId: string): number {
  let h = 0;
  for (let i = 0; i < caseId.length; i++) h = (h * 31 + caseId.charCodeAt(i)) >>> 0;
  return h % DUE_SHARDS;
}

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
  /**
   * A copy of the case in the inbox of one org node (each node on each of the case's paths), in
   * opening order: a subtree's cases in a period are one Query of its root's partition.
   */
  inboxRow: (nodeId: string, openedAt: string, caseId: string) => ({
    pk: `CASEINBOX#${nodeId}`,
    sk: `${openedAt}#${caseId}`,
  }),
  inbox: (nodeId: string) => `CASEINBOX#${nodeId}`,
  /** gsi1 of cases stored before the inbox rows (every case of a province); only the backfill reads it. */
  legacyProvinceCases: (provinceId: string) => `CASES#${provinceId}`,
  /**
   * gsi2: an open case under the Beijing day the escalation job must next look at it, in one of
   * DUE_SHARDS partitions; a case with nothing left to escalate has no such keys.
   */
  dueForEscalation: (caseId: string, day: string, unitId: string) => ({
    gsi2pk: `DUECASES#${dueShardOf(caseId)}`,
    gsi2sk: `${day}#${unitId}#${caseId}`,
  }),
  dueShard: (shard: number) => `DUECASES#${shard}`,
  /** The gsi2 sort-key bound above every case due on or before `day`. */
  dueThrough: (day: string) => `${day}#~`,
  /** Pointers of open cases stored before the escalation index; only the backfill reads them. */
  legacyOpenCases: () => 'OPENCASES',
  legacyOpenCase: (caseId: string) => ({ pk: 'OPENCASES', sk: caseId }),
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
