// An owner of two shops, logged in to one, who opens a link to the other's page (the alert e-mail's "a customer has a
// problem"). Before, "Niet gevonden: Deze pagina bestaat niet, of is niet van jouw winkel", and the owner might think
// the complaint was gone (the vendor review, finding 3). Now it is the login for that shop, which says whose session
// this is and keeps the link, and logging in opens the page the link named. A name that is no shop's gets the same
// answer, as it does without a session: nothing tells which shops exist.
import { describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/domain/password.js';
import { createShop, ownerClient, postSale, saleBody, startApp, testClock, testStore } from '../helpers.js';

const PASSWORDS = { fietsenmaker: 'correct horse battery', bakker: 'brood en banket 1926' };

/** Two shops with one owner; a customer's complaint at the fietsenmaker, and the owner logged in to the bakker. */
async function ownerOfTwo(language: string) {
  const store = await testStore();
  const clock = testClock('2026-03-14T15:31:00+01:00');
  const a = await createShop(store);
  const b = await createShop(store, { slug: 'bakker', name: 'Bakker Jansen' });
  await store.sessions.setPassword(a.shop.id, await hashPassword(PASSWORDS.fietsenmaker));
  await store.sessions.setPassword(b.shop.id, await hashPassword(PASSWORDS.bakker));
  const base = await startApp(store, clock.now);
  const sold = await postSale(base, 'fietsenmaker', a.webhookSecret, saleBody(), clock.now());
  const r = await store.replies.record({
    shopId: a.shop.id, customerId: sold.body.customerId, messageId: null, saleId: sold.body.saleId, channel: 'sms', providerId: null,
    answer: null, body: 'De rits is kapot', at: clock.now(),
  });
  if (r.duplicate) throw new Error('not stored');
  const owner = ownerClient(base, { 'accept-language': language });
  expect((await owner.logIn('bakker', PASSWORDS.bakker)).status).toBe(303);
  // The path of the alert e-mail's link (src/queue/alerts.ts); the browser keeps the #r… to itself.
  const link = `/shops/fietsenmaker/replies?reading=open&reply=${r.id}`;
  return { owner, link };
}

const field = (page: string, name: string) => new RegExp(`name="${name}"[^>]*value="([^"]*)"`).exec(page)?.[1]?.replace(/&amp;/g, '&');

describe("a link to another shop's page", () => {
  for (const [language, said] of [
    ['nl', 'Je bent ingelogd bij Bakker Jansen. Deze link is van een andere winkel: log hieronder in bij die winkel om hem te openen (je wordt dan uitgelogd bij Bakker Jansen).'],
    ['en', 'You are logged in to Bakker Jansen. This link is for another shop: log in to that shop below to open it (you will then be logged out of Bakker Jansen).'],
  ] as const) {
    it(`leads to the login for that shop, which says whose session this is, and on to the complaint (${language})`, async () => {
      const { owner, link } = await ownerOfTwo(language);
      const opened = await owner.get(link);
      expect([opened.status, opened.headers.get('location')]).toEqual([303, `/login?next=${encodeURIComponent(link)}`]);
      const form = await (await owner.get(opened.headers.get('location')!)).text();
      expect(form).toContain(said);
      expect(form).not.toContain('niet van jouw winkel');
      expect(field(form, 'slug')).toBe('fietsenmaker'); // filled in
      expect(field(form, 'next')).toBe(link); // kept
      const loggedIn = await owner.post('/login', { _csrf: owner.csrfIn(form), slug: 'fietsenmaker', password: PASSWORDS.fietsenmaker, next: field(form, 'next')! });
      expect([loggedIn.status, loggedIn.headers.get('location')]).toEqual([303, link]);
      const page = await owner.get(link);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('De rits is kapot');
    });
  }

  it('is answered the same for a name that is no shop: no way to tell which shops exist', async () => {
    const { owner, link } = await ownerOfTwo('nl');
    const made = link.replace('fietsenmaker', 'niemand');
    const [shop, nobody] = [await owner.get(link), await owner.get(made)];
    expect([nobody.status, nobody.headers.get('location')]).toEqual([shop.status, shop.headers.get('location')!.replace('fietsenmaker', 'niemand')]);
    const page = async (res: Response) => {
      const text = await (await owner.get(res.headers.get('location')!)).text();
      return text.replace(/name="_csrf" value="[^"]*"/, '').replaceAll('niemand', 'fietsenmaker');
    };
    expect(await page(nobody)).toBe(await page(shop));
    // Its own shop's pages, and a name no shop's short name can be, are as before.
    expect((await owner.get('/shops/bakker')).status).toBe(200);
    expect((await owner.get('/shops/Fietsenmaker/replies')).status).toBe(404);
  });

  it('says nothing of another session on a login page for the shop logged in to, or without a session', async () => {
    const { owner, link } = await ownerOfTwo('nl');
    expect(await (await owner.get(`/login?next=${encodeURIComponent('/shops/bakker/replies')}`)).text()).not.toContain('Je bent ingelogd bij');
    owner.jar.delete('nd_session');
    const opened = await owner.get(link);
    expect(await (await owner.get(opened.headers.get('location')!)).text()).not.toContain('Je bent ingelogd bij');
  });
});
