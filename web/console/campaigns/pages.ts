/**
 * The campaign pages: list and setup, one campaign (upload with progress and error report, uploads,
 * publish / reopen, versions), the ranking (sortable table with intervals, dot plot), a county's trend.
 */
import { h, replaceChildren } from '../../shared/dom';
import type { Campaign, CampaignResults, ChangeView, CountyTrend } from '../api-types';
import type { Ctx } from '../context';
import {
  busy,
  errorPanel,
  field,
  fmtDateTime,
  fmtRate,
  input,
  pageTitle,
  saveBlob,
  select,
  statusLine,
  table,
} from '../ui';
import { L, W } from './labels';
import { dotPlotLayout, type RankingRow, rankingRows, type SortKey, sortRows } from './model';
import { uploadForm } from './upload';
import type { UploadView } from './upload-model';

const UPLOAD_STATUS: Record<string, [string, string]> = {
  pending: W.pending,
  validating: W.validating,
  importing: W.importingRows,
  done: W.done,
  failed: W.failed,
  withdrawn: W.withdrawn,
  expired: W.expired,
};

const enc = encodeURIComponent;
const nameOf = (n: { 'zh-CN': string; en: string }) => L([n['zh-CN'], n.en]);
const num = (x: number | null | undefined, d = 1) =>
  x === null || x === undefined || Number.isNaN(x) ? '—' : x.toFixed(d);
const iv = (i: { low: number | null; high: number | null } | null, d = 1) =>
  i ? `${num(i.low, d)}–${num(i.high, d)}` : '—';

/**
 * `#/campaigns` for an agency analyst, who may not list the province's campaigns: how to reach the
 * upload page (the campaign link, or its id).
 */
function agencyEntry(ctx: Ctx, root: HTMLElement) {
  // `\-` in a class: Chromium compiles `pattern` with the `v` flag, where a bare `-` there is invalid.
  const id = input({ required: true, pattern: '[0-9A-Za-z\\-]{1,64}', maxlength: 64 });
  const form = h(
    'form',
    { class: 'box' },
    h('p', {}, L(W.agencyHint)),
    field(L(W.campaignId), id),
    h('button', { type: 'submit', class: 'btn primary' }, L(W.go)),
  );
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    if (id.value.trim()) ctx.go(`#/campaigns/${enc(id.value.trim())}`);
  });
  replaceChildren(root, pageTitle(L(W.upload)), form);
}

/** `#/campaigns`: the province's campaigns, and the setup form for province admins. */
export async function campaignListPage(ctx: Ctx, root: HTMLElement) {
  if (!ctx.can('campaign:read')) return agencyEntry(ctx, root);
  const body = h('div', { class: 'stack' }, h('p', { class: 'muted' }, '…'));
  replaceChildren(root, pageTitle(L(W.campaigns)), body, ctx.can('campaign:manage') ? setupForm(ctx) : null);
  try {
    const list = await ctx.api.get<Campaign[]>('/campaigns');
    replaceChildren(
      body,
      list.length === 0
        ? h(
            'div',
            { class: 'empty' },
            h('p', {}, L(W.none)),
            h('p', { class: 'muted' }, L(ctx.can('campaign:manage') ? W.noneManage : W.noneRead)),
          )
        : table(
            [L(W.name), L(W.period), L(W.agency), L(W.status)],
            list.map((c) => [
              h('a', { href: `#/campaigns/${enc(c.id)}` }, nameOf(c.name)),
              `${c.periodFrom} – ${c.periodTo}`,
              c.agencyName,
              c.status === 'published' ? `${L(W.published)} v${c.latestVersion}` : L(W.open),
            ]),
          ),
    );
  } catch (err) {
    replaceChildren(body, errorPanel(err));
  }
}

const DEFAULT_INDICATORS: [string, string, string, number][] = [
  ['overall', '群众满意度', 'Overall satisfaction', 0.3],
  ['window', '窗口服务', 'Window service', 0.2],
  ['traffic', '交通管理', 'Traffic management', 0.15],
  ['safety', '安全感', 'Sense of safety', 0.25],
  ['antigang', '扫黑除恶', 'Anti-gang work', 0.1],
];

