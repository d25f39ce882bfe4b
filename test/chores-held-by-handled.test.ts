// An erasure before 5ce3b45 closed her replies (handled at the erasure) and left the come-back invitation they held on
// another row of hers held by them: nobody can act on them, a question's hold never lapses, and the owner's page
// showed it waiting for nothing. The chore (chores.letGoHandled, at start and every hour) lets such invitations go as
// the handling would have: release(), as of when the reply was handled. Here the old erasure is written into the
// database as it left it, and the dispatcher says what goes.
import { describe, expect, it } from 'vitest';
import type { Database } from '../src/db/open.js';
import { type Params, type Statement, sql, textOf } from '../src/db/sql.js';
import { createStore } from '../src/db/store.js';
import { run } from './helpers.js';
import { type Scenario, comeback, heldOnByHis, household, says, textsHome } from './household.js';

/**
 * Anna's erasure as a version before 5ce3b45 did it (`customer erase --email`): her messages still to go cancelled,
 * her replies emptied and handled at the erasure, her row anonymous; what her replies held on Bert's row stays held.
 */
async function erasedTheOldWay(s: Scenario & { anna: number }, at: string) {
  const t = Date.parse(at);
  await run(s.store.db, "UPDATE messages SET status = 'cancelled', error = 'erased', content = NULL WHERE customer_id = ? AND status = 'scheduled'", s.anna);
  await run(s.store.db, 'UPDATE replies SET body = NULL, provider_id = NULL, handled_at = coalesce(handled_at, ?) WHERE customer_id = ?', t, s.anna);
  await run(s.store.db, 'UPDATE customers SET name = NULL, phone = NULL, email = NULL, pos_customer_id = NULL, erased_at = ? WHERE id = ?', t, s.anna);
}

const letGo = (s: Scenario, at: string) => (s.clock.set(at), s.store.chores.letGoHandled(s.clock.now()));
const none = { letGo: 0, late: 0, lapsed: 0, heldAgain: 0 };

