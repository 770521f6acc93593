/** 查看结果 Reading published results within scope, and downloading a snapshot. */

import { type Principal, requireAction } from '../../domain/access';
import { type Campaign, COMPOSITE } from '../../domain/campaign';
import { NotFoundError } from '../../domain/errors';
import { isWithin } from '../../domain/org';
import type { CountyResult } from '../../domain/scoring/results';
import type { Snapshot } from '../../domain/scoring/snapshot';
import { safeCell } from '../../domain/spreadsheet-safety';
import type { CampaignDeps } from './ports';
import { loadCampaign, seesCounty } from './scope';
import { SNAPSHOT_TABLE_HEADER, snapshotTableRows } from './snapshot-table';

/** Campaigns of the principal's province (or of the province they administer). */
export async function listCampaigns(deps: Pick<CampaignDeps, 'store'>, p: Principal) {
  requireAction(p, 'campaign:read');
  const provinceId = p.scopePath.split('/')[0]!;
  return deps.store.listCampaigns(provinceId);
}

/** One campaign's settings and snapshot versions. */
export async function getCampaign(deps: Pick<CampaignDeps, 'store'>, p: Principal, id: string) {
  const c = await loadCampaign(deps.store, p, 'campaign:read', id);
  return { ...c, snapshots: await deps.store.listSnapshots(id) };
}

/** Five-number summary of published scores: a county's place in the provincial distribution without names. */
function distribution(values: number[]) {
  const s = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (s.length === 0) return undefined;
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * (s.length - 1)))]!;
  return { ranked: s.length, min: s[0]!, q1: at(0.25), median: at(0.5), q3: at(0.75), max: s[s.length - 1]! };
}

/** The snapshot cut down to the counties the principal may see (ranks stay provincial). */
export function scopedSnapshot(p: Principal, c: Campaign, snap: Snapshot, countyPaths: Map<string, string>) {
  const visible = (r: CountyResult) => {
    const path = countyPaths.get(r.countyId);
    return path !== undefined && seesCounty(p, c, { id: r.countyId, path });
  };
  const results = snap.results.filter(visible);
  const full = results.length === snap.results.length;
  const codes = [...c.indicators.map((i) => i.code), COMPOSITE];
  return {
    campaignId: snap.campaignId,
    version: snap.version,
    methodVersion: snap.methodVersion,
    publishedAt: snap.publishedAt,
    contentHash: snap.contentHash,
    /** False when other counties' figures are withheld; the hash is that of the full snapshot. */
    complete: full,
    counties: snap.counties.filter((k) => results.some((r) => r.countyId === k.id)),
    parameters: snap.parameters,
    distribution: Object.fromEntries(
      codes.map((code) => [
        code,
        distribution(
          snap.results.map((r) =>
            code === COMPOSITE
              ? r.composite.rank !== undefined
                ? r.composite.published
                : Number.NaN
              : r.indicators[code]?.rank !== undefined
                ? r.indicators[code]!.published
                : Number.NaN,
          ),
        ),
      ]),
    ),
    results,
  };
}

export async function loadSnapshot(
  deps: Pick<CampaignDeps, 'store' | 'org'>,
  p: Principal,
  campaignId: string,
  version?: number,
) {
  const c = await loadCampaign(deps.store, p, 'campaign:read', campaignId);
  const v = version ?? c.latestVersion;
  const snap = v > 0 ? await deps.store.getSnapshot(c.id, v) : undefined;
  if (!snap) throw new NotFoundError('已发布的测评结果', 'Published results');
  const nodes = await deps.org.getNodes(snap.counties.map((k) => k.id));
  const paths = new Map([...nodes.values()].map((n) => [n.id, n.path]));
  return { c, snap, paths };
}

/**
 * 1. Any campaign reader inside the province; the latest (or a given) published version.
 * 2. Keeps the counties the principal may see; each keeps its provincial rank and rank interval.
 */
