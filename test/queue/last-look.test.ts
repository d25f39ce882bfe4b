// A dispatcher frozen while its sends wait for a turn to go to the provider (one of Twilio's IN_FLIGHT requests, one of
// the mail server's connections) sends none of them on waking: its claim may be another instance's by then. Before,
// the look at its clocks came before that wait: on PostgreSQL, an instance frozen with 32 SMS waiting had its claim
// swept, another instance sent them, and on waking it posted its 32 waiting requests to Twilio: 32 customers got the
// check-in twice. So it was for e-mails waiting in nodemailer's pool.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CONNECTIONS, smtpChannel } from '../../src/channels/email.js';
import { twilioChannel } from '../../src/channels/sms.js';
import { IN_FLIGHT } from '../../src/channels/twilio-http.js';
import type { LastLook } from '../../src/channels/last-look.js';
import type { Channel, Channels } from '../../src/channels/types.js';
import { CLAIM_LEASE, HAND_OVER_WITHIN } from '../../src/queue/attempt.js';
import { startSmtp } from '../fakes/smtp.js';
import { ACCOUNT_SID, AUTH_TOKEN, startTwilio } from '../fakes/twilio.js';
import { all, createShop, messageSid, one, onCleanup, postSale, postTwilio, run, saleBody, startApp, testClock, testDispatcher, testStore, twimlMessage } from '../helpers.js';

afterEach(() => void vi.restoreAllMocks());

const MORNING = Date.parse('2026-03-15T10:00:00+01:00');

/** `n` customers, each with a sale on 14 March whose check-in goes by `channel` on the 15th. */
async function customers(n: number, channel: 'sms' | 'email') {
  return (await shopWith(n, channel)).store;
}

/** The shop's app and store, with `n` customers as `customers` makes them; `to(i)`: where the i-th one's message goes. */
async function shopWith(n: number, channel: 'sms' | 'email') {
  const store = await testStore();
  const clock = testClock('2026-03-14T15:31:00+01:00');
  const { webhookSecret } = await createShop(store);
  const base = await startApp(store, clock.now);
  for (let i = 0; i < n; i++) {
    const reach = channel === 'sms' ? { phone: `06 1234${String(i).padStart(4, '0')}` } : { email: `klant${i}@example.com` };
    const customer = { name: `Klant ${i}`, ...reach, consent: { [channel]: true } };
    expect((await postSale(base, 'fietsenmaker', webhookSecret, saleBody({ id: `sale-${i}`, customer }), clock.now())).status).toBe(201);
  }
  const to = (i: number) => (channel === 'sms' ? `+3161234${String(i).padStart(4, '0')}` : `klant${i}@example.com`);
  return { store, base, clock, to };
}

/** The channel, counting the sends the dispatcher gave it (each past the dispatcher's own look at its clocks). */
function counted<M>(channel: Channel<M>) {
  let given = 0;
  return Object.assign({ ...channel, send: (m: M, lastLook?: LastLook) => (given++, channel.send(m, lastLook)) }, { given: () => given });
}

/** The dispatcher's clocks (monotonic and wall, as a paused VM's) jump by `ms`: it was frozen that long. */
function frozen(ms: number) {
  const now = performance.now.bind(performance);
  const wall = Date.now.bind(Date);
  vi.spyOn(performance, 'now').mockImplementation(() => now() + ms);
  vi.spyOn(Date, 'now').mockImplementation(() => wall() + ms);
}

/** The check-ins by status, attempts and error. */
const checkins = (store: Awaited<ReturnType<typeof testStore>>) =>
  all<{ status: string; attempts: number; error: string | null; n: number }>(store.db, "SELECT status, attempts, error, count(*) AS n FROM messages WHERE kind = 'checkin' GROUP BY status, attempts, error ORDER BY status");

