/**
 * QR codes per service point: list, issue (with a published questionnaire), revoke, rotate, show
 * the code, print the A4 poster, and print the sheet of all service points of a unit. Images and
 * posters need the bearer token, so they are fetched and shown from data or blob URLs.
 */
import { h, replaceChildren } from '../../shared/dom';
import type { Ctx } from '../context';
import { type MessageKey, pick, t, tOr } from '../i18n';
import { ownerIdsOf, type Route, routeHref } from '../routes';
import type { OrgNode, QrToken, QuestionnaireSummary } from '../types';
import {
  blobToDataUrl,
  busy,
  button,
  errorPanel,
  field,
  fmtDateTime,
  on,
  openBlob,
  pageTitle,
  select,
  statusLine,
} from '../ui';
import { nodePicker } from './node-picker';
import { loadQuestionnaires } from './questionnaires';

const qid = (q: QuestionnaireSummary & { id?: string }) => q.questionnaireId ?? q.id ?? '';

/** The languages a code can open its form in (Chinese when none is chosen). */
const LOCALE_CHOICES: [NonNullable<QrToken['locale']>, MessageKey][] = [
  ['zh-CN', 'qrLocale_zhCN'],
  ['en', 'qrLocale_en'],
  ['mn-Mong', 'qrLocale_mnMong'],
];
const localeLabel = (locale: string | undefined) =>
  t(LOCALE_CHOICES.find(([l]) => l === (locale ?? 'zh-CN'))?.[1] ?? 'qrLocale_zhCN');

/** Opens a protected SVG (poster, sheet) for printing. */
async function printSvg(ctx: Ctx, path: string, filename: string, status: ReturnType<typeof statusLine>) {
  const { blob } = await ctx.api.blob(path);
  if (!openBlob(blob, filename)) status.say(t('qrPopupBlocked'));
}

function tokenRow(ctx: Ctx, tok: QrToken, title: string, reload: () => void): HTMLElement {
  const status = statusLine();
  const imgSlot = h('div', { class: 'qr-img' });
  const path = `/qr-tokens/${encodeURIComponent(tok.tokenId)}`;
  const active = tok.status === 'active';
  const write = ctx.can('qr:write') && active;
  const confirmThen = (message: string, action: string) => (ev: Event) => {
    if (!window.confirm(message)) return;
    void busy(ev.currentTarget as HTMLButtonElement, status, async () => {
      await ctx.api.post(`${path}/${action}`, {});
      reload();
    });
  };
  return h(
    'li',
    { class: `token ${active ? '' : 'inactive'}`, 'data-token': tok.tokenId },
    h(
      'div',
      { class: 'token-info' },
      h(
        'p',
        {},
        h('span', { class: `tag ${active ? 'ok' : ''}` }, tOr(`status_${tok.status}`, tok.status)),
        ` ${t('qrQuestionnaire')} ${title || tok.questionnaireId}`,
        title && h('span', { class: 'muted small' }, ` · ${tok.questionnaireId}`),
      ),
      h(
        'p',
        { class: 'muted small' },
        `${t('qrCreated')} ${fmtDateTime(tok.createdAt)} · ${t('qrLocale')}：`,
        h('span', { 'data-locale': tok.locale ?? 'zh-CN' }, localeLabel(tok.locale)),
      ),
      h('p', { class: 'small' }, `${t('qrLink')}：`, h('code', { class: 'url' }, tok.url)),
      h(
        'div',
        { class: 'actions' },
        button(
          t('qrShow'),
          (ev) =>
            void busy(ev.currentTarget as HTMLButtonElement, status, async () => {
              const { blob } = await ctx.api.blob(`${path}/qr.png`);
              const img = h('img', {
                alt: t('qrImageAlt', { url: tok.url }),
                width: 200,
                height: 200,
                class: 'qr',
              });
              img.src = await blobToDataUrl(blob);
              replaceChildren(imgSlot, img);
            }),
        ),
        button(
          t('qrPoster'),
          (ev) =>
            void busy(ev.currentTarget as HTMLButtonElement, status, () =>
              printSvg(ctx, `${path}/poster.svg`, `poster-${tok.tokenId}.svg`, status),
            ),
        ),
        write && button(t('qrRotate'), confirmThen(t('qrConfirmRotate'), 'rotate')),
        write && button(t('qrRevoke'), confirmThen(t('qrConfirmRevoke'), 'revoke'), { class: 'btn danger' }),
      ),
      status.el,
    ),
    imgSlot,
  );
}

