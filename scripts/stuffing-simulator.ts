/**
 * Ballot-stuffing simulator. Plays stuffing patterns and a realistic set of genuine
 * ballots against the public API on a simulated clock, lets the Responses-stream work run (the
 * retroactive quarantine), then reads back, from the stored responses, which ballots were
 * quarantined, and from the official aggregates, what was counted. The stuffer's view (201 +
 * receipt) is identical either way; only the database knows.
 *
 * Usable as a function (tests: `runStuffingSimulation(target)`) and as a script
 * (`tsx scripts/stuffing-simulator.ts`: starts DynamoDB Local in memory, seeds the demo, prints a report).
 * The simulation itself lives in local/stuffing-simulation.ts and its
 * database target in local/simulation-deps.ts, so that the console can run it in a
 * demo (`POST /api/console/v1/integrity/simulations`); this module re-exports both.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serviceDay } from '../functions/domain/service-day';
import { simTarget } from '../local/simulation-deps';
import { cst, runStuffingSimulation } from '../local/stuffing-simulation';

export { simTarget } from '../local/simulation-deps';
export {
  cst,
  genuineBallots,
  type PatternName,
  type PatternResult,
  rng,
  runStuffingSimulation,
  SIM_ADDRESS_HEADER,
  type SimClock,
  type SimForm,
  type SimTarget,
  type SimulationOptions,
  type SimulationReport,
  simClock,
  stuffingPatterns,
} from '../local/stuffing-simulation';

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { startDynamoLocal } = await import('../local/dynamo-local');
  const { createDynamoClient } = await import('../functions/db/client');
  const { seededTables } = await import('../bench/seeded-tables');
  const dynamo = await startDynamoLocal({ dataDir: null });
  try {
    const client = createDynamoClient({ endpoint: dynamo.endpoint });
    const { tables, qrKey, demoForms } = await seededTables(client, 'sim-');
    const report = await runStuffingSimulation(simTarget(client, tables, qrKey, demoForms, new Date()));
    console.log(JSON.stringify(report, null, 2));
    console.table(
      Object.fromEntries(
        [...Object.entries(report.patterns), ['genuine', report.genuine] as const].map(([name, p]) => [
          name,
          {
            sent: p.sent,
            counted: p.accepted - p.quarantined,
            quarantined: p.quarantined,
            refused: Object.entries(p.refused ?? {})
              .map(([why, n]) => `${n} × ${why}`)
              .join(', '),
          },
        ]),
      ),
    );
    console.log(
      `official day ${serviceDay(cst(report.day, '12:00'))}; false-positive rate ${(report.falsePositiveRate * 100).toFixed(1)} %`,
    );
  } finally {
    await dynamo.stop();
  }
}
