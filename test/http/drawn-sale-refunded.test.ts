// A customer drawn for the hold-out whose purchase, the one they were drawn at, is refunded afterwards (the review of
// 5 December 2026). The hold-out compares everyone as assigned (intention-to-treat, /work/shared/holdout.md §1.4-1.5):
// they stay in the comparison from the day they were drawn, matured 60 days after it, and a purchase on a later day
// within the 60 days is their return. Before, their next purchase became their "first": a return after the refund was
// not counted, a late one kept them out of the matured customers, and one who bought nothing more left the comparison.
// Through the till's webhook and the refund route, as the owner reads it: `nextdeal experiment --json` and
// experiment.csv; on both engines. Each failed before its fix.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run as cli } from '../../src/cli.js';
import { openPostgres } from '../../src/db/engines/postgres.js';
import { openSqlite } from '../../src/db/engines/sqlite.js';
import { migrate } from '../../src/db/open.js';
import { sql } from '../../src/db/sql.js';
import { createStore } from '../../src/db/store.js';
import { rebuildSummaries } from '../../src/db/summary.js';
import { dayNumber } from '../../src/domain/calendar.js';
import { hashPassword } from '../../src/domain/password.js';
import { sign } from '../../src/http/signature.js';
import { type TestStore, all, createShop, engine, migrateOlder, onCleanup, ownerClient, postSale, run, saleBody, startApp, tempDir, testClock, testStore } from '../helpers.js';
import { freshDatabase } from '../pg/cluster.js';
import { phoneOf } from '../store-sales.js';

const DAY = 86_400_000;
const DAY0 = Date.parse('2026-03-02T12:00:00+01:00');
const at = (day: number, minutes = 0) => DAY0 + day * DAY + minutes * 60_000;
/** Day 70: everyone drawn on day 0 has had their 60 days; a customer counted from day 24 or 43 has not. */
const LOOK = at(70);

/** What becomes of each customer's purchase: refunded on day 2 and back on day 5, 24 or 43; or never back; or voided and rung up again that same day. */
const ROLES = ['back5', 'back24', 'back43', 'never', 'rerung'] as const;

/**
 * A shop holding half of its new customers out, with sixteen new customers on day 0 over its till's webhook; the
 * first of each group play the roles above, through the refund route and the webhook.
 */
async function history(given?: TestStore) {
  const store = given ?? (await testStore());
  const clock = testClock(new Date(DAY0).toISOString());
  const { shop, webhookSecret } = await createShop(store, { holdout: 50 } as never);
  await store.db.run(sql("UPDATE experiment_periods SET salt = 'review-drawn-refunded'"));
  const base = await startApp(store, clock.now);
  const till = async (id: string, n: number, when: number) => {
    clock.set(new Date(when + 1000).toISOString());
    const body = saleBody({ id, occurredAt: new Date(when).toISOString(), customer: { name: `Klant ${n}`, phone: phoneOf(n), consent: { sms: true } } });
    const res = await postSale(base, shop.slug, webhookSecret, body, clock.now());
    expect(res.status).toBe(201);
    return res.body;
  };
  const refund = async (id: string, status: 'refunded' | 'voided', when: number) => {
    clock.set(new Date(when).toISOString());
    const raw = JSON.stringify({ id, status });
    const res = await fetch(`${base}/v1/shops/${shop.slug}/sales/${id}/refund`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'nextdeal-signature': sign(webhookSecret, raw, Math.floor(when / 1000)) }, body: raw,
    });
    expect(res.status).toBe(200);
  };
  const groups = { messaged: [] as number[], heldOut: [] as number[] };
  for (let n = 0; n < 16; n++) {
    const r = await till(`first-${n}`, n, at(0, n));
    (r.skipped.some((s: { reason: string }) => s.reason === 'held_out') ? groups.heldOut : groups.messaged).push(n);
  }
  expect(groups.messaged.length).toBeGreaterThanOrEqual(ROLES.length);
  expect(groups.heldOut.length).toBeGreaterThanOrEqual(ROLES.length);
  // In the order they happen, the two groups alike.
  const role = (r: (typeof ROLES)[number]) => [groups.messaged[ROLES.indexOf(r)]!, groups.heldOut[ROLES.indexOf(r)]!];
  for (const n of role('rerung')) await refund(`first-${n}`, 'voided', at(0, 30 + n));
  for (const n of role('rerung')) await till(`rerung-${n}`, n, at(0, 50 + n));
  for (const n of ['back5', 'back24', 'back43', 'never'].flatMap((r) => role(r as never))) await refund(`first-${n}`, 'refunded', at(2, n));
  for (const [r, day] of [['back5', 5], ['back24', 24], ['back43', 43]] as const) for (const n of role(r)) await till(`back-${n}`, n, at(day, n));
  return { store, shop, base, clock, groups };
}

/** `nextdeal experiment --json --at <at>` as the owner's script runs it. */
async function experimentJson(store: TestStore, when: number): Promise<any> {
  const out: string[] = [];
  const env = store.db.engine === 'postgres' ? { DATABASE_URL: store.db.url } : { DATABASE_PATH: store.db.file };
  const io = { out: (s: string) => void out.push(s), err: (s: string) => void out.push(s), env, stdin: () => '', askSecret: async () => '' };
  const code = await cli(['experiment', '--shop', 'fietsenmaker', '--json', '--at', new Date(when).toISOString()], io as never);
  if (code !== 0) throw new Error(out.join(''));
  return JSON.parse(out.join(''));
}

