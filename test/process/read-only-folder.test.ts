// A data folder on a read-only file system (a read-only bind mount, a volume mounted ro): Node's recursive mkdir said
// "ENOENT: no such file or directory, mkdir '…/sub'", which reads as a typo in the path (the operator's review of
// 6 December). The start now names the folder it could not make, where, and why. A read-only tmpfs stands for the
// mount: the test runs where this user may mount one (root), and is skipped elsewhere.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { engine } from '../helpers.js';
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
