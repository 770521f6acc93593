/**
 * Recounts the node rollups of every province (or of one node) from the units' aggregates on a
 * deployed stack, reports the drift per node-day, and with --repair corrects it; also the backfill
 * of rollups for aggregates written before the rollup stream consumer:
 * `TABLE_RESPONSES=<name> TABLE_DIRECTORY=<name> npx tsx scripts/recount-rollups.ts [--repair] [--node 130000] [--from 2026-01-01] [--to 2026-12-31]`.
 * Safe to run again, and while the stream consumer runs (see README, "Node rollups").
 */
import { parseArgs } from 'node:util';
import { createDynamoClient } from '../functions/db/client';
import { DirectoryRepository } from '../functions/db/directory-repository';
import { recountServices } from '../functions/handlers/rollup-recount-deps';
import { recountRollups } from '../functions/services/rollups/recount';

const { values } = parseArgs({
  options: {
    repair: { type: 'boolean', default: false },
    node: { type: 'string' },
    from: { type: 'string', default: '0000-01-01' },
    to: { type: 'string', default: '9999-12-31' },
  },
});
const { TABLE_RESPONSES: responses, TABLE_DIRECTORY: directory } = process.env;
if (!responses || !directory) {
  console.error('TABLE_RESPONSES and TABLE_DIRECTORY must be set');
  process.exit(2);
}
const client = createDynamoClient({});
const deps = recountServices({ client, tables: { responses, directory } });
const roots = values.node
  ? [values.node]
  : (await new DirectoryRepository(client, directory).listNodesOfKind('province')).map((p) => p.id);
let drifting = 0;
for (const rootId of roots) {
  const r = await recountRollups(deps, {
    rootId,
    fromDay: values.from,
    toDay: values.to,
    repair: values.repair,
  });
  drifting += r.drift.length;
  console.log(
    `${rootId}: ${r.nodes} nodes, ${r.cells} cells, ${r.drift.length} drifting, ${r.repaired} repaired, ${r.unsettled} unsettled`,
  );
  for (const d of r.drift)
    console.log(
      `  ${d.cell.nodeId} ${d.cell.day} ${d.cell.questionnaireId}@${d.cell.version}${d.cell.matter ? ` ${d.cell.matter.matter}` : ''}: stored ${d.storedResponses}, recount ${d.expectedResponses}`,
    );
}
process.exitCode = drifting > 0 && !values.repair ? 1 : 0;
