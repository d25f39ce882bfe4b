// Vendors' bodies are read before their signature can be checked, Shopify's up to 10 MiB: side by side, unsigned ones
// must not take the server's memory, nor one client all of it, nor a body that trickles hold a share it never sent.
// Past the budget a delivery is answered 503 (vendors send it again later).
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Socket } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { BODY_PACE, PER_ADDRESS, READING_BUDGET, bytesBeingRead } from '../../src/http/tills.js';
import { createShop, onCleanup, startApp, testStore } from '../helpers.js';

/** Polls until `ready` holds (the server's reading is watched, never timed). */
async function until(ready: () => boolean): Promise<void> {
  while (!ready()) await new Promise((r) => setTimeout(r, 5));
}

type Held = Socket & { answer: string };
/**
 * A delivery from `address` that says it is `bytes` long, sends `sending` of them (all but the last byte unless told),
 * then waits: it is being read. Resolves once the server holds what was sent, or answered. `answer` is what came back
 * so far ("" while it is being read).
 */
function hanging(base: string, bytes: number, address: string, sending = bytes - 1): Promise<Held> {
  const { hostname, port } = new URL(base);
  const before = bytesBeingRead();
  return new Promise((resolve) => {
    const socket: Held = Object.assign(new Socket(), { answer: '' });
    socket.on('data', (d) => void (socket.answer += d.toString()));
    socket.on('error', () => {});
    onCleanup(() => void socket.destroy());
    socket.connect(Number(port), hostname, () => {
      socket.write(`POST /v1/shops/fietsenmaker/webhooks/shopify HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: ${address}\r\nContent-Type: application/json\r\nContent-Length: ${bytes}\r\n\r\n`);
      socket.write(Buffer.alloc(sending, 0x20));
      void until(() => socket.answer !== '' || socket.destroyed || bytesBeingRead() >= before + sending).then(() => resolve(socket));
    });
  });
}

const SECRET = 'shpss_test';
/** Shopify's test notification, correctly signed: read, verified and answered 200 (it stores nothing). */
const notification = readFileSync(new URL('../fixtures/vendor/shopify-orders-create.json', import.meta.url));

async function setup() {
  await until(() => bytesBeingRead() === 0); // what an earlier test's connections held is given back
  const store = await testStore();
  const { shop } = await createShop(store);
  await store.tills.connect(shop.id, 'shopify', { secret: SECRET }, Date.now());
  const base = await startApp(store, Date.now, { trustProxy: 1 }); // behind a proxy: the address is X-Forwarded-For's
  const post = (address: string) =>
    fetch(`${base}/v1/shops/fietsenmaker/webhooks/shopify`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': address }, body: '{"id":1}' });
  const signed = (address: string, body: Buffer = notification) =>
    fetch(`${base}/v1/shops/fietsenmaker/webhooks/shopify`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json', 'x-forwarded-for': address, 'x-shopify-topic': 'orders/create', 'x-shopify-event-id': `event-${address}`,
        'x-shopify-hmac-sha256': createHmac('sha256', SECRET).update(body).digest('base64'),
      },
      body,
    });
  return { base, post, signed };
}
const MiB = 1024 * 1024;
const tenMiB = 10 * MiB;
const pace = { ...BODY_PACE };
afterEach(() => void Object.assign(BODY_PACE, pace));

/** The budget held to its last byte, by deliveries that have sent all they hold (10 MiB apiece, from other addresses). */
async function fillBudget(base: string): Promise<Held[]> {
  const held: Held[] = [];
  for (let left = READING_BUDGET, n = 1; left > 0; n++) {
    const sending = Math.min(tenMiB - 1, left);
    held.push(await hanging(base, sending + 1, `10.0.0.${n}`));
    left -= sending;
  }
  expect(held.map((s) => s.answer)).toEqual(held.map(() => ''));
  expect(bytesBeingRead()).toBe(READING_BUDGET);
  return held;
}

