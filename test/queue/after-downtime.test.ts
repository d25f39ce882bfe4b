// After a downtime, check-ins and invitations wait for the tills to re-send what they could not deliver meanwhile: a
// refund, a return, the customer's next visit. Otherwise a customer who returned the coat while nextdeal was down is
// asked at start-up how they like it, minutes before the till's retry of the refund arrives.
import { describe, expect, it } from 'vitest';
import { DOWN_AFTER, WAIT_AT_MOST } from '../../src/db/chores.js';
import { hashPassword } from '../../src/domain/password.js';
import { sign } from '../../src/http/signature.js';
import { ownerClient, scenario } from '../helpers.js';

const at = (iso: string) => Date.parse(iso);
const MIN = 60_000;
const HOUR = 60 * MIN;

async function setup() {
  const s = await scenario();
  // The server ran until 09:00 on the 15th, the morning the check-in is due (10:00); it starts again at 11:00.
  await s.store.chores.alive(at('2026-03-15T09:00:00+01:00'));
  const refund = async () => {
    const body = JSON.stringify({ id: 'sale-1' });
    const res = await fetch(`${s.base}/v1/shops/fietsenmaker/sales/sale-1/refund`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'nextdeal-signature': sign(s.shop.webhookSecret, body, Math.floor(s.clock.now() / 1000)) },
      body,
    });
    expect(res.status).toBe(200);
  };
  const checkin = async () => (await s.one<{ status: string; error: string | null }>("SELECT status, error FROM messages WHERE kind = 'checkin'"));
  return { ...s, refund, checkin };
}

describe('messages after a downtime', () => {
  it('wait as long as it lasted, so that a refund the till re-sends meanwhile stops the check-in', async () => {
    const s = await setup();
    expect(await s.store.chores.alive(at('2026-03-15T11:00:00+01:00'))).toEqual({ down: 2 * HOUR, until: at('2026-03-15T13:00:00+01:00') });
    expect(await s.tick('2026-03-15T11:00:00+01:00')).toMatchObject({ sent: 0, waitingUntil: at('2026-03-15T13:00:00+01:00') });
    expect(await s.tick('2026-03-15T12:59:00+01:00')).toMatchObject({ sent: 0 });
    expect(s.sms.sent).toEqual([]);
    s.clock.set('2026-03-15T11:20:00+01:00');
    await s.refund(); // the till's retry of the refund it could not deliver at 10:30
    expect(await s.tick('2026-03-15T13:00:00+01:00')).toMatchObject({ sent: 0 });
    expect(s.sms.sent).toEqual([]);
    expect(await s.checkin()).toEqual({ status: 'cancelled', error: 'refunded' });
  });

  it('are said to wait on the owner\'s page, until when and why, for as long as they wait', async () => {
    const s = await setup();
    await s.store.chores.alive(at('2026-03-15T11:00:00+01:00'));
    await s.store.sessions.setPassword(s.shop.shop.id, await hashPassword('correct horse battery'));
    const owner = ownerClient(s.base);
    await owner.logIn('fietsenmaker', 'correct horse battery');
    s.clock.set('2026-03-15T11:05:00+01:00');
    const page = await (await owner.get('/shops/fietsenmaker')).text();
    expect(page).toContain('<section class="warn" id="resuming"><p>De berichten aan klanten wachten tot 13:00: nextdeal draaide een tijd niet.');
    s.clock.set('2026-03-15T13:00:00+01:00');
    expect(await (await owner.get('/shops/fietsenmaker')).text()).not.toContain('id="resuming"');
  });

  // A review: restarted in the evening, the page said "wachten tot 22:45", in the quiet hours, when nothing goes out.
  it("are said to wait until the quiet hours are over, with the day, when the wait ends at night", async () => {
    const s = await setup();
    await s.store.chores.alive(at('2026-03-15T19:45:00+01:00'));
    await s.store.sessions.setPassword(s.shop.shop.id, await hashPassword('correct horse battery'));
    const owner = ownerClient(s.base);
    await owner.logIn('fietsenmaker', 'correct horse battery');
    s.clock.set('2026-03-15T19:50:00+01:00');
    const page = await (await owner.get('/shops/fietsenmaker')).text();
    expect(page).toMatch(/<section class="warn" id="resuming"><p>De berichten aan klanten wachten tot ma 16 mrt, 0?9:00: nextdeal draaide een tijd niet\./);
  });

  it('go out once the wait is over, when nothing came', async () => {
    const s = await setup();
    await s.store.chores.alive(at('2026-03-15T11:00:00+01:00'));
    const report = await s.tick('2026-03-15T13:00:00+01:00');
    expect(report).toMatchObject({ sent: 1 });
    expect(report.waitingUntil).toBeUndefined();
    expect(await s.checkin()).toEqual({ status: 'sent', error: null });
  });

  it('wait at most three hours, however long the downtime', async () => {
    const s = await setup();
    const start = at('2026-03-18T08:00:00+01:00');
    expect(await s.store.chores.alive(start)).toEqual({ down: start - at('2026-03-15T09:00:00+01:00'), until: start + WAIT_AT_MOST });
    expect(WAIT_AT_MOST).toBe(3 * HOUR);
  });

  it('do not wait after a restart (a deploy), or at a first start', async () => {
    const s = await setup();
    expect(await s.store.chores.alive(at('2026-03-15T09:00:00+01:00') + DOWN_AFTER)).toBeNull();
    expect(await s.tick('2026-03-15T10:00:00+01:00')).toMatchObject({ sent: 1 });

    const fresh = await scenario();
    expect(await fresh.store.chores.alive(at('2026-03-15T10:00:00+01:00'))).toBeNull();
    expect(await fresh.tick('2026-03-15T10:00:00+01:00')).toMatchObject({ sent: 1 });
  });

  it('keep waiting when a second instance starts meanwhile, or the first one again', async () => {
    const s = await setup();
    await s.store.chores.alive(at('2026-03-15T11:00:00+01:00'));
    // Instance two starts at 11:30: instance one has been running (its heartbeat each minute), so no downtime; and
    // instance one restarted at 11:31 is back within a minute. Neither cuts the wait short.
    await s.store.chores.alive(at('2026-03-15T11:29:00+01:00'));
    expect(await s.store.chores.alive(at('2026-03-15T11:30:00+01:00'))).toBeNull();
    expect(await s.store.chores.alive(at('2026-03-15T11:31:00+01:00'))).toBeNull();
    expect(await s.tick('2026-03-15T12:00:00+01:00')).toMatchObject({ sent: 0, waitingUntil: at('2026-03-15T13:00:00+01:00') });
    // A heartbeat written late (a clock behind) never moves it back: 10:00 here would make 11:33 look like a downtime.
    await s.store.chores.alive(at('2026-03-15T10:00:00+01:00'));
    expect(await s.store.chores.alive(at('2026-03-15T11:33:00+01:00'))).toBeNull();
  });
});
