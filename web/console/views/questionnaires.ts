/**
 * Questionnaires: the list (owned by the scope node and its ancestors), one questionnaire's versions
 * with publish / new draft / archive, and the SurveyJS import whose 422 details are listed in full.
 */
import { h, replaceChildren } from '../../shared/dom';
import type { Ctx } from '../context';
import { pick, t, tOr } from '../i18n';
import { ownerIdsOf, type Route, routeHref } from '../routes';
import { type QuestionnaireDetail, type QuestionnaireSummary, questionnaireStatus } from '../types';
import {
  busy,
  button,
  errorPanel,
  field,
  fmtDateTime,
  on,
  pageTitle,
  select,
  statusLine,
  table,
  uid,
} from '../ui';
import { editorPage } from './editor';

/** The questionnaire id and version a create/import/new-draft answer names. */
export function refOf(r: unknown): { id: string; version: number } | null {
  const o = (r ?? {}) as Record<string, unknown>;
  const inner = (o.questionnaire ?? o.head ?? o) as Record<string, unknown>;
  const id = o.questionnaireId ?? inner.questionnaireId ?? inner.id;
  const version =
    o.version ??
    (o.draft as Record<string, unknown> | undefined)?.version ??
    inner.latestVersion ??
    inner.version;
  return typeof id === 'string' ? { id, version: typeof version === 'number' ? version : 1 } : null;
}

/** A summary's id (tolerating `id` for `questionnaireId`). */
const idOf = (q: QuestionnaireSummary & { id?: string }): string => q.questionnaireId ?? q.id ?? '';

