// Several instances on one PostgreSQL database, as a POS vendor runs nextdeal: real server processes (src/main.ts) and
// real `nextdeal dispatch` processes, a stand-in for Twilio's API on loopback, and kill -9 where it hurts.
//   - Instances that start together on an empty database migrate it once, all of them coming up.
//   - Sales posted to every instance at once (a till that retries on another instance): one 201, the others 200;
//     an instance killed mid-load loses no sale it acknowledged.
//   - Three dispatchers send one backlog; one is killed mid-send: no message reaches Twilio twice, the killed one's
//     sends become 'uncertain', and Twilio's records settle them: in the end every check-in went out exactly once.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { sign } from '../../src/http/signature.js';
import { MESSAGE_CLAIM } from '../../src/queue/attempt.js';
import { startTwilio, twilioAccount } from '../fakes/twilio.js';
import { all, onCleanup, value } from '../helpers.js';
import { claimsAge, environment, freePort, openShared, runCli, startServer } from '../process/server.js';
import { freshDatabase } from './cluster.js';

/**
 * A proxy in front of the Twilio stand-in that holds every request until `open()`, as an API that has stalled, then
 * passes them on. Held rather than slowed by a fixed delay: on a loaded machine a dispatcher took longer to start than
 * the first one took to send its batches, and the three were never mid-send together.
 */
async function gated(target: string) {
  let inFlight = 0;
  let open!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  const server = createServer((req, res) => {
    inFlight++;
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', async () => {
      await opened;
      // Passed on even when the caller has gone: Twilio takes a request it has read, whoever waits for the answer.
      const answer = await fetch(target + req.url, {
        method: req.method,
        headers: { authorization: req.headers.authorization ?? '', 'content-type': req.headers['content-type'] ?? 'text/plain' },
        ...(req.method === 'POST' && { body }),
      });
      const text = await answer.text();
      inFlight--;
      if (!res.destroyed) res.writeHead(answer.status, { 'content-type': 'application/json' }).end(text);
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  onCleanup(() => new Promise<void>((done) => (server.closeAllConnections(), server.close(() => done()))));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, idle: () => inFlight === 0, open };
}

const until = async (what: () => Promise<boolean>, ms = 60_000) => {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 50))) if (await what()) return;
  throw new Error('timed out waiting');
};

