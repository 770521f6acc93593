/** Ports of the console's read side: responses, aggregates, questionnaire versions and the tree. */
import type { AggregateRow } from '../../domain/dashboard';
import type { OrgNode } from '../../domain/org';
import type { QuestionnaireVersion } from '../../schemas/questionnaire';
import type { Answers } from '../../schemas/submission';
import type { RollupStore } from '../rollups/ports';

/** A stored response as the console reads it (internal fields such as the token id stay behind). */
export interface ResponseRecord {
  responseId: string;
  servicePointId: string;
  unitId: string;
  questionnaireId: string;
  version: number;
  answers: Answers;
  locale: string;
  startedAt: string;
  submittedAt: string;
  day: string;
  receipt: string;
  lowestLevel?: number;
  hasComment: boolean;
}

/** A place in a unit's responses, newest first: ordered by submission time, then id. */
export interface ResponsePosition {
  submittedAt: string;
  responseId: string;
}

/** Filters applied inside the store (DynamoDB filter expressions on the unit's index). */
export interface ResponseFilters {
  questionnaireId?: string;
  level?: number;
  maxLevel?: number;
  hasComment?: boolean;
  servicePointId?: string;
}

/**
 * A slice of a unit's responses, newest first: submitted at or after `since` and before
 * `before` (an instant, exclusive) or up to `upTo` (a position, inclusive).
 */
export interface ResponseWindow {
  since: string;
  upTo: string | ResponsePosition;
}

export interface UnitResponsesPage {
  items: ResponseRecord[];
  /** Where to continue reading this unit (opaque; kept in memory within one request). */
  nextKey?: Record<string, unknown>;
  /** The last position the store evaluated, matched or not. */
  lastEvaluated?: ResponsePosition;
}

export interface ResponseReader {
  listByUnit(
    unitId: string,
    window: ResponseWindow,
    filters: ResponseFilters,
    page: { size: number; startKey?: Record<string, unknown> },
  ): Promise<UnitResponsesPage>;
  getResponse(responseId: string): Promise<ResponseRecord | undefined>;
  dailyAggregates(nodeId: string, fromDay: string, toDay: string): Promise<AggregateRow[]>;
  /** A unit's aggregates per 事项 (transaction ballots), shards summed; absent where not stored. */
  matterAggregates?(unitId: string, fromDay: string, toDay: string): Promise<MatterAggregateRow[]>;
}

/** A unit's aggregate of one 事项 on one day and questionnaire version. */
export interface MatterAggregateRow extends AggregateRow {
  matter: string;
  matterKey: string;
}

export interface VersionReader {
  getVersion(questionnaireId: string, version: number): Promise<QuestionnaireVersion | undefined>;
}

export interface TreeReader {
  getNodes(ids: readonly string[]): Promise<Map<string, OrgNode>>;
  /** Every node below the node at `rootPath` (its materialised path), in one paged read. */
  descendants(rootPath: string): Promise<OrgNode[]>;
}

/** Everything the responses, dashboard and export use cases read. */
export interface ReportingDeps {
  responses: ResponseReader;
  versions: VersionReader;
  tree: TreeReader;
  /**
   * The last service day whose figures staff below the province may see, by the province's
   * settings (domain/figures-cutoff.ts).
   */
  cutoffDay: (provinceId: string) => Promise<string>;
  /** The inner nodes' rollups: a county, city or province dashboard reads these instead of its units. */
  rollups?: Pick<RollupStore, 'read' | 'recentComments'>;
}
