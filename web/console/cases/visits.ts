/**
 * 走访评议 visits: `#/cases/visits?unitId&from&to` lists a unit's visits and records a new one;
 * `#/cases/visits/:id` shows one visit with its own QR code (issue, show, download, revoke), the
 * questionnaires that came back through it, the issues raised and the cases opened from it.
 * Images need the bearer token, so they are fetched and shown from data URLs.
 */
import { beijingToday, serviceDay } from '../../../functions/domain/service-day';
import { h, replaceChildren } from '../../shared/dom';
import type { Ctx } from '../context';
import { pick } from '../i18n';
import { defaultPeriod, ownerIdsOf } from '../routes';
import type { QuestionnaireSummary } from '../types';
import {
  blobToDataUrl,
  busy,
  button,
  errorPanel,
  field,
  fmtDateTime,
  input,
  on,
  pageTitle,
  saveBlob,
  select,
  statusLine,
  table,
} from '../ui';
import { loadQuestionnaires } from '../views/questionnaires';
import { L, PARTY, QR_STATUS, STATUS, V, W } from './labels';
import type { VisitQrView, VisitReportView, VisitRow } from './types';

const listHref = (q: Record<string, string | undefined>) => {
  const s = new URLSearchParams(
    Object.entries(q).filter((e): e is [string, string] => Boolean(e[1])),
  ).toString();
  return `#/cases/visits${s ? `?${s}` : ''}`;
};
const visitHref = (id: string) => `#/cases/visits/${encodeURIComponent(id)}`;

/** The last Beijing day a code is valid: it expires at 24:00 of that day. */
const lastDay = (expiresAt: string) => serviceDay(new Date(Date.parse(expiresAt) - 1));

/** The form that records a visit of `unitId`; goes to the new visit's page. */
function recordForm(ctx: Ctx, unitId: string): HTMLElement {
  const date = input({ type: 'date', required: true }, beijingToday());
  const partyType = select(
    Object.entries(PARTY).map(([k, v]) => [k, L(v)]),
    'school',
  );
  const partyName = input({ maxlength: 200, required: true });
  const staff = input({ maxlength: 500, required: true });
  const notes = input({ maxlength: 2000 });
  const status = statusLine();
  const go = h('button', { type: 'submit', class: 'btn primary' }, L(V.record));
  const form = h(
    'form',
    { class: 'card stack' },
    h('h2', {}, L(V.record)),
    field(L(V.date), date),
    field(L(V.partyType), partyType),
    field(L(V.partyName), partyName),
    field(L(V.staff), staff),
    field(L(V.notes), notes),
    go,
    status.el,
  );
  on(form, 'submit', (ev) => {
    ev.preventDefault();
    void busy(go, status, async () => {
      const v = await ctx.api.post<VisitRow>('/visits', {
        unitId,
        date: date.value,
        partyType: partyType.value,
        partyName: partyName.value.trim(),
        staff: staff.value
          .split(/[,，、]/)
          .map((s) => s.trim())
          .filter(Boolean),
        ...(notes.value.trim() ? { notes: notes.value.trim() } : {}),
      });
      ctx.go(visitHref(v.id));
    });
  });
  return form;
}

/** `#/cases/visits?unitId&from&to`: a unit's visits in a period, and the form to record one. */
export async function visitsListPage(
  ctx: Ctx,
  query: Record<string, string>,
  root: HTMLElement,
): Promise<void> {
  const period = defaultPeriod(new Date());
  const q = {
    unitId: query.unitId || ctx.nodeId,
    from: query.from || period.from,
    to: query.to || period.to,
  };
  const unit = input({ maxlength: 40 }, q.unitId);
  const from = input({ type: 'date' }, q.from);
  const to = input({ type: 'date' }, q.to);
  const show = button(L(V.show), () =>
    ctx.go(listHref({ unitId: unit.value.trim(), from: from.value, to: to.value })),
  );
  const body = h('div', { class: 'stack' }, h('p', { class: 'muted' }, '…'));
  replaceChildren(
    root,
    pageTitle(L(V.visits)),
    h('div', { class: 'row' }, field(L(V.unit), unit), field(L(V.from), from), field(L(V.to), to), show),
    body,
  );
  try {
    const { items } = await ctx.api.get<{ items: VisitRow[] }>('/visits', q);
    replaceChildren(
      body,
      items.length === 0
        ? h('div', { class: 'empty' }, h('p', {}, L(V.none)), h('p', { class: 'muted' }, L(V.noneHint)))
        : table(
            [L(V.date), L(V.partyType), L(V.partyName), L(V.staff), L(V.returned)],
            [...items]
              .sort((a, b) => b.date.localeCompare(a.date))
              .map((v) => [
                h('a', { href: visitHref(v.id) }, v.date),
                L(PARTY[v.partyType] ?? [v.partyType, v.partyType]),
                v.partyName,
                v.staff.join('、'),
                String(v.questionnairesReturned ?? 0),
              ]),
          ),
      ctx.can('case:write') && recordForm(ctx, q.unitId),
    );
  } catch (err) {
    replaceChildren(body, errorPanel(err));
  }
}

