/** Console requests on third-party evaluation campaigns. */
import * as v from 'valibot';
import { LocalizedTextSchema } from '../questionnaire';
import { DaySchema, NodeIdSchema } from './common';

const CodeSchema = v.pipe(v.string(), v.regex(/^[a-z][a-z0-9_]{0,31}$/, 'lower-case code'));
const IdSchema = v.pipe(v.string(), v.regex(/^[0-9A-Za-z-]{1,64}$/, 'malformed id'));

export const CampaignIdParamSchema = v.strictObject({ id: IdSchema });
export const UploadParamSchema = v.strictObject({ id: IdSchema, uploadId: IdSchema });
export const VersionParamSchema = v.strictObject({
  id: IdSchema,
  version: v.pipe(v.string(), v.regex(/^[1-9]\d{0,5}$/, 'a version number')),
});
export const CountyParamSchema = v.strictObject({ countyId: NodeIdSchema });

const ScoreSchema = v.pipe(v.number(), v.minValue(0), v.maxValue(100));

export const CreateCampaignBodySchema = v.strictObject({
  provinceId: NodeIdSchema,
  name: LocalizedTextSchema,
  periodFrom: DaySchema,
  periodTo: DaySchema,
  indicators: v.pipe(
    v.array(
      v.strictObject({
        code: CodeSchema,
        name: LocalizedTextSchema,
        weight: v.pipe(v.number(), v.gtValue(0, 'a weight above 0'), v.maxValue(1)),
      }),
    ),
    v.minLength(1),
    v.maxLength(20),
  ),
  questions: v.pipe(
    v.array(
      v.strictObject({
        id: v.pipe(v.string(), v.regex(/^[A-Za-z][A-Za-z0-9_]{0,31}$/, 'a column name')),
        indicator: CodeSchema,
        text: LocalizedTextSchema,
      }),
    ),
    v.minLength(1),
    v.maxLength(20),
  ),
  levelScores: v.optional(
    v.tuple([ScoreSchema, ScoreSchema, ScoreSchema, ScoreSchema, ScoreSchema]),
    [0, 30, 60, 80, 100],
  ),
  satisfiedFrom: v.optional(v.picklist([2, 3, 4, 5]), 3),
  minSample: v.optional(v.pipe(v.number(), v.integer(), v.minValue(10), v.maxValue(100_000)), 100),
  agencyId: v.pipe(v.string(), v.regex(/^[A-Z][A-Z0-9-]{1,39}$/, 'an agency id such as AGENCY-01')),
  agencyName: v.pipe(v.string(), v.minLength(1), v.maxLength(100)),
  disclosure: v.optional(v.picklist(['all_counties', 'own_county']), 'own_county'),
  decimals: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(4)), 2),
  divergenceThreshold: v.optional(v.pipe(v.number(), v.minValue(0), v.maxValue(100)), 10),
  rankingEstimate: v.optional(v.picklist(['direct', 'fay_herriot']), 'direct'),
  weightCap: v.optional(v.pipe(v.number(), v.minValue(1), v.maxValue(1000))),
});

/** Base64 length of the largest accepted file (64 MB). */
export const MAX_UPLOAD_BASE64 = Math.ceil((64 * 1024 * 1024) / 3) * 4;

/** Local upload path: the file travels base64-encoded in JSON (small files; large files go through S3). */
export const UploadBodySchema = v.strictObject({
  fileName: v.pipe(v.string(), v.regex(/^[^/\\]{1,200}\.(csv|txt|xlsx)$/i, 'a .csv or .xlsx file name')),
  // 64 MB of file (the import limit) as base64; in AWS, API Gateway caps a request at 10 MB.
  contentBase64: v.pipe(v.string(), v.maxLength(MAX_UPLOAD_BASE64), v.base64()),
});

export const PublishBodySchema = v.strictObject({ note: v.optional(v.pipe(v.string(), v.maxLength(500))) });
export const ReopenBodySchema = v.strictObject({
  reason: v.pipe(v.string(), v.minLength(1), v.maxLength(500)),
});

export const ResultsQuerySchema = v.strictObject({
  version: v.optional(v.pipe(v.string(), v.regex(/^[1-9]\d{0,5}$/, 'a version number'))),
});
export const DownloadQuerySchema = v.strictObject({
  format: v.optional(v.picklist(['json', 'csv', 'xlsx']), 'json'),
});

export const TemplateQuerySchema = v.strictObject({
  format: v.optional(v.picklist(['csv', 'xlsx']), 'xlsx'),
});

export const ChangesQuerySchema = v.strictObject({
  from: IdSchema,
  indicator: v.optional(
    v.pipe(v.string(), v.regex(/^(_composite|[a-z][a-z0-9_]{0,31})$/, 'an indicator code')),
    '_composite',
  ),
});
