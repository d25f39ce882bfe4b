// The tests again on PostgreSQL: `npm run test:postgres` (test/pg/run.sh starts a throw-away server and runs vitest
// with this file). Every test of both tiers (vitest.config.ts, vitest.slow.config.ts), plus the checks of PostgreSQL
// itself (test/pg/*.pg.test.ts, which the other configurations leave out). The global setup stops the run if the server of NEXTDEAL_TEST_POSTGRES does not
// answer, and sets NEXTDEAL_TEST_ENGINE=postgres for the workers, which test/pg/cluster.ts's engineUnderTest() reads.
import { defineConfig } from 'vitest/config';
import base, { slowTests } from './vitest.config.ts';

export default defineConfig({
  ...base,
  test: {
    ...base.test,
    // Both tiers, and the checks of PostgreSQL itself.
    include: [...(base.test?.include ?? []), ...slowTests, 'test/pg/**/*.pg.test.ts'],
    exclude: ['test/browser/**'],
    globalSetup: ['test/tmp-setup.ts', 'test/pg/global-setup.ts'],
  },
});