describe.each([
  {
    what: 'SMS waiting for one of the requests to Twilio',
    channel: 'sms' as const,
    /** As many as go at once, and as many again that wait for them. */
    atOnce: IN_FLIGHT,
    async provider(held: Promise<void>) {
      const twilio = await startTwilio({ held });
      const sms = counted(twilioChannel({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, from: '+15005550006', apiBaseUrl: twilio.baseUrl }));
      return { channels: { sms } as Partial<Channels>, given: sms.given, handedOver: () => twilio.calls.filter((c) => c.method === 'POST').map((c) => c.form.To) };
    },
  },
  {
    what: "e-mails waiting for one of the mail server's connections",
    channel: 'email' as const,
    atOnce: CONNECTIONS,
    async provider(held: Promise<void>) {
      const smtp = await startSmtp({ held });
      const channel = smtpChannel({ url: smtp.url });
      onCleanup(() => channel.close!());
      const email = counted(channel);
      return { channels: { email } as Partial<Channels>, given: email.given, handedOver: () => smtp.mails.map((m) => m.to && !Array.isArray(m.to) && m.to.text) };
    },
  },
])('a dispatcher frozen, or stopped, while its $what', ({ channel, atOnce, provider }) => {
  /**
   * `n` customers' messages claimed by a tick under way: the first `atOnce` at the provider, unanswered until `release`,
   * the others waiting for their turn. `before`: done to the store before the tick starts.
   */
  async function waiting(n: number, before?: (store: Awaited<ReturnType<typeof testStore>>) => void) {
    const shop = await shopWith(n, channel);
    let release!: () => void;
    const p = await provider(new Promise<void>((ok) => (release = ok)));
    before?.(shop.store);
    const ticking = testDispatcher(shop.store, p.channels).dispatcher.tick(MORNING);
    await vi.waitFor(() => expect([p.given(), p.handedOver().length]).toEqual([n, atOnce]), { timeout: 20_000, interval: 5 });
    return { ...shop, p, ticking, release };
  }

  it('hands none of those over on waking: they are put back, their tries given back, and each goes once', async () => {
    const n = 2 * atOnce;
    const store = await customers(n, channel);
    let release!: () => void;
    const p = await provider(new Promise<void>((ok) => (release = ok)));
    const ticking = testDispatcher(store, p.channels).dispatcher.tick(MORNING);
    // Every send given to the channel: the first ones at the provider (unanswered), the others waiting for their turn.
    await vi.waitFor(() => expect([p.given(), p.handedOver().length]).toEqual([n, atOnce]), { timeout: 20_000, interval: 5 });
    frozen(HAND_OVER_WITHIN + 60_000);
    release();
    const report = await ticking;
    expect(p.handedOver()).toHaveLength(atOnce);
    expect(report.sent).toBe(atOnce);
    const rows = () => checkins(store);
    expect(await rows()).toEqual([
      { status: 'scheduled', attempts: 0, error: null, n: atOnce },
      { status: 'sent', attempts: 1, error: null, n: atOnce },
    ]);

    vi.restoreAllMocks();
    const later = testDispatcher(store, p.channels).dispatcher;
    expect((await later.tick(MORNING + 60_000)).sent).toBe(atOnce);
    expect(await rows()).toEqual([{ status: 'sent', attempts: 1, error: null, n }]);
    const to = p.handedOver();
    expect(to).toHaveLength(n);
    expect(new Set(to).size).toBe(n);
  });

  it('hands over none of a customer who said stop while hers waited: it is cancelled as opted out, and the others each go once', async () => {
    // A black-box review (3 instances on PostgreSQL, Twilio answering after 4 s): she texted STOP, was told "Je bent
    // afgemeld", and her check-in, waiting behind the first 32 requests, went to Twilio 2-3 s later. Consent was looked
    // at once, as the claimed batch was loaded; the last look before the bytes went checked only clocks.
    const n = 2 * atOnce;
    const shop = await waiting(n);
    const { store, p, ticking, release } = shop;
    // One whose message waits for its turn (not among those at the provider) says stop.
    const her = [...Array(n).keys()].map(shop.to).find((to) => !p.handedOver().includes(to))!;
    const herId = (await one<{ id: number }>(store.db, `SELECT id FROM customers WHERE ${channel === 'sms' ? 'phone' : 'email'} = ?`, her))!.id;
    if (channel === 'sms') {
      // Through the real webhook, as Twilio delivers her STOP; she is told she is unsubscribed.
      const stop = await postTwilio(shop.base, '/v1/twilio/inbound', { MessageSid: messageSid(), From: her, To: '+15005550006', Body: 'STOP', NumMedia: '0' });
      expect(stop.status).toBe(200);
      expect(twimlMessage(stop.text)).toMatch(/afgemeld/);
    } else {
      // As the e-mail's unsubscribe link does (src/http/customer-pages.ts).
      expect(await store.customers.optOut(herId, 'email', 'unsubscribe_link', shop.clock.now())).toBe(true);
    }
    release();
    // The others go as the first ones' answers come, hers not.
    expect(await ticking).toMatchObject({ sent: n - 1, cancelled: 1 });
    expect(await one(store.db, "SELECT status, error, recipient, content FROM messages WHERE customer_id = ? AND kind = 'checkin'", herId))
      .toEqual({ status: 'cancelled', error: 'opted_out', recipient: null, content: null });
    expect((await testDispatcher(store, p.channels).dispatcher.tick(MORNING + 60_000)).sent).toBe(0);
    const to = p.handedOver();
    expect(to).toHaveLength(n - 1);
    expect(new Set(to).size).toBe(n - 1);
    expect(to).not.toContain(her);
    expect(await checkins(store)).toEqual([
      { status: 'cancelled', attempts: 1, error: 'opted_out', n: 1 },
      { status: 'sent', attempts: 1, error: null, n: n - 1 },
    ]);
  });

  // The review of e83574d: the shop as the tick read it was looked at, not as it is now.
  it('hands none over of a shop disabled while they waited: cancelled, as the claim would have cancelled them', async () => {
    const n = atOnce + 2;
    const shop = await waiting(n);
    const { store, p, ticking, release } = shop;
    await run(store.db, 'UPDATE shops SET disabled_at = ?', shop.clock.now()); // as `shop disable` does, from another process
    release();
    expect(await ticking).toMatchObject({ sent: atOnce, cancelled: 2 });
    expect(p.handedOver()).toHaveLength(atOnce);
    expect(await checkins(store)).toEqual([
      { status: 'cancelled', attempts: 1, error: 'shop_disabled', n: 2 },
      { status: 'sent', attempts: 1, error: null, n: atOnce },
    ]);
  });

  // The review of e83574d: frozen past the lease while that look ran, another instance's sweep took the message for one
  // in doubt; the look found it no longer the claim's and left it so, an e-mail in doubt for good (nothing had gone).
  it('frozen past the lease during that look, puts back a message swept into doubt meanwhile: it goes once, later', async () => {
    const n = atOnce + 1;
    const { store, p, ticking, release } = await waiting(n, (store) => {
      const again = store.messages.again.bind(store.messages);
      vi.spyOn(store.messages, 'again').mockImplementationOnce(async (asked) => {
        for (const { id } of asked) await run(store.db, "UPDATE messages SET status = 'uncertain', error = 'interrupted' WHERE id = ?", id); // another instance's sweep
        frozen(CLAIM_LEASE + 60_000);
        return again(asked);
      });
    });
    release();
    await ticking;
    expect(p.handedOver()).toHaveLength(atOnce);
    expect(await checkins(store)).not.toContainEqual(expect.objectContaining({ status: 'uncertain' }));
    vi.restoreAllMocks();
    await testDispatcher(store, p.channels).dispatcher.tick(MORNING + 60_000);
    const to = p.handedOver();
    expect([to.length, new Set(to).size]).toEqual([n, n]);
  });

  it("a database error at that look hands nothing over: the message is put back, not taken for the provider's failure", async () => {
    const n = atOnce + 1;
    const { store, p, ticking, release } = await waiting(n, (store) =>
      vi.spyOn(store.messages, 'again').mockRejectedValueOnce(Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' })));
    release();
    expect(await ticking).toMatchObject({ sent: atOnce, retrying: 1, uncertain: 0, failed: 0 });
    expect(p.handedOver()).toHaveLength(atOnce);
    // Back in the queue a minute later, its try given back, as after any error of ours before the provider: not in
    // doubt, and no provider failure that counts toward pausing the channel.
    expect(await checkins(store)).toEqual([
      { status: 'scheduled', attempts: 0, error: null, n: 1 },
      { status: 'sent', attempts: 1, error: null, n: atOnce },
    ]);
    expect(await all(store.db, 'SELECT channel FROM channel_health WHERE failures > 0')).toEqual([]);
  });

  it('stopped (a SIGTERM) hands none of those over: they are back in the queue at once, their tries given back, while only the sends at the provider finish; each goes once', async () => {
    // Before, a stopping dispatcher sent its whole claim (up to MESSAGE_CLAIM) first: behind a slow provider the
    // shutdown's time ran out, and those not yet handed over were left 'sending', then in doubt, never to go again.
    const n = 2 * atOnce;
    const store = await customers(n, channel);
    let release!: () => void;
    const p = await provider(new Promise<void>((ok) => (release = ok)));
    const { dispatcher } = testDispatcher(store, p.channels);
    const ticking = dispatcher.tick(MORNING);
    await vi.waitFor(() => expect([p.given(), p.handedOver().length]).toEqual([n, atOnce]), { timeout: 20_000, interval: 5 });
    const stopped = dispatcher.stop();
    // The provider has not answered any of those it has: the others are scheduled again already, not waiting for them.
    await vi.waitFor(async () => expect(await checkins(store)).toEqual([
      { status: 'scheduled', attempts: 0, error: null, n: atOnce },
      { status: 'sending', attempts: 1, error: null, n: atOnce },
    ]), { timeout: 10_000, interval: 5 });
    release();
    await stopped;
    expect((await ticking).sent).toBe(atOnce);
    expect(p.handedOver()).toHaveLength(atOnce);
    expect(await checkins(store)).toEqual([
      { status: 'scheduled', attempts: 0, error: null, n: atOnce },
      { status: 'sent', attempts: 1, error: null, n: atOnce },
    ]);

    const next = testDispatcher(store, p.channels).dispatcher;
    expect((await next.tick(MORNING + 60_000)).sent).toBe(atOnce);
    expect(await checkins(store)).toEqual([{ status: 'sent', attempts: 1, error: null, n }]);
    const to = p.handedOver();
    expect(to).toHaveLength(n);
    expect(new Set(to).size).toBe(n);
  });
});
