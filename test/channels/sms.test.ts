import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { configuredDispatcher } from '../../src/queue/dispatcher.js';
import { ACCOUNT_SID, AUTH_TOKEN, error21211, error21610, startTwilio } from '../fakes/twilio.js';
import { createShop, onCleanup, one, postSale, saleBody, startApp, tempDir, testClock, testStore, value } from '../helpers.js';

async function setup(env: Record<string, string> = { TWILIO_FROM: '+15005550006' }) {
  const twilio = await startTwilio();
  const store = await testStore();
  const clock = testClock('2026-03-14T15:31:00+01:00');
  const { webhookSecret } = await createShop(store);
  const base = await startApp(store, clock.now);
  const config = loadConfig({ PUBLIC_URL: 'http://localhost:3000', TWILIO_ACCOUNT_SID: ACCOUNT_SID, TWILIO_AUTH_TOKEN: AUTH_TOKEN, TWILIO_API_BASE_URL: twilio.baseUrl, OUTBOX_DIR: tempDir(), ...env });
  const { dispatcher, channels, close } = configuredDispatcher(config, store, createLogger('silent'));
  onCleanup(close);
  await postSale(base, 'fietsenmaker', webhookSecret, saleBody(), clock.now());
  const message = () => one(store.db, "SELECT status, attempts, error, error_detail, provider_id FROM messages WHERE kind = 'checkin'");
  const optedOut = () => value(store.db, 'SELECT sms_opted_out_at FROM customers');
  return { twilio, channels, store, message, optedOut, tick: (iso: string) => dispatcher.tick(Date.parse(iso)) };
}

describe('SMS through the twilio client', () => {
  it('calls the Messages API with the account, the sender and the text, and keeps the SID', async () => {
    const { twilio, tick, message, channels } = await setup();
    expect(channels.sms.transport).toBe('twilio');
    expect((await tick('2026-03-15T10:00:00+01:00')).sent).toBe(1);
    expect(twilio.calls).toHaveLength(1);
    const call = twilio.calls[0]!;
    expect(call.path).toBe(`/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`);
    expect(call.authorization).toBe(`Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64')}`);
    expect(call.form).toMatchObject({
      To: '+31613572468',
      From: '+15005550006',
      Body: expect.stringContaining('gisteren kocht je Regenjas'),
      StatusCallback: expect.stringMatching(/^http:\/\/localhost:3000\/v1\/twilio\/status\?message=\d+&created=\d+$/),
    });
    expect(await message()).toMatchObject({ status: 'sent', provider_id: `SM${'1'.padStart(32, '0')}` });
  });

  it('sends through a Messaging Service when one is configured instead of a number', async () => {
    const mg = 'MG' + 'b'.repeat(32);
    const { twilio, tick } = await setup({ TWILIO_MESSAGING_SERVICE_SID: mg });
    await tick('2026-03-15T10:00:00+01:00');
    expect(twilio.calls[0]!.form).toMatchObject({ MessagingServiceSid: mg });
    expect(twilio.calls[0]!.form.From).toBeUndefined();
  });

  it('fails for good on an invalid number (21211), without retrying', async () => {
    const { twilio, tick, message } = await setup();
    twilio.answerNext(400, error21211);
    expect((await tick('2026-03-15T10:00:00+01:00')).failed).toBe(1);
    expect(await message()).toMatchObject({ status: 'failed', attempts: 1, error: 'invalid_number', error_detail: expect.stringContaining('21211') });
    await tick('2026-03-15T11:00:00+01:00');
    expect(twilio.calls).toHaveLength(1);
  });

  it('marks the customer opted out when Twilio says they unsubscribed (21610), and cancels what waits', async () => {
    const { twilio, tick, message, optedOut, store } = await setup();
    twilio.answerNext(400, error21610);
    await tick('2026-03-15T10:00:00+01:00');
    expect(await message()).toMatchObject({ status: 'failed', attempts: 1, error: 'unsubscribed_at_provider', error_detail: expect.stringContaining('21610') });
    expect(await optedOut()).toBe(Date.parse('2026-03-15T10:00:00+01:00'));
    expect(await value(store.db, "SELECT status FROM messages WHERE kind = 'comeback'")).toBe('cancelled');
    expect(await one(store.db, 'SELECT source, given FROM consent_events ORDER BY id DESC LIMIT 1')).toEqual({ source: 'provider', given: 0 });
    await tick('2026-04-13T10:00:00+02:00');
    expect(twilio.calls).toHaveLength(1);
  });

  it.each([
    [429, '{"code": 20429, "message": "Too Many Requests", "status": 429}'],
    [500, '{"code": 20500, "message": "Internal Server Error", "status": 500}'],
  ])('retries after Twilio answers %i, and sends when it recovers', async (status, body) => {
    const { twilio, tick, message } = await setup();
    twilio.answerNext(status, body);
    expect((await tick('2026-03-15T10:00:00+01:00')).retrying).toBe(1);
    expect(await message()).toMatchObject({ status: 'scheduled', attempts: 1 });
    expect((await tick('2026-03-15T10:01:00+01:00')).sent).toBe(1);
    expect(twilio.calls).toHaveLength(2);
  });
});
