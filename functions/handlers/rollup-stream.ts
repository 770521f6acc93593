/** Lambda entry point: Responses table stream (new and old images) → node rollups and comment pointers. */
import { createDynamoClient } from '../db/client';
import { createLogger } from '../observability/logger';
import { createRollupStreamHandler, rollupServices } from './rollup-deps';
import { rollupStreamConfig } from './rollup-stream-config';

const { tables } = rollupStreamConfig();

export const handler = createRollupStreamHandler(
  rollupServices({ client: createDynamoClient(), tables }),
  createLogger('kmpj-rollup-stream'),
);
