import { describe, expect, it } from 'vitest';
import { SendFailure } from '../../src/channels/types.js';
import { all, createShop, one, postSale, run, saleBody, startApp, testClock, testDispatcher, testStore, value } from '../helpers.js';

async function setup(body: Record<string, unknown> = saleBody()) {
  const store = await testStore();
  const clock = testClock('2026-03-14T15:31:00+01:00');
  const { webhookSecret } = await createShop(store);
  const base = await startApp(store, clock.now);
  const post = (b: unknown) => postSale(base, 'fietsenmaker', webhookSecret, b, clock.now());
  await post(body);
  const t = testDispatcher(store);
  const tick = (iso: string) => t.dispatcher.tick(Date.parse(iso));
  const statuses = () => all(store.db, 'SELECT kind, status, attempts, error, error_detail FROM messages ORDER BY id');
  return { ...t, store, clock, post, tick, statuses };
}

describe('the dispatcher', () => {
  it('sends nothing before the check-in is due, and sends it the next morning', async () => {
    const { tick, sms } = await setup();
    expect((await tick('2026-03-15T09:59:00+01:00')).sent).toBe(0);
    expect((await tick('2026-03-15T10:00:00+01:00')).sent).toBe(1);
    expect(sms.sent).toEqual([
      {
        messageId: expect.any(Number),
        ref: expect.stringMatching(/^msg-\d+-\d{13}-checkin$/),
        createdAt: expect.any(Number),
        to: '+31613572468',
        from: null,
        body: 'Hoi Sanne, gisteren kocht je Regenjas bij Fietsenmaker Test ("voor mijn fietstochten"). Bevalt het? Antwoord gerust. Afmelden: STOP',
      },
    ]);
  });

  it('records the send: status, time, address and provider id', async () => {
    const { tick, store } = await setup();
    await tick('2026-03-15T10:01:00+01:00');
    expect(await one(store.db, "SELECT status, sent_at, recipient, provider_id FROM messages WHERE kind = 'checkin'")).toEqual({
      status: 'sent',
      sent_at: Date.parse('2026-03-15T10:01:00+01:00'),
      recipient: '+31613572468',
      provider_id: 'test-1',
    });
  });

  it('never sends a message twice, however often it runs', async () => {
    const { tick, dispatcher, sms } = await setup();
    const at = Date.parse('2026-03-15T10:01:00+01:00');
    await Promise.all([dispatcher.tick(at), dispatcher.tick(at)]);
    await tick('2026-03-15T10:02:00+01:00');
    expect(sms.sent).toHaveLength(1);
  });

  it('sends the come-back invitation 30 days later, dated rather than "yesterday"', async () => {
    const { tick, sms } = await setup();
    await tick('2026-03-15T10:00:00+01:00');
    await tick('2026-04-13T10:00:00+02:00');
    expect(sms.sent[1]!.body).toBe('Hoi Sanne, op zaterdag 14 maart kocht je Regenjas bij Fietsenmaker Test. We zien je graag nog eens terug! Afmelden: STOP');
  });

  it('expires a message found more than 48 hours late instead of sending it', async () => {
    const { tick, sms, statuses } = await setup();
    const report = await tick('2026-03-17T10:00:01+01:00');
    expect(report.expired).toBe(1);
    expect(sms.sent).toEqual([]);
    expect((await statuses())[0]).toMatchObject({ kind: 'checkin', status: 'expired', error: 'expired' });
  });

  it('says the right day when sending a day late within the grace period', async () => {
    const { tick, sms } = await setup();
    await tick('2026-03-16T10:00:00+01:00');
    expect(sms.sent[0]!.body).toContain('op zaterdag 14 maart kocht je');
  });

  it('cancels a message for a customer who withdrew consent since', async () => {
    const { tick, sms, store, statuses } = await setup();
    await run(store.db, 'UPDATE customers SET sms_consent = 0'); // withdrawn while the check-in waited (the check at sending)
    await tick('2026-03-15T10:00:00+01:00');
    expect(sms.sent).toEqual([]);
    expect((await statuses())[0]).toMatchObject({ status: 'cancelled', error: 'consent_withdrawn' });
  });

  it('cancels the check-in of a refunded sale', async () => {
    const { tick, sms, store, statuses } = await setup();
    await run(store.db, "UPDATE sales SET status = 'refunded'");
    await tick('2026-03-15T10:00:00+01:00');
    expect(sms.sent).toEqual([]);
    expect((await statuses())[0]).toMatchObject({ status: 'cancelled', error: 'refunded' });
  });

  it('retries a transient failure with backoff and sends once the provider recovers', async () => {
    const { tick, sms, statuses } = await setup();
    sms.failNext(
      new SendFailure({ reason: 'provider_error', kind: 'retry', detail: 'Twilio 500', code: 'HTTP 500' }),
      new SendFailure({ reason: 'unreachable', kind: 'retry', detail: 'ETIMEDOUT: timeout' }),
    );
    expect((await tick('2026-03-15T10:00:00+01:00')).retrying).toBe(1);
    expect((await statuses())[0]).toMatchObject({ status: 'scheduled', attempts: 1, error: 'provider_error', error_detail: 'Twilio 500' });
    expect((await tick('2026-03-15T10:00:59+01:00')).retrying).toBe(0); // backoff: not before a minute
    expect((await tick('2026-03-15T10:01:00+01:00')).retrying).toBe(1);
    expect((await tick('2026-03-15T10:04:59+01:00')).sent).toBe(0); // then 4 minutes
    expect((await tick('2026-03-15T10:05:00+01:00')).sent).toBe(1);
    expect(sms.sent).toHaveLength(1);
    expect((await statuses())[0]).toMatchObject({ status: 'sent', attempts: 3, error: null, error_detail: null });
  });

  // Before, a message due in an outage failed for good at its fifth try, 85 minutes in, and the README's "its messages
  // wait instead of using up their attempts" held for none of them (the operator-side review).
  const minutes = (m: number) => new Date(Date.parse('2026-03-15T10:00:00+01:00') + m * 60_000).toISOString();
  const outage = () => new SendFailure({ reason: 'provider_error', kind: 'retry', detail: 'Twilio 503' });

  it('keeps trying through a provider outage, an hour apart at most, and sends once the provider is back', async () => {
    const { tick, sms, statuses, store } = await setup();
    sms.failNext(...Array.from({ length: 6 }, outage));
    for (const m of [0, 1, 5, 21, 85, 149]) await tick(minutes(m));
    expect((await statuses())[0]).toMatchObject({ status: 'scheduled', attempts: 6, error: 'provider_error', error_detail: 'Twilio 503' });
    // Past its five tries a waiting message no longer counts against the channel: one number or mailbox refused for
    // days must not pause SMS or e-mail for every shop again and again (the review of this change).
    expect(await all(store.db, 'SELECT failures FROM channel_health WHERE channel = \'sms\'')).toEqual([{ failures: 5 }]);
    expect((await tick(minutes(212))).sent).toBe(0);
    expect((await tick(minutes(213))).sent).toBe(1); // 64 minutes after the sixth try, not 256
    expect(sms.sent).toHaveLength(1);
  });

  it("keeps the owner's alert of a complaint trying through mail trouble, and sends it once the mail server is back", async () => {
    const { tick, email, store } = await setup();
    const shop = (await store.shops.update('fietsenmaker', { alertEmail: 'eigenaar@fietsenmaker.example' }))!;
    const customerId = Number((await all(store.db, 'SELECT id FROM customers'))[0]!.id);
    await store.replies.record({ shopId: shop.id, customerId, messageId: null, saleId: null, channel: 'sms', providerId: 'SM1', answer: null, body: 'De rits is kapot', at: Date.parse(minutes(0)) });
    email.failNext(...Array.from({ length: 7 }, () => new SendFailure({ reason: 'unreachable', kind: 'retry', detail: 'ECONNREFUSED', code: 'ECONNREFUSED' })));
    let sent = 0;
    for (let m = 0; m <= 6 * 60; m += 10) sent += (await tick(minutes(m))).alerts;
    expect(await all(store.db, 'SELECT status, attempts FROM alerts')).toEqual([{ status: 'sent', attempts: 8 }]);
    expect([sent, email.sent.map((m) => m.to)]).toEqual([1, ['eigenaar@fietsenmaker.example']]);
  });

  it('gives up on a message 48 hours past its time, as on one found that late', async () => {
    const { tick, sms, statuses } = await setup();
    sms.failNext(...Array.from({ length: 100 }, outage));
    for (let m = 0; m <= 49 * 60; m += 30) await tick(minutes(m));
    expect((await statuses())[0]).toMatchObject({ status: 'expired' });
    expect(sms.sent).toEqual([]);
  });

  it('does not retry a permanent refusal, and marks a customer who opted out at Twilio', async () => {
    const { tick, sms, store, statuses } = await setup();
    sms.failNext(new SendFailure({ reason: 'unsubscribed_at_provider', kind: 'permanent', detail: 'Twilio 21610: unsubscribed', code: 'Twilio 21610', optedOut: true }));
    expect((await tick('2026-03-15T10:00:00+01:00')).failed).toBe(1);
    expect((await statuses())[0]).toMatchObject({ status: 'failed', attempts: 1, error: 'unsubscribed_at_provider', error_detail: 'Twilio 21610: unsubscribed' });
    expect(await value(store.db, 'SELECT sms_opted_out_at FROM customers')).toBe(Date.parse('2026-03-15T10:00:00+01:00'));
  });

  it("keeps a STOP Twilio answered (21610) whose opt-out could not be written at once: the row is left for the next answer to tell it again", async () => {
    const { tick, sms, store, statuses } = await setup();
    sms.failNext(new SendFailure({ reason: 'unsubscribed_at_provider', kind: 'permanent', detail: 'Twilio 21610: unsubscribed', code: 'Twilio 21610', optedOut: true }));
    const optOut = store.customers.optOut;
    store.customers.optOut = async () => {
      store.customers.optOut = optOut;
      throw Object.assign(new Error('Connection terminated unexpectedly'), { code: 'ECONNRESET' });
    };
    await tick('2026-03-15T10:00:00+01:00').catch(() => undefined);
    // Not settled as failed with the STOP unrecorded: still being sent, so it turns in doubt, is looked up, and meets 21610 again.
    expect((await statuses())[0]).toMatchObject({ status: 'sending' });
    expect(await value(store.db, 'SELECT sms_opted_out_at FROM customers')).toBeNull();
  });

  it('leaves a message claimed by a dispatcher that died as uncertain, and does not resend it', async () => {
    const { tick, sms, store, statuses } = await setup();
    // It had written down what it was handing over: it may have reached the provider.
    await run(store.db, "UPDATE messages SET status = 'sending', claimed_at = ?, recipient = '+31613572468', content = 'Hoi' WHERE kind = 'checkin'", Date.parse('2026-03-15T10:00:00+01:00'));
    expect((await tick('2026-03-15T10:09:00+01:00')).uncertain).toBe(0); // still within its lease
    expect((await tick('2026-03-15T10:11:00+01:00')).uncertain).toBe(1);
    expect((await statuses())[0]).toMatchObject({ status: 'uncertain' });
    expect(sms.sent).toEqual([]);
  });

  it('sends again a message whose dispatcher died before it wrote down what it was handing over: it never reached the provider', async () => {
    const { tick, sms, store, statuses } = await setup();
    await run(store.db, "UPDATE messages SET status = 'sending', claimed_at = ?, attempts = 1 WHERE kind = 'checkin'", Date.parse('2026-03-15T10:00:00+01:00'));
    await tick('2026-03-15T10:09:00+01:00'); // still within its lease: nothing
    expect(sms.sent).toEqual([]);
    expect((await tick('2026-03-15T10:11:00+01:00')).sent).toBe(1);
    expect((await statuses())[0]).toMatchObject({ status: 'sent', attempts: 2 });
    expect(sms.sent).toHaveLength(1);
  });

  it('e-mails with a subject, a text part and an HTML part that escapes what customers typed', async () => {
    const { tick, email } = await setup(saleBody({ reason: 'voor <b>Tom</b> & mij', customer: { name: 'Sanne', email: 'sanne@example.com', consent: { email: true } } }));
    await tick('2026-03-15T10:00:00+01:00');
    const mail = email.sent[0]!;
    expect(mail).toMatchObject({ to: 'sanne@example.com', from: { name: 'Fietsenmaker Test', address: 'nextdeal@example.test' }, subject: 'Hoe bevalt je aankoop bij Fietsenmaker Test?' });
    expect(mail.text).toContain('Je vertelde ons waarom: "voor <b>Tom</b> & mij".');
    expect(mail.html).toContain('voor &lt;b&gt;Tom&lt;/b&gt; &amp; mij');
    expect(mail.html).not.toContain('<b>Tom');
  });

  // A pharmacy's customer's reason is about their health, and an SMS shows on a locked phone: the shop keeps it out.
  it('quotes the reason in the messages unless the shop keeps it out', async () => {
    const s = await setup(saleBody({ reason: 'tegen mijn hoofdpijn', customer: { name: 'Sanne', phone: '0613572468', email: 'sanne@example.com', consent: { sms: true, email: true } } }));
    await s.store.shops.update('fietsenmaker', { reasonInMessages: 0 });
    await s.tick('2026-03-15T10:00:00+01:00');
    expect(s.sms.sent).toHaveLength(1);
    expect(s.sms.sent[0]!.body).not.toContain('hoofdpijn');
    expect(s.sms.sent[0]!.body).toMatch(/^Hoi Sanne, gisteren was je bij Fietsenmaker Test\. Alles goed\?/);
    const on = await setup(saleBody({ reason: 'tegen mijn hoofdpijn', customer: { name: 'Sanne', phone: '0613572468', consent: { sms: true } } }));
    await on.tick('2026-03-15T10:00:00+01:00');
    expect(on.sms.sent[0]!.body).toContain('("tegen mijn hoofdpijn")');
  });

  // "Condooms 12 st" on a locked phone says as much as the reason would: a shop that keeps the reason out keeps out
  // what was bought too, in every message and voice, and speaks of the visit ("was je bij", "Alles goed?"): "kocht je
  // iets … Bevalt het?" and "We hope you still enjoy it" of a medicine read oddly (the pharmacy customer review).
  it.each([
    [{}, 'nl', 'Hoi Sanne, gisteren was je bij Fietsenmaker Test. Alles goed? Antwoord gerust. Afmelden: STOP', 'Hoi Sanne, op zaterdag 14 maart was je bij Fietsenmaker Test. We zien je graag nog eens terug! Afmelden: STOP', 'Gisteren was je bij Fietsenmaker Test.', 'Op zaterdag 14 maart was je bij Fietsenmaker Test. We hopen dat alles nog naar wens is.'],
    [{ formal: 1 }, 'nl', 'Beste Sanne, gisteren was u bij Fietsenmaker Test. Alles naar wens? Antwoord gerust. Afmelden: STOP', 'Beste Sanne, op zaterdag 14 maart was u bij Fietsenmaker Test. We zien u graag nog eens terug! Afmelden: STOP', 'Gisteren was u bij Fietsenmaker Test.', 'Op zaterdag 14 maart was u bij Fietsenmaker Test. We hopen dat alles nog naar wens is.'],
    [{}, 'en', 'Hi Sanne, yesterday you visited Fietsenmaker Test. All well? Just reply. Opt out: STOP', 'Hi Sanne, on Saturday 14 March you visited Fietsenmaker Test. We would love to see you again! Opt out: STOP', 'Yesterday you visited Fietsenmaker Test.', 'On Saturday 14 March you visited Fietsenmaker Test. We hope all is still well.'],
  ])('names nothing bought in any message of a shop that keeps the reason out: %j %s', async (settings, locale, checkinSms, comebackSms, checkinMail, comebackMail) => {
    const items = [{ name: 'Condooms 12 st', sku: 'C-12', quantity: 1, unitPrice: 9.95 }, { name: 'Glijmiddel', sku: 'G-1', quantity: 1, unitPrice: 7.5 }];
    const sale = (id: string, customer: Record<string, unknown>) => saleBody({ id, items, reason: 'soa-test positief', customer: { name: 'Sanne', locale, ...customer } });
    const s = await setup(sale('sale-1', { phone: '0613572468', consent: { sms: true } }));
    await s.post(sale('sale-2', { phone: '0698765432', email: 'sanne@example.com', consent: { email: true } }));
    await s.store.shops.update('fietsenmaker', { reasonInMessages: 0, ...settings });
    await s.tick('2026-03-15T10:00:00+01:00');
    await s.tick('2026-04-13T10:00:00+02:00');
    expect(s.sms.sent.map((m) => m.body)).toEqual([checkinSms, comebackSms]);
    expect(s.email.sent).toHaveLength(2);
    for (const mail of s.email.sent) expect(`${mail.subject}\n${mail.text}\n${mail.html}`).not.toMatch(/Condooms|Glijmiddel|artikel|1 more|soa/);
    expect(s.email.sent.map((m) => m.text.split('\n')[2])).toEqual([checkinMail, comebackMail]);
  });

  // An SMS cannot carry Cyrillic, Chinese or emoji in its 160 GSM characters: such a name was left out, and the
  // customer read "kocht je Regenjas bij . Bevalt het?" from nobody. The slug says who texts; the e-mail keeps the name.
  it.each([['Калинка'], ['东方超市'], ['🚲🚲']])('names a shop called %s by its slug in an SMS, by its name in an e-mail', async (name) => {
    const s = await setup(saleBody({ customer: { name: 'Sanne', phone: '0613572468', consent: { sms: true } } }));
    await s.post(saleBody({ id: 'sale-2', customer: { name: 'Sanne', phone: '0698765432', email: 'sanne@example.com', consent: { email: true } } }));
    await s.store.shops.update('fietsenmaker', { name });
    await s.tick('2026-03-15T10:00:00+01:00');
    expect(s.sms.sent[0]!.body).toBe('Hoi Sanne, gisteren kocht je Regenjas bij fietsenmaker ("voor mijn fietstochten"). Bevalt het? Antwoord gerust. Afmelden: STOP');
    expect(s.email.sent[0]!.subject).toBe(`Hoe bevalt je aankoop bij ${name}?`);
  });

  // A customer who answers the check-in e-mail itself, a complaint say, must reach someone: EMAIL_FROM may be an
  // address nobody reads (nextdeal@localhost by default).
  it.each([
    [{}, null],
    [{ alertEmail: 'eigenaar@fietsenmaker.example' }, 'eigenaar@fietsenmaker.example'],
    [{ alertEmail: 'eigenaar@fietsenmaker.example', emailFrom: 'winkel@fietsenmaker.example' }, 'winkel@fietsenmaker.example'],
  ])('e-mails with Reply-To the shop\'s own address, else its alert address: %j', async (settings, replyTo) => {
    const s = await setup(saleBody({ customer: { name: 'Sanne', email: 'sanne@example.com', consent: { email: true } } }));
    await s.store.shops.update('fietsenmaker', settings);
    await s.tick('2026-03-15T10:00:00+01:00');
    expect(s.email.sent[0]!.replyTo).toBe(replyTo);
  });
});
