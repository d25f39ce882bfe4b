// The double opt-in messages go through the real channels, from their own queue, and like every message never twice:
// passing trouble is retried, a send in doubt is never repeated by itself, a claim cut off by a stop before it handed
// anything over goes after its lease (test/queue/confirmation-orphans.test.ts: one cut off after goes again once), and
// a code that could not go within its 24 hours does not go late.
import { describe, expect, it } from 'vitest';
import { SendFailure } from '../../src/channels/types.js';
import { loadConfig } from '../../src/config.js';
import { CONFIRM_HOURS } from '../../src/db/confirmations.js';
import { createLogger } from '../../src/log.js';
import { CONFIRM_ATTEMPTS } from '../../src/queue/confirmations.js';
import { configuredDispatcher } from '../../src/queue/dispatcher.js';
import { startTwilio, twilioAccount } from '../fakes/twilio.js';
import { PUBLIC_URL, all, createShop, one, onCleanup, postTwilio, run, startApp, tempDir, testClock, testDispatcher, testStore } from '../helpers.js';

const NOW = '2026-03-14T15:31:00+01:00';

async function setup() {
  const store = await testStore();
  const clock = testClock(NOW);
  await createShop(store);
  const base = await startApp(store, clock.now);
  const join = (form: Record<string, string>) =>
    fetch(`${base}/shops/fietsenmaker/join`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() });
  const row = () => one(store.db, 'SELECT status, attempts, error, CASE WHEN code_hash IS NOT NULL THEN 1 ELSE 0 END AS hasCode FROM join_confirmations ORDER BY id DESC LIMIT 1');
  return { store, clock, base, join, row };
}

