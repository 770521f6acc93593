/**
 * The one integrity read of opening a form: a one-time ballot token, read strongly consistent so
 * that a ticket used a moment ago is told at once. IntegrityReadRepository adds the reads of the
 * ballot's checks; the public function's cold start reads only this module.
 */
import { type DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import type { OneTimeTokenRecord } from '../services/integrity/ports';
import { withDbErrors } from './errors';
import { fromItem, toItem } from './item';
import { integrityKeys } from './keys/integrity';

export class OneTimeTokenReadRepository {
  constructor(
    protected readonly client: DynamoDBClient,
    protected readonly tables: { responses: string },
  ) {}

  async getOneTimeToken(tokenHash: string): Promise<OneTimeTokenRecord | undefined> {
    const out = await withDbErrors(() =>
      this.client.send(
        new GetItemCommand({
          TableName: this.tables.responses,
          Key: toItem(integrityKeys.oneTimeToken(tokenHash)),
          ConsistentRead: true,
        }),
      ),
    );
    return out?.Item ? fromItem<OneTimeTokenRecord>(out.Item) : undefined;
  }
}
