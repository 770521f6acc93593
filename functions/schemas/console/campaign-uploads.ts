/** Console requests that announce an agency upload: the ticket, and the direct path's query. */
import * as v from 'valibot';

const IdSchema = v.pipe(v.string(), v.regex(/^[0-9A-Za-z-]{1,64}$/, 'malformed id'));

/** Content types a browser may send for an agency file (Windows reports `.csv` as an Excel type). */
export const UPLOAD_CONTENT_TYPES = [
  'text/csv',
  'text/plain',
  'application/vnd.ms-excel',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/octet-stream',
] as const;

export const PresignUploadBodySchema = v.strictObject({
  // ≤ 200 characters in all (the object key's last segment); no path separators or control characters.
  fileName: v.pipe(
    v.string(),
    // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
    v.regex(/^[^/\\\u0000-\u001f\u007f]{1,195}\.(csv|txt|xlsx)$/i, 'a .csv or .xlsx file name'),
  ),
  // The service refuses sizes over the import limit with a message naming it.
  sizeBytes: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(Number.MAX_SAFE_INTEGER)),
  contentType: v.picklist(UPLOAD_CONTENT_TYPES),
});

/** `?uploadId=` ties a direct upload to the ticket announced before it (so progress can be polled). */
export const DirectUploadQuerySchema = v.strictObject({ uploadId: v.optional(IdSchema) });
