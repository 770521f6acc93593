/** `#/cases/:id`: a case, its timeline and the actions its state allows (the server decides which). */
import { h, replaceChildren } from '../../shared/dom';
import type { Ctx } from '../context';
import {
  busy,
  button,
  errorPanel,
  field,
  fmtDateTime,
  fmtDeadline,
  input,
  pageTitle,
  select,
  statusLine,
  table,
} from '../ui';
import { ACTION, L, RATING, RESOLUTION, STATUS, W } from './labels';
import type { CasePageData } from './types';

/** The form of one action: the inputs it needs, then a button that posts it with the version seen. */
function actionForm(ctx: Ctx, d: CasePageData, type: string, reload: () => void): HTMLElement {
  const note = input({ maxlength: 2000 });
  const extra: Record<string, () => string> = {};
  const fields: HTMLElement[] = [];
  if (type === 'transfer' || type === 'request_coordination') {
    const org = input({ maxlength: 40, required: true });
    extra.orgId = () => org.value.trim();
    fields.push(field(L(W.orgId), org));
  }
  if (type === 'resolve') {
    const cat = select(
      Object.entries(RESOLUTION).map(([k, v]) => [k, L(v)]),
      'fixed_now',
    );
    extra.category = () => cat.value;
    fields.push(cat);
  }
  if (type === 'callback') {
    const rating = select(
      Object.entries(RATING).map(([k, v]) => [k, L(v)]),
      'satisfied',
    );
    extra.rating = () => rating.value;
    fields.push(rating);
  }
  const status = statusLine();
  const go: HTMLButtonElement = button(
    L(ACTION[type] ?? [type, type]),
    () =>
      busy(go, status, async () => {
        const body: Record<string, unknown> = { type, expectedVersion: d.case.version };
        for (const [k, read] of Object.entries(extra)) body[k] = read();
        // Resolving needs a note: the category's name stands in when none is typed.
        if (note.value.trim() || type === 'resolve') {
          body.note = note.value.trim() || L(RESOLUTION[String(body.category)]!);
        }
        await ctx.api.post(`/cases/${encodeURIComponent(d.case.id)}/actions`, body);
        reload();
      }),
    { class: 'btn primary' },
  );
  return h('div', { class: 'card stack' }, ...fields, field(L(W.note), note), go, status.el);
}

export async function casePage(ctx: Ctx, caseId: string, root: HTMLElement): Promise<void> {
  const reload = () => void casePage(ctx, caseId, root);
  replaceChildren(root, pageTitle(L(W.inbox)), h('p', { class: 'muted' }, '…'));
  let d: CasePageData;
  try {
    d = await ctx.api.get<CasePageData>(`/cases/${encodeURIComponent(caseId)}`);
  } catch (err) {
    replaceChildren(root, pageTitle(L(W.inbox)), errorPanel(err));
    return;
  }
  const c = d.case;
  const phone = h('span', {}, d.contact ? d.contact.masked : '—');
  const reveal =
    d.canRevealContact &&
    button(L(W.reveal), async () => {
      try {
        const r = await ctx.api.post<{ phone: string }>(`/cases/${encodeURIComponent(c.id)}/contact/reveal`);
        phone.textContent = r.phone;
      } catch (err) {
        phone.replaceWith(errorPanel(err));
      }
    });
  const canWrite = ctx.can('case:write');
  const appealEvidence = input({ maxlength: 200 });
  const appealNote = input({ maxlength: 2000 });
  const appealStatus = statusLine();
  const appeal =
    canWrite &&
    c.source === 'response' &&
    !c.appeal &&
    h(
      'details',
      { class: 'card' },
      h('summary', {}, L(W.appeal)),
      field(L(W.note), appealNote),
      field(L(W.evidence), appealEvidence),
      button(L(W.appeal), async () => {
        try {
          await ctx.api.post(`/cases/${encodeURIComponent(c.id)}/appeal`, {
            reason: appealNote.value.trim(),
            evidence: [{ name: appealEvidence.value.trim() }],
            expectedVersion: c.version,
          });
          reload();
        } catch (err) {
          appealStatus.fail(err);
        }
      }),
      appealStatus.el,
    );
  replaceChildren(
    root,
    pageTitle(`${L(STATUS[c.status] ?? [c.status, c.status])} · ${c.summary}`),
    h(
      'div',
      { class: 'card stack' },
      h('p', {}, `${L(W.unit)}: ${c.unitId}${c.handlerOrgId !== c.unitId ? ` → ${c.handlerOrgId}` : ''}`),
      h('p', {}, `${L(W.opened)}: ${fmtDateTime(c.openedAt)} · ${L(W.due)}: ${fmtDeadline(c.resolveDueAt)}`),
      c.calendarProvisional && h('p', { class: 'muted small', 'data-provisional': 'true' }, L(W.provisional)),
      c.visitId &&
        h('p', {}, h('a', { href: `#/cases/visits/${encodeURIComponent(c.visitId)}` }, L(W.fromVisit))),
      c.transaction &&
        h(
          'p',
          { 'data-transaction': c.transaction.transactionNo },
          `${L(W.transaction)}: ${c.transaction.transactionNo} · ${c.transaction.matter}`,
        ),
      c.overdue && h('p', { class: 'tag' }, L(W.overdue)),
      h('p', {}, `${L(W.phone)}: `, phone, ' ', reveal || null),
      c.appeal && h('p', {}, `${L(W.appeal)}: ${c.appeal.status}`),
    ),
    ...(canWrite ? d.allowedActions.map((a) => actionForm(ctx, d, a, reload)) : []),
    appeal || null,
    h('h2', {}, L(W.timeline)),
    table(
      [L(W.opened), L(W.who), L(W.status), L(W.note)],
      d.timeline.map((e) => [
        fmtDateTime(e.at),
        e.actor.name,
        `${L(ACTION[e.type] ?? [e.type, e.type])}${e.to ? ` → ${L(STATUS[e.to] ?? [e.to, e.to])}` : ''}`,
        e.note ?? '',
      ]),
    ),
  );
}
