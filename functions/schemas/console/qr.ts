/** Console requests on QR codes. */
import * as v from 'valibot';
import { LOCALES } from '../locales';
import { NodeIdSchema } from './common';
import { QuestionnaireIdSchema } from './questionnaires';

/** A token id: 8 random bytes in base64url (see domain/qr-token.ts). */
export const TokenIdParamSchema = v.strictObject({
  tokenId: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{11}$/, 'malformed token id')),
});

export const ServicePointParamSchema = v.strictObject({ id: NodeIdSchema });

export const IssueQrTokenBodySchema = v.strictObject({
  questionnaireId: QuestionnaireIdSchema,
  /** The language the form opens in (e.g. `mn-Mong` at a window in Inner Mongolia); Chinese when left out. */
  locale: v.optional(v.picklist(LOCALES)),
});
