/**
 * The follow-up case pages, as one module the console mounts: add `'cases'` to its pages with the
 * action `case:read`, and call `casesRoute(ctx, route.segments, route.query, root)`; the dashboard
 * may show `caseMetricsPanel(ctx, { nodeId, from, to })`.
 */
import type { Ctx } from '../context';
import { casePage } from './case-page';
import { casesInboxPage } from './inbox';
import { visitPage, visitsListPage } from './visits';

export { caseMetricsPanel } from './metrics';

/** `#/cases`, `#/cases/:id`, and the visits (走访评议) under `#/cases/visits[/:id]`. */
export function casesRoute(ctx: Ctx, segments: string[], query: Record<string, string>, root: HTMLElement) {
  if (segments[0] === 'visits') {
    return segments[1] ? visitPage(ctx, segments[1], root) : visitsListPage(ctx, query, root);
  }
  return segments[0] ? casePage(ctx, segments[0], root) : casesInboxPage(ctx, query, root);
}
