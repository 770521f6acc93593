/** Keys of the Directory table. Nothing else builds these strings. */
import type { OrgKind } from '../../domain/org';

export const directoryKeys = {
  node: (id: string) => ({ pk: `NODE#${id}`, sk: 'NODE' }),
  /** gsi1: the children of a node, by kind then id. */
  childOf: (parentId: string, kind: OrgKind, id: string) => ({
    gsi1pk: `CHILDREN#${parentId}`,
    gsi1sk: `${kind}#${id}`,
  }),
  /** gsi2: every node under one partition, sorted by path (`130000/130100/…`). */
  inTree: (path: string) => ({ gsi2pk: directoryKeys.tree, gsi2sk: path }),
  /** gsi2 partition of the org tree. */
  tree: 'TREE',
  /** gsi2 sort-key prefix of the nodes strictly below the node at `path`. */
  below: (path: string) => `${path}/`,
  /** gsi1 partition of a node's children. */
  children: (parentId: string) => `CHILDREN#${parentId}`,
  /** gsi1 partition of a service point's tokens. */
  tokensOf: (servicePointId: string) => `QRSP#${servicePointId}`,
  qrToken: (tokenId: string) => ({ pk: `QR#${tokenId}`, sk: 'QR' }),
  /** One version of a province's score-shaping settings; versions are never overwritten. */
  provinceSettings: (provinceId: string, version: number) => ({
    pk: directoryKeys.provinceSettingsOf(provinceId),
    sk: `V#${String(version).padStart(6, '0')}`,
  }),
  /** The partition holding every version of a province's settings, oldest first. */
  provinceSettingsOf: (provinceId: string) => `PSET#${provinceId}`,
  /** gsi1: the tokens issued for a service point, oldest first. */
  qrTokenOf: (servicePointId: string, createdAt: string, tokenId: string) => ({
    gsi1pk: directoryKeys.tokensOf(servicePointId),
    gsi1sk: `${createdAt}#${tokenId}`,
  }),
} as const;
