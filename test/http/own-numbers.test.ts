// The black-box review of 5 December: the join page texted its code to a machine's SIM (NL 097) and to the number
// nextdeal itself texts from (TWILIO_FROM: "To:+3197010000001, From:+3197010000001"), and a till's sale whose customer
// field held that number was stored with a check-in planned to it. A number nextdeal texts from (TWILIO_FROM, any
// shop's --sms-from) is never texted; a sale keeps it as it keeps a landline: the customer known by it, no text to it.
import { describe, expect, it } from 'vitest';
import { createStore } from '../../src/db/store.js';
import { EVERY_CHANNEL } from '../../src/domain/plan.js';
import { hashPassword } from '../../src/domain/password.js';
import { all, createShop, one, ownerClient, postSale, run, saleBody, startApp, testClock, testDatabase, testDispatcher, value } from '../helpers.js';

const SHARED = '+3197010000001'; // TWILIO_FROM

async function setup() {
  const db = await testDatabase();
  const store = { ...createStore(db, EVERY_CHANNEL, SHARED), db };
  const clock = testClock('2026-03-14T15:31:00+01:00');
  const { webhookSecret, shop } = await createShop(store);
  // Another shop that texts from a number of its own.
  await createShop(store, { slug: 'bakker', name: 'Bakker Test' });
  await store.shops.update('bakker', { smsFrom: '+31612000999' });
  const base = await startApp(store, clock.now, { sharedFrom: SHARED });
  const { dispatcher, sms, email } = testDispatcher(store);
  const join = (form: Record<string, string>) =>
    fetch(`${base}/shops/fietsenmaker/join`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() });
  const sale = (customer: Record<string, unknown>) => postSale(base, 'fietsenmaker', webhookSecret, saleBody({ customer }), clock.now());
  return { store, clock, base, shop, dispatcher, sms, email, join, sale };
}

const CANNOT_TEXT = 'Naar dit nummer kunnen we geen sms sturen. Vul je e-mailadres in, of vraag het even aan de kassa.';

describe('the join page', () => {
  it.each([
    ['+3197012345678', "a machine's SIM (097), which is no mobile"],
    [SHARED, 'TWILIO_FROM, the number nextdeal texts from'],
    ['+31612000999', "another shop's --sms-from"],
  ])('texts no code to %s (%s): it says it cannot text that number, and keeps nothing', async (phone) => {
    const { store, clock, dispatcher, sms, join } = await setup();
    const res = await join({ phone, sms: 'yes' });
    const page = await res.text();
    expect(page).toContain(CANNOT_TEXT);
    expect(page).not.toContain('heeft je een sms gestuurd');
    await dispatcher.tick(clock.now());
    expect(sms.sent).toEqual([]);
    expect(await value(store.db, 'SELECT count(*) FROM join_confirmations')).toBe(0);
  });

  it('still texts a code to a mobile number', async () => {
    const { clock, dispatcher, sms, join } = await setup();
    expect(await (await join({ phone: '06 13572468', sms: 'yes' })).text()).toContain('heeft je een sms gestuurd');
    await dispatcher.tick(clock.now());
    expect(sms.sent.map((m) => m.to)).toEqual(['+31613572468']);
  });

  it('mails the link instead, to a number nextdeal texts from given beside an e-mail address with a yes to e-mail', async () => {
    const { clock, dispatcher, sms, email, join } = await setup();
    expect((await join({ phone: SHARED, sms: 'yes', email: 'piet@example.com', email_ok: 'yes' })).status).toBe(200);
    await dispatcher.tick(clock.now());
    expect(sms.sent).toEqual([]);
    expect(email.sent.map((m) => m.to)).toEqual(['piet@example.com']);
  });
});

