// Four migrations were changed after their release (029, 043, 048, 055), and a database that had run a first text
// never got the rest: every dispatch tick failed on `resent`, /login on `shop_id`, silently (the operator's review of
// 4 December). Migration 59 repairs such a database; since then the migrator keeps each file's checksum and refuses to
// start on a file changed after it ran. The first texts are kept in test/fixtures/old-migrations, as released.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config.js';
import { openPostgres } from '../../src/db/engines/postgres.js';
import { openSqlite } from '../../src/db/engines/sqlite.js';
import { migrationChecksum } from '../../src/db/migration-checksums.js';
import { type Database, migrate, openDatabase } from '../../src/db/open.js';
import { createStore } from '../../src/db/store.js';
import { all, createShop, engine, onCleanup, run, tempDir, testDispatcher, value } from '../helpers.js';
import { freshDatabase } from '../pg/cluster.js';

const DAY = 86_400_000;

/** A new, empty database of the engine under test, closed when the test ends; and how to open it again. */
async function emptyDatabase(): Promise<{ db: Database; where: { url?: string; path: string } }> {
  const where = engine === 'postgres' ? { url: await freshDatabase(), path: '' } : { path: join(tempDir(), 'nextdeal.db') };
  const db = where.url ? openPostgres(where.url) : openSqlite(where.path);
  onCleanup(() => db.close());
  return { db, where };
}

const oldText = (file: string) => readFileSync(new URL(`../fixtures/old-migrations/${engine}/${file}`, import.meta.url), 'utf8');
const currentText = (file: string) => readFileSync(new URL(`../../migrations/${engine}/${file}`, import.meta.url), 'utf8');

/** `db` migrated to the version before `file`'s, then `file`'s first text applied and its version kept, as a release before this one did. */
async function ranOldText(db: Database, fixture: string, before?: (db: Database) => Promise<void>) {
  const version = Number.parseInt(fixture, 10);
  await migrate(db, version - 1);
  await before?.(db);
  await db.transaction((tx) => tx.exec(oldText(fixture)));
  await run(db, 'INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', version, fixture.replace(/\.[0-9a-f]+\.sql$/, '.sql'), Date.now());
}

/** Every table's columns (by name, with type, nullability and default) and every index and constraint. */
async function schemaOf(db: Database) {
  if (db.engine === 'sqlite') {
    return {
      columns: await all(db, `SELECT s.name AS tbl, c.name, c.type, c."notnull" AS nn, c.dflt_value AS dflt, c.pk FROM sqlite_schema s, pragma_table_info(s.name) c
        WHERE s.type IN ('table', 'view') AND s.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY s.name, c.name`),
      indexes: await all(db, `SELECT s.name AS tbl, i.name, i."unique", i.partial, (SELECT group_concat(ii.name) FROM pragma_index_info(i.name) ii) AS cols
        FROM sqlite_schema s, pragma_index_list(s.name) i WHERE s.type = 'table' ORDER BY s.name, i.name`),
      foreignKeys: await all(db, `SELECT s.name AS tbl, f."from", f."table", f."to" FROM sqlite_schema s, pragma_foreign_key_list(s.name) f
        WHERE s.type = 'table' ORDER BY s.name, f."from"`),
    };
  }
  return {
    columns: await all(db, `SELECT table_name AS tbl, column_name AS name, data_type, is_nullable, column_default FROM information_schema.columns
      WHERE table_schema = 'public' ORDER BY table_name, column_name`),
    indexes: await all(db, "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY tablename, indexname"),
    constraints: await all(db, `SELECT c.relname AS tbl, k.conname, pg_get_constraintdef(k.oid) AS def FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' ORDER BY c.relname, k.conname`),
  };
}

async function latestSchema() {
  const { db } = await emptyDatabase();
  await migrate(db);
  return schemaOf(db);
}

