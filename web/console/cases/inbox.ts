/**
 * `#/cases?nodeId&status&overdue`: the inbox of a subtree, filtered by status and overdue, newest
 * first, a page at a time (加载更多 follows the server's cursor).
 */
import { h, replaceChildren } from '../../shared/dom';
import type { Ctx } from '../context';
import { pick } from '../i18n';
import {
  busy,
  button,
  checkbox,
  errorPanel,
  fmtDateTime,
  fmtDeadline,
  pageTitle,
  select,
  statusLine,
  table,
} from '../ui';
import { L, STATUS, V, W } from './labels';
import type { CaseRow } from './types';

const href = (q: Record<string, string | undefined>) => {
  const s = new URLSearchParams(
    Object.entries(q).filter((e): e is [string, string] => Boolean(e[1])),
  ).toString();
  return `#/cases${s ? `?${s}` : ''}`;
};

export async function casesInboxPage(
  ctx: Ctx,
  query: Record<string, string>,
  root: HTMLElement,
): Promise<void> {
  const q = { nodeId: query.nodeId || ctx.nodeId, status: query.status, overdue: query.overdue };
  const statusPick = select(
    [['', L(W.all)], ...Object.entries(STATUS).map(([k, v]) => [k, L(v)] as [string, string])],
    q.status ?? '',
    (v) => ctx.go(href({ ...q, status: v || undefined })),
    { 'aria-label': L(W.status) },
  );
  const overdue = checkbox(L(W.overdueOnly), q.overdue === 'true', (v) =>
    ctx.go(href({ ...q, overdue: v ? 'true' : undefined })),
  );
  const body = h('div', { class: 'stack' }, h('p', { class: 'muted' }, '…'));
  const visits = h('a', { href: `#/cases/visits?unitId=${encodeURIComponent(q.nodeId)}` }, L(V.visits));
  replaceChildren(root, pageTitle(L(W.inbox)), h('div', { class: 'row' }, statusPick, overdue, visits), body);
  const items: CaseRow[] = [];
  let cursor: string | undefined;
  const more = button(L(W.more), () => undefined);
  const status = statusLine();
  const render = () =>
    replaceChildren(
      body,
      items.length === 0
        ? h('div', { class: 'empty' }, h('p', {}, L(W.none)), h('p', { class: 'muted' }, L(W.noneHint)))
        : table(
            [L(W.opened), L(W.unit), L(W.summary), L(W.status), L(W.due)],
            items.map((c) => [
              h('a', { href: `#/cases/${encodeURIComponent(c.id)}` }, fmtDateTime(c.openedAt)),
              c.handlerOrgId === c.unitId
                ? pick(c.unitName) || c.unitId
                : `${pick(c.unitName) || c.unitId} → ${pick(c.handlerOrgName) || c.handlerOrgId}`,
              c.summary,
              h('span', { class: c.overdue ? 'tag' : 'tag ok' }, L(STATUS[c.status] ?? [c.status, c.status])),
              c.overdue ? `${fmtDeadline(c.resolveDueAt)} · ${L(W.overdue)}` : fmtDeadline(c.resolveDueAt),
            ]),
          ),
      more,
      status.el,
    );
  /** The next page; a page the filters emptied is followed at once, so the list never stalls on one. */
  const load = async () => {
    let pages = 0;
    do {
      const page = await ctx.api.get<{ items: CaseRow[]; nextCursor?: string }>('/cases', { ...q, cursor });
      items.push(...page.items);
      cursor = page.nextCursor;
      pages++;
    } while (cursor && items.length === 0 && pages < 5);
    more.hidden = !cursor;
    render();
  };
  more.addEventListener('click', () => void busy(more, status, load));
  try {
    await load();
  } catch (err) {
    replaceChildren(body, errorPanel(err));
  }
}
