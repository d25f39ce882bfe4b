// A check-in e-mail whose send is in doubt (the mail server took all of it, then said nothing) did reach the customer
// when they open its link: the reply page takes their answer, as for one sent, within 60 days of its handing over.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { configuredDispatcher } from '../../src/queue/dispatcher.js';
import { hashPassword } from '../../src/domain/password.js';
import { startSmtp } from '../fakes/smtp.js';
import type { EmailOut } from '../../src/channels/types.js';
import { PUBLIC_URL, createShop, one, onCleanup, ownerClient, value, postSale, recordingChannel, saleBody, startApp, tempDir, testClock, testDispatcher, testStore } from '../helpers.js';

/** Sanne's check-in e-mail, sent on 15 March at 10:00: the mail server took all of it, then the connection went down. */
async function inDoubt() {
  const smtp = await startSmtp();
  const store = await testStore();
  const clock = testClock('2026-03-14T15:31:00+01:00');
  const { webhookSecret } = await createShop(store);
  const base = await startApp(store, clock.now);
  const config = loadConfig({ SMTP_URL: smtp.url, EMAIL_FROM: 'hallo@nextdeal.example', OUTBOX_DIR: tempDir(), PUBLIC_URL, SMTP_TIMEOUT_SECONDS: '2' });
  const { dispatcher, close } = configuredDispatcher(config, store, createLogger('silent'));
  onCleanup(close);
  const customer = { name: 'Sanne de Vries', email: 'sanne@example.com', consent: { email: true } };
  await postSale(base, 'fietsenmaker', webhookSecret, saleBody({ customer }), clock.now());
  smtp.next('dropAfterData');
  clock.set('2026-03-15T10:00:00+01:00');
  await dispatcher.tick(clock.now());
  expect(smtp.mails).toHaveLength(1); // the customer has it
  expect(await one(store.db, "SELECT status FROM messages WHERE kind = 'checkin'")).toMatchObject({ status: 'uncertain' });
  const link = (path: 'r' | 'u') => new RegExp(`/${path}/([\\w-]+)`).exec(smtp.mails[0]!.text!)![1]!;
  clock.set('2026-03-15T12:00:00+01:00');
  return { smtp, store, clock, base, dispatcher, link };
}

