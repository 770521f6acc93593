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
  /** Daily aggregate of one node (service point or unit) for one questionnaire version. */
  dailyAggregate: (nodeId: string, day: string, questionnaireId: string, version: number) => ({
    pk: `AGG#${nodeId}`,
    sk: `DAY#${day}#Q#${questionnaireId}#V#${version}`,
  }),
  dailyAggregateRange: (nodeId: string, fromDay: string, toDay: string) => ({
    pk: `AGG#${nodeId}`,
    from: `DAY#${fromDay}#`,
    to: `DAY#${toDay}#~`,
  }),
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
