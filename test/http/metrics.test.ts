import { describe, expect, it } from 'vitest';
import { createDispatcher } from '../../src/queue/dispatcher.js';
import { createMetrics } from '../../src/metrics.js';
import { loadTemplates } from '../../src/templates.js';
import { networkInterfaces } from 'node:os';
import { createApp } from '../../src/http/app.js';
import { serve } from '../../src/http/server.js';
import { join } from 'node:path';
import { smsOutbox } from '../../src/channels/outbox.js';
import { openPostgres } from '../../src/db/engines/postgres.js';
import { openSqlite } from '../../src/db/engines/sqlite.js';
import { migrate } from '../../src/db/open.js';
import { createStore } from '../../src/db/store.js';
import { freshDatabase } from '../pg/cluster.js';
import { PUBLIC_URL, type TestStore, createShop, engine, migrateOlder, onCleanup, postSale, postTwilio, recordingChannel, run, saleBody, scenario, silent, startApp, tempDir, testClock, testDispatcher, testStore } from '../helpers.js';
import { type EmailOut, SendFailure, type SmsOut } from '../../src/channels/types.js';

/** A shop on a server whose /metrics read its database, the clock at a sale's afternoon. */
async function watchedShop() {
  const store = await testStore();
  const clock = testClock('2026-03-14T15:31:00+01:00');
  const { webhookSecret } = await createShop(store);
  const metrics = createMetrics();
  metrics.watch(store, clock.now);
  return { store, clock, webhookSecret, metrics, base: await startApp(store, clock.now, { metrics }) };
}

