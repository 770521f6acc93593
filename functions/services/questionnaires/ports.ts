/** What the questionnaire use cases need from storage (implemented by db/questionnaire-repository.ts). */

import type { AuditEntry } from '../../domain/audit';
import type { OrgNode } from '../../domain/org';
import type { ProvinceSettings } from '../../domain/province-settings';
import type { QuestionnaireContent, QuestionnaireVersion, VersionStatus } from '../../schemas/questionnaire';

export interface QuestionnaireHeadRecord {
  questionnaireId: string;
  /** The organisation node that owns (and may edit) the questionnaire. */
  ownerId: string;
  latestVersion: number;
  latestPublished?: number;
  createdAt: string;
  /** Set once, by archiving: no new versions, edits, publications or answers afterwards. */
  archived?: boolean;
  archivedAt?: string;
}

export interface QuestionnaireStore {
  getNodes(ids: readonly string[]): Promise<Map<string, OrgNode>>;
  getHead(questionnaireId: string): Promise<QuestionnaireHeadRecord | undefined>;
  getVersion(questionnaireId: string, version: number): Promise<QuestionnaireVersion | undefined>;
  listVersions(questionnaireId: string): Promise<QuestionnaireVersion[]>;
  listByOwner(
    ownerId: string,
  ): Promise<(QuestionnaireHeadRecord & { title: QuestionnaireContent['title'] })[]>;
  createAudited(
    head: Pick<QuestionnaireHeadRecord, 'questionnaireId' | 'ownerId' | 'createdAt'>,
    content: QuestionnaireContent,
    audit: AuditEntry,
  ): Promise<void>;
  updateDraftAudited(
    questionnaireId: string,
    version: number,
    content: QuestionnaireContent,
    audit: AuditEntry,
  ): Promise<void>;
  addVersion(
    v: Pick<QuestionnaireVersion, 'questionnaireId' | 'version' | 'content' | 'createdAt'>,
    audit: AuditEntry,
  ): Promise<void>;
  /** Publishes a draft; with `stamp`, its content becomes the stamped one in the same write. */
  publishAudited(
    questionnaireId: string,
    version: number,
    publishedAt: string,
    audit: AuditEntry,
    stamp?: { content: QuestionnaireContent; provinceSettingsVersion: number },
  ): Promise<void>;
  /** The province settings in force (version 0: the built-in defaults). */
  provinceSettings(provinceId: string): Promise<ProvinceSettings>;
  archive(
    head: QuestionnaireHeadRecord,
    versions: readonly { version: number; status: VersionStatus }[],
    archivedAt: string,
    audit: AuditEntry,
  ): Promise<void>;
}
