/**
 * Index keys of the integration secrets the console manages: window-display secrets and
 * integration keys, listed per node on the Directory table's gsi1. Nothing else builds these strings;
 * the items' own keys (by secret hash) are in keys/integrity.ts.
 */
export const integrationSecretKeys = {
  /** gsi1 partition of a service point's displays. */
  displaysOf: (servicePointId: string) => `DISPLAYSP#${servicePointId}`,
  /** gsi1: the displays of a service point, oldest first. */
  displayOf: (servicePointId: string, createdAt: string, secretHash: string) => ({
    gsi1pk: integrationSecretKeys.displaysOf(servicePointId),
    gsi1sk: `${createdAt}#${secretHash}`,
  }),
  /** gsi1 partition of the integration keys scoped to a unit or a service point. */
  keysOf: (scopeNodeId: string) => `INTKEYSOF#${scopeNodeId}`,
  /** gsi1: the integration keys of a scope node, oldest first. */
  keyOf: (scopeNodeId: string, createdAt: string, secretHash: string) => ({
    gsi1pk: integrationSecretKeys.keysOf(scopeNodeId),
    gsi1sk: `${createdAt}#${secretHash}`,
  }),
} as const;
