/** Marshalling helpers shared by the repositories. */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';

export type Item = Record<string, AttributeValue>;

/** Plain object → DynamoDB item; undefined fields are dropped. */
export const toItem = (value: Record<string, unknown>): Item =>
  marshall(value, { removeUndefinedValues: true, convertClassInstanceToMap: false });

/** DynamoDB item → plain object without the key and index attributes. */
export function fromItem<T>(item: Item): T {
  const {
    pk: _pk,
    sk: _sk,
    gsi1pk: _g1,
    gsi1sk: _g2,
    gsi2pk: _g3,
    gsi2sk: _g4,
    entity: _e,
    ...rest
  } = unmarshall(item);
  return rest as T;
}

export const isConditionalCheckFailed = (err: unknown): boolean =>
  err instanceof Error && err.name === 'ConditionalCheckFailedException';
