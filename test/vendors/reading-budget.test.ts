// Vendors' bodies are read before their signature can be checked, Shopify's up to 10 MiB: side by side, unsigned ones
// must not take the server's memory, nor one address all of it, nor a body that trickles hold its share. Past the
// budget a delivery is answered 503 (vendors send it again later).
import { Socket } from 'node:net';
import { gzipSync } from 'node:zlib';
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

  // The budget counts the length a delivery declares; a gzip body declaring 41 KB took 9.5 MiB once inflated, and sixty
  // of them took the server from 140 to 745 MB (a security review). No till compresses its deliveries: refused at once.
  it('refuses a compressed body with 415 before reading it, and reads the same body sent plainly', async () => {
    const { base } = await setup();
    const inflated = Buffer.concat([Buffer.from('{"id":"'), Buffer.alloc(9.5 * 1024 * 1024, 0x20), Buffer.from('"}')]);
    const gzipped = gzipSync(inflated);
    const send = (body: Buffer, encoding?: string) =>
      fetch(`${base}/v1/shops/fietsenmaker/webhooks/shopify`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': '10.0.0.1', ...(encoding && { 'content-encoding': encoding }) },
        body,
      });
    for (const encoding of ['gzip', 'GZIP', 'deflate', 'br']) {
      const res = await send(gzipped, encoding);
      expect(res.status, encoding).toBe(415);
      expect(await res.json()).toEqual({ error: 'unsupported_media_type', message: `send the body uncompressed: Content-Encoding ${encoding.toLowerCase()} is not taken here` });
    }
    expect((await send(Buffer.from('{"id":1}'), 'identity')).status).toBe(401); // read, and its (missing) signature checked
    // One that trickles in is answered at once, holding nothing of the budget while the rest comes.
    const { hostname, port } = new URL(base);
    const answer = await new Promise<string>((resolve) => {
      const socket = new Socket();
      onCleanup(() => void socket.destroy());
      socket.on('error', () => {});
      socket.once('data', (d) => resolve(d.toString()));
      socket.connect(Number(port), hostname, () => {
        socket.write(`POST /v1/shops/fietsenmaker/webhooks/shopify HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: 10.0.0.2\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\nContent-Length: ${gzipped.length}\r\n\r\n`);
        socket.write(gzipped.subarray(0, 1024));
      });
    });
    expect(answer).toMatch(/^HTTP\/1\.1 415 /);
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
