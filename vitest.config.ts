import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

/** The slow tier (`npm run test:slow`, run in CI): processes started and killed, and thousands of generated inputs. */
export const slowTests = ['test/process/**/*.test.ts', 'test/fuzz.test.ts'];

// `npm test`: the fast tier, every other test on SQLite. test/pg/*.pg.test.ts check PostgreSQL itself (the concurrency
// suite, the same figures on both engines, `copy`): only vitest.postgres.config.ts runs them; test/browser/ has its own.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/browser/**', 'test/pg/**/*.pg.test.ts', ...slowTests],
    setupFiles: ['test/setup.ts'],
    globalSetup: ['test/tmp-setup.ts'],
    testTimeout: 20_000,
    // Every core (vitest leaves one free by default: on a 2-core machine, half the speed), and one module graph per
    // worker rather than per file: loading src/ (the reader's model, twilio's helper, …) once per worker instead of
    // 44 times. What a test sets up is undone after it (test/setup.ts), whichever file it is in.
    maxWorkers: availableParallelism(),
    isolate: false,
  },
});
