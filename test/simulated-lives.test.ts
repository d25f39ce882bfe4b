// Simulated lives: one shop's customers (and a second shop's, on the same shared number) through weeks of random life,
// checked after every step against the rules a shop's trust rests on, from what the fake SMS and e-mail channels were
// actually handed, not from the database alone. The steps: sales (SMS, e-mail or both, consent given or not, with or
// without a reason), refunds and voids, replies by SMS (thanks, a problem, a question, STOP, START), the e-mail's
// one-click unsubscribe link, the owner marking a reply handled, erasures, a shop's check-in hour and quiet hours
// changed, and time passing: ticks at random moments, and outages of days (the instance's heartbeat stops).
//
// After every step:
// 1. never two check-ins or come-back invitations of one shop to one customer (any of the phone and address the
//    customer had as it went, every channel) within 24 hours; never two shops' texts from the shared number to one
//    phone within 24 hours (a reply would be filed under the wrong shop);
// 2. nothing to a number after its STOP (until a START given back for that shop), to an address after its
//    unsubscribe link, to a number or address without consent, or after the customer was erased (until a new sale);
// 3. nothing in the shop's quiet hours, in its time zone, as they were set when it went;
// 4. at most one check-in and one come-back per sale, no message sent twice, and no come-back after the customer came
//    back (a newer purchase at that shop, on any of the phone or address, not refunded or voided);
// 5. a problem texted back reaches the shop whose text it answers: on the owner's page data at once, and by an alert
//    e-mail at the next tick when the shop has an alert address.
// A failure prints its seed and every step of the life that broke a rule: SIM_SEED=<seed> SIM_PATH=<path>
// replays it, SIM_SHRINK=1 shrinks it (minutes), SIM_RUNS=<n> runs more lives (8 by default, some 10 s).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EmailOut, SmsOut } from '../src/channels/types.js';
import { sign } from '../src/http/signature.js';
import {
  all, closeEarly, createShop, messageSid, one, postSale, postTwilio, recordingChannel, runCleanups, saleBody, startApp, testClock,
  testDispatcher, testStore,
} from './helpers.js';

const SHARED = '+15005550006';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const START = '2026-10-12T07:00:00Z'; // two weeks before the clocks go back in Amsterdam
const ALERT = 'eigenaar@fiets.example';
const RUNS = Number(process.env.SIM_RUNS ?? 8);
// The same lives at every run, so that the fast tier answers alike each time (a rule a random life breaks is found by
// exploring, then kept as a life of its own, as below): SIM_SEED=random lives new ones.
const SEED = process.env.SIM_SEED === 'random' ? null : Number(process.env.SIM_SEED ?? 7);
if (Number.isNaN(SEED)) throw new Error(`SIM_SEED: expected a number or "random", got ${JSON.stringify(process.env.SIM_SEED)}`);
// Shrinking a life of 90 steps takes minutes: only asked for (SIM_SHRINK=1, with the seed), and stopped after
// SIM_SHRINK_SECONDS, naming the smallest life found by then. Unasked, a failure names its whole life, step by step.
const SHRINK = process.env.SIM_SHRINK === '1';
const SHRINK_MS = Number(process.env.SIM_SHRINK_SECONDS ?? 120) * 1000;

// Three people: Anna and Piet share a phone (a household), Joke has her own.
const PEOPLE = {
  anna: { name: 'Anna', phone: '06 12345601', e164: '+31612345601', email: 'anna@example.com' },
  piet: { name: 'Piet', phone: '06 12345601', e164: '+31612345601', email: 'piet@example.com' },
  joke: { name: 'Joke', phone: '06-12345602', e164: '+31612345602', email: 'joke@example.com' },
} as const;
type Person = keyof typeof PEOPLE;
const SHOPS = ['fiets', 'bakker'] as const;
type ShopSlug = (typeof SHOPS)[number];
const REPLIES = {
  thanks: 'Top, dank je wel!',
  problem: 'De fiets is kapot, de remmen werken niet',
  question: 'Hebben jullie die ook in het blauw?',
  stop: 'STOP',
  start: 'START',
} as const;
type ReplyKind = keyof typeof REPLIES;

