// "je" or "u": the owner of a Dutch shop chooses how customers are addressed; messages not yet sent follow.
import { describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/domain/password.js';
import { createShop, ownerClient, scenario, startApp } from '../helpers.js';

async function loggedIn() {
  const s = await scenario();
  await s.store.sessions.setPassword(s.shop.shop.id, await hashPassword('correct horse battery'));
  const base = await startApp(s.store, () => Date.parse('2026-03-14T12:00:00+01:00'));
  const owner = ownerClient(base);
  await owner.logIn('fietsenmaker', 'correct horse battery');
  const page = await (await owner.get('/shops/fietsenmaker')).text();
  const save = (formal: string, csrf = owner.csrfIn(page)) => owner.post('/shops/fietsenmaker/formal', { _csrf: csrf, formal });
  return { ...s, base, owner, page, save };
}

describe("the owner's choice of 'je' or 'u'", () => {
  it('is shown with an example of each, and saving it changes the next check-in', async () => {
    const s = await loggedIn();
    expect(s.page).toContain('Aanspreekvorm');
    expect(s.page).toContain('gisteren kocht u');
    const res = await s.save('on');
    expect([res.status, res.headers.get('location')]).toEqual([303, '/shops/fietsenmaker#voice']);
    await s.tick('2026-03-15T12:01:00+01:00');
    expect(s.sms.sent.map((m) => m.body).join('\n')).toContain('kocht u');
  });

  it('refuses a bad value, a wrong token, and another shop', async () => {
    const s = await loggedIn();
    const bad = await s.save('maybe');
    expect(bad.status).toBe(400);
    expect((await s.one<{ formal: number }>("SELECT formal FROM shops WHERE slug = 'fietsenmaker'")).formal).toBe(0);
    expect((await s.save('on', 'wrong')).status).toBe(403);
    const other = await createShop(s.store, { slug: 'bakker' });
    await s.store.sessions.setPassword(other.shop.id, await hashPassword('brood brood brood'));
    const baker = ownerClient(s.base);
    await baker.logIn('bakker', 'brood brood brood');
    const page = await (await baker.get('/shops/bakker')).text();
    // Not done: to the login for that shop, which says so (a page of it open in a tab from before: owner-other-shop.test.ts).
    const tapped = await baker.post('/shops/fietsenmaker/formal', { _csrf: baker.csrfIn(page), formal: 'on' });
    expect([tapped.status, tapped.headers.get('location')]).toEqual([303, `/login?next=${encodeURIComponent('/shops/fietsenmaker#voice')}&lost=1`]);
    expect((await s.one<{ formal: number }>("SELECT formal FROM shops WHERE slug = 'fietsenmaker'")).formal).toBe(0);
  });

  it('is not offered to a shop whose messages are English', async () => {
    const s = await loggedIn();
    const other = await createShop(s.store, { slug: 'baker', locale: 'en' });
    await s.store.sessions.setPassword(other.shop.id, await hashPassword('bread bread bread'));
    const baker = ownerClient(s.base);
    await baker.logIn('baker', 'bread bread bread');
    const page = await (await baker.get('/shops/baker')).text();
    expect(page).toContain('id="experiment"');
    expect(page).not.toContain('id="voice"');
    expect((await baker.post('/shops/baker/formal', { _csrf: baker.csrfIn(page), formal: 'on' })).status).toBe(404);
  });
});
