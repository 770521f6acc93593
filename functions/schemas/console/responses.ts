/** Console queries on responses, dashboards and exports (all query strings, so every value is text). */
import * as v from 'valibot';
import { CursorSchema, DaySchema, NodeIdSchema, pageLimitSchema } from './common';

const period = { nodeId: NodeIdSchema, from: DaySchema, to: DaySchema };

const QuestionnaireIdSchema = v.pipe(
  v.string(),
  v.regex(/^[A-Za-z0-9_-]{1,64}$/, 'malformed questionnaire id'),
);
const LevelSchema = v.pipe(
  v.picklist(['1', '2', '3', '4', '5']),
  v.transform((s) => Number(s) as 1 | 2 | 3 | 4 | 5),
);
const BooleanTextSchema = v.pipe(
  v.picklist(['true', 'false']),
  v.transform((s) => s === 'true'),
);
const LimitSchema = pageLimitSchema(100);

const responseFilters = {
  ...period,
  questionnaireId: v.optional(QuestionnaireIdSchema),
  /** Lowest satisfaction level given equals this. */
  level: v.optional(LevelSchema),
  /** Lowest satisfaction level given is at most this (e.g. 2 = every bad review). */
  maxLevel: v.optional(LevelSchema),
  hasComment: v.optional(BooleanTextSchema),
};

const ONE_LEVEL_FILTER = 'use level or maxLevel, not both';

/** `GET /responses`. */
export const ResponsesQuerySchema = v.pipe(
  v.strictObject({
    ...responseFilters,
    cursor: v.optional(CursorSchema),
    limit: v.optional(LimitSchema, '50'),
  }),
  v.forward(
    v.check((q) => q.level === undefined || q.maxLevel === undefined, ONE_LEVEL_FILTER),
    ['maxLevel'],
  ),
);
export type ResponsesQuery = v.InferOutput<typeof ResponsesQuerySchema>;

/** `GET /exports/responses.(csv|xlsx)`: the list's filters, without paging. */
export const ResponsesExportQuerySchema = v.pipe(
  v.strictObject(responseFilters),
  v.forward(
    v.check((q) => q.level === undefined || q.maxLevel === undefined, ONE_LEVEL_FILTER),
    ['maxLevel'],
  ),
);
export type ResponseFilterQuery = v.InferOutput<typeof ResponsesExportQuerySchema>;

export const ResponseIdParamSchema = v.strictObject({
  id: v.pipe(
    v.string(),
    v.regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'malformed id'),
  ),
});

export const GRANULARITIES = ['day', 'week', 'month'] as const;

/** `GET /dashboard` and `GET /exports/aggregates.(csv|xlsx)`. */
export const DashboardQuerySchema = v.strictObject({
  ...period,
  granularity: v.optional(v.picklist(GRANULARITIES), 'day'),
});
export type DashboardQuery = v.InferOutput<typeof DashboardQuerySchema>;
