/**
 * The staff console: a single-page app over hash routes.
 *
 * Primary course:
 * 1. Pick the locale; read `/console/config.json` (an OIDC issuer in AWS → OIDC; locally none → dev sign-in).
 * 2. Returning from the issuer with `?code&state`: finish the PKCE exchange and keep the token.
 * 3. With a token, load `GET /me`; the menu shows only what `can` allows; render the route.
 * 4. Any 401 drops the token and returns to sign-in with a notice.
 */
import { h, replaceChildren } from '../shared/dom';
import { largeTextToggle } from '../shared/large-text';
import { createApiClient } from './api';
import { campaignsRoute } from './campaigns';
import { casesRoute } from './cases';
import { type Ctx, NodeCache } from './context';
import { loadLocale, locale, pick, setLocale, t } from './i18n';
import { completeSignIn } from './oidc';
import { type OidcConfig, parseCallback } from './pkce';
import { type Page, parseRoute, type Route, visibleMenu } from './routes';
import { tokenStore } from './session';
import type { Me } from './types';
import { button, errorPanel } from './ui';
import { auditPage } from './views/audit';
import { dashboardPage } from './views/dashboard';
import { exportsPage } from './views/exports';
import { integrityPage } from './views/integrity';
import { orgPage } from './views/org';
import { provinceSettingsPage } from './views/province-settings';
import { qrPage } from './views/qr';
import { quarantinePage } from './views/quarantine';
import { questionnairesPage } from './views/questionnaires';
import { reachPage } from './views/reach';
import { responsesPage } from './views/responses';
import { signInPage } from './views/sign-in';

const API_BASE = '/api/console/v1';

const PAGES: Record<Page, (ctx: Ctx, route: Route, root: HTMLElement) => Promise<void>> = {
  dashboard: dashboardPage,
  org: orgPage,
  questionnaires: questionnairesPage,
  qr: qrPage,
  responses: responsesPage,
  cases: (ctx, route, root) => casesRoute(ctx, route.segments, route.query, root),
  campaigns: (ctx, route, root) => campaignsRoute(ctx, route.segments, route.query, root),
  exports: exportsPage,
  integrity: integrityPage,
  quarantine: quarantinePage,
  settings: provinceSettingsPage,
  reach: reachPage,
  audit: auditPage,
};

const local = (() => {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
})();
const session = (() => {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
})();

const app = document.getElementById('app') as HTMLElement;
const tokens = tokenStore(session);
let config: OidcConfig | null = null;
let ctx: Ctx | null = null;
let notice: string | null = null;

const api = createApiClient({
  base: API_BASE,
  getToken: () => tokens.get(),
  onUnauthorized: () => {
    tokens.clear();
    ctx = null;
    notice = t('sessionExpired');
    void showSignIn();
  },
});

async function loadConfig(): Promise<OidcConfig | null> {
  try {
    const res = await fetch('/console/config.json', { credentials: 'omit', cache: 'no-store' });
    if (!res.ok) return null;
    const c = (await res.json()) as Partial<OidcConfig>;
    return c.issuer && c.clientId && c.redirectUri ? (c as OidcConfig) : null;
  } catch {
    return null;
  }
}

function langButton(onSwitch: () => void): HTMLButtonElement {
  return button(
    t('switchTo'),
    () => {
      setLocale(locale() === 'zh-CN' ? 'en' : 'zh-CN', local);
      document.documentElement.lang = locale();
      onSwitch();
    },
    { class: 'btn lang', lang: locale() === 'zh-CN' ? 'en' : 'zh-CN' },
  );
}

/** The large-text, high-contrast mode's switch (remembered on this computer, like the citizen pages'). */
function largeTextButton(): HTMLButtonElement {
  const btn = h(
    'button',
    { type: 'button', class: 'btn', id: 'big', 'aria-pressed': 'false' },
    t('largeText'),
  );
  largeTextToggle(btn, local);
  return btn;
}

