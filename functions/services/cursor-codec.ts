/**
 * Opaque list cursors: a small JSON body in base64url, bound to the query that produced it by a
 * fingerprint of that query's filters. A cursor only says where the next page starts, so a forged
 * one can narrow a query the caller may run anyway, never widen it.
 */
import { createHash } from 'node:crypto';
import { ValidationError } from '../domain/errors';

/** A short fingerprint of everything that defines a query except the cursor and page size. */
export function queryFingerprint(filters: Record<string, unknown>): string {
  const canonical = JSON.stringify(
    Object.keys(filters)
      .sort()
      .map((k) => [k, filters[k] ?? null]),
  );
  return createHash('sha256').update(canonical).digest('base64url').slice(0, 16);
}

/** The 400 for a cursor that is malformed or belongs to another query (field `cursor`). */
export const invalidCursor = () =>
  new ValidationError([
    {
      field: 'cursor',
      code: 'invalid_cursor',
      message: '分页游标无效或不属于本次查询，请从第一页重新查询',
      messageEn: 'The cursor is invalid or belongs to another query; start again from the first page',
    },
  ]);

/** Encodes a cursor body. */
export const encodeOpaqueCursor = (body: object): string =>
  Buffer.from(JSON.stringify(body)).toString('base64url');

/**
 * Decodes a cursor body of version `v` issued for the query with `fingerprint` (body field `f`),
 * or throws {@link invalidCursor}. The caller still checks the body's own fields.
 */
export function decodeOpaqueCursor(cursor: string, v: number, fingerprint: string): Record<string, unknown> {
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalidCursor();
  const b = body as Record<string, unknown>;
  if (b.v !== v || b.f !== fingerprint) throw invalidCursor();
  return b;
}
