/**
 * Ports of the monitor job: what it reads about units, their aggregates and their responses.
 * `db/` implements them; unit tests pass in-memory fakes.
 */
import type { OrgNode } from '../domain/org';

/** The part of a stored daily aggregate the monitor looks at. */
export interface AggregateView {
  day: string;
  responses: number;
  /** Per question; `levels` counts satisfaction answers per level 1–5 (1–2 are bad reviews). */
  questions: Record<string, { levels?: Partial<Record<number, number>> }>;
}

/** The newest response of a unit, as the unit's response index sees it. */
export interface LatestResponse {
  submittedAt: string;
  day: string;
}

export interface UnitLister {
  listNodesOfKind(kind: 'unit'): Promise<OrgNode[]>;
}

export interface AggregateReader {
  /** The daily aggregates of a node between two service days, inclusive, every questionnaire version. */
  dailyAggregates(nodeId: string, fromDay: string, toDay: string): Promise<AggregateView[]>;
}

export interface UnitResponseIndex {
  latestResponse(unitId: string): Promise<LatestResponse | undefined>;
  countResponsesOnDay(unitId: string, day: string): Promise<number>;
}