function setupForm(ctx: Ctx): HTMLElement {
  const status = statusLine();
  const zh = input({ required: true, maxlength: 200 }, '');
  const en = input({ required: true, maxlength: 200 }, '');
  const from = input({ type: 'date', required: true, 'aria-label': L(W.periodFrom) });
  const to = input({ type: 'date', required: true, 'aria-label': L(W.periodTo) });
  const agencyId = input({ required: true, pattern: '[A-Z][A-Z0-9\\-]{1,39}' }, 'AGENCY-01');
  const agencyName = input({ required: true, maxlength: 100 });
  // The value goes in as input()'s argument: a `value` attribute would be overwritten by its default ''.
  const minSample = input({ type: 'number', min: 2, required: true }, 100);
  const disclosure = select(
    [
      ['own_county', L(W.ownCounty)],
      ['all_counties', L(W.allCounties)],
    ],
    'own_county',
  );
  const weights = DEFAULT_INDICATORS.map(([code, z, e, w]) => ({
    code,
    z,
    e,
    el: input({ type: 'number', step: '0.01', min: 0, max: 1, required: true }, w),
  }));
  const submit = h('button', { type: 'submit', class: 'btn primary' }, L(W.create));
  const form = h(
    'form',
    { class: 'box' },
    h('h2', {}, L(W.newCampaign)),
    field(`${L(W.name)} (中文)`, zh),
    field(`${L(W.name)} (English)`, en),
    field(L(W.period), h('div', { class: 'row' }, from, to)),
    field(L(W.agencyId), agencyId),
    field(L(W.agency), agencyName),
    field(L(W.minSample), minSample),
    field(L(W.disclosure), disclosure),
    h('fieldset', {}, h('legend', {}, L(W.weights)), ...weights.map((w) => field(L([w.z, w.e]), w.el))),
    submit,
    status.el,
  );
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    void busy(submit, status, async () => {
      const c = await ctx.api.post<Campaign>('/campaigns', {
        provinceId: ctx.me.scopeId,
        name: { 'zh-CN': zh.value.trim(), en: en.value.trim() },
        periodFrom: from.value,
        periodTo: to.value,
        indicators: weights.map((w) => ({
          code: w.code,
          name: { 'zh-CN': w.z, en: w.e },
          weight: Number(w.el.value),
        })),
        questions: weights.map((w) => ({
          id: `q_${w.code}`,
          indicator: w.code,
          text: { 'zh-CN': w.z, en: w.e },
        })),
        minSample: Number(minSample.value),
        agencyId: agencyId.value.trim(),
        agencyName: agencyName.value.trim(),
        disclosure: disclosure.value,
      });
      ctx.go(`#/campaigns/${enc(c.id)}`);
    });
  });
  return form;
}

/** `#/campaigns/:id`: settings, versions, uploads and the province's actions; the agency's upload form. */
export async function campaignPage(ctx: Ctx, id: string, root: HTMLElement) {
  replaceChildren(root, pageTitle(L(W.campaigns)), h('p', { class: 'muted' }, '…'));
  const reload = () => void campaignPage(ctx, id, root);
  if (!ctx.can('campaign:read') && ctx.can('campaign:upload')) {
    replaceChildren(
      root,
      pageTitle(L(W.upload)),
      templatePanel(ctx, id),
      uploadForm(ctx, id, () => {}),
    );
    return;
  }
  try {
    const c = await ctx.api.get<Campaign>(`/campaigns/${enc(id)}`);
    const parts: HTMLElement[] = [
      pageTitle(nameOf(c.name)),
      h('p', {}, `${c.periodFrom} – ${c.periodTo} · ${c.agencyName} · ${L(W.minSample)} ${c.minSample}`),
      h('p', {}, c.indicators.map((i) => `${nameOf(i.name)} ${i.weight}`).join(' · ')),
      h('p', {}, h('a', { href: `#/campaigns/${enc(id)}/ranking`, class: 'btn' }, L(W.ranking))),
    ];
    if (c.snapshots?.length) {
      parts.push(
        h('h2', {}, L(W.versions)),
        table(
          [L(W.version), L(['发布时间', 'Published at']), L(W.hash), L(W.download)],
          c.snapshots.map((s) => [
            `v${s.version}${s.note ? ` · ${s.note}` : ''}`,
            fmtDateTime(s.publishedAt),
            h('code', {}, s.contentHash.slice(0, 19)),
            h(
              'span',
              { class: 'row' },
              ...(['json', 'csv', 'xlsx'] as const).map((f) => downloadButton(ctx, id, s.version, f)),
            ),
          ]),
        ),
      );
    }
    if (ctx.can('campaign:manage')) parts.push(await managePanel(ctx, c, reload));
    replaceChildren(root, ...parts);
  } catch (err) {
    replaceChildren(root, pageTitle(L(W.campaigns)), errorPanel(err));
  }
}

