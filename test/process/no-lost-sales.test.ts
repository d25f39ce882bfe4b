// Promise 1: no acknowledged sale is lost. The real server, in its own process, is killed with SIGKILL while
// several tills post; every sale it acknowledged is there after the restart, and the tills can post the rest again.
import { describe, expect, it } from 'vitest';
import { sign } from '../../src/http/signature.js';
import { all, createShop, saleBody, value } from '../helpers.js';
import { environment, openShared, startServer } from './server.js';

describe('a server killed while tills post', () => {
  it('keeps every sale it acknowledged, with its messages, and takes the rest when posted again', async () => {
    const { env } = await environment({ LOG_LEVEL: 'warn' });
    const setup = await openShared(env);
    const { webhookSecret } = await createShop(setup);
    await setup.close();

    const soldAt = new Date(Date.now() - 60_000).toISOString(); // a till posting again sends the same sale
    const body = (n: number) =>
      JSON.stringify(saleBody({ id: `till-${n}`, occurredAt: soldAt, customer: { name: `Klant ${n}`, phone: `06${String(20_000_000 + n)}`, consent: { sms: true } } }));
    const post = (base: string, n: number) => {
      const raw = body(n);
      return fetch(`${base}/v1/shops/fietsenmaker/sales`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'nextdeal-signature': sign(webhookSecret, raw, Math.floor(Date.now() / 1000)) },
        body: raw,
        signal: AbortSignal.timeout(5000),
      });
    };

    const server = await startServer(env);
    const acknowledged = new Set<number>();
    let next = 0;
    const TILLS = 8;
    const TOTAL = 2000;
    // Eight tills post as fast as they can; the server is killed once a few hundred sales are in.
    const tills = Array.from({ length: TILLS }, async () => {
      for (let n = next++; n < TOTAL; n = next++) {
        try {
          const res = await post(server.base, n);
          if (res.status === 201) acknowledged.add(n);
          else if (res.status >= 300) throw new Error(`answer ${res.status}`);
        } catch (err) {
          if ((err as Error).message.startsWith('answer')) throw err;
          return; // the connection broke: the server is gone
        }
        if (acknowledged.size === 300) server.child.kill('SIGKILL');
      }
    });
    await Promise.all(tills);
    await server.exited;
    expect(acknowledged.size).toBeGreaterThanOrEqual(300);
    expect(acknowledged.size).toBeLessThan(TOTAL); // it really died mid-way

    // What the dead server acknowledged is all on disk, each sale with its check-in and invitation.
    const db = (await openShared(env)).db;
    const stored = new Map(
      (await all<{ id: string; messages: number }>(db, 'SELECT s.till_sale_id AS id, count(m.id) AS messages FROM sales s LEFT JOIN messages m ON m.sale_id = s.id GROUP BY s.id')).map((r) => [r.id, r.messages]),
    );
    await db.close();
    for (const n of acknowledged) expect(stored.get(`till-${n}`), `till-${n}`).toBe(2);
    for (const messages of stored.values()) expect(messages).toBe(2); // nothing half-written either

    // After a restart, the tills post everything again: nothing doubles, nothing is missing.
    const again = await startServer(env);
    const answers = new Map<number, number>();
    for (let n = 0; n < Math.min(TOTAL, next + TILLS); n++) answers.set(n, (await post(again.base, n)).status);
    for (const n of acknowledged) expect(answers.get(n), `till-${n}`).toBe(200); // a repeat: the first answer again
    const after = (await openShared(env)).db;
    expect(await value(after, 'SELECT count(*) FROM sales')).toBe(answers.size);
    expect(await value(after, 'SELECT count(DISTINCT till_sale_id) FROM sales')).toBe(answers.size);
    expect(await value(after, 'SELECT count(*) FROM messages')).toBe(2 * answers.size);
  }, 60_000);
});
