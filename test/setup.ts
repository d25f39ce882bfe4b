// Before every test file: passwords hashed at a low scrypt cost, so the suite's many logins stay fast. Stored hashes
// keep the cost they were made with; test/domain/password.test.ts checks the production cost itself.
import { passwordCost } from '../src/domain/password.js';

passwordCost.N = 2 ** 12;
