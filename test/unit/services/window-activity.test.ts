import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { OrgNode } from '../../../functions/domain/org';
import { cachedWindowActivity } from '../../../functions/services/window-activity';

const node = (id: string, path: string, active = true): OrgNode => ({
  id,
  kind: id.includes('-') ? 'servicePoint' : 'unit',
  path,
  name: { 'zh-CN': id, en: id },
  active,
});

function directory(nodes: OrgNode[]) {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  let reads = 0;
  return {
    byId,
    reads: () => reads,
    getNodes: async (ids: readonly string[]) => {
      reads++;
      return new Map(ids.flatMap((id) => (byId.has(id) ? [[id, byId.get(id)!] as const] : [])));
    },
  };
}

const tree = () => [
  node('130000', '130000'),
  node('130600', '130000/130600'),
  node('130628', '130000/130600/130628'),
  node('130628001', '130000/130600/130628/130628001'),
  node('130628001-01', '130000/130600/130628/130628001/130628001-01'),
];

describe('window activity', () => {
  it('is closed when the window or any node above it is inactive, or the window is unknown', async () => {
    for (const off of ['130628001-01', '130628001', '130628', '130000']) {
      const d = directory(tree());
      d.byId.set(off, { ...d.byId.get(off)!, active: false });
      expect(await cachedWindowActivity(d.getNodes)('130628001-01'), off).toBe(false);
    }
    expect(await cachedWindowActivity(directory(tree()).getNodes)('130628001-01')).toBe(true);
    expect(await cachedWindowActivity(directory(tree()).getNodes)('nowhere')).toBe(false);
  });

  it('answers from its cache until the entry expires, then reads the deactivation', async () => {
    const d = directory(tree());
    const active = cachedWindowActivity(d.getNodes, 40);
    expect(await active('130628001-01')).toBe(true);
    const reads = d.reads();
    d.byId.set('130628001', { ...d.byId.get('130628001')!, active: false });
    expect(await active('130628001-01')).toBe(true);
    expect(d.reads()).toBe(reads);
    await sleep(60);
    expect(await active('130628001-01')).toBe(false);
  });
});