/** The agency template of a campaign, as XLSX (with county codes and instructions) or CSV. */
function templatePanel(ctx: Ctx, id: string): HTMLElement {
  const status = statusLine();
  const get = (format: 'xlsx' | 'csv') => {
    const b = h('button', { type: 'button', class: 'btn' }, `${L(W.template)} (${format.toUpperCase()})`);
    b.addEventListener(
      'click',
      () =>
        void busy(b, status, async () => {
          const f = await ctx.api.blob(`/campaigns/${enc(id)}/template`, { format });
          saveBlob(f.blob, f.filename ?? `agency-template-${id}.${format}`);
        }),
    );
    return b;
  };
  return h(
    'section',
    { class: 'box' },
    h('div', { class: 'row' }, get('xlsx'), get('csv')),
    h('p', { class: 'muted small' }, L(W.templateHint)),
    status.el,
  );
}

function downloadButton(ctx: Ctx, id: string, version: number, format: 'json' | 'csv' | 'xlsx') {
  const b = h('button', { type: 'button', class: 'btn' }, format.toUpperCase());
  b.addEventListener('click', async () => {
    const { blob, filename } = await ctx.api.blob(`/campaigns/${enc(id)}/snapshots/${version}/download`, {
      format,
    });
    saveBlob(blob, filename ?? `campaign-${id}-v${version}.${format}`);
  });
  return b;
}

async function managePanel(ctx: Ctx, c: Campaign, reload: () => void): Promise<HTMLElement> {
  const status = statusLine();
  const uploads = await ctx.api.get<UploadView[]>(`/campaigns/${enc(c.id)}/uploads`);
  const actions: HTMLElement[] = [];
  if (c.status === 'open') {
    const pub = h('button', { type: 'button', class: 'btn primary' }, L(W.publish));
    pub.addEventListener('click', () => {
      if (!confirm(L(W.confirmPublish))) return;
      void busy(pub, status, async () => {
        await ctx.api.post(`/campaigns/${enc(c.id)}/publish`, {});
        reload();
      });
    });
    actions.push(
      h('a', { href: `#/campaigns/${enc(c.id)}/ranking?preview=1`, class: 'btn' }, L(W.preview)),
      pub,
    );
  } else {
    const reason = input({ maxlength: 500, required: true, placeholder: L(W.reason) });
    const re = h('button', { type: 'button', class: 'btn' }, L(W.reopen));
    re.addEventListener(
      'click',
      () =>
        void busy(re, status, async () => {
          await ctx.api.post(`/campaigns/${enc(c.id)}/reopen`, { reason: reason.value.trim() || '更正' });
          reload();
        }),
    );
    actions.push(reason, re);
  }
  const rows = uploads.map((u) => {
    const w = h(
      'button',
      { type: 'button', class: 'btn', disabled: c.status !== 'open' || u.status === 'withdrawn' },
      L(W.withdraw),
    );
    w.addEventListener('click', () => {
      if (!confirm(L(W.confirmWithdraw))) return;
      void busy(w as HTMLButtonElement, status, async () => {
        await ctx.api.post(`/campaigns/${enc(c.id)}/uploads/${enc(u.uploadId)}/withdraw`, {});
        reload();
      });
    });
    return [
      u.fileName,
      fmtDateTime(u.createdAt),
      UPLOAD_STATUS[u.status] ? L(UPLOAD_STATUS[u.status]!) : u.status,
      String(u.totalRows),
      String(u.accepted),
      String(u.duplicates),
      String(u.rejectedRows),
      w,
    ];
  });
  return h(
    'section',
    { class: 'box' },
    h('div', { class: 'row' }, ...actions),
    status.el,
    h('h2', {}, L(W.uploads)),
    rows.length === 0
      ? h('div', { class: 'empty' }, h('p', {}, L(W.noUploads)), templatePanel(ctx, c.id))
      : table(
          [
            L(W.file),
            L(W.uploadedAt),
            L(W.status),
            L(W.rows),
            L(W.accepted),
            L(W.duplicates),
            L(W.rejected),
            '',
          ],
          rows,
        ),
  );
}

