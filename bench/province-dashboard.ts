/**
 * The province dashboard over 30 days at 167 counties × 30 units against one county's, both read
 * from the node rollups the stream consumer keeps (goal: ≤ 2×). Alone: `npx tsx bench/province-dashboard.ts`.
 */
import { UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { createDynamoClient } from '../functions/db/client';
import { DirectoryRepository } from '../functions/db/directory-repository';
import { responseKeys } from '../functions/db/keys/responses';
import { OrgRepository } from '../functions/db/org-repository';
import { QuestionnaireRepository } from '../functions/db/questionnaire-repository';
import { buildCounterUpdate, ResponseRepository } from '../functions/db/response-repository';
import { RollupRepository } from '../functions/db/rollup-repository';
import type { Principal } from '../functions/domain/access';
import { aggregateDelta } from '../functions/domain/aggregate';
import type { OrgNode } from '../functions/domain/org';
import { getDashboard } from '../functions/services/dashboard/get-dashboard';
import type { ReportingDeps } from '../functions/services/responses/ports';
import { mapLimited } from '../functions/services/responses/scope';
import { startDynamoLocal } from '../local/dynamo-local';
import { DEMO_QUESTIONNAIRE_ID } from '../local/seed/demo-questionnaire';
import { rollupDrain } from './rollup-drain';
import { seededTables } from './seeded-tables';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const province: Principal = {
  userId: 'bench',
  name: '省厅',
  role: 'province_admin',
  scopeId: '130000',
  scopePath: '130000',
};

export async function provinceDashboardBench(runs = 20) {
  const db = await startDynamoLocal({ dataDir: null });
  const client = createDynamoClient({ endpoint: db.endpoint });
  try {
    const { tables } = await seededTables(client, 'dash');
    const questionnaires = new QuestionnaireRepository(client, tables.questionnaires);
    const content = (await questionnaires.getVersion(DEMO_QUESTIONNAIRE_ID, 1))!.content;
    const delta = aggregateDelta(content, { q_overall: 5, q_attitude: 4, q_efficiency: 5 });
    const org = new OrgRepository(client, tables);
    const counties = (await org.descendants('130000')).filter((n) => n.kind === 'county');
    const units = counties.flatMap((c) =>
      Array.from({ length: 30 }, (_, i): OrgNode => {
        const id = `${c.id}9${String(i).padStart(2, '0')}`;
        const name = { 'zh-CN': id, en: id };
        return { id, kind: 'unit', parentId: c.id, path: `${c.path}/${id}`, name, active: true };
      }),
    );
    const directory = new DirectoryRepository(client, tables.directory);
    await mapLimited(units, 32, (u) => directory.putNodeIfAbsent(u));
    const days = Array.from({ length: 30 }, (_, i) => `2026-11-${String(i + 1).padStart(2, '0')}`);
    // One unit-day aggregate per unit, the units spread over the 30 days (a rollup holds one cell per
    // node, day and version whatever the number of units below it); the stream rolls them up.
    await mapLimited(
      units.map((u, i) => ({ u, day: days[i % 30]! })),
      32,
      async ({ u, day }) => {
        const { Update } = buildCounterUpdate(
          tables.responses,
          responseKeys.dailyAggregate(u.id, day, DEMO_QUESTIONNAIRE_ID, 1, {
            servicePointId: `${u.id}-01`,
            shard: 0,
          }),
          {
            entity: 'DailyAggregate',
            nodeId: u.id,
            nodeKind: 'unit',
            day,
            questionnaireId: DEMO_QUESTIONNAIRE_ID,
            version: 1,
          },
          delta,
        );
        await client.send(new UpdateItemCommand(Update!));
      },
    );
    const rollups = rollupDrain({ client, endpoint: db.endpoint, tables });
    await rollups.drain();
    rollups.stop();
    const deps: ReportingDeps = {
      responses: new ResponseRepository(client, tables),
      versions: questionnaires,
      tree: { getNodes: (ids) => directory.getNodes(ids), descendants: (p) => org.descendants(p) },
      cutoffDay: async () => '2099-12-31',
      rollups: new RollupRepository(client, tables.responses),
    };
    const time = async (nodeId: string) => {
      const ms: number[] = [];
      let responses = 0;
      for (let i = 0; i < runs; i++) {
        const t = performance.now();
        const d = await getDashboard(deps, province, {
          nodeId,
          from: days[0]!,
          to: days[29]!,
          granularity: 'day',
        });
        ms.push(performance.now() - t);
        responses = d.totals.responses;
      }
      return { ms: median(ms), responses };
    };
    const county = await time(counties[0]!.id);
    const whole = await time('130000');
    return { units: units.length, county, province: whole, ratio: whole.ms / county.ms };
  } finally {
    client.destroy();
    await db.stop();
  }
}

export function printProvinceDashboard(r: Awaited<ReturnType<typeof provinceDashboardBench>>) {
  console.log(
    `province dashboard, 30 days from rollups: province (167 counties × 30 units = ${r.units}, ${r.province.responses} responses) ${r.province.ms.toFixed(1)} ms vs one county (${r.county.responses} responses) ${r.county.ms.toFixed(1)} ms (median) → ratio ${r.ratio.toFixed(2)} (goal ≤ 2)`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  printProvinceDashboard(await provinceDashboardBench(Number(process.env.BENCH_DASHBOARD_RUNS ?? 20)));
}
