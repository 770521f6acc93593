/**
 * A random device id kept in local storage and sent with each submission, so the server
 * can apply its per-device quiet limits. It identifies nothing but this browser's storage; the
 * server stores only a keyed hash of it. Without storage (private mode) the form sends none.
 */
import { newSubmissionId } from './storage';
import type { KeyValueStore } from './types';

const KEY = 'kmpj:device';
const VALID = /^[A-Za-z0-9_-]{16,64}$/;

/** The device id of this browser, created on first use; undefined when storage is unavailable. */
export function deviceId(
  store: KeyValueStore | null,
  create: () => string = newSubmissionId,
): string | undefined {
  try {
    if (!store) return undefined;
    const known = store.getItem(KEY);
    if (known && VALID.test(known)) return known;
    const id = create();
    store.setItem(KEY, id);
    return store.getItem(KEY) === id ? id : undefined;
  } catch {
    return undefined;
  }
}