/** `#/campaigns/:id/ranking?code&sort&asc&preview`: the sortable table and the dot plot. */
export async function rankingPage(ctx: Ctx, id: string, query: Record<string, string>, root: HTMLElement) {
  replaceChildren(root, pageTitle(L(W.ranking)), h('p', { class: 'muted' }, '…'));
  try {
    const c = await ctx.api.get<Campaign>(`/campaigns/${enc(id)}`);
    const view = query.preview
      ? await ctx.api
          .get<{ results: Parameters<typeof rankingRows>[0]; counties: { id: string; name: string }[] }>(
            `/campaigns/${enc(id)}/preview`,
          )
          .then((s) => ({ ...s, complete: true, distribution: {} as Record<string, unknown> }))
      : await ctx.api.get<CampaignResults>(`/campaigns/${enc(id)}/results`);
    const code = query.code || '_composite';
    const key = (query.sort as SortKey) || 'rank';
    const asc = query.asc !== '0';
    const names = Object.fromEntries(view.counties.map((k) => [k.id, k.name]));
    const rows = sortRows(rankingRows(view.results, names, code), key, asc);
    // Every county of the province is in scope; those without enough interviews would bury the
    // ranked ones, so they are counted and listed on request (`all=1`).
    const unranked = rows.filter((r) => r.rank === null).length;
    const showAll = query.all === '1' || unranked === rows.length;
    const listed = showAll ? rows : rows.filter((r) => r.rank !== null);
    const link = (q: Record<string, string>) =>
      `#/campaigns/${enc(id)}/ranking?${new URLSearchParams({ ...query, ...q }).toString()}`;
    const head = (label: string, k: SortKey) =>
      h('a', { href: link({ sort: k, asc: key === k && asc ? '0' : '1' }) }, label);
    const sortOf = (k: SortKey) => (key === k ? (asc ? 'ascending' : 'descending') : 'none');
    const pick = select(
      [
        ['_composite', L(W.composite)],
        ...c.indicators.map((i): [string, string] => [i.code, nameOf(i.name)]),
      ],
      code,
      (v) => ctx.go(link({ code: v })),
      { 'aria-label': L(W.indicator) },
    );
    const dist = (
      view.distribution as Record<
        string,
        { min: number; q1: number; median: number; q3: number; max: number } | undefined
      >
    )[code];
    const grid = table(
      [
        L(W.rank),
        L(W.county),
        L(W.score),
        L(W.ci),
        L(W.rate),
        L(W.n),
        L(W.neff),
        L(W.deff),
        L(W.maxWeightShare),
        L(W.smallArea),
        L(W.rankCi),
        L(W.group),
        L(W.qr),
        L(W.divergence),
      ],
      listed.map((r: RankingRow) => [
        r.rank === null ? h('span', { class: 'tag' }, L(W.insufficient)) : String(r.rank),
        h('a', { href: `#/campaigns/county/${enc(r.countyId)}` }, r.name),
        num(r.published, 2),
        iv(r.ci),
        fmtRate(r.rate),
        r.n === null ? '—' : String(r.n),
        num(r.effectiveN, 0),
        num(r.designEffect, 2),
        fmtRate(r.largestWeightShare),
        r.smallArea ? `${r.smallArea.score.toFixed(2)} (±${r.smallArea.rmse.toFixed(2)})` : '—',
        r.rankInterval ? `${r.rankInterval.low}–${r.rankInterval.high}` : '—',
        r.group === null ? '—' : String(r.group),
        num(r.qr),
        r.divergence ? h('span', { class: 'tag' }, r.divergence) : '',
      ]),
    );
    // Sortable headers replace the plain ones.
    const ths = grid.querySelectorAll('th');
    const sortable: [number, string, SortKey][] = [
      [0, L(W.rank), 'rank'],
      [1, L(W.county), 'name'],
      [2, L(W.score), 'score'],
      [4, L(W.rate), 'rate'],
      [5, L(W.n), 'n'],
      [11, L(W.qr), 'qr'],
    ];
    for (const [i, label, k] of sortable) {
      const th = ths[i] as HTMLElement;
      th.setAttribute('aria-sort', sortOf(k));
      replaceChildren(th, head(label, k));
    }
    replaceChildren(
      root,
      pageTitle(`${nameOf(c.name)} · ${L(W.ranking)}`),
      h('div', { class: 'row' }, pick),
      view.complete ? null : h('p', { class: 'muted' }, L(W.partial)),
      h('p', { class: 'muted small', 'data-note': 'joint' }, L(W.jointNote)),
      unranked > 0 && unranked < rows.length
        ? h(
            'p',
            { class: 'muted' },
            `${L(W.unrankedCount)} ${unranked} · `,
            h('a', { href: link({ all: showAll ? '' : '1' }) }, L(showAll ? W.hideUnranked : W.showUnranked)),
          )
        : null,
      dist
        ? h(
            'p',
            {},
            `${L(W.distribution)}: ${[dist.min, dist.q1, dist.median, dist.q3, dist.max].map((x) => x.toFixed(2)).join(' / ')}`,
          )
        : null,
      h('h2', {}, L(W.chart)),
      dotPlot(rows),
      grid,
      query.preview ? null : await changePanel(ctx, c, code, query, link),
    );
  } catch (err) {
    replaceChildren(root, pageTitle(L(W.ranking)), errorPanel(err));
  }
}

