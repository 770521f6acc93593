/** Browser tests: the local stack (DynamoDB Local + API + web/dist) driven by headless Chromium. */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.test.ts'],
    environment: 'node',
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    testTimeout: 60_000,
    // Starting DynamoDB Local and Chromium takes a few seconds, more on a busy CI machine.
    hookTimeout: 120_000,
    // One stack and one browser per file; files run one after another so ports and CPU are not fought over.
    fileParallelism: false,
  },
});
