// What Twilio's answer to a send means (src/channels/sms.ts classifyTwilioError): only "never reached Twilio" may be
// sent again; an answer that says Twilio took the message (201 Created) must never lead to a second create.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { configuredDispatcher } from '../../src/queue/dispatcher.js';
import { startTwilio, twilioAccount } from '../fakes/twilio.js';
import { all, createShop, onCleanup, postSale, saleBody, silent, startApp, tempDir, testClock, testStore } from '../helpers.js';

describe('Twilio answers 201 Created with a body that is not JSON', () => {
  // E.g. a TLS-inspecting proxy (TWILIO_CA_BUNDLE, HTTP_PROXY) that rewrites the body, or a truncated JSON document:
  // the status line says the message was created, and it will go out.
  it('is a send in doubt, never "not sent": Twilio is not asked to create the message again', async () => {
    const twilio = await startTwilio({ now: () => Date.parse('2026-03-15T10:00:00+01:00') });
    twilio.answerNext(201, '{"sid": "SM00000000000000000000000000000001", "status": "queued", "bo');
    const store = await testStore();
    const clock = testClock('2026-03-14T15:31:00+01:00');
    const { webhookSecret } = await createShop(store);
    const base = await startApp(store, clock.now);
    await postSale(base, 'fietsenmaker', webhookSecret, saleBody({ customer: { name: 'Sanne', phone: '06 13572468', consent: { sms: true } } }), clock.now());
    const { dispatcher, close } = configuredDispatcher(loadConfig({ OUTBOX_DIR: tempDir(), ...twilioAccount(twilio.baseUrl) }), store, silent);
    onCleanup(close);

    await dispatcher.tick(Date.parse('2026-03-15T10:00:00+01:00'));
    const checkin = await all(store.db, "SELECT status, error FROM messages WHERE kind = 'checkin'");
    await dispatcher.tick(Date.parse('2026-03-15T10:01:00+01:00'));
    await dispatcher.tick(Date.parse('2026-03-15T10:05:00+01:00'));
    const creates = twilio.calls.filter((c) => c.method === 'POST' && c.path.endsWith('/Messages.json'));
    expect({ checkin: checkin[0], creates: creates.length }).toEqual({ checkin: { status: 'uncertain', error: 'in_doubt' }, creates: 1 });
  });
});
