/**
 * Whether a window still takes ratings: it and every node above it (unit, county, city,
 * province) are active. Deactivating any of them closes the window's static, rotating and
 * one-time codes, its displays and its integration keys alike, since all of them lead here.
 * Answers are cached per window for at most `ttlMs` (30 s), so a deactivation takes effect
 * within that time at two small reads per window and half-minute.
 */

import type { OrgNode } from '../domain/org';
import { BoundedCache } from './bounded-cache';

export type WindowActivity = (servicePointId: string) => Promise<boolean>;

export function cachedWindowActivity(
  getNodes: (ids: readonly string[]) => Promise<Map<string, OrgNode>>,
  ttlMs = 30_000,
  max = 10_000,
): WindowActivity {
  const cache = new BoundedCache<string, { active: boolean }>({ max, ttlMs });
  return async (servicePointId) => {
    const hit = cache.get(servicePointId);
    if (hit) return hit.active;
    const point = (await getNodes([servicePointId])).get(servicePointId);
    let active = false;
    if (point?.active) {
      const above = point.path.split('/').filter((id) => id !== servicePointId);
      const nodes = await getNodes(above);
      active = above.every((id) => nodes.get(id)?.active === true);
    }
    cache.set(servicePointId, { active });
    return active;
  };
}
