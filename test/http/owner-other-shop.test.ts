// An owner of two shops, logged in to one, who opens a link to the other's page (the alert e-mail's "a customer has a
// problem"). Before, "Niet gevonden: Deze pagina bestaat niet, of is niet van jouw winkel", and the owner might think
// the complaint was gone (the vendor review, finding 3). Now it is the login for that shop, which says whose session
// this is and keeps the link, and logging in opens the page the link named. A name that is no shop's gets the same
// answer, as it does without a session: nothing tells which shops exist.
import { describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/domain/password.js';
import { createShop, one, ownerClient, postSale, saleBody, startApp, testClock, testStore } from '../helpers.js';

const PASSWORDS = { fietsenmaker: 'correct horse battery', bakker: 'brood en banket 1926' };
/** What a browser says of the login it is sent to from a tap on nextdeal's own page. */
const OWN_PAGE = { 'sec-fetch-site': 'same-origin' };

/**
 * Two shops with one owner; a customer's complaint at the fietsenmaker, and the owner logged in to the bakker.
 * `tab`: first logged in to the fietsenmaker, with its list of replies open (the tab she goes back to), and only then
 * to the bakker (in another tab: one session a browser).
 */
async function ownerOfTwo(language: string, o: { tab?: boolean } = {}) {
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
  let tab = '';
  if (o.tab) {
    expect((await owner.logIn('fietsenmaker', PASSWORDS.fietsenmaker)).status).toBe(303);
    tab = await (await owner.get('/shops/fietsenmaker/replies?reading=open')).text();
    expect(tab).toContain('De rits is kapot');
  }
  expect((await owner.logIn('bakker', PASSWORDS.bakker)).status).toBe(303);
  // The path of the alert e-mail's link (src/queue/alerts.ts); the browser keeps the #r… to itself.
  const link = `/shops/fietsenmaker/replies?reading=open&reply=${r.id}`;
  const isHandled = async () => (await one<{ h: number | null }>(store.db, 'SELECT handled_at AS h FROM replies WHERE id = ?', r.id))?.h != null;
  return { base, owner, link, tab, id: r.id, isHandled };
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

// The same owner with the fietsenmaker's list still open in a tab from before she logged in to the bakker in another
// (one session a browser). Before, "Afgehandeld" there answered a bare 404 "Niet gevonden", and she thought the tap was
// lost or the shop gone. Now the tap is not done, and she is told so on the fietsenmaker's login, with whose session
// this is, and is back on the list after logging in, to tap again (never done by itself on the way).
describe("a tap on another shop's page, open in a tab from before", () => {
  for (const [language, said] of [
    ['nl', 'Je bent ingelogd bij Bakker Jansen; de pagina waarop je tikte is van een andere winkel, dus je tik is niet uitgevoerd. Log hieronder in bij die winkel en tik nog eens (je wordt dan uitgelogd bij Bakker Jansen).'],
    ['en', "You are logged in to Bakker Jansen; the page you tapped on is another shop's, so your tap was not done. Log in to that shop below and tap again (you will then be logged out of Bakker Jansen)."],
  ] as const) {
    it(`is not done, says so and whose session this is on the login for that shop, and leads back to the list (${language})`, async () => {
      const s = await ownerOfTwo(language, { tab: true });
      const handled = /action="([^"]*\/handled[^"]*)"/.exec(s.tab)![1]!.replace(/&amp;/g, '&');
      const tap = await s.owner.post(handled, { _csrf: s.owner.csrfIn(s.tab) });
      expect([tap.status, tap.headers.get('location')]).toEqual([303, `/login?next=${encodeURIComponent(`/shops/fietsenmaker/replies?reading=open#r${s.id}`)}&lost=1`]);
      expect(await s.isHandled()).toBe(false);
      const form = await (await s.owner.get(tap.headers.get('location')!, OWN_PAGE)).text();
      expect(form.replaceAll('&#39;', "'")).toContain(said);
      expect(form).not.toContain(language === 'nl' ? 'Je was uitgelogd' : 'You had been logged out'); // she was not
      expect(form).not.toContain('De rits is kapot'); // nothing of the shop before the login
      expect(field(form, 'slug')).toBe('fietsenmaker');
      // Logging in goes back to the list, at the reply, and does not do the tap: she taps again.
      const back = await s.owner.post('/login', { _csrf: s.owner.csrfIn(form), slug: 'fietsenmaker', password: PASSWORDS.fietsenmaker, next: field(form, 'next')! });
      expect([back.status, back.headers.get('location')]).toEqual([303, `/shops/fietsenmaker/replies?reading=open#r${s.id}`]);
      expect(await s.isHandled()).toBe(false);
      const list = await (await s.owner.get('/shops/fietsenmaker/replies?reading=open')).text();
      const again = /action="([^"]*\/handled[^"]*)"/.exec(list)![1]!.replace(/&amp;/g, '&');
      expect((await s.owner.post(again, { _csrf: s.owner.csrfIn(list) })).status).toBe(303);
      expect(await s.isHandled()).toBe(true);
    });
  }

  it('is answered the same at a name that is no shop, and a wrong CSRF token with the right session is still refused', async () => {
    const s = await ownerOfTwo('nl', { tab: true });
    const handled = /action="([^"]*\/handled[^"]*)"/.exec(s.tab)![1]!.replace(/&amp;/g, '&');
    const [shop, nobody] = [await s.owner.post(handled, { _csrf: s.owner.csrfIn(s.tab) }), await s.owner.post(handled.replace('fietsenmaker', 'niemand'), { _csrf: s.owner.csrfIn(s.tab) })];
    expect([nobody.status, nobody.headers.get('location')]).toEqual([shop.status, shop.headers.get('location')!.replace('fietsenmaker', 'niemand')]);
    const page = async (res: Response) => {
      const text = await (await s.owner.get(res.headers.get('location')!, OWN_PAGE)).text();
      return text.replace(/name="_csrf" value="[^"]*"/, '').replaceAll('niemand', 'fietsenmaker');
    };
    expect(await page(nobody)).toBe(await page(shop));
    // Her own shop's form with a token not of her session: refused as before.
    const bakker = await (await s.owner.get('/shops/bakker')).text();
    expect(bakker).toContain('Bakker Jansen');
    expect((await s.owner.post('/shops/bakker/formal', { _csrf: s.owner.csrfIn(s.tab), formal: 'on' })).status).toBe(403);
  });
});

// A page on another site with a form posted to the fietsenmaker's page, opened by the owner while logged in to the
// bakker (her browser sends no session cookie with it: SameSite=Lax). Nothing is done, but before, the login said "the
// page you tapped on is another shop's, so your tap was not done", false, and a call to log in to the fietsenmaker. Now
// only a tap on nextdeal's own page says so; this gets the login a link to that page gets.
describe("a form on another site's page, posted to another shop's page", () => {
  for (const [language, said] of [
    ['nl', 'de pagina waarop je tikte is van een andere winkel, dus je tik is niet uitgevoerd'],
    ['en', 'the page you tapped on is another shop&#39;s, so your tap was not done'],
  ] as const) {
    it(`gets the login a link gets, without the note of a tap, and the tap on her own tab still says it (${language})`, async () => {
      const s = await ownerOfTwo(language, { tab: true });
      const handled = /action="([^"]*\/handled[^"]*)"/.exec(s.tab)![1]!.replace(/&amp;/g, '&');
      const forged = await fetch(s.base + handled, {
        method: 'POST', body: '_csrf=x', redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'cross-site', origin: 'https://elders.example', 'accept-language': language },
      });
      expect(forged.status).toBe(303);
      const login = forged.headers.get('location')!;
      expect(login).toMatch(/^\/login\?next=%2Fshops%2Ffietsenmaker%2F/);
      const withoutToken = (page: string) => page.replace(/name="_csrf" value="[^"]*"/, '');
      const linked = withoutToken(await (await s.owner.get(`/login?next=${encodeURIComponent(new URL(login, s.base).searchParams.get('next')!)}`)).text());
      const elsewhere = withoutToken(await (await s.owner.get(login, { 'sec-fetch-site': 'cross-site', referer: 'https://elders.example/' })).text());
      expect(elsewhere).not.toContain(said);
      expect(elsewhere).toBe(linked);
      expect(elsewhere).toContain('type="password"');
      // A browser that does not say Sec-Fetch-Site: another site's Referer, or none, is no tap here.
      expect(await (await s.owner.get(login, { referer: 'https://elders.example/bericht' })).text()).not.toContain(said);
      expect(await (await s.owner.get(login)).text()).not.toContain(said);
      expect(await s.isHandled()).toBe(false);
      // The same tap on her own tab, by Sec-Fetch-Site or, in a browser that does not send it, by this site's Referer.
      const tap = await s.owner.post(handled, { _csrf: s.owner.csrfIn(s.tab) }, OWN_PAGE);
      expect(await (await s.owner.get(tap.headers.get('location')!, OWN_PAGE)).text()).toContain(said);
      expect(await (await s.owner.get(tap.headers.get('location')!, { referer: `${s.base}/` })).text()).toContain(said);
      // An Origin of "null" (some browsers' after a redirect) beside it hides nothing.
      expect(await (await s.owner.get(tap.headers.get('location')!, { origin: 'null', referer: `${s.base}/` })).text()).toContain(said);
      expect(await (await s.owner.get(tap.headers.get('location')!, { origin: 'null', referer: 'https://elders.example/' })).text()).not.toContain(said);
      expect(await s.isHandled()).toBe(false);
    });
  }
});
