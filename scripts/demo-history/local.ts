/**
 * The demo history in the local stack: played once per data folder. A marker file written at the
 * end says it is there; without it (first start, or a start interrupted half-way) the history is
 * played, and a replay of what an interrupted run already did changes nothing (seed-history.ts).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type HistoryDeps, type HistoryProgress, type HistoryReport, seedHistory } from './seed-history';

export type { HistoryProgress, HistoryReport };

/** Ballots per window and day relative to the plan's figures: enough for readable charts, quick to play. */
export const DEFAULT_VOLUME = 0.6;

export const MARKER_FILE = 'demo-history.json';

export interface LocalHistoryOptions extends HistoryDeps {
  /** The data folder (null: in memory, always played). */
  dataDir: string | null;
  volume?: number;
  days?: number;
  interviews?: [number, number];
  onProgress?: (p: HistoryProgress) => void;
  signal?: AbortSignal;
}

/** Plays the history unless the data folder's marker says it was played; null when skipped. */
export async function playDemoHistory(o: LocalHistoryOptions): Promise<HistoryReport | null> {
  const marker = o.dataDir === null ? null : join(o.dataDir, MARKER_FILE);
  if (marker && existsSync(marker)) return null;
  const report = await seedHistory(o, {
    now: new Date(),
    days: o.days,
    interviews: o.interviews,
    volume: o.volume ?? DEFAULT_VOLUME,
    onProgress: o.onProgress,
    signal: o.signal,
  });
  if (marker && !o.signal?.aborted) writeFileSync(marker, `${JSON.stringify(report, null, 2)}\n`);
  return report;
}

/** The report of the history played into a data folder before, if any. */
export function playedHistory(dataDir: string | null): HistoryReport | undefined {
  const marker = dataDir === null ? null : join(dataDir, MARKER_FILE);
  return marker && existsSync(marker)
    ? (JSON.parse(readFileSync(marker, 'utf8')) as HistoryReport)
    : undefined;
}
