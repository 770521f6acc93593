/**
 * A service whose module is imported on its first call (`import()`, a chunk of its own in the
 * Lambda bundle). Concurrent first calls share one load; a failed load is tried again by the next
 * call rather than remembered.
 */
export function loadedOnce<A extends unknown[], R>(
  load: () => Promise<(...args: A) => Promise<R>>,
): (...args: A) => Promise<R> {
  let loaded: Promise<(...args: A) => Promise<R>> | undefined;
  return async (...args) => {
    loaded ??= load().catch((err: unknown) => {
      loaded = undefined;
      throw err;
    });
    return (await loaded)(...args);
  };
}
