// Never two messages to one customer within 24 hours, also as they go out, not only as they are planned: a check-in
// that went late (a downtime, a retry, a paused channel, the night) was followed by the come-back within hours, or
// both went in the same dispatch, the same second (a black-box review of time and cadence, its finding 2). The later
// one now waits until the day has passed, at a decent hour, as src/db/messages.ts sending keeps it.
import { describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/domain/password.js';
import { all, createShop, one, ownerClient, postSale, run, saleBody, startApp, testClock, testDispatcher, testStore, value } from '../helpers.js';

const at = (iso: string) => Date.parse(iso);

/** A shop that invites back the day after the check-in (--comeback-days 1), and Rosa, who bought on `soldAt`. */
async function setup(soldAt: string, customer: Record<string, unknown> = { name: 'Rosa', phone: '06 12345681', consent: { sms: true } }) {
  const store = await testStore();
  const clock = testClock(soldAt);
  const { webhookSecret, shop } = await createShop(store);
  await store.shops.update('fietsenmaker', { comebackDays: 1 });
  const base = await startApp(store, clock.now);
  const sale = await postSale(base, 'fietsenmaker', webhookSecret, saleBody({ occurredAt: soldAt, items: [{ name: 'Jas' }], customer }), clock.now());
  expect(sale.status).toBe(201);
  const { dispatcher, sms, email } = testDispatcher(store);
  const tick = (iso: string) => (clock.set(iso), dispatcher.tick(at(iso)));
  const message = (kind: string) =>
    one<{ status: string; error: string | null; nextAt: number; sentAt: number | null }>(store.db,
      'SELECT status, error, next_attempt_at AS nextAt, sent_at AS sentAt FROM messages WHERE kind = ?', kind);
  return { store, clock, base, shop, dispatcher, sms, email, tick, message };
}

describe('never two messages to one customer within 24 hours, as they go out', () => {
  it('after a downtime over both their times: one text, and the come-back the next day', async () => {
    // Bought Wednesday 7 April at 11:00: the check-in is planned Thursday 10:00, the come-back Friday 10:00.
    const s = await setup('2027-04-07T11:00:00+02:00');
    expect((await s.message('checkin'))!.nextAt).toBe(at('2027-04-08T10:00:00+02:00'));
    expect((await s.message('comeback'))!.nextAt).toBe(at('2027-04-09T10:00:00+02:00'));
    // Down from Wednesday afternoon to Friday 10:30; messages wait three hours after the start.
    await s.store.chores.alive(at('2027-04-07T12:00:00+02:00'));
    await s.store.chores.alive(at('2027-04-09T10:30:00+02:00'));
    expect(await s.tick('2027-04-09T13:31:00+02:00')).toMatchObject({ sent: 1, deferred: 1 });
    expect(s.sms.sent.map((m) => m.body)).toEqual([expect.stringContaining('Bevalt het?')]);
    // The come-back waits until a day after the check-in went, without using up a try.
    expect(await s.message('comeback')).toMatchObject({ status: 'scheduled', error: 'messaged_recently', nextAt: at('2027-04-10T13:31:00+02:00') });
    expect(await one(s.store.db, "SELECT attempts FROM messages WHERE kind = 'comeback'")).toEqual({ attempts: 0 });
    expect(await s.tick('2027-04-10T13:30:00+02:00')).toMatchObject({ sent: 0 });
    expect(await s.tick('2027-04-10T13:31:00+02:00')).toMatchObject({ sent: 1 });
    expect(s.sms.sent.map((m) => m.body)).toEqual([expect.stringContaining('Bevalt het?'), expect.stringContaining('We zien je graag nog eens terug')]);
    expect(await s.message('comeback')).toMatchObject({ status: 'sent', error: null });
  });

  it('after a 90-minute downtime on the morning of the check-in: the come-back goes 24 hours after the late check-in', async () => {
    // Bought Monday 5 April at 11:00: the check-in is planned Tuesday 10:00, the come-back Wednesday 10:00.
    const s = await setup('2027-04-05T11:00:00+02:00');
    await s.store.chores.alive(at('2027-04-06T09:00:00+02:00'));
    expect(await s.store.chores.alive(at('2027-04-06T10:30:00+02:00'))).toMatchObject({ until: at('2027-04-06T12:00:00+02:00') });
    expect(await s.tick('2027-04-06T12:00:00+02:00')).toMatchObject({ sent: 1 });
    // Wednesday 10:00, 22 hours after the check-in: it waits until Thursday 12:00.
    expect(await s.tick('2027-04-07T10:00:00+02:00')).toMatchObject({ sent: 0, deferred: 1 });
    expect(await s.message('comeback')).toMatchObject({ status: 'scheduled', nextAt: at('2027-04-07T12:00:00+02:00') });
    expect(await s.tick('2027-04-07T11:59:00+02:00')).toMatchObject({ sent: 0 });
    expect(await s.tick('2027-04-07T12:00:00+02:00')).toMatchObject({ sent: 1 });
    const [checkin, comeback] = [(await s.message('checkin'))!.sentAt!, (await s.message('comeback'))!.sentAt!];
    expect(comeback - checkin).toBe(24 * 3_600_000);
  });

  it('by e-mail too, and the owner reads why the come-back waits, in either language', async () => {
    const s = await setup('2027-04-07T11:00:00+02:00', { name: 'Rosa', email: 'Rosa@Example.com', consent: { email: true } });
    await s.store.chores.alive(at('2027-04-07T12:00:00+02:00'));
    await s.store.chores.alive(at('2027-04-09T10:30:00+02:00'));
    expect(await s.tick('2027-04-09T13:31:00+02:00')).toMatchObject({ sent: 1, deferred: 1 });
    expect(s.email.sent.map((m) => m.to)).toEqual(['rosa@example.com']);
    expect(await s.message('comeback')).toMatchObject({ status: 'scheduled', error: 'messaged_recently', nextAt: at('2027-04-10T13:31:00+02:00') });
    await s.store.sessions.setPassword(s.shop.id, await hashPassword('correct horse battery'));
    const owner = ownerClient(s.base);
    await owner.logIn('fietsenmaker', 'correct horse battery');
    const card = async () => /<li class="scheduled"[^>]*>[\s\S]*?<\/li>/.exec(await (await owner.get('/shops/fietsenmaker/messages')).text())![0];
    const nl = await card();
    expect(nl).toContain('<strong>wacht tot za 10 apr, 13:31</strong>');
    expect(nl).toContain('je winkel stuurde minder dan een dag geleden al een bericht naar dit nummer of adres, ook als dat aan een andere klant met hetzelfde nummer of adres was (nooit twee binnen 24 uur): dit wacht tot die dag om is');
    await s.store.shops.update('fietsenmaker', { locale: 'en' });
    expect(await card()).toContain('your shop sent another message to this number or address less than a day ago, also if to another customer with the same number or address (never two within 24 hours): this waits until that day has passed');
  });

  it('a message that could only go more than 48 hours past its time after the wait expires, with the reason', async () => {
    const s = await setup('2027-04-07T11:00:00+02:00');
    // Due two hours after the check-in (as another person's on the same phone may be): 25.5 hours late at Friday 13:31,
    // it could only go Saturday 13:31, 49.5 hours late.
    await s.store.db.run({ text: "UPDATE messages SET due_at = ?, next_attempt_at = ? WHERE kind = 'comeback'" }, [at('2027-04-08T12:00:00+02:00'), at('2027-04-08T12:00:00+02:00')]);
    await s.store.chores.alive(at('2027-04-07T12:00:00+02:00'));
    await s.store.chores.alive(at('2027-04-09T10:30:00+02:00'));
    expect(await s.tick('2027-04-09T13:31:00+02:00')).toMatchObject({ sent: 1, expired: 1 });
    expect(await s.message('comeback')).toMatchObject({ status: 'expired', error: 'messaged_recently' });
    expect(s.sms.sent).toHaveLength(1);
  });

  // Two dispatchers (two instances on PostgreSQL) keeping her check-in and come-back at the same moment: one is kept.
  it('two dispatchers keeping two messages to her at the same moment keep one of them', async () => {
    const s = await setup('2027-04-07T11:00:00+02:00');
    const now = at('2027-04-09T13:31:00+02:00');
    const ids = await s.store.messages.claim(now, 10, now);
    expect(ids).toHaveLength(2);
    const rows = ids.map((id) => ({ id, shop: s.shop.id, recipient: '+31612345681', sender: '', content: 'Hoi Rosa', claimed: now, phone: '+31612345681', email: null }));
    for (let round = 0; round < 5; round++) {
      const [a, b] = await Promise.all(rows.map((r) => s.store.messages.sending([r], now)));
      expect([a!.kept.size + b!.kept.size, a!.waits.size + b!.waits.size]).toEqual([1, 1]);
      await s.store.db.run({ text: 'UPDATE messages SET recipient = NULL, sender = NULL, content = NULL WHERE id IN (?, ?)' }, [rows[0]!.id, rows[1]!.id]);
    }
  });
});

// The rule is each shop's (as the planning rule is): another shop's message to her holds nothing back, but on the
// number several shops text from (test/http/twilio-shared-thread.test.ts). A bike shop and a bakery with numbers of
// their own, and a florist by e-mail, each send her their check-in the same morning; none delays (or so reveals)
// another's. Her own shop's check-in by text still holds its invitation by e-mail.
describe('never two within a day is each shop’s rule', () => {
  it('three shops, two with numbers of their own and one by e-mail, each send her their check-in the same morning', async () => {
    const store = await testStore();
    const clock = testClock('2027-04-07T11:00:00+02:00');
    const base = await startApp(store, clock.now);
    const shops = [
      { slug: 'fiets', name: 'Fietsenmaker Gerrit', smsFrom: '+3197014204767', soldAt: '2027-04-07T11:00:00+02:00', consent: { sms: true } },
      { slug: 'bakker', name: 'Bakkerij De Smid', smsFrom: '+3197014204768', soldAt: '2027-04-07T11:00:00+02:00', consent: { sms: true } },
      { slug: 'bloem', name: 'Bloemist Roos', smsFrom: null, soldAt: '2027-04-07T11:00:00+02:00', consent: { email: true } },
    ];
    const ids: Record<string, number> = {};
    for (const s of shops) {
      const { webhookSecret, shop } = await createShop(store, { slug: s.slug, name: s.name });
      ids[s.slug] = shop.id;
      if (s.smsFrom) await store.shops.update(s.slug, { smsFrom: s.smsFrom });
      const customer = { name: 'Gerda', phone: '06 12345681', email: 'gerda@example.com', consent: s.consent };
      const sale = await postSale(base, s.slug, webhookSecret, saleBody({ id: `${s.slug}-1`, occurredAt: s.soldAt, items: [{ name: 'Band' }], customer }), clock.now());
      expect(sale.status).toBe(201);
    }
    const { dispatcher, sms, email } = testDispatcher(store);
    const tick = (iso: string) => (clock.set(iso), dispatcher.tick(at(iso)));
    // Thursday 10:00: all three are due; they go in the same tick, the texts each from its shop's own number.
    expect(await tick('2027-04-08T10:00:00+02:00')).toMatchObject({ sent: 3, deferred: 0 });
    expect(sms.sent.map((m) => [m.to, m.from]).sort()).toEqual([['+31612345681', '+3197014204767'], ['+31612345681', '+3197014204768']]);
    expect(email.sent.map((m) => m.to)).toEqual(['gerda@example.com']);
    // The next morning likewise, one of them late (a retry, say): the florist's e-mail at 11:30 goes, an hour and a half
    // after the others' texts, as the dispatcher finds them in the database.
    const again = "UPDATE messages SET status = 'scheduled', due_at = ?, next_attempt_at = ?, attempts = 0, recipient = NULL, sender = NULL, content = NULL, sent_at = NULL WHERE kind = 'checkin' AND shop_id = ?";
    for (const [slug, due] of [['fiets', '2027-04-09T10:00:00+02:00'], ['bakker', '2027-04-09T10:00:00+02:00'], ['bloem', '2027-04-09T11:30:00+02:00']] as const) {
      await run(store.db, again, at(due), at(due), ids[slug]);
    }
    expect(await tick('2027-04-09T10:00:00+02:00')).toMatchObject({ sent: 2, deferred: 0 });
    expect(await tick('2027-04-09T11:30:00+02:00')).toMatchObject({ sent: 1, deferred: 0 });
    expect([sms.sent.length, email.sent.length]).toEqual([4, 2]);
    const checkins = await all<{ slug: string; status: string; error: string | null }>(store.db,
      "SELECT s.slug, m.status, m.error FROM messages m JOIN shops s ON s.id = m.shop_id WHERE m.kind = 'checkin' ORDER BY s.slug");
    expect(checkins).toEqual(['bakker', 'bloem', 'fiets'].map((slug) => ({ slug, status: 'sent', error: null })));

    // Whereas an e-mail of the bike shop's to her now (its invitation, say) waits for the day since its own text went,
    // not since the florist's e-mail to the same address; the bakery's, kept beside it, waits for its own text.
    const now = at('2027-04-09T11:31:00+02:00');
    const comeback = (slug: string) => value<number>(store.db, "SELECT id FROM messages WHERE shop_id = ? AND kind = 'comeback'", ids[slug]);
    const keep = async (slug: string) => ({ id: Number(await comeback(slug)), shop: ids[slug]!, recipient: 'gerda@example.com', sender: null, content: 'Tot ziens', claimed: now, phone: '+31612345681', email: 'gerda@example.com' });
    const { waits } = await store.messages.sending([await keep('fiets'), await keep('bakker')], now);
    const since = { since: at('2027-04-09T10:00:00+02:00'), thread: null };
    expect(waits).toEqual(new Map([[(await keep('fiets')).id, since], [(await keep('bakker')).id, since]]));
  });
});
