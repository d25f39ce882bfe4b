// Vendors' bodies are read before their signature can be checked, Shopify's up to 10 MiB: side by side, unsigned ones
// must not take the server's memory, nor one address all of it, nor a body that trickles hold its share. Past the
// budget a delivery is answered 503 (vendors send it again later).
import { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { BODY_PACE, PER_ADDRESS, READING_BUDGET } from '../../src/http/tills.js';
import { createShop, onCleanup, startApp, testStore } from '../helpers.js';

/**
 * A delivery from `address` that says it is `bytes` long and sends only its first kilobyte, then waits: it is being
 * read. `answer` is what came back so far ("" while it is being read).
 */
function hanging(base: string, bytes: number, address: string): Promise<Socket & { answer: string }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve) => {
    const socket = Object.assign(new Socket(), { answer: '' });
    socket.on('data', (d) => void (socket.answer += d.toString()));
    socket.connect(Number(port), hostname, () => {
      socket.write(`POST /v1/shops/fietsenmaker/webhooks/shopify HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: ${address}\r\nContent-Type: application/json\r\nContent-Length: ${bytes}\r\n\r\n{"id":`);
      socket.write('1'.repeat(1024));
      setTimeout(() => resolve(socket), 50);
    });
    socket.on('error', () => {});
    onCleanup(() => void socket.destroy());
  });
}

async function setup() {
  const store = await testStore();
  const { shop } = await createShop(store);
  await store.tills.connect(shop.id, 'shopify', { secret: 'shpss_test' }, Date.now());
  const base = await startApp(store, Date.now, { trustProxy: 1 }); // behind a proxy: the address is X-Forwarded-For's
  const post = (address: string) =>
    fetch(`${base}/v1/shops/fietsenmaker/webhooks/shopify`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': address }, body: '{"id":1}' });
  return { base, post };
}
const tenMiB = 10 * 1024 * 1024;
const pace = { ...BODY_PACE };
afterEach(() => void Object.assign(BODY_PACE, pace));

describe("reading vendors' bodies", () => {
  it('answers 503 with Retry-After past the budget, and reads again once the bodies in hand are done', async () => {
    const { base, post } = await setup();
    const held = [];
    for (let left = READING_BUDGET, n = 1; left > 0; left -= tenMiB, n++) held.push(await hanging(base, Math.min(tenMiB, left), `10.0.0.${n}`));
    const refused = await post('10.0.1.1');
    expect([refused.status, refused.headers.get('retry-after')]).toEqual([503, '5']);
    expect(await refused.json()).toMatchObject({ error: 'busy' });
    for (const s of held) s.destroy();
    await new Promise((r) => setTimeout(r, 100));
    expect((await post('10.0.1.1')).status).toBe(401); // read, and its (missing) signature checked
  });

  it(`lets one address hold no more than ${PER_ADDRESS / 1024 / 1024} MiB of it: others are read meanwhile`, async () => {
    const { base, post } = await setup();
    expect((await hanging(base, tenMiB, '10.0.0.1')).answer).toBe('');
    expect((await post('10.0.0.1')).status).toBe(401); // a small one still fits beside its big one
    expect((await hanging(base, tenMiB, '10.0.0.1')).answer).toMatch(/^HTTP\/1\.1 503 /);
    expect((await hanging(base, tenMiB, '10.0.0.2')).answer).toBe('');
  });

  // Behind a proxy with TRUST_PROXY not set, every vendor has the proxy's address: the cap would make the budget 12 MiB.
  it("does not cap a proxy's address when TRUST_PROXY is not set", async () => {
    const store = await testStore();
    const { shop } = await createShop(store);
    await store.tills.connect(shop.id, 'shopify', { secret: 'shpss_test' }, Date.now());
    const base = await startApp(store, Date.now); // TRUST_PROXY 0: all from 127.0.0.1
    expect((await hanging(base, tenMiB, 'ignored')).answer).toBe('');
    expect((await hanging(base, tenMiB, 'ignored')).answer).toBe('');
  });

  it('cuts off a body that trickles, and gives its share back', async () => {
    Object.assign(BODY_PACE, { everyMs: 600 });
    const { base, post } = await setup();
    const held = [];
    for (let left = READING_BUDGET, n = 1; left > 0; left -= tenMiB, n++) held.push(await hanging(base, Math.min(tenMiB, left), `10.0.0.${n}`));
    expect((await post('10.0.1.1')).status).toBe(503);
    await Promise.all(held.map((s) => new Promise((closed) => (s.destroyed ? closed(null) : s.once('close', closed)))));
    expect((await post('10.0.1.1')).status).toBe(401);
  });
});