describe("a till's sale whose customer's number is one nextdeal texts from", () => {
  it.each([[SHARED], ['+31612000999']])('%s: the sale and the number are kept, the till is told, and no text goes to it; the e-mail does', async (phone) => {
    const { store, clock, dispatcher, sms, email, sale } = await setup();
    const res = await sale({ name: 'Sanne de Vries', phone, email: 'sanne@example.com', consent: { sms: true, email: true } });
    expect(res.status).toBe(201);
    expect(res.body.scheduled.map((m: { kind: string; channel: string }) => `${m.kind}:${m.channel}`)).toEqual(['checkin:email', 'comeback:email']);
    // One warning, also for TWILIO_FROM, an NL 097 number: what it is, not that a machine's SIM takes no texts.
    expect(res.body.warnings).toEqual([{ field: 'customer.phone', message: expect.stringContaining('a number nextdeal texts from') }]);
    expect(await one(store.db, 'SELECT phone, sms_consent AS sms FROM customers')).toEqual({ phone, sms: 1 });
    expect(await all(store.db, "SELECT DISTINCT channel FROM messages")).toEqual([{ channel: 'email' }]);
    clock.set('2026-03-15T10:00:00+01:00');
    await dispatcher.tick(clock.now());
    expect(sms.sent).toEqual([]);
    expect(email.sent.map((m) => m.to)).toEqual(['sanne@example.com']);
  });

  it('with no e-mail address: the sale is stored, nothing is planned, and it gets a consent link, as for a landline', async () => {
    const { store, sale } = await setup();
    const res = await sale({ name: 'Sanne de Vries', phone: SHARED, consent: { sms: true } });
    expect(res.status).toBe(201);
    expect(res.body.consentUrl).toMatch(/^https:\/\/deals\.example\.test\/c\/[a-z0-9]{10}$/);
    expect(res.body.scheduled).toEqual([]);
    expect(res.body.skipped).toEqual([{ kind: 'checkin', reason: 'no_contact' }, { kind: 'comeback', reason: 'no_contact' }]);
    expect(await value(store.db, 'SELECT count(*) FROM sales')).toBe(1);
    expect(await value(store.db, 'SELECT count(*) FROM messages')).toBe(0);
  });

  it('posted again, the same answer: the warning, and a consent link again', async () => {
    const { store, sale } = await setup();
    const first = await sale({ name: 'Sanne de Vries', phone: SHARED, consent: { sms: true } });
    const again = await sale({ name: 'Sanne de Vries', phone: SHARED, consent: { sms: true } });
    expect(again.status).toBe(200);
    expect(again.body.warnings).toEqual(first.body.warnings);
    expect(again.body.consentUrl).toMatch(/^https:\/\/deals\.example\.test\/c\/[a-z0-9]{10}$/);
    expect(await value(store.db, 'SELECT count(*) FROM sales')).toBe(1);
  });

  it("still texts a customer's own mobile", async () => {
    const { sale } = await setup();
    const res = await sale({ name: 'Sanne de Vries', phone: '06 13572468', consent: { sms: true } });
    expect(res.body.scheduled.map((m: { channel: string }) => m.channel)).toEqual(['sms', 'sms']);
    expect(res.body.warnings).toBeUndefined();
    expect(res.body.consentUrl).toBeUndefined();
  });
});

// The join page refuses a machine's SIM (NL 097); a till's sale with one had its texts planned to it all the same.
describe("a till's sale whose customer's number is a machine's SIM (NL 097)", () => {
  const MACHINE = '+3197012345678';

  it('keeps the sale and the number, tells the till, and texts nothing; the e-mail goes', async () => {
    const { store, clock, dispatcher, sms, email, sale } = await setup();
    const res = await sale({ name: 'Sanne de Vries', phone: '097 012345678', email: 'sanne@example.com', consent: { sms: true, email: true } });
    expect(res.status).toBe(201);
    expect(res.body.scheduled.map((m: { kind: string; channel: string }) => `${m.kind}:${m.channel}`)).toEqual(['checkin:email', 'comeback:email']);
    expect(res.body.warnings).toEqual([{ field: 'customer.phone', message: expect.stringContaining("a machine's SIM (a Dutch 097 number") }]);
    expect(res.body.consentUrl).toBeUndefined();
    expect(await one(store.db, 'SELECT phone, sms_consent AS sms FROM customers')).toEqual({ phone: MACHINE, sms: 1 });
    expect(await all(store.db, 'SELECT DISTINCT channel FROM messages')).toEqual([{ channel: 'email' }]);
    clock.set('2026-03-15T10:00:00+01:00');
    await dispatcher.tick(clock.now());
    expect(sms.sent).toEqual([]);
    expect(email.sent.map((m) => m.to)).toEqual(['sanne@example.com']);
  });

  it('with no e-mail address: the sale is stored, nothing is planned (no_contact), and it gets a consent link', async () => {
    const { store, sale } = await setup();
    const res = await sale({ name: 'Sanne de Vries', phone: MACHINE, consent: { sms: true } });
    expect(res.status).toBe(201);
    expect(res.body.scheduled).toEqual([]);
    expect(res.body.skipped).toEqual([{ kind: 'checkin', reason: 'no_contact' }, { kind: 'comeback', reason: 'no_contact' }]);
    expect(res.body.warnings).toEqual([{ field: 'customer.phone', message: expect.stringContaining('no text goes to it') }]);
    expect(res.body.consentUrl).toMatch(/^https:\/\/deals\.example\.test\/c\/[a-z0-9]{10}$/);
    expect(await value(store.db, 'SELECT count(*) FROM sales')).toBe(1);
    expect(await value(store.db, 'SELECT count(*) FROM messages')).toBe(0);
    expect(await one(store.db, 'SELECT phone FROM customers')).toEqual({ phone: MACHINE });
  });
});

