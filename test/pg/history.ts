// Five months of two shops, the same on any engine: sales with and without consent, customers who come back and
// customers who do not, refunds, check-ins and invitations sent by the real dispatcher, replies of every reading, an
// owner handling some of them, an opt-out. Made from a seeded generator, so each run (and each engine) gets the same.
// Then everything the owner's figures are read from: the summary tables row by row, and every figure of the store.
import { today as todayOf } from '../../src/domain/calendar.js';
import { periodFrom } from '../../src/domain/figures.js';
import { readSale } from '../../src/http/sale-schema.js';
import { type TestStore, all, run, seededRandom, testDispatcher } from '../helpers.js';

const DAY = 86_400_000;
export const START = Date.parse('2026-01-05T09:00:00Z');
export const END = START + 150 * DAY;

const shops = [
  { slug: 'fietsenmaker', name: 'Fietsenmaker', timezone: 'Europe/Amsterdam', country: 'NL', locale: 'nl' as const },
  { slug: 'bikes-ny', name: 'Bikes NY', timezone: 'America/New_York', country: 'US', locale: 'en' as const },
];
const reasons = ['voor mijn fietstochten', 'Voor mijn fietstochten!', 'cadeau', 'woon-werk', null, 'kapotte band'];
const replies = ['Top, dank je!', 'De rits is stuk', 'Wanneer zijn jullie open?', 'Hmm', 'STOP', 'Prima'];

/** Writes the history into `store` through its own methods and a dispatcher with recording channels. */
export async function writeHistory(store: TestStore): Promise<void> {
  const next = seededRandom(20261130);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]!;
  const created = [];
  for (const s of shops) created.push((await store.shops.create(s, START)).shop);
  await store.shops.update('fietsenmaker', { alertEmail: 'eigenaar@fietsenmaker.example' });
  // Shops that ask after every purchase: 40 regulars a shop give check-ins in every state, many times over.
  for (const [i, s] of created.entries()) created[i] = (await store.shops.update(s.slug, { checkinGapDays: 1 }))!;
  // Both shops hold out (20%, from their creation); the same secret on every engine, so the same customers are held out.
  await run(store.db, "UPDATE experiment_periods SET salt = 'history-' || shop_id");
  const { dispatcher } = testDispatcher(store);
  let sale = 0;
  let sid = 0;
  for (let at = START; at < END; at += DAY / 2) {
    for (const [i, shop] of created.entries()) {
      for (let n = Math.floor(next() * 4); n > 0; n--) {
        const c = Math.floor(next() * 40);
        const body = {
          id: `s-${++sale}`,
          occurredAt: new Date(at + Math.floor(next() * 6) * 3_600_000).toISOString(),
          reason: pick(reasons),
          customer: {
            name: `Klant ${c}`,
            phone: i === 0 ? `+3161234${String(5000 + c)}` : `+1212555${String(1000 + c)}`,
            email: c % 3 === 0 ? null : `klant${c}@example.com`,
            consent: { sms: c % 4 !== 0, email: c % 5 !== 0 },
          },
          items: [{ name: pick(['Regenjas', 'Band', 'Slot', 'Bel']), quantity: 1, unitPrice: 10 + c }],
          total: Math.round((10 + c + next() * 50) * 100) / 100,
          currency: i === 0 ? 'EUR' : 'USD',
        };
        const read = readSale(body, shop.country, at);
        if (!read.ok) throw new Error(JSON.stringify(read.issues));
        await store.sales.record(shop, read.sale, at);
        if (next() < 0.05) await store.sales.refund(shop, body.id, { status: next() < 0.5 ? 'refunded' : 'voided' }, at);
        else if (next() < 0.05) {
          // a refund of part of it: the sale still counts, for a total of its cents less the refund's
          const part = { id: `R-${body.id}`, amount: Math.round(body.total * 31) / 100, currency: null };
          await store.sales.refund(shop, body.id, { status: 'refunded', part }, at);
        }
      }
    }
    await dispatcher.tick(at);
    // Some customers answer the check-in they got by SMS; the owner handles some of what needs them.
    for (const m of await all<{ id: number; shopId: number; customerId: number; saleId: number }>(
      store.db,
      `SELECT id, shop_id AS shopId, customer_id AS customerId, sale_id AS saleId FROM messages
        WHERE kind = 'checkin' AND channel = 'sms' AND status = 'sent' AND replied_at IS NULL AND sent_at > ? ORDER BY id`,
      at - DAY / 2,
    )) {
      if (next() < 0.6) continue;
      const body = pick(replies);
      const recorded = await store.replies.record({
        ...m, messageId: m.id, channel: 'sms', providerId: `SM${(++sid).toString(16).padStart(32, '0')}`, answer: null, body, at,
        ...(body === 'STOP' && { keywordClass: 'opt_out' as const }),
      });
      if (body === 'STOP') await store.customers.optOut(m.customerId, 'sms', 'sms_keyword', at);
      else if (!recorded.duplicate && next() < 0.5) await store.replies.handle(created.find((s) => s.id === m.shopId)!, recorded.id, at + DAY);
    }
  }
}

const summaries = {
  customer_days: 'shop_id, first_day, asked',
  reason_days: 'shop_id, first_day, reason',
  checkin_slots: 'shop_id, slot, channel',
  cohort_cells: 'shop_id, unit, cohort, periods_later',
  message_counts: 'kind, channel, status',
  invitation_slots: 'shop_id, slot',
  invitation_revenue: 'shop_id, slot, currency',
  experiment_days: 'period_id, first_day, held_out',
  held_out_messages: 'id',
};

/** Every summary row, and every figure the owner's page and exports show, for each shop and period, as of `now`. */
export async function figures(store: TestStore, now: number) {
  const out: Record<string, unknown> = {};
  await store.chores.fold(); // the counters' changes into the counters, so the tables themselves can be compared
  for (const [table, key] of Object.entries(summaries)) out[table] = await all(store.db, `SELECT * FROM ${table} ORDER BY ${key}`);
  for (const shop of await store.shops.list()) {
    const today = todayOf(now, shop.timezone);
    const m = store.figures;
    for (const days of [30, 90, 365]) {
      const p = periodFrom({ days: String(days) }, today);
      const start = now - days * DAY;
      out[`${shop.slug}/${days}`] = {
        returnRates: await m.returnRates(shop.id, p, today),
        same: await m.sameCustomerReturns(shop.id, p, today),
        asked: await m.asked(shop.id, p, today),
        reasons: await m.reasons(shop.id, p, today),
        weeks: await m.cohortCells(shop.id, 'week', 0, 1e6),
        months: await m.cohortCells(shop.id, 'month', 0, 1e6),
        checkins: await m.checkins(shop.id, start, now),
        invitations: await m.invitations(shop.id, start, now, now),
        contactIssues: await m.contactIssues(shop.id, p),
        messages: await m.messages(shop.id, { start, end: now, limit: 10_000 }),
        replies: await m.replies(shop.id, { start, end: now, limit: 10_000 }),
      };
    }
    out[`${shop.slug}/open`] = { count: await m.openReplies(shop.id), rows: await m.inbox(shop.id, { filter: 'all', limit: 10_000 }) };
    out[`${shop.slug}/experiment`] = await store.experiments.report(shop, today);
  }
  return out;
}
