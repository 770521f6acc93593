/**
 * Who sees a case in their inbox: every organisation the case concerns (its originating unit, the
 * handler, a pending transfer or coordination) and every organisation above one of them.
 */
import type { FollowUpCase } from './model';

/** Every organisation a case concerns: the originating unit keeps seeing it after a hand-over. */
export const casePaths = (c: FollowUpCase): string[] =>
  [c.unitPath, c.handlerOrgPath, c.transfer?.orgPath, c.coordination?.orgPath].filter(
    (x): x is string => x !== undefined,
  );

/** The ids of every org node whose inbox lists the case: each node on each of its paths, once. */
export const inboxNodeIds = (c: FollowUpCase): string[] => [
  ...new Set(casePaths(c).flatMap((path) => path.split('/'))),
];