async function pointSection(
  ctx: Ctx,
  point: OrgNode,
  questionnaires: QuestionnaireSummary[],
): Promise<HTMLElement> {
  const section = h('section', { class: 'panel', 'data-point': point.id });
  const draw = async () => {
    try {
      const { items } = await ctx.api.get<{ items: QrToken[] }>(
        `/service-points/${encodeURIComponent(point.id)}/qr-tokens`,
      );
      const status = statusLine();
      const usable = questionnaires.filter((q) => !q.archived && q.latestPublished);
      const chooser = select(
        usable.map((q): [string, string] => [qid(q), `${pick(q.title) || qid(q)} · ${qid(q)}`]),
        usable[0] ? qid(usable[0]) : '',
      );
      const language = select(
        LOCALE_CHOICES.map(([l, key]): [string, string] => [l, t(key)]),
        'zh-CN',
      );
      const issue = h('button', { type: 'submit', class: 'btn primary' }, t('qrIssue'));
      const form = h(
        'form',
        { class: 'toolbar' },
        field(t('qrQuestionnaire'), chooser),
        field(t('qrLocale'), language),
        issue,
      );
      on(form, 'submit', (ev) => {
        ev.preventDefault();
        void busy(issue, status, async () => {
          await ctx.api.post(`/service-points/${encodeURIComponent(point.id)}/qr-tokens`, {
            questionnaireId: chooser.value,
            ...(language.value === 'zh-CN' ? {} : { locale: language.value }),
          });
          await draw();
        });
      });
      replaceChildren(
        section,
        h('h2', {}, `${pick(point.name)} · ${point.id}`),
        items.length === 0
          ? h('p', { class: 'muted' }, t('qrNone'))
          : h(
              'ul',
              { class: 'tokens' },
              ...items.map((tok) =>
                tokenRow(
                  ctx,
                  tok,
                  pick(questionnaires.find((q) => qid(q) === tok.questionnaireId)?.title),
                  () => void draw(),
                ),
              ),
            ),
        ctx.can('qr:write') &&
          point.active &&
          (usable.length > 0 ? form : h('p', { class: 'muted' }, t('qrNoQuestionnaire'))),
        status.el,
      );
    } catch (err) {
      replaceChildren(section, h('h2', {}, pick(point.name)), errorPanel(err));
    }
  };
  await draw();
  return section;
}

/** `#/qr?nodeId`. */
export async function qrPage(ctx: Ctx, route: Route, root: HTMLElement): Promise<void> {
  const nodeId = route.query.nodeId || ctx.nodeId;
  ctx.nodeId = nodeId;
  const body = h('div', { class: 'stack' }, h('p', { class: 'muted' }, t('loading')));
  replaceChildren(root, pageTitle(t('qrTitle')), body);
  try {
    const { el, node, children } = await nodePicker(ctx, nodeId, (id) =>
      ctx.go(routeHref('qr', [], { nodeId: id })),
    );
    const points =
      node.kind === 'servicePoint'
        ? [node]
        : node.kind === 'unit'
          ? children.filter((c) => c.kind === 'servicePoint')
          : [];
    if (points.length === 0) {
      replaceChildren(body, el, h('p', { class: 'alert info' }, t('qrPickPoint')));
      return;
    }
    // Questionnaires a service point may use (those of its unit and of every ancestor): their
    // titles name the codes' questionnaires, and writers choose among them.
    const questionnaires = ctx.can('questionnaire:read')
      ? await loadQuestionnaires(ctx, ownerIdsOf(points[0]!.path).slice(1)).catch(() => [])
      : [];
    const status = statusLine();
    const sheet =
      node.kind === 'unit'
        ? button(
            t('qrSheet'),
            (ev) =>
              void busy(ev.currentTarget as HTMLButtonElement, status, () =>
                printSvg(
                  ctx,
                  `/units/${encodeURIComponent(node.id)}/qr-sheet.svg`,
                  `qr-sheet-${node.id}.svg`,
                  status,
                ),
              ),
          )
        : null;
    const sections = await Promise.all(points.map((p) => pointSection(ctx, p, questionnaires)));
    replaceChildren(body, el, h('div', { class: 'actions' }, sheet), status.el, ...sections);
  } catch (err) {
    replaceChildren(body, errorPanel(err));
  }
}
