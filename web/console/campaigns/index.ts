/**
 * The campaign pages, as one module the console mounts: add `'campaigns'` to its pages (shown to
 * `campaign:read` and, for the upload page only, `campaign:upload`), and call
 * `campaignsRoute(ctx, route.segments, route.query, root)` for `#/campaigns/...`.
 */
import type { Ctx } from '../context';
import { campaignListPage, campaignPage, countyTrendPage, rankingPage } from './pages';

export function campaignsRoute(
  ctx: Ctx,
  segments: string[],
  query: Record<string, string>,
  root: HTMLElement,
) {
  const [first, second] = segments;
  if (!first) return campaignListPage(ctx, root);
  if (first === 'county' && second) return countyTrendPage(ctx, second, root);
  if (second === 'ranking') return rankingPage(ctx, first, query, root);
  return campaignPage(ctx, first, root);
}