describe('the reply page of a check-in e-mail whose send ended in doubt', () => {
  it('opens for the customer who received the e-mail', async () => {
    const { smtp, store, clock, base, dispatcher, link } = await inDoubt();
    const res = await fetch(`${base}/r/${link('r')}`, { headers: { 'accept-language': 'nl-NL,nl;q=0.9' } });
    const page = await res.text();
    expect(page).not.toContain('Deze link werkt niet (meer)');
    expect(res.status).toBe(200);
    expect(page).toContain('Tevreden over je Regenjas?');
    // Opened only (a mail filter's scan of a bounce may open it too): still in doubt. Answered: it arrived, settled as
    // sent when it was handed over, not left for the owner to ask the customer about (and perhaps send again).
    expect(await one(store.db, "SELECT status FROM messages WHERE kind = 'checkin'")).toEqual({ status: 'uncertain' });
    expect((await fetch(`${base}/r/${link('r')}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'answer=great' })).status).toBe(200);
    expect(await one(store.db, "SELECT status, sent_at AS sentAt, error FROM messages WHERE kind = 'checkin'")).toEqual({ status: 'sent', sentAt: Date.parse('2026-03-15T10:00:00+01:00'), error: null });
    clock.set('2026-03-16T10:00:00+01:00');
    await dispatcher.tick(clock.now());
    expect(smtp.mails).toHaveLength(1);
  });

  it('an unsubscribe link of an e-mail in doubt settles it as arrived too', async () => {
    const { store, base, link } = await inDoubt();
    expect((await fetch(`${base}/u/${link('u')}`)).status).toBe(200);
    expect(await one(store.db, "SELECT status FROM messages WHERE kind = 'checkin'")).toEqual({ status: 'uncertain' });
    expect((await fetch(`${base}/u/${link('u')}`, { method: 'POST' })).status).toBe(200);
    expect(await one(store.db, "SELECT status FROM messages WHERE kind = 'checkin'")).toEqual({ status: 'sent' });
  });

  // The owner, asking the customer as the page says, has the page open when the customer opens the link: her tap
  // then goes back to the page, which shows it sent (its review: "Niet gevonden" before), and nothing goes twice.
  it("the owner's tap on a message the link settled meanwhile goes back to the page", async () => {
    const { smtp, store, base, clock, dispatcher, link } = await inDoubt();
    const id = Number(await value(store.db, "SELECT id FROM messages WHERE kind = 'checkin'"));
    const shop = (await store.shops.bySlug('fietsenmaker'))!;
    await store.sessions.setPassword(shop.id, await hashPassword('correct horse battery'));
    const owner = ownerClient(base);
    await owner.logIn('fietsenmaker', 'correct horse battery');
    const page = await (await owner.get('/shops/fietsenmaker/messages?status=uncertain')).text();
    expect(page).toContain(`action="/shops/fietsenmaker/messages/${id}/resend"`);
    await fetch(`${base}/r/${link('r')}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'answer=great' });
    const res = await owner.post(`/shops/fietsenmaker/messages/${id}/resend`, { _csrf: owner.csrfIn(page) });
    expect([res.status, res.headers.get('location')]).toEqual([303, '/shops/fietsenmaker/messages?status=uncertain']);
    clock.set('2026-03-15T12:05:00+01:00');
    await dispatcher.tick(clock.now());
    expect(smtp.mails).toHaveLength(1);
  });

  // A review of 5 December found replies by SMS lost while the shop's message was still with Twilio. The e-mail's
  // page the same: the mail server has the message and the customer opens it before its answer came back.
  it('opens, and takes the answer, while the mail server has not answered the send yet', async () => {
    const store = await testStore();
    const clock = testClock('2026-03-14T15:31:00+01:00');
    const { webhookSecret } = await createShop(store);
    const base = await startApp(store, clock.now);
    await postSale(base, 'fietsenmaker', webhookSecret, saleBody({ customer: { name: 'Sanne de Vries', email: 'sanne@example.com', consent: { email: true } } }), clock.now());
    const mails = recordingChannel<EmailOut>('smtp');
    let handedOver: (m: EmailOut) => void = () => {};
    let answer: () => void = () => {};
    const arrived = new Promise<EmailOut>((r) => (handedOver = r));
    const slow = { ...mails, send: (m: EmailOut) => new Promise<{ providerId: string }>((r) => ((answer = () => r(mails.send(m))), handedOver(m))) };
    const { dispatcher } = testDispatcher(store, { email: slow });
    clock.set('2026-03-15T10:00:00+01:00');
    const ticked = dispatcher.tick(clock.now());
    const mail = await arrived;
    expect(await one(store.db, "SELECT status FROM messages WHERE kind = 'checkin'")).toMatchObject({ status: 'sending' });
    const token = /\/r\/([\w-]+)/.exec(mail.text)![1]!;
    const res = await fetch(`${base}/r/${token}`, { headers: { 'accept-language': 'nl-NL,nl;q=0.9' } });
    const page = await res.text();
    expect(page).not.toContain('Deze link werkt niet (meer)');
    expect(page).toContain('Tevreden over je Regenjas?');
    const posted = await fetch(`${base}/r/${token}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'answer=great' });
    expect(posted.status).toBe(200);
    answer();
    await ticked;
    expect(await one(store.db, "SELECT r.answer, m.status, m.replied_at IS NOT NULL AS replied FROM replies r JOIN messages m ON m.id = r.message_id"))
      .toEqual({ answer: 'great', status: 'sent', replied: expect.anything() });
  });
});
