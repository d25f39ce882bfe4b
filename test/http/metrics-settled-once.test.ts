import { describe, expect, it } from 'vitest';
import { createDispatcher } from '../../src/queue/dispatcher.js';
import { createMetrics } from '../../src/metrics.js';
import { loadTemplates } from '../../src/templates.js';
import { PUBLIC_URL, createShop, postSale, postTwilio, recordingChannel, saleBody, silent, startApp, testClock, testStore } from '../helpers.js';
import type { EmailOut, SmsOut } from '../../src/channels/types.js';

describe('settled metric', () => {
  it("counts a send once when Twilio's status callback comes before its API answer", async () => {
    const store = await testStore();
    const clock = testClock('2026-03-14T15:31:00+01:00');
    const { webhookSecret } = await createShop(store);
    const metrics = createMetrics();
    metrics.watch(store, clock.now);
    const base = await startApp(store, clock.now, { metrics });
    expect((await postSale(base, 'fietsenmaker', webhookSecret, saleBody({ customer: { phone: '06 13572468', consent: { sms: true } } }), clock.now())).status).toBe(201);
    const sms = recordingChannel<SmsOut>('twilio');
    const inner = sms.send.bind(sms);
    // Twilio took the request; its 'sent' status callback arrives before its (slow) API answer.
    sms.send = async (m: SmsOut, look?: () => void) => {
      const row = (await store.db.get({ text: "SELECT id, created_at AS created FROM messages WHERE status = 'sending'" }, []))! as { id: number; created: number };
      const r = await postTwilio(base, `/v1/twilio/status?message=${row.id}&created=${row.created}`, { MessageSid: 'SM' + 'b'.repeat(32), MessageStatus: 'sent' });
      expect(r.status).toBe(204);
      await inner(m, look as never);
      return { providerId: 'SM' + 'b'.repeat(32) };
    };
    const dispatcher = createDispatcher({
      store, channels: { sms, email: recordingChannel<EmailOut>() }, templates: loadTemplates(), emailFrom: 'x@example.test',
      publicUrl: PUBLIC_URL, retryBaseSeconds: 60, pauseAfter: 5, pauseMinutes: 10, reconcileAfterMs: 600_000, log: silent, metrics,
    });
    clock.set('2026-03-15T10:05:00+01:00');
    await dispatcher.tick(clock.now());
    const text = await (await fetch(`${base}/metrics`)).text();
    expect(text).toMatch(/^nextdeal_messages\{kind="checkin",channel="sms",status="sent"\} 1$/m);
    expect(text).toMatch(/^nextdeal_messages_settled_total\{kind="checkin",channel="sms",status="sent"\} 1$/m);
  });
});
