// Upgrading a database that holds data: each migration on top of the ones before it, as an installation meets them.
// SQLite has met twelve of them; PostgreSQL starts at 12, one file with the whole schema, migrated by instances that
// may start together.
import { createHash } from 'node:crypto';
import { copyFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openPostgres } from '../../src/db/engines/postgres.js';
import { openSqlite } from '../../src/db/engines/sqlite.js';
import { type Database, migrate, newestMigration, openDatabase } from '../../src/db/open.js';
import { createStore } from '../../src/db/store.js';
import { readSale } from '../../src/http/sale-schema.js';
import { all, createShop, engine, migrateOlder, onCleanup, postSale, run, saleBody, startApp, tempDir, testClock, testDispatcher, value } from '../helpers.js';
import { cliRunner } from '../cli-run.js';
import { freshDatabase } from '../pg/cluster.js';

/** A database closed when the test ends. */
function closing<D extends Database>(db: D): D {
  onCleanup(() => db.close());
  return db;
}

// Upgrades of SQLite databases from their earlier versions: PostgreSQL has no earlier version to upgrade from. They
// open SQLite files of their own whatever the engine under test, so the SQLite run is where they run.
describe.skipIf(engine === 'postgres')('migration 7: readings and reasons', () => {
  it('turns the English sentences in error into codes, keeps provider words apart, and holds invitations for unread replies', async () => {
    const db = closing(openSqlite(':memory:'));
    await migrate(db, 6);
    await db.exec(`INSERT INTO shops (id, slug, name, timezone, country, locale, api_key_hash, webhook_secret, created_at)
        VALUES (1, 's', 'S', 'Europe/Amsterdam', 'NL', 'nl', 'h', 'w', 0);
      INSERT INTO customers (id, shop_id, details_at, created_at) VALUES (1, 1, 0, 0), (2, 1, 0, 0);
      INSERT INTO sales (id, shop_id, till_sale_id, customer_id, occurred_at, fingerprint, answer, received_at) VALUES (1, 1, 'a', 1, 0, 'f', '{}', 0), (2, 1, 'b', 2, 0, 'g', '{}', 0);
      INSERT INTO replies (id, shop_id, customer_id, sale_id, channel, body, class, received_at) VALUES (1, 1, 1, 1, 'sms', 'hmm', 'other', 5);`);
    const errors = [
      'bought again', 'more than 48 hours late', 'the sale was voided', 'consent withdrawn', 'the customer opted out (sms keyword)',
      'the dispatcher stopped while sending: check before resending', "Twilio 21211: The 'To' number +31600000000 is not a valid phone number.",
      'SMTP 550: 5.1.1 No such user', 'ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:25', 'Twilio 503: Service unavailable', 'Twilio 30003',
    ];
    for (const [i, e] of errors.entries()) {
      await run(db, `INSERT INTO messages (shop_id, customer_id, sale_id, kind, channel, key, status, due_at, next_attempt_at, error, created_at)
        VALUES (1, 1, 1, 'checkin', 'sms', ?, 'failed', 0, 0, ?, 0)`, `k${i}`, e);
    }
    await db.exec(`INSERT INTO messages (shop_id, customer_id, sale_id, kind, channel, key, due_at, next_attempt_at, created_at)
      VALUES (1, 1, 1, 'comeback', 'sms', 'c1', 9, 9, 0), (1, 2, 2, 'comeback', 'sms', 'c2', 9, 9, 0)`);

    expect(await migrate(db)).toContain(7);
    expect(await all(db, "SELECT error, error_detail AS detail FROM messages WHERE kind = 'checkin' ORDER BY id")).toEqual([
      { error: 'bought_again', detail: null },
      { error: 'expired', detail: null },
      { error: 'voided', detail: null },
      { error: 'consent_withdrawn', detail: null },
      { error: 'opted_out_keyword', detail: null },
      { error: 'interrupted', detail: null },
      { error: 'invalid_number', detail: errors[6] },
      { error: 'mailbox_unknown', detail: errors[7] },
      { error: 'unreachable', detail: errors[8] },
      { error: 'provider_error', detail: errors[9] },
      { error: 'undelivered', detail: errors[10] },
    ]);
    // Customer 1 wrote words nobody read yet: the invitation waits for the owner. Customer 2 wrote nothing.
    expect(await all(db, "SELECT customer_id, held_by FROM messages WHERE kind = 'comeback' ORDER BY customer_id")).toEqual([
      { customer_id: 1, held_by: 1 },
      { customer_id: 2, held_by: null },
    ]);
    expect(await all(db, 'SELECT class, read_as FROM replies')).toEqual([{ class: 'other', read_as: 'other' }]);
  });
});

