/**
 * The environment of a Lambda function, parsed with valibot once at cold start. Each function's
 * config module (`<function>-config.ts`) declares the variables it reads as a valibot object and
 * calls {@link parseLambdaEnv}: a missing or malformed variable stops the init with one message that
 * names the function and every variable at fault, instead of failing a later run.
 */
import * as v from 'valibot';
import { type TableNames, tableEnvVar } from '../db/table-names';

/** A variable that must be set and non-empty. */
export const requiredVar = v.pipe(v.string('is required'), v.nonEmpty('is required'));

/** A variable that may be absent; an empty value counts as absent. */
export const optionalVar = v.pipe(
  v.optional(v.string()),
  v.transform((s) => (s === '' ? undefined : s)),
);

/** A positive integer, `fallback` when absent or empty. */
export const positiveIntVar = (fallback: number) =>
  v.pipe(
    v.optional(v.string(), ''),
    v.transform((s) => (s === '' ? String(fallback) : s)),
    v.regex(/^[1-9]\d*$/, 'must be a positive integer'),
    v.transform(Number),
  );

/** The table-name variables of the given tables, each required. */
export function tableVars(keys: readonly (keyof TableNames)[]): Record<string, typeof requiredVar> {
  return Object.fromEntries(keys.map((k) => [tableEnvVar(k), requiredVar]));
}

/** The physical table names out of a parsed environment. */
export function tablesFrom<K extends keyof TableNames>(
  keys: readonly K[],
  parsed: Record<string, unknown>,
): Pick<TableNames, K> {
  return Object.fromEntries(keys.map((k) => [k, parsed[tableEnvVar(k)] as string])) as Pick<TableNames, K>;
}

/** Parses `env` with `schema`, or throws naming the function and each variable at fault. */
export function parseLambdaEnv<S extends v.GenericSchema>(
  lambda: string,
  schema: S,
  env: NodeJS.ProcessEnv,
): v.InferOutput<S> {
  const result = v.safeParse(schema, env);
  if (result.success) return result.output;
  const problems = result.issues.map(
    (i) => `${v.getDotPath(i) ?? '(environment)'} ${i.received === 'undefined' ? 'is required' : i.message}`,
  );
  throw new Error(`${lambda}: invalid environment: ${problems.join('; ')}`);
}
