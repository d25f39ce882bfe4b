// A household as the shop knows it, for the tests of what her replies hold on another row of hers
// (test/privacy-held-elsewhere.test.ts, test/chores-held-by-handled*.test.ts).
import { expect } from 'vitest';
import { PURGE_BATCH } from '../src/db/privacy.js';
import type { NewReply } from '../src/db/replies.js';
import { saleBody, scenario } from './helpers.js';

export type Scenario = Awaited<ReturnType<typeof scenario>>;

export const HOME = '+31612340111';

/**
 * Anna (her number and address) buys on 14 March; Bert buys under his till id with the same number, the household's,
 * a minute later: two rows of one person as the shop knows her, and the invitation that waits is Bert's (hers went:
 * bought again). Both check-ins' day passes.
 */
export async function household() {
  const s = await scenario({ customer: { name: 'Anna', phone: '06 12340111', email: 'anna@example.com', consent: { sms: true, email: true } } });
  await s.post(saleBody({ id: 'bert-0', occurredAt: '2026-03-14T15:20:00+01:00', reason: null, items: [{ name: 'Fietsbel' }], customer: { name: 'Bert', posCustomerId: 'B1', phone: '06 12340222', consent: { sms: true } } }));
  await s.post(saleBody({ id: 'bert-1', occurredAt: '2026-03-14T15:31:00+01:00', reason: null, items: [{ name: 'Fietsbel' }], customer: { name: 'Bert', posCustomerId: 'B1', phone: '06 12340111', consent: { sms: true } } }));
  await s.tick('2026-03-15T10:00:00+01:00');
  const anna = (await s.one<{ id: number }>('SELECT id FROM customers WHERE email = ?', 'anna@example.com')).id;
  const bert = (await s.one<{ id: number }>("SELECT id FROM customers WHERE pos_customer_id = 'B1'")).id;
  expect(await s.all("SELECT customer_id AS customer, due_at AS due FROM messages WHERE kind = 'comeback' AND status = 'scheduled'"))
    .toEqual([{ customer: bert, due: Date.parse('2026-04-13T10:00:00+02:00') }]);
  return { ...s, anna, bert };
}

let providerIds = 0;
/** Words from one of the rows, as the reply page or an SMS brings them. */
export async function says(s: Scenario, customerId: number, body: string, at: string): Promise<number> {
  s.clock.set(at);
  const r: NewReply = { shopId: s.shop.shop.id, customerId, messageId: null, saleId: null, channel: 'email', providerId: `held-${++providerIds}`, answer: null, body, at: s.clock.now() };
  const recorded = await s.store.replies.record(r);
  if (recorded.duplicate) throw new Error('duplicate');
  return recorded.id;
}

/** Bert's come-back invitation (of his sale on the household's number). */
export const comeback = (s: Scenario) => s.one("SELECT status, held_by AS heldBy, after_problem AS afterProblem, due_at AS dueAt, error FROM messages WHERE kind = 'comeback' AND sale_id = (SELECT id FROM sales WHERE till_sale_id = 'bert-1')");
/** The SMS that went to the household's number since `from` (the check-ins of 15 March before it). */
export const textsHome = (s: Scenario, from: number) => s.sms.sent.slice(from).filter((m) => m.to === HOME).map((m) => m.body);

/**
 * Bert's own complaint (9 April), then hers (10 April), which holds his invitation: `letHerGo` closes hers on 20 April
 * (her erasure, or what lets go what it left held), and the invitation stays held by his, still open, goes not the
 * next morning, and goes the morning after the owner handles his (22 April at 12:00).
 */
export async function heldOnByHis(s: Scenario & { anna: number; bert: number }, letHerGo: () => Promise<unknown>): Promise<void> {
  const his = await says(s, s.bert, 'Mijn bel is kapot', '2026-04-09T09:00:00+02:00');
  const hers = await says(s, s.anna, 'Werkt niet', '2026-04-10T09:00:00+02:00');
  expect(await comeback(s)).toMatchObject({ status: 'scheduled', heldBy: hers, afterProblem: hers });
  await letHerGo();
  expect(await comeback(s)).toMatchObject({ status: 'scheduled', heldBy: his, afterProblem: his });
  expect(await s.store.figures.openReplies(s.shop.shop.id)).toBe(1);
  const before = s.sms.sent.length;
  await s.tick('2026-04-21T10:00:00+02:00');
  expect(textsHome(s, before)).toEqual([]);
  expect(await s.store.replies.handle(s.shop.shop, his, Date.parse('2026-04-22T12:00:00+02:00'))).toBe('handled');
  expect(await comeback(s)).toMatchObject({ status: 'scheduled', heldBy: null, dueAt: Date.parse('2026-04-23T10:00:00+02:00') });
  await s.tick('2026-04-23T10:00:00+02:00');
  expect(textsHome(s, before)).toEqual([expect.stringMatching(/^Hoi Bert/)]);
}

/**
 * The retention purge part-way, on 1 May 2028 (its cut-off a year before, batches of one row): her question of 10 April
 * 2026 holds Bert's invitation; the purge has done Anna's batch and stopped before Bert's (another instance's purge
 * under way, the operator's `customer purge`, a batch that failed). Bert bought nothing since either, so his invitation
 * is the purge's too, and stays held by her closed question for its batch. The question's id.
 */
export async function purgedPartway(s: Scenario & { anna: number }): Promise<number> {
  const size = PURGE_BATCH as { sqlite: number; postgres: number };
  const was = { ...size };
  Object.assign(size, { sqlite: 1, postgres: 1 });
  const db = s.store.db as unknown as { transaction: (fn: unknown) => Promise<unknown> };
  const transaction = db.transaction.bind(db);
  try {
    const reply = await says(s, s.anna, 'Hoe lang gaat de accu mee?', '2026-04-10T09:00:00+02:00');
    s.clock.set('2028-05-01T12:00:00+02:00');
    const stop = new AbortController();
    db.transaction = async (fn) => {
      const done = await transaction(fn);
      stop.abort();
      return done;
    };
    expect(await s.store.privacy.purgeUnlessDone(Date.parse('2027-05-01T00:00:00+02:00'), s.clock.now(), s.clock.now(), stop.signal)).toMatchObject({ customers: 1 });
    expect(await comeback(s)).toMatchObject({ status: 'scheduled', heldBy: reply });
    return reply;
  } finally {
    db.transaction = transaction;
    Object.assign(size, was);
  }
}
