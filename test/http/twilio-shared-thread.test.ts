// Two shops texting from the shared number (TWILIO_FROM) and one customer of both: a reply is filed under the last SMS
// that went to her phone from that number (src/db/replies.ts matchInbound), so a shop's SMS waits while another shop's
// SMS to her from it is younger than REPLY_WINDOW (src/db/messages.ts sending). A black-box review: the bike shop's and
// the bakery's check-ins went in the same second; her "De band is alweer lek" thanked her in the bakery's name, alerted
// the bakery's owner with her words about the tyre, and the bike shop never heard.
import { describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/domain/password.js';
import { createShop, messageSid, ownerClient, postSale, postTwilio, saleBody, startApp, testClock, testDispatcher, testStore, twimlMessage } from '../helpers.js';
import { one } from '../helpers.js';

const SHARED = '+15005550006';
const BIKES = 'eigenaar@fiets.example';
const BAKERY = 'eigenaar@bakker.example';

async function twoShops() {
  const store = await testStore();
  const clock = testClock('2026-12-04T14:00:00Z');
  const fiets = await createShop(store, { slug: 'fiets', name: 'Fietsenmaker Gerrit' });
  const bakker = await createShop(store, { slug: 'bakker', name: 'Bakkerij De Smid' });
  await store.shops.update('fiets', { alertEmail: BIKES });
  await store.shops.update('bakker', { alertEmail: BAKERY });
  const base = await startApp(store, clock.now);
  const customer = (phone: string) => ({ name: 'Gerda', phone, consent: { sms: true } });
  const bike = await postSale(base, 'fiets', fiets.webhookSecret, saleBody({ id: 'f-1', occurredAt: '2026-12-04T13:00:00Z', items: [{ name: 'Band' }], customer: customer('+31687778888') }), clock.now());
  const bread = await postSale(base, 'bakker', bakker.webhookSecret, saleBody({ id: 'b-1', occurredAt: '2026-12-04T13:30:00Z', items: [{ name: 'Croissant' }], customer: customer('0687778888') }), clock.now());
  expect([bike.status, bread.status]).toEqual([201, 201]);
  const { dispatcher, sms, email } = testDispatcher(store);
  const tick = (iso: string) => (clock.set(iso), dispatcher.tick(Date.parse(iso)));
  const checkin = (shopId: number) =>
    one<{ id: number; status: string; error: string | null; nextAt: number }>(store.db, "SELECT id, status, error, next_attempt_at AS nextAt FROM messages WHERE shop_id = ? AND kind = 'checkin'", shopId);
  return { store, clock, base, fiets: fiets.shop, bakker: bakker.shop, sms, email, tick, checkin };
}

const shopOf = (body: string) => (body.includes('Bakkerij') ? 'bakker' : body.includes('Fietsenmaker') ? 'fiets' : body);

describe('two shops on the shared number, one customer', () => {
  it("files her answer under the shop whose check-in she answers: the other shop's waits a day, to a decent hour", async () => {
    const s = await twoShops();
    // Both check-ins are due at 10:00 in Amsterdam on 5 December: one goes, the other waits.
    expect(await s.tick('2026-12-05T09:05:00Z')).toMatchObject({ sent: 1, deferred: 1 });
    expect(s.sms.sent.map((m) => shopOf(m.body))).toEqual(['fiets']);
    const waiting = (await s.checkin(s.bakker.id))!;
    expect(waiting.status).toBe('scheduled');
    // A day after the bike shop's, at the same decent hour (10:05 in Amsterdam).
    expect(waiting.nextAt).toBeGreaterThanOrEqual(Date.parse('2026-12-06T09:05:00Z'));
    expect(waiting.nextAt).toBeLessThan(Date.parse('2026-12-06T09:06:00Z'));

    s.clock.set('2026-12-05T11:00:00Z');
    const answer = await postTwilio(s.base, '/v1/twilio/inbound', { MessageSid: messageSid(), From: '+31687778888', To: SHARED, Body: 'De band is alweer lek' });
    expect(twimlMessage(answer.text)).toContain('Fietsenmaker Gerrit');
    await s.tick('2026-12-05T11:01:00Z');
    // The bike shop's owner hears of it; the bakery's owner hears nothing, and reads none of her words.
    expect(s.email.sent.map((m) => [m.to, m.subject])).toEqual([[BIKES, 'Probleem van Gerda over Band']]);
    expect(await one(s.store.db, 'SELECT s.slug FROM replies r JOIN shops s ON s.id = r.shop_id')).toEqual({ slug: 'fiets' });
    // Her complaint holds the bike shop's come-back invitation; the bakery's is not held by it.
    expect(await one(s.store.db, "SELECT CASE WHEN held_by IS NULL THEN 0 ELSE 1 END AS held FROM messages WHERE shop_id = ? AND kind = 'comeback'", s.fiets.id)).toEqual({ held: 1 });

    // Not before the bike shop's window has passed; then the bakery's check-in goes.
    expect(await s.tick('2026-12-06T09:00:00Z')).toMatchObject({ sent: 0 });
    expect(await s.tick('2026-12-06T09:06:00Z')).toMatchObject({ sent: 1 });
    expect(s.sms.sent.map((m) => shopOf(m.body))).toEqual(['fiets', 'bakker']);
  });

  // Found by the review: the bakery's owner saw the waiting check-in as "gepland" at 10:00 on 5 December, a time gone
  // by, with nothing to say that it waited, nor until when or why.
  it("shows the bakery's owner that the check-in waits, until when (the shop's time) and why, in either language", async () => {
    const s = await twoShops();
    await s.tick('2026-12-05T09:05:00Z');
    await s.store.sessions.setPassword(s.bakker.id, await hashPassword('correct horse battery'));
    const owner = ownerClient(s.base);
    await owner.logIn('bakker', 'correct horse battery');
    const card = async () => {
      const page = await (await owner.get('/shops/bakker/messages')).text();
      return /<li class="scheduled"[^>]*>[\s\S]*?<\/li>/.exec(page)![0];
    };
    const nl = await card();
    expect(nl).toContain('<strong>wacht tot zo 6 dec, 10:05</strong>'); // 09:05 UTC: 10:05 in Amsterdam
    expect(nl).toContain('een andere winkel heeft de klant net vanaf hetzelfde nummer ge-sms&#39;t: dit wacht tot een antwoord daarop niet meer hier terecht kan komen');
    expect(nl).not.toContain('gepland');
    expect(nl).not.toContain('te laat');
    await s.store.shops.update('bakker', { locale: 'en' });
    const en = await card();
    expect(en).toContain('<strong>waits until Sun 6 Dec, 10:05</strong>');
    expect(en).toContain('another shop has just texted the customer from the same number: this waits until an answer to that one can no longer land here');
    // Gone at its time, it is sent, and nothing more is said of the wait.
    await s.tick('2026-12-06T09:06:00Z');
    const sent = await (await owner.get('/shops/bakker/messages')).text();
    expect(sent).not.toContain('waits until');
    expect(sent).not.toContain('another shop');
  });

  // Found by the review of the wait: once the day was over the check-in waited again, for the bakery's quiet hours,
  // and its owner still read that another shop had just texted her, of a text a day old.
  it('says no more of the other shop once that wait is over and the check-in waits for the quiet hours', async () => {
    const s = await twoShops();
    await s.tick('2026-12-05T09:05:00Z');
    expect((await s.checkin(s.bakker.id))!.error).toBe('number_busy');
    await s.store.shops.update('bakker', { quietStart: 20, quietEnd: 12 });
    expect(await s.tick('2026-12-06T09:06:00Z')).toMatchObject({ sent: 0, deferred: 1 });
    expect(await s.checkin(s.bakker.id)).toMatchObject({ status: 'scheduled', error: 'quiet_hours' });
    await s.store.sessions.setPassword(s.bakker.id, await hashPassword('correct horse battery'));
    const owner = ownerClient(s.base);
    await owner.logIn('bakker', 'correct horse battery');
    const page = await (await owner.get('/shops/bakker/messages')).text();
    expect(page).not.toContain('een andere winkel heeft de klant net');
    expect(page).toContain('een bericht gaat niet &#39;s avonds of &#39;s nachts');
  });

  it('a shop with a number of its own is not held back by the shared number', async () => {
    const s = await twoShops();
    await s.store.shops.update('bakker', { smsFrom: '+3197014204768' });
    expect(await s.tick('2026-12-05T09:05:00Z')).toMatchObject({ sent: 2, deferred: 0 });
    expect(s.sms.sent.map((m) => shopOf(m.body)).sort()).toEqual(['bakker', 'fiets']);
  });

  // Found by a review of 5 December: the bakery moved to its own number while its check-in waited for the bike shop's
  // text; its log still said "wacht tot zo 6 dec, 10:05 / een andere winkel heeft de klant net … ge-sms't", and the
  // check-in waited the full day.
  it('a check-in waiting for another shop’s text goes at the next tick once its shop has a number of its own', async () => {
    const s = await twoShops();
    expect(await s.tick('2026-12-05T09:05:00Z')).toMatchObject({ sent: 1, deferred: 1 });
    expect((await s.checkin(s.bakker.id))!.error).toBe('number_busy');
    await s.store.shops.update('bakker', { smsFrom: '+3197014204768' });
    await s.store.sessions.setPassword(s.bakker.id, await hashPassword('correct horse battery'));
    const owner = ownerClient(s.base);
    await owner.logIn('bakker', 'correct horse battery');
    const log = await (await owner.get('/shops/bakker/messages')).text();
    expect(log).not.toContain('wacht tot');
    expect(log).not.toContain('een andere winkel heeft de klant net');
    expect(await s.tick('2026-12-05T09:06:00Z')).toMatchObject({ sent: 1, deferred: 0 });
    expect(s.sms.sent.map((m) => [shopOf(m.body), m.from])).toEqual([['fiets', null], ['bakker', '+3197014204768']]);
    expect(await s.checkin(s.bakker.id)).toMatchObject({ status: 'sent', error: null });
  });

  it('a check-in that could only go more than 48 hours late after waiting expires, with a reason the owner sees', async () => {
    const s = await twoShops();
    // The bakery's check-in was due long before (a server down since yesterday morning), the bike shop's went first.
    const { id } = (await s.checkin(s.bakker.id))!;
    const late = Date.parse('2026-12-04T08:00:00Z');
    await s.store.db.run({ text: 'UPDATE messages SET due_at = ?, next_attempt_at = ? WHERE id = ?' }, [late, Date.parse('2026-12-05T09:30:00Z'), id]);
    expect(await s.tick('2026-12-05T09:05:00Z')).toMatchObject({ sent: 1 });
    expect(await s.tick('2026-12-05T09:31:00Z')).toMatchObject({ sent: 0, expired: 1 });
    expect(await s.checkin(s.bakker.id)).toMatchObject({ status: 'expired', error: 'number_busy' });
    expect(s.sms.sent.map((m) => shopOf(m.body))).toEqual(['fiets']);
  });

  // Two dispatchers (two instances) keep the two shops' check-ins to her at the same moment: one goes, the other waits.
  it('two dispatchers keeping both shops’ check-ins to her at the same moment keep one of them', async () => {
    const s = await twoShops();
    const now = Date.parse('2026-12-05T09:05:00Z');
    const ids = await s.store.messages.claim(now, 10, now);
    const rows = await Promise.all([s.fiets, s.bakker].map(async (shop) => {
      const { id } = (await s.checkin(shop.id))!;
      expect(ids).toContain(id);
      return { id, shop: shop.id, recipient: '+31687778888', sender: '', content: 'Hoe bevalt het?', claimed: now, phone: '+31687778888', email: null };
    }));
    for (let round = 0; round < 5; round++) {
      const [a, b] = await Promise.all(rows.map((r) => s.store.messages.sending([r], now)));
      expect([a!.kept.size + b!.kept.size, a!.waits.size + b!.waits.size]).toEqual([1, 1]);
      await s.store.db.run({ text: 'UPDATE messages SET recipient = NULL, sender = NULL, content = NULL WHERE id IN (?, ?)' }, [rows[0]!.id, rows[1]!.id]);
    }
  });
});
