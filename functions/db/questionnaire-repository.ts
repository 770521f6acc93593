/** Questionnaires table: a head item per questionnaire and one item per version. */
import {
  type DynamoDBClient,
  GetItemCommand,
  type GetItemCommandInput,
  TransactWriteItemsCommand,
  type TransactWriteItemsCommandInput,
} from '@aws-sdk/client-dynamodb';
import { ConflictError } from '../domain/errors';
import type { QuestionnaireContent, QuestionnaireVersion } from '../schemas/questionnaire';
import type { QuestionnaireReader } from '../services/ports';
import { withDbErrors } from './errors';
import { fromItem, toItem } from './item';
import { questionnaireKeys } from './keys/questionnaires';

export interface QuestionnaireHead {
  questionnaireId: string;
  /** The organisation node that owns (and may edit) the questionnaire. */
  ownerId: string;
  latestVersion: number;
  latestPublished?: number;
  createdAt: string;
}

export const buildGetInput = (table: string, key: Record<string, string>): GetItemCommandInput => ({
  TableName: table,
  Key: toItem(key),
});

/** Creates the head and a first draft together, only if the questionnaire is new. */
export function buildCreateInput(
  table: string,
  head: Omit<QuestionnaireHead, 'latestVersion' | 'latestPublished'>,
  content: QuestionnaireContent,
): TransactWriteItemsCommandInput {
  const id = head.questionnaireId;
  return {
    TransactItems: [
      {
        Put: {
          TableName: table,
          Item: toItem({
            ...questionnaireKeys.head(id),
            ...questionnaireKeys.ownedBy(head.ownerId, id),
            entity: 'Questionnaire',
            ...head,
            latestVersion: 1,
          }),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      {
        Put: {
          TableName: table,
          Item: toItem({
            ...questionnaireKeys.version(id, 1),
            entity: 'QuestionnaireVersion',
            questionnaireId: id,
            version: 1,
            status: 'draft',
            content,
            createdAt: head.createdAt,
          } satisfies QuestionnaireVersion & { entity: string }),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ],
  };
}

/**
 * Freezes a draft: the version flips to `published` only if it is still a draft, and the head
 * moves forward only, both in one transaction. A published version can never change again.
 */
export function buildPublishInput(
  table: string,
  questionnaireId: string,
  version: number,
  publishedAt: string,
): TransactWriteItemsCommandInput {
  return {
    TransactItems: [
      {
        Update: {
          TableName: table,
          Key: toItem(questionnaireKeys.version(questionnaireId, version)),
          UpdateExpression: 'SET #status = :published, publishedAt = :at',
          ConditionExpression: '#status = :draft',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: toItem({
            ':published': 'published',
            ':draft': 'draft',
            ':at': publishedAt,
          }),
        },
      },
      {
        Update: {
          TableName: table,
          Key: toItem(questionnaireKeys.head(questionnaireId)),
          UpdateExpression: 'SET latestPublished = :v',
          ConditionExpression:
            'attribute_exists(pk) AND (attribute_not_exists(latestPublished) OR latestPublished < :v)',
          ExpressionAttributeValues: toItem({ ':v': version }),
        },
      },
    ],
  };
}

/** Edits a draft; the condition makes a published version immutable even against a racing publish. */
export const buildUpdateDraftInput = (
  table: string,
  questionnaireId: string,
  version: number,
  content: QuestionnaireContent,
): TransactWriteItemsCommandInput => ({
  TransactItems: [
    {
      Update: {
        TableName: table,
        Key: toItem(questionnaireKeys.version(questionnaireId, version)),
        UpdateExpression: 'SET content = :content',
        ConditionExpression: '#status = :draft',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: toItem({ ':content': content, ':draft': 'draft' }),
      },
    },
  ],
});

const frozen = () =>
  new ConflictError(
    'VERSION_FROZEN',
    '该版本已发布，不能再修改',
    'This version is published and can no longer change',
  );

export class QuestionnaireRepository implements QuestionnaireReader {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly table: string,
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

  async getLatestPublished(questionnaireId: string): Promise<QuestionnaireVersion | undefined> {
    const head = await this.getHead(questionnaireId);
    return head?.latestPublished ? this.getVersion(questionnaireId, head.latestPublished) : undefined;
  }

  /** Creates a questionnaire with draft version 1; returns false when the id is taken. */
  async create(
    head: Omit<QuestionnaireHead, 'latestVersion' | 'latestPublished'>,
    content: QuestionnaireContent,
  ): Promise<boolean> {
    return this.transact(buildCreateInput(this.table, head, content), () => false);
  }

  async updateDraft(questionnaireId: string, version: number, content: QuestionnaireContent): Promise<void> {
    await this.transact(buildUpdateDraftInput(this.table, questionnaireId, version, content), () => {
      throw frozen();
    });
  }

  /** Publishes a draft; a version that is not a draft (already published or archived) gives 409. */
  async publish(questionnaireId: string, version: number, publishedAt: string): Promise<void> {
    await this.transact(buildPublishInput(this.table, questionnaireId, version, publishedAt), () => {
      throw frozen();
    });
  }

  private async transact(
    input: TransactWriteItemsCommandInput,
    onConditionFailed: () => false,
  ): Promise<boolean> {
    try {
      await withDbErrors(() => this.client.send(new TransactWriteItemsCommand(input)));
      return true;
    } catch (err) {
      const reasons = (err as { CancellationReasons?: { Code?: string }[] }).CancellationReasons;
      if (reasons?.some((r) => r.Code === 'ConditionalCheckFailed')) return onConditionFailed();
      throw err;
    }
  }
}
