// A bank's codes, a parcel service, a sender of offers texting a shop's own number again and again: each text read as a
// problem or a question was an alert e-mail to the owner. Words of a row a text made (replies.ts fromStranger) alert
// once while that alert's words are open; the later ones go on the call-back list without an e-mail, and once the owner
// has handled the words alerted, new ones alert again. A customer's words are each alerted, as before.
import { describe, expect, it } from 'vitest';
import { messageSid, postTwilio, scenario } from '../helpers.js';

const OWN = '+3197014204768';
const SENDER = '+3197010203040';
const SANNE = '+31613572468';

describe('texts to the shop’s own number from a phone no customer has, again and again', () => {
  it('alert the owner once while the words alerted are open, and again once they are handled', async () => {
    const s = await scenario();
    await s.store.shops.update('fietsenmaker', { smsFrom: OWN });
    const shop = (await s.store.shops.bySlug('fietsenmaker'))!;
    const text = async (From: string, Body: string, at: string) => {
      s.clock.set(at);
      expect((await postTwilio(s.base, '/v1/twilio/inbound', { MessageSid: messageSid(), From, To: OWN, Body })).status).toBe(200);
    };
    const mails = async (at: string) => {
      await s.tick(at);
      return s.email.sent.map((m) => m.text).filter((t) => t.includes('Uw code') || t.includes('De lamp'));
    };
    await text(SENDER, 'Uw code is 111111. Deel deze code met niemand. Problemen? Bel ons.', '2026-03-14T16:00:00+01:00');
    await text(SENDER, 'Uw code is 222222. Deel deze code met niemand. Problemen? Bel ons.', '2026-03-14T16:01:00+01:00');
    await text(SENDER, 'Uw code is 333333. Vragen? Bel ons.', '2026-03-14T16:02:00+01:00');
    expect(await mails('2026-03-14T16:03:00+01:00')).toEqual([expect.stringContaining('111111')]);
    // All three on the owner's list.
    const open = await s.store.replies.open(shop.id);
    expect(open.map((r) => r.body?.slice(0, 17))).toEqual(['Uw code is 333333', 'Uw code is 222222', 'Uw code is 111111']);
    // The owner handles the first: the next words alert again (and once).
    expect(await s.store.replies.handle(shop, open[2]!.id, s.clock.now())).toBe('handled');
    await text(SENDER, 'Uw code is 444444. Problemen? Bel ons.', '2026-03-14T17:00:00+01:00');
    await text(SENDER, 'Uw code is 555555. Problemen? Bel ons.', '2026-03-14T17:01:00+01:00');
    expect((await mails('2026-03-14T17:02:00+01:00')).map((t) => /Uw code is (\d+)/.exec(t)![1])).toEqual(['111111', '444444']);

    // A customer's words are each alerted, as before: Sanne's check-in, then two complaints.
    await s.tick('2026-03-15T10:00:00+01:00');
    await text(SANNE, 'De lamp van de jas is kapot', '2026-03-15T11:00:00+01:00');
    await text(SANNE, 'De lamp doet het nog steeds niet, bel me', '2026-03-15T11:05:00+01:00');
    expect((await mails('2026-03-15T11:06:00+01:00')).filter((t) => t.includes('De lamp'))).toHaveLength(2);
  });
});
