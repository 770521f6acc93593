/**
 * Gives org nodes written before the Directory's tree index (gsi2) existed its key attributes, on
 * a deployed stack: `TABLE_DIRECTORY=<table name> npx tsx scripts/backfill-tree-index.ts`.
 * Safe to run again: it touches only nodes without the attributes.
 */
import { createDynamoClient } from '../functions/db/client';
import { DirectoryRepository } from '../functions/db/directory-repository';

const table = process.env.TABLE_DIRECTORY;
if (!table) {
  console.error('TABLE_DIRECTORY is not set');
  process.exit(2);
}
const updated = await new DirectoryRepository(createDynamoClient({}), table).backfillTreeIndex();
console.log(`${updated} org nodes given their tree-index keys`);
