/**
 * 隔离复核 (province only): the province's queue of quarantined ballots not yet decided, each with
 * its unit and window, time, flags in words and suspicion score. The province admin releases a
 * ballot (it is counted and, if a bad review, its case opens for the unit) or rejects it (it stays
 * out); the auditor reads the queue and decides nothing. The rated unit never sees this page.
 *
 * Primary course:
 * 1. Read `GET /integrity/quarantine?from&to` (at most 31 days) a page at a time, newest first
 *    (20 ballots, or `limit` in the route); 加载更多 reads the next page with the server's cursor.
 * 2. With `quarantine:review`, each ballot has a reason field (required, kept in the audit trail)
 *    and the two decisions; a decision asks for confirmation, then posts.
 * 3. The ballot's card then shows the decision the server recorded; a refusal (409 when it was
 *    decided already or left the queue) shows the server's message on that card.
 */
import type { ReviewOutcome } from '../../../functions/services/integrity/review-quarantine';
import { h, replaceChildren } from '../../shared/dom';
import type { QuarantineItemView, QuarantineQueueView } from '../api-types';
import type { Ctx } from '../context';
import { fill, L, type Pair, pick, t } from '../i18n';
import { SATISFACTION_LABEL_KEYS } from '../labels';
import { defaultPeriod, type Route, routeHref } from '../routes';
import { busy, button, errorPanel, field, fmtDateTime, pageTitle, statusLine, uid } from '../ui';
import { flagLabel } from './integrity';
import { periodForm } from './period-form';

const W = {
  title: ['隔离复核', 'Quarantine review'],
  intro: [
    '被隔离的评价不计入成绩，单位看不到，也不会建立工单，直到省级复核：放行即计入成绩（差评随即向单位建立工单），驳回则永不计入。每次决定均记入审计。',
    'Quarantined ballots are left out of the scores, hidden from the unit and open no case until the province reviews them: a release counts the ballot (and opens its case if it is a bad review), a rejection keeps it out for good. Every decision is audited.',
  ],
  readOnly: [
    '您可查看队列，但只有省厅管理员可以作出决定。',
    'You may read the queue; only the province admin decides.',
  ],
  none: ['所选时间段内没有待复核的评价。', 'No ballots await review in this period.'],
  listed: ['已列出待复核评价 {n} 条', '{n} ballots awaiting review listed'],
  listedMore: ['已列出待复核评价 {n} 条，还有更多', '{n} ballots awaiting review listed; more follow'],
  more: ['加载更多', 'Load more'],
  window: ['窗口', 'Window'],
  submitted: ['提交时间', 'Submitted'],
  lowest: ['最低评价', 'Lowest level'],
  comment: ['有文字意见', 'Has a comment'],
  flags: ['异常标记', 'Flags'],
  score: ['可疑分值', 'Suspicion score'],
  retro: [
    '事后追溯隔离（曾计入，后被撤出）',
    'Quarantined retroactively (counted at first, then taken back)',
  ],
  reason: ['复核理由（必填，记入审计）', 'Reason (required, audited)'],
  reasonMissing: ['请填写复核理由', 'Enter the reason for the decision'],
  release: ['放行计入', 'Release (count it)'],
  reject: ['驳回', 'Reject'],
  confirmRelease: [
    '确定放行这条评价吗？放行后计入成绩，不能再驳回。',
    'Release this ballot? It will be counted and can no longer be rejected.',
  ],
  confirmReject: [
    '确定驳回这条评价吗？驳回后永不计入成绩，不能再放行。',
    'Reject this ballot? It will never be counted and can no longer be released.',
  ],
  released: ['已放行，已计入成绩', 'Released and counted'],
  rejected: ['已驳回，不计入成绩', 'Rejected; not counted'],
  by: ['复核人 {by} · {at}', 'By {by} · {at}'],
  caseOpened: ['已向单位建立整改工单', 'Its case is open for the unit'],
  caseExists: ['工单此前已建立', 'Its case was open already'],
  caseNone: ['非差评，不建立工单', 'Not a bad review; no case'],
} satisfies Record<string, Pair>;

/** Ballots a page of the queue reads unless the route names another `limit` (the server takes 1–200). */
const PAGE_SIZE = '20';

const CASE_NOTES: Record<string, Pair> = {
  opened: W.caseOpened,
  exists: W.caseExists,
  'not-bad': W.caseNone,
};

/** What the server recorded, in words. */
function outcomeLine(o: ReviewOutcome): HTMLElement {
  const released = o.review.status === 'released';
  const note = o.case ? CASE_NOTES[o.case] : undefined;
  return h(
    'div',
    { class: 'decision', 'data-decision': o.review.status },
    h('p', { class: `tag ${released ? 'ok' : ''}` }, L(released ? W.released : W.rejected)),
    note && h('p', {}, L(note)),
    h('p', { class: 'muted small' }, fill(L(W.by), { by: o.review.by, at: fmtDateTime(o.review.at) })),
  );
}

