// What the server holds in memory from its start (issue 13: peak RSS under 150 MB): the packages only some of its work
// needs are loaded on first use. The server's modules are imported as `npm start` imports them, and stop at the
// configuration (PORT=abc), before anything is opened; what was loaded by then is what every start loads.
import { spawnSync } from 'node:child_process';
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
