/**
 * Starts in-memory DynamoDB Locals for the whole run (each takes 3–4 s to start): one per vitest
 * worker, so that test files running side by side do not queue behind each other in one DynamoDB
 * Local (it applies writes one at a time). `DYNAMO_LOCALS=1` shares one.
 */
import type { TestProject } from 'vitest/node';
import { type DynamoLocal, startDynamoLocal } from '../local/dynamo-local';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoints: string[];
  }
}

const dynamos: DynamoLocal[] = [];

export async function setup(project: TestProject) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const workers = Number(project.config.maxWorkers) || 1;
  const count = Math.max(1, Number(process.env.DYNAMO_LOCALS ?? workers));
  // One after another: a first start may compile the loopback launcher into a shared cache.
  for (let i = 0; i < count; i++) dynamos.push(await startDynamoLocal({ dataDir: null }));
  project.provide(
    'dynamoEndpoints',
    dynamos.map((d) => d.endpoint),
  );
}

export async function teardown() {
  await Promise.all(dynamos.map((d) => d.stop()));
}
