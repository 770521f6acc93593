/** Visits (走访评议) live with the follow-up cases they produce; re-exported here for discoverability. */
export * from './cases/visit';