type Step =
  | { do: 'sale'; shop: ShopSlug; who: Person; channel: 'sms' | 'email' | 'both'; sms: boolean; email: boolean; reason: boolean }
  | { do: 'refund'; sale: number; status: 'refunded' | 'voided' }
  | { do: 'text'; who: Person; says: ReplyKind }
  | { do: 'unsubscribe'; who: Person }
  | { do: 'handled'; shop: ShopSlug }
  | { do: 'erase'; shop: ShopSlug; who: Person; by: 'phone' | 'email' }
  | { do: 'settings'; shop: ShopSlug; checkinHour: number; quiet: readonly [number, number] }
  | { do: 'tick'; afterMinutes: number }
  | { do: 'pass'; hours: number; everyMinutes: number }
  | { do: 'outage'; days: number; hours: number };

const yesMostly = fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) });
const person = fc.constantFrom<Person>('anna', 'piet', 'joke');
const shop = fc.constantFrom<ShopSlug>(...SHOPS);
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 7, arbitrary: fc.record({ do: fc.constant('sale' as const), shop, who: person, channel: fc.constantFrom('sms' as const, 'email' as const, 'both' as const), sms: yesMostly, email: yesMostly, reason: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ do: fc.constant('refund' as const), sale: fc.nat(20), status: fc.constantFrom('refunded' as const, 'voided' as const) }) },
  { weight: 2, arbitrary: fc.record({ do: fc.constant('text' as const), who: person, says: fc.constantFrom<ReplyKind>('thanks', 'problem', 'problem', 'question', 'stop', 'start') }) },
  { weight: 1, arbitrary: fc.record({ do: fc.constant('unsubscribe' as const), who: person }) },
  { weight: 1, arbitrary: fc.record({ do: fc.constant('handled' as const), shop }) },
  { weight: 1, arbitrary: fc.record({ do: fc.constant('erase' as const), shop, who: person, by: fc.constantFrom('phone' as const, 'email' as const) }) },
  { weight: 1, arbitrary: fc.record({ do: fc.constant('settings' as const), shop, checkinHour: fc.integer({ min: 9, max: 12 }), quiet: fc.constantFrom([20, 9] as const, [21, 8] as const, [0, 0] as const, [19, 7] as const, [22, 9] as const, [18, 9] as const) }) },
  { weight: 4, arbitrary: fc.record({ do: fc.constant('tick' as const), afterMinutes: fc.oneof(fc.integer({ min: 1, max: 120 }), fc.integer({ min: 60, max: 30 * 60 })) }) },
  { weight: 4, arbitrary: fc.record({ do: fc.constant('pass' as const), hours: fc.integer({ min: 1, max: 40 }), everyMinutes: fc.constantFrom(47, 131, 233, 420) }) },
  { weight: 1, arbitrary: fc.record({ do: fc.constant('outage' as const), days: fc.integer({ min: 0, max: 3 }), hours: fc.integer({ min: 0, max: 23 }) }) },
);
const life = fc.record({
  comebackDays: fc.record({ fiets: fc.constantFrom(2, 5, 30), bakker: fc.constantFrom(2, 7) }),
  checkinGapDays: fc.constantFrom(1, 1, 30),
  steps: fc.array(step, { minLength: 1, maxLength: 90, size: 'max' }),
});

/** A message the fakes were handed: what it was, to whom, when, and the customer's phone and address as it went. */
interface Sent {
  id: number;
  shop: ShopSlug;
  kind: string;
  saleId: number;
  channel: 'sms' | 'email';
  to: string;
  from: string | null;
  at: number;
  addresses: string[];
  email?: EmailOut;
  /** When its customer was erased since: an erasure forgets the number or address it went to (README, customer erase). */
  erasedAt?: number;
}
interface SaleKept {
  id: number;
  tillId: string;
  shop: ShopSlug;
  addresses: string[];
  at: number;
  undoneAt: number | null; // refunded or voided
}

