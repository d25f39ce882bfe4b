// What a customer reads by SMS, word for word, through the real path: a signed sale, the dispatcher the next morning, and
// Twilio-signed replies (the black-box review of every word nextdeal says to a customer, "rvwords", 6 December 2026).
import { describe, expect, it } from 'vitest';
import { messageSid, postTwilio, scenario, twimlMessage } from '../helpers.js';

const KAPSALON = 'Kapsalon & Schoonheidssalon Marie-Louise van den Bosch';

/** Sanne's sale with `sale` (her reason, her items), its check-in sent the next morning by a shop set up with `shop`. */
async function checkedIn(sale: Record<string, unknown> = {}, shop: Record<string, unknown> = {}, customer?: Record<string, unknown>) {
  const s = await scenario({ sale, ...(customer && { customer }) });
  if (Object.keys(shop).length > 0) await s.store.shops.update('fietsenmaker', shop);
  await s.tick('2026-03-15T10:00:00+01:00');
  const reply = (Body: string) =>
    postTwilio(s.base, '/v1/twilio/inbound', { MessageSid: messageSid(), From: '+31613572468', To: '+15005550006', Body }).then((r) => twimlMessage(r.text));
  return { ...s, reply, texted: () => s.sms.sent.map((m) => m.body), mailed: () => s.email.sent.map((m) => m.text) };
}

const sms = { name: 'Sanne de Vries', phone: '06 13572468', consent: { sms: true } };

describe('the check-in quotes her reason as hers, whole, or not at all', () => {
  it.each([
    [{}, 'Hoi Sanne, gisteren kocht je Regenjas bij Fietsenmaker Test ("Omdat mijn oude fiets gestolen is"). Bevalt het? Antwoord gerust. Afmelden: STOP'],
    [{ formal: 1 }, 'Beste Sanne, gisteren kocht u Regenjas bij Fietsenmaker Test ("Omdat mijn oude fiets gestolen is"). Bevalt het? Antwoord gerust. Afmelden: STOP'],
    [{ locale: 'en' }, 'Hi Sanne, yesterday you bought Regenjas at Fietsenmaker Test ("Omdat mijn oude fiets gestolen is"). Happy with it? Just reply. Opt out: STOP'],
  ])('in quotes, so that "mijn" is hers and not the shop\'s (%j)', async (shop, text) => {
    const s = await checkedIn({ reason: 'Omdat mijn oude fiets gestolen is' }, shop, sms);
    expect(s.texted()).toEqual([text]);
  });

  it('leaves out a reason that does not fit, never cut to a fragment ("(Ik fiets elke...)")', async () => {
    const reason = 'Ik fiets elke dag naar mijn werk in Utrecht en mijn oude jas liet de regen door, dus het werd tijd voor een nieuwe';
    const s = await checkedIn({ reason }, { name: KAPSALON }, sms);
    expect(s.texted()).toEqual([`Hoi Sanne, gisteren kocht je Regenjas bij ${KAPSALON}. Bevalt het? Antwoord gerust. Afmelden: STOP`]);
    const short = await checkedIn({ reason: 'Ik fiets elke dag naar mijn werk in Utrecht' }, {}, sms);
    expect(short.texted()).toEqual(['Hoi Sanne, gisteren kocht je Regenjas bij Fietsenmaker Test ("Ik fiets elke dag naar mijn werk in Utrecht"). Bevalt het? Antwoord gerust. Afmelden: STOP']);
  });

  it.each([['klant zocht cadeau voor vrouw, 10% korting gegeven'], ['De klant twijfelde tussen twee maten'], ['Kl. komt terug voor de broek'], ['Cliënt wil bericht'], ['Customer wanted a gift'], ['the customer asked for a bag'], ['cust. paid cash']])(
    'never quotes the staff\'s note about her (%j), by SMS or e-mail; it is kept for the owner as it was', async (reason) => {
      const s = await checkedIn({ reason }, {}, sms);
      expect(s.texted()).toEqual(['Hoi Sanne, gisteren kocht je Regenjas bij Fietsenmaker Test. Bevalt het? Antwoord gerust. Afmelden: STOP']);
      expect(await s.one('SELECT reason FROM sales')).toEqual({ reason });
      const mailed = await checkedIn({ reason }, {}, { name: 'Sanne de Vries', email: 'sanne@example.com', consent: { email: true } });
      expect(mailed.mailed()).toHaveLength(1);
      expect(mailed.mailed()[0]).toMatch(/^Hoi Sanne,\n\nGisteren kocht je Regenjas bij Fietsenmaker Test\./);
      expect(mailed.mailed()[0]).not.toContain(reason);
      expect(mailed.mailed()[0]).not.toMatch(/vertelde ons waarom/);
    });

  it('still quotes a reason that only starts like one ("Klantvriendelijk geholpen")', async () => {
    const s = await checkedIn({ reason: 'Klantvriendelijk geholpen' }, {}, sms);
    expect(s.texted()[0]).toContain('("Klantvriendelijk geholpen"). Bevalt het?');
  });
});

describe('an item the till wrote in capitals or behind a barcode', () => {
  it.each([
    ['REGENJAS HEREN ZWART XL', 'Regenjas heren zwart XL'],
    ['8712345678906 Regenjas', 'Regenjas'],
    ['USB-C LADER 20W', 'USB-C lader 20W'],
  ])('%j is written %j in the messages; the sale keeps what the till wrote', async (name, said) => {
    const s = await checkedIn({ reason: null, items: [{ name, sku: 'RJ-1', quantity: 1, unitPrice: 89.95 }] }, {}, sms);
    expect(s.texted()).toEqual([`Hoi Sanne, gisteren kocht je ${said} bij Fietsenmaker Test. Bevalt het? Antwoord gerust. Afmelden: STOP`]);
    const mailed = await checkedIn({ reason: null, items: [{ name, sku: 'RJ-1', quantity: 1, unitPrice: 89.95 }] }, {}, { name: 'Sanne de Vries', email: 'sanne@example.com', consent: { email: true } });
    expect(mailed.mailed()[0]).toContain(`Gisteren kocht je ${said} bij Fietsenmaker Test.`);
    expect(JSON.parse((await s.one<{ items: string }>('SELECT items FROM sales')).items)[0].name).toBe(name);
  });
});