describe('migration 59: databases that ran a first text of a migration changed after its release', () => {
  it('029: adds the API key kept through a rotation, and a shop can be read and its key rotated', async () => {
    const { db } = await emptyDatabase();
    await ranOldText(db, '029_secret_rotation.bb528a0.sql');
    expect(await migrate(db)).toContain(59);
    expect(await schemaOf(db)).toEqual(await latestSchema());
    const store = createStore(db);
    const { shop } = await createShop(store);
    const { apiKey } = await store.shops.rotate(shop, { apiKey: true, graceMs: DAY }, Date.now());
    expect(apiKey).toMatch(/^nd_key_/);
    expect((await store.shops.bySlug(shop.slug))?.previousApiKeyHash).toBe(shop.apiKeyHash);
  });

  // The first text gave no sender to the SMS kept before; the second gave one to every SMS ever kept (and the older
  // ones keep it); the final one to those of the last 90 days.
  for (const [fixture, older] of [['043_message_sender.5e54ae0.sql', null], ['043_message_sender.41e7392.sql', '+3197014204768']] as const) {
    it(`043 (${fixture}): gives the SMS of the 90 days before it ran their shop's number, as its final text does`, async () => {
      const { db } = await emptyDatabase();
      const sent = Date.now() - 2 * DAY;
      await ranOldText(db, fixture, async (db) => {
        await run(db, `INSERT INTO shops (id, slug, name, timezone, country, locale, api_key_hash, webhook_secret, sms_from, created_at)
          VALUES (1, 'x', 'X', 'Europe/Amsterdam', 'NL', 'nl', 'h', 'w', '+3197014204768', 0)`);
        await run(db, 'INSERT INTO customers (id, shop_id, details_at, created_at) VALUES (1, 1, 0, 0)');
        await run(db, `INSERT INTO sales (id, shop_id, till_sale_id, customer_id, occurred_at, fingerprint, response, received_at) VALUES (1, 1, 'a', 1, 0, 'f', '{}', 0)`);
        for (const [id, channel, recipient, at] of [[1, 'sms', '+31613572468', sent], [2, 'email', 'sanne@example.com', sent], [3, 'sms', '+31613572468', sent - 100 * DAY]] as const) {
          await run(db, `INSERT INTO messages (id, shop_id, customer_id, sale_id, kind, channel, key, status, due_at, next_attempt_at, recipient, sent_at, created_at)
            VALUES (?, 1, 1, 1, 'checkin', ?, ?, 'sent', 0, 0, ?, ?, ?)`, id, channel, `k${id}`, recipient, at, at);
        }
      });
      expect(await migrate(db)).toContain(59);
      expect(await schemaOf(db)).toEqual(await latestSchema());
      expect(await all(db, 'SELECT id, sender FROM messages ORDER BY id')).toEqual([
        { id: 1, sender: '+3197014204768' }, { id: 2, sender: null }, { id: 3, sender: older },
      ]);
    });
  }

  it('048: makes login_failures anew, by shop, with its indexes, and a failed login is counted', async () => {
    const { db } = await emptyDatabase();
    await ranOldText(db, '048_login_limits.04d6eb8.sql');
    await run(db, "INSERT INTO login_failures (slug_hash, at) VALUES ('abc', 1)");
    expect(await migrate(db)).toContain(59);
    expect(await schemaOf(db)).toEqual(await latestSchema());
    const store = createStore(db);
    const { shop } = await createShop(store);
    const now = Date.now();
    await store.loginLimits.failed(shop.id, now, 10);
    expect(await store.loginLimits.recentFailures(shop.id, now, 10)).toBe(1);
  });

  it('055: adds `resent` to join codes and alerts, and the dispatcher ticks again', async () => {
    const { db } = await emptyDatabase();
    await ranOldText(db, '055_join_code_resent.c9c3154.sql');
    expect(await migrate(db)).toContain(59);
    expect(await schemaOf(db)).toEqual(await latestSchema());
    const store = createStore(db);
    await createShop(store);
    const { dispatcher } = testDispatcher(store);
    await expect(dispatcher.tick(Date.now())).resolves.toMatchObject({ sent: 0 });
  });

  it('changes nothing in a database that ran the final texts', async () => {
    const { db } = await emptyDatabase();
    await migrate(db, 58);
    await run(db, `INSERT INTO shops (id, slug, name, timezone, country, locale, api_key_hash, webhook_secret, created_at) VALUES (1, 'x', 'X', 'Europe/Amsterdam', 'NL', 'nl', 'h', 'w', 0)`);
    await run(db, 'INSERT INTO customers (id, shop_id, details_at, created_at) VALUES (1, 1, 0, 0)');
    await run(db, `INSERT INTO sales (id, shop_id, till_sale_id, customer_id, occurred_at, fingerprint, response, received_at) VALUES (1, 1, 'a', 1, 0, 'f', '{}', 0)`);
    // Sent by an instance of the release before 043 in a rolling deploy, after 043 ran: it has no sender, and keeps none.
    const later = Date.now() + 1000;
    await run(db, `INSERT INTO messages (id, shop_id, customer_id, sale_id, kind, channel, key, status, due_at, next_attempt_at, recipient, sent_at, created_at)
      VALUES (1, 1, 1, 1, 'checkin', 'sms', 'k', 'sent', 0, 0, '+31613572468', ?, ?)`, later, later);
    await run(db, 'INSERT INTO login_failures (shop_id, at) VALUES (1, 5)');
    const before = await schemaOf(db);
    expect(await migrate(db, 59)).toEqual([59]);
    expect(await schemaOf(db)).toEqual(before);
    expect(await all(db, 'SELECT id, sender FROM messages')).toEqual([{ id: 1, sender: null }]);
    expect(await all(db, 'SELECT shop_id, at FROM login_failures')).toEqual([{ shop_id: 1, at: 5 }]);
  });
});

