/** Keys of the Questionnaires table. Nothing else builds these strings. */

const pad = (version: number) => String(version).padStart(6, '0');

export const questionnaireKeys = {
  head: (questionnaireId: string) => ({ pk: `Q#${questionnaireId}`, sk: 'HEAD' }),
  version: (questionnaireId: string, version: number) => ({
    pk: `Q#${questionnaireId}`,
    sk: `V#${pad(version)}`,
  }),
  /** gsi1: the questionnaires owned by an organisation node. */
  ownedBy: (ownerId: string, questionnaireId: string) => ({
    gsi1pk: `OWNER#${ownerId}`,
    gsi1sk: questionnaireId,
  }),
} as const;
