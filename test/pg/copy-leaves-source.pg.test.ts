// `nextdeal copy` from a SQLite file an older release made: the file is the one to go back to with that release
// (README, "From SQLite to PostgreSQL"), and copy migrated it in place without a word, so the older release then
// refused it (the operator review of PostgreSQL, finding 5). Now it reads a copy of the file, migrated on the way, and
// says what the migrations change for the owner, as a start does; the file keeps every byte, and no copy is left.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run as cli } from '../../src/cli.js';
import { lookAt, openSqlite } from '../../src/db/engines/sqlite.js';
import { migrate, newestMigration, openDatabase } from '../../src/db/open.js';
import { onCleanup, run, tempDir, value } from '../helpers.js';
import { freshDatabase } from './cluster.js';

/** A SQLite file as a release that knew migrations up to 060 left it, with a shop in it. */
async function olderFile(): Promise<string> {
  const file = join(tempDir(), 'shop.db');
  const db = openSqlite(file);
  await migrate(db, 60);
  await run(db, `INSERT INTO shops (id, slug, name, timezone, country, locale, api_key_hash, webhook_secret, created_at) VALUES (1, 'x', 'X', 'Europe/Amsterdam', 'NL', 'nl', 'h', 'w', 0)`);
  await db.close();
  return file;
}

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
/** Its migrations, read without leaving a -wal or -shm file beside it. */
const versions = (file: string) => lookAt(file, (db) => db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all());

async function copy(file: string, url: string) {
  let out = '';
  let err = '';
  const code = await cli(['copy', '--from', file, '--to', url], { out: (s) => void (out += s), err: (s) => void (err += s), env: {}, stdin: () => '', askSecret: async () => '' });
  return { code, out, err };
}

describe('`nextdeal copy` from a file an older release made', () => {
  it('leaves the file as it was, says what the migrations applied on the way change for the owner, and the target has everything', async () => {
    const file = await olderFile();
    const [bytes, before] = [sha(file), versions(file)];
    expect(before.at(-1)).toBe(60);
    const url = await freshDatabase();

    const copied = await copy(file, url);
    expect(copied.code).toBe(0);
    expect(copied.out).toMatch(/copied \d+ rows in \d+ tables/);
    expect(copied.err).toMatch(/^database upgraded: applied \d+ migrations \(061, 062, 063(, \d\d\d)*\)\n/);
    expect(copied.err).toContain('migration 061 changes for the owner: hold-out customers whose drawn purchase was refunded count from the day they were drawn');
    expect(copied.err).toContain(`(in what was copied: ${file} itself is left as it was, for the release that made it)\n`);

    // The file: every byte, its migrations, nothing beside it (no working copy left, no -wal or -shm).
    expect(sha(file)).toBe(bytes);
    expect(versions(file)).toEqual(before);
    expect(readdirSync(join(file, '..'))).toEqual(['shop.db']);

    // The target: this release's schema, and the shop.
    const target = await openDatabase({ url, path: '' });
    onCleanup(() => target.close());
    expect(await value(target, 'SELECT max(version) FROM schema_migrations')).toBe(newestMigration('postgres'));
    expect(await value(target, 'SELECT slug FROM shops')).toBe('x');

    // A copy that fails (the target is not empty now) leaves no working copy behind either.
    expect(await copy(file, url)).toMatchObject({ code: 1, err: expect.stringContaining('nothing was copied: the target database is not empty') });
    expect(readdirSync(join(file, '..'))).toEqual(['shop.db']);
    expect(sha(file)).toBe(bytes);
  }, 120_000);
});
