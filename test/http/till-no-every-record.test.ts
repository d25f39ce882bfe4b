// A "no" at the till on a channel is the no of whoever holds the number (address): every record of the shop with it
// stops on that channel, not only the one the sale found. Found by the simulated lives on PostgreSQL (seed 20261206):
// Anna's sale said no to e-mail on the household's record, found by the phone, and her own record of her address still
// said yes, so she was e-mailed her check-in. Sales over HTTP, the dispatcher's ticks, the owner's message log.
import { describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/domain/password.js';
import { all, createShop, ownerClient, postSale, run, saleBody, scenario, startApp, testClock, testStore } from '../helpers.js';

const PHONE = '+31612345601'; // the household's
const ANNA = 'anna@example.com';
const MORNING = '2026-03-15T10:00:00+01:00';
const LATER = ['2026-03-16T10:00:00+01:00', '2026-04-13T10:00:00+02:00', '2026-04-14T10:00:00+02:00'];
type Scenario = Awaited<ReturnType<typeof scenario>>;

/** Anna buys with only her address (her own record); Piet with the household's phone (his): two records. */
async function twoRecords(annaAt = '2026-03-14T15:30:00+01:00') {
  const s = await scenario({ sale: { id: 'anna-1', occurredAt: annaAt }, customer: { name: 'Anna', email: ANNA, consent: { email: true } } });
  expect(s.sale.scheduled.map((m: { channel: string }) => m.channel)).toEqual(['email', 'email']);
  const piet = await s.post(saleBody({ id: 'piet-1', occurredAt: '2026-03-14T15:40:00+01:00', customer: { name: 'Piet', phone: '06 12345601', consent: { sms: true } } }));
  expect(piet.status).toBe(201);
  return s;
}

/** The owner's message log of cancelled messages, in words. */
async function cancelledLog(s: Scenario): Promise<string> {
  await s.store.sessions.setPassword(s.shop.shop.id, await hashPassword('correct horse battery'));
  const owner = ownerClient(s.base);
  await owner.logIn('fietsenmaker', 'correct horse battery');
  const html = await (await owner.get('/shops/fietsenmaker/messages?status=cancelled&days=90')).text();
  return html.replace(/<style[\s\S]*?<\/style>/, '').replace(/<[^>]+>/g, ' ').replace(/&#39;/g, "'").replace(/\s+/g, ' ');
}

describe('a "no" at the till for a number or address', () => {
  it('stops the e-mail to her address on her other record, found by the household phone, and the owner reads why', async () => {
    const s = await twoRecords();
    // Anna, with the household's phone and her address, says no to both: the sale finds Piet's record by the phone.
    const res = await s.post(saleBody({
      id: 'anna-2', occurredAt: '2026-03-14T15:50:00+01:00', customer: { name: 'Anna', phone: '06 12345601', email: ANNA, consent: { sms: false, email: false } },
    }));
    expect(res.status).toBe(201);
    expect(res.body.scheduled).toEqual([]);
    await s.tick(MORNING);
    for (const at of LATER) await s.tick(at);
    expect(s.email.sent.filter((m) => m.to === ANNA)).toEqual([]);
    expect(s.sms.sent).toEqual([]);
    // Her own record has the till's withdrawal in its history, as of the sale; no opt-out (nobody unsubscribed).
    const own = (await s.one<{ id: number }>('SELECT id FROM customers WHERE phone IS NULL AND email = ?', ANNA)).id;
    expect(await s.all('SELECT email_consent, email_opted_out_at FROM customers WHERE id = ?', own)).toEqual([{ email_consent: 0, email_opted_out_at: null }]);
    expect(await s.all("SELECT channel, given, source, at FROM consent_events WHERE customer_id = ? AND given = 0", own))
      .toEqual([{ channel: 'email', given: 0, source: 'till', at: Date.parse('2026-03-14T15:50:00+01:00') }]);
    expect(await s.all("SELECT kind, error FROM messages WHERE customer_id = ? AND status = 'cancelled' ORDER BY id", own))
      .toEqual([{ kind: 'checkin', error: 'consent_withdrawn_shared' }, { kind: 'comeback', error: 'consent_withdrawn_shared' }]);
    const figures = await s.store.figures.checkins(s.shop.shop.id, Date.parse('2026-03-01T00:00:00+01:00'), Date.parse('2026-05-01T00:00:00+02:00'));
    expect(figures.optOuts).toEqual([]);
    expect(await cancelledLog(s)).toContain(
      'de toestemming voor dit nummer of adres werd bij de kassa ingetrokken, bij een andere aankoop met hetzelfde nummer of adres',
    );
  });

  it('stops texts to the household phone on his record too when she says no to texts on hers', async () => {
    // Piet's record has the phone; Anna's, the till's customer K-2, gets it with her sale that says no to texts.
    const s = await scenario({ customer: { name: 'Piet', phone: '06 12345601', consent: { sms: true } } });
    expect(s.sale.scheduled.map((m: { channel: string }) => m.channel)).toEqual(['sms', 'sms']);
    const anna = (id: string, at: string, phone: string, sms: boolean) =>
      s.post(saleBody({ id, occurredAt: at, customer: { name: 'Anna', posCustomerId: 'K-2', phone, consent: { sms } } }));
    expect((await anna('anna-1', '2026-03-14T15:20:00+01:00', '06 24681357', true)).status).toBe(201);
    expect((await anna('anna-2', '2026-03-14T15:35:00+01:00', '06 12345601', false)).status).toBe(201);
    await s.tick(MORNING);
    for (const at of LATER) await s.tick(at);
    expect(s.sms.sent).toEqual([]);
    expect(await s.all('SELECT name, phone, sms_consent FROM customers ORDER BY id')).toEqual([
      { name: 'Piet', phone: PHONE, sms_consent: 0 }, { name: 'Anna', phone: PHONE, sms_consent: 0 },
    ]);
    expect(await s.all("SELECT customer_id, kind, error FROM messages WHERE customer_id = 1 AND status = 'cancelled' ORDER BY id"))
      .toEqual([{ customer_id: 1, kind: 'checkin', error: 'consent_withdrawn_shared' }, { customer_id: 1, kind: 'comeback', error: 'consent_withdrawn_shared' }]);
    // A later sale of his with a yes gives his record its texts back: a withdrawal, not an opt-out.
    s.clock.set('2026-04-20T11:00:00+02:00');
    const again = await s.post(saleBody({ id: 'piet-2', occurredAt: '2026-04-20T11:00:00+02:00', customer: { name: 'Piet', phone: '06 12345601', consent: { sms: true } } }));
    expect(again.body.scheduled.map((m: { channel: string }) => m.channel)).toEqual(['sms', 'sms']);
  });

  it('cancels what a held-out customer would have had at that address on her other record, as it cancels messages', async () => {
    const store = await testStore();
    const clock = testClock('2026-03-14T15:31:00+01:00');
    const { webhookSecret } = await createShop(store, { holdout: 50 });
    await run(store.db, "UPDATE experiment_periods SET salt = 'held-out-test'"); // the first customer is held out
    const base = await startApp(store, clock.now);
    const post = (id: string, at: string, customer: Record<string, unknown>) =>
      postSale(base, 'fietsenmaker', webhookSecret, saleBody({ id, occurredAt: at, customer }), clock.now());
    const first = await post('anna-1', '2026-03-14T15:30:00+01:00', { name: 'Anna', email: ANNA, consent: { email: true } });
    expect(first.body.skipped).toEqual([{ kind: 'checkin', reason: 'held_out' }, { kind: 'comeback', reason: 'held_out' }]);
    expect((await post('piet-1', '2026-03-14T15:40:00+01:00', { name: 'Piet', phone: '06 12345601', consent: { sms: true } })).status).toBe(201);
    const no = await post('anna-2', '2026-03-14T15:50:00+01:00', { name: 'Anna', phone: '06 12345601', email: ANNA, consent: { sms: false, email: false } });
    expect(no.status).toBe(201);
    expect(await all(store.db, 'SELECT kind, channel, status, reason FROM held_out_messages WHERE customer_id = ? ORDER BY id', first.body.customerId)).toEqual([
      { kind: 'checkin', channel: 'email', status: 'cancelled', reason: 'consent_withdrawn_shared' },
      { kind: 'comeback', channel: 'email', status: 'cancelled', reason: 'consent_withdrawn_shared' },
    ]);
  });

  it('does not undo a newer yes on another record with an older sale\'s no, come late', async () => {
    // Anna's own record got its yes at 15:30; the sale that says no was rung up at 15:20 and came late.
    const s = await twoRecords('2026-03-14T15:30:00+01:00');
    // And a record the till knows as K-5, given her address at 15:35 (its yes, for another address, from 15:10).
    const k5 = (id: string, at: string, email: string) =>
      s.post(saleBody({ id, occurredAt: at, customer: { name: 'Anna', posCustomerId: 'K-5', email, consent: { email: true } } }));
    expect((await k5('k5-1', '2026-03-14T15:10:00+01:00', 'anna.oud@example.com')).status).toBe(201);
    expect((await k5('k5-2', '2026-03-14T15:35:00+01:00', ANNA)).status).toBe(201);
    const late = await s.post(saleBody({
      id: 'anna-0', occurredAt: '2026-03-14T15:20:00+01:00', customer: { name: 'Anna', phone: '06 12345601', email: ANNA, consent: { email: false } },
    }));
    expect(late.status).toBe(201);
    await s.tick(MORNING);
    expect(s.email.sent.map((m) => m.to)).toEqual([ANNA]); // one check-in of the records with her yes (24 hours apart)
    expect(await s.all('SELECT pos_customer_id AS till, email_consent FROM customers WHERE phone IS NULL ORDER BY id'))
      .toEqual([{ till: null, email_consent: 1 }, { till: 'K-5', email_consent: 1 }]);
  });

  it('changes nothing on the other record for a consent the sale does not mention', async () => {
    const s = await twoRecords();
    const silent = await s.post(saleBody({
      id: 'anna-3', occurredAt: '2026-03-14T15:45:00+01:00', customer: { name: 'Anna', phone: '06 12345601', email: ANNA, consent: {} },
    }));
    expect(silent.status).toBe(201);
    expect(await s.all('SELECT email_consent FROM customers WHERE phone IS NULL')).toEqual([{ email_consent: 1 }]);
    expect(await s.all('SELECT count(*) AS n FROM consent_events WHERE given = 0')).toEqual([{ n: 0 }]);
  });

  it('leaves her texts alone when the till sends his unticked box as a no on the household phone, the till knowing them as two customers', async () => {
    // Anna, the till's K-1, with the household phone and a yes; Piet, K-2, first with his own mobile, then the household's.
    const s = await scenario({ sale: { id: 'anna-1', occurredAt: '2026-03-14T15:20:00+01:00' }, customer: { name: 'Anna', posCustomerId: 'K-1', phone: '06 12345601', consent: { sms: true } } });
    const piet = (id: string, at: string, phone: string) =>
      s.post(saleBody({ id, occurredAt: at, customer: { name: 'Piet', posCustomerId: 'K-2', phone, consent: { sms: false } } }));
    expect((await piet('piet-1', '2026-03-14T15:30:00+01:00', '06 99999999')).status).toBe(201);
    expect((await piet('piet-2', '2026-03-14T15:40:00+01:00', '06 12345601')).status).toBe(201);
    expect(await s.all('SELECT pos_customer_id AS till, sms_consent FROM customers ORDER BY id')).toEqual([{ till: 'K-1', sms_consent: 1 }, { till: 'K-2', sms_consent: 0 }]);
    expect(await s.all('SELECT count(*) AS n FROM consent_events WHERE customer_id = 1 AND given = 0')).toEqual([{ n: 0 }]);
    await s.tick(MORNING);
    expect(s.sms.sent.map((m) => m.to)).toEqual([PHONE]); // her check-in
    // Her next sale, her consent not asked: she is still texted, not "gave no consent at the till".
    s.clock.set('2026-03-20T11:00:00+01:00');
    const next = await s.post(saleBody({ id: 'anna-2', occurredAt: '2026-03-20T11:00:00+01:00', customer: { name: 'Anna', posCustomerId: 'K-1', phone: '06 12345601' } }));
    expect(next.body.skipped ?? []).not.toContainEqual(expect.objectContaining({ reason: 'no_consent' }));
  });

  it('stops the e-mail on her other record when the till posts her sale again with a no', async () => {
    const s = await twoRecords();
    const body = (email: boolean) => saleBody({
      id: 'anna-2', occurredAt: '2026-03-14T15:50:00+01:00', customer: { name: 'Anna', phone: '06 12345601', email: ANNA, consent: { email } },
    });
    expect((await s.post(body(true))).status).toBe(201);
    const again = await s.post(body(false));
    expect(again.body).toMatchObject({ duplicate: true, consentWithdrawn: ['email'] });
    const own = (await s.one<{ id: number }>('SELECT id FROM customers WHERE phone IS NULL AND email = ?', ANNA)).id;
    expect(await s.all('SELECT email_consent FROM customers ORDER BY id')).toEqual([{ email_consent: 0 }, { email_consent: 0 }]);
    expect(await s.all('SELECT channel, given, source, at FROM consent_events WHERE customer_id = ? AND given = 0', own))
      .toEqual([{ channel: 'email', given: 0, source: 'till', at: Date.parse('2026-03-14T15:50:00+01:00') }]);
    // Piet's record takes his own address; her next sale with only her address finds her own record, without consent.
    s.clock.set('2026-03-20T11:00:00+01:00');
    await s.post(saleBody({ id: 'piet-3', occurredAt: '2026-03-20T11:00:00+01:00', customer: { name: 'Piet', phone: '06 12345601', email: 'piet@example.com', consent: { sms: true } } }));
    s.clock.set('2026-03-25T11:00:00+01:00');
    const later = await s.post(saleBody({ id: 'anna-3', occurredAt: '2026-03-25T11:00:00+01:00', customer: { name: 'Anna', email: ANNA } }));
    expect(later.body.customerId).toBe(own);
    expect(later.body.scheduled).toEqual([]);
    await s.tick('2026-03-26T10:00:00+01:00');
    for (const at of LATER.slice(1)) await s.tick(at);
    expect(s.email.sent.filter((m) => m.to === ANNA)).toEqual([]);
  });

  // The review of 5ea069d: one person the till knows twice (a second card, K-7) was e-mailed on K-1 after her "no" as K-7.
  it('stops the e-mail on every record with her address, also one the till knows by another customer id of hers', async () => {
    const s = await scenario({ sale: { id: 'anna-1', occurredAt: '2026-03-14T15:20:00+01:00' }, customer: { name: 'Anna', posCustomerId: 'K-1', email: ANNA, consent: { email: true } } });
    const k7 = (id: string, at: string, email: string, yes: boolean) =>
      s.post(saleBody({ id, occurredAt: at, customer: { name: 'Anna', posCustomerId: 'K-7', email, consent: { email: yes } } }));
    expect((await k7('anna-2', '2026-03-14T15:30:00+01:00', 'anna@werk.example', true)).status).toBe(201);
    expect((await k7('anna-3', '2026-03-14T15:40:00+01:00', ANNA, false)).status).toBe(201);
    expect(await s.all('SELECT pos_customer_id AS till, email_consent FROM customers ORDER BY id')).toEqual([{ till: 'K-1', email_consent: 0 }, { till: 'K-7', email_consent: 0 }]);
    await s.tick(MORNING);
    for (const at of LATER) await s.tick(at);
    expect(s.email.sent.filter((m) => m.to === ANNA)).toEqual([]);
  });

  it('counts what the no cancelled on her other record in the answer to the sale posted again', async () => {
    // Anna's own record (her address, a yes) has her check-in and come-back waiting; Piet's the household phone, no texts.
    const s = await scenario({ sale: { id: 'anna-1', occurredAt: '2026-03-14T15:30:00+01:00' }, customer: { name: 'Anna', email: ANNA, consent: { email: true } } });
    await s.post(saleBody({ id: 'piet-1', occurredAt: '2026-03-14T15:40:00+01:00', customer: { name: 'Piet', phone: '06 12345601', consent: { sms: false } } }));
    const body = (email?: boolean) => saleBody({
      id: 'anna-2', occurredAt: '2026-03-14T15:50:00+01:00', customer: { name: 'Anna', phone: '06 12345601', email: ANNA, consent: email === undefined ? {} : { email } },
    });
    expect((await s.post(body())).status).toBe(201);
    const own = (await s.one<{ id: number }>('SELECT id FROM customers WHERE phone IS NULL AND email = ?', ANNA)).id;
    const waiting = async () => (await s.all("SELECT id FROM messages WHERE customer_id = ? AND status = 'scheduled'", own)).length;
    const before = await waiting();
    expect(before).toBeGreaterThan(0);
    expect((await s.post(body(false))).body).toMatchObject({ duplicate: true, consentWithdrawn: ['email'], cancelled: before });
    expect(await waiting()).toBe(0);
  });

  // The review of 7c17593 (frv42j): her "no" as K-7 on a conflicting sale was dropped, and K-1 e-mailed twice after it.
  it('takes the e-mail "no" of a conflicting sale that names her by another card of hers with the address', async () => {
    const s = await scenario({ sale: { id: 'a-1', occurredAt: '2026-03-14T15:20:00+01:00' }, customer: { name: 'Anna', posCustomerId: 'K-1', email: ANNA, consent: { email: true } } });
    const res = await s.post(saleBody({ id: 'a-1', occurredAt: '2026-03-14T15:20:00+01:00', total: 99, customer: { name: 'Anna', posCustomerId: 'K-7', email: ANNA, consent: { email: false } } }));
    expect(res.status).toBe(409);
    expect(await s.all('SELECT pos_customer_id AS till, email_consent FROM customers ORDER BY id')).toEqual([{ till: 'K-1', email_consent: 0 }]);
    await s.tick(MORNING);
    for (const at of LATER) await s.tick(at);
    expect(s.email.sent).toEqual([]);
  });

  it('takes no "no" of a conflicting sale for a record the till knows as another customer', async () => {
    const s = await scenario({ sale: { id: 'anna-1', occurredAt: '2026-03-14T15:20:00+01:00' }, customer: { name: 'Anna', posCustomerId: 'K-1', phone: '06 12345601', consent: { sms: true } } });
    // The same sale id, another customer at the till with the household phone, another total: a conflict.
    const res = await s.post(saleBody({ id: 'anna-1', occurredAt: '2026-03-14T15:20:00+01:00', total: 99, customer: { name: 'Piet', posCustomerId: 'K-2', phone: '06 12345601', consent: { sms: false } } }));
    expect(res.status).toBe(409);
    expect(await s.all('SELECT pos_customer_id AS till, sms_consent FROM customers ORDER BY id')).toEqual([{ till: 'K-1', sms_consent: 1 }]);
  });

  it('leaves a record the till knows as another customer when it posts a sale again with a no', async () => {
    const s = await scenario({ sale: { id: 'anna-1', occurredAt: '2026-03-14T15:20:00+01:00' }, customer: { name: 'Anna', posCustomerId: 'K-1', phone: '06 12345601', consent: { sms: true } } });
    const piet = (sms: boolean) => s.post(saleBody({ id: 'piet-2', occurredAt: '2026-03-14T15:40:00+01:00', customer: { name: 'Piet', posCustomerId: 'K-2', phone: '06 12345601', consent: { sms } } }));
    expect((await s.post(saleBody({ id: 'piet-1', occurredAt: '2026-03-14T15:30:00+01:00', customer: { name: 'Piet', posCustomerId: 'K-2', phone: '06 99999999', consent: { sms: true } } }))).status).toBe(201);
    expect((await piet(true)).status).toBe(201);
    expect((await piet(false)).body).toMatchObject({ duplicate: true, consentWithdrawn: ['sms'] });
    expect(await s.all('SELECT pos_customer_id AS till, sms_consent FROM customers ORDER BY id')).toEqual([{ till: 'K-1', sms_consent: 1 }, { till: 'K-2', sms_consent: 0 }]);
  });
});