const localHour = (at: number) => Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Amsterdam', hour: '2-digit', hourCycle: 'h23' }).format(at));
const inQuiet = (hour: number, [start, end]: readonly [number, number]) =>
  start === end ? false : start < end ? hour >= start && hour < end : hour >= start || hour < end;
const iso = (ms: number) => new Date(ms).toISOString();

async function live(plan: { comebackDays: Record<ShopSlug, number>; checkinGapDays: number; steps: Step[] }) {
  const store = await testStore();
  const clock = testClock(START);
  const secrets = {} as Record<ShopSlug, string>;
  const shopIds = {} as Record<ShopSlug, number>;
  for (const slug of SHOPS) {
    const created = await createShop(store, { slug, name: slug === 'fiets' ? 'Fietsenmaker Gerrit' : 'Bakkerij De Smid' });
    secrets[slug] = created.webhookSecret;
    shopIds[slug] = created.shop.id;
    await store.shops.update(slug, { comebackDays: plan.comebackDays[slug], checkinGapDays: plan.checkinGapDays });
  }
  // The bike shop's owner reads alerts by e-mail; the bakery's only on the owner's page.
  await store.shops.update('fiets', { alertEmail: ALERT });
  const base = await startApp(store, clock.now);
  const sms = recordingChannel<SmsOut>();
  const email = recordingChannel<EmailOut>();
  const { dispatcher } = testDispatcher(store, { sms, email });

  // The model: what the customers said and did, by shop and by number or address.
  const quiet: Record<ShopSlug, readonly [number, number]> = { fiets: [20, 9], bakker: [20, 9] };
  const consent = new Map<string, boolean>(); // `${shop} ${address}`: the consent the newest sale gave it
  const stopped = new Map<string, number>(); // `${shop} ${phone}`: since when a STOP holds
  const unsubscribed = new Map<string, number>(); // `${shop} ${address}`
  const erased = new Map<string, number>(); // `${shop} ${address}`: erased, and no sale with it since
  const sales: SaleKept[] = [];
  const sent: Sent[] = [];
  const alerts: { at: number }[] = [];
  const problemsAwaitingAlert: { at: number; step: number }[] = [];
  let smsSeen = 0;
  let emailSeen = 0;
  let tills = 0;
  const log: string[] = [];
  const fail = (rule: string, what: string) => {
    throw new Error(`${rule}: ${what}\n  at ${iso(clock.now())}\n  steps so far:\n    ${log.join('\n    ')}\n  sent:\n    ${sent.map((m) => `${iso(m.at)} ${m.shop} ${m.kind} sale ${m.saleId} ${m.channel} → ${m.to}`).join('\n    ')}`);
  };
  const key = (slug: ShopSlug, address: string) => `${slug} ${address}`;
  const lastSmsTo = (phone: string) => sent.filter((m) => m.channel === 'sms' && m.to === phone).at(-1);

  async function tick(at: number) {
    clock.set(iso(at));
    await dispatcher.tick(at);
    for (const m of sms.sent.slice(smsSeen)) await record(m.messageId, 'sms', m.to, m.from, undefined);
    for (const m of email.sent.slice(emailSeen)) {
      if (m.ref.startsWith('alert-')) {
        if (m.to === ALERT) alerts.push({ at });
        continue;
      }
      const id = /^msg-(\d+)-/.exec(m.ref);
      if (!id) fail('an unknown e-mail', m.ref);
      await record(Number(id![1]), 'email', m.to, null, m);
    }
    [smsSeen, emailSeen] = [sms.sent.length, email.sent.length];
    // 5. A problem reaches the owner by e-mail at the next tick.
    for (const p of problemsAwaitingAlert.splice(0)) {
      if (!alerts.some((a) => a.at >= p.at)) fail('5. a problem reaches the owner', `no alert e-mail to ${ALERT} for the problem of step ${p.step}`);
    }
  }

  async function record(id: number, channel: 'sms' | 'email', to: string, from: string | null, out: EmailOut | undefined) {
    const at = clock.now();
    const row = await one<{ shopId: number; kind: string; saleId: number; phone: string | null; email: string | null }>(store.db,
      'SELECT m.shop_id AS shopId, m.kind, m.sale_id AS saleId, c.phone, c.email FROM messages m JOIN customers c ON c.id = m.customer_id WHERE m.id = ?', id);
    if (!row) return fail('a message sent', `message ${id} is not in the database`);
    const slug = SHOPS.find((s) => shopIds[s] === row.shopId)!;
    const m: Sent = { id, shop: slug, kind: row.kind, saleId: row.saleId, channel, to, from, at, addresses: [to, row.phone, row.email].filter((a): a is string => !!a), ...(out && { email: out }) };
    const what = `${m.shop}'s ${m.kind} of sale ${m.saleId} by ${channel} to ${to}`;
    // 4. Never twice; one of each kind per sale.
    if (sent.some((s) => s.id === id)) fail('4. never sent twice', what);
    if (sent.some((s) => s.saleId === m.saleId && s.kind === m.kind)) fail(`4. one ${m.kind} per sale`, what);
    // 1. Never two within 24 hours to one customer of a shop; never two shops on the shared number within 24 hours.
    for (const s of sent) {
      // A message whose customer was erased since is forgotten with its number or address: it holds no other back.
      if (at - s.at >= DAY || s.erasedAt !== undefined) continue;
      if (s.shop === m.shop && s.addresses.some((a) => m.addresses.includes(a))) {
        fail('1. never two messages within 24 hours', `${what}, ${(at - s.at) / HOUR} h after ${s.shop}'s ${s.kind} of sale ${s.saleId} to ${s.to}`);
      }
      if (channel === 'sms' && s.channel === 'sms' && s.shop !== m.shop && s.to === to && s.from === null && from === null) {
        fail('1. one shop at a time on the shared number', `${what}, ${(at - s.at) / HOUR} h after ${s.shop}'s ${s.kind} to the same phone`);
      }
    }
    // 2. Consent, stops, erasure.
    if (consent.get(key(slug, to)) !== true) fail('2. nothing without consent', what);
    if (channel === 'sms' && stopped.has(key(slug, to))) fail('2. nothing after STOP', `${what}, stopped at ${iso(stopped.get(key(slug, to))!)}`);
    if (channel === 'email' && unsubscribed.has(key(slug, to))) fail('2. nothing after unsubscribing', `${what}, unsubscribed at ${iso(unsubscribed.get(key(slug, to))!)}`);
    if (erased.has(key(slug, to))) fail('2. nothing after erasure', `${what}, erased at ${iso(erased.get(key(slug, to))!)}`);
    // 3. Decent hours.
    if (inQuiet(localHour(at), quiet[slug])) fail('3. nothing in quiet hours', `${what} at ${localHour(at)}:xx in Amsterdam, quiet ${quiet[slug].join('–')}`);
    // 4. No come-back after she came back.
    if (m.kind === 'comeback') {
      const sale = sales.find((s) => s.id === m.saleId);
      const since = sale && sales.find((s) => s.shop === slug && s.at > sale.at && s.undoneAt === null && s.addresses.some((a) => sale.addresses.includes(a)));
      if (since) fail('4. no come-back after coming back', `${what}, though sale ${since.id} came at ${iso(since.at)}`);
    }
    sent.push(m);
  }

  async function act(s: Step, n: number) {
    const now = clock.now();
    switch (s.do) {
      case 'sale': {
        const p = PEOPLE[s.who];
        const customer: Record<string, unknown> = { name: p.name, consent: {} };
        const addresses: string[] = [];
        if (s.channel !== 'email') ((customer.phone = p.phone), ((customer.consent as any).sms = s.sms), addresses.push(p.e164));
        if (s.channel !== 'sms') ((customer.email = p.email), ((customer.consent as any).email = s.email), addresses.push(p.email));
        const tillId = `t${++tills}`;
        const body = saleBody({ id: tillId, occurredAt: iso(now - 60_000), customer, ...(s.reason ? { reason: 'voor mijn fietstochten' } : { reason: undefined }), items: [{ name: 'Band', quantity: 1, unitPrice: 12.5 }], total: 12.5 });
        const res = await postSale(base, s.shop, secrets[s.shop], body, now);
        expect(res.status, JSON.stringify(res.body)).toBe(201);
        if (s.channel !== 'email') consent.set(key(s.shop, p.e164), s.sms);
        if (s.channel !== 'sms') consent.set(key(s.shop, p.email), s.email);
        for (const a of addresses) erased.delete(key(s.shop, a));
        sales.push({ id: res.body.saleId, tillId, shop: s.shop, addresses, at: now, undoneAt: null });
        return;
      }
      case 'refund': {
        const sale = sales[s.sale % Math.max(1, sales.length)];
        if (!sale || sale.undoneAt !== null) return;
        const raw = JSON.stringify({ id: sale.tillId, status: s.status });
        const res = await fetch(`${base}/v1/shops/${sale.shop}/sales/${sale.tillId}/refund`, {
          method: 'POST', headers: { 'content-type': 'application/json', 'nextdeal-signature': sign(secrets[sale.shop], raw, Math.floor(now / 1000)) }, body: raw,
        });
        expect(res.status, await res.text()).toBe(200);
        sale.undoneAt = now;
        return;
      }
      case 'text': {
        const p = PEOPLE[s.who];
        const last = lastSmsTo(p.e164);
        const res = await postTwilio(base, '/v1/twilio/inbound', { MessageSid: messageSid(), From: p.e164, To: SHARED, Body: REPLIES[s.says] });
        expect(res.status, res.text).toBe(200);
        if (s.says === 'stop') {
          for (const slug of SHOPS) if (!stopped.has(key(slug, p.e164))) stopped.set(key(slug, p.e164), now);
        } else if (s.says === 'start') {
          // START takes the number's STOP back: for the shop whose text she got last, and for a shop that did not know her
          // when she stopped; the others stay stopped (README, SMS replies).
          for (const slug of SHOPS) {
            const since = stopped.get(key(slug, p.e164));
            if (since === undefined) continue;
            const knew = sales.some((x) => x.shop === slug && x.at <= since && x.addresses.includes(p.e164));
            // With no text ever sent to her from the number, her STOP was the number's alone, and START takes it back.
            if (!knew || !last || last.shop === slug) stopped.delete(key(slug, p.e164));
          }
        } else if (s.says === 'problem' && last && !erased.has(key(last.shop, p.e164))) {
          // 5. Filed under the shop whose text she answers: on its owner's page at once.
          const inbox = await store.figures.inbox(shopIds[last.shop], { filter: 'all', limit: 500 });
          if (!inbox.some((r) => r.class === 'problem' && r.receivedAt === now && r.body === REPLIES.problem)) {
            fail('5. a problem reaches the owner', `${p.name}'s problem is not on ${last.shop}'s owner's page (last text to her: ${last.shop}'s ${last.kind})`);
          }
          if (last.shop === 'fiets') problemsAwaitingAlert.push({ at: now, step: n });
        }
        return;
      }
      case 'unsubscribe': {
        const p = PEOPLE[s.who];
        const last = sent.filter((m) => m.channel === 'email' && m.to === p.email).at(-1);
        if (!last) return;
        const url = /<([^>]+)>/.exec(last.email!.headers['List-Unsubscribe']!)![1]!.replace('https://deals.example.test', base);
        const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
        // A link of a customer erased since leads nowhere (404): nobody is left to unsubscribe.
        if (res.status === 404 && (await one(store.db, 'SELECT id FROM messages WHERE id = ? AND recipient IS NULL', last.id))) return;
        expect(res.status, `unsubscribing ${p.email} from ${last.shop}`).toBe(200);
        if (!unsubscribed.has(key(last.shop, p.email))) unsubscribed.set(key(last.shop, p.email), now);
        return;
      }
      case 'handled': {
        const open = await one<{ id: number }>(store.db, 'SELECT id FROM replies WHERE shop_id = ? AND handled_at IS NULL ORDER BY id', shopIds[s.shop]);
        if (open) await store.replies.handle((await store.shops.bySlug(s.shop))!, open.id, now);
        return;
      }
      case 'erase': {
        const p = PEOPLE[s.who];
        const rows = await all<{ id: number; phone: string | null; email: string | null }>(store.db,
          `SELECT id, phone, email FROM customers WHERE shop_id = ? AND erased_at IS NULL AND ${s.by === 'phone' ? 'phone' : 'email'} = ?`, shopIds[s.shop], s.by === 'phone' ? p.e164 : p.email);
        if (rows.length === 0) return;
        await store.privacy.erase(rows.map((r) => r.id), 'request', now);
        for (const r of rows) for (const a of [r.phone, r.email]) if (a && !erased.has(key(s.shop, a))) erased.set(key(s.shop, a), now);
        const ids = rows.map((r) => r.id);
        const gone = await all<{ id: number }>(store.db, `SELECT id FROM messages WHERE customer_id IN (${ids.map(() => '?').join(', ')})`, ...ids);
        for (const m of sent) if (gone.some((g) => g.id === m.id)) m.erasedAt ??= now;
        return;
      }
      case 'settings':
        await store.shops.update(s.shop, { checkinHour: s.checkinHour, quietStart: s.quiet[0], quietEnd: s.quiet[1] });
        quiet[s.shop] = s.quiet;
        return;
      case 'tick':
        return tick(now + s.afterMinutes * 60_000);
      case 'pass':
        // The server runs, its dispatcher ticking now and then, for hours.
        for (let at = now + s.everyMinutes * 60_000; at <= now + s.hours * HOUR; at += s.everyMinutes * 60_000) await tick(at);
        return;
      case 'outage': {
        // The instance notes it runs; then nothing, for days and hours; then it starts again and ticks.
        await store.chores.alive(now);
        const back = now + s.days * DAY + s.hours * HOUR + 10 * 60_000;
        clock.set(iso(back));
        await store.chores.alive(back);
        return tick(back);
      }
    }
  }

  try {
    for (const [n, s] of plan.steps.entries()) {
      log.push(`${n}. ${iso(clock.now())} ${JSON.stringify(s)}`);
      await act(s, n).catch((e: Error) => {
        throw e.message.includes('steps so far') ? e : new Error(`${e.message}\n  steps so far:\n    ${log.join('\n    ')}`);
      });
    }
    // Then ten quiet days, the dispatcher ticking every few hours: whatever still waits goes, or does not.
    log.push(`end: ten days pass`);
    await act({ do: 'pass', hours: 240, everyMinutes: 247 }, -1);
  } finally {
    await closeEarly(store.db).catch(() => {});
    await runCleanups();
  }
  return { sent: sent.length, alerts: alerts.length };
}