describe('GET /metrics', () => {
  it('counts sales, settled messages, send latency, dispatcher lag and errors, in Prometheus format', async () => {
    const { store, clock, webhookSecret, metrics, base } = await watchedShop();
    await postSale(base, 'fietsenmaker', webhookSecret, saleBody(), clock.now());
    await postSale(base, 'fietsenmaker', webhookSecret, saleBody({ id: 'sale-2' }), clock.now() - 3_600_000_000); // stale: 401

    clock.set('2026-03-15T10:05:00+01:00');
    const lagging = await (await fetch(`${base}/metrics`)).text();
    expect(lagging).toMatch(/^nextdeal_dispatcher_lag_seconds 300$/m); // due at 10:00, not sent at 10:05

    const dispatcher = createDispatcher({
      store, channels: { sms: recordingChannel<SmsOut>(), email: recordingChannel<EmailOut>() }, templates: loadTemplates(), emailFrom: 'x@example.test',
      publicUrl: PUBLIC_URL, retryBaseSeconds: 60, pauseAfter: 5, pauseMinutes: 10, reconcileAfterMs: 600_000, log: silent, metrics,
    });
    await dispatcher.tick(clock.now());
    const res = await fetch(`${base}/metrics`);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await res.text();
    expect(text).toMatch(/^nextdeal_sales_received_total\{source="webhook"\} 1$/m);
    expect(text).toMatch(/^nextdeal_messages_settled_total\{kind="checkin",channel="sms",status="sent"\} 1$/m);
    expect(text).toMatch(/^nextdeal_messages\{kind="checkin",channel="sms",status="sent"\} 1$/m);
    expect(text).toMatch(/^nextdeal_messages\{kind="comeback",channel="sms",status="scheduled"\} 1$/m);
    expect(text).toMatch(/^nextdeal_send_duration_seconds_count\{channel="sms",transport="outbox"\} 1$/m);
    expect(text).toMatch(/^nextdeal_dispatcher_lag_seconds 0$/m);
    expect(text).toMatch(/^nextdeal_http_errors_total\{route="sale_webhook",status="401"\} 1$/m);
    expect(text).toMatch(/^nextdeal_channel_paused\{channel="sms"\} 0$/m);
    expect(text).toMatch(/^nextdeal_process_resident_memory_bytes \d+/m);
  });

  // The operator-side review of 4 December: with no Twilio set up (docker-compose's default for SMS), a check-in written
  // to the outbox was "sent" in the dispatch's report and in both metrics, while the owner's page and `messages list`
  // say nobody got it.
  it("calls a message the outbox took 'outbox', not sent: in the dispatch's report and in both metrics", async () => {
    const { store, clock, webhookSecret, metrics, base } = await watchedShop();
    await postSale(base, 'fietsenmaker', webhookSecret, saleBody({ customer: { phone: '06 13572468', consent: { sms: true } } }), clock.now());
    await postSale(base, 'fietsenmaker', webhookSecret, saleBody({ id: 'sale-2', customer: { email: 'sanne@example.com', consent: { email: true } } }), clock.now());
    const dir = tempDir();
    const dispatcher = createDispatcher({
      store, channels: { sms: smsOutbox(dir), email: recordingChannel<EmailOut>('smtp') }, templates: loadTemplates(), emailFrom: 'x@example.test',
      publicUrl: PUBLIC_URL, retryBaseSeconds: 60, pauseAfter: 5, pauseMinutes: 10, reconcileAfterMs: 600_000, log: silent, metrics,
    });
    clock.set('2026-03-15T10:05:00+01:00');
    expect(await dispatcher.tick(clock.now())).toMatchObject({ sent: 1, outbox: 1 }); // the e-mail went, the SMS to a file
    const text = await (await fetch(`${base}/metrics`)).text();
    expect(text).toMatch(/^nextdeal_messages_settled_total\{kind="checkin",channel="sms",status="outbox"\} 1$/m);
    expect(text).toMatch(/^nextdeal_messages_settled_total\{kind="checkin",channel="email",status="sent"\} 1$/m);
    expect(text).not.toMatch(/^nextdeal_messages_settled_total\{kind="checkin",channel="sms",status="sent"\}/m);
    expect(text).toMatch(/^nextdeal_messages\{kind="checkin",channel="sms",status="outbox"\} 1$/m);
    expect(text).not.toMatch(/^nextdeal_messages\{kind="checkin",channel="sms",status="sent"\} [1-9]/m);
    expect(text).toMatch(/^nextdeal_messages\{kind="checkin",channel="email",status="sent"\} 1$/m);
    expect(text).not.toMatch(/^nextdeal_messages\{kind="checkin",channel="email",status="outbox"\}/m);
  });

  // The review of the change above: counting the outboxed messages at every scrape took 0.2 s at half a million of
  // them. The triggers count them as 'outbox' instead (migration 054), and the migration counts what was there anew.
  it("keeps the messages the outbox took counted as 'outbox' by the triggers, from before migration 54 too", async () => {
    const db = engine === 'postgres' ? openPostgres(await freshDatabase()) : openSqlite(join(tempDir(), 'nextdeal.db'));
    onCleanup(() => db.close());
    await migrateOlder(db, 53);
    const store = { ...createStore(db), db } as TestStore;
    const clock = testClock('2026-03-14T15:31:00+01:00');
    const { webhookSecret } = await createShop(store);
    const base = await startApp(store, clock.now);
    const dir = tempDir();
    const { dispatcher } = testDispatcher(store, { sms: smsOutbox(dir) });
    const sell = async (id: string, phone: string) =>
      expect((await postSale(base, 'fietsenmaker', webhookSecret, saleBody({ id, customer: { phone, consent: { sms: true } } }), clock.now())).status).toBe(201);
    await sell('sale-1', '06 13572468');
    await dispatcher.tick(Date.parse('2026-03-15T10:05:00+01:00'));
    const sms = async () => Object.fromEntries((await store.messages.counts()).filter((r) => r.channel === 'sms' && r.kind === 'checkin' && Number(r.n) !== 0).map((r) => [r.status, Number(r.n)]));
    expect(await sms()).toEqual({ sent: 1 }); // as counted before
    expect(await migrate(db)).toContain(54);
    expect(await sms()).toEqual({ outbox: 1 });
    clock.set('2026-03-15T15:31:00+01:00');
    await sell('sale-2', '06 87654321');
    expect(await sms()).toEqual({ outbox: 1, scheduled: 1 });
    await dispatcher.tick(Date.parse('2026-03-16T10:05:00+01:00'));
    expect(await sms()).toEqual({ outbox: 2 });
    // Sent again by the owner's "opnieuw versturen" or `messages retry`: it leaves the outbox's count as it leaves 'sent'.
    expect(await run(db, "UPDATE messages SET status = 'scheduled', provider_id = NULL WHERE id = (SELECT min(id) FROM messages WHERE kind = 'checkin')")).toBe(1);
    expect(await sms()).toEqual({ outbox: 1, scheduled: 1 });
  });

  // A review of 5 December: sends in doubt that Twilio's records (reconciliation) or its status callback then showed
  // gone were in nextdeal_messages{status="sent"}, but never in nextdeal_messages_settled_total.
  it('counts a send in doubt as sent once Twilio shows it went: in its records, or by its status callback', async () => {
    const { store, clock, webhookSecret, metrics, base } = await watchedShop();
    const sell = (id: string, phone: string) => postSale(base, 'fietsenmaker', webhookSecret, saleBody({ id, customer: { phone, consent: { sms: true } } }), clock.now());
    expect([(await sell('sale-1', '06 13572468')).status, (await sell('sale-2', '06 87654321')).status]).toEqual([201, 201]);
    const sms = Object.assign(recordingChannel<SmsOut>('twilio'), {
      // Twilio's records have the first; the second is asked about too, and Twilio cannot be reached.
      reconcile: async (m: { to: string }) => {
        if (m.to === '+31613572468') return { providerId: 'SMfound' };
        throw Object.assign(new Error('unreachable'), { code: 'ECONNREFUSED' });
      },
    });
    const dispatcher = createDispatcher({
      store, channels: { sms, email: recordingChannel<EmailOut>() }, templates: loadTemplates(), emailFrom: 'x@example.test',
      publicUrl: PUBLIC_URL, retryBaseSeconds: 60, pauseAfter: 5, pauseMinutes: 10, reconcileAfterMs: 600_000, log: silent, metrics,
    });
    const noAnswer = () => new SendFailure({ reason: 'in_doubt', kind: 'in_doubt', detail: 'read timeout' });
    sms.failNext(noAnswer(), noAnswer());
    clock.set('2026-03-15T10:05:00+01:00');
    expect(await dispatcher.tick(clock.now())).toMatchObject({ uncertain: 2 });
    const settled = async () => (await (await fetch(`${base}/metrics`)).text()).match(/^nextdeal_messages_settled_total\{kind="checkin",channel="sms",status="sent"\} \d+$/m)?.[0] ?? null;
    expect(await settled()).toBeNull();
    clock.set('2026-03-15T10:20:00+01:00');
    expect(await dispatcher.tick(clock.now())).toMatchObject({ reconciled: 1 });
    expect(await settled()).toMatch(/ 1$/);
    const other = (await store.db.get({ text: "SELECT id, created_at AS created FROM messages WHERE status = 'uncertain'" }, []))! as { id: number; created: number };
    expect((await postTwilio(base, `/v1/twilio/status?message=${other.id}&created=${other.created}`, { MessageSid: 'SM' + 'a'.repeat(32), MessageStatus: 'sent' })).status).toBe(204);
    expect(await settled()).toMatch(/ 2$/);
    const text = await (await fetch(`${base}/metrics`)).text();
    expect(text).toMatch(/^nextdeal_messages\{kind="checkin",channel="sms",status="sent"\} 2$/m);
  });

  it("counts a message 'failed' only when it fails for good: not at a failure it is tried again after", async () => {
    const store = await testStore();
    const clock = testClock('2026-03-14T15:31:00+01:00');
    const { webhookSecret } = await createShop(store);
    const base = await startApp(store, clock.now);
    await postSale(base, 'fietsenmaker', webhookSecret, saleBody(), clock.now());
    await postSale(base, 'fietsenmaker', webhookSecret, saleBody({ id: 'sale-2', customer: { phone: '0687654321', consent: { sms: true } } }), clock.now());
    const metrics = createMetrics();
    const sms = recordingChannel<SmsOut>();
    const dispatcher = createDispatcher({
      store, channels: { sms, email: recordingChannel<EmailOut>() }, templates: loadTemplates(), emailFrom: 'x@example.test',
      publicUrl: PUBLIC_URL, retryBaseSeconds: 60, pauseAfter: 5, pauseMinutes: 10, reconcileAfterMs: 600_000, log: silent, metrics,
    });
    sms.failNext(
      new SendFailure({ reason: 'unreachable', kind: 'retry', detail: 'connect ECONNREFUSED' }),
      new SendFailure({ reason: 'invalid_number', kind: 'permanent', detail: '21211' }),
    );
    expect(await dispatcher.tick(Date.parse('2026-03-15T10:00:00+01:00'))).toMatchObject({ retrying: 1, failed: 1 });
    const text = await metrics.registry.metrics();
    expect(text).toMatch(/^nextdeal_messages_settled_total\{kind="checkin",channel="sms",status="failed"\} 1$/m);
    expect(text).toMatch(/^nextdeal_send_retries_total\{channel="sms"\} 1$/m);
  });

  it('keeps the messages by status as they change, equal to a count of the table, without counting it when scraped', async () => {
    const s = await scenario();
    await s.post(saleBody({ id: 'sale-2', customer: { phone: '0687654321', consent: { sms: true } } }));
    await s.tick('2026-03-15T10:00:00+01:00');
    await s.post(saleBody({ id: 'sale-3', status: 'refunded' }));
    const counted = await s.all('SELECT kind, channel, status, count(*) AS n FROM messages GROUP BY 1, 2, 3 ORDER BY 1, 2, 3');
    // What /metrics reads: the counters and their changes not folded in yet (the sweep folds them every minute).
    expect((await s.store.messages.counts()).filter((r) => r.n > 0)).toEqual(counted);
    await s.store.chores.fold();
    expect(await s.all('SELECT kind, channel, status, n FROM message_counts WHERE n > 0 ORDER BY 1, 2, 3')).toEqual(counted);
    expect(await s.all('SELECT count(*) AS n FROM message_count_changes')).toEqual([{ n: 0 }]);
    expect(counted.length).toBeGreaterThan(1);
  });

  it('serves this machine only when METRICS_TOKEN is not set: not through a proxy, not from another address', async () => {
    const store = await testStore();
    const base = await startApp(store, Date.now, { metrics: createMetrics() });
    expect((await fetch(`${base}/metrics`)).status).toBe(200);
    for (const headers of [{ "x-forwarded-for": "203.0.113.9" }, { forwarded: "for=203.0.113.9" }, { "x-real-ip": "203.0.113.9" }, { via: "1.1 nginx" }] as Record<string, string>[]) expect((await fetch(`${base}/metrics`, { headers })).status).toBe(403);
    // The app on every interface, asked at this machine's own (not loopback) address, as another host would.
    const address = Object.values(networkInterfaces()).flat().find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
    if (!address) return; // a machine with loopback only: the proxy case above is the test
    const server = await serve(createApp({ store, now: Date.now, log: silent, templates: loadTemplates(), publicUrl: PUBLIC_URL, twilioAuthToken: undefined, wake: () => {}, metrics: createMetrics() }), 0, undefined, '0.0.0.0');
    onCleanup(() => new Promise<void>((done) => (server.closeAllConnections(), server.close(() => done()))));
    const res = await fetch(`http://${address}:${(server.address() as { port: number }).port}/metrics`);
    expect([res.status, ((await res.json()) as { message: string }).message]).toEqual([403, expect.stringContaining('set METRICS_TOKEN')]);
  });

  it('asks for the bearer token when METRICS_TOKEN is set', async () => {
    const store = await testStore();
    const base = await startApp(store, Date.now, { metrics: createMetrics(), metricsToken: 'a-long-metrics-token' });
    expect((await fetch(`${base}/metrics`)).status).toBe(401);
    expect((await fetch(`${base}/metrics`, { headers: { authorization: 'Bearer wrong-token-here!' } })).status).toBe(401);
    expect((await fetch(`${base}/metrics`, { headers: { authorization: 'Bearer a-long-metrics-token' } })).status).toBe(200);
  });
});
