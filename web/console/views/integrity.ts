/**
 * The ballot-integrity report (province only): per unit, its counted and quarantined
 * ballots, its bursts and flags, and its QR score beside the agency's, in a sortable table that
 * downloads as CSV. In a demo deployment the province admin can run the stuffing simulation from
 * here and then reads its day's report.
 *
 * Primary course:
 * 1. Read `GET /integrity/report?from&to`; a role without `integrity:read` sees the server's refusal.
 * 2. Show the units, largest quarantined share first; a column header sorts by that column.
 * 3. "Download CSV" saves the table as shown, every text cell neutralised against formulas.
 * 4. When the server says so (`simulationsEnabled`), a button runs the simulation (once at a
 *    time, busy while it runs), then opens the report of its day with the per-pattern result.
 */
import type { IntegrityFlag } from '../../../functions/domain/integrity/signals';
import { type CellValue, safeCell } from '../../../functions/domain/spreadsheet-safety';
import type { UnitIntegrityLine } from '../../../functions/services/integrity/integrity-report';
import type { SimulationReport } from '../../../functions/services/integrity/simulation-port';
import { type Child, h, replaceChildren } from '../../shared/dom';
import type { IntegrityReportView } from '../api-types';
import type { Ctx } from '../context';
import { fill, L, locale, type Pair, pick, t } from '../i18n';
import { defaultPeriod, type Route, routeHref } from '../routes';
import { button, errorPanel, fmtRate, fmtScore, pageTitle, saveBlob, scrollBox, statusLine } from '../ui';
import { periodForm } from './period-form';

/** The report as the API sends it. */
export type { IntegrityReportView };

const W = {
  title: ['评价真实性报告', 'Ballot integrity report'],
  intro: [
    '被隔离的评价照常保存，但不计入正式统计。本报告仅省级可见。',
    'Quarantined ballots are kept but left out of the official figures. Only the province sees this report.',
  ],
  unit: ['单位', 'Unit'],
  counted: ['计入', 'Counted'],
  quarantined: ['隔离', 'Quarantined'],
  share: ['隔离占比', 'Quarantined share'],
  burst: ['短时集中提交', 'Burst ballots'],
  flags: ['异常标记', 'Flags'],
  qr: ['扫码得分', 'QR score'],
  agency: ['第三方得分', 'Agency score'],
  divergence: ['差值', 'Divergence'],
  caption: [
    '差值 = 扫码自评得分 − 第三方测评综合得分，按测评活动的等级分值换算，方括号内为 95% 区间。与快照采用同一规则：第三方已排名、扫码评价不少于 30 张时才比较；差值达到活动设定的阈值且区间不含 0 的，以红色粗体加 ⚠ 标出，说明扫码评价与随机抽样的第三方测评明显不符，可能存在引导评价或刷票。点击列标题可排序。',
    "Divergence = QR score − the agency's composite, on the campaign's level scores, with its 95% interval in brackets. The same rule as the published snapshot: compared only when the agency ranked the county and there are at least 30 QR ballots; a divergence at or beyond the campaign's threshold whose interval excludes 0 is shown in bold red with ⚠: the self-selected QR ratings disagree with the agency's random sample, a sign of coached or stuffed ratings. Click a column header to sort.",
  ],
  none: ['所选时间段内没有评价。', 'No ballots in this period.'],
  csv: ['下载 CSV', 'Download CSV'],
  downloaded: ['已下载 ', 'Downloaded '],
  simulate: ['运行刷票模拟（演示）', 'Run stuffing simulation (demo)'],
  simConfirm: [
    '将在今天向演示窗口提交约 1000 条模拟评价（刷票样本与正常样本），需要一两分钟。确定运行吗？',
    'This submits about 1000 simulated ballots (stuffing and genuine) to the demo windows today and takes a minute or two. Run it?',
  ],
  simRunning: [
    '正在运行刷票模拟（约 1000 条评价，需一两分钟）…',
    'Running the stuffing simulation (about 1000 ballots, a minute or two)…',
  ],
  simElapsed: ['已用 {s} 秒', '{s} s so far'],
  simDone: ['模拟完成，下表为 {day} 的报告。', 'Simulation done; below is the report of {day}.'],
  simTitle: ['刷票模拟结果', 'Stuffing simulation result'],
  simPattern: ['模式', 'Pattern'],
  simSent: ['提交', 'Sent'],
  simQuarantined: ['被隔离', 'Quarantined'],
  simFpr: ['正常评价误判率：{rate}', 'Genuine ballots wrongly quarantined: {rate}'],
  genuine: ['正常评价', 'Genuine ballots'],
} satisfies Record<string, Pair>;

