// Upgrading a database that holds data: each migration on top of the ones before it, as an installation meets them.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../src/db/open.js';
import { createStore } from '../../src/db/store.js';
import { readSale } from '../../src/http/sale-schema.js';
import { saleBody, tempDir } from '../helpers.js';

describe('migration 7: readings and reasons', () => {
  it('turns the English sentences in error into codes, keeps provider words apart, and holds invitations for unread replies', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, 6);
    db.exec(`INSERT INTO shops (id, slug, name, timezone, country, locale, api_key_hash, webhook_secret, created_at)
        VALUES (1, 's', 'S', 'Europe/Amsterdam', 'NL', 'nl', 'h', 'w', 0);
      INSERT INTO customers (id, shop_id, details_at, created_at) VALUES (1, 1, 0, 0), (2, 1, 0, 0);
      INSERT INTO sales (id, shop_id, till_sale_id, customer_id, occurred_at, fingerprint, answer, received_at) VALUES (1, 1, 'a', 1, 0, 'f', '{}', 0), (2, 1, 'b', 2, 0, 'g', '{}', 0);
      INSERT INTO replies (id, shop_id, customer_id, sale_id, channel, body, class, received_at) VALUES (1, 1, 1, 1, 'sms', 'hmm', 'other', 5);`);
    const errors = [
      'bought again', 'more than 48 hours late', 'the sale was voided', 'consent withdrawn', 'the customer opted out (sms keyword)',
      'the dispatcher stopped while sending: check before resending', "Twilio 21211: The 'To' number +31600000000 is not a valid phone number.",
      'SMTP 550: 5.1.1 No such user', 'ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:25', 'Twilio 503: Service unavailable', 'Twilio 30003',
    ];
    const insert = db.prepare(`INSERT INTO messages (shop_id, customer_id, sale_id, kind, channel, key, status, due_at, next_attempt_at, error, created_at)
      VALUES (1, 1, 1, 'checkin', 'sms', ?, 'failed', 0, 0, ?, 0)`);
    errors.forEach((e, i) => insert.run(`k${i}`, e));
    db.exec(`INSERT INTO messages (shop_id, customer_id, sale_id, kind, channel, key, due_at, next_attempt_at, created_at)
      VALUES (1, 1, 1, 'comeback', 'sms', 'c1', 9, 9, 0), (1, 2, 2, 'comeback', 'sms', 'c2', 9, 9, 0)`);

    expect(migrate(db)).toContain(7);
    expect(db.prepare("SELECT error, error_detail AS detail FROM messages WHERE kind = 'checkin' ORDER BY id").all()).toEqual([
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
    expect(db.prepare("SELECT customer_id, held_by FROM messages WHERE kind = 'comeback' ORDER BY customer_id").all()).toEqual([
      { customer_id: 1, held_by: 1 },
      { customer_id: 2, held_by: null },
    ]);
    expect(db.prepare('SELECT class, read_as FROM replies').get()).toEqual({ class: 'other', read_as: 'other' });
  });
});

describe('migration 11: privacy and counters', () => {
  it('keys the fingerprints already stored, so the sales they belong to are still recognised when posted again', async () => {
    const dir = tempDir();
    const db = new Database(join(dir, 'nextdeal.db'));
    migrate(db, 10);
    const shop = { slug: 'x', name: 'X', timezone: 'Europe/Amsterdam', country: 'NL', locale: 'nl' };
    db.prepare(`INSERT INTO shops (id, slug, name, timezone, country, locale, api_key_hash, webhook_secret, created_at) VALUES (1, 'x', 'X', 'Europe/Amsterdam', 'NL', 'nl', 'h', 'w', 0)`).run();
    const read = readSale(saleBody(), 'NL', Date.parse('2026-03-14T16:00:00+01:00'));
    if (!read.ok) throw new Error('not a sale');
    // The fingerprint as stored before: sha256 of the sale in canonical JSON, without its status.
    const canonical = (v: unknown): unknown =>
      v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical((v as Record<string, unknown>)[k])])) : Array.isArray(v) ? v.map(canonical) : v;
    const { status: _, ...withoutStatus } = read.sale;
    const legacy = createHash('sha256').update(JSON.stringify(canonical(withoutStatus))).digest('hex');
    db.prepare(`INSERT INTO sales (shop_id, till_sale_id, occurred_at, fingerprint, answer, received_at) VALUES (1, 'sale-1', 0, ?, '{"saleId":1}', 0)`).run(legacy);
    db.prepare(`INSERT INTO customers (id, shop_id, details_at, created_at) VALUES (1, 1, 0, 0)`).run();
    db.prepare(`INSERT INTO messages (shop_id, customer_id, sale_id, kind, channel, key, status, due_at, next_attempt_at, content, created_at)
      VALUES (1, 1, 1, 'checkin', 'email', 'k', 'sent', 0, 0, 'Hoe bevalt het?\n\nhttps://deals.example.nl/r/AbCdEfGhIjKlMnOpQrStUvWx en https://deals.example.nl/u/AbCdEfGhIjKlMnOpQrStUvWx', 0)`).run();

    expect(migrate(db)).toContain(11);
    expect(db.prepare('SELECT fingerprint FROM sales').pluck().get()).not.toBe(legacy);
    expect(db.prepare("SELECT content FROM messages").pluck().get()).toBe('Hoe bevalt het?\n\nhttps://deals.example.nl/r/… en https://deals.example.nl/u/…');
    const store = createStore(db);
    expect(store.sales.record(store.shops.bySlug(shop.slug)!, read.sale, Date.now()).outcome).toBe('repeat');
    db.close();
  });
});
