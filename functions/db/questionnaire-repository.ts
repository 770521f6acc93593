/** Questionnaires table: a head item per questionnaire and one item per version. */
import {
  type DynamoDBClient,
  type QueryCommandInput,
  type TransactWriteItem,
  TransactWriteItemsCommand,
  type TransactWriteItemsCommandInput,
} from '@aws-sdk/client-dynamodb';
import type { AuditEntry } from '../domain/audit';
import { ConflictError } from '../domain/errors';
import type { QuestionnaireContent, QuestionnaireVersion, VersionStatus } from '../schemas/questionnaire';
import { buildAuditPut } from './audit-repository';
import { type BatchGetOptions, batchGetAll } from './batch-get';
import { conditionFailed } from './cancellation';
import { withDbErrors } from './errors';
import { fromItem, toItem } from './item';
import { questionnaireKeys } from './keys/questionnaires';
import { queryAll } from './paginate';
import { type QuestionnaireHead, QuestionnaireReadRepository } from './questionnaire-read-repository';

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
  stamp?: { content: QuestionnaireContent; provinceSettingsVersion: number },
): TransactWriteItemsCommandInput {
  return {
    TransactItems: [
      {
        Update: {
          TableName: table,
          Key: toItem(questionnaireKeys.version(questionnaireId, version)),
          UpdateExpression: `SET #status = :published, publishedAt = :at${stamp ? ', content = :content, provinceSettingsVersion = :sv' : ''}`,
          ConditionExpression: '#status = :draft',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: toItem({
            ':published': 'published',
            ':draft': 'draft',
            ':at': publishedAt,
            ...(stamp ? { ':content': stamp.content, ':sv': stamp.provinceSettingsVersion } : {}),
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

// ---- Console: listing, audited writes, new versions and archiving. ----

/** The version items of a questionnaire, oldest first (a range over the version keys). */
export const buildVersionsQuery = (table: string, questionnaireId: string): QueryCommandInput => ({
  TableName: table,
  KeyConditionExpression: 'pk = :pk AND sk BETWEEN :first AND :last',
  ExpressionAttributeValues: toItem({
    ':pk': questionnaireKeys.head(questionnaireId).pk,
    ':first': questionnaireKeys.version(questionnaireId, 1).sk,
    ':last': questionnaireKeys.version(questionnaireId, 999_999).sk,
  }),
});

/** The heads of the questionnaires owned by one organisation node. */
export const buildOwnedByQuery = (table: string, ownerId: string): QueryCommandInput => ({
  TableName: table,
  IndexName: 'gsi1',
  KeyConditionExpression: 'gsi1pk = :pk',
  ExpressionAttributeValues: toItem({ ':pk': questionnaireKeys.ownedBy(ownerId, '').gsi1pk }),
});

/**
 * Adds version `version` as a draft, on condition that the head still says `version - 1` is the
 * latest and the questionnaire is not archived: two racing "new version" calls cannot both win.
 */
export function buildAddVersionInput(
  table: string,
  v: Pick<QuestionnaireVersion, 'questionnaireId' | 'version' | 'content' | 'createdAt'>,
): TransactWriteItem[] {
  return [
    {
      Put: {
        TableName: table,
        Item: toItem({
          ...questionnaireKeys.version(v.questionnaireId, v.version),
          entity: 'QuestionnaireVersion',
          ...v,
          status: 'draft',
        } satisfies QuestionnaireVersion & { entity: string }),
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    {
      Update: {
        TableName: table,
        Key: toItem(questionnaireKeys.head(v.questionnaireId)),
        UpdateExpression: 'SET latestVersion = :v',
        ConditionExpression: 'latestVersion = :prev AND attribute_not_exists(archived)',
        ExpressionAttributeValues: toItem({ ':v': v.version, ':prev': v.version - 1 }),
      },
    },
  ];
}

/**
 * Archives a questionnaire: the head is marked (only if its latest version is still the one
 * seen, so no version slips in unarchived) and every draft or published version flips to
 * `archived`, each only if its status is still the one seen.
 */
export function buildArchiveInput(
  table: string,
  questionnaireId: string,
  latestVersion: number,
  versions: readonly { version: number; status: VersionStatus }[],
  archivedAt: string,
): TransactWriteItem[] {
  return [
    {
      Update: {
        TableName: table,
        Key: toItem(questionnaireKeys.head(questionnaireId)),
        UpdateExpression: 'SET archived = :true, archivedAt = :at',
        ConditionExpression: 'latestVersion = :latest AND attribute_not_exists(archived)',
        ExpressionAttributeValues: toItem({ ':true': true, ':at': archivedAt, ':latest': latestVersion }),
      },
    },
    ...versions
      .filter((v) => v.status !== 'archived')
      .map(
        (v): TransactWriteItem => ({
          Update: {
            TableName: table,
            Key: toItem(questionnaireKeys.version(questionnaireId, v.version)),
            UpdateExpression: 'SET #status = :archived',
            ConditionExpression: '#status = :seen',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: toItem({ ':archived': 'archived', ':seen': v.status }),
          },
        }),
      ),
  ];
}

/** A questionnaire head with the title of its latest version, for lists. */
export interface QuestionnaireSummary extends QuestionnaireHead {
  title: QuestionnaireContent['title'];
}

/** DynamoDB allows 100 items per transaction: the audit entry and up to 99 writes. */
const MAX_TRANSACTION_ITEMS = 100;

const changedMeanwhile = () =>
  new ConflictError(
    'CHANGED_MEANWHILE',
    '数据已被他人修改，请刷新后重试',
    'Changed meanwhile; reload and retry',
  );

// ---- End of the console builders. ----

const frozen = () =>
  new ConflictError(
    'VERSION_FROZEN',
    '该版本已发布，不能再修改',
    'This version is published and can no longer change',
  );

/** The reads of {@link QuestionnaireReadRepository} and the console's writes and lists. */
export class QuestionnaireRepository extends QuestionnaireReadRepository {
  constructor(
    client: DynamoDBClient,
    table: string,
    /** The audit table, needed by the console's audited writes only. */
    private readonly tables?: { audit: string },
    /** Backoff of BatchGetItem's unprocessed keys (tests inject a clock). */
    private readonly batchGet: Pick<BatchGetOptions, 'policy' | 'clock'> = {},
  ) {
    super(client, table);
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

  // ---- Console. Every write carries its audit entry in the same transaction. ----

  /** Every version of a questionnaire, oldest first. */
  async listVersions(questionnaireId: string): Promise<QuestionnaireVersion[]> {
    return this.queryAll<QuestionnaireVersion>(buildVersionsQuery(this.table, questionnaireId));
  }

  /** The questionnaires owned by a node, each with its latest version's title. */
  async listByOwner(ownerId: string): Promise<QuestionnaireSummary[]> {
    const heads = await this.queryAll<QuestionnaireHead>(buildOwnedByQuery(this.table, ownerId));
    const versions = await batchGetAll(
      this.client,
      this.table,
      heads.map((h) => toItem(questionnaireKeys.version(h.questionnaireId, h.latestVersion))),
      this.batchGet,
    );
    const titles = new Map<string, QuestionnaireContent['title']>();
    for (const item of versions) {
      const v = fromItem<QuestionnaireVersion>(item);
      titles.set(v.questionnaireId, v.content.title);
    }
    return heads
      .filter((h) => titles.has(h.questionnaireId))
      .map((h) => ({ ...h, title: titles.get(h.questionnaireId)! }));
  }

  /** Creates a questionnaire with draft version 1 and its audit entry; 409 if the id is taken. */
  async createAudited(
    head: Omit<QuestionnaireHead, 'latestVersion' | 'latestPublished'>,
    content: QuestionnaireContent,
    audit: AuditEntry,
  ): Promise<void> {
    const items = buildCreateInput(this.table, head, content).TransactItems!;
    await this.transactAudited(
      [...items, buildAuditPut(this.auditTable(), audit)],
      () =>
        new ConflictError('QUESTIONNAIRE_EXISTS', '问卷编号已存在', 'A questionnaire with this id exists'),
    );
  }

  /** Edits a draft with its audit entry; a published or archived version gives 409 VERSION_FROZEN. */
  async updateDraftAudited(
    questionnaireId: string,
    version: number,
    content: QuestionnaireContent,
    audit: AuditEntry,
  ): Promise<void> {
    const items = buildUpdateDraftInput(this.table, questionnaireId, version, content).TransactItems!;
    await this.transactAudited([...items, buildAuditPut(this.auditTable(), audit)], frozen);
  }

  /** Adds a draft version after the latest one, with its audit entry. */
  async addVersion(
    v: Pick<QuestionnaireVersion, 'questionnaireId' | 'version' | 'content' | 'createdAt'>,
    audit: AuditEntry,
  ): Promise<void> {
    await this.transactAudited(
      [...buildAddVersionInput(this.table, v), buildAuditPut(this.auditTable(), audit)],
      changedMeanwhile,
    );
  }

  /** Publishes a draft with its audit entry (see buildPublishInput). */
  async publishAudited(
    questionnaireId: string,
    version: number,
    publishedAt: string,
    audit: AuditEntry,
    stamp?: { content: QuestionnaireContent; provinceSettingsVersion: number },
  ): Promise<void> {
    const items = buildPublishInput(this.table, questionnaireId, version, publishedAt, stamp).TransactItems!;
    await this.transactAudited([...items, buildAuditPut(this.auditTable(), audit)], frozen);
  }

  /** Archives a questionnaire and its versions with the audit entry (see buildArchiveInput). */
  async archive(
    head: QuestionnaireHead,
    versions: readonly { version: number; status: VersionStatus }[],
    archivedAt: string,
    audit: AuditEntry,
  ): Promise<void> {
    const items = buildArchiveInput(
      this.table,
      head.questionnaireId,
      head.latestVersion,
      versions,
      archivedAt,
    );
    if (items.length + 1 > MAX_TRANSACTION_ITEMS) {
      throw new ConflictError(
        'TOO_MANY_VERSIONS',
        '该问卷版本过多，无法一次归档',
        'This questionnaire has too many versions to archive at once',
      );
    }
    await this.transactAudited([...items, buildAuditPut(this.auditTable(), audit)], changedMeanwhile);
  }

  private auditTable(): string {
    if (!this.tables?.audit)
      throw new Error('QuestionnaireRepository needs the audit table for console writes');
    return this.tables.audit;
  }

  private async transactAudited(items: TransactWriteItem[], onConditionFailed: () => Error): Promise<void> {
    await this.transact({ TransactItems: items }, () => {
      throw onConditionFailed();
    });
  }

  private async queryAll<T>(input: QueryCommandInput): Promise<T[]> {
    return (await queryAll(this.client, input)).map((item) => fromItem<T>(item));
  }

  // ---- End of the console block. ----

  private async transact(
    input: TransactWriteItemsCommandInput,
    onConditionFailed: () => false,
  ): Promise<boolean> {
    try {
      await withDbErrors(() => this.client.send(new TransactWriteItemsCommand(input)));
      return true;
    } catch (err) {
      if (conditionFailed(err)) return onConditionFailed();
      throw err;
    }
  }
}
