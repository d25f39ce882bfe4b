// A long download must not hold up the server. On SQLite a page of the export is read synchronously, and while the
// kernel's socket buffers take what is written nothing makes the export wait: messages.csv and replies.csv held every
// till's sale, Twilio's webhooks and /healthz for the whole download, 13 s for three years at a third of the bench's
// size, past Twilio's 15 s at full size (the scale review of 6 December). Told by order, not by a stopwatch: the sale
// (the STOP, /healthz) is answered before the download's last byte is written.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/domain/password.js';
import { createApp } from '../../src/http/app.js';
import { DOWNLOAD_PAGE } from '../../src/http/owner/exports.js';
import { SERVER_LIMITS, serve } from '../../src/http/server.js';
import { loadTemplates } from '../../src/templates.js';
import {
  PUBLIC_URL, TWILIO_AUTH_TOKEN, createShop, engine, messageSid, onCleanup, ownerClient, postSale, postTwilio, run, saleBody, silent, testClock,
  testStore, twimlMessage, value,
} from '../helpers.js';

const PASSWORD = 'correct horse battery';
/**
 * Pages a download takes here: many more than the turns of the event loop a sale, a STOP or /healthz needs (some 3-7).
 * Under a megabyte, it fits in the socket buffers of loopback, as a reverse proxy reading it would let it: without
 * giving way, the server wrote it to its end before it read anything else.
 */
const PAGES = 25;

/** The app on a loopback port, with the order in which its answers were written to the end ("finish"), by path. */
async function setup() {
  const store = await testStore();
  const clock = testClock('2026-03-14T15:31:00+01:00');
  const { shop, webhookSecret } = await createShop(store);
  await store.sessions.setPassword(shop.id, await hashPassword(PASSWORD));
  const server = await serve(
    createApp({ store, now: clock.now, log: silent, templates: loadTemplates(), publicUrl: PUBLIC_URL, twilioAuthToken: TWILIO_AUTH_TOKEN, wake: () => {} }),
    0, SERVER_LIMITS, '127.0.0.1',
  );
  onCleanup(() => new Promise<void>((done) => (server.close(() => done()), server.closeAllConnections())));
  const answered: string[] = [];
  server.on('request', (req, res) => res.on('finish', () => answered.push(req.url!.split('?')[0]!)));
  const port = (server.address() as AddressInfo).port;
  const base = `http://127.0.0.1:${port}`;
  const sale = await postSale(base, 'fietsenmaker', webhookSecret, saleBody({ id: 'first', customer: { name: 'Sanne de Vries', phone: '0613572468', consent: { sms: true } } }), clock.now());
  expect(sale.status).toBe(201);
  const owner = ownerClient(base);
  expect((await owner.logIn('fietsenmaker', PASSWORD)).status).toBe(303);

  /**
   * Asks for a download on a connection of its own and takes its first bytes only: the owner's phone on a slow link, or
   * a proxy not reading yet. The rest is read once `meanwhile` is done; returns the status and the whole body.
   */
  const download = (path: string, meanwhile: () => Promise<void>) =>
    new Promise<{ status: number; body: string }>((done, fail) => {
      const cookie = [...owner.jar].map(([k, v]) => `${k}=${v}`).join('; ');
      http.get(`${base}${path}`, { headers: { cookie }, agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.once('data', (first: Buffer) => {
          chunks.push(first);
          res.pause();
          meanwhile().then(() => {
            res.on('data', (chunk: Buffer) => chunks.push(chunk)).on('end', () => done({ status: res.statusCode!, body: Buffer.concat(chunks).toString('utf8') }));
            res.resume();
          }, fail);
        });
      }).on('error', fail);
    });

  return { store, shop, clock, base, webhookSecret, answered, download };
}

// SQLite only: its queries run on the server's one thread, and a download that did not give way held everything. On
// PostgreSQL each page's query waits on the server and yields of itself, and which of two requests ends first is a race
// (a sale's several round trips against the download's short pages: the download first, once in CI on 6 December).
describe.skipIf(engine !== 'sqlite')('a long download', () => {
  it("answers a till's sale and /healthz before the last byte of messages.csv, to an owner who reads none of it yet", async () => {
    const s = await setup();
    // Enough messages for PAGES pages, one a minute back from now, copied from the sale's check-in.
    const rows = PAGES * DOWNLOAD_PAGE;
    await run(s.store.db, `INSERT INTO messages (shop_id, customer_id, sale_id, kind, channel, key, status, due_at, next_attempt_at, sent_at, created_at)
      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${rows})
      SELECT m.shop_id, m.customer_id, m.sale_id, 'checkin', 'sms', 'copy:' || CAST(n.i AS TEXT), 'sent', CAST(? AS BIGINT) - n.i * 60000, CAST(? AS BIGINT) - n.i * 60000, CAST(? AS BIGINT) - n.i * 60000, m.created_at
      FROM n, messages m WHERE m.key LIKE '%:checkin'`, s.clock.now(), s.clock.now(), s.clock.now());
    const { status, body } = await s.download('/shops/fietsenmaker/messages.csv', async () => {
      const sale = await postSale(s.base, 'fietsenmaker', s.webhookSecret, saleBody({ id: 'meanwhile' }), s.clock.now());
      expect(sale.status).toBe(201);
      expect((await fetch(`${s.base}/healthz`)).status).toBe(200);
    });
    expect(status).toBe(200);
    expect(body.split('\r\n').filter((l) => l.includes(';sent;'))).toHaveLength(rows); // all of it
    expect(s.answered.slice(-3)).toEqual(['/v1/shops/fietsenmaker/sales', '/healthz', '/shops/fietsenmaker/messages.csv']);
    expect(await value(s.store.db, "SELECT count(*) FROM sales WHERE till_sale_id = 'meanwhile'")).toBe(1);
  });

  it("answers a customer's STOP before the last byte of replies.csv, to an owner who reads none of it yet", async () => {
    const s = await setup();
    const rows = PAGES * DOWNLOAD_PAGE;
    await run(s.store.db, `INSERT INTO replies (shop_id, customer_id, sale_id, channel, body, class, received_at)
      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${rows})
      SELECT m.shop_id, m.customer_id, m.sale_id, 'sms', 'Top, dank je wel ' || CAST(n.i AS TEXT), 'positive', CAST(? AS BIGINT) - n.i * 60000
      FROM n, messages m WHERE m.key LIKE '%:checkin'`, s.clock.now());
    let stop = '';
    const { status, body } = await s.download('/shops/fietsenmaker/replies.csv', async () => {
      const res = await postTwilio(s.base, '/v1/twilio/inbound', { MessageSid: messageSid(), From: '+31613572468', To: '+15005550006', Body: 'STOP' });
      expect(res.status).toBe(200);
      stop = twimlMessage(res.text) ?? '';
    });
    expect(stop).not.toBe(''); // the confirmation Twilio is to text back
    expect(status).toBe(200);
    expect(body.split('\r\n').filter((l) => l.includes('Top, dank je wel'))).toHaveLength(rows);
    expect(s.answered.slice(-2)).toEqual(['/v1/twilio/inbound', '/shops/fietsenmaker/replies.csv']);
  });
});
