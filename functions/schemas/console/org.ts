/** Console requests on the organisation tree. */
import * as v from 'valibot';
import { LocalizedTextSchema } from '../questionnaire';
import { NodeIdSchema } from './common';

export const UNIT_TYPES = ['police_station', 'traffic_squad', 'vehicle_admin', 'county_bureau'] as const;

export const CreateNodeBodySchema = v.strictObject({
  parentId: NodeIdSchema,
  id: v.optional(v.pipe(v.string(), v.regex(/^\d{6}$/, 'a 6-digit GB/T 2260 code'))),
  name: LocalizedTextSchema,
  unitType: v.optional(v.picklist(UNIT_TYPES)),
});

export const RenameNodeBodySchema = v.strictObject({ name: LocalizedTextSchema });
export const MoveNodeBodySchema = v.strictObject({ parentId: NodeIdSchema });