/** Loads the questionnaires of `ownerIds`, nearest owner first, without duplicates. */
export async function loadQuestionnaires(ctx: Ctx, ownerIds: string[]): Promise<QuestionnaireSummary[]> {
  const lists = await Promise.all(
    ownerIds.map((ownerId) =>
      ctx.api.get<{ items: QuestionnaireSummary[] }>('/questionnaires', { ownerId }).then((r) => r.items),
    ),
  );
  const seen = new Set<string>();
  return lists.flat().filter((q) => {
    const id = idOf(q);
    if (!id || seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

function importBox(ctx: Ctx, ownerId: string): HTMLElement {
  const status = statusLine();
  const file = h('input', { type: 'file', accept: '.json,application/json', id: uid('file') });
  on(file, 'change', () => {
    const f = file.files?.[0];
    if (!f) return;
    status.say(t('loading'));
    void f.text().then(async (text) => {
      let survey: unknown;
      try {
        survey = JSON.parse(text);
      } catch {
        status.say('');
        replaceChildren(status.el, h('div', { class: 'alert error', role: 'alert' }, t('qImportBadJson')));
        return;
      }
      try {
        const r = await ctx.api.post('/questionnaires/import/surveyjs', { ownerId, survey });
        const ref = refOf(r);
        status.say(t('qImported'));
        if (ref) ctx.go(routeHref('questionnaires', [ref.id, 'v', String(ref.version)]));
      } catch (err) {
        replaceChildren(status.el, h('p', { class: 'alert-title' }, t('qImportFailed')), errorPanel(err));
      } finally {
        file.value = '';
      }
    });
  });
  return h('div', { class: 'box' }, field(t('qImport'), file), status.el);
}

/** `#/questionnaires`, `#/questionnaires/:id`, and the editor routes (delegated). */
export async function questionnairesPage(ctx: Ctx, route: Route, root: HTMLElement): Promise<void> {
  const [id, sub, v] = route.segments;
  if (id === 'new' || (id && sub === 'v' && v)) {
    return editorPage(ctx, id === 'new' ? null : { id, version: Number(v) }, route, root);
  }
  if (id) return versionsPage(ctx, id, root);
  const body = h('div', { class: 'stack' }, h('p', { class: 'muted' }, t('loading')));
  replaceChildren(root, pageTitle(t('qTitle')), body);
  try {
    const owners = ownerIdsOf(ctx.me.scope?.path ?? ctx.me.scopeId);
    const items = await loadQuestionnaires(ctx, owners);
    const write = ctx.can('questionnaire:write');
    // New questionnaires belong to the scope node (or the node being worked on, inside the scope).
    const ownerChoices = [...new Set([ctx.nodeId, ctx.me.scopeId])].map((o): [string, string] => [
      o,
      `${pick(ctx.nodes.peek(o)?.name) || o} · ${o}`,
    ]);
    const owner = select(ownerChoices, ownerChoices[0]![0]);
    replaceChildren(
      body,
      write &&
        h(
          'div',
          { class: 'toolbar' },
          field(t('qOwner'), owner),
          button(t('qNew'), () => ctx.go(routeHref('questionnaires', ['new'], { ownerId: owner.value })), {
            class: 'btn primary',
          }),
        ),
      write && importBox(ctx, ctx.me.scopeId),
      items.length === 0
        ? h('p', { class: 'muted' }, t('none'))
        : table(
            [t('qName'), t('qStatus'), t('qVersion'), t('qOwner')],
            items.map((q) => [
              h('a', { href: routeHref('questionnaires', [idOf(q)]) }, pick(q.title) || idOf(q)),
              tOr(`status_${questionnaireStatus(q)}`, ''),
              `v${q.latestVersion ?? ''}${q.latestPublished ? `（${t('status_published')} v${q.latestPublished}）` : ''}`,
              q.ownerId ?? '',
            ]),
          ),
    );
  } catch (err) {
    replaceChildren(body, errorPanel(err));
  }
}

async function versionsPage(ctx: Ctx, id: string, root: HTMLElement): Promise<void> {
  const body = h('div', { class: 'stack' }, h('p', { class: 'muted' }, t('loading')));
  replaceChildren(root, pageTitle(`${t('navQuestionnaires')} · ${id}`), body);
  const path = `/questionnaires/${encodeURIComponent(id)}`;
  try {
    const head = await ctx.api.get<QuestionnaireDetail>(path);
    const versions = [...head.versions].sort((a, b) => b.version - a.version);
    // A questionnaire is called by its latest version's title.
    const title = pick(versions[0]?.title);
    const heading = root.querySelector('h1');
    if (heading && title) heading.textContent = `${t('navQuestionnaires')} · ${title}`;
    const status = statusLine();
    const write = ctx.can('questionnaire:write');
    const archived = head.archived === true;
    replaceChildren(
      body,
      h('p', {}, h('a', { href: routeHref('questionnaires') }, `← ${t('back')}`)),
      h(
        'p',
        {},
        title,
        ' · ',
        tOr(`status_${questionnaireStatus(head)}`, ''),
        head.ownerId ? ` · ${t('qOwner')} ${head.ownerId}` : '',
      ),
      write &&
        !archived &&
        h(
          'div',
          { class: 'actions' },
          !versions.some((x) => x.status === 'draft') &&
            button(
              t('qNewDraft'),
              (ev) =>
                void busy(ev.currentTarget as HTMLButtonElement, status, async () => {
                  const created = refOf(await ctx.api.post(`${path}/versions`, {}));
                  ctx.go(
                    routeHref('questionnaires', [
                      id,
                      'v',
                      String(created?.version ?? (versions[0]?.version ?? 0) + 1),
                    ]),
                  );
                }),
            ),
          button(
            t('qArchive'),
            (ev) => {
              if (!window.confirm(t('qConfirmArchive'))) return;
              void busy(ev.currentTarget as HTMLButtonElement, status, async () => {
                await ctx.api.post(`${path}/archive`, {});
                void versionsPage(ctx, id, root);
              });
            },
            { class: 'btn danger' },
          ),
        ),
      status.el,
      h('h2', {}, t('qVersions')),
      table(
        [t('qVersion'), t('qStatus'), t('qrCreated'), t('status_published'), ''],
        versions.map((x) => [
          `v${x.version}`,
          tOr(`status_${x.status}`, x.status),
          x.createdAt ? fmtDateTime(x.createdAt) : '',
          x.publishedAt ? fmtDateTime(x.publishedAt) : '',
          h(
            'a',
            { href: routeHref('questionnaires', [id, 'v', String(x.version)]) },
            x.status === 'draft' && write ? t('edit') : t('view'),
          ),
        ]),
      ),
    );
  } catch (err) {
    replaceChildren(body, errorPanel(err));
  }
}
