// Vendors' bodies are read before their signature can be checked, Shopify's up to 10 MiB: side by side, unsigned ones
// must not take the server's memory. Past a budget a delivery is answered 503 (vendors send it again later).
import { type Socket, connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { READING_BUDGET } from '../../src/http/tills.js';
import { createShop, onCleanup, startApp, testStore } from '../helpers.js';

/** A delivery that says it is `bytes` long and sends only its first kilobyte, then waits: it is being read. */
function hanging(base: string, bytes: number): Promise<Socket> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname, () => {
      socket.write(`POST /v1/shops/fietsenmaker/webhooks/shopify HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${bytes}\r\n\r\n{"id":`);
      socket.write('1'.repeat(1024));
      setTimeout(() => resolve(socket), 50);
    });
    onCleanup(() => void socket.destroy());
  });
}

describe("reading vendors' bodies", () => {
  it('answers 503 with Retry-After past the budget, and reads again once the bodies in hand are done', async () => {
    const store = await testStore();
    const { shop } = await createShop(store);
    await store.tills.connect(shop.id, 'shopify', { secret: 'shpss_test' }, Date.now());
    const base = await startApp(store, Date.now);
    const tenMiB = 10 * 1024 * 1024;
    const held = [];
    for (let left = READING_BUDGET; left > 0; left -= tenMiB) held.push(await hanging(base, Math.min(tenMiB, left)));
    const post = () => fetch(`${base}/v1/shops/fietsenmaker/webhooks/shopify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"id":1}' });
    const refused = await post();
    expect([refused.status, refused.headers.get('retry-after')]).toEqual([503, '5']);
    expect(await refused.json()).toMatchObject({ error: 'busy' });
    for (const s of held) s.destroy();
    await new Promise((r) => setTimeout(r, 100));
    expect((await post()).status).toBe(401); // read, and its (missing) signature checked
  });
});
