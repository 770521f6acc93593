/** Wires the console API's services to DynamoDB; shared by the Lambda handler and the local server. */
import { randomUUID } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { AuditRepository } from '../db/audit-repository';
import { DirectoryRepository } from '../db/directory-repository';
import { OrgRepository } from '../db/org-repository';
import type { TableNames } from '../db/table-names';
import type { VerifyToken } from '../http/console/auth';
import type { ConsoleAppDeps } from '../http/console-app';
import { type Clock, systemClock } from '../services/ports';

export interface ConsoleWiring {
  client: DynamoDBClient;
  tables: TableNames;
  qrKey: Buffer;
  publicBaseUrl: string;
  verify: VerifyToken;
  clock?: Clock;
}

export function consoleServices(w: ConsoleWiring): Omit<ConsoleAppDeps, 'logger'> {
  const directory = new DirectoryRepository(w.client, w.tables.directory);
  const orgRepo = new OrgRepository(w.client, w.tables);
  const org = {
    getNodes: (ids: readonly string[]) => directory.getNodes(ids),
    children: (id: string) => orgRepo.children(id),
    descendants: (id: string) => orgRepo.descendants(id),
    tokensOf: (id: string) => orgRepo.tokensOf(id),
    create: orgRepo.create.bind(orgRepo),
    update: orgRepo.update.bind(orgRepo),
  };
  return {
    auth: { verify: w.verify, getNodes: org.getNodes },
    org,
    audit: new AuditRepository(w.client, w.tables.audit),
    ctx: { clock: w.clock ?? systemClock, newId: randomUUID },
  };
}
