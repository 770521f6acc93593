/** Keys of the Responses table. Nothing else builds these strings. */

export const responseKeys = {
  response: (responseId: string) => ({ pk: `RESP#${responseId}`, sk: 'RESP' }),
  /** gsi1: a unit's responses in submission order. */
  responseOfUnit: (unitId: string, submittedAt: string, responseId: string) => ({
    gsi1pk: `UNIT#${unitId}`,
    gsi1sk: `${submittedAt}#${responseId}`,
  }),
  /** Idempotency record: one per (service point, client submission id). */
  submission: (servicePointId: string, submissionId: string) => ({
    pk: `SUB#${servicePointId}#${submissionId}`,
    sk: 'SUB',
  }),
  receipt: (receipt: string) => ({ pk: `RCPT#${receipt}`, sk: 'RCPT' }),
  /**
   * One shard of the daily aggregate of one node (service point or unit) for one questionnaire
   * version. The sort key names the service point the ballots came from, so a unit's aggregate is
   * one item per window and shard: two windows never write the same item. Without a shard (items
   * written before aggregates were sharded) it names the node's single item of that day.
   */
  dailyAggregate: (
    nodeId: string,
    day: string,
    questionnaireId: string,
    version: number,
    shard?: { servicePointId: string; shard: number },
  ) => ({
    pk: `AGG#${nodeId}`,
    sk: `DAY#${day}#Q#${questionnaireId}#V#${version}${shard ? `#SP#${shard.servicePointId}#S#${shard.shard}` : ''}`,
  }),
  /**
   * One shard of a unit's daily aggregate of the ballots given for one 事项 (transaction ballots
   * of business systems), per window and shard like the unit's daily aggregate.
   */
  matterAggregate: (
    unitId: string,
    day: string,
    matterKey: string,
    questionnaireId: string,
    version: number,
    shard: { servicePointId: string; shard: number },
  ) => ({
    pk: `AGG#${unitId}`,
    sk: `MAT#${day}#M#${matterKey}#Q#${questionnaireId}#V#${version}#SP#${shard.servicePointId}#S#${shard.shard}`,
  }),
  matterAggregateRange: (unitId: string, fromDay: string, toDay: string) => ({
    pk: `AGG#${unitId}`,
    from: `MAT#${fromDay}#`,
    to: `MAT#${toDay}#~`,
  }),
  dailyAggregateRange: (nodeId: string, fromDay: string, toDay: string) => ({
    pk: `AGG#${nodeId}`,
    from: `DAY#${fromDay}#`,
    to: `DAY#${toDay}#~`,
  }),
  // ---- The console's response reads. ----
  /** gsi1 partition of a unit's responses. */
  unitResponses: (unitId: string) => `UNIT#${unitId}`,
  /**
   * gsi1 sort-key position of one response. A bare instant sorts before every response
   * submitted at that instant, so it serves as an exclusive upper bound.
   */
  unitResponsePosition: (submittedAt: string, responseId?: string) =>
    responseId === undefined ? submittedAt : `${submittedAt}#${responseId}`,
  /** Reads a gsi1 sort key back into its parts (ISO instants contain no '#'). */
  parseUnitResponsePosition: (gsi1sk: string): { submittedAt: string; responseId: string } | undefined => {
    const i = gsi1sk.indexOf('#');
    return i > 0 ? { submittedAt: gsi1sk.slice(0, i), responseId: gsi1sk.slice(i + 1) } : undefined;
  },
} as const;

/** Attribute names inside an aggregate item. Question and option ids never contain '.', so paths are unambiguous. */
export const aggregateAttr = {
  responses: 'responses',
  n: (q: string) => `q.${q}.n`,
  sum: (q: string) => `q.${q}.sum`,
  sumSq: (q: string) => `q.${q}.sumSq`,
  level: (q: string, level: number | string) => `q.${q}.l${level}`,
  option: (q: string, option: string) => `q.${q}.o.${option}`,
} as const;
