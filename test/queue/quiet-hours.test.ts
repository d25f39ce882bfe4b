// Quiet hours hold when a message goes out later than planned: a retry, a paused channel, a server that was down, a
// send in doubt found not sent. The dispatcher moves it to the end of the shop's quiet hours without using up an
// attempt; one that could then only go more than 48 hours past its time is expired, as one found that late is.
import { describe, expect, it } from 'vitest';
import { SendFailure } from '../../src/channels/types.js';
import type { Channel, SmsOut } from '../../src/channels/types.js';
import { all, createShop, one, postSale, run, saleBody, startApp, testClock, testDispatcher, testStore } from '../helpers.js';

async function setup(shop: Record<string, unknown> = {}, channels: { sms?: Channel<SmsOut> } = {}, sale = saleBody()) {
  const store = await testStore();
  const clock = testClock('2026-03-14T15:31:00+01:00');
  const { webhookSecret } = await createShop(store, shop as never);
  const base = await startApp(store, clock.now);
  await postSale(base, 'fietsenmaker', webhookSecret, sale, clock.now());
  const t = testDispatcher(store, channels);
  const checkin = async () =>
    (await one<{ status: string; attempts: number; error: string | null; nextAt: number; sentAt: number | null }>(
      store.db,
      "SELECT status, attempts, error, next_attempt_at AS nextAt, sent_at AS sentAt FROM messages WHERE kind = 'checkin'",
    ))!;
  return { ...t, store, checkin, tick: (iso: string) => t.dispatcher.tick(Date.parse(iso)) };
}