async function showSignIn(): Promise<void> {
  const main = h('main', { id: 'main', class: 'narrow' });
  replaceChildren(
    app,
    h(
      'header',
      { class: 'top' },
      h('span', { class: 'brand' }, t('brand')),
      h(
        'div',
        { class: 'who' },
        largeTextButton(),
        langButton(() => void showSignIn()),
      ),
    ),
    main,
  );
  await signInPage(main, config, notice, (token) => {
    tokens.set(token);
    notice = null;
    void start();
  });
}

function renderShell(c: Ctx): HTMLElement {
  const me = c.me;
  const menu = visibleMenu(me.can);
  const nav = h(
    'nav',
    { class: 'menu', 'aria-label': t('mainNav') },
    h(
      'ul',
      {},
      ...menu.map((m) => h('li', {}, h('a', { href: `#/${m.page}`, 'data-page': m.page }, t(m.label)))),
    ),
  );
  const main = h('main', { id: 'main', tabindex: -1 });
  replaceChildren(
    app,
    h('a', { class: 'skip', href: '#main' }, t('skip')),
    h(
      'header',
      { class: 'top' },
      h('span', { class: 'brand' }, t('brand')),
      h(
        'div',
        { class: 'who' },
        h(
          'span',
          { class: 'user' },
          h('strong', {}, me.name),
          ' · ',
          pick(me.roleLabel),
          me.scope ? ` · ${pick(me.scope.name)}` : '',
        ),
        largeTextButton(),
        langButton(() => {
          renderShell(c);
          void renderRoute(false);
        }),
        button(t('signOut'), () => {
          tokens.clear();
          ctx = null;
          notice = null;
          location.hash = '';
          void showSignIn();
        }),
      ),
    ),
    nav,
    main,
  );
  if (menu.length === 0) replaceChildren(main, h('p', { class: 'alert info' }, t('noFunctions')));
  return main;
}

async function renderRoute(focus: boolean): Promise<void> {
  if (!ctx) return;
  const main = document.getElementById('main');
  const route = parseRoute(location.hash, ctx.me.can);
  if (!main || !route) return;
  for (const a of document.querySelectorAll<HTMLAnchorElement>('nav.menu a')) {
    if (a.dataset.page === route.page) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  // A fresh container per render: a slow, superseded page writes into a detached element.
  const root = h('div', { class: 'page' });
  replaceChildren(main, root);
  await PAGES[route.page](ctx, route, root);
  if (focus && root.isConnected) root.querySelector<HTMLElement>('h1')?.focus();
}

async function start(): Promise<void> {
  replaceChildren(app, h('p', { class: 'boot' }, t('loading')));
  try {
    const me = await api.get<Me>('/me');
    ctx = {
      api,
      me,
      nodes: new NodeCache(api),
      nodeId: me.scopeId,
      go: (href) => {
        if (location.hash === href) void renderRoute(true);
        else location.hash = href;
      },
      can: (a) => (me.can as readonly string[]).includes(a),
    };
    renderShell(ctx);
    await renderRoute(false);
  } catch (err) {
    if (tokens.get())
      replaceChildren(
        app,
        h(
          'main',
          { id: 'main', class: 'narrow' },
          errorPanel(err),
          button(t('retry'), () => void start()),
        ),
      );
  }
}

async function boot(): Promise<void> {
  setLocale(loadLocale(local));
  document.documentElement.lang = locale();
  window.addEventListener('hashchange', () => void renderRoute(true));
  config = await loadConfig();
  const callback = parseCallback(location.search);
  if (config && callback.kind !== 'none') {
    history.replaceState(null, '', location.pathname);
    if (callback.kind === 'code' && session) {
      try {
        const r = await completeSignIn(config, session, callback.code, callback.state);
        tokens.set(r.token);
        location.hash = r.returnTo;
      } catch {
        notice = t('signInFailed');
      }
    } else {
      notice = t('signInFailed');
    }
  }
  if (tokens.get()) await start();
  else await showSignIn();
}

void boot();
