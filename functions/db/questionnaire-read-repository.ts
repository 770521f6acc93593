/**
 * Questionnaires table, the reads a citizen's form and ballot need: a head and a version by key.
 * The console's writes and lists extend it (questionnaire-repository.ts), so that the public
 * function does not bundle them.
 */
import { type DynamoDBClient, GetItemCommand, type GetItemCommandInput } from '@aws-sdk/client-dynamodb';
import type { QuestionnaireVersion } from '../schemas/questionnaire';
import type { QuestionnaireReader } from '../services/ports';
import type { QuestionnaireHeadRecord } from '../services/questionnaires/ports';
import { withDbErrors } from './errors';
import { fromItem, toItem } from './item';
import { questionnaireKeys } from './keys/questionnaires';

/** A questionnaire's head item. */
export type QuestionnaireHead = QuestionnaireHeadRecord;

export const buildGetInput = (table: string, key: Record<string, string>): GetItemCommandInput => ({
  TableName: table,
  Key: toItem(key),
});

export class QuestionnaireReadRepository implements QuestionnaireReader {
  constructor(
    protected readonly client: DynamoDBClient,
    protected readonly table: string,
  ) {}

  async getHead(questionnaireId: string): Promise<QuestionnaireHead | undefined> {
    const out = await withDbErrors(() =>
      this.client.send(
        new GetItemCommand(buildGetInput(this.table, questionnaireKeys.head(questionnaireId))),
      ),
    );
    return out.Item ? fromItem<QuestionnaireHead>(out.Item) : undefined;
  }

  async getVersion(questionnaireId: string, version: number): Promise<QuestionnaireVersion | undefined> {
    const key = questionnaireKeys.version(questionnaireId, version);
    const out = await withDbErrors(() =>
      this.client.send(new GetItemCommand(buildGetInput(this.table, key))),
    );
    return out.Item ? fromItem<QuestionnaireVersion>(out.Item) : undefined;
  }

  /** Only the status attribute of one version, so a submission learns of an archiving at once. */
  async versionStatus(
    questionnaireId: string,
    version: number,
  ): Promise<QuestionnaireVersion['status'] | undefined> {
    const out = await withDbErrors(() =>
      this.client.send(
        new GetItemCommand({
          ...buildGetInput(this.table, questionnaireKeys.version(questionnaireId, version)),
          ProjectionExpression: '#status',
          ExpressionAttributeNames: { '#status': 'status' },
        }),
      ),
    );
    return out.Item ? fromItem<Pick<QuestionnaireVersion, 'status'>>(out.Item).status : undefined;
  }

  async getLatestPublished(questionnaireId: string): Promise<QuestionnaireVersion | undefined> {
    const head = await this.getHead(questionnaireId);
    return head?.latestPublished ? this.getVersion(questionnaireId, head.latestPublished) : undefined;
  }
}