/**
 * The change since another published campaign of the province (`since=<id>` in the query): each
 * county's change with its interval and Holm-adjusted p, or, with `improved=1`, only the most
 * improved counties whose change can be told apart from zero. The server refuses campaigns that
 * cannot be compared and the panel shows its reason.
 */
async function changePanel(
  ctx: Ctx,
  c: Campaign,
  code: string,
  query: Record<string, string>,
  link: (q: Record<string, string>) => string,
): Promise<HTMLElement | null> {
  const others = (await ctx.api.get<Campaign[]>('/campaigns')).filter(
    (o) => o.id !== c.id && o.latestVersion > 0,
  );
  if (others.length === 0) return null;
  const since = query.since ?? '';
  const pickSince = select(
    [
      ['', L(W.changeNone)],
      ...others.map((o): [string, string] => [o.id, `${nameOf(o.name)}（${o.periodTo}）`]),
    ],
    since,
    (v) => ctx.go(link({ since: v })),
    { 'aria-label': L(W.changeSince) },
  );
  const head = h('div', { class: 'row' }, h('h2', {}, L(W.changeSince)), pickSince);
  if (!since) return h('section', { 'data-panel': 'change' }, head);
  try {
    const v = await ctx.api.get<ChangeView>(
      `/campaigns/${enc(c.id)}/changes?${new URLSearchParams({ from: since, indicator: code }).toString()}`,
    );
    const improvedOnly = query.improved === '1';
    const byId = new Map(v.changes.map((x) => [x.countyId, x]));
    const listed = improvedOnly ? v.mostImproved.map((id) => byId.get(id)!) : v.changes;
    const signed = (x: number) => `${x > 0 ? '+' : ''}${x.toFixed(2)}`;
    return h(
      'section',
      { 'data-panel': 'change' },
      head,
      h('p', { class: 'muted small' }, L(W.changeNote).replace('{n}', String(v.compared))),
      h(
        'p',
        {},
        h(
          'a',
          { href: link({ improved: improvedOnly ? '' : '1' }) },
          L(improvedOnly ? W.changeAll : W.changeImproved),
        ),
      ),
      listed.length === 0
        ? h('p', { class: 'muted' }, L(W.changeNoneImproved))
        : table(
            [L(W.county), L(W.changeFrom), L(W.changeTo), L(W.change), L(W.ci), L(W.changeP), ''],
            listed.map((x) => [
              x.name,
              x.from.toFixed(2),
              x.to.toFixed(2),
              signed(x.change),
              `${signed(x.ci.low)} – ${signed(x.ci.high)}`,
              x.pHolm < 0.001 ? '< 0.001' : x.pHolm.toFixed(3),
              x.distinguishable
                ? h('span', { class: 'tag' }, L(x.change > 0 ? W.changeUp : W.changeDown))
                : '',
            ]),
          ),
    );
  } catch (err) {
    return h('section', { 'data-panel': 'change' }, head, errorPanel(err));
  }
}

