import { defineConfig } from 'vitest/config';

/** `npm test`: unit, integration (DynamoDB Local, started once in global setup) and infra tests. */
export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts', 'test/infra/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    setupFiles: ['test/setup.ts'],
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', POWERTOOLS_DEV: 'false' },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: CDK synth and DynamoDB Local both want one.
    maxWorkers: 2,
  },
});
