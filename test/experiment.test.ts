// The hold-out as an owner lives it: months of sales posted through the real webhook as they happen (a test clock
// moves the app's time forward), a dispatcher sending each morning, customers coming back as the test decides (more
// often after messages). The test knows each customer's group from the webhook's response and keeps its own books;
// the page, experiment.csv and `nextdeal experiment --json` must show exactly its counts and ranges, the verdict must
// climb the ladder as history comes in, imported old sales stay outside, and nobody held out is ever sent anything.
import { describe, expect, it } from 'vitest';
import { run as cli } from '../src/cli.js';
import { sql } from '../src/db/sql.js';
import { dayNumber } from '../src/domain/calendar.js';
import { advance, blockSizes, newSafeTest, newcombe, wilson } from '../src/domain/holdout.js';
import { hashPassword } from '../src/domain/password.js';
import { createShop, ownerClient, postSale, saleBody, seededRandom, startApp, testClock, testDispatcher, testStore } from './helpers.js';

const DAY = 86_400_000;
const TZ = 'Europe/Amsterdam';

interface Customer {
  id: number;
  phone: string;
  heldOut: boolean;
  firstDay: number;
  /** The day the test has them buy again, or null. */
  returnDay: number | null;
}

describe('does nextdeal help? months of a shop, as they happen', () => {
  it('shows the counts and ranges the test keeps, climbs the ladder, and never messages anyone held out', async () => {
    const store = await testStore();
    const start = Date.parse('2026-01-05T09:00:00+01:00');
    const clock = testClock(new Date(start).toISOString());
    const { webhookSecret } = await createShop(store, { holdout: 50 });
    // Who is held out follows from the period's secret, random for a real shop; fixed here, so that each run of this
    // test sees the same groups (with a random one, a run of the whole suite on 2 December ended at "probably helping").
    await store.db.run(sql("UPDATE experiment_periods SET salt = 'experiment.test.ts'"));
    await store.sessions.setPassword((await store.shops.bySlug('fietsenmaker'))!.id, await hashPassword('een goed wachtwoord'));
    const base = await startApp(store, clock.now);
    const owner = ownerClient(base);
    const { dispatcher, sms } = testDispatcher(store);
    const next = seededRandom(42);
    const customers: Customer[] = [];
    const returns = new Map<number, Customer[]>(); // day → who comes back that day
    let sales = 0;
    const post = async (n: number, at: number, imported = false) => {
      const phone = `+3161${String(2_000_000 + n).padStart(7, '0')}`;
      const res = await postSale(base, 'fietsenmaker', webhookSecret, saleBody({
        id: `sale-${++sales}`, occurredAt: new Date(at).toISOString(), reason: imported ? 'uit de oude kassa' : 'nieuw',
        customer: { name: `Klant ${n}`, phone, consent: { sms: true } },
      }), clock.now());
      expect(res.status).toBe(201);
      return { res: res.body, phone };
    };

    const verdicts: string[] = [];
    const checkpoint = async () => {
      const today = dayNumber(clock.now(), TZ);
      // The test's own books: customers whose 60 days are over (the 60th included: a purchase on it still counts), and
      // who of them came back within those 60 days.
      const matured = customers.filter((c) => c.firstDay < today - 60);
      const group = (held: boolean) => {
        const g = matured.filter((c) => c.heldOut === held);
        return { n: g.length, x: g.filter((c) => c.returnDay !== null && c.returnDay - c.firstDay <= 60).length };
      };
      const [t, c] = [group(false), group(true)];
      // E as the design computes it: blocks of 1 + 1 at 50%, in order of first sale.
      const ordered = [...matured].sort((a, b) => a.firstDay - b.firstDay || a.id - b.id);
      const e = advance(newSafeTest(), ordered.map((m) => ({ heldOut: m.heldOut, back: m.returnDay !== null && m.returnDay - m.firstDay <= 60 })), blockSizes(50));

      const io = { out: (s: string) => void out.push(s), err: (s: string) => void out.push(s), env: store.db.engine === 'postgres' ? { DATABASE_URL: store.db.url } : { DATABASE_PATH: store.db.file }, stdin: () => '', askSecret: async () => '' };
      const out: string[] = [];
      expect(await cli(['experiment', '--shop', 'fietsenmaker', '--json', '--at', new Date(clock.now()).toISOString()], io)).toBe(0);
      const json = JSON.parse(out.join(''));
      expect(json.messaged).toMatchObject({ customers: t.n, returned: t.x });
      expect(json.heldOut).toMatchObject({ customers: c.n, returned: c.x });
      if (t.n > 0) expect(json.messaged.interval.map((v: number) => v.toFixed(6))).toEqual(Object.values(wilson(t.x, t.n)).map((v) => v.toFixed(6)));
      if (t.n > 0 && c.n > 0) {
        const d = newcombe(t.x, t.n, c.x, c.n);
        expect(json.difference.estimate.toFixed(6)).toBe(d.estimate.toFixed(6));
        expect(json.difference.interval.map((v: number) => v.toFixed(6))).toEqual([d.lo.toFixed(6), d.hi.toFixed(6)]);
      }
      expect(json.eValue.toFixed(6)).toBe(e.help.toFixed(6));

      // The page says the same, in words a person reads.
      // The owner logs in (a session lasts 30 days; this history, five months) and opens the page.
      expect((await owner.logIn('fietsenmaker', 'een goed wachtwoord')).status).toBe(303);
      const got = await owner.get('/shops/fietsenmaker');
      expect(got.status).toBe(200);
      const page = await got.text();
      const panel = page.slice(page.indexOf('<section id="experiment"'), page.indexOf('</section>', page.indexOf('<section id="experiment"')));
      expect(panel).toContain(`data-verdict="${json.verdict}"`);
      if (t.n > 0) expect(panel).toContain(`${t.x} van de ${t.n} kwamen binnen 60 dagen terug`);
      if (c.n > 0) expect(panel).toContain(`${c.x} van de ${c.n} kwamen binnen 60 dagen terug`);
      // Too early: the counts, and nothing that reads as an answer (no difference, extra customers, chance or chart);
      // a group of fewer than 20 as its count, never a percentage.
      const early = json.verdict === 'too_early';
      if (early) for (const shown of ['data-difference', 'data-extra', 'data-chance', '<svg']) expect(panel).not.toContain(shown);
      else for (const shown of ['data-difference', 'data-chance', '<svg']) expect(panel).toContain(shown);
      if (c.n > 0 && c.n < 20) expect(panel).toContain(`<strong>${c.x} van ${c.n}</strong>`);
      // Nor the 30- and 90-day figures: no percentage of fewer than 20 customers anywhere in the panel.
      expect(panel).not.toMatch(/<td>[\d–]+%? <small>\(\d+\/1?\d\)<\/small><\/td>/);

      // And the CSV: the pooled row.
      const csv = await (await owner.get('/shops/fietsenmaker/experiment.csv')).text();
      const pooled = csv.trim().split('\r\n').at(-1)!.split(';');
      expect(pooled.slice(6, 8)).toEqual([String(t.n), String(t.x)]);
      expect(pooled.slice(11, 13)).toEqual([String(c.n), String(c.x)]);
      expect(pooled.at(-1)).toBe(json.verdict);
      // Rates with a decimal comma, as Excel in a Dutch region reads a number.
      if (json.messaged.rate !== null) expect(pooled[8]).toBe(String(Number(json.messaged.rate.toFixed(6))).replace('.', ','));
      if (verdicts.at(-1) !== json.verdict) verdicts.push(json.verdict);
    };

    // 160 days: two new customers a day for the first 100 (and now and then a sale from an old till's history, which
    // stays outside); the messaged come back more often (55%) than the held out (20%), within 5 to 40 days.
    for (let d = 0; d < 160; d++) {
      clock.set(new Date(start + d * DAY).toISOString());
      const today = dayNumber(clock.now(), TZ);
      for (const c of returns.get(today) ?? []) {
        const res = await postSale(base, 'fietsenmaker', webhookSecret, saleBody({ id: `sale-${++sales}`, occurredAt: new Date(clock.now() - 60_000).toISOString(), customer: { phone: c.phone, consent: { sms: true } } }), clock.now());
        expect(res.status).toBe(201);
      }
      if (d < 100) {
        for (let k = 0; k < 2; k++) {
          const n = customers.length;
          const { res, phone } = await post(n, clock.now() - 60_000);
          const heldOut = (res.skipped as { reason: string }[]).some((s) => s.reason === 'held_out');
          const returnDay = next() < (heldOut ? 0.2 : 0.55) ? today + 5 + Math.floor(next() * 36) : null;
          const c = { id: res.customerId as number, phone, heldOut, firstDay: today, returnDay };
          customers.push(c);
          if (returnDay !== null) returns.set(returnDay, [...(returns.get(returnDay) ?? []), c]);
        }
        if (d % 10 === 0) await post(10_000 + d, clock.now() - 5 * DAY, true); // an old sale: outside the experiment
      }
      clock.set(new Date(start + d * DAY + 2 * 3_600_000).toISOString()); // 11:00: the morning's check-ins
      await dispatcher.tick(clock.now());
      if (d % 15 === 14) await checkpoint();
    }

    // The ladder, climbed in order: too early, then a description, then proven.
    expect(verdicts[0]).toBe('too_early');
    expect(verdicts.at(-1)).toBe('proven_helping');
    const rank = ['too_early', 'no_clear_difference', 'probably_helping', 'proven_helping'];
    expect(verdicts.every((v) => rank.includes(v))).toBe(true);
    expect(verdicts.map((v) => rank.indexOf(v))).toEqual([...verdicts.map((v) => rank.indexOf(v))].sort((a, b) => a - b));
    // Nobody held out was ever sent anything; everyone else who could be was.
    const held = new Set(customers.filter((c) => c.heldOut).map((c) => c.phone));
    expect(held.size).toBeGreaterThan(40);
    expect(sms.sent.filter((m) => held.has(m.to))).toEqual([]);
    expect(new Set(sms.sent.map((m) => m.to)).size).toBeGreaterThan(customers.length - held.size);
  }, 120_000);
});
