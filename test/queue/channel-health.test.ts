// The channel's health (consecutive provider failures, the pause) keeps the last failure's code, never the provider's
// words: those may quote the customer's address, and the table is the installation's, which an erase does not touch.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { hashPassword } from '../../src/domain/password.js';
import { createLogger } from '../../src/log.js';
import { configuredDispatcher } from '../../src/queue/dispatcher.js';
import { startSmtp } from '../fakes/smtp.js';
import { startTwilio, twilioAccount } from '../fakes/twilio.js';
import { all, createShop, onCleanup, ownerClient, postSale, saleBody, startApp, tempDir, testClock, testStore } from '../helpers.js';

describe('channel health', () => {
  it("keeps an SMTP refusal's code, not its text quoting the address: nothing of an erased customer is left", async () => {
    const smtp = await startSmtp();
    const store = await testStore();
    const clock = testClock('2026-03-14T15:31:00+01:00');
    const { webhookSecret } = await createShop(store);
    const base = await startApp(store, clock.now);
    const { dispatcher, close } = configuredDispatcher(loadConfig({ SMTP_URL: smtp.url, OUTBOX_DIR: tempDir(), PUBLIC_URL: 'http://localhost:3000' }), store, createLogger('silent'));
    onCleanup(close);
    const r = await postSale(base, 'fietsenmaker', webhookSecret, saleBody({ customer: { name: 'Sanne', email: 'sanne@example.com', consent: { email: true } } }), clock.now());
    smtp.refuseNext(451, '4.3.0 <sanne@example.com>: Temporary lookup failure');
    expect((await dispatcher.tick(Date.parse('2026-03-15T10:00:00+01:00'))).retrying).toBe(1);
    expect(await all(store.db, 'SELECT channel, failures, last_error FROM channel_health')).toEqual([{ channel: 'email', failures: 1, last_error: 'SMTP 451' }]);
    await store.privacy.erase([r.body.customerId], 'request', Date.parse('2026-03-15T11:00:00+01:00'));
    expect(await all(store.db, "SELECT channel FROM channel_health WHERE last_error LIKE '%sanne%'")).toEqual([]);
  });

  // A restart with the settings put right (src/main.ts) ends a pause for a refused login, and only such a pause.
  it('lifts the failures and pause of a refused login, not those of a provider failing', async () => {
    const store = await testStore();
    const at = Date.parse('2026-03-15T10:00:00+01:00');
    for (let i = 0; i < 5; i++) {
      await store.health.failed('email', 'SMTP 535', at, 5, 600_000, 'login');
      await store.health.failed('sms', 'Twilio 500', at, 5, 600_000);
    }
    expect((await store.health.paused(at)).map((p) => [p.channel, p.loginRefused])).toEqual([['email', true], ['sms', false]]);
    expect(await store.health.liftLoginPause('sms', at + 1000)).toBe(false);
    expect(await store.health.liftLoginPause('email', at + 1000)).toBe(true);
    expect(await store.health.liftLoginPause('email', at + 2000)).toBe(false);
    expect((await store.health.paused(at + 3000)).map((p) => p.channel)).toEqual(['sms']);
    expect(await all(store.db, "SELECT failures FROM channel_health WHERE channel = 'email'")).toEqual([{ failures: 0 }]);
  });

  it('keeps no text that is not a code, whoever passes it', async () => {
    const store = await testStore();
    const at = Date.parse('2026-03-15T10:00:00+01:00');
    await store.health.failed('sms', "Twilio 21211: The 'To' number +31613572468 is not a valid phone number.", at, 5, 60_000);
    await store.health.failed('email', 'sanne@example.com', at, 5, 60_000);
    expect(await all(store.db, 'SELECT channel, last_error FROM channel_health ORDER BY channel')).toEqual([
      { channel: 'email', last_error: null },
      { channel: 'sms', last_error: null },
    ]);
    await store.health.failed('sms', 'Twilio 21611', at, 5, 60_000);
    await store.health.failed('email', 'ECONNREFUSED', at, 5, 60_000);
    expect(await all(store.db, 'SELECT channel, last_error FROM channel_health ORDER BY channel')).toEqual([
      { channel: 'email', last_error: 'ECONNREFUSED' },
      { channel: 'sms', last_error: 'Twilio 21611' },
    ]);
  });

  // An outbox whose disk quota is full (EDQUOT) is a full disk to the owner, as ENOSPC is; `shop show` says so too
  // (test/cli.test.ts). No permission is to blame.
  it('tells the owner the disk is full for an outbox paused on EDQUOT', async () => {
    const store = await testStore();
    const { shop } = await createShop(store);
    const at = Date.parse('2026-03-15T10:00:00+01:00');
    for (let i = 0; i < 5; i++) await store.health.failed('sms', 'EDQUOT', at, 5, 10 * 60_000, 'outbox');
    await store.sessions.setPassword(shop.id, await hashPassword('correct horse battery'));
    const owner = ownerClient(await startApp(store, () => at + 60_000));
    await owner.logIn('fietsenmaker', 'correct horse battery');
    const page = await (await owner.get('/shops/fietsenmaker')).text();
    expect(page).toContain('SMS staat stil tot 10:10: nextdeal kon de berichten 5 keer achter elkaar niet opslaan op de server waarop het draait, omdat de schijf van die server vol is.');
    expect(page).toContain('(EDQUOT)');
  });

  it("shows the owner a paused channel with the last failure's code", async () => {
    const store = await testStore();
    const { shop } = await createShop(store);
    const at = Date.parse('2026-03-15T10:00:00+01:00');
    for (let i = 0; i < 5; i++) await store.health.failed('email', 'SMTP 535', at, 5, 30 * 60_000);
    await store.sessions.setPassword(shop.id, await hashPassword('correct horse battery'));
    const owner = ownerClient(await startApp(store, () => at + 60_000));
    await owner.logIn('fietsenmaker', 'correct horse battery');
    const page = await (await owner.get('/shops/fietsenmaker')).text();
    expect(page).toContain('data-paused="email"');
    expect(page).toContain('(SMTP 535)');
  });

  // The operator review of 5 December: a wrong Twilio token (20003) or SMTP password (535) paused the channel, and the
  // owner read "a problem at the provider; the messages wait and go out after": nothing goes until the operator puts
  // the setting right, and check-ins expire after 48 hours.
  it('tells the owner that the provider refused the login and that whoever runs nextdeal must put it right', async () => {
    const twilio = await startTwilio();
    for (let i = 0; i < 5; i++) twilio.answerNext(401, '{"code": 20003, "message": "Authenticate", "status": 401}');
    const store = await testStore();
    const clock = testClock('2026-03-14T15:31:00+01:00');
    const { webhookSecret, shop } = await createShop(store);
    const base = await startApp(store, clock.now);
    const config = loadConfig({ ...twilioAccount(twilio.baseUrl), OUTBOX_DIR: tempDir(), PUBLIC_URL: 'http://localhost:3000', CHANNEL_PAUSE_AFTER: '5' });
    const { dispatcher, close } = configuredDispatcher(config, store, createLogger('silent'));
    onCleanup(close);
    for (let n = 0; n < 5; n++) {
      await postSale(base, 'fietsenmaker', webhookSecret, saleBody({ id: `s${n}`, customer: { name: 'Sanne', phone: `06${40_000_000 + n}`, consent: { sms: true } } }), clock.now());
    }
    const at = Date.parse('2026-03-15T10:00:00+01:00');
    expect((await dispatcher.tick(at)).retrying).toBe(5);
    await store.sessions.setPassword(shop.id, await hashPassword('correct horse battery'));
    const owner = ownerClient(await startApp(store, () => at + 60_000));
    await owner.logIn('fietsenmaker', 'correct horse battery');
    const page = await (await owner.get('/shops/fietsenmaker')).text();
    expect(page).toContain('SMS gaat niet uit: de aanbieder weigerde 5 keer achter elkaar de instellingen van nextdeal (de inloggegevens of het afzendnummer). Er gaat niets uit tot degene die nextdeal voor je beheert de instellingen herstelt');
    expect(page).toContain('(Twilio 20003)');
    expect(page).not.toContain('storing bij de aanbieder');
    expect(page).not.toContain('alsnog uit');
  });

  it('says so in English for an English-speaking shop, and a provider that fails otherwise still reads as passing trouble', async () => {
    const store = await testStore();
    const { shop } = await createShop(store, { locale: 'en' });
    const at = Date.parse('2026-03-15T10:00:00+01:00');
    for (let i = 0; i < 5; i++) await store.health.failed('email', 'SMTP 535', at, 5, 30 * 60_000, 'login');
    for (let i = 0; i < 5; i++) await store.health.failed('sms', 'Twilio 20503', at, 5, 30 * 60_000);
    await store.sessions.setPassword(shop.id, await hashPassword('correct horse battery'));
    const owner = ownerClient(await startApp(store, () => at + 60_000));
    await owner.logIn('fietsenmaker', 'correct horse battery');
    const page = await (await owner.get('/shops/fietsenmaker')).text();
    expect(page).toContain("E-mail is not going out: the provider refused nextdeal&#39;s settings (its login) 5 times in a row. Nothing goes until the person who runs nextdeal for you puts its settings right");
    expect(page).toContain('(SMTP 535)');
    expect(page).toContain('SMS is paused until 10:30: sending failed 5 times in a row, a problem at the provider.');
  });
});
