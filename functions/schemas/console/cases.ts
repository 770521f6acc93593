/** Console requests on follow-up cases, visits and appeals. */
import * as v from 'valibot';
import { CALLBACK_RATINGS, CASE_STATUSES, RESOLUTION_CATEGORIES } from '../../domain/cases/model';
import { VISIT_PARTY_TYPES } from '../../domain/cases/visit';
import { CursorSchema, DaySchema, NodeIdSchema, pageLimitSchema } from './common';

const text = (max: number) => v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(max));

export const CaseIdSchema = v.pipe(v.string(), v.regex(/^[rm]-[0-9a-f-]{36}$/, 'malformed case id'));
export const CaseIdParamSchema = v.strictObject({ id: CaseIdSchema });
export const VisitIdParamSchema = v.strictObject({
  id: v.pipe(v.string(), v.regex(/^v-[0-9a-f-]{36}$/, 'malformed visit id')),
});

/** Phone with consent: stored only when the consent text version comes with it. */
export const ContactInputSchema = v.strictObject({
  phone: v.pipe(v.string(), v.regex(/^1[3-9]\d{9}$/, 'an 11-digit mainland mobile number')),
  consentVersion: v.pipe(v.string(), v.regex(/^[A-Za-z0-9._-]{1,32}$/, 'a consent text version')),
});

const BoolString = v.pipe(
  v.picklist(['true', 'false']),
  v.transform((s) => s === 'true'),
);

export const InboxQuerySchema = v.strictObject({
  nodeId: v.optional(NodeIdSchema),
  status: v.optional(v.picklist(CASE_STATUSES)),
  overdue: v.optional(BoolString),
  from: v.optional(DaySchema),
  to: v.optional(DaySchema),
  cursor: v.optional(CursorSchema),
  limit: v.optional(pageLimitSchema(200), '50'),
});

export const MetricsQuerySchema = v.strictObject({
  nodeId: v.optional(NodeIdSchema),
  from: v.optional(DaySchema),
  to: v.optional(DaySchema),
});

export const OpenCaseBodySchema = v.strictObject({
  unitId: NodeIdSchema,
  source: v.picklist(['visit', 'call']),
  visitId: v.optional(VisitIdParamSchema.entries.id),
  visitedParty: v.optional(text(200)),
  problem: text(2000),
  neededDepartment: v.optional(text(200)),
  contact: v.optional(ContactInputSchema),
});

const version = v.pipe(v.number(), v.integer(), v.minValue(1));
const note = v.optional(v.pipe(v.string(), v.maxLength(2000)));

/** One body per action: the version the caller saw, an optional note, the action's own data. */
export const CaseActionBodySchema = v.variant('type', [
  v.strictObject({
    type: v.picklist([
      'accept',
      'start',
      'acknowledge_transfer',
      'acknowledge_coordination',
      'coordination_done',
      'close',
    ]),
    expectedVersion: version,
    note,
  }),
  v.strictObject({
    type: v.picklist(['transfer', 'request_coordination']),
    orgId: NodeIdSchema,
    expectedVersion: version,
    note,
  }),
  v.strictObject({
    type: v.literal('resolve'),
    category: v.picklist(RESOLUTION_CATEGORIES),
    expectedVersion: version,
    note: text(2000),
  }),
  v.strictObject({
    type: v.literal('callback'),
    rating: v.picklist(CALLBACK_RATINGS),
    expectedVersion: version,
    note,
  }),
]);

export const FileAppealBodySchema = v.strictObject({
  reason: text(2000),
  evidence: v.pipe(
    v.array(
      v.strictObject({
        name: text(200),
        note: v.optional(v.pipe(v.string(), v.maxLength(1000))),
        url: v.optional(v.pipe(v.string(), v.url(), v.maxLength(500))),
      }),
    ),
    v.minLength(1),
    v.maxLength(20),
  ),
  expectedVersion: version,
});

export const DecideAppealBodySchema = v.strictObject({ upheld: v.boolean(), note: text(2000) });
export const AppealsQuerySchema = v.strictObject({ nodeId: v.optional(NodeIdSchema) });

export const RecordVisitBodySchema = v.strictObject({
  unitId: NodeIdSchema,
  date: DaySchema,
  partyType: v.picklist(VISIT_PARTY_TYPES),
  partyName: text(200),
  staff: v.pipe(v.array(text(50)), v.minLength(1), v.maxLength(20)),
  notes: v.optional(v.pipe(v.string(), v.maxLength(2000))),
});

export const VisitsQuerySchema = v.strictObject({ unitId: NodeIdSchema, from: DaySchema, to: DaySchema });

export const ReceiptParamSchema = v.strictObject({
  receipt: v.pipe(
    v.string(),
    v.toUpperCase(),
    v.regex(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/, 'XXXX-XXXX-XXXX'),
  ),
});
