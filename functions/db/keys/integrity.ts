/** Keys of ballot-integrity items. Nothing else builds these strings. */

/** Items in the Responses table (which has the `expiresAt` TTL attribute). */
export const integrityKeys = {
  /**
   * One service point's shard of the completion-time histogram of one questionnaire version and
   * day. The partition (`partition`, a hash of the service point) spreads a province's writes over
   * a few partition keys; the sort key keeps windows apart, so two windows never write one item.
   */
  completionHistogram: (
    questionnaireId: string,
    version: number,
    day: string,
    partition: number,
    servicePointId: string,
    shard: number,
  ) => ({
    pk: `CT#${questionnaireId}#V#${version}#D#${day}#P${partition}`,
    sk: `SP#${servicePointId}#S#${shard}`,
  }),
  /** The partition key holding one partition's histogram shards of one day. */
  completionHistogramPartition: (questionnaireId: string, version: number, day: string, partition: number) =>
    `CT#${questionnaireId}#V#${version}#D#${day}#P${partition}`,
  /**
   * Quarantined ballots of one service point and day, in the shard the ballot drew (as for the
   * official AGG items, so two ballots at a window meet here only on the same shard). Without a
   * shard (items written before sharding) it names the window's single item of that day.
   */
  quarantine: (unitId: string, day: string, servicePointId: string, shard?: number) => ({
    pk: `QAGG#${unitId}`,
    sk: `DAY#${day}#SP#${servicePointId}${shard === undefined ? '' : `#S#${shard}`}`,
  }),
  /** gsi1: every quarantine item of one day, across the province, by unit. */
  quarantineOfDay: (day: string, unitId: string, servicePointId: string) => ({
    gsi1pk: `QDAY#${day}`,
    gsi1sk: `${unitId}#${servicePointId}`,
  }),
  quarantineDayPartition: (day: string) => `QDAY#${day}`,
  /** A one-time ballot token, by the hash of the token. */
  oneTimeToken: (tokenHash: string) => ({ pk: `OTT#${tokenHash}`, sk: 'OTT' }),
  /** The ballot issued for one transaction (办件编号) of a unit: the issue's idempotency record. */
  transaction: (unitId: string, transactionNo: string) => ({
    pk: `TXN#${unitId}#${transactionNo}`,
    sk: 'TXN',
  }),
  /** A spent ALTCHA challenge (replay store). */
  altchaSpent: (challengeHash: string) => ({ pk: `ALTCHA#${challengeHash}`, sk: 'ALTCHA' }),
} as const;

/** Items in the Directory table: long-lived secrets (stored hashed) and unit network ranges. */
export const integrityDirectoryKeys = {
  integrationKey: (secretHash: string) => ({ pk: `INTKEY#${secretHash}`, sk: 'INTKEY' }),
  displaySecret: (secretHash: string) => ({ pk: `DISPLAY#${secretHash}`, sk: 'DISPLAY' }),
  unitNetworks: (unitId: string) => ({ pk: `NETCFG#${unitId}`, sk: 'NETCFG' }),
} as const;

/** Attribute names inside a quarantine item. */
export const quarantineAttr = {
  quarantined: 'quarantined',
  flag: (flag: string) => `f.${flag}`,
} as const;

/** Attribute name of one histogram bucket. */
export const histogramAttr = (bucket: number) => `b${bucket}`;
