import * as v from 'valibot';
import { DaySchema } from './common';

export const AuditQuerySchema = v.strictObject({ from: DaySchema, to: DaySchema });
