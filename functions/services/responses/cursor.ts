/**
 * The opaque cursor of the response list: where the next page starts, bound to the query that
 * produced it. It holds one position in the merged, newest-first order (not one key per unit),
 * so its size does not grow with the subtree, and it can only narrow a query the caller is
 * already allowed to run: a forged position reads nothing the same query without it would not.
 */
import { createHash } from 'node:crypto';
import { ValidationError } from '../../domain/errors';
import type { ResponsePosition } from './ports';

/** Continue before `position` (exclusive), or at it (inclusive) when a page stopped early. */
export interface ResumePoint extends ResponsePosition {
  inclusive: boolean;
}

interface CursorBody {
  v: 1;
  /** Fingerprint of the query's filters. */
  f: string;
  at: string;
  id: string;
  inc: 0 | 1;
}

/** A short fingerprint of everything that defines a query except the cursor and page size. */
export function queryFingerprint(filters: Record<string, unknown>): string {
  const canonical = JSON.stringify(
    Object.keys(filters)
      .sort()
      .map((k) => [k, filters[k] ?? null]),
  );
  return createHash('sha256').update(canonical).digest('base64url').slice(0, 16);
}

export function encodeCursor(fingerprint: string, at: ResumePoint): string {
  const body: CursorBody = {
    v: 1,
    f: fingerprint,
    at: at.submittedAt,
    id: at.responseId,
    inc: at.inclusive ? 1 : 0,
  };
  return Buffer.from(JSON.stringify(body)).toString('base64url');
}

const invalid = () =>
  new ValidationError([
    {
      field: 'cursor',
      code: 'invalid_cursor',
      message: '分页游标无效或不属于本次查询，请从第一页重新查询',
      messageEn: 'The cursor is invalid or belongs to another query; start again from the first page',
    },
  ]);

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const RESPONSE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Decodes a cursor of this very query, or throws a 400 naming the `cursor` field. */
export function decodeCursor(cursor: string, fingerprint: string): ResumePoint {
  let body: Partial<CursorBody>;
  try {
    body = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (
    typeof body !== 'object' ||
    body === null ||
    body.v !== 1 ||
    body.f !== fingerprint ||
    typeof body.at !== 'string' ||
    !ISO_INSTANT.test(body.at) ||
    typeof body.id !== 'string' ||
    !RESPONSE_ID.test(body.id) ||
    (body.inc !== 0 && body.inc !== 1)
  ) {
    throw invalid();
  }
  return { submittedAt: body.at, responseId: body.id, inclusive: body.inc === 1 };
}