export async function readResults(
  deps: Pick<CampaignDeps, 'store' | 'org'>,
  p: Principal,
  campaignId: string,
  version?: number,
) {
  const { c, snap, paths } = await loadSnapshot(deps, p, campaignId, version);
  return scopedSnapshot(p, c, snap, paths);
}

const csvCell = (v: unknown) => {
  const s = safeCell(typeof v === 'number' ? (Number.isFinite(v) ? v : null) : (v as string | undefined));
  const t = s === null ? '' : String(s);
  return /[",\r\n]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
};

/**
 * A snapshot as a file. JSON is the snapshot itself when the reader sees every county (its hash
 * verifies), else the scoped view; CSV and XLSX hold one row per county × indicator.
 */
export async function downloadSnapshot(
  deps: Pick<CampaignDeps, 'store' | 'org'>,
  p: Principal,
  campaignId: string,
  version: number,
  format: 'json' | 'csv' | 'xlsx',
): Promise<{ body: string | Uint8Array; contentType: string; fileName: string }> {
  const { c, snap, paths } = await loadSnapshot(deps, p, campaignId, version);
  const view = scopedSnapshot(p, c, snap, paths);
  const base = `campaign-${c.id}-v${snap.version}`;
  if (format === 'json') {
    return {
      body: JSON.stringify(view.complete ? snap : view),
      contentType: 'application/json; charset=utf-8',
      fileName: `${base}.json`,
    };
  }
  const rows = snapshotTableRows(snap, view);
  if (format === 'csv') {
    const text = [SNAPSHOT_TABLE_HEADER.join(','), ...rows.map((r) => r.map(csvCell).join(','))].join('\r\n');
    return { body: `\uFEFF${text}\r\n`, contentType: 'text/csv; charset=utf-8', fileName: `${base}.csv` };
  }
  // exceljs is loaded by the first XLSX download, not at cold start.
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('ranking');
  ws.addRow(SNAPSHOT_TABLE_HEADER);
  for (const r of rows)
    ws.addRow(r.map((v) => (typeof v === 'number' && !Number.isFinite(v) ? null : safeCell(v))));
  const info = wb.addWorksheet('snapshot');
  info.addRows([
    ['campaign', c.id],
    ['version', snap.version],
    ['method', snap.methodVersion],
    ['contentHash', snap.contentHash],
    ['publishedAt', snap.publishedAt],
  ]);
  return {
    body: new Uint8Array(await wb.xlsx.writeBuffer()),
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    fileName: `${base}.xlsx`,
  };
}

/** A county's composite and indicator scores across the province's published campaigns (its trend). */
export async function countyTrend(deps: Pick<CampaignDeps, 'store' | 'org'>, p: Principal, countyId: string) {
  requireAction(p, 'campaign:read');
  const county = (await deps.org.getNodes([countyId])).get(countyId);
  const provinceId = county?.path.split('/')[0];
  if (county?.kind !== 'county' || !provinceId || !p.scopePath.split('/').includes(provinceId)) {
    throw new NotFoundError('区县', 'County');
  }
  const points = [];
  for (const c of await deps.store.listCampaigns(provinceId)) {
    if (c.latestVersion === 0 || !seesCounty(p, c, county)) continue;
    const snap = await deps.store.getSnapshot(c.id, c.latestVersion);
    const r = snap?.results.find((x) => x.countyId === countyId);
    if (!snap || !r) continue;
    points.push({
      campaignId: c.id,
      name: c.name,
      periodTo: c.periodTo,
      version: snap.version,
      composite: r.composite,
      indicators: r.indicators,
    });
  }
  // Another county's trend exists for the caller only where the province disclosed its figures;
  // one's own county (above a unit's scope, or within a city's) always does.
  const own = isWithin(county, p.scopeId) || p.scopePath.split('/').includes(county.id);
  if (points.length === 0 && !own) throw new NotFoundError('区县', 'County');
  return { countyId, name: county.name, points: points.sort((a, b) => (a.periodTo < b.periodTo ? -1 : 1)) };
}
