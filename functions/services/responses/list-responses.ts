/** Use case: staff browse the responses of a node of their subtree, newest first, page by page. */
import type { Principal } from '../../domain/access';
import type { OrgNode } from '../../domain/org';
import type { ResponseFilterQuery } from '../../schemas/console/responses';
import type { LocalizedText } from '../../schemas/questionnaire';
import { firstComment, preview } from './comment';
import { decodeCursor, encodeCursor, queryFingerprint } from './cursor';
import { MergedResponses } from './merged-responses';
import { checkPeriod, periodInstants } from './period';
import type { ReportingDeps, ResponseFilters, ResponseRecord } from './ports';
import { type ReportScope, resolveReportScope } from './scope';
import { type VersionCache, versionCache } from './versions';

export interface ResponseListItem {
  responseId: string;
  submittedAt: string;
  servicePointId: string;
  unitId: string;
  questionnaireId: string;
  version: number;
  lowestLevel?: number;
  hasComment: boolean;
  /** The first free-text answer, cut to 200 characters. */
  comment?: string;
  /** Names for the list, so staff read titles rather than ids. */
  servicePointName?: LocalizedText;
  unitName?: LocalizedText;
  questionnaireTitle?: LocalizedText;
}

export interface ResponseList {
  items: ResponseListItem[];
  nextCursor?: string;
}

/** Unit pages read per list request beyond each unit's first. */
const LIST_REFILL_BUDGET = 64;

/** The store-side filters of a query on a scope. */
export const storeFilters = (q: ResponseFilterQuery, scope: ReportScope): ResponseFilters => ({
  questionnaireId: q.questionnaireId,
  level: q.level,
  maxLevel: q.maxLevel,
  hasComment: q.hasComment,
  servicePointId: scope.servicePointId,
});

/**
 * A list item: the response's facts, the names of its service point, unit and questionnaire, and a
 * preview of its comment (from its own version's questions).
 */
export async function toListItem(
  r: ResponseRecord,
  versions: VersionCache,
  nodes: ReadonlyMap<string, OrgNode>,
): Promise<ResponseListItem> {
  const content = await versions.get(r.questionnaireId, r.version);
  const comment = r.hasComment ? firstComment(content, r.answers) : undefined;
  return {
    responseId: r.responseId,
    submittedAt: r.submittedAt,
    servicePointId: r.servicePointId,
    unitId: r.unitId,
    questionnaireId: r.questionnaireId,
    version: r.version,
    lowestLevel: r.lowestLevel,
    hasComment: r.hasComment,
    ...(comment === undefined ? {} : { comment: preview(comment) }),
    servicePointName: nodes.get(r.servicePointId)?.name,
    unitName: nodes.get(r.unitId)?.name,
    questionnaireTitle: content?.title,
  };
}

/**
 * 1. Requires `response:read`; resolves the node (404 outside the caller's subtree) and its units.
 * 2. Checks the period (≤ 366 days) and, if given, that the cursor belongs to this very query.
 * 3. Merges the units' newest-first index partitions, with the filters applied in the store.
 * 4. Returns one page and a cursor when more may follow (a page may be short when selective
 *    filters made the store evaluate many responses; the cursor then continues the search).
 */
export async function listResponses(
  deps: ReportingDeps,
  p: Principal,
  q: ResponseFilterQuery & { cursor?: string; limit: number },
): Promise<ResponseList> {
  const scope = await resolveReportScope(deps.tree, p, 'response:read', q.nodeId);
  checkPeriod(q.from, q.to);
  const fingerprint = queryFingerprint({
    nodeId: q.nodeId,
    from: q.from,
    to: q.to,
    questionnaireId: q.questionnaireId,
    level: q.level,
    maxLevel: q.maxLevel,
    hasComment: q.hasComment,
  });
  const resumeFrom = q.cursor === undefined ? undefined : decodeCursor(q.cursor, fingerprint);
  const { since, until } = periodInstants(q.from, q.to);
  const merged = new MergedResponses(
    deps.responses,
    scope.unitIds,
    since,
    until,
    storeFilters(q, scope),
    { pageSize: Math.max(q.limit + 1, 25), refillBudget: LIST_REFILL_BUDGET },
    resumeFrom,
  );
  const page = await merged.take(q.limit);
  const versions = versionCache(deps.versions);
  const items = await Promise.all(page.items.map((r) => toListItem(r, versions, scope.nodes)));
  return page.resume ? { items, nextCursor: encodeCursor(fingerprint, page.resume) } : { items };
}
