/**
 * The organisation tree browser: the current node, its children, and — with `org:write` — create a
 * child, rename, and deactivate. Every write goes through the API, which checks scope again.
 */
import { append, h, replaceChildren } from '../../shared/dom';
import type { Ctx } from '../context';
import { pick, t, tOr } from '../i18n';
import { type Route, routeHref } from '../routes';
import type { LocalizedText, OrgNode } from '../types';
import { busy, button, errorPanel, field, input, on, pageTitle, select, statusLine, table } from '../ui';
import { nodePicker } from './node-picker';

const UNIT_TYPES = ['police_station', 'traffic_squad', 'vehicle_admin', 'county_bureau'];

function nameInputs(name?: LocalizedText) {
  const zh = input({ required: true, maxlength: 500, lang: 'zh-CN' }, name?.['zh-CN'] ?? '');
  const en = input({ required: true, maxlength: 500, lang: 'en' }, name?.en ?? '');
  return {
    fields: [field(t('nameZh'), zh), field(t('nameEn'), en)],
    value: (): LocalizedText => ({ 'zh-CN': zh.value.trim(), en: en.value.trim() }),
  };
}

function renameForm(ctx: Ctx, node: OrgNode, done: () => void): HTMLElement {
  const status = statusLine();
  const names = nameInputs(node.name);
  const submit = h('button', { type: 'submit', class: 'btn primary' }, t('orgRename'));
  const form = h('form', { class: 'box' }, h('h2', {}, t('orgRename')), ...names.fields, submit, status.el);
  on(form, 'submit', (ev) => {
    ev.preventDefault();
    void busy(submit, status, async () => {
      await ctx.api.patch(`/org/nodes/${encodeURIComponent(node.id)}`, { name: names.value() });
      ctx.nodes.invalidate(node.id, node.parentId);
      done();
    });
  });
  return form;
}

function createForm(ctx: Ctx, parent: OrgNode, done: () => void): HTMLElement {
  const status = statusLine();
  const names = nameInputs();
  const id = input({ inputmode: 'numeric', pattern: '\\d{6}', maxlength: 6 });
  const unitType = select(
    [['', '—'], ...UNIT_TYPES.map((u): [string, string] => [u, t(`unit_${u}` as 'unit_police_station')])],
    '',
  );
  const submit = h('button', { type: 'submit', class: 'btn primary' }, t('create'));
  const form = h(
    'form',
    { class: 'box' },
    h('h2', {}, t('orgCreateChild')),
    field(t('orgNewId'), id),
    ...names.fields,
    field(t('orgUnitType'), unitType),
    submit,
    status.el,
  );
  on(form, 'submit', (ev) => {
    ev.preventDefault();
    void busy(submit, status, async () => {
      await ctx.api.post('/org/nodes', {
        parentId: parent.id,
        id: id.value.trim() || undefined,
        name: names.value(),
        unitType: unitType.value || undefined,
      });
      ctx.nodes.invalidate(parent.id);
      done();
    });
  });
  return form;
}

/** `#/org?nodeId`. */
export async function orgPage(ctx: Ctx, route: Route, root: HTMLElement): Promise<void> {
  const nodeId = route.query.nodeId || ctx.nodeId;
  ctx.nodeId = nodeId;
  const body = h('div', { class: 'stack' }, h('p', { class: 'muted' }, t('loading')));
  replaceChildren(root, pageTitle(t('orgTitle')), body);
  const reload = () => {
    ctx.nodes.invalidate(nodeId);
    void orgPage(ctx, route, root);
  };
  try {
    const { el, node, children } = await nodePicker(ctx, nodeId, (id) =>
      ctx.go(routeHref('org', [], { nodeId: id })),
    );
    const status = statusLine();
    const write = ctx.can('org:write');
    const actions = h('div', { class: 'actions' });
    const formSlot = h('div', {});
    if (write && node.active) {
      append(
        actions,
        button(t('orgRename'), () => replaceChildren(formSlot, renameForm(ctx, node, reload))),
        node.kind !== 'servicePoint' &&
          button(t('orgCreateChild'), () => replaceChildren(formSlot, createForm(ctx, node, reload))),
        node.id !== ctx.me.scopeId &&
          button(
            t('orgDeactivate'),
            (ev) => {
              if (!window.confirm(t('orgConfirmDeactivate', { name: pick(node.name) }))) return;
              void busy(ev.currentTarget as HTMLButtonElement, status, async () => {
                await ctx.api.post(`/org/nodes/${encodeURIComponent(node.id)}/deactivate`);
                ctx.nodes.invalidate(node.id, node.parentId);
                reload();
              });
            },
            { class: 'btn danger' },
          ),
      );
    }
    replaceChildren(
      body,
      el,
      h(
        'dl',
        { class: 'facts' },
        h('dt', {}, t('orgId')),
        h('dd', {}, node.id),
        h('dt', {}, t('orgKind')),
        h(
          'dd',
          {},
          tOr(`kind_${node.kind}`, node.kind),
          node.unitType ? ` · ${tOr(`unit_${node.unitType}`, node.unitType)}` : '',
        ),
        h('dt', {}, t('orgName')),
        h('dd', {}, `${node.name['zh-CN']} / ${node.name.en}`),
        h('dt', {}, t('orgStatus')),
        h('dd', {}, node.active ? t('orgActive') : t('inactive')),
      ),
      actions,
      formSlot,
      status.el,
      h('h2', {}, t('orgChildren')),
      children.length === 0
        ? h('p', { class: 'muted' }, t('none'))
        : table(
            [t('orgId'), t('orgName'), t('orgKind'), t('orgStatus')],
            children.map((c) => [
              c.id,
              h('a', { href: routeHref('org', [], { nodeId: c.id }) }, pick(c.name)),
              tOr(`kind_${c.kind}`, c.kind),
              c.active ? t('orgActive') : t('inactive'),
            ]),
          ),
    );
  } catch (err) {
    replaceChildren(body, errorPanel(err));
  }
}
