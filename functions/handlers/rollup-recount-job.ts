/** Lambda entry point: scheduled (EventBridge) recount of the node rollups, reporting (and repairing) drift. */
import { createDynamoClient } from '../db/client';
import { DirectoryRepository } from '../db/directory-repository';
import { createLogger } from '../observability/logger';
import { recountServices } from './rollup-recount-deps';
import { createRollupRecountHandler } from './rollup-recount-handler';
import { rollupRecountJobConfig } from './rollup-recount-job-config';

const { tables, settings } = rollupRecountJobConfig();
const client = createDynamoClient();
const directory = new DirectoryRepository(client, tables.directory);

export const handler = createRollupRecountHandler(
  {
    recount: recountServices({ client, tables }),
    provinces: async () => (await directory.listNodesOfKind('province')).map((p) => p.id),
  },
  settings,
  createLogger('kmpj-rollup-recount-job'),
);
