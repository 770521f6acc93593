/** The audit trail (read-only): who changed what, when, with the values before and after. */
import { addDays, beijingToday } from '../../../functions/domain/service-day';
import { h, replaceChildren } from '../../shared/dom';
import type { Ctx } from '../context';
import { t } from '../i18n';
import { auditActionLabel, auditTargetLabel, roleLabel } from '../labels';
import { type Route, routeHref } from '../routes';
import type { AuditEntryView, AuditPageView } from '../types';
import { busy, button, errorPanel, fmtDateTime, pageTitle, scrollBox, statusLine } from '../ui';
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

/** One entry as a table row. */
const entryRow = (e: AuditEntryView): HTMLElement =>
  h(
    'tr',
    {},
    ...[
      fmtDateTime(e.at),
      `${e.actor.name} (${roleLabel(e.actor.role)})`,
      h('span', { title: e.action }, auditActionLabel(e.action)),
      target(e),
      json(e.before),
      json(e.after),
    ].map((c) => h('td', {}, c)),
  );

/** Entries per page; "load more" fetches the next page by the server's cursor. */
const PAGE = 100;

/** `#/audit?from&to` (the server allows at most 92 days), newest first, a page at a time. */
export async function auditPage(ctx: Ctx, route: Route, root: HTMLElement): Promise<void> {
  const today = beijingToday();
  const q = {
    from: route.query.from || addDays(today, -6),
    to: route.query.to || today,
  };
  const body = h('div', { class: 'stack' }, h('p', { class: 'muted' }, t('loading')));
  replaceChildren(
    root,
    pageTitle(t('aTitle')),
    periodForm(q, (p) => ctx.go(routeHref('audit', [], { from: p.from, to: p.to }))),
    body,
  );
  const tbody = h('tbody', {});
  const status = statusLine();
  const more = button(t('rMore'), () => undefined);
  let cursor: string | undefined;
  const load = async () => {
    const page = await ctx.api.get<AuditPageView>('/audit', { ...q, cursor, limit: PAGE });
    for (const e of page.entries) tbody.append(entryRow(e));
    cursor = page.nextCursor;
    more.hidden = !cursor;
    status.say(cursor ? '' : tbody.childElementCount === 0 ? t('none') : t('rEnd'));
  };
  more.addEventListener('click', () => void busy(more, status, load));
  try {
    await load();
    replaceChildren(
      body,
      scrollBox(
        t('aTitle'),
        h(
          'table',
          { class: 'grid' },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              ...[t('aAt'), t('aActor'), t('aAction'), t('aTarget'), t('aBefore'), t('aAfter')].map((l) =>
                h('th', { scope: 'col' }, l),
              ),
            ),
          ),
          tbody,
        ),
      ),
      more,
      status.el,
    );
  } catch (err) {
    replaceChildren(body, errorPanel(err));
  }
}
