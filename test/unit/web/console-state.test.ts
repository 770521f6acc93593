import { describe, expect, it } from 'vitest';
import { defaultPeriod, ownerIdsOf, parseRoute, routeHref, visibleMenu } from '../../../web/console/routes';
import { tokenStore } from '../../../web/console/session';
import { trailFromScope } from '../../../web/console/views/node-picker';
import { refOf } from '../../../web/console/views/questionnaires';

const ADMIN = [
  'org:read',
  'org:write',
  'dashboard:read',
  'questionnaire:read',
  'qr:read',
  'response:read',
  'export:read',
  'audit:read',
];
const STAFF = [
  'org:read',
  'dashboard:read',
  'questionnaire:read',
  'questionnaire:write',
  'qr:read',
  'response:read',
  'export:read',
];

function memoryStorage() {
  const m = new Map<string, string>();
  return {
    getItem: (k: string) => m.get(k) ?? null,
    setItem: (k: string, v: string) => void m.set(k, v),
    removeItem: (k: string) => void m.delete(k),
  };
}

const jwt = (claims: object) => `h.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.s`;

describe('console routes', () => {
  it('parses the page, its segments and its query', () => {
    expect(parseRoute('#/questionnaires/abc/v/2?x=1', ADMIN)).toEqual({
      page: 'questionnaires',
      segments: ['abc', 'v', '2'],
      query: { x: '1' },
    });
  });

  it('round-trips through routeHref, leaving out empty filters', () => {
    const href = routeHref('responses', [], {
      nodeId: '130628',
      level: '',
      hasComment: 'true',
      cursor: undefined,
    });
    expect(href).toBe('#/responses?nodeId=130628&hasComment=true');
    expect(parseRoute(href, ADMIN)).toEqual({
      page: 'responses',
      segments: [],
      query: { nodeId: '130628', hasComment: 'true' },
    });
  });

  it('sends a page the role may not see to the first one it may', () => {
    expect(parseRoute('#/audit', STAFF)?.page).toBe('dashboard');
    expect(parseRoute('', STAFF)?.page).toBe('dashboard');
    expect(parseRoute('#/nonsense', ['audit:read'])?.page).toBe('audit');
    expect(parseRoute('#/dashboard', ['campaign:upload'])?.page).toBe('campaigns');
    expect(parseRoute('#/dashboard', [])).toBeNull();
  });

  it('shows only the menu items the role can use', () => {
    expect(visibleMenu(STAFF).map((m) => m.page)).not.toContain('audit');
    expect(visibleMenu(ADMIN).map((m) => m.page)).toContain('audit');
    // An agency analyst sees only the campaigns page, once, whatever grants it.
    expect(visibleMenu(['campaign:upload']).map((m) => m.page)).toEqual(['campaigns']);
    expect(visibleMenu(['campaign:read', 'campaign:upload']).map((m) => m.page)).toEqual(['campaigns']);
    expect(visibleMenu([...STAFF, 'case:read']).map((m) => m.page)).toContain('cases');
  });

  it('lists the scope node and its ancestors as questionnaire owners, nearest first', () => {
    expect(ownerIdsOf('130000/130600/130628')).toEqual(['130628', '130600', '130000']);
  });

  it('defaults to the 30 days up to today', () => {
    expect(defaultPeriod(new Date('2026-03-01T08:00:00Z'))).toEqual({ from: '2026-01-31', to: '2026-03-01' });
  });

  it('starts the breadcrumb at the scope node, never above it', () => {
    expect(trailFromScope({ path: '130000/130600/130628/130628001' }, '130628')).toEqual([
      '130628',
      '130628001',
    ]);
    expect(trailFromScope({ path: '140000/140100' }, '130628')).toEqual([]);
  });
});

describe('session token', () => {
  it('keeps the token until it expires', () => {
    let now = 1_000_000;
    const store = tokenStore(memoryStorage(), () => now);
    const token = jwt({ exp: 1_000 + 3600 });
    store.set(token);
    expect(store.get()).toBe(token);
    now = (1_000 + 3600) * 1000;
    expect(store.get()).toBeNull();
  });

  it('forgets the token on sign-out', () => {
    const store = tokenStore(memoryStorage(), () => 0);
    store.set(jwt({ exp: 10_000 }));
    store.clear();
    expect(store.get()).toBeNull();
  });
});

describe('reading API answers', () => {
  it('reads the id and version a create or new-draft answer names', () => {
    expect(refOf({ questionnaireId: 'q1', version: 3, status: 'draft' })).toEqual({ id: 'q1', version: 3 });
    expect(refOf({ nothing: true })).toBeNull();
  });
});
