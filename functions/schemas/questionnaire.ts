/**
 * Questionnaire definitions. These valibot schemas are the single source of the
 * questionnaire types used by the domain (type-only imports) and of the OpenAPI document.
 */
import * as v from 'valibot';
import { missingMongolian } from '../domain/questionnaire-text';

const shortText = (max: number) => v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(max));

/**
 * Traditional Mongolian text: at least one letter of the Mongolian block (U+1820–U+18AA) and no
 * Cyrillic, the script Mongolian is most often mistyped in (Cyrillic Mongolian is not what
 * Inner Mongolia's bilingual public services show).
 */
const mongolianText = v.pipe(
  shortText(500),
  v.regex(/[\u1820-\u18AA]/u, 'must be written in traditional Mongolian script'),
  v.regex(/^[^\u0400-\u04FF]*$/u, 'must be traditional Mongolian script, not Cyrillic'),
);

/** A user-facing text, Chinese first, English beside it, and optionally traditional Mongolian. */
export const LocalizedTextSchema = v.strictObject({
  'zh-CN': shortText(500),
  en: shortText(500),
  'mn-Mong': v.optional(mongolianText),
});
export type LocalizedText = v.InferOutput<typeof LocalizedTextSchema>;

const idPattern = /^[a-z][a-z0-9_]{0,31}$/;
export const QuestionIdSchema = v.pipe(v.string(), v.regex(idPattern, 'must be a lowercase identifier'));
export const IndicatorCodeSchema = v.pipe(
  v.string(),
  v.regex(/^[A-Z][A-Z0-9_]{0,31}$/, 'must be UPPER_SNAKE'),
);

const OptionSchema = v.strictObject({ id: QuestionIdSchema, text: LocalizedTextSchema });

const questionBase = {
  id: QuestionIdSchema,
  indicator: IndicatorCodeSchema,
  required: v.boolean(),
  text: LocalizedTextSchema,
};

/** 五级评价: the answer is a level 1–5 (5 = 非常满意 … 1 = 非常不满意). */
export const SatisfactionQuestionSchema = v.strictObject({
  type: v.literal('satisfaction'),
  ...questionBase,
});
export const SingleChoiceQuestionSchema = v.strictObject({
  type: v.literal('single'),
  ...questionBase,
  options: v.pipe(v.array(OptionSchema), v.minLength(2), v.maxLength(20)),
});
export const MultipleChoiceQuestionSchema = v.strictObject({
  type: v.literal('multiple'),
  ...questionBase,
  options: v.pipe(v.array(OptionSchema), v.minLength(2), v.maxLength(20)),
  maxSelections: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(20))),
});
/** 0–10 scale. */
export const ScaleQuestionSchema = v.strictObject({
  type: v.literal('scale'),
  ...questionBase,
  minLabel: v.optional(LocalizedTextSchema),
  maxLabel: v.optional(LocalizedTextSchema),
});
export const TextQuestionSchema = v.strictObject({
  type: v.literal('text'),
  ...questionBase,
  maxLength: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(2000)),
});

export const QuestionSchema = v.variant('type', [
  SatisfactionQuestionSchema,
  SingleChoiceQuestionSchema,
  MultipleChoiceQuestionSchema,
  ScaleQuestionSchema,
  TextQuestionSchema,
]);
export type Question = v.InferOutput<typeof QuestionSchema>;
export type QuestionType = Question['type'];

/** 0–100 score for each satisfaction level, index 0 = level 1 (非常不满意) … index 4 = level 5 (非常满意). */
export const ScoreMappingSchema = v.pipe(
  v.tuple([v.number(), v.number(), v.number(), v.number(), v.number()]),
  v.check((m) => m.every((x) => x >= 0 && x <= 100), 'scores must lie within 0–100'),
  // Strictly rising from 非常不满意 to 非常满意: a ballot rated higher is never worth less, so no
  // mapping can give a high score to ballots with a low satisfaction rate.
  v.check(
    (m) => m.every((x, i) => i === 0 || x > m[i - 1]!),
    'scores must rise strictly from level 1 (非常不满意) to level 5 (非常满意)',
  ),
);

