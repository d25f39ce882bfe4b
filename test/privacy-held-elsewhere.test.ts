// A reply that needs the owner holds the come-back invitation of every row of the same person (the shop's rows with
// her number or her address), and her erasure closes her replies. Before, it closed them and left the invitation of
// another row with her number held by them: handled, wordless replies nobody could act on, so it never went (a
// question's hold never lapses) and the owner's page showed it waiting for nothing. The erasure lets it go as the
// owner's "Afgehandeld" does: a complaint's morning after and its lapse, her other open words that hold it still.
import { describe, expect, it } from 'vitest';
import { keepErasures } from '../src/db/restore.js';
import { saleBody } from './helpers.js';
import { HOME, type Scenario, comeback, heldOnByHis, household, purgedPartway, says, textsHome } from './household.js';

/** Anna's erasure at her request (`customer erase --email`: her row alone, Bert's keeps the number). */
async function eraseAnna(s: Scenario, at: string) {
  s.clock.set(at);
  const rows = await s.store.privacy.matching(s.shop.shop.id, { email: 'anna@example.com' });
  expect(await s.store.privacy.erase(rows, 'request', s.clock.now())).toMatchObject({ customers: 1, replies: 1 });
}

describe("an erasure lets go the invitation her replies held on another row with her number", () => {
  it("a complaint's: no sooner than the morning after the erasure, and sent then; none when that is too late", async () => {
    for (const [erasedAt, expected] of [
      ['2026-04-20T12:00:00+02:00', { status: 'scheduled', heldBy: null, dueAt: Date.parse('2026-04-21T10:00:00+02:00'), error: null }],
      ['2026-04-28T12:00:00+02:00', { status: 'cancelled', heldBy: expect.any(Number), error: 'complaint_late' }],
    ] as const) {
      const s = await household();
      const reply = await says(s, s.anna, 'Werkt niet', '2026-04-10T09:00:00+02:00');
      expect(await s.one('SELECT class FROM replies WHERE id = ?', reply)).toEqual({ class: 'problem' });
      expect(await comeback(s)).toMatchObject({ status: 'scheduled', heldBy: reply, afterProblem: reply });
      await eraseAnna(s, erasedAt);
      expect(await comeback(s), erasedAt).toMatchObject(expected);
      if (expected.status === 'cancelled') continue;
      const before = s.sms.sent.length;
      await s.tick('2026-04-20T12:00:00+02:00');
      expect(textsHome(s, before)).toEqual([]);
      await s.tick('2026-04-21T10:00:00+02:00');
      expect(textsHome(s, before)).toEqual([expect.stringMatching(/^Hoi Bert/)]);
      expect(await comeback(s)).toMatchObject({ status: 'sent', heldBy: null });
    }
  });

  it("a question's: at once, though a question's hold never lapses", async () => {
    const s = await household();
    const reply = await says(s, s.anna, 'Hoe lang gaat de accu mee?', '2026-04-10T09:00:00+02:00');
    expect(await s.one('SELECT class FROM replies WHERE id = ?', reply)).toEqual({ class: 'question' });
    expect(await comeback(s)).toMatchObject({ status: 'scheduled', heldBy: reply, afterProblem: null });
    await eraseAnna(s, '2026-05-20T12:00:00+02:00');
    expect(await comeback(s)).toMatchObject({ status: 'scheduled', heldBy: null, dueAt: Date.parse('2026-05-20T12:00:00+02:00') });
    const before = s.sms.sent.length;
    await s.tick('2026-05-20T12:00:00+02:00');
    expect(textsHome(s, before)).toEqual([expect.stringMatching(/^Hoi Bert/)]);
  });

  it("stays held by Bert's own complaint, still open, and goes the morning after the owner handles that", async () => {
    const s = await household();
    await heldOnByHis(s, () => eraseAnna(s, '2026-04-20T12:00:00+02:00'));
  });

  // `customer erase --phone`: both rows, hers first. Bert's invitation is not let go by her erasure (nor lapses, three
  // weeks on) before his own cancels it: it goes as every message of the rows erased, 'erased'.
  it('lets go nothing of a row erased with hers', async () => {
    const s = await household();
    await says(s, s.anna, 'Werkt niet', '2026-04-10T09:00:00+02:00');
    s.clock.set('2026-05-04T12:00:00+02:00');
    const rows = await s.store.privacy.matching(s.shop.shop.id, { phone: HOME });
    expect(rows).toEqual([s.anna, s.bert]);
    expect(await s.store.privacy.erase(rows, 'request', s.clock.now())).toMatchObject({ customers: 2, replies: 1 });
    expect(await comeback(s)).toMatchObject({ status: 'cancelled', error: 'erased' });
  });

  // Anna last bought two years before; Bert, on the household's number, this spring: the purge erases her row alone.
  it('the retention purge alike', async () => {
    const s = await household();
    const reply = await says(s, s.anna, 'Hoe lang gaat de accu mee?', '2026-04-10T09:00:00+02:00');
    s.clock.set('2028-04-01T12:00:00+02:00');
    await s.post(saleBody({ id: 'bert-2', occurredAt: '2028-04-01T11:00:00+02:00', reason: null, items: [{ name: 'Slot' }], customer: { name: 'Bert', posCustomerId: 'B1', phone: '06 12340111', consent: { sms: true } } }));
    const held = "SELECT status, held_by AS heldBy, due_at AS dueAt FROM messages WHERE kind = 'comeback' AND sale_id = (SELECT id FROM sales WHERE till_sale_id = 'bert-2')";
    expect(await s.one(held)).toMatchObject({ status: 'scheduled', heldBy: reply });
    s.clock.set('2028-05-01T12:00:00+02:00');
    expect(await s.store.privacy.purge(Date.parse('2026-05-01T00:00:00+02:00'), s.clock.now())).toMatchObject({ customers: 1, replies: 1 });
    expect(await s.one('SELECT erased_at AS at FROM customers WHERE id = ?', s.anna)).toEqual({ at: s.clock.now() });
    expect(await s.one(held)).toEqual({ status: 'scheduled', heldBy: null, dueAt: s.clock.now() });
    const before = s.sms.sent.length;
    await s.tick('2028-05-01T12:00:00+02:00');
    expect(textsHome(s, before)).toEqual([expect.stringMatching(/^Hoi Bert/)]);
  });

  // Bert bought nothing since either: his invitation of March 2026, held two years by her question, is the purge's
  // too, in a later batch (batches go by id; here one row each). Let go by hers, it went out between the batches (here
  // the server stopped after hers: until the next purge): "we zien je graag nog eens terug" for a bell of two years ago.
  it('the retention purge lets go nothing of a row it purges too, in a later batch', async () => {
    const s = await household();
    await purgedPartway(s);
    const before = s.sms.sent.length;
    await s.tick('2028-05-01T12:05:00+02:00');
    expect(textsHome(s, before)).toEqual([]);
    expect(await s.store.privacy.purgeUnlessDone(Date.parse('2027-05-01T00:00:00+02:00'), s.clock.now(), s.clock.now())).toMatchObject({ customers: 1 });
    expect(await comeback(s)).toMatchObject({ status: 'cancelled', error: 'erased' });
  });

  // `nextdeal restore` erases again what the database it replaced had erased since the copy (keepErasures): her
  // erasure there, on 20 April at 12:00, let Bert's invitation go, and it may have gone out since. Let go again in the
  // copy, it waits in doubt, as what was due by the restore does (holdRestored), not sent a second time; one not due
  // yet at the restore goes at its time, once.
  it('after a restore, what her erasure let go that may have gone out since waits in doubt', async () => {
    for (const [said, restoredAt, expected] of [
      ['Hoe lang gaat de accu mee?', '2026-04-21T12:00:00+02:00', { status: 'uncertain', error: 'restored', heldBy: null }],
      ['Werkt niet', '2026-04-20T18:00:00+02:00', { status: 'scheduled', error: null, heldBy: null, dueAt: Date.parse('2026-04-21T10:00:00+02:00') }],
    ] as const) {
      const s = await household();
      await says(s, s.anna, said, '2026-04-10T09:00:00+02:00');
      const { createdAt } = await s.one<{ createdAt: number }>('SELECT created_at AS "createdAt" FROM customers WHERE id = ?', s.anna);
      s.clock.set(restoredAt);
      // The restore's order (cli/ops.ts): what was due by now in doubt (not Bert's, held), then the erasures again.
      expect(await s.store.messages.holdRestored(s.clock.now())).toEqual({ restored: 0, interrupted: 0 });
      const at = Date.parse('2026-04-20T12:00:00+02:00');
      const again = await keepErasures(s.store, { customers: [{ slug: 'fietsenmaker', id: s.anna, createdAt, why: 'request', at }], sales: [], stopped: [] }, s.clock.now());
      expect(again, said).toMatchObject({ customers: 1, restored: expected.status === 'uncertain' ? 1 : 0 });
      expect(await comeback(s), said).toMatchObject(expected);
      const before = s.sms.sent.length;
      await s.tick(restoredAt);
      await s.tick('2026-04-21T10:00:00+02:00');
      await s.tick('2026-04-21T12:00:00+02:00');
      expect(textsHome(s, before), said).toEqual(expected.status === 'uncertain' ? [] : [expect.stringMatching(/^Hoi Bert/)]);
    }
  });
});
