/**
 * The dashboard of one node (a unit or a whole subtree): totals with their sample size, the
 * satisfaction rate and score over time (uPlot, with the same numbers in a table for screen
 * readers), the distribution of answers per question, and the recent comments — as text only.
 */
import uPlot from 'uplot';
import { h, replaceChildren } from '../../shared/dom';
import type { Ctx } from '../context';
import { pick, t } from '../i18n';
import { SATISFACTION_LABEL_KEYS } from '../labels';
import { defaultPeriod, type Route, routeHref } from '../routes';
import type { Dashboard, DashboardPoint, DashboardQuestion } from '../types';
import { errorPanel, fmtDateTime, fmtRate, fmtScore, pageTitle, table } from '../ui';
import { nodePicker } from './node-picker';
import { periodForm } from './period-form';
import { axisFloor, trendView } from './trend-model';

/** Below this many ballots (respondents, not answers) a rate says little. */
const SMALL_SAMPLE = 30;

function card(label: string, value: string, note?: string): HTMLElement {
  return h(
    'div',
    { class: 'card' },
    h('p', { class: 'card-label' }, label),
    h('p', { class: 'card-value' }, value),
    note && h('p', { class: 'muted small' }, note),
  );
}

/** A horizontal bar: label, a fill sized through the CSSOM (allowed by the CSP), count and share. */
function bar(label: string, count: number, total: number): HTMLElement {
  const share = total > 0 ? count / total : 0;
  const fill = h('span', { class: 'bar-fill' });
  fill.style.width = `${(share * 100).toFixed(1)}%`;
  return h(
    'div',
    { class: 'bar-row' },
    h('span', { class: 'bar-label' }, label),
    h('span', { class: 'bar', 'aria-hidden': 'true' }, fill),
    h('span', { class: 'bar-num' }, `${count}（${(share * 100).toFixed(1)}%）`),
  );
}

function questionCard(q: DashboardQuestion): HTMLElement {
  let rows: [string, number][] = [];
  if (q.type === 'satisfaction' && q.distribution) {
    rows = [5, 4, 3, 2, 1].map((l) => [t(SATISFACTION_LABEL_KEYS[l]!), q.distribution?.[String(l)] ?? 0]);
  } else if (q.distribution) {
    rows = Object.entries(q.distribution).sort(([a], [b]) => Number(b) - Number(a));
  } else if (q.options) {
    rows = Object.entries(q.options).map(([id, c]) => [pick(q.optionTexts?.[id]) || id, c]);
  }
  const total = rows.reduce((s, [, c]) => s + c, 0);
  return h(
    'section',
    { class: 'qcard' },
    h('h3', {}, pick(q.text)),
    h(
      'p',
      { class: 'muted small' },
      `${t(`type_${q.type}`)} · n = ${q.n}`,
      q.mean !== undefined && q.mean !== null ? ` · ${t('mean')} ${q.mean.toFixed(2)}` : '',
    ),
    ...rows.map(([label, c]) => bar(label, c, q.type === 'multiple' ? Math.max(q.n, 1) : total)),
  );
}

function seriesTable(series: DashboardPoint[]): HTMLElement {
  return h(
    'details',
    { class: 'data' },
    h('summary', {}, `${t('chartTitle')}（${t('view')}）`),
    h(
      'table',
      { class: 'grid' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ...[t('period'), t('totResponses'), t('totRate'), t('totScore')].map((x) =>
            h('th', { scope: 'col' }, x),
          ),
        ),
      ),
      h(
        'tbody',
        {},
        ...series.map((p) =>
          h(
            'tr',
            {},
            h('td', {}, p.period),
            h('td', {}, String(p.responses)),
            h('td', {}, fmtRate(p.satisfactionRate)),
            h('td', {}, fmtScore(p.score)),
          ),
        ),
      ),
    ),
  );
}

/** Rates come as fractions; the chart plots percentages beside the 0–100 score. */
const asPercent = (x: number | null): number | null => (x === null ? null : Math.round(x * 1000) / 10);

/**
 * The trend: lines through consecutive periods with ballots, a gap where a period has none (never
 * a line across it), and each point drawn, so a lone day between gaps stays visible.
 */
function chart(box: HTMLElement, series: DashboardPoint[]): void {
  const xs = series.map((_, i) => i);
  const rate = series.map((p) => asPercent(p.satisfactionRate));
  const score = series.map((p) => p.score);
  const width = () => Math.max(280, box.clientWidth - 8);
  const point = { show: true, size: 7 };
  const plot = new uPlot(
    {
      width: width(),
      height: 260,
      scales: { x: { time: false }, y: { range: [axisFloor([...rate, ...score]), 100] } },
      axes: [
        {
          values: (_u, ticks) => ticks.map((i) => (Number.isInteger(i) ? (series[i]?.period ?? '') : '')),
          space: 90,
        },
        { label: '%' },
      ],
      series: [
        { label: t('period'), value: (_u, i) => (i === null ? '—' : (series[i]?.period ?? '')) },
        { label: t('chartRate'), stroke: '#0b57d0', width: 2, points: point, spanGaps: false },
        {
          label: t('chartScore'),
          stroke: '#a4262c',
          width: 2,
          dash: [6, 4],
          points: point,
          spanGaps: false,
        },
      ],
    },
    [xs, rate, score] as uPlot.AlignedData,
    box,
  );
  if (typeof ResizeObserver === 'function') {
    const ro = new ResizeObserver(() => {
      if (!box.isConnected) return ro.disconnect();
      plot.setSize({ width: width(), height: 260 });
    });
    ro.observe(box);
  }
}

