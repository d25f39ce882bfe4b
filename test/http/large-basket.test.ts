// A large basket (a DIY store's receipt of 600 lines) is no till's mistake: nextdeal keeps its first 200 items, and
// before, a body past 64 KiB was refused whole (413), also gzip-compressed to a few KB, and the visit was lost.
import { Socket } from 'node:net';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { BODY_PACE, PER_ADDRESS, bytesBeingRead } from '../../src/http/reading-budget.js';
import { sign } from '../../src/http/signature.js';
import { createShop, onCleanup, saleBody, startApp, testClock, testDispatcher, testStore, value } from '../helpers.js';

async function setup() {
  const store = await testStore();
  const clock = testClock('2026-03-14T15:31:00+01:00');
  const { webhookSecret } = await createShop(store);
  const base = await startApp(store, clock.now);
  const send = async (path: string, raw: string, encoding?: 'gzip') => {
    const res = await fetch(`${base}/v1/shops/fietsenmaker${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json', 'nextdeal-signature': sign(webhookSecret, raw, Math.floor(clock.now() / 1000)),
        ...(encoding && { 'content-encoding': encoding }),
      },
      body: encoding ? gzipSync(raw) : raw,
    });
    return { status: res.status, body: (await res.json()) as any };
  };
  return { store, send, count: () => value<number>(store.db, 'SELECT count(*) FROM sales') };
}

/** A sale of a drill and `screws` boxes of screws, each its own line (a receipt of the shop's own kind). */
const basket = (id: string, screws: number) => JSON.stringify(saleBody({
  id,
  items: [
    { name: 'Accuboormachine', sku: 'ABM-18', quantity: 1, unitPrice: 129 },
    ...Array.from({ length: screws }, (_, n) => ({ name: `Schroef M4 x ${n + 1} mm verzinkt`, sku: `SCR-${n}`, quantity: 1, unitPrice: 0.15 })),
  ],
  total: 129 + screws * 0.15,
}));

const TOO_LARGE = 'the body is larger than the 1048576 bytes (1 MiB) allowed, counted uncompressed: nextdeal reads a sale\'s fields the README lists '
  + 'and keeps its first 200 items (of each the name, sku, quantity and unitPrice): leave out the rest';

describe('a sale of many items', () => {
  it('is taken past 64 KiB, plain or gzip-compressed (800 lines), with its first 200 items, and its customer asked about it the next morning', async () => {
    const { store, send } = await setup();
    const plain = basket('bouw-1', 800);
    expect(Buffer.byteLength(plain)).toBeGreaterThan(65_536);
    const warnings = [{ field: 'items', message: 'at most 200 items: the rest left out' }];
    const a = await send('/sales', plain);
    expect(a).toMatchObject({ status: 201, body: { scheduled: [{ kind: 'checkin' }, { kind: 'comeback' }], warnings } });
    const compressed = basket('bouw-2', 800);
    expect(gzipSync(compressed).length).toBeLessThan(8_192);
    expect(await send('/sales', compressed, 'gzip')).toMatchObject({ status: 201, body: { warnings } });
    expect(await value(store.db, "SELECT count(*) FROM sales WHERE till_sale_id = 'bouw-1'")).toBe(1);
    const { dispatcher, sms } = testDispatcher(store);
    await dispatcher.tick(Date.parse('2026-03-15T10:00:00+01:00'));
    expect(sms.sent.map((m) => m.body)).toEqual([expect.stringMatching(/^Hoi Sanne, gisteren kocht je Accuboormachine/)]);
  });

  it('past 1 MiB (counted uncompressed, however small it came) is 413 saying what to trim, and nothing is stored', async () => {
    const { send, count } = await setup();
    const huge = basket('bouw-3', 12_000);
    expect(Buffer.byteLength(huge)).toBeGreaterThan(1_048_576);
    for (const encoding of [undefined, 'gzip'] as const) {
      expect(await send('/sales', huge, encoding), encoding).toEqual({ status: 413, body: { error: 'too_large', message: TOO_LARGE } });
    }
    expect(await count()).toBe(0);
    const refund = await send('/sales/bouw-3/refund', JSON.stringify({ id: 'bouw-3', pad: 'x'.repeat(1_100_000) }));
    expect(refund).toMatchObject({ status: 413, body: { message: expect.stringContaining('a refund body needs only "id" and "status"') } });
  });
});

/** Polls until `ready` holds (the server's reading is watched, never timed). */
async function until(ready: () => boolean): Promise<void> {
  while (!ready()) await new Promise((r) => setTimeout(r, 5));
}

/** A gzip-compressed sale from `address` that has sent part of its body and waits; resolves once held or answered. */
function hangingCompressed(base: string, address: string, length = 4000): Promise<Socket & { answer: string }> {
  const { hostname, port } = new URL(base);
  const before = bytesBeingRead();
  return new Promise((resolve) => {
    const socket = Object.assign(new Socket(), { answer: '' });
    socket.on('data', (d) => void (socket.answer += d.toString()));
    socket.on('error', () => {});
    onCleanup(() => void socket.destroy());
    socket.connect(Number(port), hostname, () => {
      socket.write('POST /v1/shops/fietsenmaker/sales HTTP/1.1\r\nHost: x\r\n'
        + `X-Forwarded-For: ${address}\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\nContent-Length: ${length}\r\n\r\n`);
      socket.write(gzipSync('{"id":"x","pad":"').subarray(0, 10));
      void until(() => socket.answer !== '' || bytesBeingRead() > before).then(() => resolve(socket));
    });
  });
}

describe('bodies being read', () => {
  // A compressed body takes what it inflates to, not what comes: each holds the whole MiB of the budget from its first
  // byte, so one address cannot make the server inflate more than its share at once.
  it('a compressed one holds 1 MiB of its address\'s share from its first byte: past the share, 503; another address is read', async () => {
    await until(() => bytesBeingRead() === 0);
    const store = await testStore();
    const clock = testClock('2026-03-14T15:31:00+01:00');
    await createShop(store);
    const base = await startApp(store, clock.now, { trustProxy: 1 });
    const share = PER_ADDRESS / (1024 * 1024);
    for (let n = 0; n < share; n++) expect((await hangingCompressed(base, '10.0.0.1')).answer).toBe('');
    expect((await hangingCompressed(base, '10.0.0.1')).answer).toMatch(/^HTTP\/1\.1 503 [^]*"error":"busy"/);
    expect((await hangingCompressed(base, '10.0.0.2')).answer).toBe('');
  });

  // The review of 15c168e: a compressed body kept the MiB it holds while sending a few kilobytes every few seconds (it
  // was paced by what of it came): 32 of them, from three addresses, held the whole budget for twenty minutes, and every
  // shop's Shopify deliveries got 503. Paced by what it holds, as a plain body is, it must send an eighth of it in each
  // interval, or it is cut off and gives its MiB back.
  it('a compressed one that trickles (a few KB in each interval) is cut off and gives back its MiB', async () => {
    await until(() => bytesBeingRead() === 0);
    const pace = { ...BODY_PACE };
    Object.assign(BODY_PACE, { everyMs: 600 });
    onCleanup(() => void Object.assign(BODY_PACE, pace));
    const store = await testStore();
    const clock = testClock('2026-03-14T15:31:00+01:00');
    await createShop(store);
    const base = await startApp(store, clock.now, { trustProxy: 1 });
    const slow = await hangingCompressed(base, '10.0.0.3', 1_000_000);
    expect([slow.answer, bytesBeingRead()]).toEqual(['', 1024 * 1024]);
    // About 7 KB in each interval (1.8 KB four times in it): past the least (4 KB), far below the eighth of its MiB.
    // Paced by what came, it would go on until what came were eight times that (about 45 KB, six intervals and more).
    let sent = 0;
    const trickle = setInterval(() => void (slow.destroyed || (slow.write(Buffer.alloc(1800, 0x20)), (sent += 1800))), BODY_PACE.everyMs / 4);
    onCleanup(() => clearInterval(trickle));
    await new Promise((closed) => (slow.destroyed ? closed(null) : slow.once('close', closed)));
    await until(() => bytesBeingRead() === 0);
    expect(sent).toBeLessThan(20_000);
  });
});
