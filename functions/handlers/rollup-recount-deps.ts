/** Wiring of the rollups' recount (verify, report drift, repair), shared by the local stack, the script and the tests. */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DirectoryRepository } from '../db/directory-repository';
import { ResponseRepository } from '../db/response-repository';
import { RollupRepository } from '../db/rollup-repository';
import type { TableNames } from '../db/table-names';
import type { RecountDeps } from '../services/rollups/recount';

export function recountServices(w: {
  client: DynamoDBClient;
  tables: Pick<TableNames, 'directory' | 'responses'>;
}): RecountDeps {
  const directory = new DirectoryRepository(w.client, w.tables.directory);
  return {
    tree: { getNodes: (ids) => directory.getNodes(ids), descendants: (path) => directory.descendants(path) },
    unitAggregates: new ResponseRepository(w.client, w.tables),
    store: new RollupRepository(w.client, w.tables.responses),
  };
}
