// The tests leave nothing of theirs in the system's temporary folder: each worker's migrated SQLite file
// (test/helpers.ts) is made in the run's own folder, which the run removes (test/tmp-setup.ts). vitest ends its workers
// without their 'exit' handlers, so it stayed behind before, one a worker, every run: hundreds on a developer's machine.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { onCleanup } from '../helpers.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

it('a run of the tests leaves nothing in the temporary folder', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'nextdeal-temp-check-'));
  onCleanup(() => rmSync(tmp, { recursive: true, force: true }));
  // A run of its own (SQLite, the fast tier's configuration), knowing nothing of this one's.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('VITEST') && !k.startsWith('NEXTDEAL_TEST')));
  const run = spawnSync(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', 'test/db/replies.test.ts'], {
    cwd: ROOT, env: { ...env, TMPDIR: tmp, NODE_ENV: 'test' }, encoding: 'utf8', timeout: 120_000,
  });
  expect(run.status, run.stdout + run.stderr).toBe(0);
  expect(readdirSync(tmp)).toEqual([]);
}, 150_000);
