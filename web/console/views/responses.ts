/**
 * The response browser: filters (period, node, questionnaire, lowest level, comment), a page of
 * results with "load more" by cursor, and the detail of one response. Comments are text nodes.
 */
import { h, replaceChildren } from '../../shared/dom';
import type { Ctx } from '../context';
import { pick, t, tOr } from '../i18n';
import { SATISFACTION_LABEL_KEYS } from '../labels';
import { defaultPeriod, ownerIdsOf, type Route, routeHref } from '../routes';
import type { Question, ResponseDetail, ResponseItem, ResponsePage } from '../types';
import {
  busy,
  button,
  checkbox,
  errorPanel,
  field,
  fmtDateTime,
  pageTitle,
  scrollBox,
  select,
  statusLine,
  uid,
} from '../ui';
import { nodePicker } from './node-picker';
import { periodForm } from './period-form';
import { loadQuestionnaires } from './questionnaires';

const PAGE = 50;

const levelText = (l: number | null | undefined): string =>
  l === null || l === undefined ? '—' : `${l} · ${t(SATISFACTION_LABEL_KEYS[l]!)}`;

/** The list filters as they appear in the route (and in the export links). */
export function responseFilters(ctx: Ctx, route: Route) {
  const def = defaultPeriod(new Date());
  return {
    nodeId: route.query.nodeId || ctx.nodeId,
    from: route.query.from || def.from,
    to: route.query.to || def.to,
    questionnaireId: route.query.questionnaireId || undefined,
    level: route.query.level || undefined,
    hasComment: route.query.hasComment === 'true' ? 'true' : undefined,
  };
}

/** Where a response was given: the window, and its unit when the list spans several units. */
function placeText(item: ResponseItem, withUnit: boolean): string {
  const point = pick(item.servicePointName) || item.servicePointId;
  const unit = pick(item.unitName) || item.unitId;
  return withUnit ? `${unit} · ${point}` : point;
}

function row(item: ResponseItem, withUnit: boolean): HTMLTableRowElement {
  return h(
    'tr',
    {},
    h('td', {}, h('a', { href: routeHref('responses', [item.responseId]) }, fmtDateTime(item.submittedAt))),
    h('td', {}, placeText(item, withUnit)),
    h('td', {}, `${pick(item.questionnaireTitle) || item.questionnaireId} · v${item.version}`),
    h(
      'td',
      {
        class:
          item.lowestLevel !== undefined && item.lowestLevel !== null && item.lowestLevel <= 2 ? 'bad' : '',
      },
      levelText(item.lowestLevel),
    ),
    // Citizens' free text: a text node, never markup.
    h('td', { class: 'comment-text' }, item.comment ?? ''),
  );
}

/** `#/responses?…` (list) and `#/responses/:id` (detail). */
export async function responsesPage(ctx: Ctx, route: Route, root: HTMLElement): Promise<void> {
  if (route.segments[0]) return responseDetail(ctx, route.segments[0], root);
  const f = responseFilters(ctx, route);
  ctx.nodeId = f.nodeId;
  const body = h('div', { class: 'stack' }, h('p', { class: 'muted' }, t('loading')));
  replaceChildren(root, pageTitle(t('rTitle')), body);
  try {
    const picker = await nodePicker(ctx, f.nodeId, (id) =>
      ctx.go(routeHref('responses', [], { ...f, nodeId: id })),
    );
    const known = await loadQuestionnaires(ctx, ownerIdsOf(ctx.me.scope?.path ?? ctx.me.scopeId));
    const choices: [string, string][] = known.map((q) => [
      q.questionnaireId,
      pick(q.title) || q.questionnaireId,
    ]);
    if (f.questionnaireId && !choices.some(([id]) => id === f.questionnaireId))
      choices.push([f.questionnaireId, f.questionnaireId]);
    const qid = select([['', t('rQuestionnaireAny')], ...choices], f.questionnaireId ?? '');
    // A list above one unit names each response's unit beside its window.
    const withUnit = picker.node?.kind !== 'unit' && picker.node?.kind !== 'servicePoint';
    const level = select(
      [['', t('rLevelAny')], ...[5, 4, 3, 2, 1].map((l): [string, string] => [String(l), levelText(l)])],
      f.level ?? '',
    );
    let hasComment = f.hasComment === 'true';
    const filters = periodForm(
      f,
      (p) =>
        ctx.go(
          routeHref('responses', [], {
            nodeId: f.nodeId,
            from: p.from,
            to: p.to,
            questionnaireId: qid.value,
            level: level.value,
            hasComment: hasComment ? 'true' : '',
          }),
        ),
      [
        field(t('rQuestionnaire'), qid),
        field(t('rLevel'), level),
        h(
          'div',
          { class: 'field end' },
          checkbox(t('rHasComment'), hasComment, (v) => {
            hasComment = v;
          }),
        ),
      ],
    );
    const tbody = h('tbody', {});
    const status = statusLine();
    const more = button(t('rMore'), () => undefined);
    let cursor: string | undefined;
    const load = async () => {
      const page = await ctx.api.get<ResponsePage>('/responses', {
        ...f,
        cursor,
        limit: PAGE,
      });
      for (const item of page.items) tbody.append(row(item, withUnit));
      cursor = page.nextCursor;
      more.hidden = !cursor;
      status.say(cursor ? '' : tbody.childElementCount === 0 ? t('none') : t('rEnd'));
    };
    more.addEventListener('click', () => void busy(more, status, load));
    const capId = uid('cap');
    replaceChildren(
      body,
      picker.el,
      filters,
      scrollBox(
        t('rTitle'),
        h(
          'table',
          { class: 'grid', 'aria-labelledby': capId },
          h('caption', { id: capId, class: 'sr-only' }, t('rTitle')),
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              ...[t('rSubmitted'), t('rPoint'), t('qrQuestionnaire'), t('rLowest'), t('rComment')].map((x) =>
                h('th', { scope: 'col' }, x),
              ),
            ),
          ),
          tbody,
        ),
      ),
      more,
      status.el,
    );
    await load();
  } catch (err) {
    replaceChildren(body, errorPanel(err));
  }
}

