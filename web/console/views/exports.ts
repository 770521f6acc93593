/**
 * Exports: responses and aggregates as CSV or XLSX. The files need the bearer token, so they are
 * fetched, then saved from a blob (a plain link could not authenticate).
 */
import { h, replaceChildren } from '../../shared/dom';
import type { Ctx } from '../context';
import { t } from '../i18n';
import { defaultPeriod, type Route, routeHref } from '../routes';
import { busy, button, errorPanel, pageTitle, saveBlob, statusLine } from '../ui';
import { nodePicker } from './node-picker';
import { periodForm } from './period-form';

/** `#/exports?nodeId&from&to&granularity`. */
export async function exportsPage(ctx: Ctx, route: Route, root: HTMLElement): Promise<void> {
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
  replaceChildren(root, pageTitle(t('xTitle')), body);
  try {
    const picker = await nodePicker(ctx, q.nodeId, (id) =>
      ctx.go(routeHref('exports', [], { ...q, nodeId: id })),
    );
    const status = statusLine();
    const download = (path: string, query: Record<string, string>, fallback: string) =>
      button(
        fallback.split('.').pop()!.toUpperCase(),
        (ev) =>
          void busy(ev.currentTarget as HTMLButtonElement, status, async () => {
            const { blob, filename } = await ctx.api.blob(path, query);
            const name = filename ?? fallback;
            saveBlob(blob, name);
            status.say(t('xDownloaded', { name }));
          }),
      );
    const base = { nodeId: q.nodeId, from: q.from, to: q.to };
    const stamp = `${q.nodeId}-${q.from}-${q.to}`;
    replaceChildren(
      body,
      picker.el,
      periodForm(q, (p) => ctx.go(routeHref('exports', [], { ...q, ...p }))),
      h('p', { class: 'muted' }, t('xIntro')),
      h(
        'div',
        { class: 'cards' },
        h(
          'section',
          { class: 'card' },
          h('h2', {}, t('xResponses')),
          h(
            'div',
            { class: 'actions' },
            download('/exports/responses.csv', base, `responses-${stamp}.csv`),
            download('/exports/responses.xlsx', base, `responses-${stamp}.xlsx`),
          ),
        ),
        h(
          'section',
          { class: 'card' },
          h('h2', {}, t('xAggregates')),
          h(
            'div',
            { class: 'actions' },
            download(
              '/exports/aggregates.csv',
              { ...base, granularity: q.granularity },
              `aggregates-${stamp}.csv`,
            ),
            download(
              '/exports/aggregates.xlsx',
              { ...base, granularity: q.granularity },
              `aggregates-${stamp}.xlsx`,
            ),
          ),
        ),
      ),
      status.el,
    );
  } catch (err) {
    replaceChildren(body, errorPanel(err));
  }
}
