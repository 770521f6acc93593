/** Physical table names: from the Lambda environment in AWS, from a prefix locally. */
import { requireEnv } from '../config';
import {
  auditTable,
  directoryTable,
  questionnairesTable,
  quietLimitsTable,
  responsesTable,
  scoringTable,
  type TableSpec,
} from './tables';

export interface TableNames {
  directory: string;
  questionnaires: string;
  responses: string;
  scoring: string;
  audit: string;
  quietLimits: string;
}

const specs: Record<keyof TableNames, TableSpec> = {
  directory: directoryTable,
  questionnaires: questionnairesTable,
  responses: responsesTable,
  scoring: scoringTable,
  audit: auditTable,
  quietLimits: quietLimitsTable,
};

/** The environment variable CDK sets to a table's physical name (`TABLE_DIRECTORY` …). */
export const tableEnvVar = (key: keyof TableNames): string => specs[key].envVar;

/** Names set by CDK through each spec's `envVar`; only the tables a function is bound to are required. */
export function tableNamesFromEnv<K extends keyof TableNames>(
  keys: readonly K[],
  env: NodeJS.ProcessEnv = process.env,
): Pick<TableNames, K> {
  return Object.fromEntries(keys.map((k) => [k, requireEnv(specs[k].envVar, env)])) as Pick<TableNames, K>;
}

/** Local names: `{prefix}{logicalName}`, e.g. `kmpj-Responses`. */
export function tableNamesWithPrefix(prefix: string): TableNames {
  return {
    directory: prefix + directoryTable.logicalName,
    questionnaires: prefix + questionnairesTable.logicalName,
    responses: prefix + responsesTable.logicalName,
    scoring: prefix + scoringTable.logicalName,
    audit: prefix + auditTable.logicalName,
    quietLimits: prefix + quietLimitsTable.logicalName,
  };
}