const count = (max: number) => v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(max));
const clockTime = v.pipe(v.string(), v.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM'));

/**
 * Ballot-integrity settings. Every field is optional and defaults to the deployment's
 * defaults (functions/domain/integrity/settings.ts), so questionnaires without settings stay valid.
 */
export const QuestionnaireSettingsSchema = v.strictObject({
  /** How ballots are accepted: the fixed QR code, the rotating display code, one-time tokens, or a mix. */
  ballots: v.optional(
    v.pipe(
      v.strictObject({
        static: v.optional(v.boolean(), true),
        rotating: v.optional(v.boolean(), false),
        oneTime: v.optional(v.boolean(), false),
      }),
      v.check((b) => b.static || b.rotating || b.oneTime, 'at least one ballot mode must be on'),
    ),
    { static: true, rotating: false, oneTime: false },
  ),
  /** Proof of work (ALTCHA) before a submission is accepted. */
  altcha: v.optional(v.boolean(), false),
  /** Renewal period of the rotating QR code in seconds. */
  rotatingSeconds: v.optional(v.pipe(v.number(), v.integer(), v.minValue(10), v.maxValue(600))),
  rotatingFillMinutes: v.optional(v.pipe(v.number(), v.integer(), v.minValue(5), v.maxValue(240))),
  /** Quiet limits per service point and day (weekly where named); a ballot over one is stored but quarantined. */
  limits: v.optional(
    v.strictObject({
      perStaticToken: v.optional(count(100_000)),
      perRotatingToken: v.optional(count(100)),
      perDevice: v.optional(count(1000)),
      perNetwork4: v.optional(count(100_000)),
      perNetwork6: v.optional(count(100_000)),
      perNetwork4Weekly: v.optional(count(700_000)),
      perNetwork6Weekly: v.optional(count(700_000)),
      perDeviceAllPoints: v.optional(count(1000)),
      burst: v.optional(count(10_000)),
      burstMinutes: v.optional(count(120)),
      sameAnswers: v.optional(count(1000)),
    }),
  ),
  /** Opening hours, China Standard Time. */
  openingHours: v.optional(v.strictObject({ open: clockTime, close: clockTime })),
  /** The units' own network ranges (CIDR); ballots from them are flagged. */
  unitNetworks: v.optional(
    v.pipe(
      v.array(v.pipe(v.string(), v.regex(/^[0-9a-fA-F:.]+\/\d{1,3}$/, 'must be a CIDR range'))),
      v.maxLength(100),
    ),
  ),
});
export type QuestionnaireSettings = v.InferOutput<typeof QuestionnaireSettingsSchema>;

/** The content of one questionnaire version. */
export const QuestionnaireContentSchema = v.pipe(
  v.strictObject({
    title: LocalizedTextSchema,
    intro: v.optional(LocalizedTextSchema),
    questions: v.pipe(v.array(QuestionSchema), v.minLength(1), v.maxLength(50)),
    scoreMapping: v.optional(ScoreMappingSchema, [0, 30, 60, 80, 100]),
    settings: v.optional(QuestionnaireSettingsSchema),
  }),
  v.check(
    (q) => new Set(q.questions.map((x) => x.id)).size === q.questions.length,
    'question ids must be unique',
  ),
  v.check(
    (q) => missingMongolian(q).length === 0,
    (issue) =>
      `a questionnaire with Mongolian (mn-Mong) text needs it on every text; missing at ${missingMongolian(issue.input as Parameters<typeof missingMongolian>[0]).join(', ')}`,
  ),
);
export type QuestionnaireContent = v.InferOutput<typeof QuestionnaireContentSchema>;

export type VersionStatus = 'draft' | 'published' | 'archived';

/** One stored version of a questionnaire. A published version never changes again. */
export interface QuestionnaireVersion {
  questionnaireId: string;
  version: number;
  status: VersionStatus;
  content: QuestionnaireContent;
  createdAt: string;
  publishedAt?: string;
  /** The version of the province's settings whose score mapping and integrity defaults it was published with. */
  provinceSettingsVersion?: number;
}
