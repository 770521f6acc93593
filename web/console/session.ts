/**
 * The signed-in session: the bearer token lives in sessionStorage (gone when the tab closes, never
 * shared with other tabs or sent as a cookie), with its expiry read from the token itself.
 */
import { jwtClaims } from './pkce';

const TOKEN_KEY = 'kmpj.console.token';

export interface TokenStore {
  get(): string | null;
  set(token: string): void;
  clear(): void;
}

/**
 * A token store over `storage`; a token past its `exp` (with `skewSeconds` to spare) reads as absent.
 * @param now injectable clock, in milliseconds.
 */
export function tokenStore(
  storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null,
  now: () => number = Date.now,
  skewSeconds = 30,
): TokenStore {
  let memory: string | null = null;
  const read = (): string | null => {
    try {
      return storage ? storage.getItem(TOKEN_KEY) : memory;
    } catch {
      return memory;
    }
  };
  return {
    get() {
      const token = read();
      if (!token) return null;
      const exp = jwtClaims(token)?.exp;
      if (typeof exp === 'number' && exp * 1000 <= now() + skewSeconds * 1000) return null;
      return token;
    },
    set(token) {
      memory = token;
      try {
        storage?.setItem(TOKEN_KEY, token);
      } catch {
        // Storage refused (private mode): the token lives in memory for this page.
      }
    },
    clear() {
      memory = null;
      try {
        storage?.removeItem(TOKEN_KEY);
      } catch {
        // Nothing stored.
      }
    },
  };
}