/** The visit's code: the image and downloads while active, revoke; or the form to issue one. */
async function qrSection(ctx: Ctx, v: VisitReportView, reload: () => void): Promise<HTMLElement> {
  const path = `/visits/${encodeURIComponent(v.id)}`;
  const status = statusLine();
  const write = ctx.can('case:write');
  const qr: VisitQrView | undefined = v.qr;
  const section = h(
    'section',
    { class: 'card stack', 'data-visit-qr': qr?.status ?? 'none' },
    h('h2', {}, L(V.qr)),
  );
  if (qr) {
    section.append(
      h(
        'p',
        {},
        h(
          'span',
          { class: `tag ${qr.status === 'active' ? 'ok' : ''}` },
          L(QR_STATUS[qr.status] ?? [qr.status, qr.status]),
        ),
        ` ${L(V.questionnaire)} ${qr.questionnaireId} · ${L(V.servicePoint)} ${qr.servicePointId} · ${L(V.expires)} ${lastDay(qr.expiresAt)} 24:00`,
      ),
    );
  }
  if (qr?.status === 'active') {
    const img = h('img', { alt: qr.url ?? '', width: 200, height: 200, class: 'qr' });
    try {
      img.src = await blobToDataUrl((await ctx.api.blob(`${path}/qr.png`)).blob);
    } catch (err) {
      status.fail(err);
    }
    const download = (ext: 'png' | 'svg') => (ev: Event) =>
      void busy(ev.currentTarget as HTMLButtonElement, status, async () => {
        saveBlob((await ctx.api.blob(`${path}/qr.${ext}`)).blob, `visit-${v.date}-${qr.tokenId}.${ext}`);
      });
    section.append(
      h('p', { class: 'muted small' }, L(V.qrHint)),
      img,
      h('p', { class: 'small' }, h('code', { class: 'url' }, qr.url ?? '')),
      h(
        'div',
        { class: 'actions' },
        button(L(V.png), download('png')),
        button(L(V.svg), download('svg')),
        write &&
          button(
            L(V.revoke),
            (ev) => {
              if (!window.confirm(L(V.confirmRevoke))) return;
              void busy(ev.currentTarget as HTMLButtonElement, status, async () => {
                await ctx.api.post(`${path}/qr/revoke`, {});
                reload();
              });
            },
            { class: 'btn danger' },
          ),
      ),
    );
  } else if (write) {
    if (!qr) section.append(h('p', { class: 'muted' }, L(V.noQr)));
    const [questionnaires, unit] = await Promise.all([
      loadQuestionnaires(ctx, ownerIdsOf(v.unitPath)).catch(() => []),
      ctx.nodes.load(v.unitId).catch(() => undefined),
    ]);
    const usable = questionnaires.filter((q) => !q.archived && q.latestPublished);
    const qid = (q: QuestionnaireSummary & { id?: string }) => q.questionnaireId ?? q.id ?? '';
    const chooser = select(
      usable.map((q): [string, string] => [qid(q), `${pick(q.title) || qid(q)} · ${qid(q)}`]),
      usable[0] ? qid(usable[0]) : '',
    );
    const points = (unit?.children ?? []).filter((c) => c.kind === 'servicePoint' && c.active);
    const point = select(
      [['', L(V.firstPoint)], ...points.map((p): [string, string] => [p.id, `${pick(p.name)} · ${p.id}`])],
      '',
    );
    const days = input({ type: 'number', min: 1, max: 60 }, '');
    const go = h('button', { type: 'submit', class: 'btn primary' }, L(V.issue));
    const form = h(
      'form',
      { class: 'stack' },
      field(L(V.questionnaire), chooser),
      field(L(V.servicePoint), point),
      field(L(V.validDays), days),
      go,
    );
    on(form, 'submit', (ev) => {
      ev.preventDefault();
      void busy(go, status, async () => {
        await ctx.api.post(`${path}/qr`, {
          questionnaireId: chooser.value,
          ...(point.value ? { servicePointId: point.value } : {}),
          ...(days.value ? { validDays: Number(days.value) } : {}),
        });
        reload();
      });
    });
    section.append(form);
  }
  section.append(status.el);
  return section;
}

/** `#/cases/visits/:id`: the visit, its code, what came back, the issues raised and the cases opened. */
export async function visitPage(ctx: Ctx, visitId: string, root: HTMLElement): Promise<void> {
  const reload = () => void visitPage(ctx, visitId, root);
  replaceChildren(root, pageTitle(L(V.visit)), h('p', { class: 'muted' }, '…'));
  let v: VisitReportView;
  try {
    v = await ctx.api.get<VisitReportView>(`/visits/${encodeURIComponent(visitId)}`);
  } catch (err) {
    replaceChildren(root, pageTitle(L(V.visit)), errorPanel(err));
    return;
  }
  replaceChildren(
    root,
    pageTitle(`${L(V.visit)} · ${v.partyName}`),
    h(
      'div',
      { class: 'card stack' },
      h(
        'p',
        {},
        `${L(V.date)}: ${v.date} · ${L(PARTY[v.partyType] ?? [v.partyType, v.partyType])} · ${L(V.unit)}: ${v.unitId}`,
      ),
      h('p', {}, `${L(V.staffShown)}: ${v.staff.join('、')}`),
      v.notes && h('p', {}, v.notes),
      h(
        'p',
        { 'data-returned': v.questionnairesReturned },
        `${L(V.returned)}: ${v.questionnairesReturned}`,
        v.questionnairesHeld > 0 ? ` (${L(V.held)} ${v.questionnairesHeld})` : '',
      ),
    ),
    await qrSection(ctx, v, reload),
    h('h2', {}, L(V.issues)),
    v.issuesRaised.length === 0
      ? h('p', { class: 'muted' }, L(V.noIssues))
      : h('ul', { class: 'issues' }, ...v.issuesRaised.map((i) => h('li', {}, i))),
    h('h2', {}, L(V.cases)),
    v.cases.length === 0
      ? h('p', { class: 'muted' }, L(V.noIssues))
      : table(
          [L(W.opened), L(W.summary), L(W.status)],
          v.cases.map((c) => [
            h('a', { href: `#/cases/${encodeURIComponent(c.id)}` }, fmtDateTime(c.openedAt)),
            c.issue,
            L(STATUS[c.status] ?? [c.status, c.status]),
          ]),
        ),
  );
}
