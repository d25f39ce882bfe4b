// What a person waits for now does not wait behind a till's API: a customer at the counter for their join code, an
// owner for a customer's complaint. A vendor's API that hangs (each look-up held up to its timeout) held every shop's
// alerts and codes behind every look-up due: the review of many shops measured a code 58.5 s late.
import { type Socket, createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { messageSid, onCleanup, postTwilio, saleBody, scenario } from '../helpers.js';

/** A till's API that takes every connection and never answers, until `release()` cuts them. */
async function hangingApi() {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => void sockets.add(socket)).listen(0, '127.0.0.1');
  await new Promise((ok) => server.once('listening', ok));
  const closed = new Promise<void>((done) => server.once('close', () => done()));
  const release = () => (server.close(), sockets.forEach((s) => s.destroy()));
  onCleanup(() => (server.listening && release(), closed));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, release, reached: () => sockets.size };
}

const until = async (done: () => boolean | Promise<boolean>, ms = 5000) => {
  for (const end = Date.now() + ms; Date.now() < end && !(await done()); ) await new Promise((r) => setTimeout(r, 20));
};

describe("a till's API that hangs", () => {
  it('holds up neither the owner\'s alert nor a join code: they go first, and beside a tick still waiting for it', async () => {
    const s = await scenario();
    await s.tick('2026-03-15T10:00:00+01:00'); // Sanne's check-in goes out
    const api = await hangingApi();
    const { shop } = s.shop;
    await s.store.tills.connect(shop.id, 'loyverse', { secret: 'lv-secret', accessToken: 'lv-token', apiBaseUrl: api.url }, s.clock.now());
    // Forty walk-in sales whose customer only the till's API knows.
    for (let i = 0; i < 40; i++) {
      const res = await s.post(saleBody({ id: `walk-in-${i}`, customer: { name: 'Klant' } }));
      await s.store.tills.lookups.add(shop.id, res.body.saleId, 'loyverse', `customer-${i}`, s.clock.now());
    }
    // Sanne writes that her coat is broken: the owner is to be told at once.
    const reply = await postTwilio(s.base, '/v1/twilio/inbound', { MessageSid: messageSid(), From: '+31613572468', To: '+15005550006', Body: 'De rits is kapot' });
    expect(reply.status).toBe(200);

    const first = s.dispatcher.tick(s.clock.now());
    await until(() => api.reached() > 0);
    expect(api.reached()).toBeGreaterThan(0); // the tick waits on the API now...
    expect(s.email.sent.map((m) => m.to)).toEqual(['eigenaar@fietsenmaker.example']); // ...and the alert went before it

    // A customer at the counter asks for a code while that tick still waits: it is texted at once, beside it.
    const join = await fetch(`${s.base}/shops/fietsenmaker/join`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ phone: '06 87654321', sms: 'yes' }).toString(),
    });
    expect(join.status).toBe(200);
    const asked = Date.now();
    void s.dispatcher.tick(s.clock.now()); // as the page wakes the dispatcher
    await until(() => s.sms.sent.some((m) => m.to === '+31687654321'), 3000);
    expect(s.sms.sent.filter((m) => m.to === '+31687654321')).toHaveLength(1);
    expect(Date.now() - asked).toBeLessThan(3000);
    let firstDone = false;
    void first.then(() => (firstDone = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(firstDone).toBe(false); // the first tick was still waiting on the API all along

    api.release();
    await first;
  });

  // The final review: a call that came while the pass beside the tick was sending a code was absorbed by it, and an
  // alert queued meanwhile waited for the next tick, a minute or more.
  it('lets an alert that comes while a code is being sent beside the tick go once that is done', async () => {
    const s = await scenario();
    await s.tick('2026-03-15T10:00:00+01:00');
    const api = await hangingApi();
    const { shop } = s.shop;
    await s.store.tills.connect(shop.id, 'loyverse', { secret: 'lv-secret', accessToken: 'lv-token', apiBaseUrl: api.url }, s.clock.now());
    const walkIn = await s.post(saleBody({ id: 'walk-in', customer: { name: 'Klant' } }));
    await s.store.tills.lookups.add(shop.id, walkIn.body.saleId, 'loyverse', 'customer-1', s.clock.now());
    const first = s.dispatcher.tick(s.clock.now());
    await until(() => api.reached() > 0);

    // The code's send is held until the test lets it go.
    const send = s.sms.send.bind(s.sms);
    let release!: () => void;
    const gate = new Promise<void>((ok) => (release = ok));
    let sending = false;
    s.sms.send = async (m) => {
      if (m.to === '+31687654321') (sending = true), await gate;
      return send(m);
    };
    await fetch(`${s.base}/shops/fietsenmaker/join`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ phone: '06 87654321', sms: 'yes' }).toString(),
    });
    void s.dispatcher.tick(s.clock.now());
    await until(() => sending);
    // Sanne's complaint comes in meanwhile, and wakes the dispatcher.
    await postTwilio(s.base, '/v1/twilio/inbound', { MessageSid: messageSid(), From: '+31613572468', To: '+15005550006', Body: 'De rits is kapot' });
    void s.dispatcher.tick(s.clock.now());
    release();
    await until(() => s.email.sent.length > 0);
    expect(s.email.sent.map((m) => m.to)).toEqual(['eigenaar@fietsenmaker.example']);
    api.release();
    await first;
  });
});
