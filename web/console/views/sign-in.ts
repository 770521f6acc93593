/**
 * The sign-in page. In AWS (`/console/config.json` names an issuer) it starts the OIDC + PKCE redirect;
 * locally it lists the demo users of the development sign-in.
 */
import { h, replaceChildren } from '../../shared/dom';
import { errorFromBody } from '../api';
import { t } from '../i18n';
import { roleLabel } from '../labels';
import { beginSignIn } from '../oidc';
import type { OidcConfig } from '../pkce';
import { busy, button, errorPanel, pageTitle, statusLine } from '../ui';

interface DemoUser {
  id: string;
  name: string;
  role: string;
  scope: string;
}

async function postJson(url: string, body: unknown): Promise<unknown> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify(body),
    credentials: 'omit',
  });
  const parsed = await res.json().catch(() => null);
  if (!res.ok) throw errorFromBody(res.status, parsed);
  return parsed;
}

/** Renders the sign-in page into `root`; `onToken` continues once a token is in hand. */
export async function signInPage(
  root: HTMLElement,
  config: OidcConfig | null,
  notice: string | null,
  onToken: (token: string) => void,
): Promise<void> {
  const status = statusLine();
  const panel = h(
    'div',
    { class: 'signin' },
    pageTitle(t('signInTitle')),
    notice && h('p', { class: 'alert info' }, notice),
  );
  replaceChildren(root, panel);
  if (config) {
    const go = button(
      t('oidcButton'),
      () => void busy(go, status, () => beginSignIn(config, sessionStorage, location.hash || '#/')),
      { class: 'btn primary big' },
    );
    panel.append(h('p', {}, t('oidcIntro')), go, status.el);
    return;
  }
  panel.append(h('p', {}, t('devIntro')));
  try {
    const res = await fetch('/api/dev/users', {
      credentials: 'omit',
      headers: { Accept: 'application/json' },
    });
    const parsed = await res.json().catch(() => null);
    if (!res.ok) throw errorFromBody(res.status, parsed);
    const users = (parsed as { users: DemoUser[] }).users;
    panel.append(
      h(
        'ul',
        { class: 'users' },
        ...users.map((u) => {
          const b = button(
            [
              h('span', { class: 'sr-only' }, `${t('signInAs')} `),
              h('strong', {}, u.name),
              h('span', { class: 'muted small' }, `${roleLabel(u.role)} · ${u.scope}`),
            ],
            () =>
              void busy(b, status, async () => {
                const r = (await postJson('/api/dev/sign-in', { userId: u.id })) as { token: string };
                onToken(r.token);
              }),
            { class: 'btn user', 'data-user': u.id },
          );
          return h('li', {}, b);
        }),
      ),
      status.el,
    );
  } catch (err) {
    panel.append(errorPanel(err));
  }
}
