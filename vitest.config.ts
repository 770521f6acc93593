import { defineConfig } from 'vitest/config';

/**
 * `npm test`: two projects.
 * - `unit`: pure code, no database; `npm run test:unit` gives feedback in seconds.
 * - `integration`: integration tests on a real DynamoDB Local (started once in global setup) and the CDK template tests.
 */
export default defineConfig({
  test: {
    setupFiles: ['test/setup.ts'],
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', POWERTOOLS_DEV: 'false' },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: CDK synth and DynamoDB Local both want one.
    maxWorkers: 2,
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts', 'test/infra/**/*.test.ts'],
          globalSetup: ['test/global-setup.ts'],
        },
      },
    ],
  },
});
