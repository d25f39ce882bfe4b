// A data folder on a read-only file system (a read-only bind mount, a volume mounted ro): Node's recursive mkdir said
// "ENOENT: no such file or directory, mkdir '…/sub'", which reads as a typo in the path (the operator's review of
// 6 December). The start now names the folder it could not make, where, and why. A read-only tmpfs stands for the
// mount: the test runs where this user may mount one (root), and is skipped elsewhere.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { engine, tempDir } from '../helpers.js';
import { mayMount, tmpfs } from '../mounts.js';
import { environment, startServer } from './server.js';

describe.skipIf(engine === 'postgres' || !mayMount())('a server whose data folder is on a read-only file system', () => {
  it('says that it is read-only, naming the folder it could not make, for the database and the outbox', async () => {
    const ro = tmpfs('ro,size=1m');
    const { env } = await environment();
    const database = startServer({ ...env, DATABASE_PATH: join(ro, 'sub', 'nextdeal.db') });
    await expect(database).rejects.toThrow(`nextdeal cannot start: DATABASE_PATH (${join(ro, 'sub', 'nextdeal.db')}): cannot make the folder ${join(ro, 'sub')}: ${ro} is on a read-only file system (EROFS)`);
    await expect(database).rejects.not.toThrow('ENOENT');
    const outbox = startServer({ ...env, OUTBOX_DIR: join(ro, 'outbox') });
    await expect(outbox).rejects.toThrow(`: cannot make the folder ${join(ro, 'outbox')}: ${ro} is on a read-only file system (EROFS)`);
  }, 60_000);
});

// A database folder that is there but not this user's to write in: Node's raw "EACCES: permission denied, open
// '…/n.db'" (an operator's review), now in the words above. Run as nobody (setpriv), so only where the tests run as root,
// and nobody may read this checkout (a clone in a folder of mode 700, as mktemp makes, is root's alone: node then
// cannot read src/cli.ts at all, and says nothing of the database).
const root = new URL('../../', import.meta.url).pathname;
const nobody = ['--reuid=nobody', '--regid=nogroup', '--clear-groups', process.execPath];
const asNobody = process.getuid?.() === 0 && spawnSync('setpriv', ['--version']).status === 0
  && spawnSync('setpriv', [...nobody, '-e', 'require("node:fs").accessSync(process.argv[1])', join(root, 'src', 'cli.ts')]).status === 0;
describe.skipIf(engine === 'postgres' || !asNobody)('a database folder this user may not write in', () => {
  it('says so, naming the file it could not make, not as EACCES on open', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'data'));
    chmodSync(dir, 0o755);
    const ran = spawnSync('setpriv', [...nobody, '--import', 'tsx', 'src/cli.ts', 'shop', 'create', '--slug', 'x', '--name', 'X'], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', DATABASE_PATH: join(dir, 'data', 'n.db'), OUTBOX_DIR: join(dir, 'outbox') },
      encoding: 'utf8',
    });
    expect(ran.status).toBe(1);
    expect(ran.stderr.trimEnd().split('\n').at(-1)).toBe(`nextdeal cannot open the database: DATABASE_PATH (${join(dir, 'data', 'n.db')}): cannot make the file ${join(dir, 'data', 'n.db')}: ${join(dir, 'data')} may not be written in by this user (EACCES)`);
  }, 60_000);
});
