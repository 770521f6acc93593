import { defineConfig } from 'vitest/config';

/** `npm run test:reliability`: load, kill-the-database, fault and fuzz suites that print figures. */
export default defineConfig({
  test: {
    include: ['test/reliability/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    setupFiles: ['test/setup.ts'],
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    testTimeout: 600_000,
    hookTimeout: 120_000,
    // Each file starts its own stack and loads the machine; run them one after another.
    fileParallelism: false,
  },
});
