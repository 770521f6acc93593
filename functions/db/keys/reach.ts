/** Keys of the reach items (SMS invitations, provincial push). Nothing else builds these strings. */

/** Partitions of the due-invitation and due-push indexes, so no index partition gets every write. */
export const DUE_SHARDS = 4;

const shardOf = (id: string): number => id.charCodeAt(0) % DUE_SHARDS;

export const reachKeys = {
  /** Directory table: a province's reach settings. */
  settings: (provinceId: string) => ({ pk: `REACH#${provinceId}`, sk: 'REACH' }),
  /** Responses table: the SMS invitation of one ballot. */
  invitation: (tokenHash: string) => ({ pk: `INV#${tokenHash}`, sk: 'INV' }),
  /** gsi1 of a scheduled invitation: due time order within its shard (removed once settled). */
  invitationDue: (tokenHash: string, dueAt: string) => ({
    gsi1pk: `INVDUE#${shardOf(tokenHash)}`,
    gsi1sk: `${dueAt}#${tokenHash}`,
  }),
  invitationDuePartition: (shard: number) => `INVDUE#${shard}`,
  /** The one invitation a number may get on a service day. */
  dailySlot: (phoneKey: string, day: string) => ({ pk: `SMSDAY#${phoneKey}#${day}`, sk: 'SMSDAY' }),
  /** A number that replied TD. */
  optOut: (phoneKey: string) => ({ pk: `SMSOPT#${phoneKey}`, sk: 'SMSOPT' }),
  /** Responses table: the push of one counted ballot to the provincial platform. */
  push: (responseId: string) => ({ pk: `PUSH#${responseId}`, sk: 'PUSH' }),
  /** gsi1 of a pending push: next attempt time within its shard (removed once delivered). */
  pushDue: (responseId: string, nextAt: string) => ({
    gsi1pk: `PUSHDUE#${shardOf(responseId)}`,
    gsi1sk: `${nextAt}#${responseId}`,
  }),
  pushDuePartition: (shard: number) => `PUSHDUE#${shard}`,
  /** gsi1 of a dead letter: its province's list, newest failure last. */
  pushDead: (provinceId: string, at: string, responseId: string) => ({
    gsi1pk: `PUSHDEAD#${provinceId}`,
    gsi1sk: `${at}#${responseId}`,
  }),
  pushDeadPartition: (provinceId: string) => `PUSHDEAD#${provinceId}`,
  /** The local SMS outbox (npm start only): every message "sent", newest last. */
  outboxMessage: (sentAt: string, id: string) => ({ pk: 'SMSOUT', sk: `${sentAt}#${id}` }),
  outboxPartition: 'SMSOUT',
} as const;