describe.skipIf(engine === 'postgres')('migration 11: privacy and counters', () => {
  it('keys the fingerprints already stored, so the sales they belong to are still recognised when posted again', async () => {
    const dir = tempDir();
    const db = closing(openSqlite(join(dir, 'nextdeal.db')));
    await migrate(db, 10);
    const shop = { slug: 'x', name: 'X', timezone: 'Europe/Amsterdam', country: 'NL', locale: 'nl' };
    await run(db, `INSERT INTO shops (id, slug, name, timezone, country, locale, api_key_hash, webhook_secret, created_at) VALUES (1, 'x', 'X', 'Europe/Amsterdam', 'NL', 'nl', 'h', 'w', 0)`);
    const read = readSale(saleBody(), 'NL', Date.parse('2026-03-14T16:00:00+01:00'));
    if (!read.ok) throw new Error('not a sale');
    // The fingerprint as stored before: sha256 of the sale in canonical JSON, without its status.
    const canonical = (v: unknown): unknown =>
      v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical((v as Record<string, unknown>)[k])])) : Array.isArray(v) ? v.map(canonical) : v;
    const { status: _, ...withoutStatus } = read.sale;
    const legacy = createHash('sha256').update(JSON.stringify(canonical(withoutStatus))).digest('hex');
    await run(db, `INSERT INTO sales (shop_id, till_sale_id, occurred_at, fingerprint, answer, received_at) VALUES (1, 'sale-1', 0, ?, '{"saleId":1}', 0)`, legacy);
    await run(db, `INSERT INTO customers (id, shop_id, details_at, created_at) VALUES (1, 1, 0, 0)`);
    await run(db, `INSERT INTO messages (shop_id, customer_id, sale_id, kind, channel, key, status, due_at, next_attempt_at, content, created_at)
      VALUES (1, 1, 1, 'checkin', 'email', 'k', 'sent', 0, 0, 'Hoe bevalt het?\n\nhttps://deals.example.nl/r/AbCdEfGhIjKlMnOpQrStUvWx en https://deals.example.nl/u/AbCdEfGhIjKlMnOpQrStUvWx', 0)`);

    expect(await migrate(db)).toContain(11);
    expect(await value(db, 'SELECT fingerprint FROM sales')).not.toBe(legacy);
    expect(await value(db, 'SELECT content FROM messages')).toBe('Hoe bevalt het?\n\nhttps://deals.example.nl/r/… en https://deals.example.nl/u/…');
    const store = createStore(db);
    expect((await store.sales.record((await store.shops.bySlug(shop.slug))!, read.sale, Date.now())).outcome).toBe('repeat');
  });
});

describe.skipIf(engine === 'postgres')('migration 23: channel health keeps codes only', () => {
  it("clears a channel's last failure in the provider's words, which could quote a customer's address", async () => {
    const db = closing(openSqlite(join(tempDir(), 'nextdeal.db')));
    await migrate(db, 22);
    await run(db, `INSERT INTO channel_health (channel, failures, last_error, changed_at)
      VALUES ('email', 2, 'SMTP 450: 450 4.2.0 <sanne@example.com>: Recipient address rejected: Greylisted', 0)`);
    expect(await migrate(db)).toContain(23);
    expect(await all(db, 'SELECT channel, failures, last_error FROM channel_health')).toEqual([{ channel: 'email', failures: 2, last_error: null }]);
  });
});

