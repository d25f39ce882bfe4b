// Before every test file (vitest's setupFiles): what every test needs, whichever file it is in.
import { afterEach } from 'vitest';
import { passwordCost } from '../src/domain/password.js';
import { runCleanups } from './helpers.js';

// Passwords hashed at a low scrypt cost, so the suite's many logins stay fast. Stored hashes keep the cost they were
// made with; test/domain/password.test.ts checks the production cost itself.
passwordCost.N = 2 ** 12;

// What a test set up is undone after it. Registered here, not in helpers.ts: test files share one module graph per
// worker (isolate: false in vitest.config.ts), so a hook registered when helpers.ts is first imported would belong to
// that first file only.
afterEach(runCleanups);
