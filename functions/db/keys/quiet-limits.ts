/** Keys of the QuietLimits table's items: the quiet-limit counters. Nothing else builds these strings. */

/** Counter kinds kept per service point and day (`BURST` per minute of the day). */
export type LimitCounterKind = 'TOK' | 'DEV' | 'NET' | 'BURST' | 'ANS';

export const quietLimitKeys = {
  /** A quiet-limit counter of one service point and day. */
  limitCounter: (servicePointId: string, day: string, kind: LimitCounterKind, id: string) => ({
    pk: `LIM#${servicePointId}#${day}`,
    sk: `${kind}#${id}`,
  }),
  /** The partition of one service point's counters of one day (burst minutes are a range in it). */
  limitCounterPartition: (servicePointId: string, day: string) => `LIM#${servicePointId}#${day}`,
  /** A weekly quiet-limit counter of one service point (`week`: the Monday). */
  weeklyLimitCounter: (servicePointId: string, week: string, kind: 'NET', id: string) => ({
    pk: `LIMW#${servicePointId}#${week}`,
    sk: `${kind}#${id}`,
  }),
  /** Ballots from one device (keyed hash) at any service point on one day. */
  deviceDay: (deviceHash: string, day: string) => ({ pk: `LIMDEV#${deviceHash}`, sk: `DAY#${day}` }),
};
