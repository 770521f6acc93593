/** A dashboard panel: the closed-loop metrics of a subtree (`GET /cases/metrics`). */
import { h, replaceChildren } from '../../shared/dom';
import type { Ctx } from '../context';
import { errorPanel, fmtRate } from '../ui';
import { L, W } from './labels';
import type { CaseMetricsView } from './types';

export function caseMetricsPanel(ctx: Ctx, q: { nodeId: string; from?: string; to?: string }): HTMLElement {
  const panel = h('section', { class: 'card' }, h('h2', {}, L(W.metrics)), h('p', { class: 'muted' }, '…'));
  void ctx.api
    .get<CaseMetricsView>('/cases/metrics', q)
    .then((m) => {
      const card = (label: string, value: string) =>
        h('div', {}, h('div', { class: 'card-label' }, label), h('div', { class: 'card-value' }, value));
      replaceChildren(
        panel,
        h('h2', {}, L(W.metrics)),
        h(
          'div',
          { class: 'cards' },
          card(L(W.closedLoop), fmtRate(m.rates.closedLoop)),
          card(L(W.ackOnTime), fmtRate(m.rates.ackOnTime)),
          card(L(W.resolvedOnTime), fmtRate(m.rates.resolvedOnTime)),
          card(L(W.median), m.medianHoursToResolve === null ? '—' : m.medianHoursToResolve.toFixed(1)),
          card(L(W.callbackSat), fmtRate(m.rates.callbackSatisfaction)),
          card(L(W.appeals), `${m.appealsUpheld}/${m.appealsFiled}`),
        ),
      );
    })
    .catch((err) => replaceChildren(panel, errorPanel(err)));
  return panel;
}
