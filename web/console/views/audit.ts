/** The audit trail (read-only): who changed what, when, with the values before and after. */
import { h, replaceChildren } from '../../shared/dom';
import type { Ctx } from '../context';
import { t } from '../i18n';
import { auditActionLabel, auditTargetLabel, roleLabel } from '../labels';
import { isoDay, type Route, routeHref } from '../routes';
import type { AuditEntryView } from '../types';
import { errorPanel, fmtDateTime, pageTitle, table } from '../ui';
import { periodForm } from './period-form';

/** A before/after value as indented JSON text (values are data, shown in a <pre> as text). */
const json = (v: unknown): HTMLElement | string =>
  v === undefined || v === null
    ? '—'
    : // It scrolls when long: focusable, so keyboard users can scroll it too.
      h('pre', { class: 'json', tabindex: 0 }, JSON.stringify(v, null, 2));

/** The target by kind and name; its identifier beside in small type (entries without a name show it alone). */
const target = (e: AuditEntryView): HTMLElement =>
  h(
    'span',
    {},
    `${auditTargetLabel(e.targetType)}：`,
    e.targetName ? h('span', {}, e.targetName) : null,
    h('small', { class: 'muted' }, e.targetName ? ` ${e.targetId}` : e.targetId),
  );

/** `#/audit?from&to` (the server allows at most 92 days). */
export async function auditPage(ctx: Ctx, route: Route, root: HTMLElement): Promise<void> {
  const today = new Date();
  const weekAgo = new Date(today.getTime() - 6 * 86_400_000);
  const q = {
    from: route.query.from || isoDay(weekAgo),
    to: route.query.to || isoDay(today),
  };
  const body = h('div', { class: 'stack' }, h('p', { class: 'muted' }, t('loading')));
  replaceChildren(
    root,
    pageTitle(t('aTitle')),
    periodForm(q, (p) => ctx.go(routeHref('audit', [], { from: p.from, to: p.to }))),
    body,
  );
  try {
    const { entries } = await ctx.api.get<{ entries: AuditEntryView[] }>('/audit', q);
    replaceChildren(
      body,
      entries.length === 0
        ? h('p', { class: 'muted' }, t('none'))
        : table(
            [t('aAt'), t('aActor'), t('aAction'), t('aTarget'), t('aBefore'), t('aAfter')],
            entries.map((e) => [
              fmtDateTime(e.at),
              `${e.actor.name} (${roleLabel(e.actor.role)})`,
              h('span', { title: e.action }, auditActionLabel(e.action)),
              target(e),
              json(e.before),
              json(e.after),
            ]),
          ),
    );
  } catch (err) {
    replaceChildren(body, errorPanel(err));
  }
}
