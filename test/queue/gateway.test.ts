// A 502/504 is a gateway's answer (HTTP_PROXY, a load balancer in front of Twilio), not Twilio's: the request may well
// have reached Twilio and been taken. The send is in doubt, and Twilio's records settle it: found, it is recorded as
// sent with Twilio's SID; not there, it goes again, once.
import { type IncomingMessage, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { configuredDispatcher } from '../../src/queue/dispatcher.js';
import { type TwilioFake, startTwilio, twilioAccount } from '../fakes/twilio.js';
import { createShop, onCleanup, one, postSale, saleBody, startApp, tempDir, testClock, testStore } from '../helpers.js';

const read = (req: IncomingMessage) => new Promise<Buffer>((ok) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c)).on('end', () => ok(Buffer.concat(chunks)));
});

/**
 * A gateway in front of the Twilio stand-in: it passes every request on; the first create it answers 504 itself,
 * after passing it on (`forward`: Twilio took it, its answer came too late) or without (Twilio never saw it).
 */
async function gateway(twilio: TwilioFake, forward: boolean) {
  const target = new URL(twilio.baseUrl);
  let first = true;
  const pass = (req: IncomingMessage, body: Buffer) =>
    new Promise<{ status: number; headers: Record<string, string>; body: Buffer }>((ok, fail) => {
      const out = request({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: { ...req.headers, host: target.host } }, async (res) =>
        ok({ status: res.statusCode ?? 502, headers: { 'content-type': String(res.headers['content-type'] ?? 'application/json') }, body: await read(res) }),
      );
      out.on('error', fail).end(body);
    });
  const server = createServer(async (req, res) => {
    const body = await read(req);
    if (req.method === 'POST' && first) {
      first = false;
      if (forward) await pass(req, body);
      return void res.writeHead(504, { 'content-type': 'text/html' }).end('<html><body><h1>504 Gateway Time-out</h1></body></html>');
    }
    const answer = await pass(req, body);
    res.writeHead(answer.status, answer.headers).end(answer.body);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  onCleanup(() => new Promise<void>((done) => (server.closeAllConnections(), server.close(() => done()))));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function setup(forward: boolean) {
  const clock = testClock('2026-03-14T15:31:00+01:00');
  const twilio = await startTwilio({ now: () => clock.now() });
  const store = await testStore();
  const { webhookSecret } = await createShop(store);
  const base = await startApp(store, clock.now);
  const config = loadConfig({ ...twilioAccount(await gateway(twilio, forward)), TWILIO_RECONCILE_MINUTES: '10', OUTBOX_DIR: tempDir(), PUBLIC_URL: 'http://localhost:3000' });
  const { dispatcher, close } = configuredDispatcher(config, store, createLogger('silent'));
  onCleanup(close);
  await postSale(base, 'fietsenmaker', webhookSecret, saleBody(), clock.now());
  const checkin = () => one(store.db, "SELECT status, attempts, error, provider_id AS providerId FROM messages WHERE kind = 'checkin'");
  const tick = (iso: string) => (clock.set(iso), dispatcher.tick(Date.parse(iso)));
  return { twilio, checkin, tick };
}

describe('a gateway answering 504 for Twilio', () => {
  it('after Twilio took the message: in doubt, then found in its records; one text', async () => {
    const s = await setup(true);
    expect(await s.tick('2026-03-15T10:00:00+01:00')).toMatchObject({ sent: 0, retrying: 0, uncertain: 1 });
    expect(await s.checkin()).toMatchObject({ status: 'uncertain', error: 'in_doubt' });
    expect((await s.tick('2026-03-15T10:02:00+01:00')).sent).toBe(0); // not sent again by itself
    expect(await s.tick('2026-03-15T10:11:00+01:00')).toMatchObject({ reconciled: 1, sent: 0 });
    expect(await s.checkin()).toMatchObject({ status: 'sent', providerId: s.twilio.created[0]!.sid });
    await s.tick('2026-03-15T11:00:00+01:00');
    expect(s.twilio.created).toHaveLength(1);
  });

  it('before Twilio saw it: in doubt, not in its records after the delay, so it goes once', async () => {
    const s = await setup(false);
    expect((await s.tick('2026-03-15T10:00:00+01:00')).uncertain).toBe(1);
    expect(s.twilio.created).toHaveLength(0);
    expect(await s.tick('2026-03-15T10:11:00+01:00')).toMatchObject({ reconciled: 0, sent: 1 });
    await s.tick('2026-03-15T11:00:00+01:00');
    expect(s.twilio.created).toHaveLength(1);
    expect(await s.checkin()).toMatchObject({ status: 'sent', attempts: 2 });
  });
});