describe.skipIf(engine === 'postgres')('migration 24: an opt-out kept before stops every row with that number or address', () => {
  it('opts out the other rows of the shop with the number, as of the first opt-out, and cancels what waited for them', async () => {
    const db = closing(openSqlite(join(tempDir(), 'nextdeal.db')));
    await migrate(db, 23);
    await run(db, `INSERT INTO shops (id, slug, name, timezone, country, locale, api_key_hash, webhook_secret, created_at) VALUES (1, 'x', 'X', 'Europe/Amsterdam', 'NL', 'nl', 'h', 'w', 0), (2, 'y', 'Y', 'Europe/Amsterdam', 'NL', 'nl', 'h2', 'w2', 0)`);
    // Sanne texted STOP on row 1; row 2 is her number again (her daughter's sale); row 3 the same number at another shop.
    await run(db, `INSERT INTO customers (id, shop_id, phone, email, sms_consent, email_consent, sms_opted_out_at, details_at, created_at) VALUES
      (1, 1, '+31613572468', 'sanne@example.com', 1, 1, 5000, 0, 0), (2, 1, '+31613572468', 'dochter@example.com', 1, 1, NULL, 0, 0),
      (3, 2, '+31613572468', NULL, 1, 0, NULL, 0, 0)`);
    await run(db, `INSERT INTO consent_events (shop_id, customer_id, channel, given, source, at) VALUES (1, 1, 'sms', 0, 'sms_keyword', 5000)`);
    await run(db, `INSERT INTO sales (id, shop_id, till_sale_id, customer_id, occurred_at, fingerprint, response, received_at) VALUES
      (1, 1, 's1', 2, 0, 'f', '{}', 0), (2, 2, 's2', 3, 0, 'g', '{}', 0)`);
    await run(db, `INSERT INTO messages (shop_id, customer_id, sale_id, kind, channel, key, status, due_at, next_attempt_at, created_at) VALUES
      (1, 2, 1, 'comeback', 'sms', 'a', 'scheduled', 9000, 9000, 0), (1, 2, 1, 'checkin', 'email', 'b', 'scheduled', 9000, 9000, 0),
      (2, 3, 2, 'comeback', 'sms', 'c', 'scheduled', 9000, 9000, 0)`);
    expect(await migrate(db)).toContain(24);
    expect(await all(db, 'SELECT id, sms_opted_out_at, email_opted_out_at FROM customers ORDER BY id')).toEqual([
      { id: 1, sms_opted_out_at: 5000, email_opted_out_at: null },
      { id: 2, sms_opted_out_at: 5000, email_opted_out_at: null },
      { id: 3, sms_opted_out_at: null, email_opted_out_at: null },
    ]);
    expect(await all(db, 'SELECT key, status, error FROM messages ORDER BY key')).toEqual([
      { key: 'a', status: 'cancelled', error: 'opted_out' },
      { key: 'b', status: 'scheduled', error: null },
      { key: 'c', status: 'scheduled', error: null },
    ]);
    expect(await all(db, 'SELECT customer_id, channel, given, source, at FROM consent_events ORDER BY id')).toEqual([
      { customer_id: 1, channel: 'sms', given: 0, source: 'sms_keyword', at: 5000 },
      { customer_id: 2, channel: 'sms', given: 0, source: 'sms_keyword', at: 5000 },
    ]);
  });
});

describe.skipIf(engine === 'postgres')('migration 28: refunds of part of a sale', () => {
  it('keeps a refund or void that came before its sale, for the sale when it comes', async () => {
    const db = closing(openSqlite(join(tempDir(), 'nextdeal.db')));
    await migrate(db, 27);
    await run(db, `INSERT INTO shops (id, slug, name, timezone, country, locale, api_key_hash, webhook_secret, created_at) VALUES (1, 'x', 'X', 'Europe/Amsterdam', 'NL', 'nl', 'h', 'w', 0)`);
    await run(db, `INSERT INTO early_refunds (shop_id, till_sale_id, status, received_at) VALUES (1, 'square:p1', 'refunded', 5000), (1, 'zettle:p2', 'voided', 6000)`);
    expect(await migrate(db)).toContain(28);
    expect(await all(db, 'SELECT * FROM refunds ORDER BY till_sale_id')).toEqual([
      { shop_id: 1, till_sale_id: 'square:p1', refund_id: '', status: 'refunded', amount: null, currency: null, received_at: 5000 },
      { shop_id: 1, till_sale_id: 'zettle:p2', refund_id: '', status: 'voided', amount: null, currency: null, received_at: 6000 },
    ]);
    // kept for the previous release's instances (a rolling deploy), marked as already in refunds
    expect(await all(db, 'SELECT till_sale_id, mirrored FROM early_refunds ORDER BY till_sale_id')).toEqual([
      { till_sale_id: 'square:p1', mirrored: 1 },
      { till_sale_id: 'zettle:p2', mirrored: 1 },
    ]);
  });
});