describe('sending confirmation codes', () => {
  it('goes out through Twilio once, and Twilio\'s status callback for it settles no message', async () => {
    const s = await setup();
    const twilio = await startTwilio({ now: s.clock.now });
    const config = loadConfig({
      OUTBOX_DIR: tempDir(), PUBLIC_URL, ...twilioAccount(twilio.baseUrl),
    });
    const { dispatcher, close } = configuredDispatcher(config, s.store, createLogger('silent'));
    onCleanup(close);
    expect((await s.join({ phone: '06 87654321', sms: 'yes' })).status).toBe(200);
    await dispatcher.tick(s.clock.now());
    await dispatcher.tick(s.clock.now() + 60_000);
    const creates = twilio.calls.filter((c) => c.method === 'POST');
    expect(creates).toHaveLength(1);
    expect(creates[0]!.form).toMatchObject({ To: '+31687654321', Body: expect.stringMatching(/^Fietsenmaker Test: je code is \d{6}, om je aan te melden voor berichten\./) });
    expect(creates[0]!.form.StatusCallback).toBe(`${PUBLIC_URL}/v1/twilio/status?message=0`);
    expect(await s.row()).toEqual({ status: 'sent', attempts: 1, error: null, hasCode: 1 });
    // The callback names no row of the messages table: it is answered and changes nothing.
    const before = await all(s.store.db, 'SELECT * FROM messages ORDER BY id');
    const sid = String(twilio.created[0]!.sid);
    expect((await postTwilio(s.base, '/v1/twilio/status?message=0', { MessageSid: sid, MessageStatus: 'delivered' })).status).toBe(204);
    expect(await all(s.store.db, 'SELECT * FROM messages ORDER BY id')).toEqual(before);
  });

  it('says who sends the code of a shop whose name has no letters an SMS can carry: its slug, not ": je code is"', async () => {
    const s = await setup();
    await s.store.shops.update('fietsenmaker', { name: '东方超市' });
    const { dispatcher, sms } = testDispatcher(s.store);
    expect((await s.join({ phone: '06 87654321', sms: 'yes' })).status).toBe(200);
    await dispatcher.tick(s.clock.now());
    expect(sms.sent.map((m) => m.body)).toEqual([expect.stringMatching(/^fietsenmaker: je code is \d{6}, om je aan te melden voor berichten\. Niet zelf aangevraagd\? Negeer dit bericht dan\.$/)]);
  });

  it('retries passing trouble, then gives up; nothing is sent twice', async () => {
    const s = await setup();
    const { dispatcher, sms } = testDispatcher(s.store);
    sms.failNext(new SendFailure({ reason: 'provider_error', kind: 'retry', detail: 'Twilio 503', code: 'HTTP 503' }));
    await s.join({ phone: '06 87654321', sms: 'yes' });
    await dispatcher.tick(s.clock.now());
    expect(await s.row()).toEqual({ status: 'scheduled', attempts: 1, error: 'provider_error', hasCode: 1 });
    await dispatcher.tick(s.clock.now() + 30_000); // not due yet
    expect(sms.sent).toEqual([]);
    await dispatcher.tick(s.clock.now() + 60_000);
    expect(sms.sent).toHaveLength(1);
    expect(await s.row()).toEqual({ status: 'sent', attempts: 2, error: null, hasCode: 1 });
    await dispatcher.tick(s.clock.now() + 3_600_000);
    expect(sms.sent).toHaveLength(1);

    // Another number, and the provider keeps failing: after CONFIRM_ATTEMPTS tries it is failed, never sent.
    sms.failNext(...Array.from({ length: CONFIRM_ATTEMPTS }, () => new SendFailure({ reason: 'provider_error', kind: 'retry', detail: 'Twilio 503' })));
    await s.join({ phone: '06 11223344', sms: 'yes' });
    for (let minute = 2; minute < 120; minute += 5) await dispatcher.tick(s.clock.now() + minute * 60_000);
    expect(await s.row()).toEqual({ status: 'failed', attempts: CONFIRM_ATTEMPTS, error: 'provider_error', hasCode: 1 });
    expect(sms.sent.filter((m) => m.to === '+31611223344')).toEqual([]);
  });

  it('a send in doubt is never repeated by itself; one a stopped dispatcher left claimed, nothing handed over, goes after its lease', async () => {
    const s = await setup();
    const { dispatcher, email } = testDispatcher(s.store);
    email.failNext(new SendFailure({ reason: 'in_doubt', kind: 'in_doubt', detail: 'timeout after DATA' }));
    await s.join({ email: 'piet@example.com', email_ok: 'yes' });
    await dispatcher.tick(s.clock.now());
    expect(await s.row()).toEqual({ status: 'uncertain', attempts: 1, error: 'in_doubt', hasCode: 1 });
    await s.join({ email: 'kees@example.com', email_ok: 'yes' });
    // A dispatcher claimed it and stopped before it kept its link, the last step before the mail server.
    await run(s.store.db, "UPDATE join_confirmations SET status = 'sending', claimed_at = ?, attempts = 1 WHERE destination = 'kees@example.com'", s.clock.now());
    await dispatcher.tick(s.clock.now() + 60_000); // within the claim's lease: it may be a live dispatcher's
    expect(email.sent).toEqual([]);
    for (const minutes of [11, 60]) await dispatcher.tick(s.clock.now() + minutes * 60_000);
    expect(email.sent.map((m) => m.to)).toEqual(['kees@example.com']);
    expect(await all(s.store.db, 'SELECT destination, status, error FROM join_confirmations ORDER BY id')).toEqual([
      { destination: 'piet@example.com', status: 'uncertain', error: 'in_doubt' },
      { destination: 'kees@example.com', status: 'sent', error: null },
    ]);
  });

  it('a code that could not go within its hours does not go late', async () => {
    const s = await setup();
    const { dispatcher, sms } = testDispatcher(s.store);
    await s.join({ phone: '06 87654321', sms: 'yes' });
    await dispatcher.tick(s.clock.now() + CONFIRM_HOURS * 3_600_000);
    expect(sms.sent).toEqual([]);
    expect(await s.row()).toEqual({ status: 'failed', attempts: 1, error: 'expired', hasCode: 0 });
  });
});
