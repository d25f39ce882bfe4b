// A shop that left (nextdeal shop disable): nothing more goes out in its name, also what a dispatcher held claimed as
// it left; its owner can still log in and read their page, which says so. (The CLI's part: test/cli.test.ts.)
import { describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/domain/password.js';
import { fakeVendorApi } from '../fakes/vendor-api.js';
import { ownerClient, run, saleBody, scenario } from '../helpers.js';

describe('a disabled shop', () => {
  it('sends nothing more, also what a tick finds that waited when it left, and its owner still reads their page', async () => {
    const s = await scenario();
    // The shop left, its check-in still waiting (as disable() leaves nothing; a dispatcher held as it left:
    // test/queue/claims.test.ts).
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

  // Found by the final review: a look-up a dispatcher held as the shop left still asked the till's API, and planned a
  // check-in that went out once the shop was enabled again.
  it('asks its till\'s API nothing more, also for a look-up claimed as it left', async () => {
    const s = await scenario();
    const api = await fakeVendorApi(() => ({ status: 200, body: { name: 'Klant', phone_number: '+31687654321', email: null } }));
    const { shop } = s.shop;
    await s.store.tills.connect(shop.id, 'loyverse', { secret: 'lv', accessToken: 'tok', apiBaseUrl: api.url, consent: ['sms'] }, s.clock.now());
    const res = await s.post(saleBody({ id: 'walk-in-1', customer: { name: 'Klant' } }));
    await s.store.tills.lookups.add(shop.id, res.body.saleId, 'loyverse', 'cust-1', s.clock.now());
    await run(s.store.db, "UPDATE lookups SET status = 'sending'"); // claimed: disable() leaves it to the dispatcher
    await s.store.shops.disable((await s.store.shops.bySlug('fietsenmaker'))!, s.clock.now());
    await run(s.store.db, "UPDATE lookups SET status = 'scheduled'"); // its claim goes on (or comes back as a retry)
    await s.tick('2026-03-15T09:00:00+01:00');
    expect(api.calls()).toEqual([]);
    expect(await s.all('SELECT status, error FROM lookups')).toEqual([{ status: 'cancelled', error: 'shop_disabled' }]);
    await s.store.shops.enable((await s.store.shops.bySlug('fietsenmaker'))!);
    await s.tick('2026-03-15T10:30:00+01:00');
    expect(s.sms.sent.map((m) => m.to)).not.toContain('+31687654321');
  });
});