describe('simulated customers over weeks of random life', () => {
  // Found by the simulation: Piet's e-mail link unsubscribed the household's row, which had Anna's address by then, and
  // Piet's address (on a row of its own since his e-mail-only sale) went on getting check-ins.
  it('unsubscribes the address the e-mail went to, also once its household row has another', async () => {
    await live({ comebackDays: { fiets: 30, bakker: 30 }, checkinGapDays: 1, steps: [
      { do: 'sale', shop: 'bakker', who: 'piet', channel: 'both', sms: false, email: true, reason: false },
      { do: 'pass', hours: 26, everyMinutes: 47 }, // his check-in, by e-mail to piet@example.com
      { do: 'sale', shop: 'bakker', who: 'anna', channel: 'both', sms: false, email: true, reason: false }, // the row (by phone) gets anna@
      { do: 'sale', shop: 'bakker', who: 'piet', channel: 'email', sms: false, email: true, reason: false }, // piet@ on a new row
      { do: 'unsubscribe', who: 'piet' }, // the link in his first e-mail
      { do: 'pass', hours: 72, everyMinutes: 47 },
    ] });
  }, 60_000);

  // Found by exploring (SIM_SEED=20261206), on PostgreSQL only: Anna's e-mail-only sale said no to e-mail on one of two
  // records with her address (which one a sale finds differs by engine), and her next sale, found by her phone, was on the
  // other, which still said yes: she was e-mailed its check-in. Kept as that life (shrunk, then by hand: 7 s), not the
  // seed's eight (20 s).
  it('takes a no at the till for her address on her other record too (seed 20261206, the life that broke rule 2)', async () => {
    await live({ comebackDays: { fiets: 2, bakker: 2 }, checkinGapDays: 1, steps: [
      { do: 'sale', shop: 'fiets', who: 'anna', channel: 'sms', sms: true, email: true, reason: false },
      { do: 'tick', afterMinutes: 107 },
      { do: 'pass', hours: 38, everyMinutes: 420 },
      { do: 'tick', afterMinutes: 1117 },
      { do: 'sale', shop: 'fiets', who: 'anna', channel: 'email', sms: true, email: true, reason: false },
      { do: 'refund', sale: 3, status: 'voided' },
      { do: 'sale', shop: 'fiets', who: 'anna', channel: 'both', sms: false, email: true, reason: true },
      { do: 'sale', shop: 'bakker', who: 'piet', channel: 'sms', sms: true, email: false, reason: false },
      { do: 'sale', shop: 'fiets', who: 'joke', channel: 'email', sms: true, email: false, reason: true },
      { do: 'tick', afterMinutes: 607 },
      { do: 'pass', hours: 8, everyMinutes: 233 },
      { do: 'sale', shop: 'fiets', who: 'joke', channel: 'sms', sms: true, email: false, reason: true },
      { do: 'sale', shop: 'fiets', who: 'anna', channel: 'email', sms: false, email: true, reason: false },
      { do: 'text', who: 'anna', says: 'stop' },
      { do: 'text', who: 'joke', says: 'question' },
      { do: 'refund', sale: 16, status: 'voided' },
      { do: 'sale', shop: 'bakker', who: 'anna', channel: 'both', sms: true, email: false, reason: true },
      { do: 'sale', shop: 'fiets', who: 'piet', channel: 'email', sms: true, email: true, reason: true },
      { do: 'tick', afterMinutes: 3 },
      { do: 'sale', shop: 'bakker', who: 'anna', channel: 'email', sms: true, email: true, reason: false },
      { do: 'tick', afterMinutes: 858 },
      { do: 'sale', shop: 'bakker', who: 'joke', channel: 'both', sms: true, email: true, reason: false },
      { do: 'sale', shop: 'bakker', who: 'joke', channel: 'both', sms: true, email: true, reason: true },
      { do: 'tick', afterMinutes: 764 },
      { do: 'sale', shop: 'bakker', who: 'joke', channel: 'email', sms: false, email: true, reason: false },
      { do: 'sale', shop: 'bakker', who: 'joke', channel: 'both', sms: false, email: false, reason: false },
      { do: 'erase', shop: 'bakker', who: 'joke', by: 'phone' },
      { do: 'pass', hours: 17, everyMinutes: 420 },
      { do: 'sale', shop: 'fiets', who: 'anna', channel: 'email', sms: false, email: false, reason: true },
      { do: 'tick', afterMinutes: 9 },
      { do: 'tick', afterMinutes: 119 },
      { do: 'sale', shop: 'fiets', who: 'anna', channel: 'sms', sms: false, email: false, reason: true },
    ] });
  }, 120_000);

  it('never breaks the rules a shop\'s trust rests on (24 hours apart, stops, consent, erasure, quiet hours, once per sale, problems reach the owner)', async () => {
    const totals = { runs: 0, sent: 0, alerts: 0 };
    await fc.assert(
      fc.asyncProperty(life, async (plan) => {
        const r = await live(plan);
        totals.runs++;
        totals.sent += r.sent;
        totals.alerts += r.alerts;
      }),
      { numRuns: RUNS, ...(SEED !== null && { seed: SEED }), ...(process.env.SIM_PATH && { path: process.env.SIM_PATH }), ...(SHRINK ? { interruptAfterTimeLimit: SHRINK_MS } : { endOnFailure: true }) },
    );
    // The simulation is worth something only if messages actually went.
    expect(totals.sent).toBeGreaterThan(totals.runs);
  }, (SHRINK ? SHRINK_MS : 0) + 300_000);
});
