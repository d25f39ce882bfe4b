// The real-browser tests (playwright-core driving the system's Chromium): `npx vitest run --config vitest.browser.config.ts`.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/browser/**/*.browser.test.ts'],
    setupFiles: ['test/setup.ts'],
    globalSetup: ['test/tmp-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // One browser at a time: files run one after another.
    fileParallelism: false,
    maxWorkers: 1,
  },
});
