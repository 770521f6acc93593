/**
 * Who sees which campaign and which county's figures.
 * - A campaign belongs to a province; staff inside that province may read it (campaign:read).
 * - Its agency's analysts (token scope = the campaign's agencyId) may upload to it, and nothing else.
 * - Province-level staff and a city for its own counties see every figure they oversee; county and
 *   unit staff see their own county, and other counties only when the campaign discloses them all.
 */
import { type Action, OutOfScopeError, type Principal, requireAction } from '../../domain/access';
import type { Campaign } from '../../domain/campaign';
import { NotFoundError } from '../../domain/errors';
import type { OrgNode } from '../../domain/org';
import type { CampaignOrgReader, CampaignStore } from './ports';

const insideProvince = (p: Principal, c: Pick<Campaign, 'provinceId'>) =>
  p.scopePath.split('/').includes(c.provinceId);

/** Loads a campaign the principal may take `action` on, or throws 403/404 (never revealing others'). */
export async function loadCampaign(
  store: Pick<CampaignStore, 'getCampaign'>,
  p: Principal,
  action: Action,
  id: string,
): Promise<Campaign> {
  requireAction(p, action);
  const c = await store.getCampaign(id);
  if (!c) throw new NotFoundError('测评活动', 'Campaign');
  const ok =
    action === 'campaign:upload'
      ? c.agencyId === p.scopeId
      : action === 'campaign:manage'
        ? p.scopeId === c.provinceId
        : insideProvince(p, c);
  if (!ok) throw new OutOfScopeError();
  return c;
}

/** True when the principal sees this county's figures of a published snapshot. */
export function seesCounty(
  p: Principal,
  c: Pick<Campaign, 'disclosure'>,
  county: Pick<OrgNode, 'id' | 'path'>,
): boolean {
  if (county.path.split('/').includes(p.scopeId)) return true; // the county lies in the principal's subtree
  if (p.scopePath.split('/').includes(county.id)) return true; // the principal works in this county
  return c.disclosure === 'all_counties';
}

/** The counties of a province (province → cities → counties), sorted by code. */
export async function countiesOf(org: CampaignOrgReader, provinceId: string): Promise<OrgNode[]> {
  const cities = (await org.children(provinceId)).filter((n) => n.kind === 'city' || n.kind === 'county');
  const counties = (
    await Promise.all(cities.filter((c) => c.kind === 'city').map((c) => org.children(c.id)))
  ).flat();
  return [...cities.filter((c) => c.kind === 'county'), ...counties]
    .filter((n) => n.kind === 'county' && n.active)
    .sort((a, b) => (a.id < b.id ? -1 : 1));
}