describe.skipIf(engine === 'sqlite')('PostgreSQL: from an empty database to the latest version', () => {
  const versionsIn = (engine: string) =>
    readdirSync(new URL(`../../migrations/${engine}/`, import.meta.url))
      .filter((f) => /^\d+_.+\.sql$/.test(f))
      .map((f) => Number.parseInt(f, 10))
      .sort((a, b) => a - b);
  const versions = versionsIn('postgres');
  const applied = (db: Database) => all<{ version: number }>(db, 'SELECT version FROM schema_migrations ORDER BY version').then((rows) => rows.map((r) => r.version));

  /**
   * Each table and view with its columns in order: on SQLite after all of its migrations, on PostgreSQL after its own.
   * SQLite's search index (customer_search and its FTS5 tables, migrations/sqlite/016) is PostgreSQL's pg_trgm indexes.
   */
  async function schemaOf(db: Database): Promise<Record<string, string[]>> {
    const columns =
      db.engine === 'sqlite'
        ? await all<{ tbl: string; col: string }>(db, `SELECT s.name AS tbl, c.name AS col FROM sqlite_schema s, pragma_table_info(s.name) c
            WHERE s.type IN ('table', 'view') AND s.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND s.name NOT LIKE 'customer\\_search%' ESCAPE '\\'
            ORDER BY s.name, c.cid`)
        : await all<{ tbl: string; col: string }>(db, `SELECT table_name AS tbl, column_name AS col FROM information_schema.columns
            WHERE table_schema = 'public' ORDER BY table_name, ordinal_position`);
    const schema: Record<string, string[]> = {};
    for (const { tbl, col } of columns) (schema[tbl] ??= []).push(col);
    return schema;
  }

  it('migrates a fresh database to the version SQLite reaches, with the same tables and columns; run again, it applies nothing', async () => {
    // PostgreSQL starts at 12 (the schema SQLite reached by 12), and later migrations come in both folders.
    expect(versions[0]).toBe(12);
    expect(versions.filter((v) => v > 12)).toEqual(versionsIn('sqlite').filter((v) => v > 12));
    const db = closing(openPostgres(await freshDatabase()));
    expect(await migrate(db)).toEqual(versions);
    expect(await applied(db)).toEqual(versions);
    const sqlite = closing(openSqlite(':memory:'));
    await migrate(sqlite);
    expect(await schemaOf(db)).toEqual(await schemaOf(sqlite));

    expect(await migrate(db)).toEqual([]);
    expect(await applied(db)).toEqual(versions);
  });

  // In a rolling deploy a long query of the running instances may hold a table a migration changes. Before, the
  // migration waited for it without end, and every sale and claim queued behind the migration (operator-side review).
  it('gives up a migration, changing nothing, when a table it needs stays held; and applies it once free', async () => {
    const url = await freshDatabase();
    const db = closing(openPostgres(url));
    await migrate(db, 31);
    const holder = new pg.Client({ connectionString: url });
    await holder.connect();
    onCleanup(() => holder.end());
    await holder.query('BEGIN');
    await holder.query('LOCK TABLE join_confirmations IN ROW EXCLUSIVE MODE'); // a writer, as a join page's request is
    await expect(migrate(db, Infinity, '200ms')).rejects.toMatchObject({ code: '55P03' });
    expect(await applied(db)).toEqual(versions.filter((v) => v <= 31));
    await holder.query('COMMIT');
    expect(await migrate(db, Infinity, '200ms')).toEqual(versions.filter((v) => v > 31));
  });

  it('applies each migration once when two instances start at the same moment, and both start', async () => {
    const url = await freshDatabase();
    const [a, b] = [closing(openPostgres(url)), closing(openPostgres(url))];
    const [first, second] = await Promise.all([migrate(a), migrate(b)]);
    expect([...first, ...second].sort((x, y) => x - y)).toEqual(versions);
    expect(await applied(a)).toEqual(versions);
    // Both can work on the schema now.
    for (const db of [a, b]) expect(await value(db, 'SELECT count(*) FROM shops')).toBe(0);
  });
});

