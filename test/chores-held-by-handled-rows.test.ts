// The chore that lets go what handled replies held (chores.letGoHandled), row by row: what the retention purge keeps
// held for a later batch stays held, and each row is let go as of its own same person (its review, frv45b).
import { describe, expect, it } from 'vitest';
import { run, saleBody } from './helpers.js';
import { comeback, household, purgedPartway, says, textsHome } from './household.js';

describe('letting go what handled replies held, row by row', () => {
  // As test/privacy-held-elsewhere.test.ts "lets go nothing of a row it purges too, in a later batch": the purge has
  // done Anna's batch, not yet Bert's (another instance's purge under way, the operator's `customer purge`, a batch
  // that failed). Any instance's hourly chore, in between, lets Bert's invitation of March 2026 go.
  it('leaves held, between the purge batches, an invitation the purge keeps for its later batch', async () => {
    const s = await household();
    const reply = await purgedPartway(s);
    // Another instance's hour (its own purge found the lock taken), a minute later.
    s.clock.set('2028-05-01T12:01:00+02:00');
    // (The server passes its RETENTION_MONTHS' cut-off, as the purge's: here 12 months.)
    const done = await s.store.chores.letGoHandled(s.clock.now(), Date.parse('2027-05-01T12:01:00+02:00'));
    const before = s.sms.sent.length;
    await s.tick('2028-05-01T12:05:00+02:00');
    // Nothing let go, nothing sent; the purge's next batch cancels it ('erased').
    expect({ done, sent: textsHome(s, before), comeback: await comeback(s) }).toMatchObject({
      done: { letGo: 0 }, sent: [], comeback: { status: 'scheduled', heldBy: reply },
    });
  });

  // Her reply holds the invitations of two rows that are not each other's same person: Bert on her number, Carla on
  // her address. Carla's own question (after Anna's) is open. The chore releases with min(customer_id): Bert's side
  // alone looks for other open words; Carla's invitation goes while her question waits for the owner.
  it("leaves held by her own open question the invitation of a row of another same person than the smallest id's", async () => {
    const s = await household();
    await s.post(saleBody({ id: 'carla-0', occurredAt: '2026-03-14T15:35:00+01:00', reason: null, items: [{ name: 'Slot' }], customer: { name: 'Carla', posCustomerId: 'C1', email: 'carla@example.com', consent: { email: true } } }));
    await s.post(saleBody({ id: 'carla-1', occurredAt: '2026-03-14T15:40:00+01:00', reason: null, items: [{ name: 'Slot' }], customer: { name: 'Carla', posCustomerId: 'C1', email: 'anna@example.com', consent: { email: true } } }));
    const carla = (await s.one<{ id: number }>("SELECT id FROM customers WHERE pos_customer_id = 'C1'")).id;
    const carlas = "SELECT status, held_by AS heldBy FROM messages WHERE kind = 'comeback' AND sale_id = (SELECT id FROM sales WHERE till_sale_id = 'carla-1')";
    const hers = await says(s, s.anna, 'Hoe lang gaat de accu mee?', '2026-04-10T09:00:00+02:00');
    const own = await says(s, carla, 'Kan het slot ook zwart?', '2026-04-11T09:00:00+02:00');
    expect(carla).not.toBe(s.anna);
    expect(carla).toBeGreaterThan(s.bert);
    expect(await s.one(carlas)).toMatchObject({ status: 'scheduled', heldBy: hers });
    // Anna erased the old way (before 5ce3b45).
    const t = Date.parse('2026-04-20T12:00:00+02:00');
    await run(s.store.db, "UPDATE messages SET status = 'cancelled', error = 'erased' WHERE customer_id = ? AND status = 'scheduled'", s.anna);
    await run(s.store.db, 'UPDATE replies SET body = NULL, handled_at = coalesce(handled_at, ?) WHERE customer_id = ?', t, s.anna);
    await run(s.store.db, 'UPDATE customers SET name = NULL, phone = NULL, email = NULL, erased_at = ? WHERE id = ?', t, s.anna);
    s.clock.set('2026-04-20T13:00:00+02:00');
    const done = await s.store.chores.letGoHandled(s.clock.now());
    // Carla's still held, by her own open question.
    expect({ done, carla: await s.one(carlas) }).toMatchObject({ carla: { status: 'scheduled', heldBy: own } });
  });
});
