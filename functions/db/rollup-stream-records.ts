/**
 * Reads Responses stream records into what the rollups need: a unit's daily or 事项 aggregate before
 * and after a write (the stream carries both images), or a new response with a comment.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { RollupSource } from '../services/rollups/apply-stream';
import { parseAggregate } from './response-repository';

/** A DynamoDB stream record, as much of it as the rollups read. */
export interface RollupStreamRecord {
  eventID?: string;
  eventName?: string;
  dynamodb?: {
    NewImage?: Record<string, unknown>;
    OldImage?: Record<string, unknown>;
    SequenceNumber?: string;
  };
}

const image = (i: Record<string, unknown> | undefined) =>
  i ? unmarshall(i as Record<string, AttributeValue>) : undefined;

const EMPTY = { responses: 0, questions: {} };

/** The rollup source a record carries, or undefined for every other item of the table. */
export function rollupSource(r: RollupStreamRecord): RollupSource | undefined {
  const after = image(r.dynamodb?.NewImage);
  const before = image(r.dynamodb?.OldImage);
  const item = after ?? before;
  if (!item || !r.eventID) return undefined;
  const isUnitDaily = item.entity === 'DailyAggregate' && item.nodeKind === 'unit';
  if (isUnitDaily || item.entity === 'MatterAggregate') {
    const a = parseAggregate(item);
    return {
      kind: 'aggregate',
      eventId: r.eventID,
      unitId: a.nodeId,
      cell: {
        day: a.day,
        questionnaireId: a.questionnaireId,
        version: a.version,
        ...(isUnitDaily
          ? {}
          : { matter: { matter: String(item.matter), matterKey: String(item.matterKey) } }),
      },
      before: before ? parseAggregate(before) : EMPTY,
      after: after ? parseAggregate(after) : EMPTY,
    };
  }
  if (item.entity === 'Response' && r.eventName === 'INSERT' && item.hasComment === true) {
    return {
      kind: 'comment',
      eventId: r.eventID,
      unitId: String(item.unitId),
      responseId: String(item.responseId),
      submittedAt: String(item.submittedAt),
      questionnaireId: String(item.questionnaireId),
      version: Number(item.version),
      answers: item.answers,
    };
  }
  return undefined;
}
