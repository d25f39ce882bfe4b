// What the server holds in memory from its start (issue 13: peak RSS under 150 MB): the packages only some of its work
// needs are loaded on first use. The server's modules are imported as `npm start` imports them, and stop at the
// configuration (PORT=abc), before anything is opened; what was loaded by then is what every start loads.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url).pathname;

/** The packages in node_modules that importing src/main.ts loads (CommonJS ones, as pg, handlebars and express are). */
function loadedAtStart(): string[] {
  const script = `
    import { createRequire } from 'node:module';
    const cache = createRequire(import.meta.url).cache;
    process.on('exit', () => {
      const names = Object.keys(cache).map((f) => /\\/node_modules\\/((?:@[^/]+\\/)?[^/]+)\\//.exec(f)?.[1]).filter(Boolean);
      console.log(JSON.stringify([...new Set(names)]));
    });
    await import(${JSON.stringify(`${root}src/main.ts`)});`;
  const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: root, env: { PATH: process.env.PATH ?? '', PORT: 'abc' }, encoding: 'utf8', timeout: 25_000,
  });
  expect(child.stderr).toContain('PORT: expected a whole number');
  return JSON.parse(child.stdout.trim().split('\n').at(-1)!) as string[];
}

describe('the server as it starts', () => {
  it('loads no PostgreSQL driver: pg comes with the first look at a PostgreSQL database', () => {
    const loaded = loadedAtStart();
    expect(loaded).toContain('express'); // the list is the server's
    expect(loaded).not.toContain('pg');
  }, 30_000);
});

describe('the server as built', () => {
  // V8 keeps the source of every module it loaded for as long as the server runs; most of nextdeal's is comments, and
  // a dash or an arrow in one stores the whole file at two bytes a letter. Built without them: 1.1 MB less heap.
  it('holds its own modules without their comments', () => {
    const out = mkdtempSync(join(tmpdir(), 'nextdeal-build-'));
    try {
      const tsc = spawnSync(process.execPath, [`${root}node_modules/typescript/bin/tsc`, '-p', `${root}tsconfig.build.json`, '--outDir', out], { encoding: 'utf8', timeout: 60_000 });
      expect(tsc.status, tsc.stdout + tsc.stderr).toBe(0);
      expect(readFileSync(`${root}src/domain/reading/stop.ts`, 'utf8')).toContain('// A reply that asks, in so many words');
      const built = readFileSync(join(out, 'domain/reading/stop.js'), 'utf8');
      expect(built).toContain('export function stopRequest'); // the module is there, its code whole
      expect(built).not.toMatch(/^\s*\/\/(?!# sourceMappingURL=)|\/\*\*/m); // the source map's link stays
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 90_000);
});