/** The reason field and the two decisions of one ballot. */
function decisionForm(ctx: Ctx, item: QuarantineItemView, card: HTMLElement): HTMLElement {
  const status = statusLine();
  const reason = h('textarea', { rows: 2, maxlength: 2000, required: true, name: 'note' });
  const error = h('p', { class: 'field-error', id: uid('e'), hidden: true });
  const box = h('div', { class: 'decide' });
  const decide = (verb: 'release' | 'reject') => async (ev: Event) => {
    const note = reason.value.trim();
    if (!note) {
      error.textContent = L(W.reasonMissing);
      error.hidden = false;
      reason.setAttribute('aria-invalid', 'true');
      reason.setAttribute('aria-errormessage', error.id);
      reason.focus();
      return;
    }
    error.hidden = true;
    reason.removeAttribute('aria-invalid');
    if (!window.confirm(L(verb === 'release' ? W.confirmRelease : W.confirmReject))) return;
    const btn = ev.currentTarget as HTMLButtonElement;
    btn.disabled = true;
    try {
      const outcome = await ctx.api.post<ReviewOutcome>(
        `/integrity/quarantine/${encodeURIComponent(item.responseId)}/${verb}`,
        { note },
      );
      card.dataset.status = outcome.review.status;
      replaceChildren(box, outcomeLine(outcome));
    } catch (err) {
      status.fail(err);
      btn.disabled = false;
    }
  };
  replaceChildren(
    box,
    field(L(W.reason), reason),
    error,
    h(
      'div',
      { class: 'actions' },
      button(L(W.release), decide('release'), { class: 'btn primary' }),
      button(L(W.reject), decide('reject')),
    ),
    status.el,
  );
  return box;
}

/** One ballot as a card: where and when, what looked wrong, and (for the reviewer) the decision. */
function ballotCard(ctx: Ctx, item: QuarantineItemView): HTMLElement {
  const row = (label: string, value: HTMLElement | string) =>
    h('div', {}, h('dt', {}, label), h('dd', {}, value));
  const card = h('li', { class: 'panel qitem', 'data-response': item.responseId, 'data-status': 'pending' });
  replaceChildren(
    card,
    h('h2', {}, item.unitName ? pick(item.unitName) : item.unitId),
    h(
      'dl',
      { class: 'facts' },
      row(L(W.window), item.servicePointId),
      row(L(W.submitted), fmtDateTime(item.submittedAt)),
      item.lowestLevel !== undefined &&
        row(L(W.lowest), t(SATISFACTION_LABEL_KEYS[item.lowestLevel] ?? 'none')),
      item.hasComment === true && row(L(W.comment), '✓'),
      row(
        L(W.flags),
        h(
          'span',
          { class: 'flags' },
          ...item.flags.map((f) => h('span', { class: 'tag', 'data-flag': f }, flagLabel(f))),
        ),
      ),
      row(L(W.score), item.score.toFixed(2)),
    ),
    item.retroactive && h('p', { class: 'muted small' }, L(W.retro)),
    ctx.can('quarantine:review') && decisionForm(ctx, item, card),
  );
  return card;
}

/** `#/quarantine?from&to&limit`. */
export async function quarantinePage(ctx: Ctx, route: Route, root: HTMLElement): Promise<void> {
  const def = defaultPeriod(new Date());
  const q = { from: route.query.from || def.from, to: route.query.to || def.to };
  const limit = route.query.limit || PAGE_SIZE;
  const body = h('div', { class: 'stack' }, h('p', { class: 'muted' }, t('loading')));
  replaceChildren(
    root,
    pageTitle(L(W.title)),
    periodForm(q, (p) => ctx.go(routeHref('quarantine', [], { from: p.from, to: p.to }))),
    body,
  );
  const list = h('ul', { class: 'qlist' });
  const total = h('p', { class: 'queue-total' });
  const more = button(L(W.more), () => undefined);
  const status = statusLine();
  let listed = 0;
  let cursor: string | undefined;
  const load = async () => {
    const page = await ctx.api.get<QuarantineQueueView>('/integrity/quarantine', { ...q, limit, cursor });
    list.append(...page.items.map((item) => ballotCard(ctx, item)));
    listed += page.items.length;
    cursor = page.nextCursor;
    more.hidden = !cursor;
    total.textContent = fill(L(cursor ? W.listedMore : W.listed), { n: listed });
  };
  try {
    await load();
  } catch (err) {
    replaceChildren(body, errorPanel(err));
    return;
  }
  more.addEventListener('click', () => void busy(more, status, load));
  replaceChildren(
    body,
    h('p', { class: 'muted' }, L(W.intro)),
    !ctx.can('quarantine:review') && h('p', { class: 'alert info' }, L(W.readOnly)),
    listed === 0
      ? h('p', { class: 'muted' }, L(W.none))
      : h('div', { class: 'stack' }, total, list, h('div', { class: 'actions' }, more), status.el),
  );
}
