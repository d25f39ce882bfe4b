// The owner's card of words from a phone no customer has (a text to the shop's own number: replies.ts, fromStranger):
// no purchase to show, and "?" for a name, so the card says where the words came from, lest the owner take them for a
// customer's answer to a check-in. A customer's card with no sale shown (an erased customer's) says nothing of it.
import { describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/domain/password.js';
import { messageSid, ownerClient, postTwilio, scenario } from '../helpers.js';

const OWN = '+3197014204768';

/** A text from a phone no customer of the bike shop has, to its own number, on 14 March; the owner logged in. */
async function texted(body: string) {
  const s = await scenario();
  await s.store.shops.update('fietsenmaker', { smsFrom: OWN });
  s.clock.set('2026-03-14T16:00:00+01:00');
  const res = await postTwilio(s.base, '/v1/twilio/inbound', { MessageSid: messageSid(), From: '+31622334455', To: OWN, Body: body });
  expect(res.status).toBe(200);
  const shop = (await s.store.shops.bySlug('fietsenmaker'))!;
  await s.store.sessions.setPassword(shop.id, await hashPassword('correct horse battery'));
  const owner = ownerClient(s.base);
  await owner.logIn('fietsenmaker', 'correct horse battery');
  const page = async () => (await owner.get('/shops/fietsenmaker/replies?reading=all')).text();
  return { ...s, shop, page };
}

describe('the card of a text from a phone no customer has', () => {
  it('says it is a text to the shop’s number from a number with no purchase, in Dutch and in English', async () => {
    const s = await texted('Mijn fiets is weer kapot, bel me');
    const cards = async () => [...(await s.page()).matchAll(/<article class="reply[\s\S]*?<\/article>/g)]
      .map((m) => m[0].replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' '));
    // Beside it, the scenario customer's answer to her check-in: no such line on hers.
    await s.tick('2026-03-15T10:00:00+01:00');
    const checkin = (await s.one<{ id: number }>("SELECT id FROM messages WHERE kind = 'checkin'")).id;
    await s.store.replies.record({ shopId: s.shop.id, customerId: (await s.one<{ id: number }>('SELECT customer_id AS id FROM messages WHERE id = ?', checkin)).id,
      messageId: checkin, saleId: null, channel: 'sms', providerId: messageSid(), answer: null, body: 'Werkt niet', at: s.clock.now() });
    const nl = await cards();
    expect(nl).toHaveLength(2);
    expect(nl.filter((c) => c.includes('Een sms aan het nummer van de winkel, van een nummer zonder aankoop in nextdeal (nieuw, of gewist).'))).toEqual([
      expect.stringContaining('Mijn fiets is weer kapot, bel me'),
    ]);
    await s.store.shops.update('fietsenmaker', { locale: 'en' });
    expect((await cards()).filter((c) => c.includes('A text to the shop’s number from a number with no purchase in nextdeal (new, or erased).'))).toEqual([
      expect.stringContaining('Mijn fiets is weer kapot, bel me'),
    ]);
  });

  it("says of one who wants no messages that nothing goes to them, not that the till's consent is wrong", async () => {
    const s = await texted('Dit is spam, verwijder mijn gegevens');
    const page = await s.page();
    const meaning = /<p data-what-it-means>([^<]*)<\/p>/.exec(page)?.[1];
    expect(meaning).toBe('Wil geen berichten (nooit toestemming, spam, of gegevens weg). Er gaat niets naartoe. De gegevens moeten binnen een maand weg (AVG): vraag wie nextdeal beheert ze te wissen met customer erase.');
  });
});