// The rules above apply to a sale as it comes; the dispatcher did not look again as it sent. A text planned before them
// (an upgrade), or to a number a shop has taken as its --sms-from since, went all the same.
describe('a text planned to a number nextdeal must not text, as it is sent', () => {
  async function planned() {
    const s = await setup();
    const res = await s.sale({ name: 'Sanne de Vries', phone: '06 13572468', consent: { sms: true } });
    expect(res.body.scheduled.map((m: { channel: string }) => m.channel)).toEqual(['sms', 'sms']);
    const messages = () => all(s.store.db, 'SELECT kind, status, error FROM messages ORDER BY kind');
    const logPage = async () => {
      await s.store.sessions.setPassword(s.shop.id, await hashPassword('correct horse battery'));
      const owner = ownerClient(s.base);
      await owner.logIn('fietsenmaker', 'correct horse battery');
      return (await owner.get('/shops/fietsenmaker/messages?status=cancelled')).text();
    };
    return { ...s, messages, logPage };
  }
  const checkinDue = '2026-03-15T10:00:00+01:00';

  it("is not sent to a number a shop has taken as its --sms-from since: cancelled, and the owner's log says why", async () => {
    const s = await planned();
    await s.store.shops.update('bakker', { smsFrom: '+31613572468' });
    s.clock.set(checkinDue);
    const report = await s.dispatcher.tick(s.clock.now());
    expect(s.sms.sent).toEqual([]);
    expect(report).toMatchObject({ sent: 0, cancelled: 1 });
    expect(await s.messages()).toEqual([
      { kind: 'checkin', status: 'cancelled', error: 'own_number' },
      { kind: 'comeback', status: 'scheduled', error: null },
    ]);
    expect(await s.logPage()).toContain("dit is een nummer waar nextdeal zelf vanaf sms&#39;t (van deze of een andere winkel), niet dat van de klant");
    // Nor later: the come-back invitation, when it is due, ends so too; nothing went twice, nothing was left waiting.
    s.clock.set('2026-04-14T11:00:00+02:00');
    await s.dispatcher.tick(s.clock.now());
    expect(s.sms.sent).toEqual([]);
    expect((await s.messages()).map((m) => `${m.status}:${m.error}`)).toEqual(['cancelled:own_number', 'cancelled:own_number']);
  });

  it.each([
    ['+3197010000001', 'own_number', 'TWILIO_FROM'],
    ['+3197012345678', 'machine_number', "a machine's SIM (NL 097)"],
  ])('is not sent to %s (planned before the rules: %s, %s)', async (phone, reason) => {
    const s = await planned();
    // As a version before these rules left it: the customer's number, the texts planned to it.
    await run(s.store.db, 'UPDATE customers SET phone = ?', phone);
    s.clock.set(checkinDue);
    await s.dispatcher.tick(s.clock.now());
    expect(s.sms.sent).toEqual([]);
    expect((await s.messages())[0]).toEqual({ kind: 'checkin', status: 'cancelled', error: reason });
    const page = await s.logPage();
    expect(page).toContain(reason === 'own_number' ? 'dit is een nummer waar nextdeal zelf vanaf sms' : 'dit is het nummer van een apparaat (097: een meter, een alarm, een auto), dat niemand leest');
  });

  it('is put back, not lost nor sent, when the numbers nextdeal texts from cannot be read for a moment', async () => {
    const s = await planned();
    const failing = { ...s.store, shops: { ...s.store.shops, textsFrom: () => Promise.reject(Object.assign(new Error('gone'), { code: '57P01' })) } };
    const { dispatcher, sms } = testDispatcher(failing);
    s.clock.set(checkinDue);
    await dispatcher.tick(s.clock.now());
    expect(sms.sent).toEqual([]);
    expect(await one(s.store.db, "SELECT status, attempts, next_attempt_at AS next FROM messages WHERE kind = 'checkin'"))
      .toEqual({ status: 'scheduled', attempts: 0, next: s.clock.now() + 60_000 });
    // Read again, it goes.
    s.clock.set('2026-03-15T10:01:00+01:00');
    await s.dispatcher.tick(s.clock.now());
    expect(s.sms.sent.map((m) => m.to)).toEqual(['+31613572468']);
  });

  // Its review: the look came before the other checks, so a text 48 hours past its time was put back a minute at a
  // time while the look failed, never expired.
  it('expires a text past its time without the look, also while the numbers cannot be read', async () => {
    const s = await planned();
    const failing = { ...s.store, shops: { ...s.store.shops, textsFrom: () => Promise.reject(Object.assign(new Error('gone'), { code: '57P01' })) } };
    const { dispatcher, sms } = testDispatcher(failing);
    s.clock.set('2026-03-18T12:00:00+01:00');
    await dispatcher.tick(s.clock.now());
    expect(sms.sent).toEqual([]);
    expect(await one(s.store.db, "SELECT status FROM messages WHERE kind = 'checkin'")).toEqual({ status: 'expired' });
  });

  it("still sends to the customer's own mobile, and an e-mail to one whose phone is a number nextdeal texts from", async () => {
    const s = await planned();
    s.clock.set(checkinDue);
    await s.dispatcher.tick(s.clock.now());
    expect(s.sms.sent.map((m) => m.to)).toEqual(['+31613572468']);
    const e = await setup();
    await e.sale({ name: 'Piet', phone: '06 24681357', email: 'piet@example.com', consent: { sms: false, email: true } });
    await run(e.store.db, 'UPDATE customers SET phone = ?', '+3197010000001');
    e.clock.set(checkinDue);
    await e.dispatcher.tick(e.clock.now());
    expect(e.email.sent.map((m) => m.to)).toEqual(['piet@example.com']);
  });
});
