/** 变化 A county's change between two comparable published campaigns, and the most improved. */
import type { Principal } from '../../domain/access';
import { COMPOSITE } from '../../domain/campaign';
import { ConflictError, ValidationError } from '../../domain/errors';
import { comparability, countyChanges } from '../../domain/scoring/change';
import { METHOD_VERSION } from '../../domain/scoring/results';
import type { CampaignDeps } from './ports';
import { loadSnapshot, scopedSnapshot } from './read-results';

/**
 * 1. Loads the latest publication of both campaigns (each readable by the principal).
 * 2. Refuses, naming every difference, when they are not comparable (method, scale, indicators
 *    and weights, ranked estimate) or were published before the current method.
 * 3. Computes every county's change on `indicator` over the whole province (so the multiplicity
 *    correction is the same for every reader), then keeps the counties the principal may see.
 * 4. `mostImproved`: the visible counties whose change is positive and told apart from zero.
 */
export async function campaignChanges(
  deps: Pick<CampaignDeps, 'store' | 'org'>,
  p: Principal,
  campaignId: string,
  fromCampaignId: string,
  indicator: string,
) {
  const to = await loadSnapshot(deps, p, campaignId);
  const from = await loadSnapshot(deps, p, fromCampaignId);
  const codes = [COMPOSITE, ...to.c.indicators.map((i) => i.code)];
  if (!codes.includes(indicator))
    throw new ValidationError([
      {
        field: 'indicator',
        code: 'invalid_value',
        message: `指标须为 ${codes.join('、')} 之一`,
        messageEn: `indicator must be one of ${codes.join(', ')}`,
      },
    ]);
  const problems = comparability(from.snap, to.snap);
  for (const s of [from.snap, to.snap]) {
    if (s.methodVersion !== METHOD_VERSION && !problems.some((x) => x.field === 'methodVersion'))
      problems.push({
        field: 'methodVersion',
        message: `${s.campaignName} 按旧计分方法 ${s.methodVersion} 发布，缺少自由度，不能比较`,
        messageEn: `${s.campaignName} was published with the older method ${s.methodVersion} (no degrees of freedom) and cannot be compared`,
      });
  }
  if (problems.length > 0)
    throw new ConflictError(
      'NOT_COMPARABLE',
      `两次测评不可比：${problems.map((x) => x.message).join('；')}`,
      `The campaigns are not comparable: ${problems.map((x) => x.messageEn).join('; ')}`,
    );
  const all = countyChanges(from.snap.results, to.snap.results, indicator);
  const visible = new Set(scopedSnapshot(p, to.c, to.snap, to.paths).results.map((r) => r.countyId));
  const changes = all.filter((x) => visible.has(x.countyId));
  const names = new Map(to.snap.counties.map((k) => [k.id, k.name]));
  const side = (x: typeof to) => ({
    campaignId: x.c.id,
    name: x.c.name,
    version: x.snap.version,
    periodFrom: x.c.periodFrom,
    periodTo: x.c.periodTo,
  });
  return {
    from: side(from),
    to: side(to),
    indicator,
    /** Counties compared across the province (the multiplicity of the Holm correction). */
    compared: all.length,
    changes: changes.map((x) => ({ ...x, name: names.get(x.countyId) ?? x.countyId })),
    mostImproved: changes
      .filter((x) => x.distinguishable && x.change > 0)
      .sort((a, b) => b.change - a.change)
      .map((x) => x.countyId),
  };
}
