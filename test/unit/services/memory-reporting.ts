/** An in-memory ResponseReader with DynamoDB's paging semantics: Limit counts evaluated items, filters apply after. */
import type {
  ResponseFilters,
  ResponsePosition,
  ResponseReader,
  ResponseRecord,
  ResponseWindow,
  UnitResponsesPage,
} from '../../../functions/services/responses/ports';

const sk = (p: ResponsePosition) => `${p.submittedAt}#${p.responseId}`;

export class MemoryResponses implements ResponseReader {
  queries = 0;
  constructor(readonly records: ResponseRecord[]) {}

  async listByUnit(
    unitId: string,
    window: ResponseWindow,
    f: ResponseFilters,
    page: { size: number; startKey?: Record<string, unknown> },
  ): Promise<UnitResponsesPage> {
    this.queries++;
    const upper = typeof window.upTo === 'string' ? window.upTo : sk(window.upTo);
    const inRange = this.records
      .filter((r) => r.unitId === unitId && sk(r) >= window.since && sk(r) <= upper)
      .sort((a, b) => (sk(a) < sk(b) ? 1 : -1));
    const start = page.startKey ? inRange.findIndex((r) => sk(r) < String(page.startKey!.sk)) : 0;
    const evaluated = start < 0 ? [] : inRange.slice(start, start + page.size);
    const items = evaluated.filter(
      (r) =>
        (f.questionnaireId === undefined || r.questionnaireId === f.questionnaireId) &&
        (f.servicePointId === undefined || r.servicePointId === f.servicePointId) &&
        (f.hasComment === undefined || r.hasComment === f.hasComment) &&
        (f.level === undefined || r.lowestLevel === f.level) &&
        (f.maxLevel === undefined || (r.lowestLevel !== undefined && r.lowestLevel <= f.maxLevel)),
    );
    const last = evaluated.at(-1);
    const more = start >= 0 && start + page.size < inRange.length;
    return more && last
      ? {
          items,
          nextKey: { sk: sk(last) },
          lastEvaluated: { submittedAt: last.submittedAt, responseId: last.responseId },
        }
      : { items };
  }

  async getResponse(id: string) {
    return this.records.find((r) => r.responseId === id);
  }

  async dailyAggregates() {
    return [];
  }
}

/** A response with a UUID-shaped id built from `n`. */
export const aRecord = (n: number, o: Partial<ResponseRecord> = {}): ResponseRecord => ({
  responseId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  servicePointId: 'sp',
  unitId: 'u1',
  questionnaireId: 'window-service',
  version: 1,
  answers: {},
  locale: 'zh-CN',
  startedAt: '2026-10-05T00:00:00.000Z',
  submittedAt: '2026-10-05T00:00:00.000Z',
  day: '2026-10-05',
  receipt: 'X',
  hasComment: false,
  ...o,
});