/** Why the divergence rule made no comparison. */
const NOT_COMPARED: Record<string, Pair> = {
  agency_unranked: ['第三方未排名', 'agency: not ranked'],
  qr_too_few: ['扫码评价不足 30 张', 'fewer than 30 QR ballots'],
  qr_scale_incompatible: ['量表不可比', 'scales not comparable'],
};

/** Readable names of the integrity flags (functions/domain/integrity/signals.ts). */
export const FLAG_LABELS: Record<IntegrityFlag, Pair> = {
  tokenLimit: ['单码超限', 'Over the per-code limit'],
  deviceLimit: ['单设备超限', 'Over the per-device limit'],
  networkLimit: ['同网段超限', 'Over the per-network limit'],
  deviceReuse: ['设备多点复用', 'One device at many windows'],
  burst: ['短时集中提交', 'Burst'],
  outsideHours: ['非办公时间', 'Outside opening hours'],
  afterHours: ['下班后', 'After hours'],
  unitNetwork: ['单位内网提交', 'From the unit’s own network'],
  tooFast: ['用时过短', 'Too fast'],
  fasterThanMedian: ['远快于中位用时', 'Far faster than the median'],
  clockSkew: ['时间异常', 'Clock skew'],
  openTimeUnknown: ['打开时间未知', 'Open time unknown'],
  straightLining: ['全部同一选项', 'Straight-lining'],
  sameAnswers: ['答案雷同', 'Identical answers'],
  noDevice: ['无设备标识', 'No device id'],
};

/** The simulation's patterns (local/stuffing-simulation.ts). */
const PATTERN_LABELS: Record<string, Pair> = {
  mass: ['同一设备批量刷票 500 条', '500 ballots from one device'],
  burst: ['短时集中提交', 'Burst at one window'],
  night: ['深夜提交', 'At night'],
  unitNet: ['单位内网提交', 'From the unit’s network'],
  reuse: ['一部手机多点评价', 'One phone at many windows'],
  straight: ['全部同一选项', 'Straight-lining'],
  fast: ['用时过短', 'Too fast'],
};

export const flagLabel = (flag: string): string =>
  flag in FLAG_LABELS ? L(FLAG_LABELS[flag as IntegrityFlag]) : flag;

/** The sortable columns. */
export type SortKey =
  | 'name'
  | 'counted'
  | 'quarantined'
  | 'quarantinedShare'
  | 'burstBallots'
  | 'qrScore'
  | 'agencyScore'
  | 'divergence';
export interface Sort {
  key: SortKey;
  desc: boolean;
}
export const DEFAULT_SORT: Sort = { key: 'quarantinedShare', desc: true };

const unitName = (u: UnitIntegrityLine) => pick(u.name) || u.unitId;

/**
 * The lines in display order. Units without a value in the column come last either way; ties go
 * to the unit with more quarantined ballots, then by name, so the default order puts the heaviest
 * stuffing first.
 */
export function sortLines(lines: readonly UnitIntegrityLine[], sort: Sort): UnitIntegrityLine[] {
  const value = (u: UnitIntegrityLine) => (sort.key === 'name' ? unitName(u) : u[sort.key]);
  return [...lines].sort((a, b) => {
    const x = value(a);
    const y = value(b);
    if (x === undefined || y === undefined) {
      if (x !== y) return x === undefined ? 1 : -1;
    } else if (x !== y) {
      const c = typeof x === 'string' ? x.localeCompare(String(y), 'zh-CN') : x - (y as number);
      return sort.desc ? -c : c;
    }
    return b.quarantined - a.quarantined || unitName(a).localeCompare(unitName(b), 'zh-CN');
  });
}

/** The flags of a line, most frequent first. */
const flagsOf = (u: UnitIntegrityLine): [string, number][] =>
  Object.entries(u.flags).sort(([a, x], [b, y]) => y - x || a.localeCompare(b));

/** Highlighted when the server's divergence rule flagged it (the one rule of snapshot and report). */
export const divergenceAlert = (u: Pick<UnitIntegrityLine, 'divergenceFlagged'>): boolean =>
  u.divergenceFlagged === true;

const signed = (x: number) => `${x > 0 ? '+' : ''}${x.toFixed(1)}`;

export function fmtDivergence(
  u: Pick<UnitIntegrityLine, 'divergence' | 'divergenceCi' | 'divergenceFlagged' | 'divergenceNotCompared'>,
): string {
  if (u.divergence === undefined)
    return u.divergenceNotCompared ? `— (${L(NOT_COMPARED[u.divergenceNotCompared]!)})` : '—';
  const ci = u.divergenceCi ? ` [${signed(u.divergenceCi.low)}, ${signed(u.divergenceCi.high)}]` : '';
  return `${signed(u.divergence)}${ci}${divergenceAlert(u) ? ' ⚠' : ''}`;
}

