// Review: a reply that comes while another shop's SMS is handed to Twilio, which then refuses it (nothing went).
import { describe, expect, it } from 'vitest';
import { SendFailure, type SmsOut } from '../../src/channels/types.js';
import { createShop, messageSid, one, postSale, postTwilio, recordingChannel, saleBody, startApp, testClock, testDispatcher, testStore, twimlMessage } from '../helpers.js';

const SHARED = '+15005550006';
const PHONE = '+31656000000';
const BUTCHER = 'eigenaar@slager.example';
const HAIRDRESSER = 'eigenaar@kapper.example';

function slowTwilio() {
  const sms = recordingChannel<SmsOut>('twilio');
  let handedOver: () => void = () => {};
  let answer: (a: SendFailure | null) => void = () => {};
  const slow = { on: false };
  const channel = {
    ...sms,
    reconcile: async () => null,
    async send(m: SmsOut, look?: () => void) {
      if (!slow.on) return sms.send(m);
      look?.();
      const outcome = await new Promise<SendFailure | null>((resolve) => {
        answer = resolve;
        handedOver();
      });
      if (outcome) throw outcome;
      return sms.send(m);
    },
  };
  const slowDown = () => ((slow.on = true), new Promise<void>((r) => (handedOver = r)));
  const answerNow = (a: SendFailure | null) => ((slow.on = false), answer(a));
  return { sms, channel, slowDown, answer: answerNow };
}

async function run(kind: 'checkin' | 'comeback', failure: SendFailure, body: string) {
  const store = await testStore();
  const clock = testClock('2026-12-02T12:05:00Z');
  const slager = await createShop(store, { slug: 'slager', name: 'Slagerij Van Dam' });
  const kapper = await createShop(store, { slug: 'kapper', name: 'Kapsalon Lisa' });
  await store.shops.update('slager', { alertEmail: BUTCHER });
  await store.shops.update('kapper', { alertEmail: HAIRDRESSER });
  const base = await startApp(store, clock.now);
  const customer = { name: 'Xena Twee', phone: '06 56000000', consent: { sms: true } };
  const twilio = slowTwilio();
  const { dispatcher, email } = testDispatcher(store, { sms: twilio.channel });
  const tick = (iso: string) => (clock.set(iso), dispatcher.tick(Date.parse(iso)));
  expect((await postSale(base, 'slager', slager.webhookSecret, saleBody({ id: 's-1', occurredAt: '2026-12-02T12:00:00Z', items: [{ name: 'Rollade' }], customer }), clock.now())).status).toBe(201);
  expect(await tick('2026-12-03T09:05:00Z')).toMatchObject({ sent: 1 });
  clock.set('2026-12-03T12:05:00Z');
  expect((await postSale(base, 'kapper', kapper.webhookSecret, saleBody({ id: 'k-1', occurredAt: '2026-12-03T12:00:00Z', items: [{ name: 'Haarverf' }], customer }), clock.now())).status).toBe(201);
  // (The hairdresser's message stands in for its come-back invitation when kind is 'comeback'.)
  if (kind === 'comeback') {
    await store.db.run({ text: "DELETE FROM messages WHERE shop_id = ? AND kind = 'comeback'" }, [kapper.shop.id]);
    await store.db.run({ text: "UPDATE messages SET kind = 'comeback' WHERE shop_id = ? AND kind = 'checkin'" }, [kapper.shop.id]);
  }
  const handed = twilio.slowDown();
  const sending = tick('2026-12-04T09:10:00Z');
  await handed;
  // She answers the butcher's check-in of yesterday ("Bevalt het?") while the hairdresser's text is with Twilio.
  clock.set('2026-12-04T09:11:00Z');
  const reply = twimlMessage((await postTwilio(base, '/v1/twilio/inbound', { MessageSid: messageSid(), From: PHONE, To: SHARED, Body: body })).text);
  // Twilio refuses the hairdresser's text: nothing of it went.
  twilio.answer(failure);
  await sending;
  await tick('2026-12-04T09:12:00Z');
  const filed = await one(store.db, 'SELECT r.shop_id AS shop, r.class, m.status FROM replies r LEFT JOIN messages m ON m.id = r.message_id');
  return { reply, filed, alerts: email.sent.map((e) => [e.to, e.subject]), slager: slager.shop.id, kapper: kapper.shop.id };
}

describe('a reply during another shop’s send that Twilio then refuses', () => {
  it('a complaint to the butcher reaches the butcher (Twilio answers 21612: not sent)', async () => {
    const r = await run('checkin', new SendFailure({ reason: 'not_mobile', kind: 'permanent', detail: 'Twilio 21612', code: 'Twilio 21612' }), 'De rollade was bedorven, we zijn allemaal ziek geworden');
    expect(r.alerts).toEqual([[BUTCHER, expect.stringContaining('Rollade')]]);
    expect(r.filed).toMatchObject({ shop: r.slager });
  });
  it('a bare "Nee" to the butcher’s "Bevalt het?" alerts the butcher (the other shop’s come-back was refused: 503, sent later)', async () => {
    const r = await run('comeback', new SendFailure({ reason: 'provider_down' as never, kind: 'retry', detail: 'Twilio 503' }), 'Nee');
    expect(r.alerts).toEqual([[BUTCHER, expect.stringContaining('Rollade')]]);
    expect(r.filed).toMatchObject({ shop: r.slager, class: 'problem' });
  });
});
