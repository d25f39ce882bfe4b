// A message in doubt (a dispatcher stopped mid-send) is never sent again by itself: the owner, having asked the
// customer, settles it on the page: sent again now, or counted as arrived. Before, only the CLI could.
import { describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/domain/password.js';
import { createShop, ownerClient, run, scenario, startApp } from '../helpers.js';

async function inDoubt() {
  const s = await scenario();
  await run(s.store.db, "UPDATE messages SET status = 'uncertain', claimed_at = ?, error = 'interrupted' WHERE kind = 'checkin'", Date.parse('2026-03-15T10:00:00+01:00'));
  const at = Date.parse('2026-03-15T12:00:00+01:00');
  s.clock.set('2026-03-15T12:00:00+01:00');
  await s.store.sessions.setPassword(s.shop.shop.id, await hashPassword('correct horse battery'));
  const base = await startApp(s.store, () => at);
  const owner = ownerClient(base);
  await owner.logIn('fietsenmaker', 'correct horse battery');
  const page = await (await owner.get('/shops/fietsenmaker/messages?status=uncertain')).text();
  const id = (await s.one<{ id: number }>("SELECT id FROM messages WHERE kind = 'checkin'")).id;
  const settle = (how: string, message = id) => owner.post(`/shops/fietsenmaker/messages/${message}/${how}`, { _csrf: owner.csrfIn(page) });
  const checkin = () => s.one<{ status: string; error: string | null }>("SELECT status, error FROM messages WHERE kind = 'checkin'");
  return { ...s, owner, page, id, settle, checkin, base };
}

describe('a message in doubt, on the owner\'s page', () => {
  it('offers to send it again or count it as arrived, once the customer was asked', async () => {
    const s = await inDoubt();
    expect(s.page).toContain('Vraag de klant of het aankwam:');
    expect(s.page).toContain(`action="/shops/fietsenmaker/messages/${s.id}/resend"`);
    expect(s.page).toContain(`action="/shops/fietsenmaker/messages/${s.id}/arrived"`);
  });

  it('sends it again with the next dispatch when it did not arrive', async () => {
    const s = await inDoubt();
    const res = await s.settle('resend');
    expect([res.status, res.headers.get('location')]).toEqual([303, '/shops/fietsenmaker/messages?status=uncertain']);
    expect(await s.checkin()).toEqual({ status: 'scheduled', error: null });
    await s.tick('2026-03-15T12:01:00+01:00');
    expect(s.sms.sent).toHaveLength(1);
    expect((await s.settle('resend')).status).toBe(404); // settled already: nothing twice
  });

  it('counts it as sent when it arrived, and sends nothing', async () => {
    const s = await inDoubt();
    expect((await s.settle('arrived')).status).toBe(303);
    expect(await s.checkin()).toEqual({ status: 'sent', error: null });
    await s.tick('2026-03-15T12:01:00+01:00');
    expect(s.sms.sent).toEqual([]);
    expect(await (await s.owner.get('/shops/fietsenmaker')).text()).not.toContain('id="uncertain"');
  });

  it("settles only the shop's own messages in doubt, with the form's token", async () => {
    const s = await inDoubt();
    expect((await s.settle('resend', s.id + 1000)).status).toBe(404);
    expect((await s.settle('delete')).status).toBe(404);
    expect((await s.owner.post(`/shops/fietsenmaker/messages/${s.id}/resend`, { _csrf: 'wrong' })).status).toBe(403);
    const other = await createShop(s.store, { slug: 'bakker' });
    await s.store.sessions.setPassword(other.shop.id, await hashPassword('brood brood brood'));
    const baker = ownerClient(s.base);
    await baker.logIn('bakker', 'brood brood brood');
    const page = await (await baker.get('/shops/bakker/messages')).text();
    expect((await baker.post(`/shops/fietsenmaker/messages/${s.id}/resend`, { _csrf: baker.csrfIn(page) })).status).toBe(404);
    expect((await baker.post(`/shops/bakker/messages/${s.id}/resend`, { _csrf: baker.csrfIn(page) })).status).toBe(404);
    expect(await s.checkin()).toEqual({ status: 'uncertain', error: 'interrupted' });
  });
});