const HEAD: [SortKey | 'flags', Pair][] = [
  ['name', W.unit],
  ['counted', W.counted],
  ['quarantined', W.quarantined],
  ['quarantinedShare', W.share],
  ['burstBallots', W.burst],
  ['qrScore', W.qr],
  ['agencyScore', W.agency],
  ['divergence', W.divergence],
  // Last: the widest cell, so the figures stay side by side.
  ['flags', W.flags],
];

/** One CSV field, RFC 4180-quoted after the same formula neutralising as the server's exports. */
function csvField(value: CellValue): string {
  const cell = safeCell(value);
  if (cell === null) return '';
  const text = String(cell);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The table as CSV for Excel and WPS: UTF-8 with a BOM, CRLF rows, the headers of the current locale. */
export function reportCsv(lines: readonly UnitIntegrityLine[]): string {
  const header = [locale() === 'en' ? 'Unit id' : '单位编号', ...HEAD.map(([, p]) => L(p))];
  const rows: CellValue[][] = lines.map((u) => [
    u.unitId,
    unitName(u),
    u.counted,
    u.quarantined,
    `${(u.quarantinedShare * 100).toFixed(1)}%`,
    u.burstBallots,
    u.qrScore,
    u.agencyScore,
    u.divergence,
    flagsOf(u)
      .map(([f, n]) => `${flagLabel(f)} ${n}`)
      .join(locale() === 'en' ? '; ' : '；'),
  ]);
  return `\uFEFF${[header, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n')}\r\n`;
}

function reportTable(lines: readonly UnitIntegrityLine[], sort: Sort, onSort: (s: Sort) => void) {
  const th = ([key, label]: (typeof HEAD)[number]) => {
    if (key === 'flags') return h('th', { scope: 'col' }, L(label));
    const active = sort.key === key;
    const next: Sort = { key, desc: active ? !sort.desc : key !== 'name' };
    const cell = h(
      'th',
      {
        scope: 'col',
        'aria-sort': active ? (sort.desc ? 'descending' : 'ascending') : null,
        'data-col': key,
      },
      button([L(label), active ? (sort.desc ? ' ▼' : ' ▲') : ''], () => onSort(next), { class: 'btn link' }),
    );
    // Through the CSSOM, which the console's CSP allows (no style attribute): headers on one line.
    if (key !== 'name') cell.style.whiteSpace = 'nowrap';
    return cell;
  };
  const td = (c: Child, cls?: string) => h('td', { class: cls ?? null }, c);
  return h(
    'table',
    { class: 'grid integrity' },
    h('caption', { class: 'muted small' }, L(W.caption)),
    h('thead', {}, h('tr', {}, ...HEAD.map(th))),
    h(
      'tbody',
      {},
      ...lines.map((u) =>
        h(
          'tr',
          { 'data-unit': u.unitId },
          td(h('span', {}, unitName(u), h('br'), h('span', { class: 'muted small' }, u.unitId))),
          td(String(u.counted)),
          td(String(u.quarantined)),
          td(fmtRate(u.quarantinedShare), 'share'),
          td(String(u.burstBallots)),
          td(fmtScore(u.qrScore)),
          td(fmtScore(u.agencyScore)),
          td(fmtDivergence(u), divergenceAlert(u) ? 'bad divergence' : 'divergence'),
          td(
            h(
              'span',
              { class: 'flags' },
              ...flagsOf(u).flatMap(([f, n]) => [
                h('span', { class: 'tag', 'data-flag': f }, `${flagLabel(f)} ${n}`),
                ' ',
              ]),
            ),
          ),
        ),
      ),
    ),
  );
}

function simulationResult(r: SimulationReport): HTMLElement {
  const row = (label: string, sent: number, quarantined: number) =>
    h('tr', {}, h('td', {}, label), h('td', {}, String(sent)), h('td', {}, String(quarantined)));
  return h(
    'section',
    { class: 'card simulation-result' },
    h('h2', {}, `${L(W.simTitle)} · ${r.day}`),
    h(
      'table',
      { class: 'grid' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ...[W.simPattern, W.simSent, W.simQuarantined].map((p) => h('th', { scope: 'col' }, L(p))),
        ),
      ),
      h(
        'tbody',
        {},
        ...Object.entries(r.patterns).map(([name, p]) =>
          row(PATTERN_LABELS[name] ? L(PATTERN_LABELS[name]) : name, p.sent, p.quarantined),
        ),
        r.genuine.sent > 0 && row(L(W.genuine), r.genuine.sent, r.genuine.quarantined),
      ),
    ),
    r.genuine.sent > 0 &&
      h('p', { class: 'muted' }, fill(L(W.simFpr), { rate: fmtRate(r.falsePositiveRate) })),
  );
}