/** An answer as text, labelled through the answered version's question (option texts, levels). */
export function answerText(q: Question | undefined, value: unknown): string {
  if (value === undefined || value === null || value === '') return '—';
  if (!q) return Array.isArray(value) ? value.join(', ') : String(value);
  switch (q.type) {
    case 'satisfaction':
      return levelText(Number(value));
    case 'single':
      return pick(q.options.find((o) => o.id === value)?.text) || String(value);
    case 'multiple':
      return (Array.isArray(value) ? value : [value])
        .map((v) => pick(q.options.find((o) => o.id === v)?.text) || String(v))
        .join('、');
    default:
      return String(value);
  }
}

async function responseDetail(ctx: Ctx, id: string, root: HTMLElement): Promise<void> {
  const body = h('div', { class: 'stack' }, h('p', { class: 'muted' }, t('loading')));
  replaceChildren(root, pageTitle(t('rDetail')), body);
  try {
    const r = await ctx.api.get<ResponseDetail>(`/responses/${encodeURIComponent(id)}`);
    const questions = r.questionnaire?.questions ?? [];
    const ids = [...new Set([...questions.map((q) => q.id), ...Object.keys(r.answers ?? {})])];
    replaceChildren(
      body,
      h('p', {}, h('a', { href: routeHref('responses', [], { nodeId: ctx.nodeId }) }, `← ${t('back')}`)),
      h(
        'dl',
        { class: 'facts' },
        h('dt', {}, t('rSubmitted')),
        h('dd', {}, fmtDateTime(r.submittedAt)),
        h('dt', {}, t('kind_unit')),
        h('dd', {}, r.unit ? pick(r.unit.name) : r.unitId),
        h('dt', {}, t('rPoint')),
        h('dd', {}, r.servicePoint ? pick(r.servicePoint.name) : r.servicePointId),
        h('dt', {}, t('qrQuestionnaire')),
        h('dd', {}, `${r.questionnaire ? pick(r.questionnaire.title) : r.questionnaireId} · v${r.version}`),
        h('dt', {}, t('rLowest')),
        h('dd', {}, levelText(r.lowestLevel)),
      ),
      h('h2', {}, t('rAnswers')),
      h(
        'dl',
        { class: 'answers' },
        ...ids.flatMap((qid) => {
          const q = questions.find((x) => x.id === qid);
          return [
            h('dt', {}, q ? `${pick(q.text)} (${tOr(`type_${q.type}`, q.type)})` : qid),
            // Free text stays text.
            h('dd', { class: q?.type === 'text' ? 'comment-text' : '' }, answerText(q, r.answers?.[qid])),
          ];
        }),
      ),
    );
  } catch (err) {
    replaceChildren(body, errorPanel(err));
  }
}
