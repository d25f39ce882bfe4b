// A shop that left (nextdeal shop disable): nothing more goes out in its name, also what a dispatcher held claimed as
// it left; its owner can still log in and read their page, which says so. (The CLI's part: test/cli.test.ts.)
import { describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/domain/password.js';
import { ownerClient, run, scenario } from '../helpers.js';

describe('a disabled shop', () => {
  it('sends nothing more, also what was claimed before it left, and its owner still reads their page', async () => {
    const s = await scenario();
    // As if the shop left while a dispatcher held its check-in claimed (disable itself cancels what waits).
    await run(s.store.db, 'UPDATE shops SET disabled_at = ?', s.clock.now());
    s.store.shops.forget();
    expect(await s.tick('2026-03-15T10:00:00+01:00')).toMatchObject({ sent: 0, cancelled: 1 });
    expect(s.sms.sent).toEqual([]);
    expect(await s.one("SELECT status, error FROM messages WHERE kind = 'checkin'")).toEqual({ status: 'cancelled', error: 'shop_disabled' });

    await s.store.sessions.setPassword(s.shop.shop.id, await hashPassword('correct horse battery'));
    const owner = ownerClient(s.base);
    await owner.logIn('fietsenmaker', 'correct horse battery');
    const page = await (await owner.get('/shops/fietsenmaker')).text();
    expect(page).toContain('<section class="warn" id="disabled"><p>Deze winkel gebruikt nextdeal niet meer sinds 14 maart 2026');
  });

  it('cancels what waits when it is disabled, and a code asked for before goes nowhere', async () => {
    const s = await scenario();
    const join = await fetch(`${s.base}/shops/fietsenmaker/join`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ phone: '06 87654321', sms: 'yes' }).toString(),
    });
    expect(join.status).toBe(200);
    const shop = (await s.store.shops.bySlug('fietsenmaker'))!;
    expect(await s.store.shops.disable(shop, s.clock.now())).toEqual({ messages: 2 });
    await s.tick('2026-03-15T10:00:00+01:00');
    expect(await s.all('SELECT status, error FROM join_confirmations')).toEqual([{ status: 'failed', error: 'shop_disabled' }]);
    await s.tick('2026-04-13T10:00:00+02:00');
    expect(s.sms.sent).toEqual([]);
  });
});
