/**
 * The opaque cursor of the response list: where the next page starts, bound to the query that
 * produced it. It holds one position in the merged, newest-first order (not one key per unit),
 * so its size does not grow with the subtree, and it can only narrow a query the caller is
 * already allowed to run: a forged position reads nothing the same query without it would not.
 */
import { decodeOpaqueCursor, encodeOpaqueCursor, invalidCursor } from '../cursor-codec';
import type { ResponsePosition } from './ports';

export { queryFingerprint } from '../cursor-codec';

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

export function encodeCursor(fingerprint: string, at: ResumePoint): string {
  const body: CursorBody = {
    v: 1,
    f: fingerprint,
    at: at.submittedAt,
    id: at.responseId,
    inc: at.inclusive ? 1 : 0,
  };
  return encodeOpaqueCursor(body);
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const RESPONSE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Decodes a cursor of this very query, or throws a 400 naming the `cursor` field. */
export function decodeCursor(cursor: string, fingerprint: string): ResumePoint {
  const body = decodeOpaqueCursor(cursor, 1, fingerprint) as Partial<CursorBody>;
  if (
    typeof body.at !== 'string' ||
    !ISO_INSTANT.test(body.at) ||
    typeof body.id !== 'string' ||
    !RESPONSE_ID.test(body.id) ||
    (body.inc !== 0 && body.inc !== 1)
  ) {
    throw invalidCursor();
  }
  return { submittedAt: body.at, responseId: body.id, inclusive: body.inc === 1 };
}