/** The pooled row of experiment.csv as the owner downloads it on `when`: [matured, came back] per group, and how many were assigned. */
async function experimentCsv(h: Awaited<ReturnType<typeof history>>, when: number) {
  h.clock.set(new Date(when).toISOString());
  await h.store.sessions.setPassword(h.shop.id, await hashPassword('correct horse battery'));
  const owner = ownerClient(h.base);
  await owner.logIn('fietsenmaker', 'correct horse battery');
  const pooled = (await (await owner.get('/shops/fietsenmaker/experiment.csv')).text()).trim().split('\r\n').at(-1)!.split(';');
  return { assigned: pooled.slice(4, 6), messaged: pooled.slice(6, 8), heldOut: pooled.slice(11, 13) };
}

/** What the owner should see on day 70: everyone drawn, in both groups; three of each group's five came back. */
const expected = (h: Awaited<ReturnType<typeof history>>) => {
  const [m, c] = [h.groups.messaged.length, h.groups.heldOut.length];
  return { m, c, json: { messaged: { customers: m, returned: 3 }, heldOut: { customers: c, returned: 3 } } };
};

describe('a customer drawn for the hold-out whose purchase is refunded', () => {
  it('stays in the comparison from the day drawn, and a purchase on day 5, 24 or 43 is their return, in both groups', async () => {
    const h = await history();
    const { m, c, json } = expected(h);
    expect(await experimentJson(h.store, LOOK)).toMatchObject({ ...json, periods: [{ assigned: { messaged: m, heldOut: c } }] });
    expect(await experimentCsv(h, LOOK)).toEqual({ assigned: [String(m), String(c)], messaged: [String(m), '3'], heldOut: [String(c), '3'] });
  });

  it('counts from the day drawn on their 61st day, not 60 days after a later purchase', async () => {
    const h = await history();
    // Day 60: nobody's 60 days are over yet; day 61: everyone's, also those who came back on day 43.
    expect((await experimentJson(h.store, at(60))).messaged.customers).toBe(0);
    const { json } = expected(h);
    expect(await experimentJson(h.store, at(61))).toMatchObject(json);
  });
});

// An installation that counted such customers from their next purchase: migration 61 counts them anew.
describe('migration 61: customers whose drawn purchase was refunded, counted before it', () => {
  it('puts right what was counted, in the command and experiment.csv, and what the summaries keep', async () => {
    const db = engine === 'postgres' ? openPostgres(await freshDatabase()) : openSqlite(join(tempDir(), 'nextdeal.db'));
    onCleanup(() => db.close());
    await migrateOlder(db, 60);
    const h = await history({ ...createStore(db), db } as TestStore);
    // As the rule before it counted: a drawn customer's refunded sales as if they were not theirs (nobody here bought
    // before the day drawn, so this is that rule), the summaries rebuilt so; the day drawn kept.
    await run(db, 'CREATE TABLE drawn_kept AS SELECT id, joined_day FROM customers');
    await run(db, 'UPDATE customers SET joined_day = NULL');
    await db.transaction((tx) => rebuildSummaries(tx));
    await run(db, 'UPDATE customers SET joined_day = (SELECT k.joined_day FROM drawn_kept k WHERE k.id = customers.id)');
    await run(db, 'DROP TABLE drawn_kept');
    const { m, c, json } = expected(h);
    // Before it, on day 70: those who came back on day 24 or 43 not matured yet, counted from that day, and nobody's
    // return counted; one who never came back not compared. The owner looked then (the safe test read who had matured).
    const matured = `SELECT held_out AS heldOut, count(*) AS n, sum(CASE WHEN return_day - first_day <= 60 THEN 1 ELSE 0 END) AS back
      FROM customers WHERE period_id IS NOT NULL AND first_day <= ? GROUP BY held_out ORDER BY held_out`;
    const day70 = dayNumber(LOOK, h.shop.timezone);
    expect(await all(db, matured, day70 - 61)).toEqual([{ heldOut: 0, n: m - 3, back: 0 }, { heldOut: 1, n: c - 3, back: 0 }]);
    await h.store.experiments.report((await h.store.shops.bySlug('fietsenmaker'))!, day70);
    expect(await migrate(db)).toContain(61);
    // After it, as a shop that never counted otherwise: the same counts, and the same safe test, read again.
    const now = await experimentJson(h.store, LOOK);
    expect(now).toMatchObject(json);
    const other = (await history()).store;
    const fresh = await experimentJson(other, LOOK);
    expect([now.eValue, now.eValueHurting]).toEqual([fresh.eValue, fresh.eValueHurting]);
    // What the safe test has read (returns and customers per group, waiting for a block): the same as there.
    const testOf = async (d: typeof db) => JSON.parse((await all<{ test: string }>(d, 'SELECT test FROM experiment_periods'))[0]!.test);
    expect(await testOf(db)).toEqual(await testOf(other.db));
    expect(await experimentCsv(h, LOOK)).toEqual({ assigned: [String(m), String(c)], messaged: [String(m), '3'], heldOut: [String(c), '3'] });
    // Every summary as a rebuild from the sales counts it now.
    const summaries = () => Promise.all(['customer_days', 'reason_days', 'experiment_days', 'cohort_cells'].map((t) => all(db, `SELECT * FROM ${t} WHERE customers <> 0 ORDER BY 1, 2, 3, 4`)));
    const kept = await summaries();
    await db.transaction((tx) => rebuildSummaries(tx));
    expect(kept).toEqual(await summaries());
  });
});
