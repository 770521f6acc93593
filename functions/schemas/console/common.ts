/** Small schemas shared by console routes. */
import * as v from 'valibot';

export const NodeIdSchema = v.pipe(v.string(), v.regex(/^[0-9A-Za-z-]{2,40}$/, 'malformed id'));
export const NodeIdParamSchema = v.strictObject({ id: NodeIdSchema });
export const DaySchema = v.pipe(v.string(), v.isoDate());
