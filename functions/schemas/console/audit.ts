import * as v from 'valibot';
import { CursorSchema, DaySchema, pageLimitSchema } from './common';

/** `GET /audit`: a period of service days, newest entries first, a page at a time. */
export const AuditQuerySchema = v.strictObject({
  from: DaySchema,
  to: DaySchema,
  cursor: v.optional(CursorSchema),
  limit: v.optional(pageLimitSchema(500), '100'),
});
export type AuditQuery = v.InferOutput<typeof AuditQuerySchema>;
