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

/** Where a page ordered by instant ended: its last item's instant and id. */
export interface InstantPosition {
  at: string;
  id: string;
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** The cursor (version 1) of a page that ended at `last`. */
export const encodeInstantCursor = (fingerprint: string, last: InstantPosition): string =>
  encodeOpaqueCursor({ v: 1, f: fingerprint, at: last.at, id: last.id });

/** The position a cursor of {@link encodeInstantCursor} names, or {@link invalidCursor}. */
export function decodeInstantCursor(cursor: string, fingerprint: string): InstantPosition {
  const body = decodeOpaqueCursor(cursor, 1, fingerprint);
  if (
    typeof body.at !== 'string' ||
    !ISO_INSTANT.test(body.at) ||
    typeof body.id !== 'string' ||
    body.id.length === 0 ||
    body.id.length > 100
  ) {
    throw invalidCursor();
  }
  return { at: body.at, id: body.id };
}