describe('the chore lets go a come-back invitation held by a reply already handled', () => {
  it("a question's: at the time its handling gave it, once; the dispatcher sends it then", async () => {
    for (const [asked, erasedAt, choreAt, dueAt, sentAt] of [
      // Erased after the invitation's time: it was due from the erasure, and goes at once, within its 48 hours.
      ['2026-04-10T09:00:00+02:00', '2026-04-20T12:00:00+02:00', '2026-04-21T09:00:00+02:00', '2026-04-20T12:00:00+02:00', '2026-04-21T09:00:00+02:00'],
      // Erased before it: it goes at its own time.
      ['2026-04-05T09:00:00+02:00', '2026-04-08T12:00:00+02:00', '2026-04-09T12:00:00+02:00', '2026-04-13T10:00:00+02:00', '2026-04-13T10:00:00+02:00'],
    ] as const) {
      const s = await household();
      const reply = await says(s, s.anna, 'Hoe lang gaat de accu mee?', asked);
      expect(await s.one('SELECT class FROM replies WHERE id = ?', reply)).toEqual({ class: 'question' });
      await erasedTheOldWay(s, erasedAt);
      expect(await comeback(s), erasedAt).toMatchObject({ status: 'scheduled', heldBy: reply });
      expect(await letGo(s, choreAt), erasedAt).toEqual({ ...none, letGo: 1 });
      expect(await comeback(s), erasedAt).toMatchObject({ status: 'scheduled', heldBy: null, dueAt: Date.parse(dueAt) });
      expect(await letGo(s, choreAt), 'once').toEqual(none);
      const before = s.sms.sent.length;
      await s.tick(choreAt);
      if (choreAt !== sentAt) expect(textsHome(s, before), erasedAt).toEqual([]);
      await s.tick(sentAt);
      expect(textsHome(s, before), erasedAt).toEqual([expect.stringMatching(/^Hoi Bert/)]);
      expect(await comeback(s)).toMatchObject({ status: 'sent', heldBy: null });
    }
  });

  // What the chore finds on its first run may have waited since an erasure of months ago: "we zien je graag nog eens
  // terug" for a bell bought in March, out of the blue in December, would not be right. Without the chore it waits
  // for ever, held.
  it("one whose time passed long ago is never sent: it expires at the dispatcher", async () => {
    const s = await household();
    const reply = await says(s, s.anna, 'Hoe lang gaat de accu mee?', '2026-04-10T09:00:00+02:00');
    await erasedTheOldWay(s, '2026-04-20T12:00:00+02:00');
    const before = s.sms.sent.length;
    await s.tick('2026-12-07T09:00:00+01:00');
    expect(await comeback(s)).toMatchObject({ status: 'scheduled', heldBy: reply });
    expect(await letGo(s, '2026-12-07T09:30:00+01:00')).toEqual({ ...none, letGo: 1, late: 1 });
    await s.tick('2026-12-07T10:00:00+01:00');
    expect(textsHome(s, before)).toEqual([]);
    expect(await comeback(s)).toMatchObject({ status: 'expired', heldBy: null });
  });

  it("a complaint's: the morning after it was handled, or lapsed when that was too late", async () => {
    for (const [erasedAt, expected, lapsed] of [
      ['2026-04-20T12:00:00+02:00', { status: 'scheduled', heldBy: null, dueAt: Date.parse('2026-04-21T10:00:00+02:00'), error: null }, 0],
      ['2026-04-28T12:00:00+02:00', { status: 'cancelled', error: 'complaint_late' }, 1],
    ] as const) {
      const s = await household();
      const reply = await says(s, s.anna, 'Werkt niet', '2026-04-10T09:00:00+02:00');
      expect(await comeback(s)).toMatchObject({ status: 'scheduled', heldBy: reply, afterProblem: reply });
      await erasedTheOldWay(s, erasedAt);
      expect(await letGo(s, erasedAt.replace('12:00', '13:00')), erasedAt).toEqual({ ...none, letGo: 1 - lapsed, lapsed });
      expect(await comeback(s), erasedAt).toMatchObject(expected);
      if (lapsed) continue;
      const before = s.sms.sent.length;
      await s.tick('2026-04-20T13:00:00+02:00');
      expect(textsHome(s, before)).toEqual([]);
      await s.tick('2026-04-21T10:00:00+02:00');
      expect(textsHome(s, before)).toEqual([expect.stringMatching(/^Hoi Bert/)]);
    }
  });

  it("held on by Bert's own complaint, still open, and sent the morning after the owner handles that", async () => {
    const s = await household();
    await heldOnByHis(s, async () => {
      await erasedTheOldWay(s, '2026-04-20T12:00:00+02:00');
      expect(await letGo(s, '2026-04-20T13:00:00+02:00')).toEqual({ ...none, heldAgain: 1 });
    });
  });

  it('leaves alone what an open reply holds', async () => {
    const s = await household();
    const reply = await says(s, s.anna, 'Hoe lang gaat de accu mee?', '2026-04-10T09:00:00+02:00');
    expect(await letGo(s, '2026-04-20T12:00:00+02:00')).toEqual(none);
    expect(await comeback(s)).toMatchObject({ status: 'scheduled', heldBy: reply });
  });

  // Every hour on every installation, nearly always finding nothing: it must not read every scheduled message (a
  // month of sales, on SQLite the server's one thread) nor the replies. It reads the invitations held (SQLite's
  // migration 080, PostgreSQL's 045), and release()'s own look-ups (test/db/complaint-plans.test.ts explains those).
  it('reads the invitations held through their index, and the replies by their key', async () => {
    const s = await household();
    await says(s, s.anna, 'Hoe lang gaat de accu mee?', '2026-04-10T09:00:00+02:00');
    await erasedTheOldWay(s, '2026-04-20T12:00:00+02:00');
    const db = s.store.db;
    // A month of the shop's sales still to go, held by nothing (as PostgreSQL's autovacuum counts them, see below).
    await run(db, `INSERT INTO messages (shop_id, customer_id, sale_id, kind, channel, key, due_at, next_attempt_at, created_at)
      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000)
      SELECT shop_id, customer_id, sale_id, 'checkin', 'sms', 'filler:' || i, due_at + i, due_at + i, created_at FROM messages, n
      WHERE messages.id = (SELECT min(id) FROM messages)`);
    // And years of replies, handled.
    await run(db, `INSERT INTO replies (shop_id, customer_id, channel, body, class, read_as, received_at, handled_at, answered_with)
      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000)
      SELECT ?, ?, 'sms', 'kapot', 'problem', 'problem', 1000 + i, 2000 + i, 'sorry' FROM n`, s.shop.shop.id, s.bert);
    if (db.engine === 'postgres') await db.exec('ANALYZE');
    const seen: { text: string; params: Params | undefined }[] = [];
    const catching = (d: Database): Database => new Proxy(d, {
      get(target, key) {
        const v = Reflect.get(target, key, target) as unknown;
        if (typeof v !== 'function') return v;
        if (['get', 'all', 'value', 'values', 'run', 'send'].includes(key as string)) {
          return (st: Statement<unknown>, p?: Params) => (seen.push({ text: textOf(st, target.engine), params: p }), v.call(target, st, p));
        }
        if (key === 'transaction') return (fn: (tx: Database) => Promise<unknown>) => v.call(target, (tx: Database) => fn(catching(tx)));
        return v.bind(target);
      },
    });
    expect(await createStore(catching(db)).chores.letGoHandled(Date.parse('2026-04-21T09:00:00+02:00'))).toMatchObject({ letGo: 1 });
    const reading = seen.filter((x) => /\bFROM (messages|replies)\b/.test(x.text) && /^SELECT/.test(x.text) && !/SAME_PERSON|@customerId/.test(x.text));
    expect(reading.filter((x) => /r\.handled_at IS NOT NULL/.test(x.text))).toHaveLength(1);
    expect(reading.length).toBeGreaterThan(2);
    for (const { text, params } of reading) {
      if (db.engine === 'sqlite') {
        const planned = (await db.all<{ detail: string }>(sql(`EXPLAIN QUERY PLAN ${text}`), params)).map((r) => r.detail);
        expect(planned.filter((d) => /^SCAN (messages|replies|m|r)\b/.test(d) && !/INDEX messages_held\b/.test(d)), text).toEqual([]);
      } else {
        const planned = await db.transaction(async (tx) => {
          await tx.exec('SET LOCAL enable_seqscan = off');
          return (await tx.all(sql<{ 'QUERY PLAN': string }>(`EXPLAIN ${text}`), params)).map((r) => r['QUERY PLAN']).join('\n');
        });
        const whole = planned.split('->').filter((n) => /\bon (messages|replies)\b/.test(n) && (/Seq Scan/.test(n) || (/Index (Only )?Scan/.test(n) && !/Index Cond/.test(n) && !/using messages_held(_by)? on/.test(n))));
        expect(whole, `${text}\n${planned}`).toEqual([]);
      }
    }
  });
});
