// The rules that follow from a reply, on the real store: who is on the owner's list, which invitation waits for
// whom, and what an owner's correction of a reading changes.
import { describe, expect, it } from 'vitest';
import type { Reading } from '../../src/db/replies.js';
import { scenario } from '../helpers.js';

async function answered(...bodies: string[]) {
  const s = await scenario();
  await s.tick('2026-03-15T10:00:00+01:00');
  const shop = (await s.store.shops.bySlug('fietsenmaker'))!;
  const { customerId, saleId } = s.sale as { customerId: number; saleId: number };
  const checkin = (await s.one<{ id: number }>("SELECT id FROM messages WHERE kind = 'checkin'")).id;
  const ids: number[] = [];
  for (const [i, body] of bodies.entries()) {
    const r = await s.store.replies.record({ shopId: shop.id, customerId, messageId: checkin, saleId, channel: 'sms', providerId: `SM${i}`, answer: null, body, at: s.clock.now() });
    if (r.duplicate) throw new Error('duplicate');
    ids.push(r.id);
  }
  const comeback = () => s.one<{ status: string; held_by: number | null; due_at: number }>("SELECT status, held_by, due_at FROM messages WHERE kind = 'comeback'");
  const reading = (id: number) => s.one<{ class: string; read_as: string; corrected_at: number | null }>('SELECT class, read_as, corrected_at FROM replies WHERE id = ?', id);
  const correct = (id: number, to: Reading) => s.store.replies.correct(shop, id, to, s.clock.now());
  return { ...s, shop, ids, comeback, reading, correct, open: async () => (await s.store.replies.open(shop.id)).map((r) => r.id) };
}

describe('replies', () => {
  it('an invitation stays held while another reply of the customer still waits for the owner', async () => {
    const s = await answered('De rits is stuk', 'Hmm, weet het nog niet');
    const [problem, other] = s.ids as [number, number];
    expect((await s.comeback()).held_by).toBe(problem);
    expect(await s.store.replies.handle(s.shop, problem, s.clock.now())).toBe('handled');
    expect(await s.comeback()).toMatchObject({ status: 'scheduled', held_by: other });
    expect(await s.store.replies.handle(s.shop, other, Date.parse('2026-04-14T12:00:00+02:00'))).toBe('handled');
    expect(await s.comeback()).toMatchObject({ held_by: null, due_at: Date.parse('2026-04-14T12:00:00+02:00') });
  });

  it('an invitation planned while a reply waits for the owner is held from the start', async () => {
    const s = await answered('Hmm, weet niet');
    s.clock.set('2026-03-20T12:00:00+01:00');
    await s.post({ ...(await import('../helpers.js')).saleBody({ id: 'sale-2', occurredAt: '2026-03-20T11:00:00+01:00' }) });
    const comebacks = await s.all<{ status: string; held_by: number | null }>("SELECT status, held_by FROM messages WHERE kind = 'comeback' ORDER BY id");
    expect(comebacks).toEqual([{ status: 'cancelled', held_by: s.ids[0] }, { status: 'scheduled', held_by: s.ids[0] }]);
  });

  it("the owner's correction moves a reply to its list: read as happy it holds nothing; as a problem it holds the invitation", async () => {
    const s = await answered('Hmm, weet het nog niet');
    const [id] = s.ids as [number];
    expect(await s.correct(id, 'positive')).toBe(true);
    expect(await s.reading(id)).toEqual({ class: 'positive', read_as: 'other', corrected_at: s.clock.now() });
    expect(await s.open()).toEqual([]);
    expect((await s.comeback()).held_by).toBeNull();

    expect(await s.correct(id, 'problem')).toBe(true);
    expect(await s.reading(id)).toMatchObject({ class: 'problem', read_as: 'other' });
    expect(await s.open()).toEqual([id]);
    expect((await s.comeback()).held_by).toBe(id);
    expect(s.email.sent).toEqual([]); // the owner is looking at it: no alert
  });

  it("corrects only this shop's readable replies", async () => {
    const s = await answered('Top!');
    const other = (await s.store.shops.create({ slug: 'bakker', name: 'Bakker', timezone: 'Europe/Amsterdam', country: 'NL', locale: 'nl', holdout: 0 }, 0)).shop;
    expect(await s.store.replies.correct(other, s.ids[0]!, 'problem', 0)).toBe(false);
    expect(await s.correct(9999, 'problem')).toBe(false);
    expect((await s.reading(s.ids[0]!))!.class).toBe('positive');
  });
});