describe("the migrator refuses to start on a migration changed after it ran", () => {
  const FILE = '055_join_code_resent.sql';

  /** A database migrated to the latest version whose row for 55 holds the checksum of `ran`, as if that text had run. */
  async function ranText(ran: string) {
    const { db, where } = await emptyDatabase();
    await migrate(db);
    await run(db, 'UPDATE schema_migrations SET checksum = ? WHERE version = 55', migrationChecksum(ran));
    return { db, where };
  }

  it('refuses a file whose statement differs from the text that ran, naming the file and what to do', async () => {
    const text = currentText(FILE);
    const { where } = await ranText(text.replace('attempts = attempts - 1', 'attempts = attempts - 2'));
    const start = openDatabase(where);
    await expect(start).rejects.toBeInstanceOf(ConfigError);
    await expect(start).rejects.toThrow(`migrations/${engine}/${FILE} is not the text this database ran as migration 55`);
    await expect(start).rejects.toThrow('make the change in a new migration');
  });

  it('starts when only a comment or the spacing differs', async () => {
    const text = currentText(FILE);
    const { where } = await ranText(text.replace('-- ', '-- An older comment: ').replace('WHERE status', 'WHERE\n    status'));
    const db = await openDatabase(where);
    onCleanup(() => db.close());
    expect(await value(db, 'SELECT count(*) FROM shops')).toBe(0);
  });

  // The review: white space inside a string literal was made one space, so a changed literal passed for the same.
  it('counts a string literal as it is, and comments and spacing around statements as nothing', () => {
    expect(migrationChecksum("UPDATE t SET a = 'x  y'")).not.toBe(migrationChecksum("UPDATE t SET a = 'x y'"));
    expect(migrationChecksum("UPDATE t SET a = '--x' -- why\r\n  ;")).toBe(migrationChecksum("UPDATE t SET a = '--x' ;"));
  });

  it('keeps the checksums a database from before them lacks at its first start, the repaired files with their final text', async () => {
    const { db, where } = await emptyDatabase();
    await ranOldText(db, '055_join_code_resent.c9c3154.sql');
    await run(db, 'UPDATE schema_migrations SET checksum = NULL');
    const started = await openDatabase(where);
    onCleanup(() => started.close());
    const kept = await all<{ version: number; checksum: string | null }>(started, 'SELECT version, checksum FROM schema_migrations WHERE version IN (12, 55, 59) ORDER BY version');
    expect(kept.map((r) => r.checksum)).toEqual([migrationChecksum(currentText(engine === 'postgres' ? '012_schema.sql' : '012_one_name_for_one_thing.sql')), migrationChecksum(currentText(FILE)), expect.any(String)]);
  });
});
