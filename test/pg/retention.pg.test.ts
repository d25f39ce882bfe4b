// The monthly retention purge on PostgreSQL, where a sale can commit between the purge reading who is stale and it
// taking the shops' locks (READ COMMITTED): a customer who comes back after two years just then keeps their details,
// and their new check-in stands.
import pg from 'pg';
import { expect, it } from 'vitest';
import type { PostgresDb } from '../../src/db/engines/postgres.js';
import { saleBody, scenario } from '../helpers.js';

async function waiters(client: pg.Client): Promise<number> {
  const r = await client.query("SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted");
  return r.rows[0].n;
}
async function until(check: () => Promise<boolean>) {
  for (let i = 0; i < 500; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('timed out');
}

it('does not erase a customer whose new sale commits while the purge waits for the shop', async () => {
  const s = await scenario(); // Sanne bought on 14 March 2026
  const db = s.store.db as PostgresDb;
  const shopId = s.shop.shop.id;
  // Two years and a bit later Sanne comes back, at the moment the retention purge runs.
  s.clock.set('2028-05-01T12:00:00+02:00');
  const holder = new pg.Client({ connectionString: db.url });
  await holder.connect();
  try {
    // Another writer of the shop (any sale under way) holds the shop's lock for a moment.
    await holder.query('SELECT pg_advisory_lock(1, $1)', [shopId]);
    const sale = s.post(saleBody({ id: 'back-again', occurredAt: '2028-05-01T11:55:00+02:00' }));
    await until(async () => (await waiters(holder)) === 1);
    const purge = s.store.privacy.purge(Date.parse('2026-05-01T00:00:00+02:00'), s.clock.now());
    await until(async () => (await waiters(holder)) === 2);
    await holder.query('SELECT pg_advisory_unlock(1, $1)', [shopId]);
    const posted = await sale;
    expect(posted.status).toBe(201);
    await purge;
  } finally {
    await holder.end();
  }
  // Sanne bought today: she is not stale, her details stay and her check-in for tomorrow is planned.
  expect(await s.one("SELECT name, CASE WHEN erased_at IS NULL THEN 0 ELSE 1 END AS erased FROM customers WHERE id = ?", s.sale.customerId)).toEqual({
    name: 'Sanne de Vries',
    erased: 0,
  });
  expect(
    await s.one("SELECT m.status, m.error FROM messages m JOIN sales x ON x.id = m.sale_id WHERE x.till_sale_id = 'back-again' AND m.kind = 'checkin'"),
  ).toEqual({ status: 'scheduled', error: null });
});
