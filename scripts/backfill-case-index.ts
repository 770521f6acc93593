/**
 * Moves follow-up cases stored before the case indexes (escalation day, inbox rows) into them, on a
 * deployed stack: `TABLE_RESPONSES=<name> TABLE_DIRECTORY=<name> npx tsx scripts/backfill-case-index.ts`.
 * Safe to run again.
 */
import { CaseRepository } from '../functions/db/case-repository';
import { createDynamoClient } from '../functions/db/client';
import { DirectoryRepository } from '../functions/db/directory-repository';

const { TABLE_RESPONSES: responses, TABLE_DIRECTORY: directory } = process.env;
if (!responses || !directory) {
  console.error('TABLE_RESPONSES and TABLE_DIRECTORY must be set');
  process.exit(2);
}
const client = createDynamoClient({});
const provinces = await new DirectoryRepository(client, directory).listNodesOfKind('province');
const moved = await new CaseRepository(client, { responses }).backfillCaseIndexes(provinces.map((p) => p.id));
console.log(`${moved} cases moved into the case indexes`);
