// nextdeal reads its .env, and its relative paths, from the folder it is installed in (package.json's), wherever the
// command is run from: `npx nextdeal shop list` in a subfolder finds the installation's database, and makes no empty
// one where it stands.
import { cpSync, existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { expect, it } from 'vitest';
import { tempDir } from '../helpers.js';

const root = new URL('../../', import.meta.url).pathname;

it('`nextdeal shop list` run from a subfolder of the install uses the .env beside package.json, and its relative paths', () => {
  const install = tempDir();
  for (const p of ['package.json', 'src', 'migrations']) cpSync(join(root, p), join(install, p), { recursive: true });
  symlinkSync(join(root, 'node_modules'), join(install, 'node_modules'));
  writeFileSync(join(install, '.env'), 'DATABASE_PATH=./var/nextdeal.db\nOUTBOX_DIR=./var/outbox\n');
  const nextdeal = (cwd: string, ...args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', join(install, 'src/cli.ts'), ...args], { cwd, env: { PATH: process.env.PATH ?? '' }, encoding: 'utf8' });

  expect(nextdeal(install, 'shop', 'create', '--slug', 'fietsenmaker', '--name', 'F').status).toBe(0);
  expect(existsSync(join(install, 'var', 'nextdeal.db'))).toBe(true);
  const elsewhere = join(install, 'var', 'outbox');
  mkdirSync(elsewhere, { recursive: true });
  const listed = nextdeal(elsewhere, 'shop', 'list');
  expect({ status: listed.status, found: listed.stdout.includes('fietsenmaker'), strayDatabase: existsSync(join(elsewhere, 'var')) }).toEqual({ status: 0, found: true, strayDatabase: false });
}, 60_000);
