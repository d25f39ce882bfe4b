// The embedded default carries nothing of PostgreSQL: its driver is loaded only when DATABASE_URL names one.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { tempDir } from '../helpers.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

it('opens a SQLite database without loading the PostgreSQL driver (9 MB of memory on a small machine)', () => {
  // A process of its own, so that nothing the test runner loaded counts: which packages did opening the database load?
  const script = `
    const { openDatabase } = await import(${JSON.stringify(join(root, 'src/db/open.ts'))});
    const { createRequire } = await import('node:module');
    const db = await openDatabase({ path: ${JSON.stringify(join(tempDir(), 'nextdeal.db'))} });
    await db.close();
    const loaded = Object.keys(createRequire(import.meta.url).cache).map((f) => /node_modules\\/([^/]+)\\//.exec(f)?.[1]).filter(Boolean);
    console.log(JSON.stringify([...new Set(loaded)]));`;
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
  const packages = JSON.parse(out.trim().split('\n').pop()!) as string[];
  expect(packages).toContain('better-sqlite3'); // the check sees what was loaded
  expect(packages).not.toContain('pg');
});
