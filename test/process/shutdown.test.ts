// Promise 6: a clean shutdown. SIGTERM stops taking requests, lets requests and sends under way finish (within a
// bound), closes the database; a second signal stops at once.
import { request } from 'node:http';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openDb } from '../../src/db/open.js';
import { createStore } from '../../src/db/store.js';
import { sign } from '../../src/http/signature.js';
import { startSmtp } from '../fakes/smtp.js';
import { createShop, postSale, saleBody, startApp } from '../helpers.js';
import { environment, startServer } from './server.js';

/** A POST whose body the test finishes when it likes: a request still under way. */
function slowPost(base: string, path: string, headers: Record<string, string>, body: string) {
  const url = new URL(path, base);
  let answer: (v: { status: number; body: string }) => void;
  let fail: (e: Error) => void;
  const done = new Promise<{ status: number; body: string }>((ok, ko) => ((answer = ok), (fail = ko)));
  const req = request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { ...headers, 'content-length': Buffer.byteLength(body) } }, (res) => {
    let text = '';
    res.on('data', (d) => (text += d));
    res.on('end', () => answer({ status: res.statusCode!, body: text }));
  });
  req.on('error', (e) => fail(e));
  req.write(body.slice(0, 10));
  return { finish: () => req.end(body.slice(10)), done };
}

async function shopWithServer(extra: Record<string, string> = {}) {
  const { env } = await environment(extra);
  const store = createStore(openDb(env.DATABASE_PATH!));
  const shop = createShop(store);
  store.db.close();
  const server = await startServer(env);
  const raw = JSON.stringify(saleBody({ occurredAt: new Date(Date.now() - 60_000).toISOString() }));
  const headers = { 'content-type': 'application/json', 'nextdeal-signature': sign(shop.webhookSecret, raw, Math.floor(Date.now() / 1000)) };
  return { env, server, raw, headers };
}

describe('SIGTERM', () => {
  it('finishes a request under way, takes no new ones, and exits 0 with the sale stored', async () => {
    const { env, server, raw, headers } = await shopWithServer();
    const inFlight = slowPost(server.base, '/v1/shops/fietsenmaker/sales', headers, raw);
    await new Promise((r) => setTimeout(r, 200));
    server.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 200));
    await expect(fetch(`${server.base}/healthz`)).rejects.toThrow(); // no longer listening
    inFlight.finish();
    expect((await inFlight.done).status).toBe(201);
    expect(await server.exited).toBe(0);
    expect(server.logs.join('')).toContain('"msg":"stopped"');
    const db = new Database(env.DATABASE_PATH!, { readonly: true });
    expect(db.prepare('SELECT count(*) FROM sales').pluck().get()).toBe(1);
    db.close();
  }, 30_000);

  it('lets a send under way finish and record itself before exiting', async () => {
    const smtp = await startSmtp({ delayMs: 1500 });
    const { env } = await environment({ SMTP_URL: smtp.url });
    const store = createStore(openDb(env.DATABASE_PATH!));
    const { webhookSecret } = createShop(store);
    // A sale an hour and a half ago, dated so that its check-in is due now: the server sends it when it starts.
    const soldAt = Date.now() - 86_400_000;
    const base = await startApp(store, () => soldAt + 60_000);
    await postSale(base, 'fietsenmaker', webhookSecret, saleBody({ occurredAt: new Date(soldAt).toISOString(), customer: { email: 'sanne@example.com', consent: { email: true } } }), soldAt + 60_000);
    store.db.prepare("UPDATE messages SET due_at = ?, next_attempt_at = ? WHERE kind = 'checkin'").run(Date.now() - 60_000, Date.now() - 60_000);
    const checkin = () => store.db.prepare("SELECT status FROM messages WHERE kind = 'checkin'").pluck().get();
    const server = await startServer(env);
    for (let i = 0; i < 100 && checkin() !== 'sending'; i++) await new Promise((r) => setTimeout(r, 20));
    expect(checkin()).toBe('sending');
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(checkin()).toBe('sent');
    expect(smtp.mails).toHaveLength(1);
  }, 30_000);

  it('stops at once on a second signal, without waiting for what hangs', async () => {
    const { server, raw, headers } = await shopWithServer({ SHUTDOWN_TIMEOUT_SECONDS: '60' });
    const hanging = slowPost(server.base, '/v1/shops/fietsenmaker/sales', headers, raw); // never finished
    hanging.done.catch(() => undefined);
    await new Promise((r) => setTimeout(r, 200));
    server.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    expect(server.child.exitCode).toBeNull(); // still waiting for the request
    const second = Date.now();
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(1);
    expect(Date.now() - second).toBeLessThan(2000);
  }, 30_000);

  it('stops after SHUTDOWN_TIMEOUT_SECONDS when something under way does not end', async () => {
    const { server, raw, headers } = await shopWithServer({ SHUTDOWN_TIMEOUT_SECONDS: '1' });
    const hanging = slowPost(server.base, '/v1/shops/fietsenmaker/sales', headers, raw);
    hanging.done.catch(() => undefined);
    await new Promise((r) => setTimeout(r, 200));
    const asked = Date.now();
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(1);
    expect(Date.now() - asked).toBeGreaterThanOrEqual(900);
    expect(Date.now() - asked).toBeLessThan(5000);
    expect(server.logs.join('')).toContain('shutdown took too long');
  }, 30_000);
});
