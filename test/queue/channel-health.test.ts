// The channel's health (consecutive provider failures, the pause) keeps the last failure's code, never the provider's
// words: those may quote the customer's address, and the table is the installation's, which an erase does not touch.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { hashPassword } from '../../src/domain/password.js';
import { createLogger } from '../../src/log.js';
import { configuredDispatcher } from '../../src/queue/dispatcher.js';
import { startSmtp } from '../fakes/smtp.js';
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
    smtp.refuseNext(450, '4.2.0 <sanne@example.com>: Recipient address rejected: Greylisted, please try again later');
    expect((await dispatcher.tick(Date.parse('2026-03-15T10:00:00+01:00'))).retrying).toBe(1);
    expect(await all(store.db, 'SELECT channel, failures, last_error FROM channel_health')).toEqual([{ channel: 'email', failures: 1, last_error: 'SMTP 450' }]);
    await store.privacy.erase([r.body.customerId], 'request', Date.parse('2026-03-15T11:00:00+01:00'));
    expect(await all(store.db, "SELECT channel FROM channel_health WHERE last_error LIKE '%sanne%'")).toEqual([]);
  });

  it('keeps no text that is not a code, whoever passes it', async () => {
    const store = await testStore();
    const at = Date.parse('2026-03-15T10:00:00+01:00');
    await store.health.failed('sms', "Twilio 21211: The 'To' number +31612345678 is not a valid phone number.", at, 5, 60_000);
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
});