/**
 * The last simulation of this session (shown on the report of its day) and the one under way, if
 * any: a page drawn while it runs (after going elsewhere and back) follows it instead of offering
 * a second run.
 */
const simulation: {
  last: SimulationReport | null;
  pending: Promise<SimulationReport> | null;
  startedAt: number;
} = { last: null, pending: null, startedAt: 0 };

function simulateButton(ctx: Ctx, root: HTMLElement): HTMLElement {
  const status = statusLine();
  const running = h('p', { class: 'running' });
  const btn = button(L(W.simulate), () => {
    // The click guard: one run at a time (the server refuses a second one too, with 409).
    if (simulation.pending || !window.confirm(L(W.simConfirm))) return;
    simulation.startedAt = Date.now();
    simulation.pending = ctx.api
      .post<SimulationReport>('/integrity/simulations', {})
      .then((r) => {
        simulation.last = r;
        return r;
      })
      .finally(() => {
        simulation.pending = null;
      });
    void follow();
  });
  async function follow() {
    const pending = simulation.pending;
    if (!pending) return;
    btn.disabled = true;
    btn.setAttribute('aria-busy', 'true');
    // Announced once; the seconds tick beside it, out of the live region so they are not read out.
    status.say('');
    const elapsed = h('span', { class: 'muted', 'aria-hidden': 'true' });
    replaceChildren(running, h('span', { role: 'status' }, L(W.simRunning)), ' ', elapsed);
    const tick = () =>
      replaceChildren(
        elapsed,
        fill(L(W.simElapsed), { s: Math.round((Date.now() - simulation.startedAt) / 1000) }),
      );
    tick();
    const timer = setInterval(tick, 1000);
    try {
      const r = await pending;
      status.say(fill(L(W.simDone), { day: r.day }));
      if (root.isConnected) ctx.go(routeHref('integrity', [], { from: r.day, to: r.day }));
    } catch (err) {
      status.fail(err);
    } finally {
      clearInterval(timer);
      replaceChildren(running);
      btn.disabled = false;
      btn.removeAttribute('aria-busy');
    }
  }
  void follow();
  return h('div', { class: 'actions' }, btn, running, status.el);
}

/** `#/integrity?from&to` (the server allows 1–92 days). */
export async function integrityPage(ctx: Ctx, route: Route, root: HTMLElement): Promise<void> {
  const def = defaultPeriod(new Date());
  const q = { from: route.query.from || def.from, to: route.query.to || def.to };
  const body = h('div', { class: 'stack' }, h('p', { class: 'muted' }, t('loading')));
  replaceChildren(
    root,
    pageTitle(L(W.title)),
    ctx.can('integrity:read') &&
      periodForm(q, (p) => ctx.go(routeHref('integrity', [], { from: p.from, to: p.to }))),
    body,
  );
  let report: IntegrityReportView;
  try {
    // Asked even when the menu hides the page: a shared link shows the server's refusal.
    report = await ctx.api.get<IntegrityReportView>('/integrity/report', q);
  } catch (err) {
    replaceChildren(body, errorPanel(err));
    return;
  }
  let sort = DEFAULT_SORT;
  const tableBox = scrollBox(L(W.title));
  const draw = () => {
    replaceChildren(
      tableBox,
      reportTable(sortLines(report.units, sort), sort, (s) => {
        sort = s;
        draw();
        tableBox.querySelector<HTMLElement>(`th[data-col="${s.key}"] button`)?.focus();
      }),
    );
  };
  const csvStatus = statusLine();
  const csv = button(L(W.csv), () => {
    const name = `integrity-${report.from}-${report.to}.csv`;
    saveBlob(new Blob([reportCsv(sortLines(report.units, sort))], { type: 'text/csv;charset=utf-8' }), name);
    csvStatus.say(L(W.downloaded) + name);
  });
  const last = simulation.last;
  replaceChildren(
    body,
    h('p', { class: 'muted' }, L(W.intro)),
    report.simulationsEnabled && simulateButton(ctx, root),
    last && last.day >= report.from && last.day <= report.to && simulationResult(last),
    report.units.length === 0
      ? h('p', { class: 'muted' }, L(W.none))
      : h('div', { class: 'stack' }, h('div', { class: 'actions' }, csv, csvStatus.el), tableBox),
  );
  if (report.units.length > 0) draw();
}
