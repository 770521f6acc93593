/** Small schemas shared by console routes. */
import * as v from 'valibot';

export const NodeIdSchema = v.pipe(v.string(), v.regex(/^[0-9A-Za-z-]{2,40}$/, 'malformed id'));
export const NodeIdParamSchema = v.strictObject({ id: NodeIdSchema });
export const DaySchema = v.pipe(v.string(), v.isoDate());

/** An opaque cursor from a previous page (base64url); checked again when decoded. */
export const CursorSchema = v.pipe(
  v.string(),
  v.maxLength(400),
  v.regex(/^[A-Za-z0-9_-]+$/, 'malformed cursor'),
);

/** A page size in a query string: a whole number from 1 to `max`. */
export const pageLimitSchema = (max: number) =>
  v.pipe(
    v.string(),
    v.regex(/^\d{1,3}$/, `a whole number 1–${max}`),
    v.transform(Number),
    v.minValue(1),
    v.maxValue(max),
  );
