/**
 * Public API schemas of the form's GET routes: the QR token in the path and the ballot token in the
 * query. Apart from the ballot's body schema (submission.ts), which only the ballot route loads.
 */
import * as v from 'valibot';

/** A QR token as it appears in the URL: base64url, fixed shape, checked again cryptographically. */
export const FormTokenParamSchema = v.strictObject({
  token: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{20,64}$/, 'malformed token')),
});

/** A ballot token: `R…` (rotating display code, 28 chars) or `T…` (one-time token, 23 chars). */
export const BallotTokenSchema = v.pipe(
  v.string(),
  v.regex(/^[RT][A-Za-z0-9_-]{20,40}$/, 'malformed ballot'),
);

/** `GET /api/v1/forms/{token}?b=…`: the ballot token of a rotating or one-time QR code, checked on opening. */
export const FormQuerySchema = v.object({ b: v.optional(BallotTokenSchema) });
