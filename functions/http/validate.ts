/**
 * Validation at the edge: valibot schemas checked once, failures turned into the one
 * error model with a field path and a zh-CN + English message per problem.
 */
import { validator } from 'hono-openapi';
import * as v from 'valibot';
import { type FieldIssue, ValidationError } from '../domain/errors';

type AnyIssue = v.BaseIssue<unknown>;

const describeExpected = (expected: string | null): string => expected ?? '?';

/** zh-CN and English text for one valibot issue. */
function describe(issue: AnyIssue): Omit<FieldIssue, 'field'> {
  const req = (issue as { requirement?: unknown }).requirement;
  if (issue.received === 'undefined')
    return { code: 'required', message: '缺少此字段', messageEn: 'This field is required' };
  switch (issue.type) {
    case 'strict_object':
      if (issue.expected === 'never')
        return { code: 'unknown_field', message: '不允许的字段', messageEn: 'Unknown field' };
      break;
    case 'max_length':
      return { code: 'too_long', message: `长度不能超过 ${req}`, messageEn: `Must be at most ${req} long` };
    case 'min_length':
      return { code: 'too_short', message: `长度不能少于 ${req}`, messageEn: `Must be at least ${req} long` };
    case 'min_value':
    case 'max_value':
    case 'integer':
    case 'finite':
      return { code: 'out_of_range', message: '数值超出允许范围', messageEn: 'The number is out of range' };
    case 'regex':
      return { code: 'invalid_format', message: '格式不正确', messageEn: `Invalid format: ${issue.message}` };
    case 'iso_timestamp':
      return {
        code: 'invalid_format',
        message: '时间格式应为 ISO 8601',
        messageEn: 'Must be an ISO 8601 timestamp',
      };
    case 'picklist':
    case 'literal':
      return {
        code: 'invalid_value',
        message: `取值须为 ${describeExpected(issue.expected)}`,
        messageEn: `Must be one of ${describeExpected(issue.expected)}`,
      };
    case 'check':
      return { code: 'invalid_value', message: '取值不符合要求', messageEn: issue.message };
  }
  return {
    code: 'invalid_type',
    message: `类型不正确，应为 ${describeExpected(issue.expected)}`,
    messageEn: `Wrong type: expected ${describeExpected(issue.expected)}`,
  };
}

/** Flattens valibot issues (including nested union issues) into field issues. */
export function toFieldIssues(issues: readonly AnyIssue[], prefix = ''): FieldIssue[] {
  return issues.map((issue) => {
    const path = (issue.path ?? []).map((p) => String(p.key)).join('.');
    const field = [prefix, path].filter(Boolean).join('.') || '(body)';
    return { field, ...describe(issue) };
  });
}

/** Parses with a schema or throws `ValidationError`. */
export function parseOrThrow<S extends v.GenericSchema>(
  schema: S,
  input: unknown,
  prefix = '',
): v.InferOutput<S> {
  const result = v.safeParse(schema, input, { abortPipeEarly: true });
  if (!result.success) throw new ValidationError(toFieldIssues(result.issues, prefix));
  return result.output;
}

/**
 * Validators built on hono-openapi's, so that each schema also documents its route in the
 * generated OpenAPI document. On failure the input is parsed again with valibot itself to get
 * typed issues (the Standard Schema issues it reports carry no issue type), and the one error
 * model takes over.
 */
const edge =
  <T extends 'json' | 'param' | 'query'>(target: T) =>
  <S extends v.GenericSchema>(schema: S) =>
    validator(target, schema, (result) => {
      if (!result.success) parseOrThrow(schema, result.data);
    });

/** Validates a JSON body (Hono parses it; a parse failure surfaces as HTTPException, mapped in onError). */
export const jsonBody = edge('json');
/** Validates path parameters. */
export const pathParams = edge('param');
/** Validates the query string. */
export const queryParams = edge('query');
