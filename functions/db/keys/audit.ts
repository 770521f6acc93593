/** Keys of the Audit table. Nothing else builds these strings. */

export const auditKeys = {
  /** One partition per day: console writes are few, and auditors read by period. */
  entry: (day: string, at: string, id: string) => ({ pk: `AUDIT#${day}`, sk: `${at}#${id}` }),
  day: (day: string) => `AUDIT#${day}`,
  /** gsi1: the history of one object. */
  ofTarget: (targetType: string, targetId: string, at: string) => ({
    gsi1pk: `TARGET#${targetType}#${targetId}`,
    gsi1sk: at,
  }),
} as const;