describe('quiet hours at send time', () => {
  it('moves a check-in found at 23:30 (the server was down) to 09:00, then sends it, dated', async () => {
    const { tick, sms, checkin } = await setup();
    expect(await tick('2026-03-15T23:30:00+01:00')).toMatchObject({ sent: 0, deferred: 1, retrying: 0, failed: 0 });
    expect(sms.sent).toEqual([]);
    // Why it waits, for the owner's log: the night (quiet_hours), until it goes.
    expect(await checkin()).toMatchObject({ status: 'scheduled', attempts: 0, error: 'quiet_hours', nextAt: Date.parse('2026-03-16T09:00:00+01:00') });
    expect((await tick('2026-03-16T08:59:00+01:00')).sent).toBe(0);
    expect((await tick('2026-03-16T09:00:00+01:00')).sent).toBe(1);
    expect(await checkin()).toMatchObject({ status: 'sent', attempts: 1, sentAt: Date.parse('2026-03-16T09:00:00+01:00') });
    expect(sms.sent.map((m) => m.body)).toEqual([expect.stringContaining('op zaterdag 14 maart kocht je')]);
  });

  it('moves a retry that falls in quiet hours to the morning without using up an attempt (check-in at 19:00, Twilio 503)', async () => {
    const { tick, sms, checkin } = await setup({ checkinHour: 19 });
    const fail = () => new SendFailure({ reason: 'provider_error', kind: 'retry', detail: 'HTTP 503', code: 'HTTP 503' });
    sms.failNext(fail(), fail(), fail(), fail());
    for (const t of ['19:00', '19:01', '19:05', '19:21']) await tick(`2026-03-15T${t}:00+01:00`);
    expect(await checkin()).toMatchObject({ status: 'scheduled', attempts: 4, nextAt: Date.parse('2026-03-15T20:25:00+01:00') });
    // The fifth and last attempt is due at 20:25: quiet hours. It waits, and it is still the fifth.
    expect(await tick('2026-03-15T20:25:00+01:00')).toMatchObject({ sent: 0, deferred: 1 });
    // It waits for the night now, and says so; the provider's last words stay in the detail.
    expect(await checkin()).toMatchObject({ status: 'scheduled', attempts: 4, error: 'quiet_hours', nextAt: Date.parse('2026-03-16T09:00:00+01:00') });
    expect((await tick('2026-03-16T09:00:00+01:00')).sent).toBe(1);
    expect(await checkin()).toMatchObject({ status: 'sent', attempts: 5 });
    expect(sms.sent).toHaveLength(1);
  });

  it('moves a send in doubt that Twilio has no record of, when it goes again at night', async () => {
    let sends = 0;
    const sms: Channel<SmsOut> & { sent: SmsOut[] } = {
      transport: 'twilio',
      sent: [],
      async send(m) {
        if (++sends === 1) throw new SendFailure({ reason: 'in_doubt', kind: 'in_doubt', detail: 'ETIMEDOUT: no answer', code: 'ETIMEDOUT' });
        this.sent.push(m);
        return { providerId: 'SM2' };
      },
      async reconcile() {
        return null; // Twilio never took the first
      },
    };
    const { tick, checkin } = await setup({ checkinHour: 19 }, { sms });
    await tick('2026-03-15T19:55:00+01:00');
    expect(await checkin()).toMatchObject({ status: 'uncertain', error: 'in_doubt' });
    // Asked about at 20:06: not there, so it goes again, but not at night.
    expect(await tick('2026-03-15T20:06:00+01:00')).toMatchObject({ sent: 0, deferred: 1 });
    expect(await checkin()).toMatchObject({ status: 'scheduled', attempts: 1, nextAt: Date.parse('2026-03-16T09:00:00+01:00') });
    expect((await tick('2026-03-16T09:00:00+01:00')).sent).toBe(1);
    expect(sms.sent).toHaveLength(1);
  });

  it('holds what a paused channel let wait past 20:00 until the morning', async () => {
    const { tick, sms, store, checkin } = await setup();
    await run(store.db, "INSERT INTO channel_health (channel, failures, paused_until, changed_at) VALUES ('sms', 5, ?, ?)", Date.parse('2026-03-15T20:30:00+01:00'), Date.parse('2026-03-15T09:30:00+01:00'));
    expect((await tick('2026-03-15T10:00:00+01:00')).sent).toBe(0); // paused: nothing is claimed
    expect(await tick('2026-03-15T20:31:00+01:00')).toMatchObject({ sent: 0, deferred: 1 });
    expect(await checkin()).toMatchObject({ status: 'scheduled', attempts: 0 });
    expect((await tick('2026-03-16T09:00:00+01:00')).sent).toBe(1);
    expect(sms.sent).toHaveLength(1);
  });

  it('expires a message whose quiet hours end more than 48 hours past its time, as one found that late is', async () => {
    const { tick, sms, store, checkin } = await setup();
    // The shop's quiet hours now end at 12:00; the check-in was due at 10:00 on the 15th. Found at 09:30 on the 17th
    // (47.5 hours late), it could go at 12:00 at the earliest: 50 hours late.
    await run(store.db, 'UPDATE shops SET quiet_end = 12');
    expect(await tick('2026-03-17T09:30:00+01:00')).toMatchObject({ sent: 0, deferred: 0, expired: 1 });
    expect(await checkin()).toMatchObject({ status: 'expired', error: 'expired' });
    await tick('2026-03-17T12:00:00+01:00');
    expect(sms.sent).toEqual([]);
  });

  it('sends at a decent hour as before, and nothing twice however often the dispatcher runs at night', async () => {
    const { tick, sms, store } = await setup();
    for (const at of ['2026-03-15T21:00:00+01:00', '2026-03-15T21:00:00+01:00', '2026-03-16T03:00:00+01:00', '2026-03-16T08:59:59+01:00']) await tick(at);
    expect(sms.sent).toEqual([]);
    await Promise.all([tick('2026-03-16T09:00:00+01:00'), tick('2026-03-16T09:00:00+01:00')]);
    await tick('2026-03-16T09:01:00+01:00');
    expect(sms.sent).toHaveLength(1);
    expect(await all(store.db, "SELECT status, attempts FROM messages WHERE kind = 'checkin'")).toEqual([{ status: 'sent', attempts: 1 }]);
  });

  // A tourist's number: 10:00 in Amsterdam is 05:00 in New York (and 23:00 in Honolulu, also a +1 number of the US).
  // Before, the text went at 10:00 Amsterdam, waking them; an e-mail is not held (it is read when it is opened).
  it("holds a text to a number from another country until the quiet hours end in all of that country's zones", async () => {
    const tourist = saleBody({ customer: { name: 'Sam Miller', phone: '+1 212 555 0123', consent: { sms: true } } });
    const { tick, sms, checkin } = await setup({}, {}, tourist);
    expect(await tick('2026-03-15T10:00:00+01:00')).toMatchObject({ sent: 0, deferred: 1 });
    expect(sms.sent).toEqual([]);
    // 09:00 in Honolulu (UTC-10) is 15:00 in New York and 20:00 in Amsterdam, which is the Amsterdam shop's quiet hours,
    // not the customer's.
    expect(await checkin()).toMatchObject({ status: 'scheduled', attempts: 0, nextAt: Date.parse('2026-03-15T09:00:00-10:00') });
    expect((await tick('2026-03-15T08:59:00-10:00')).sent).toBe(0);
    expect((await tick('2026-03-15T09:00:00-10:00')).sent).toBe(1);
    expect(sms.sent.map((m) => m.to)).toEqual(['+12125550123']);
  });

  it("sends a text to a number from the shop's own country, or from a country in its morning, at the shop's hour", async () => {
    for (const phone of ['06 13572468', '+44 7911 123456']) {
      const { tick, sms } = await setup({}, {}, saleBody({ customer: { name: 'Sanne', phone, consent: { sms: true } } }));
      expect(await tick('2026-03-15T10:00:00+01:00')).toMatchObject({ sent: 1, deferred: 0 });
      expect(sms.sent).toHaveLength(1);
    }
  });
});
