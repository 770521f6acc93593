/**
 * A subtree's responses in one newest-first order: a k-way merge of its units' index
 * partitions. Each unit is read in pages; a response is emitted only when every unit still
 * holding responses has a buffered head, so the merged order is exact.
 */

import type { ResumePoint } from './cursor';
import type { ResponseFilters, ResponsePosition, ResponseReader, ResponseRecord } from './ports';
import { mapLimited } from './scope';

/** Position order: newer first; ties (same instant) broken by id, as the index sorts. */
export function comparePositions(a: ResponsePosition, b: ResponsePosition): number {
  if (a.submittedAt !== b.submittedAt) return a.submittedAt < b.submittedAt ? -1 : 1;
  return a.responseId < b.responseId ? -1 : a.responseId > b.responseId ? 1 : 0;
}

interface UnitStream {
  unitId: string;
  buffer: ResponseRecord[];
  started: boolean;
  done: boolean;
  nextKey?: Record<string, unknown>;
  lastEvaluated?: ResponsePosition;
}

export interface MergeOptions {
  /** Items each unit query evaluates. */
  pageSize: number;
  /** Pages read beyond each unit's first before giving up for this request (selective filters). */
  refillBudget: number;
  /** Parallel unit queries. */
  concurrency?: number;
}

export interface MergedTake {
  items: ResponseRecord[];
  /** Where the next call should resume; undefined when everything was read. */
  resume?: ResumePoint;
}

export class MergedResponses {
  private readonly streams: UnitStream[];
  private budget: number;

  /**
   * @param since first instant of the period (inclusive)
   * @param until first instant after the period (exclusive)
   * @param from  resume point of a previous page, if any
   */
  constructor(
    private readonly reader: ResponseReader,
    unitIds: readonly string[],
    private readonly since: string,
    private readonly until: string,
    private readonly filters: ResponseFilters,
    private readonly opts: MergeOptions,
    private readonly from?: ResumePoint,
  ) {
    this.streams = unitIds.map((unitId) => ({ unitId, buffer: [], started: false, done: false }));
    this.budget = opts.refillBudget;
    // A resume point below the period reads nothing (and would make an inverted key range).
    if (from && from.submittedAt < since) for (const s of this.streams) s.done = true;
  }

  /** Takes up to `max` responses in order, and says where to resume if more may remain. */
  async take(max: number): Promise<MergedTake> {
    const items: ResponseRecord[] = [];
    while (items.length < max) {
      if (!(await this.settle())) return { items, resume: this.resumePoint() };
      const head = this.head();
      if (!head) return { items };
      items.push(head.buffer.shift()!);
    }
    // Peek: is there anything after this page? (Saves a last request that would come back empty.)
    const settled = await this.settle();
    const resume = this.resumePoint();
    return settled && !this.head() ? { items } : { items, resume };
  }

  /** The stream whose buffered head is newest. */
  private head(): UnitStream | undefined {
    let best: UnitStream | undefined;
    for (const s of this.streams) {
      const h = s.buffer[0];
      if (h && (!best || comparePositions(h, best.buffer[0]!) > 0)) best = s;
    }
    return best;
  }

  /**
   * Streams that might still hold a response newer than `head`: unfinished, nothing buffered,
   * and either never read or last evaluated above it. A stream whose reading already went below
   * the head cannot hold anything newer, so it need not be read before the head is emitted.
   */
  private blockers(head: ResponseRecord | undefined): UnitStream[] {
    return this.streams.filter(
      (s) =>
        !s.done &&
        s.buffer.length === 0 &&
        (!s.started || !head || !s.lastEvaluated || comparePositions(s.lastEvaluated, head) > 0),
    );
  }

  /** Reads until the newest buffered head is safe to emit; false when the budget ran out first. */
  private async settle(): Promise<boolean> {
    for (;;) {
      const needy = this.blockers(this.head()?.buffer[0]);
      if (needy.length === 0) return true;
      // A unit's first page is free: every unit gets read once, so a resume point always exists.
      const first = needy.filter((s) => !s.started);
      const refills = needy.filter((s) => s.started);
      const affordable = refills.length <= this.budget ? refills : [];
      this.budget -= affordable.length;
      await mapLimited([...first, ...affordable], this.opts.concurrency ?? 16, (s) => this.read(s));
      if (refills.length > 0 && affordable.length === 0) return false;
    }
  }

  private async read(s: UnitStream): Promise<void> {
    const upTo = this.upperBound();
    const exclusive = this.from && !this.from.inclusive ? this.from : undefined;
    const page = await this.reader.listByUnit(
      s.unitId,
      { since: this.since, upTo },
      this.filters,
      // The first page after an exclusive resume point re-reads the response at it: one more
      // item, so that the page always reaches past it and every request makes progress.
      { size: this.opts.pageSize + (s.started || !exclusive ? 0 : 1), startKey: s.nextKey },
    );
    s.started = true;
    // An exclusive resume point is read inclusively by the store; the one response at it was already shown.
    s.buffer.push(...page.items.filter((r) => !exclusive || comparePositions(r, exclusive) < 0));
    s.nextKey = page.nextKey;
    s.lastEvaluated = page.lastEvaluated ?? s.lastEvaluated;
    if (!page.nextKey) s.done = true;
  }

  /** The period's end, or the resume point when it lies inside the period. */
  private upperBound(): string | ResponsePosition {
    if (!this.from || this.from.submittedAt >= this.until) return this.until;
    return { submittedAt: this.from.submittedAt, responseId: this.from.responseId };
  }

  /**
   * Where the next page starts: the newest place not yet emitted, over all units — a buffered
   * head (inclusive) or just below a unit's last evaluated response (exclusive). Everything newer
   * has been emitted, by the merge's rule. Undefined when every unit is read out.
   */
  private resumePoint(): ResumePoint | undefined {
    let best: ResumePoint | undefined;
    for (const s of this.streams) {
      const h = s.buffer[0];
      const candidate: ResumePoint | undefined = h
        ? { submittedAt: h.submittedAt, responseId: h.responseId, inclusive: true }
        : !s.done && s.lastEvaluated
          ? { ...s.lastEvaluated, inclusive: false }
          : undefined;
      if (candidate && (!best || comparePositions(candidate, best) > 0)) best = candidate;
    }
    return best;
  }
}
