// The owner's figures are the same, to the row, whichever engine keeps them: one history written to SQLite and to
// PostgreSQL gives equal summary tables and equal figures; and `nextdeal copy` carries a SQLite installation to
// PostgreSQL whole, after which both go on to agree (new rows get fresh ids, the summaries keep counting).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run as cli } from '../../src/cli.js';
import type { SqliteDb } from '../../src/db/engines/sqlite.js';
import { openDatabase } from '../../src/db/open.js';
import { createStore } from '../../src/db/store.js';
import { readSale } from '../../src/http/sale-schema.js';
import { type TestStore, onCleanup, tempDir, testStore } from '../helpers.js';
import { freshDatabase } from './cluster.js';
import { END, figures, writeHistory } from './history.js';

async function sqliteStore(file = join(tempDir(), 'nextdeal.db')): Promise<TestStore> {
  const db = await openDatabase({ path: file });
  onCleanup(() => db.close());
  return { ...createStore(db), db };
}

async function postgresStore(url?: string): Promise<TestStore> {
  const db = await openDatabase({ url: url ?? (await freshDatabase()), path: '' });
  onCleanup(() => db.close());
  return { ...createStore(db), db };
}

/** One more sale, as a till would post it the day after the history ends. */
async function saleAfter(store: TestStore) {
  const shop = (await store.shops.bySlug('fietsenmaker'))!;
  const read = readSale({ id: 'after-the-copy', occurredAt: new Date(END + 3_600_000).toISOString(), reason: 'cadeau',
    customer: { phone: '+31612345012', consent: { sms: true } }, items: [{ name: 'Bel' }], total: 5, currency: 'EUR' }, 'NL', END + 3_600_000);
  if (!read.ok) throw new Error('bad sale');
  return store.sales.record(shop, read.sale, END + 3_600_000);
}

describe('the same figures on both engines', () => {
  it('one history gives the same summaries and figures on SQLite and on PostgreSQL', async () => {
    const sqlite = await sqliteStore();
    const postgres = await testStore(); // the engine under test: PostgreSQL here
    expect(postgres.db.engine).toBe('postgres');
    await writeHistory(sqlite);
    await writeHistory(postgres);
    const a = await figures(sqlite, END);
    const b = await figures(postgres, END);
    // Not an empty comparison: the history has customers who came back, invitations and replies.
    expect((a['customer_days'] as unknown[]).length).toBeGreaterThan(50);
    expect((a['fietsenmaker/365'] as { invitations: { invited: number } }).invitations.invited).toBeGreaterThan(5);
    expect(b).toEqual(a);
  }, 240_000);

  it('`nextdeal copy` moves a SQLite installation to PostgreSQL: every row, the same figures, and it goes on from there', async () => {
    const file = join(tempDir(), 'shop.db');
    const source = await sqliteStore(file);
    await writeHistory(source);
    const before = await figures(source, END);
    await source.db.close(); // nextdeal stopped, as copy asks (it refuses a database still in use)
    const url = await freshDatabase();
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (s: string) => void out.push(s), err: (s: string) => void err.push(s), env: {}, stdin: () => '', askSecret: async () => '' };
    expect(await cli(['copy', '--from', file, '--to', url], io)).toBe(0);
    expect(out.join('')).toMatch(/^sales: \d+$/m);
    expect(out.join('')).toMatch(/copied \d+ rows in \d+ tables/);

    const copy = await postgresStore(url);
    expect(await figures(copy, END)).toEqual(before);
    // Going on: the next sale gets a fresh id on both, and the summaries count it on both.
    const kept = await sqliteStore(file);
    const [x, y] = [await saleAfter(kept), await saleAfter(copy)];
    expect(y).toEqual(x);
    const after = await figures(kept, END + 86_400_000);
    expect(await figures(copy, END + 86_400_000)).toEqual(after);
    await kept.db.close();

    // A second copy into the same (now used) database is refused, and changes nothing there.
    expect(await cli(['copy', '--from', file, '--to', url], io)).toBe(1);
    expect(err.join('')).toMatch(/nothing was copied: the target database is not empty/);
    expect(await figures(copy, END + 86_400_000)).toEqual(after);
  }, 240_000);

  it('a copy that fails half-way writes nothing', async () => {
    const file = join(tempDir(), 'shop.db');
    const source = await sqliteStore(file);
    await writeHistory(source);
    // A row PostgreSQL refuses (a message whose status breaks its CHECK) stops the copy after other tables went in.
    const native = (source.db as SqliteDb).native;
    native.pragma('ignore_check_constraints = ON');
    native.prepare("UPDATE messages SET status = 'bogus' WHERE id = (SELECT max(id) FROM messages)").run();
    await source.db.close(); // nextdeal stopped, as copy asks
    const url = await freshDatabase();
    const err: string[] = [];
    const io = { out: () => {}, err: (s: string) => void err.push(s), env: {}, stdin: () => '', askSecret: async () => '' };
    expect(await cli(['copy', '--from', file, '--to', url], io)).toBe(1);
    expect(err.join('')).toMatch(/nothing was copied: PostgreSQL says: .*check constraint/);
    const target = await postgresStore(url);
    expect(await target.shops.list()).toEqual([]);
    expect(await figures(target, END)).toMatchObject({ customer_days: [], message_counts: [] });
  }, 240_000);
});