describe("reading vendors' bodies", () => {
  // A security review: from one IPv6 /64, three connections declaring 10 MiB and two 1 MiB, each sending a few kilobytes
  // every few seconds, held the whole budget (each address its own 12 MiB), and every shop's deliveries got 503.
  it('holds for a slow sender only what it sent: a few from one IPv6 /64, declaring 10 MiB and trickling, do not keep out a signed delivery', async () => {
    const { base, signed } = await setup();
    const slow: Held[] = [];
    for (const [address, bytes] of [['::1', tenMiB], ['::2', tenMiB], ['::3', tenMiB], ['::4', MiB], ['::4', MiB]] as const) {
      slow.push(await hanging(base, bytes, `2001:db8:1:1${address}`, 4200));
    }
    const trickle = setInterval(() => slow.forEach((s) => s.write(Buffer.alloc(4200, 0x20))), 1000);
    onCleanup(() => clearInterval(trickle));
    const res = await signed('9.9.9.9');
    expect([res.status, await res.json()]).toEqual([200, { ignored: expect.any(String) }]);
    expect(slow.map((s) => [s.destroyed, s.answer])).toEqual(slow.map(() => [false, ''])); // still being read
  });

  it('answers 503 with Retry-After past the budget, and reads again once the bodies in hand are done', async () => {
    const { base, post } = await setup();
    const held = await fillBudget(base);
    const refused = await post('10.0.1.1');
    expect([refused.status, refused.headers.get('retry-after')]).toEqual([503, '5']);
    expect(await refused.json()).toMatchObject({ error: 'busy' });
    for (const s of held) s.destroy();
    await until(() => bytesBeingRead() === 0);
    expect((await post('10.0.1.1')).status).toBe(401); // read, and its (missing) signature checked
  });

  it('reads a signed delivery of nearly 10 MiB while others hold most of the budget', async () => {
    const { base, signed } = await setup();
    await hanging(base, tenMiB, '10.0.0.1');
    await hanging(base, tenMiB, '10.0.0.2');
    const large = Buffer.concat([notification, Buffer.alloc(tenMiB - notification.length - 1, 0x20)]);
    expect((await signed('9.9.9.9', large)).status).toBe(200);
  });

  it(`lets one address hold no more than ${PER_ADDRESS / MiB} MiB of it: others are read meanwhile`, async () => {
    const { base, post } = await setup();
    expect((await hanging(base, tenMiB, '10.0.0.1')).answer).toBe('');
    expect((await post('10.0.0.1')).status).toBe(401); // a small one still fits beside its big one
    expect((await hanging(base, tenMiB, '10.0.0.1')).answer).toMatch(/^HTTP\/1\.1 503 /);
    expect((await hanging(base, tenMiB, '10.0.0.2')).answer).toBe('');
  });

  it('counts an IPv6 client by its /56, as every limit does: another address of it shares its share, another network does not', async () => {
    const { base } = await setup();
    expect((await hanging(base, tenMiB, '2001:db8:1:1::1')).answer).toBe('');
    expect((await hanging(base, tenMiB, '2001:db8:1:2::9')).answer).toMatch(/^HTTP\/1\.1 503 /); // the same /56
    expect((await hanging(base, tenMiB, '2001:db8:2::1')).answer).toBe('');
  });

  // Behind a proxy with TRUST_PROXY not set, every vendor has the proxy's address: the cap would make the budget 12 MiB.
  it("does not cap a proxy's address when TRUST_PROXY is not set", async () => {
    await until(() => bytesBeingRead() === 0);
    const store = await testStore();
    const { shop } = await createShop(store);
    await store.tills.connect(shop.id, 'shopify', { secret: SECRET }, Date.now());
    const base = await startApp(store, Date.now); // TRUST_PROXY 0: all from 127.0.0.1
    expect((await hanging(base, tenMiB, 'ignored')).answer).toBe('');
    expect((await hanging(base, tenMiB, 'ignored')).answer).toBe('');
  });

  // A gzip body declaring 41 KB took 9.5 MiB once inflated, and sixty of them took the server from 140 to 745 MB (a
  // security review). No till compresses its deliveries: refused at once.
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

  it('cuts off a body that came fast and then trickles, holding most of its 10 MiB: the more it holds, the more must come', async () => {
    Object.assign(BODY_PACE, { everyMs: 600 });
    const { base, signed } = await setup();
    const held = await hanging(base, tenMiB, '10.0.0.1', tenMiB - 4200 * 1000);
    expect(held.answer).toBe('');
    const trickle = setInterval(() => held.write(Buffer.alloc(4200, 0x20)), 100); // 4 KiB in every 600 ms, and more
    onCleanup(() => clearInterval(trickle));
    await new Promise((closed) => (held.destroyed ? closed(null) : held.once('close', closed)));
    clearInterval(trickle);
    await until(() => bytesBeingRead() === 0);
    expect((await signed('9.9.9.9')).status).toBe(200);
  });

  it('cuts off a body that trickles, and gives back what it held', async () => {
    Object.assign(BODY_PACE, { everyMs: 600 });
    const { base, post } = await setup();
    const held = await fillBudget(base);
    expect((await post('10.0.1.1')).status).toBe(503);
    await Promise.all(held.map((s) => new Promise((closed) => (s.destroyed ? closed(null) : s.once('close', closed)))));
    await until(() => bytesBeingRead() === 0);
    expect((await post('10.0.1.1')).status).toBe(401);
  });
});
