/** Shapes the integrity report reads (structural, so db types need not leak into services). */
import type { AggregateDelta } from '../../domain/aggregate';

export interface QuarantineCountsLike {
  unitId: string;
  servicePointId: string;
  day: string;
  quarantined: number;
  flags: Record<string, number>;
}

export type DailyAggregateLike = AggregateDelta;