/** The trend panel (see trendView): a chart, the one period in words, or that there is nothing. */
function trendPanel(series: DashboardPoint[]): { el: HTMLElement; draw(): void } {
  const view = trendView(series);
  const chartBox = h('div', { class: 'chart', role: 'img', 'aria-label': t('chartTitle') });
  let shown: HTMLElement;
  if (view.kind === 'empty') shown = h('p', { class: 'muted' }, t('chartEmpty'));
  else if (view.kind === 'single') {
    const p = view.point;
    shown = h(
      'p',
      { class: 'chart-single' },
      t('chartSingle', {
        period: p.period,
        responses: p.responses,
        rate: fmtRate(p.satisfactionRate),
        score: fmtScore(p.score),
      }),
    );
  } else shown = chartBox;
  const el = h(
    'section',
    { class: 'panel' },
    h('h2', {}, t('chartTitle')),
    shown,
    view.kind === 'chart' &&
      view.gaps &&
      h('p', { class: 'muted small' }, t('chartGaps', { n: view.withData, total: series.length })),
    view.kind !== 'empty' && seriesTable(series),
  );
  return { el, draw: () => view.kind === 'chart' && chart(chartBox, series) };
}

/** `#/dashboard?nodeId&from&to&granularity`. */
export async function dashboardPage(ctx: Ctx, route: Route, root: HTMLElement): Promise<void> {
  const def = defaultPeriod(new Date());
  const q = {
    nodeId: route.query.nodeId || ctx.nodeId,
    from: route.query.from || def.from,
    to: route.query.to || def.to,
    granularity: (['day', 'week', 'month'].includes(route.query.granularity ?? '')
      ? route.query.granularity
      : 'day') as 'day' | 'week' | 'month',
  };
  ctx.nodeId = q.nodeId;
  const body = h('div', { class: 'stack' }, h('p', { class: 'muted' }, t('loading')));
  const title = pageTitle(t('dashTitle'));
  replaceChildren(root, title, body);
  try {
    const [picker, data] = await Promise.all([
      nodePicker(ctx, q.nodeId, (id) => ctx.go(routeHref('dashboard', [], { ...q, nodeId: id }))),
      ctx.api.get<Dashboard>('/dashboard', q),
    ]);
    const { responses, n } = data.totals;
    const rateNote = responses > 0 && responses < SMALL_SAMPLE ? t('smallSample') : undefined;
    const perBallot = responses > 0 ? t('totNNote', { k: (n / responses).toFixed(1) }) : undefined;
    const trend = trendPanel(data.series);
    replaceChildren(
      body,
      picker.el,
      periodForm(q, (p) => ctx.go(routeHref('dashboard', [], { ...q, ...p }))),
      data.figuresUntil &&
        h('p', { class: 'muted small figures-until' }, t('figuresUntil', { day: data.figuresUntil })),
      h(
        'div',
        { class: 'cards' },
        card(t('totResponses'), String(responses), t('totResponsesNote')),
        card(t('totN'), String(n), perBallot),
        card(t('totRate'), fmtRate(data.totals.satisfactionRate), rateNote),
        card(t('totScore'), fmtScore(data.totals.score)),
      ),
      trend.el,
      h(
        'section',
        { class: 'panel' },
        h('h2', {}, t('questionsTitle')),
        data.questions.length > 0
          ? h('div', { class: 'qgrid' }, ...data.questions.map(questionCard))
          : h('p', { class: 'muted' }, t('none')),
      ),
      (data.matters ?? []).length > 0 &&
        h(
          'section',
          { class: 'panel', 'data-matters': 'true' },
          h('h2', {}, t('mattersTitle')),
          table(
            [t('matter'), t('totResponses'), t('totRate'), t('totScore')],
            data.matters.map((m) => [
              m.matter,
              String(m.responses),
              fmtRate(m.satisfactionRate),
              fmtScore(m.score),
            ]),
            t('mattersTitle'),
          ),
        ),
      h(
        'section',
        { class: 'panel' },
        h('h2', {}, t('commentsTitle')),
        data.recentComments.length > 0
          ? h(
              'ul',
              { class: 'comments' },
              ...data.recentComments.map((c) =>
                h(
                  'li',
                  { class: 'comment' },
                  h(
                    'p',
                    { class: 'comment-meta' },
                    h('a', { href: routeHref('responses', [c.responseId]) }, fmtDateTime(c.submittedAt)),
                  ),
                  // Citizens' free text: a text node, never markup.
                  h('p', { class: 'comment-text' }, c.comment),
                ),
              ),
            )
          : h('p', { class: 'muted' }, t('none')),
      ),
    );
    trend.draw();
  } catch (err) {
    replaceChildren(body, errorPanel(err));
  }
}