// Found with the fix of replies to a shop that moved to a number of its own: the SMS sent before the upgrade must keep
// a number too, or their answers reach nobody once the shop moves after it (the review of 4 December).
describe('migration 43: the number an SMS went from', () => {
  it('gives the SMS kept before it the number their shop texts from, and nothing to an e-mail or an erased SMS', async () => {
    const db = closing(engine === 'postgres' ? openPostgres(await freshDatabase()) : openSqlite(join(tempDir(), 'nextdeal.db')));
    await migrate(db, 42);
    await run(db, `INSERT INTO shops (id, slug, name, timezone, country, locale, api_key_hash, webhook_secret, sms_from, created_at)
      VALUES (1, 'x', 'X', 'Europe/Amsterdam', 'NL', 'nl', 'h', 'w', NULL, 0), (2, 'y', 'Y', 'Europe/Amsterdam', 'NL', 'nl', 'i', 'v', '+3197014204768', 0)`);
    await run(db, 'INSERT INTO customers (id, shop_id, details_at, created_at) VALUES (1, 1, 0, 0), (2, 2, 0, 0)');
    await run(db, `INSERT INTO sales (id, shop_id, till_sale_id, customer_id, occurred_at, fingerprint, response, received_at)
      VALUES (1, 1, 'a', 1, 0, 'f', '{}', 0), (2, 2, 'b', 2, 0, 'g', '{}', 0)`);
    const message = (id: number, shop: number, channel: string, recipient: string | null, sentAt = Date.now() - 86_400_000) =>
      run(db, `INSERT INTO messages (id, shop_id, customer_id, sale_id, kind, channel, key, status, due_at, next_attempt_at, recipient, sent_at, created_at)
        VALUES (?, ?, ?, ?, 'checkin', ?, ?, 'sent', 0, 0, ?, ?, ?)`, id, shop, shop, shop, channel, `k${id}`, recipient, sentAt, sentAt);
    await message(1, 1, 'sms', '+31613572468');
    await message(2, 2, 'sms', '+31613572468');
    await message(3, 1, 'email', 'sanne@example.com');
    await message(4, 2, 'sms', null); // erased
    await message(5, 2, 'sms', '+31613572468', Date.now() - 100 * 86_400_000); // older than 90 days: matched as before
    expect(await migrate(db, 43)).toEqual([43]);
    expect(await all(db, 'SELECT id, sender FROM messages ORDER BY id')).toEqual([
      { id: 1, sender: '' }, { id: 2, sender: '+3197014204768' }, { id: 3, sender: null }, { id: 4, sender: null }, { id: 5, sender: null },
    ]);
  });
});

// A join code a crash cut off stayed in doubt for good before migration 55, and the customer could not join for a day.
describe('migration 55: join codes a crash cut off', () => {
  it('sends again those never handed over (no code kept yet) in the last hour, and leaves in doubt one that may have gone, and the others', async () => {
    const db = closing(engine === 'postgres' ? openPostgres(await freshDatabase()) : openSqlite(join(tempDir(), 'nextdeal.db')));
    await migrate(db, 54);
    await run(db, `INSERT INTO shops (id, slug, name, timezone, country, locale, api_key_hash, webhook_secret, created_at)
      VALUES (1, 'x', 'X', 'Europe/Amsterdam', 'NL', 'nl', 'h', 'w', 0)`);
    // Migrations run at the real time: "now" is the machine's clock.
    const now = Date.now();
    const [created, claimed] = [now - 20 * 60_000, now - 15 * 60_000];
    const request = (id: number, status: string, error: string | null, codeHash: string | null, at = claimed) =>
      run(db, `INSERT INTO join_confirmations (id, shop_id, channel, destination, locale, created_at, expires_at, status, next_attempt_at, attempts, claimed_at, error, code_hash)
        VALUES (?, 1, 'sms', ?, 'nl', ?, ?, ?, ?, 1, ?, ?, ?)`, id, `+3161234567${id}`, created, created + 86_400_000, status, created, at, error, codeHash);
    await request(1, 'uncertain', 'interrupted', null); // cut off before its code was kept: never handed over
    await request(2, 'uncertain', 'interrupted', 'a'.repeat(64)); // cut off after: perhaps it went, with a code nobody knows
    await request(3, 'uncertain', 'in_doubt', null); // Twilio took it and never answered
    await request(4, 'sent', null, 'b'.repeat(64));
    await request(5, 'uncertain', 'interrupted', null, now - 2 * 3_600_000); // never handed over, but two hours ago: too late to be of use
    expect(await migrate(db, 55)).toEqual([55]);
    expect(await all(db, 'SELECT id, status, attempts, error, next_attempt_at AS due, secret, handed_over, resent FROM join_confirmations ORDER BY id')).toEqual([
      { id: 1, status: 'scheduled', attempts: 0, error: null, due: claimed, secret: null, handed_over: 0, resent: 0 },
      { id: 2, status: 'uncertain', attempts: 1, error: 'interrupted', due: created, secret: null, handed_over: 0, resent: 0 },
      { id: 3, status: 'uncertain', attempts: 1, error: 'in_doubt', due: created, secret: null, handed_over: 0, resent: 0 },
      { id: 4, status: 'sent', attempts: 1, error: null, due: created, secret: null, handed_over: 0, resent: 0 },
      { id: 5, status: 'uncertain', attempts: 1, error: 'interrupted', due: created, secret: null, handed_over: 0, resent: 0 },
    ]);
  });
});

