/**
 * The origin-verify check: CloudFront sends a secret header on every request to the public API,
 * and the secret is rotated. During a rotation CloudFront's edges change over one by one, so the
 * values accepted are every live stage of the secret (current, previous and, while a rotation
 * runs, pending). They are read again at most every `ttlMs`, so a rotation is taken up within
 * that time; a failed read keeps nothing and is retried on the next request.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { OriginVerifier } from './client-address';

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/** Secrets shorter than this are refused as misconfiguration (accepting them would accept guesses). */
const MIN_SECRET_LENGTH = 32;

/**
 * A verifier over `load` (the secret's live values), cached for `ttlMs`.
 * @param now the clock in milliseconds (tests move it).
 */
export function originVerifier(
  load: () => Promise<readonly string[]>,
  opts: { ttlMs?: number; now?: () => number } = {},
): OriginVerifier {
  const ttlMs = opts.ttlMs ?? 60_000;
  const now = opts.now ?? Date.now;
  let cached: { at: number; values: Promise<Buffer[]> } | undefined;
  const values = () => {
    if (!cached || now() - cached.at >= ttlMs) {
      const entry = {
        at: now(),
        values: load().then((vs) => vs.filter((v) => v.length >= MIN_SECRET_LENGTH).map(digest)),
      };
      entry.values.catch(() => {
        if (cached === entry) cached = undefined;
      });
      cached = entry;
    }
    return cached.values;
  };
  return async (header) => {
    if (!header) return false;
    const given = digest(header);
    let known: Buffer[];
    try {
      known = await values();
    } catch {
      return false;
    }
    // Every value is compared (constant time each), so timing tells nothing of which matched.
    return known.reduce((ok, v) => timingSafeEqual(v, given) || ok, false);
  };
}
