// A customer who bought twice on their first day, whose one check-in went out about the other purchase (the review of
// the owner's figures, 5 December 2026): the second one's (a second purchase that day takes the first one's check-in),
// or the one that came first when the till sends an earlier sale of that day late. They were counted as not asked:
// "did asking help?" left them out of every group, and the hold-out's "went out" (experiment --json, the page, and
// experiment.csv's messaged_delivered) counted their check-in as not gone out. Through the till's signed webhook and
// the dispatcher, as the owner reads it; on both engines. Each failed before its fix.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run as cli } from '../../src/cli.js';
import { openPostgres } from '../../src/db/engines/postgres.js';
import { openSqlite } from '../../src/db/engines/sqlite.js';
import { migrate } from '../../src/db/open.js';
import { createStore } from '../../src/db/store.js';
import { hashPassword } from '../../src/domain/password.js';
import { sign } from '../../src/http/signature.js';
import { type TestStore, createShop, engine, migrateOlder, onCleanup, ownerClient, postSale, run, saleBody, startApp, tempDir, testClock, testDispatcher, testStore } from '../helpers.js';
import { freshDatabase } from '../pg/cluster.js';

/** Monday 2 March 2026, 08:00 in Amsterdam: the morning of everyone's first purchase. */
const MORNING = Date.parse('2026-03-02T07:00:00Z');
const MIN = 60_000;
/** The next morning, once the check-ins went out. */
const NEXT = Date.parse('2026-03-03T09:05:00Z');
/** 62 days on: their 60 days are over, and the hold-out counts them. */
const LOOK = MORNING + 62 * 86_400_000;

/**
 * A shop holding one in ten out (none of these), and its customers' first day through its till's webhook: Mia (e-mail) buys at 08:00 and
 * 08:30, sent in order; Lena (SMS) at 08:00 and 08:30, the later one sent first; Sem (SMS) at 08:00 and 08:30, the
 * 08:30 one refunded within the hour (its check-in goes back to the 08:00 one); Bo (SMS) once; Noor, without consent,
 * once (she cannot be asked). Then the next morning's check-ins go out.
 */
async function firstDay(given?: TestStore) {
  const store = given ?? (await testStore());
  const clock = testClock(new Date(MORNING).toISOString());
  const { shop, webhookSecret } = await createShop(store, { holdout: 10 });
  // A known secret: customers 1 to 5 all draw messages.
  await run(store.db, "UPDATE experiment_periods SET salt = 'asked-first-day-1'");
  const base = await startApp(store, clock.now);
  const till = async (id: string, customer: Record<string, unknown>, minutes: number) => {
    const body = saleBody({ id, occurredAt: new Date(MORNING + minutes * MIN).toISOString(), customer });
    const res = await postSale(base, shop.slug, webhookSecret, body, clock.now());
    expect(res.status).toBe(201);
    return res.body;
  };
  const mia = { name: 'Mia', phone: null, email: 'mia@example.com', consent: { email: true } };
  const lena = { name: 'Lena', phone: '+31612340001', email: null, consent: { sms: true } };
  const sem = { name: 'Sem', phone: '+31612340002', email: null, consent: { sms: true } };
  const bo = { name: 'Bo', phone: '+31612340003', email: null, consent: { sms: true } };
  const noor = { name: 'Noor', phone: '+31612340004', email: null, consent: {} };
  clock.set('2026-03-02T09:00:00Z');
  await till('mia-1', mia, 0);
  expect((await till('mia-2', mia, 30)).scheduled.map((m: { kind: string }) => m.kind)).toContain('checkin');
  await till('lena-2', lena, 30);
  expect((await till('lena-1', lena, 0)).skipped).toContainEqual({ kind: 'checkin', reason: 'checkin_today' });
  await till('sem-1', sem, 0);
  await till('sem-2', sem, 30);
  await till('bo-1', bo, 0);
  await till('noor-1', noor, 0);
  const raw = JSON.stringify({ id: 'sem-2', status: 'refunded' });
  const refunded = await fetch(`${base}/v1/shops/${shop.slug}/sales/sem-2/refund`, {
    method: 'POST', headers: { 'content-type': 'application/json', 'nextdeal-signature': sign(webhookSecret, raw, Math.floor(clock.now() / 1000)) }, body: raw,
  });
  expect(refunded.status).toBe(200);
  const { dispatcher, sms, email } = testDispatcher(store);
  await dispatcher.tick(NEXT);
  // The check-ins that went: one for each of Mia, Lena, Sem and Bo.
  expect([sms.sent.length, email.sent.length]).toEqual([3, 1]);
  return { store, shop, base, clock };
}