// The review of 5 December (the shop that upgrades): before 3 December `customer consent --sms no` kept the owner's
// "no" only as consent withdrawn (src/cli/privacy.ts called customers.setConsent(…, false, 'owner', …)), and after the
// upgrade the till's next sale with consent gave it back: the customer was texted.
describe("migration 63: an owner's \"no\" recorded before it was an opt-out", () => {
  it('stops the till giving consent back, as today\'s "no" does; a later yes from the customer still wins', async () => {
    const db = closing(engine === 'postgres' ? openPostgres(await freshDatabase()) : openSqlite(join(tempDir(), 'nextdeal.db')));
    await migrateOlder(db, 62);
    const store = createStore(db);
    const clock = testClock('2026-03-14T15:31:00+01:00');
    const shop = await createShop(store);
    const base = await startApp(store, clock.now);
    const buy = async (id: string, at: string, customer: Record<string, unknown>) => {
      clock.set(at);
      return (await postSale(base, 'fietsenmaker', shop.webhookSecret, saleBody({ id, occurredAt: at, customer }), clock.now())).body;
    };
    const sanne = { name: 'Sanne', phone: '06 13572468', email: 'sanne@example.com', consent: { sms: true, email: true } };
    const daan = { name: 'Daan', phone: '06 87654321', consent: { sms: true } };
    const eva = { name: 'Eva', phone: '06 11112222', consent: { sms: true } };
    const ids: number[] = [];
    for (const [i, c] of [sanne, daan, eva].entries()) ids.push((await buy(`a${i}`, '2026-03-14T15:30:00+01:00', c)).customerId);
    const [sanneId, daanId, evaId] = ids as [number, number, number];
    // The owner's "no" as the release before 3 December recorded it.
    const at = (iso: string) => Date.parse(iso);
    for (const id of ids) await store.customers.setConsent(id, 'sms', false, 'owner', at('2026-03-14T16:00:00+01:00'));
    await store.customers.setConsent(sanneId, 'email', false, 'owner', at('2026-03-14T16:00:00+01:00'));
    // Daan texted START afterwards; Eva's next sale came with the till's consent ticked (which gave it back then).
    await store.customers.optIn(daanId, 'sms', 'sms_keyword', at('2026-03-14T17:00:00+01:00'));
    await buy('e2', '2026-03-14T18:00:00+01:00', eva);
    expect(await value(db, "SELECT count(*) FROM messages WHERE customer_id = ? AND status = 'scheduled'", evaId)).not.toBe(0);

    expect(await migrate(db)).toContain(63);
    const optedOut = await all(db, 'SELECT id, sms_opted_out_at AS sms, email_opted_out_at AS email FROM customers ORDER BY id');
    expect(optedOut).toEqual([
      { id: sanneId, sms: at('2026-03-14T16:00:00+01:00'), email: at('2026-03-14T16:00:00+01:00') },
      { id: daanId, sms: null, email: null },
      { id: evaId, sms: at('2026-03-14T16:00:00+01:00'), email: null },
    ]);
    // What waited for Eva is cancelled as an opt-out cancels it.
    expect(await all(db, "SELECT DISTINCT m.status, m.error FROM messages m JOIN sales s ON s.id = m.sale_id WHERE s.till_sale_id = 'e2'"))
      .toEqual([{ status: 'cancelled', error: 'opted_out' }]);

    // The till's next sales, with consent: nothing for Sanne and Eva, Daan's check-in as usual.
    const skipped = [{ kind: 'checkin', reason: 'opted_out' }, { kind: 'comeback', reason: 'opted_out' }];
    expect((await buy('b0', '2026-04-20T11:00:00+02:00', sanne)).skipped).toEqual(skipped);
    expect((await buy('b2', '2026-04-20T11:01:00+02:00', eva)).skipped).toEqual(skipped);
    expect((await buy('b1', '2026-04-20T11:02:00+02:00', daan)).scheduled).toContainEqual(expect.objectContaining({ kind: 'checkin' }));
    const { dispatcher, sms, email } = testDispatcher(store);
    for (const day of ['2026-03-15', '2026-04-21', '2026-06-30']) await dispatcher.tick(Date.parse(`${day}T10:00:00+02:00`));
    expect(sms.sent.map((m) => m.to)).toEqual(['+31687654321']);
    expect(email.sent).toEqual([]);
  });
});

