/**
 * Values and services whose module is imported on first use (`import()`, a chunk of its own in the
 * Lambda bundle). Concurrent first calls share one load; a failed load is tried again by the next
 * call rather than remembered.
 */

/** The value `load()` resolves to, loaded by the first call. */
export function loadedValue<T>(load: () => Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | undefined;
  return () =>
    (loaded ??= load().catch((err: unknown) => {
      loaded = undefined;
      throw err;
    }));
}

/** A service loaded by its first call. */
export function loadedOnce<A extends unknown[], R>(
  load: () => Promise<(...args: A) => Promise<R>>,
): (...args: A) => Promise<R> {
  const service = loadedValue(load);
  return async (...args) => (await service())(...args);
}