describe('several instances on one PostgreSQL database', () => {
  it('instances that start together on an empty database migrate it once, and all come up', async () => {
    const { env } = await environment({ DATABASE_URL: await freshDatabase() });
    const servers = await Promise.all([0, 1, 2].map(async () => startServer({ ...env, PORT: String(await freePort()) })));
    for (const s of servers) expect((await fetch(`${s.base}/healthz`)).status).toBe(200);
    const store = await openShared(env);
    const versions = await all<{ version: number; n: number }>(store.db, 'SELECT version, count(*) AS n FROM schema_migrations GROUP BY version ORDER BY version');
    expect(versions.length).toBeGreaterThan(0);
    expect(versions.every((v) => v.n === 1)).toBe(true);
    expect(await value(store.db, "SELECT count(*) FROM installation WHERE name = 'fingerprint_key'")).toBe(1);
  }, 120_000);

  it('sales to every instance at once are stored once, a killed instance loses none it acknowledged, and three dispatchers (one killed mid-send) send each check-in once', async () => {
    // Check-ins are due tomorrow at 10:00 in Amsterdam: the dispatchers act as if it were noon then.
    const noon = DateTime.now().setZone('Europe/Amsterdam').plus({ days: 1 }).set({ hour: 12, minute: 0, second: 0, millisecond: 0 }).toMillis();
    const twilio = await startTwilio({ now: () => noon });
    const proxy = await gated(twilio.baseUrl);
    const { env } = await environment({
      ...twilioAccount(proxy.url), TWILIO_FROM: '+3197010000000', TWILIO_TIMEOUT_SECONDS: '60', TWILIO_RECONCILE_MINUTES: '30', LOG_LEVEL: 'warn',
    });
    const store = await openShared(env);
    const { webhookSecret } = await store.shops.create({ slug: 'keten', name: 'Keten', timezone: 'Europe/Amsterdam', country: 'NL', locale: 'nl', holdout: 0 }, Date.now());
    const instances = await Promise.all([0, 1, 2].map(async () => startServer({ ...env, PORT: String(await freePort()) })));

    // Every sale goes to all three instances at once; the third instance is killed when a third of them are in.
    const SALES = 150;
    const answers = new Map<string, number[]>();
    // The same body (and so the same sale) to each instance, as a till retrying elsewhere sends it.
    const bodyOf = (id: string, n: number) =>
      JSON.stringify({
        id, occurredAt: new Date().toISOString(), reason: 'voor de zaak',
        customer: { name: `Klant ${n}`, phone: `+316${String(20_000_000 + n)}`, consent: { sms: true } }, items: [{ name: 'Bel' }],
      });
    const post = async (base: string, id: string, raw: string) => {
      try {
        const res = await fetch(`${base}/v1/shops/keten/sales`, {
          method: 'POST', body: raw,
          headers: { 'content-type': 'application/json', 'nextdeal-signature': sign(webhookSecret, raw, Math.floor(Date.now() / 1000)) },
        });
        await res.text();
        answers.get(id)!.push(res.status);
      } catch {
        // The killed instance: no answer, nothing acknowledged.
      }
    };
    for (let n = 0; n < SALES; n += 10) {
      if (n === 50) instances[2]!.child.kill('SIGKILL');
      await Promise.all(
        Array.from({ length: 10 }, (_, i) => {
          const id = `sale-${n + i}`;
          answers.set(id, []);
          const raw = bodyOf(id, n + i);
          return Promise.all(instances.map((s) => post(s.base, id, raw)));
        }),
      );
    }
    const stored = new Set(await all<{ id: string }>(store.db, 'SELECT till_sale_id AS id FROM sales').then((r) => r.map((s) => s.id)));
    for (const [id, statuses] of answers) {
      expect(statuses.length).toBeGreaterThanOrEqual(2); // the two instances left always answered
      expect(statuses.every((s) => s === 200 || s === 201), `${id} answered ${statuses.join(', ')}; the servers said: ${instances.flatMap((i) => i.logs).join('').slice(-2000)}`).toBe(true);
      expect(statuses.filter((s) => s === 201).length).toBeLessThanOrEqual(1);
      if (statuses.length === 3) expect(statuses.filter((s) => s === 201)).toHaveLength(1);
      expect(stored.has(id)).toBe(true); // acknowledged, so stored
    }
    expect(stored.size).toBe(SALES);
    const checkins = Number(await value(store.db, "SELECT count(*) FROM messages WHERE kind = 'checkin'"));
    expect(checkins).toBe(SALES);

    // Three dispatchers on the backlog, each holding a claim that (the stalled) Twilio has not answered; the first is
    // killed, then Twilio answers again.
    const at = new Date(noon).toISOString();
    const sending = async () => Number(await value(store.db, "SELECT count(*) FROM messages WHERE status = 'sending'"));
    const first = runCli(['dispatch', '--at', at], env);
    await until(async () => (await sending()) >= MESSAGE_CLAIM);
    const others = [runCli(['dispatch', '--at', at], env), runCli(['dispatch', '--at', at], env)];
    await until(async () => (await sending()) >= Math.min(SALES, 3 * MESSAGE_CLAIM));
    first.child.kill('SIGKILL');
    await first.done;
    proxy.open();
    for (const d of others) expect((await d.done).code).toBe(0);

    // The killed dispatcher's claims: still 'sending' until the lease (10 minutes) is over; then 'uncertain' (never sent
    // again by itself) when it had written down what it was handing over, else sent again (it never got that far).
    const counts = async () =>
      Object.fromEntries((await all<{ status: string; n: number }>(store.db, "SELECT status, count(*) AS n FROM messages WHERE kind = 'checkin' GROUP BY status")).map((r) => [r.status, r.n]));
    const left = (await counts()).sending ?? 0;
    expect(left).toBeGreaterThanOrEqual(1);
    expect(left).toBeLessThanOrEqual(MESSAGE_CLAIM);
    await claimsAge(store.db, 15);
    expect((await runCli(['dispatch', '--at', new Date(noon + 15 * 60_000).toISOString()], env).done).code).toBe(0);
    const after = await counts();
    expect(Object.keys(after).sort()).toEqual(after.uncertain ? ['sent', 'uncertain'] : ['sent']);
    expect(after.uncertain ?? 0).toBeLessThanOrEqual(left);
    expect((after.sent ?? 0) + (after.uncertain ?? 0)).toBe(SALES);
    const perNumber = new Map<string, number>();
    for (const m of twilio.created) perNumber.set(String(m.to), (perNumber.get(String(m.to)) ?? 0) + 1);
    expect([...perNumber.values()].every((n) => n === 1)).toBe(true); // nothing twice

    // Once Twilio's records may be asked (30 minutes on), they settle the sends in doubt, the killed dispatcher's whole
    // claim in one tick: found there, they went out; not found (those still waiting their turn), they go now.
    await until(async () => proxy.idle(), 10_000); // what the killed dispatcher had sent has reached Twilio
    await claimsAge(store.db, 30);
    expect((await runCli(['dispatch', '--at', new Date(noon + 45 * 60_000).toISOString()], env).done).code).toBe(0);
    expect(await counts()).toEqual({ sent: SALES });
    expect(twilio.created).toHaveLength(SALES);
    expect(new Set(twilio.created.map((m) => m.to)).size).toBe(SALES);
  }, 300_000);
});
