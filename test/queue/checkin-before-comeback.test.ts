// Two shops on the shared number (TWILIO_FROM), one customer of both: a text waits while another shop's text to her
// from that number is younger than REPLY_WINDOW (number_busy, test/http/twilio-shared-thread.test.ts). Found by a
// review: the bike shop's come-back invitation, which can go any day, took the number first and pushed the bakery's
// check-in ("gisteren kocht je …", right only the day after the purchase) a day later. The check-in now goes on time,
// and the invitation waits (checkin_first), its owner told why.
import { describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/domain/password.js';
import { createShop, one, ownerClient, postSale, run, saleBody, startApp, testClock, testDispatcher, testStore } from '../helpers.js';

const PHONE = '+31687778888';
const at = (iso: string) => Date.parse(iso);

async function twoShops() {
  const store = await testStore();
  const clock = testClock('2026-11-20T13:00:00Z');
  const fiets = await createShop(store, { slug: 'fiets', name: 'Fietsenmaker Gerrit' });
  const bakker = await createShop(store, { slug: 'bakker', name: 'Bakkerij De Smid' });
  const base = await startApp(store, clock.now);
  const customer = { name: 'Gerda', phone: '0687778888', consent: { sms: true } };
  const { dispatcher, sms } = testDispatcher(store);
  const tick = (iso: string) => (clock.set(iso), dispatcher.tick(at(iso)));
  // A tyre at the bike shop on 20 November: its check-in went the next morning.
  const bike = await postSale(base, 'fiets', fiets.webhookSecret, saleBody({ id: 'f-1', occurredAt: '2026-11-20T12:00:00Z', items: [{ name: 'Band' }], customer }), clock.now());
  expect(bike.status).toBe(201);
  expect(await tick('2026-11-21T09:05:00Z')).toMatchObject({ sent: 1 });
  // A croissant at the bakery on 4 December: its check-in is due at 10:00 in Amsterdam on 5 December.
  clock.set('2026-12-04T14:00:00Z');
  const bread = await postSale(base, 'bakker', bakker.webhookSecret, saleBody({ id: 'b-1', occurredAt: '2026-12-04T13:30:00Z', items: [{ name: 'Croissant' }], customer }), clock.now());
  expect(bread.status).toBe(201);
  const message = (shopId: number, kind: 'checkin' | 'comeback') => one<{ id: number; status: string; error: string | null; nextAt: number; sentAt: number | null }>(store.db,
    'SELECT id, status, error, next_attempt_at AS nextAt, sent_at AS sentAt FROM messages WHERE shop_id = ? AND kind = ?', shopId, kind);
  const checkin = await message(bakker.shop.id, 'checkin');
  expect(checkin!.nextAt).toBe(at('2026-12-05T09:00:00Z'));
  // The bike shop's invitation falls due at `due` (its come-back days, as the owner set them).
  const comebackDue = async (due: string) =>
    run(store.db, "UPDATE messages SET due_at = ?, next_attempt_at = ? WHERE shop_id = ? AND kind = 'comeback'", at(due), at(due), fiets.shop.id);
  const shopOf = () => sms.sent.map((m) => (m.body.includes('Bakkerij') ? 'bakker' : m.body.includes('Fietsenmaker') ? 'fiets' : m.body));
  return { store, base, clock, tick, sms, shopOf, message, comebackDue, fiets: fiets.shop, bakker: bakker.shop };
}

describe("another shop's check-in on the shared number goes before a come-back invitation", () => {
  it('both due at 10:00: the check-in goes on time, the invitation a day later', async () => {
    const s = await twoShops();
    await s.comebackDue('2026-12-05T09:00:00Z');
    expect(await s.tick('2026-12-05T09:05:00Z')).toMatchObject({ sent: 1, deferred: 1 });
    expect(s.shopOf()).toEqual(['fiets', 'bakker']);
    expect(s.sms.sent.at(-1)!.to).toBe(PHONE);
    expect(await s.message(s.bakker.id, 'checkin')).toMatchObject({ status: 'sent', sentAt: at('2026-12-05T09:05:00Z') });
    expect(await s.message(s.fiets.id, 'comeback')).toMatchObject({ status: 'scheduled', error: 'checkin_first', nextAt: at('2026-12-06T09:05:00Z') });
    // Not before the bakery's reply window has passed; then the invitation goes.
    expect(await s.tick('2026-12-06T09:00:00Z')).toMatchObject({ sent: 0 });
    expect(await s.tick('2026-12-06T09:05:00Z')).toMatchObject({ sent: 1 });
    expect(s.shopOf()).toEqual(['fiets', 'bakker', 'fiets']);
  });

  it('the invitation due an hour before the check-in waits, and its owner reads why, in either language', async () => {
    const s = await twoShops();
    await s.comebackDue('2026-12-05T08:00:00Z');
    expect(await s.tick('2026-12-05T08:05:00Z')).toMatchObject({ sent: 0, deferred: 1 });
    // Until a day after the check-in's time, when an answer to it can no longer be taken for one to the invitation.
    expect(await s.message(s.fiets.id, 'comeback')).toMatchObject({ status: 'scheduled', error: 'checkin_first', nextAt: at('2026-12-06T09:00:00Z') });
    await s.store.sessions.setPassword(s.fiets.id, await hashPassword('correct horse battery'));
    const owner = ownerClient(s.base);
    await owner.logIn('fiets', 'correct horse battery');
    const card = async () => /<li class="scheduled"[^>]*>[\s\S]*?<\/li>/.exec(await (await owner.get('/shops/fiets/messages')).text())![0];
    const nl = await card();
    expect(nl).toContain('<strong>wacht tot zo 6 dec, 10:00</strong>');
    expect(nl).toContain('een andere winkel stuurt de klant binnen een dag vanaf hetzelfde nummer een sms over een aankoop van gisteren: die gaat voor, en deze uitnodiging wacht tot een antwoord daarop niet meer hier terecht kan komen');
    await s.store.shops.update('fiets', { locale: 'en' });
    const en = await card();
    expect(en).toContain('<strong>waits until Sun 6 Dec, 10:00</strong>');
    expect(en).toContain('another shop texts the customer from the same number within a day about yesterday&#39;s purchase: that one goes first, and this invitation waits until an answer to it can no longer land here');
    // The check-in goes at its time, the day after the purchase.
    expect(await s.tick('2026-12-05T09:00:00Z')).toMatchObject({ sent: 1, deferred: 0 });
    expect(s.shopOf()).toEqual(['fiets', 'bakker']);
    expect(await s.message(s.bakker.id, 'checkin')).toMatchObject({ status: 'sent', error: null });
  });

  it('also for a check-in held waiting (the night where it is read) that goes within the day', async () => {
    const s = await twoShops();
    const { id } = (await s.message(s.bakker.id, 'checkin'))!;
    await run(s.store.db, "UPDATE messages SET error = 'quiet_hours', next_attempt_at = ? WHERE id = ?", at('2026-12-05T12:00:00Z'), id);
    await s.comebackDue('2026-12-05T09:00:00Z');
    expect(await s.tick('2026-12-05T09:05:00Z')).toMatchObject({ sent: 0, deferred: 1 });
    expect(await s.message(s.fiets.id, 'comeback')).toMatchObject({ error: 'checkin_first', nextAt: at('2026-12-06T12:00:00Z') });
    expect(await s.tick('2026-12-05T12:00:00Z')).toMatchObject({ sent: 1 });
    expect(s.shopOf()).toEqual(['fiets', 'bakker']);
  });

  it('an invitation is not held back by a check-in more than a day away, nor by one from another number', async () => {
    const s = await twoShops();
    // The bakery's check-in of a parcel, due a day later than a check-in at the counter.
    const { id } = (await s.message(s.bakker.id, 'checkin'))!;
    await run(s.store.db, 'UPDATE messages SET due_at = ?, next_attempt_at = ? WHERE id = ?', at('2026-12-06T09:00:00Z'), at('2026-12-06T09:00:00Z'), id);
    await s.comebackDue('2026-12-05T08:00:00Z');
    expect(await s.tick('2026-12-05T08:05:00Z')).toMatchObject({ sent: 1, deferred: 0 });
    expect(await s.tick('2026-12-06T09:05:00Z')).toMatchObject({ sent: 1, deferred: 0 });
    expect(s.shopOf()).toEqual(['fiets', 'fiets', 'bakker']);

    const t = await twoShops();
    await t.store.shops.update('bakker', { smsFrom: '+3197014204768' });
    await t.comebackDue('2026-12-05T08:00:00Z');
    expect(await t.tick('2026-12-05T08:05:00Z')).toMatchObject({ sent: 1, deferred: 0 });
    expect(await t.tick('2026-12-05T09:05:00Z')).toMatchObject({ sent: 1, deferred: 0 });
    expect(t.shopOf()).toEqual(['fiets', 'fiets', 'bakker']);
  });

  // Two dispatchers (two instances) keep the invitation and the check-in at the same moment: the check-in is kept.
  it('two dispatchers keeping the invitation and the check-in at the same moment keep the check-in', async () => {
    const s = await twoShops();
    await s.comebackDue('2026-12-05T09:00:00Z');
    const now = at('2026-12-05T09:05:00Z');
    const claimed = await s.store.messages.claim(now, 10, now);
    const rows = [[s.fiets.id, 'comeback'], [s.bakker.id, 'checkin']] as const;
    const keep = await Promise.all(rows.map(async ([shop, kind]) => {
      const { id } = (await s.message(shop, kind))!;
      expect(claimed).toContain(id);
      return { id, shop, recipient: PHONE, sender: '', content: 'Hoe bevalt het?', claimed: now, phone: PHONE, email: null };
    }));
    for (let round = 0; round < 5; round++) {
      const [a, b] = await Promise.all((round % 2 ? [...keep].reverse() : keep).map((r) => s.store.messages.sending([r], now)));
      expect([...a!.kept, ...b!.kept]).toEqual([keep[1]!.id]);
      expect([...a!.waits.keys(), ...b!.waits.keys()]).toEqual([keep[0]!.id]);
      await run(s.store.db, 'UPDATE messages SET recipient = NULL, sender = NULL, content = NULL WHERE id IN (?, ?)', keep[0]!.id, keep[1]!.id);
    }
  });
});
