import { describe, expect, it } from 'vitest';
import { channelsFrom } from '../../src/channels/index.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { configuredDispatcher } from '../../src/queue/dispatcher.js';
import { startSmtp } from '../fakes/smtp.js';
import { createShop, onCleanup, one, postSale, saleBody, startApp, tempDir, testClock, testStore } from '../helpers.js';

async function setup() {
  const smtp = await startSmtp();
  const store = await testStore();
  const clock = testClock('2026-03-14T15:31:00+01:00');
  const { webhookSecret } = await createShop(store);
  const base = await startApp(store, clock.now);
  const config = loadConfig({ SMTP_URL: smtp.url, EMAIL_FROM: 'hallo@nextdeal.example', OUTBOX_DIR: tempDir(), PUBLIC_URL: 'http://localhost:3000' });
  const { dispatcher, channels, close } = configuredDispatcher(config, store, createLogger('silent'));
  onCleanup(close);
  const customer = { name: 'Sanne de Vries', email: 'sanne@example.com', consent: { email: true } };
  await postSale(base, 'fietsenmaker', webhookSecret, saleBody({ customer, reason: 'voor <b>mijn</b> fietstochten', items: [{ name: 'Regenjas' }] }), clock.now());
  const status = () => one(store.db, "SELECT status, attempts, error, error_detail, provider_id FROM messages WHERE kind = 'checkin'");
  const shopId = (await store.shops.bySlug('fietsenmaker'))!.id;
  return { smtp, store, shopId, dispatcher, channels, status, tick: (iso: string) => dispatcher.tick(Date.parse(iso)) };
}

