/**
 * Hash routes (`#/dashboard?nodeId=130628`): the console is static files, so the server never sees
 * the route, and a reload or a shared link lands on the same page. Also the menu and the actions
 * each page needs, so a role only sees what `GET /me` says it can do.
 */
import { addDays, serviceDay } from '../../functions/domain/service-day';
import type { MessageKey } from './i18n';

export type Page =
  | 'dashboard'
  | 'org'
  | 'questionnaires'
  | 'qr'
  | 'responses'
  | 'cases'
  | 'campaigns'
  | 'exports'
  | 'integrity'
  | 'quarantine'
  | 'settings'
  | 'reach'
  | 'audit';

/** A parsed route: `segments` after the page name, `query` from after `?`. */
export interface Route {
  page: Page;
  segments: string[];
  query: Record<string, string>;
}

/** The menu, in order, with the action that shows each item. */
export const MENU: { page: Page; action: string; label: MessageKey }[] = [
  { page: 'dashboard', action: 'dashboard:read', label: 'navDashboard' },
  { page: 'org', action: 'org:read', label: 'navOrg' },
  { page: 'questionnaires', action: 'questionnaire:read', label: 'navQuestionnaires' },
  { page: 'qr', action: 'qr:read', label: 'navQr' },
  { page: 'responses', action: 'response:read', label: 'navResponses' },
  { page: 'cases', action: 'case:read', label: 'navCases' },
  { page: 'campaigns', action: 'campaign:read', label: 'navCampaigns' },
  // Agency analysts may only upload to their own campaign; they reach it by its link.
  { page: 'campaigns', action: 'campaign:upload', label: 'navCampaigns' },
  { page: 'exports', action: 'export:read', label: 'navExports' },
  { page: 'integrity', action: 'integrity:read', label: 'navIntegrity' },
  { page: 'quarantine', action: 'integrity:read', label: 'navQuarantine' },
  { page: 'reach', action: 'settings:write', label: 'navReach' },
  { page: 'audit', action: 'audit:read', label: 'navAudit' },
  // Written by the province; read by the levels above the rated unit (those with the audit trail).
  { page: 'settings', action: 'settings:write', label: 'navSettings' },
  { page: 'settings', action: 'audit:read', label: 'navSettings' },
];

/** The menu items a user with actions `can` may see. */
export const visibleMenu = (can: readonly string[]) =>
  MENU.filter(
    (m, i) =>
      can.includes(m.action) && MENU.findIndex((x) => x.page === m.page && can.includes(x.action)) === i,
  );

/**
 * Pages a link opens for any signed-in role even when its menu item is hidden: the page asks the
 * server, and a role without access reads the server's refusal (403) instead of being moved
 * silently to another page, which would hide that the link is not for them.
 */
const REFUSED_IN_PLACE: readonly Page[] = ['integrity'];

/**
 * Parses `#/page/a/b?x=1`. An unknown or forbidden page falls back to the first allowed one
 * (null when the role may see nothing), except the pages in REFUSED_IN_PLACE.
 */
export function parseRoute(hash: string, can: readonly string[]): Route | null {
  const raw = hash.replace(/^#\/?/, '');
  const q = raw.indexOf('?');
  const path = q < 0 ? raw : raw.slice(0, q);
  const query: Record<string, string> = {};
  new URLSearchParams(q < 0 ? '' : raw.slice(q + 1)).forEach((v, k) => {
    query[k] = v;
  });
  const [first = '', ...rest] = path.split('/').filter(Boolean);
  const segments = rest.map((s) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  });
  const allowed = visibleMenu(can);
  const hit = allowed.find((m) => m.page === first);
  if (hit) return { page: hit.page, segments, query };
  const inPlace = REFUSED_IN_PLACE.find((p) => p === first);
  if (inPlace && allowed.length > 0) return { page: inPlace, segments, query };
  return allowed[0] ? { page: allowed[0].page, segments: [], query: {} } : null;
}

/** Builds `#/page/a/b?x=1`, leaving out empty query values. */
export function routeHref(
  page: Page,
  segments: readonly string[] = [],
  query: Record<string, unknown> = {},
): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v !== undefined && v !== null && v !== '' && v !== false) params.set(k, String(v));
  }
  const qs = params.toString();
  return `#/${[page, ...segments.map(encodeURIComponent)].join('/')}${qs ? `?${qs}` : ''}`;
}

/** The default period: the 30 Beijing service days up to and including `today`'s. */
export function defaultPeriod(today: Date): { from: string; to: string } {
  const to = serviceDay(today);
  return { from: addDays(to, -29), to };
}

/**
 * The owners whose questionnaires a user sees: the scope node and its ancestors, nearest first
 * (from `scope.path`, e.g. `130000/130600/130628` → 130628, 130600, 130000).
 */
export const ownerIdsOf = (scopePath: string): string[] => scopePath.split('/').filter(Boolean).reverse();