// The review of 5 December (the shop that upgrades): the release before, started again on the database an upgrade had
// migrated, took sales and sent messages with rules it did not know (a shop that left texted its customers).
describe('a database a newer release upgraded', () => {
  it('is refused by the server and the commands, naming its newest migration and what to do; one this release upgraded opens', async () => {
    const dir = tempDir();
    const env: Record<string, string> = engine === 'postgres' ? { DATABASE_URL: await freshDatabase() } : { DATABASE_PATH: join(dir, 'nextdeal.db') };
    const opened = () => openDatabase({ url: env.DATABASE_URL, path: env.DATABASE_PATH ?? '' });
    await (await opened()).close();
    const db = await opened(); // the migrations this release applied are its own
    const ours = newestMigration(db.engine);
    const next = `${String(ours + 1).padStart(3, '0')}_later.sql`;
    if (env.DATABASE_PATH) copyFileSync(env.DATABASE_PATH, join(dir, 'before-upgrade.db'));
    await run(db, 'INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', ours + 1, next, Date.now());
    await db.close();

    const refusal = (name: string) => `nextdeal cannot start: this database was upgraded by a newer release of nextdeal (it holds migration ${name}, ` +
      `which this release does not know; it knows those up to ${String(ours).padStart(3, '0')}). Run the release that upgraded it (or a newer one), or restore the backup taken ` +
      'before the upgrade (nextdeal restore <file>; on PostgreSQL pg_restore, then nextdeal restore --after-pg-restore): what came in since the upgrade is then gone.';
    await expect(opened()).rejects.toThrow(refusal(next));
    const cli = cliRunner({ ...env, OUTBOX_DIR: join(dir, 'outbox') });
    // A command says it cannot open the database, not that it cannot start (0c8f916).
    const commands = `${refusal(next).replace('nextdeal cannot start:', 'nextdeal cannot open the database:')}\n`;
    expect(await cli('shop list')).toEqual({ code: 1, out: '', err: commands });
    expect(await cli('dispatch')).toEqual({ code: 1, out: '', err: commands });
    if (engine === 'postgres') return;
    // The way back it names: the backup from before the upgrade, restored by this release.
    expect((await cli(`restore ${join(dir, 'before-upgrade.db')} --yes`)).code).toBe(0);
    expect(await cli('shop list')).toMatchObject({ code: 0, err: '' });
  });

  // The review of the fix: a release's numbers need not land in order (two migrations written side by side, the higher
  // one released first). A database holding one numbered below this release's newest that it has no file of was
  // upgraded by a newer release all the same.
  it('is refused when it holds a migration this release has no file of, though numbered below its newest', async () => {
    const db = await openDatabase({ url: engine === 'postgres' ? await freshDatabase() : undefined, path: join(tempDir(), 'nextdeal.db') });
    const ours = new Set(readdirSync(new URL(`../../migrations/${db.engine}/`, import.meta.url)).map((f) => Number.parseInt(f, 10)));
    const gap = [...ours].sort((a, b) => b - a).map((v) => v - 1).find((v) => !ours.has(v) && v > Math.min(...ours))!;
    const name = `${String(gap).padStart(3, '0')}_side_by_side.sql`;
    await run(db, 'INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', gap, name, Date.now());
    await expect(migrate(db)).rejects.toThrow(`it holds migration ${name}, which this release does not know`);
    await db.close();
  });
});