describe('e-mail over SMTP', () => {
  it('delivers the check-in to a real SMTP server with a text and an HTML part', async () => {
    const { smtp, tick, status, channels } = await setup();
    expect(channels.email.transport).toBe('smtp');
    expect((await tick('2026-03-15T10:00:00+01:00')).sent).toBe(1);
    expect(smtp.mails).toHaveLength(1);
    const mail = smtp.mails[0]!;
    expect(mail.from?.value).toEqual([{ name: 'Fietsenmaker Test', address: 'hallo@nextdeal.example' }]);
    expect(mail.to && !Array.isArray(mail.to) && mail.to.value[0]?.address).toBe('sanne@example.com');
    expect(mail.subject).toBe('Hoe bevalt je aankoop bij Fietsenmaker Test?');
    expect(mail.text).toContain('Gisteren kocht je Regenjas bij Fietsenmaker Test.');
    expect(mail.text).toContain('"voor <b>mijn</b> fietstochten"');
    expect(mail.html).toContain('voor &lt;b&gt;mijn&lt;/b&gt; fietstochten');
    expect(await status()).toMatchObject({ status: 'sent', provider_id: mail.messageId });
  });

  it('carries one-click unsubscribe headers and a visible unsubscribe link through real SMTP', async () => {
    const { smtp, tick } = await setup();
    await tick('2026-03-15T10:00:00+01:00');
    const mail = smtp.mails[0]!;
    const header = (name: string) => mail.headerLines.filter((h) => h.key === name).map((h) => h.line);
    expect(header('list-unsubscribe')).toEqual([expect.stringMatching(/^List-Unsubscribe: <http:\/\/localhost:3000\/u\/[\w-]{24}>$/)]);
    expect(header('list-unsubscribe-post')).toEqual(['List-Unsubscribe-Post: List-Unsubscribe=One-Click']);
    // RFC 3834: sent by a program, so the customer's out-of-office answers it not (and does not land among complaints).
    expect(header('auto-submitted')).toEqual(['Auto-Submitted: auto-generated']);
    const link = /<(http:\/\/localhost:3000\/u\/[\w-]+)>/.exec(header('list-unsubscribe')[0]!)![1]!;
    expect(mail.text).toContain(`Afmelden: ${link}`);
    expect(mail.html).toContain(`href="${link}"`);
  });

  it("e-mails the owner's alert about a problem through real SMTP", async () => {
    const { smtp, tick, store, shopId } = await setup();
    await store.shops.update('fietsenmaker', { alertEmail: 'eigenaar@fietsenmaker.example' });
    await tick('2026-03-15T10:00:00+01:00');
    const token = /\/r\/([\w-]+)/.exec(smtp.mails[0]!.text!)![1]!;
    const m = (await store.messages.byToken(token))!;
    const r = await store.replies.record({ shopId, customerId: m.customerId, messageId: m.id, saleId: m.saleId, channel: 'email', providerId: null, answer: 'problem', body: 'De rits is kapot', at: Date.parse('2026-03-15T11:00:00+01:00') });
    expect(r).toMatchObject({ class: 'problem', alerted: true });
    if (r.duplicate) throw new Error('the reply was not stored');
    expect((await tick('2026-03-15T11:00:00+01:00')).alerts).toBe(1);
    const alert = smtp.mails[1]!;
    expect(alert.to && !Array.isArray(alert.to) && alert.to.value[0]?.address).toBe('eigenaar@fietsenmaker.example');
    expect(alert.subject).toBe('Probleem van Sanne de Vries over Regenjas');
    expect(alert.text).toContain('In eigen woorden: "De rits is kapot"');
    expect(alert.text).toContain('Mailen: sanne@example.com');
    // One tap from the phone to where it is marked handled (before, the alert named no place to do it), and the
    // invitation it holds said only while it does.
    expect(alert.text).toContain(`Markeer het als afgehandeld als het geregeld is: http://localhost:3000/shops/fietsenmaker/replies?reading=open&reply=${r.id}#r${r.id}\nDe uitnodiging om terug te komen wacht daarop.`);
    expect(String(alert.html).replaceAll('&#x3D;', '=')).toContain(`<a href="http://localhost:3000/shops/fietsenmaker/replies?reading=open&amp;reply=${r.id}#r${r.id}">Markeer het als afgehandeld</a>`);
    expect(alert.replyTo?.value[0]?.address).toBe('sanne@example.com');
    expect(alert.headers.get('list-unsubscribe')).toBeUndefined();
    // The owner's out-of-office would otherwise answer the complaining customer (the alert's Reply-To), quoting its subject.
    expect(alert.headers.get('auto-submitted')).toBe('auto-generated');
  });

  it('keeps a message the server refuses for now (451) and sends it on a later try', async () => {
    const { smtp, tick, status } = await setup();
    smtp.refuseNext(451, 'Try again later');
    expect((await tick('2026-03-15T10:00:00+01:00')).retrying).toBe(1);
    expect(await status()).toMatchObject({ status: 'scheduled', attempts: 1, error: 'provider_error', error_detail: expect.stringContaining('451') });
    expect((await tick('2026-03-15T10:01:00+01:00')).sent).toBe(1);
    expect(smtp.mails).toHaveLength(1);
  });

  it('does not retry a mailbox the server says does not exist (550)', async () => {
    const { smtp, tick, status } = await setup();
    smtp.refuseNext(550, 'No such user');
    expect((await tick('2026-03-15T10:00:00+01:00')).failed).toBe(1);
    expect(await status()).toMatchObject({ status: 'failed', attempts: 1, error: 'mailbox_unknown', error_detail: expect.stringMatching(/550.*No such user/) });
  });

  // A 553 at MAIL FROM (Postfix's answer to a sender the login may not use) is about the sender, not the customer: read
  // as 'mailbox unknown', every e-mail of the shop failed for good, each shown to its owner as a customer's dead mailbox.
  it('a sender refused for good (553 at MAIL FROM) is not a dead mailbox: the message waits and goes from a corrected sender', async () => {
    const { smtp, tick, status, store } = await setup();
    await store.shops.update('fietsenmaker', { emailFrom: 'info@fietsenmaker.example' });
    smtp.refuseSender('info@fietsenmaker.example', 553, '5.7.1 <info@fietsenmaker.example>: Sender address rejected: not owned by user');
    expect((await tick('2026-03-15T10:00:00+01:00')).retrying).toBe(1);
    expect(await status()).toMatchObject({ status: 'scheduled', attempts: 1, error: 'sender_refused', error_detail: expect.stringMatching(/^SMTP 553: .*not owned by user/) });
    await store.shops.update('fietsenmaker', { emailFrom: 'winkel@fietsenmaker.example' });
    expect((await tick('2026-03-15T10:01:00+01:00')).sent).toBe(1);
    expect(smtp.mails.map((m) => m.from?.value[0]?.address)).toEqual(['winkel@fietsenmaker.example']);
  });

  it('retries when the SMTP server cannot be reached', async () => {
    const dead = channelsFrom(loadConfig({ SMTP_URL: 'smtp://127.0.0.1:1' })).email;
    const mail = { ref: 'x', to: 'a@b.nl', from: { name: 'S', address: 's@b.nl' }, replyTo: null, subject: 's', text: 't', html: 'h', headers: {} };
    await expect(dead.send(mail)).rejects.toMatchObject({ kind: 'retry', message: expect.stringContaining('ECONNREFUSED') });
    await dead.close?.();
  });
});
