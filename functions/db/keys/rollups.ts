/** Keys of the node rollups and their helper items in the Responses table. Nothing else builds these strings. */

export const rollupKeys = {
  /** Partition of one shard of a node's rollups: days, versions and 事项 sorted inside. */
  shard: (nodeId: string, shard: number) => `ROLL#${nodeId}#S#${shard}`,
  /** One shard of a node's figures for a day and questionnaire version. */
  daily: (nodeId: string, shard: number, day: string, questionnaireId: string, version: number) => ({
    pk: rollupKeys.shard(nodeId, shard),
    sk: `${day}#Q#${questionnaireId}#V#${version}`,
  }),
  /** One shard of a node's figures of one 事项 for a day and questionnaire version. */
  matter: (
    nodeId: string,
    shard: number,
    day: string,
    matterKey: string,
    questionnaireId: string,
    version: number,
  ) => ({
    pk: rollupKeys.shard(nodeId, shard),
    sk: `${day}#M#${matterKey}#Q#${questionnaireId}#V#${version}`,
  }),
  /** Sort-key bounds of the days `fromDay`…`toDay` of one shard (daily and 事项 items alike). */
  range: (fromDay: string, toDay: string) => ({ from: `${fromDay}#`, to: `${toDay}#~` }),
  /** The mark that one stream record has been added to the rollups (kept beyond the stream's 24 h). */
  applied: (eventId: string) => ({ pk: `ROLLEV#${eventId}`, sk: 'ROLLEV' }),
  /** Partition of a node's comment pointers, newest last. */
  comments: (nodeId: string) => `RCMT#${nodeId}`,
  /** A pointer to one commented response below a node, sorted by submission time. */
  comment: (nodeId: string, submittedAt: string, responseId: string) => ({
    pk: rollupKeys.comments(nodeId),
    sk: `${submittedAt}#${responseId}`,
  }),
} as const;