// The review at scale: "zoe" found nothing of Zoë Vos. 076 makes the search ignore accents, for the customers already
// there too: SQLite's index is made anew from them (those its batches had taken in and those they had not yet).
describe('migration 76: the search without accents', () => {
  it('finds the customers already there, written with or without accents, by a search with or without them', async () => {
    const db = closing(engine === 'postgres' ? openPostgres(await freshDatabase()) : openSqlite(join(tempDir(), 'nextdeal.db')));
    await migrateOlder(db, 75);
    const store = createStore(db);
    const { shop } = await createShop(store);
    const add = (name: string, phone: string) =>
      run(db, 'INSERT INTO customers (shop_id, name, phone, sms_consent, email_consent, details_at, created_at) VALUES (?, ?, ?, 1, 0, 0, 0)', shop.id, name, phone);
    await add('Zoë Vos', '+31612345001');
    await add('Chloë Müller', '+31612345002');
    await store.figures.catchUpSearch(); // in the index of 016
    await add('Zoe de Wit', '+31612345003'); // not yet
    const names = async (search: string) => (await store.figures.searchedCustomers(shop.id, search)).map((c) => c.name);
    if (db.engine === 'sqlite') expect(await names('zoe')).toEqual(['Zoe de Wit']); // (this code needs 076 on PostgreSQL)

    expect(await migrate(db)).toContain(76);
    expect(await store.figures.searchIgnoresAccents()).toBe(true);
    expect(await names('zoe')).toEqual(['Zoë Vos', 'Zoe de Wit']);
    expect(await names('ZOË')).toEqual(['Zoë Vos', 'Zoe de Wit']);
    expect(await names('chloe muller')).toEqual(['Chloë Müller']);
    // Kept up as before: a customer after it, and a change of name.
    await add('José Bakker', '+31612345004');
    expect(await names('jose')).toEqual(['José Bakker']);
    await run(db, "UPDATE customers SET name = 'Zoë Jansen' WHERE name = 'Zoë Vos'");
    expect(await names('zoe jans')).toEqual(['Zoë Jansen']);
    expect(await names('vos')).toEqual([]);
    if (db.engine === 'sqlite') {
      expect(await value(db, 'SELECT indexed_to FROM customer_search_state')).toBe(await value(db, 'SELECT max(id) FROM customers'));
      // Merged in small steps, as 021 set (FTS5's own merging off), not FTS5's default again.
      expect(await value(db, "SELECT v FROM customer_search_config WHERE k = 'automerge'")).toBe(0);
    }
  });
});

// A managed PostgreSQL server may not allow the unaccent extension: the upgrade must not fail on it.
describe.skipIf(engine === 'sqlite')('migration 76 on a PostgreSQL server that does not allow unaccent', () => {
  it('upgrades all the same, and searches as before: case ignored, accents not', async () => {
    const url = await freshDatabase();
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    const role = `nd_owner_${Date.now()}_${process.pid}`;
    // A user who may make tables but not extensions (no CREATE on the database), pg_trgm made for it beforehand.
    await admin.query(`CREATE ROLE ${role} LOGIN PASSWORD 'secret-1'; CREATE EXTENSION pg_trgm; GRANT CREATE ON SCHEMA public TO ${role}`);
    await admin.end();
    const db = closing(openPostgres(url.replace(/^(postgres(?:ql)?:\/\/)[^@]*@/, `$1${role}:secret-1@`)));
    expect(await migrate(db)).toContain(76);
    expect(await value(db, "SELECT count(*) FROM pg_extension WHERE extname = 'unaccent'")).toBe(0);
    const store = createStore(db);
    expect(await store.figures.searchIgnoresAccents()).toBe(false);
    const { shop } = await createShop(store);
    await run(db, "INSERT INTO customers (shop_id, name, phone, sms_consent, email_consent, details_at, created_at) VALUES (?, 'Zoë Vos', '+31612345001', 1, 0, 0, 0)", shop.id);
    const names = async (search: string) => (await store.figures.searchedCustomers(shop.id, search)).map((c) => c.name);
    expect(await names('zoë V')).toEqual(['Zoë Vos']);
    expect(await names('zoe')).toEqual([]);
    // The README's way to have it later, once the extension is allowed.
    const later = new pg.Client({ connectionString: url });
    await later.connect();
    await later.query(`CREATE EXTENSION unaccent;
      CREATE OR REPLACE FUNCTION search_folded(text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
        AS $$SELECT public.unaccent('public.unaccent'::regdictionary, $1)$$;
      REINDEX INDEX customers_name_folded_trgm`);
    await later.end();
    expect(await store.figures.searchIgnoresAccents()).toBe(true);
    expect(await names('zoe')).toEqual(['Zoë Vos']);
  });
});