const SVG = 'http://www.w3.org/2000/svg';
function svg(tag: string, attrs: Record<string, string | number>, text?: string): SVGElement {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = text;
  return el;
}

/** Dot plot with 95% intervals, ordered by rank; alternating groups are shaded differently. */
function dotPlot(rows: RankingRow[]): SVGElement {
  const width = 720;
  const lay = dotPlotLayout(rows, width);
  const root = svg('svg', {
    viewBox: `0 0 ${width} ${lay.height}`,
    width: '100%',
    role: 'img',
    'aria-label': L(W.chart),
  });
  for (const a of lay.axis) {
    root.appendChild(svg('line', { x1: a.x, x2: a.x, y1: 10, y2: lay.height - 10, stroke: '#ccc' }));
    root.appendChild(
      svg('text', { x: a.x, y: 10, 'font-size': 10, 'text-anchor': 'middle' }, a.v.toFixed(0)),
    );
  }
  for (const p of lay.points) {
    const colour = (p.group ?? 0) % 2 === 0 ? '#8a5a00' : '#1f4e9c';
    root.appendChild(svg('text', { x: 2, y: p.y + 4, 'font-size': 10 }, p.label));
    root.appendChild(
      svg('line', { x1: p.x1, x2: p.x2, y1: p.y, y2: p.y, stroke: colour, 'stroke-width': 2 }),
    );
    root.appendChild(svg('circle', { cx: p.x, cy: p.y, r: 3, fill: colour }));
  }
  return root;
}

/** `#/campaigns/county/:countyId`: a county's scores across the province's published campaigns. */
export async function countyTrendPage(ctx: Ctx, countyId: string, root: HTMLElement) {
  replaceChildren(root, pageTitle(L(W.trend)), h('p', { class: 'muted' }, '…'));
  try {
    const t = await ctx.api.get<CountyTrend>(`/campaigns/counties/${enc(countyId)}/trend`);
    replaceChildren(
      root,
      pageTitle(`${nameOf(t.name)} · ${L(W.trend)}`),
      t.points.length === 0
        ? h('p', { class: 'muted' }, L(W.notPublished))
        : table(
            [L(W.name), L(W.period), L(W.version), L(W.composite), L(W.ci), L(W.rank), L(W.rankCi)],
            t.points.map((p) => [
              h('a', { href: `#/campaigns/${enc(p.campaignId)}/ranking` }, nameOf(p.name)),
              p.periodTo,
              `v${p.version}`,
              p.composite.status === 'ranked' ? num(p.composite.published, 2) : L(W.insufficient),
              iv(p.composite.ci),
              p.composite.rank === undefined ? '—' : String(p.composite.rank),
              p.composite.rankInterval
                ? `${p.composite.rankInterval.low}–${p.composite.rankInterval.high}`
                : '—',
            ]),
          ),
    );
  } catch (err) {
    replaceChildren(root, pageTitle(L(W.trend)), errorPanel(err));
  }
}
