/**
 * How `npm start` runs the local server: the Node arguments, declared once. package.json's `start`
 * script spells them out (a unit test keeps the two equal), and the soak benchmark and the
 * npm-start test spawn exactly this.
 *
 * The old-space cap is the memory of the largest function the local server stands in for (the
 * import job, 2 048 MB in infra/stacks/jobs-stack.ts) less room for the young generation, code
 * and buffers. V8 also scales its heap-growing factor with this cap (at most 1.8 at 1.5 GB
 * instead of 4 above 2 GB), so under steady load the heap stays near its live size rather than
 * growing to four times it between full collections: this is what keeps the soak's RSS flat.
 */
export const LOCAL_SERVER_NODE_FLAGS = ['--max-old-space-size=1536'] as const;

/** The script, loaded through tsx. */
const ENTRY = ['--import', 'tsx', 'local/main.ts'] as const;

/** The arguments after `node`; `extraFlags` come after the default flags, so they win (diagnostics). */
export const localServerArgs = (extraFlags: readonly string[] = []): string[] => [
  ...LOCAL_SERVER_NODE_FLAGS,
  ...extraFlags,
  ...ENTRY,
];

/** The `start` script as package.json must spell it. */
export const START_SCRIPT = `npm run --silent build:web && node ${localServerArgs().join(' ')}`;
