/**
 * Moves follow-up cases stored before the case indexes existed into them, on a deployed stack:
 * `TABLE_RESPONSES=<table name> npx tsx scripts/backfill-case-index.ts`. Safe to run again.
 */
import { CaseRepository } from '../functions/db/case-repository';
import { createDynamoClient } from '../functions/db/client';

const responses = process.env.TABLE_RESPONSES;
if (!responses) {
  console.error('TABLE_RESPONSES is not set');
  process.exit(2);
}
const moved = await new CaseRepository(createDynamoClient({}), { responses }).backfillCaseIndexes();
console.log(`${moved} cases moved into the case indexes`);
