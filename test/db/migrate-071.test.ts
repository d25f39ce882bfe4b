// Migration 071 keeps what nextdeal answered a reply with (answered_with): only a problem or a question that was told
// it is heard uses up a check-in's one "sorry". The problems and questions an older release stored were all counted,
// and still are: a customer told before is not told again after the upgrade; one whose first reply was happy still is.
// Through the signed Twilio webhook, on both engines.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openPostgres } from '../../src/db/engines/postgres.js';
import { openSqlite } from '../../src/db/engines/sqlite.js';
import { type Database, migrate } from '../../src/db/open.js';
import { createStore } from '../../src/db/store.js';
import { all, createShop, engine, messageSid, migrateOlder, onCleanup, postSale, postTwilio, run, saleBody, startApp, tempDir, testClock, testDispatcher, twimlMessage } from '../helpers.js';
import { freshDatabase } from '../pg/cluster.js';

/**
 * Sanne's check-in sent, and her reply to it stored by the release before 071 (`body`, read as `cls`, the owner's
 * correction `corrected` if any): before the migration, or (`after`) by an instance of that release still running
 * beside the new one (a rolling deploy), after it.
 */
async function repliedBefore071(body: string, cls: string, { after = false, corrected = cls } = {}) {
  const db: Database = engine === 'postgres' ? openPostgres(await freshDatabase()) : openSqlite(join(tempDir(), 'nextdeal.db'));
  onCleanup(() => db.close());
  await migrateOlder(db, 70);
  const store = createStore(db);
  const clock = testClock('2026-03-14T15:31:00+01:00');
  const shop = await createShop(store);
  await store.shops.update('fietsenmaker', { alertEmail: 'eigenaar@fietsenmaker.example' });
  const base = await startApp(store, clock.now);
  expect((await postSale(base, 'fietsenmaker', shop.webhookSecret, saleBody(), clock.now())).status).toBe(201);
  clock.set('2026-03-15T10:00:00+01:00');
  const { dispatcher, sms } = testDispatcher(store);
  await dispatcher.tick(clock.now());
  expect(sms.sent).toHaveLength(1);
  // (071 itself is in already: today's sale reads answered_with, see NEEDED_BY_TODAYS_CODE in helpers.ts. What the
  // release before wrote is as it left it, answered_with NULL, before the upgrade or after.)
  if (after) await migrate(db);
  // As the release before's q.insert writes it (no answered_with), and the owner's correction over it.
  await run(db, `INSERT INTO replies (shop_id, customer_id, message_id, sale_id, channel, provider_id, answer, body, media, class, read_as, received_at)
    SELECT shop_id, customer_id, id, sale_id, 'sms', ?, NULL, ?, 0, ?, ?, ? FROM messages WHERE kind = 'checkin'`, messageSid(), body, corrected, cls, clock.now());
  if (!after) await migrate(db);
  const reply = async (Body: string) =>
    twimlMessage((await postTwilio(base, '/v1/twilio/inbound', { MessageSid: messageSid(), From: '+31613572468', To: '+15005550006', Body })).text);
  return { db, reply };
}

describe('migration 71: what a reply was answered with', () => {
  it('counts a complaint stored before it as told: the next complaint to that check-in gets no second "sorry"', async () => {
    const { db, reply } = await repliedBefore071('De rits is kapot', 'problem');
    expect(await reply('Hij lekt ook')).toBeNull();
    expect(await all(db, 'SELECT class, answered_with FROM replies ORDER BY id')).toEqual([
      { class: 'problem', answered_with: null },
      { class: 'problem', answered_with: 'none' },
    ]);
  });

  // The review of 071: an instance of the release before, still running in a rolling deploy, answered a complaint
  // "sorry" and stored it with no answered_with; the new one told her again at her next.
  it('counts a complaint stored by the release before after it ran (a rolling deploy) as told', async () => {
    const { reply } = await repliedBefore071('Hij lekt toch', 'problem', { after: true });
    expect(await reply('De rits is ook kapot')).toBeNull();
  });

  // And one the owner has since re-read as "other": it was told, as first read.
  it('counts a complaint the owner corrected to "other" as told, as it was first read', async () => {
    const { reply } = await repliedBefore071('De rits is kapot', 'problem', { corrected: 'other' });
    expect(await reply('Hij lekt ook')).toBeNull();
  });

  it('leaves a happy reply stored before it uncounted: a complaint after it is told it is heard', async () => {
    const { db, reply } = await repliedBefore071('Top!', 'positive');
    expect(await reply('Hij lekt toch')).toBe('Dank je, wat vervelend. Fietsenmaker Test neemt snel contact met je op.');
    expect(await all(db, 'SELECT class, answered_with FROM replies ORDER BY id')).toEqual([
      { class: 'positive', answered_with: null },
      { class: 'problem', answered_with: 'sorry' },
    ]);
  });
});
