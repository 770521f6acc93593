import { describe, expect, it } from 'vitest';
import { buildCreateTableInput } from '../../../functions/db/create-tables';
import { allTables } from '../../../functions/db/tables';
import { demoOrgNodes } from '../../../local/seed';
import divisions from '../../../local/seed/hebei-divisions.json' with { type: 'json' };

describe('demo organisation tree', () => {
  const nodes = demoOrgNodes();
  const byKind = (k: string) => nodes.filter((n) => n.kind === k);

  it('holds Hebei with its 11 cities and 167 county-level divisions under real GB/T 2260 codes', () => {
    expect(byKind('province').map((n) => n.id)).toEqual(['130000']);
    expect(byKind('city')).toHaveLength(11);
    expect(byKind('county')).toHaveLength(167);
    expect(byKind('county').every((n) => /^13\d{4}$/.test(n.id) && n.id[4] !== '7')).toBe(true);
    expect(nodes.find((n) => n.id === '130628')?.name).toEqual({ 'zh-CN': '高阳县', en: 'Gaoyang County' });
  });

  it('puts police stations, a vehicle office and traffic squads in 高阳县 with their windows', () => {
    const gaoyangUnits = byKind('unit').filter((u) => u.parentId === '130628');
    expect(gaoyangUnits.map((u) => u.unitType).sort()).toEqual([
      'police_station',
      'traffic_squad',
      'vehicle_admin',
    ]);
    for (const u of gaoyangUnits)
      expect(byKind('servicePoint').some((sp) => sp.parentId === u.id)).toBe(true);
  });

  it('gives every node a path from the province down to itself', () => {
    const sp = nodes.find((n) => n.id === '130628001-01')!;
    expect(sp.path).toBe('130000/130600/130628/130628001/130628001-01');
    const ids = new Set(nodes.map((n) => n.id));
    expect(nodes.every((n) => n.path.split('/').every((id) => ids.has(id)))).toBe(true);
  });

  it('ships a small seed file instead of the division package', () => {
    expect(JSON.stringify(divisions).length).toBeLessThan(20_000);
  });
});

describe('local table creation', () => {
  it('creates every spec’d table with its keys and indexes, on demand', () => {
    for (const spec of allTables) {
      const input = buildCreateTableInput(spec, `x-${spec.logicalName}`);
      expect(input.BillingMode).toBe('PAY_PER_REQUEST');
      expect(input.KeySchema?.[0]).toEqual({ AttributeName: spec.partitionKey.name, KeyType: 'HASH' });
      expect((input.GlobalSecondaryIndexes ?? []).map((g) => g.IndexName)).toEqual(
        spec.globalIndexes.map((g) => g.indexName),
      );
    }
  });
});
