/** The organisation tree: province → city → county → unit → service point. */
import type { LocalizedText } from '../schemas/questionnaire';

export type OrgKind = 'province' | 'city' | 'county' | 'unit' | 'servicePoint';

/** 派出所, 交警中队, 车管所, 县公安局 … */
export type UnitType = 'police_station' | 'traffic_squad' | 'vehicle_admin' | 'county_bureau';

export interface OrgNode {
  id: string;
  kind: OrgKind;
  parentId?: string;
  /** Ids from the root to this node, joined by '/'; lets scope checks and subtree queries avoid walking the tree. */
  path: string;
  name: LocalizedText;
  unitType?: UnitType;
  active: boolean;
}

/** Path of a child created under `parent`. */
export const childPath = (parent: Pick<OrgNode, 'path'>, id: string): string => `${parent.path}/${id}`;

/** True when `node` is `scopeId` itself or lies beneath it. */
export const isWithin = (node: Pick<OrgNode, 'path'>, scopeId: string): boolean =>
  node.path.split('/').includes(scopeId);

/** The id of the unit a service point belongs to: the unit is always the service point's parent. */
export function unitOf(servicePoint: OrgNode): string {
  if (servicePoint.kind !== 'servicePoint' || !servicePoint.parentId) {
    throw new Error(`${servicePoint.id} is not a service point`);
  }
  return servicePoint.parentId;
}
