/**
 * Chooses a node of the organisation tree within the user's scope: a breadcrumb from the scope
 * node down to the current one, and a list of the current node's children to go deeper.
 */
import { h } from '../../shared/dom';
import type { Ctx } from '../context';
import { pick, t, tOr } from '../i18n';
import type { OrgNode } from '../types';
import { button, select, uid } from '../ui';

/** The ids from the scope node down to `node` (the user never sees above the scope). */
export function trailFromScope(node: Pick<OrgNode, 'path'>, scopeId: string): string[] {
  const ids = node.path.split('/');
  const at = ids.indexOf(scopeId);
  return at < 0 ? [] : ids.slice(at);
}

const nodeLabel = (n: OrgNode): string => `${pick(n.name)}${n.active ? '' : `（${t('inactive')}）`}`;

/**
 * Renders the picker for `nodeId` and calls `onPick` with the node the user moves to.
 * Resolves to the current node (after loading it) so the page can use it.
 */
export async function nodePicker(
  ctx: Ctx,
  nodeId: string,
  onPick: (id: string) => void,
): Promise<{ el: HTMLElement; node: OrgNode; children: OrgNode[] }> {
  const { node, children } = await ctx.nodes.load(nodeId);
  const trail = trailFromScope(node, ctx.me.scopeId);
  // Names of the ancestors on the trail come from the cache, or are fetched (a few ids at most).
  const names = await Promise.all(
    trail.map(async (id) => ctx.nodes.peek(id) ?? (await ctx.nodes.load(id)).node),
  );
  const crumbs = h(
    'ol',
    { class: 'crumbs' },
    ...names.map((n, i) =>
      h(
        'li',
        {},
        i === names.length - 1
          ? h('span', { 'aria-current': 'location' }, nodeLabel(n))
          : button(nodeLabel(n), () => onPick(n.id), { class: 'btn link' }),
      ),
    ),
  );
  const selId = uid('child');
  const picker =
    children.length > 0
      ? h(
          'div',
          { class: 'inline' },
          h('label', { for: selId }, t('nodeChild')),
          select(
            [
              ['', t('nodeChoose')],
              ...children.map((c): [string, string] => [c.id, `${nodeLabel(c)} · ${c.id}`]),
            ],
            '',
            (v) => v && onPick(v),
            { id: selId },
          ),
        )
      : null;
  const el = h(
    'nav',
    { class: 'picker', 'aria-label': t('nodeLabel') },
    h('span', { class: 'picker-label' }, `${t('nodeLabel')}：`),
    crumbs,
    h('span', { class: 'tag' }, tOr(`kind_${node.kind}`, node.kind)),
    picker,
  );
  return { el, node, children };
}
