// Migration 079 marks the come-back invitations a complaint already held at the upgrade as one held after it: held by
// her last open complaint, lapsing when that is handled more than 14 days after its time, and naming nothing bought
// when it goes. Its review (finding 1): it only added the columns, and these never lapsed, went the moment the
// complaint was handled and still named the raincoat. On both engines.
import { describe, expect, it } from 'vitest';
import { migrate } from '../../src/db/open.js';
import { run, scenario } from '../helpers.js';

/**
 * Sanne's sale on 14 March, her check-in sent, and her replies (`bodies`, SM1, SM2, …) on 15 March as the release
 * before 079 left them: the invitation held by her last open reply (max(id), a question after the complaint too), no
 * columns 079 adds. (079 is applied ahead of its turn for today's code, NEEDED_BY_TODAYS_CODE; it is taken back out
 * here, the data kept as the release before had it, and migrate() runs it over them.)
 */
async function heldBefore079(...bodies: string[]) {
  const s = await scenario();
  await s.tick('2026-03-15T10:00:00+01:00');
  const checkin = Number((await s.one<{ id: number }>("SELECT id FROM messages WHERE kind = 'checkin'"))!.id);
  const shopId = (await s.store.shops.bySlug('fietsenmaker'))!.id;
  const ids: number[] = [];
  for (const [i, body] of bodies.entries()) {
    s.clock.set(`2026-03-15T12:0${i}:00+01:00`);
    const r = await s.store.replies.record({ shopId, customerId: s.sale.customerId, messageId: checkin, saleId: s.sale.saleId, channel: 'sms', providerId: `SM${i + 1}`, answer: null, body, at: s.clock.now() });
    if (r.duplicate) throw new Error(`SM${i + 1} stored twice`);
    ids.push(r.id);
  }
  const db = s.store.db;
  await run(db, "UPDATE messages SET held_by = ? WHERE kind = 'comeback'", Math.max(...ids));
  await db.exec('DROP INDEX messages_complaint_held');
  if (db.engine === 'sqlite') await db.exec('DROP INDEX replies_by_message');
  await db.exec('ALTER TABLE messages DROP COLUMN after_problem');
  await db.exec('ALTER TABLE messages DROP COLUMN planned_at');
  await run(db, 'DELETE FROM schema_migrations WHERE version = 79');
  expect(await migrate(db)).toEqual([79]);
  return { s, ids, shopId };
}

const comeback = (s: Awaited<ReturnType<typeof scenario>>) =>
  s.one("SELECT status, error, held_by, after_problem, planned_at FROM messages WHERE kind = 'comeback'");

describe('migration 79: an invitation a complaint held before the upgrade', () => {
  it('is marked by her last open complaint, also when a later question held it, and lapses on the first sweep more than 14 days past its time', async () => {
    const { s, ids } = await heldBefore079('De rits is stuk', 'Zijn jullie zondag open?');
    expect(await comeback(s)).toMatchObject({ status: 'scheduled', held_by: ids[0], after_problem: ids[0] });
    expect(Number((await comeback(s))!.planned_at)).toBe(Number((await s.one<{ d: number }>("SELECT due_at AS d FROM messages WHERE kind = 'comeback'"))!.d));
    await s.store.chores.sweep(0, Date.parse('2026-06-01T09:00:00+02:00'));
    expect(await comeback(s)).toMatchObject({ status: 'cancelled', error: 'complaint_late' });
    expect(await s.store.replies.handle((await s.store.shops.bySlug('fietsenmaker'))!, ids[0]!, Date.parse('2026-06-01T12:00:00+02:00'))).toBe('handled');
    await s.tick('2026-06-02T10:00:00+02:00');
    expect(s.sms.sent).toHaveLength(1);
  });

  it('goes the morning after the complaint is handled in time, thanking her and naming nothing bought', async () => {
    const { s, ids } = await heldBefore079('De rits is stuk');
    const shop = (await s.store.shops.bySlug('fietsenmaker'))!;
    expect(await s.store.replies.handle(shop, ids[0]!, Date.parse('2026-04-20T12:00:00+02:00'))).toBe('handled');
    await s.tick('2026-04-20T12:00:10+02:00');
    expect(s.sms.sent).toHaveLength(1);
    await s.tick('2026-04-21T10:00:10+02:00');
    expect(s.sms.sent).toHaveLength(2);
    expect(s.sms.sent[1]!.body).toContain('bedankt dat je ons liet weten');
    expect(s.sms.sent[1]!.body).not.toContain('Regenjas');
  });

  it('leaves an invitation a question alone holds unmarked', async () => {
    const { s, ids } = await heldBefore079('Zijn jullie zondag open?');
    expect(await comeback(s)).toMatchObject({ status: 'scheduled', held_by: ids[0], after_problem: null, planned_at: null });
  });
});
