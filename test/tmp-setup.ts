// Every configuration's global setup, in vitest's main process before any worker starts: one folder for the run's
// files that outlive a test (test/helpers.ts: the migrated SQLite file each worker makes once and every test copies),
// handed to the workers (NEXTDEAL_TEST_TMP: they inherit the environment as it is now) and removed when the run ends.
// vitest ends its workers without their 'exit' handlers, so a file a worker made in the system's temporary folder
// stayed there: one folder a worker, every run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'nextdeal-run-'));
  process.env.NEXTDEAL_TEST_TMP = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