/** `nextdeal experiment --json` once their 60 days are over, as the owner's script runs it. */
async function experimentJson(store: TestStore): Promise<any> {
  const out: string[] = [];
  const env = store.db.engine === 'postgres' ? { DATABASE_URL: store.db.url } : { DATABASE_PATH: store.db.file };
  const io = { out: (s: string) => void out.push(s), err: (s: string) => void out.push(s), env, stdin: () => '', askSecret: async () => '' };
  const code = await cli(['experiment', '--shop', 'fietsenmaker', '--json', '--at', new Date(LOOK).toISOString()], io as never);
  if (code !== 0) throw new Error(out.join(''));
  return JSON.parse(out.join(''));
}

/** The owner's page: "did asking help?" the next morning (one line per group), the hold-out's "went out" at LOOK. */
async function ownerSees(h: Awaited<ReturnType<typeof firstDay>>) {
  await h.store.sessions.setPassword(h.shop.id, await hashPassword('correct horse battery'));
  const section = async (id: string, at: number) => {
    h.clock.set(new Date(at).toISOString());
    const owner = ownerClient(h.base);
    await owner.logIn('fietsenmaker', 'correct horse battery');
    const page = await (await owner.get('/shops/fietsenmaker')).text();
    const start = page.indexOf(`<section id="${id}"`);
    return page.slice(start, page.indexOf('</section>', start)).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
  };
  return { asking: await section('asking', NEXT), experiment: await section('experiment', LOOK) };
}

/** What the owner should see: Mia asked by e-mail; Lena, Sem and Bo by SMS; Noor not asked. */
function expectRight(json: any, page: { asking: string; experiment: string }) {
  expect(json.delivered).toEqual({ customers: 4, delivered: 4, rate: 1 });
  expect(page.asking).toContain('Gevraagd per sms – 3 klanten van wie de 30 dagen nog niet om zijn');
  expect(page.asking).toContain('Gevraagd per e-mail – 1 klant van wie de 30 dagen nog niet om zijn');
  expect(page.asking).toContain('Niet gevraagd (geen toestemming of contact) – 1 klant van wie de 30 dagen nog niet om zijn');
  expect(page.experiment).toContain('Bij 4 van de 4 klanten die berichten kregen, ging de eerste check-in ook echt de deur uit.');
}

describe('a customer who bought twice on their first day', () => {
  it('counts as asked, and their check-in as gone out, whichever purchase of that day it was about', async () => {
    const h = await firstDay();
    expectRight(await experimentJson(h.store), await ownerSees(h));
  });
});

// An installation that counted them as not asked: migration 62 puts it right.
describe('migration 62: such customers counted before it', () => {
  it('counts them as asked, in the command and on the page', async () => {
    const db = engine === 'postgres' ? openPostgres(await freshDatabase()) : openSqlite(join(tempDir(), 'nextdeal.db'));
    onCleanup(() => db.close());
    await migrateOlder(db, 61);
    const h = await firstDay({ ...createStore(db), db } as TestStore);
    // As the rule before it counted: asked as the customer's first sale says (the triggers carry it into the days).
    await run(db, 'UPDATE customers SET asked = (SELECT checkin FROM sales WHERE id = customers.first_sale_id)');
    // Before it, the page counted Mia and Lena as not asked (the command would migrate the database it opens).
    const before = await ownerSees(h);
    expect(before.experiment).toContain('Bij 2 van de 4 klanten die berichten kregen, ging de eerste check-in ook echt de deur uit.');
    expect(before.asking).toContain('Gevraagd per e-mail – nog geen klanten');
    expect(await migrate(db)).toContain(62);
    expectRight(await experimentJson(h.store), await ownerSees(h));
  });
});
