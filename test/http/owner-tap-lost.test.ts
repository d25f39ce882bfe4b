// A tap on the owner's page after the session ended ("Afgehandeld" on a list left open overnight) is not done. Before,
// it led to a plain login page that said nothing, then to the overview, and the reply was still not handled (the review
// of 5 December). Now the login page says the tap was not kept, and after logging in the owner is back on the list,
// at the reply, to tap again.
import { describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/domain/password.js';
import { ownerClient, scenario } from '../helpers.js';

const PASSWORD = 'correct horse battery';
/** What a browser says of the login it is sent to from a tap on nextdeal's own page. */
const OWN_PAGE = { 'sec-fetch-site': 'same-origin' };

async function listWithAComplaint(language: string) {
  const s = await scenario();
  await s.store.sessions.setPassword(s.shop.shop.id, await hashPassword(PASSWORD));
  const r = await s.store.replies.record({
    shopId: s.shop.shop.id, customerId: s.sale.customerId, messageId: null, saleId: s.sale.saleId, channel: 'sms', providerId: null,
    answer: null, body: 'De rits is kapot', at: s.clock.now(),
  });
  if (r.duplicate) throw new Error('not stored');
  const owner = ownerClient(s.base, { 'accept-language': language });
  await owner.logIn('fietsenmaker', PASSWORD);
  const list = await (await owner.get('/shops/fietsenmaker/replies?reading=open')).text();
  const handled = /action="([^"]*\/handled[^"]*)"/.exec(list)![1]!.replace(/&amp;/g, '&');
  const isHandled = async () => (await s.one<{ h: number | null }>('SELECT handled_at AS h FROM replies WHERE id = ?', r.id)).h !== null;
  return { ...s, owner, list, handled, id: r.id, isHandled };
}

describe('a tap after the session ended', () => {
  for (const [language, said] of [
    ['nl', 'Je was uitgelogd; je tik is niet bewaard. Log in en tik nog eens.'],
    ['en', 'You had been logged out; your tap was not saved. Log in and tap again.'],
  ] as const) {
    it(`says the tap was not kept, and leads back to the list it was on after logging in (${language})`, async () => {
      const s = await listWithAComplaint(language);
      s.owner.jar.delete('nd_session'); // the session ended: the cookie is gone
      const tap = await s.owner.post(s.handled, { _csrf: s.owner.csrfIn(s.list) });
      expect(tap.status).toBe(303);
      const login = tap.headers.get('location')!;
      const form = await (await s.owner.get(login, OWN_PAGE)).text();
      expect(form).toContain(said);
      expect(await s.isHandled()).toBe(false);
      const next = /name="next" value="([^"]*)"/.exec(form)![1]!.replace(/&amp;/g, '&');
      const back = await s.owner.post('/login', { _csrf: s.owner.csrfIn(form), slug: 'fietsenmaker', password: PASSWORD, next });
      expect(back.headers.get('location')).toBe(`/shops/fietsenmaker/replies?reading=open#r${s.id}`);
      // Back on the list, the reply is there to tap again, and this time the tap is done.
      const list = await (await s.owner.get('/shops/fietsenmaker/replies?reading=open')).text();
      expect(list).toContain('De rits is kapot');
      const again = /action="([^"]*\/handled[^"]*)"/.exec(list)![1]!.replace(/&amp;/g, '&');
      expect((await s.owner.post(again, { _csrf: s.owner.csrfIn(list) })).status).toBe(303);
      expect(await s.isHandled()).toBe(true);
    });
  }

  it('says nothing of a lost tap on a login page reached otherwise', async () => {
    const s = await listWithAComplaint('nl');
    s.owner.jar.delete('nd_session');
    const page = await s.owner.get('/shops/fietsenmaker/replies?reading=open');
    expect(await (await s.owner.get(page.headers.get('location')!, OWN_PAGE)).text()).not.toContain('je tik is niet bewaard');
  });

  // A form on another site's page, posted to the owner's page while she is logged in (her browser sends no session
  // cookie with it: SameSite=Lax): done by nothing, and before, "Je was uitgelogd; je tik is niet bewaard", false, and a
  // call to log in on a page she never tapped on.
  for (const [language, said] of [['nl', 'je tik is niet bewaard'], ['en', 'your tap was not saved']] as const) {
    it(`says nothing of a tap when the form was posted on another site's page (${language})`, async () => {
      const s = await listWithAComplaint(language);
      const forged = await fetch(s.base + s.handled, {
        method: 'POST', body: '_csrf=x', redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'cross-site', origin: 'https://elders.example', 'accept-language': language },
      });
      expect(forged.status).toBe(303);
      const login = forged.headers.get('location')!;
      const elsewhere = await (await s.owner.get(login, { 'sec-fetch-site': 'cross-site', referer: 'https://elders.example/' })).text();
      expect(elsewhere).not.toContain(said);
      expect(elsewhere).toContain('type="password"');
      // A browser that does not say Sec-Fetch-Site: by the Referer, another site's, or none; this site's is a tap here.
      expect(await (await s.owner.get(login, { referer: 'https://elders.example/bericht' })).text()).not.toContain(said);
      expect(await (await s.owner.get(login)).text()).not.toContain(said);
      expect(await (await s.owner.get(login, { referer: `${s.base}/` })).text()).toContain(said);
      expect(await s.isHandled()).toBe(false);
    });
  }
});
