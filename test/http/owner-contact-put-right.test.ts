// The overview's "Klantgegevens van de kassa" asks the owner to have a customer's number put right in the till. A
// review found it kept asking for a number the till had put right already: by posting the sale again with the right
// one (README, "A sale posted again"), which leaves the customer's row as it was, or by a newer sale. It counts only
// what is still wrong now, the till's own wrong numbers (a placeholder, a landline) as those Twilio found cannot take a
// text. Signed sales and Twilio callbacks over HTTP, the overview as the owner's phone gets it.
import { describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/domain/password.js';
import { ownerClient, postTwilio, saleBody, scenario } from '../helpers.js';

const PASSWORD = 'correct horse battery';

/** A shop whose till sold to Sanne (`customer`, sale `sale-1`), and its owner logged in. */
async function shop(customer: Record<string, unknown>) {
  const s = await scenario({ customer });
  expect(s.sale.saleId).toBe(1);
  await s.store.sessions.setPassword(s.shop.shop.id, await hashPassword(PASSWORD));
  const owner = ownerClient(s.base);
  expect((await owner.logIn('fietsenmaker', PASSWORD)).status).toBe(303);
  const words = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&#39;/g, "'").replace(/&amp;/g, '&').replace(/\s+/g, ' ').trim();
  /** The overview's "Klantgegevens van de kassa", in words ('' when it is not shown). */
  const section = async () => {
    const page = await (await owner.get('/shops/fietsenmaker?days=365')).text();
    const part = /<section id="contact-issues">[\s\S]*?<\/section>/.exec(page)?.[0];
    return part === undefined ? '' : words(part);
  };
  return { ...s, section };
}

const SANNE = { name: 'Sanne de Vries', email: 'sanne@example.com', consent: { sms: true, email: true } };
const postedAgain = (phone: string) => saleBody({ customer: { ...SANNE, phone } });

describe("the till's wrong numbers, put right since", () => {
  it("a placeholder number put right by posting the sale again is no longer the till's to fix", async () => {
    const s = await shop({ ...SANNE, phone: '06 11111111' });
    expect(await s.section()).toContain('1 verkoop in deze periode had een telefoonnummer of e-mailadres dat niet kan kloppen (1 telefoon, 0 e-mail).');
    const again = await s.post(postedAgain('06 13572468'));
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ saleId: 1, duplicate: true, warnings: [{ field: 'customer.phone' }] });
    expect(await s.section()).toBe('');
  }, 60_000);

  it('a landline in the mobile field put right by posting the sale again, with the e-mail still wrong: only the e-mail is asked about', async () => {
    const s = await shop({ ...SANNE, phone: '020 123 4568', email: 'geen@geen.nl' });
    expect(await s.section()).toContain('1 verkoop in deze periode had een telefoonnummer of e-mailadres dat niet kan kloppen (1 telefoon, 1 e-mail).');
    const again = await s.post(saleBody({ customer: { ...SANNE, phone: '06 13572468', email: 'geen@geen.nl' } }));
    expect(again.status).toBe(200);
    expect(await s.section()).toContain('1 verkoop in deze periode had een telefoonnummer of e-mailadres dat niet kan kloppen (0 telefoon, 1 e-mail).');
    expect(await s.section()).toContain('Wat de kassa sindsdien verbeterde (de verkoop opnieuw gestuurd met het juiste nummer of adres, of een nieuwere verkoop zonder de fout) telt hier niet meer.');
    await s.store.shops.update('fietsenmaker', { locale: 'en' });
    expect(await s.section()).toContain('1 sale in this period came with a phone number or e-mail address that cannot be right (0 phone, 1 e-mail).');
    expect(await s.section()).toContain('What the till has put right since (the sale sent again with the right number or address, or a newer sale without the mistake) no longer counts here.');
  }, 60_000);

  it("a newer sale that came with the right number: the older sale's wrong one is not asked about; one with the mistake again is", async () => {
    const s = await shop({ ...SANNE, phone: '06 11111111' });
    expect(await s.section()).toContain('(1 telefoon, 0 e-mail)');
    s.clock.set('2026-03-20T12:00:00+01:00');
    expect((await s.post(saleBody({ id: 'sale-2', occurredAt: '2026-03-20T11:30:00+01:00', customer: { ...SANNE, phone: '06 13572468' } }))).status).toBe(201);
    expect(await s.section()).toBe('');
    // The till's mistake once more, on a later sale: that one is asked about.
    s.clock.set('2026-03-27T12:00:00+01:00');
    expect((await s.post(saleBody({ id: 'sale-3', occurredAt: '2026-03-27T11:30:00+01:00', customer: { ...SANNE, phone: '06 11111111' } }))).status).toBe(201);
    expect(await s.section()).toContain('1 verkoop in deze periode had een telefoonnummer of e-mailadres dat niet kan kloppen (1 telefoon, 0 e-mail).');
  }, 60_000);
});

describe('a number Twilio found cannot take a text, put right since', () => {
  it('reported undelivered 30005, then the sale posted again with the right number: not asked about, though her row keeps the number', async () => {
    const s = await shop({ ...SANNE, phone: '06 12345679' });
    await s.tick('2026-03-15T10:00:00+01:00');
    expect(s.sms.sent.map((m) => m.to)).toEqual(['+31612345679']);
    const { sid } = await s.one<{ sid: string }>("SELECT provider_id AS sid FROM messages WHERE kind = 'checkin'");
    expect((await postTwilio(s.base, '/v1/twilio/status', { MessageSid: sid, MessageStatus: 'undelivered', ErrorCode: '30005' })).status).toBe(204);
    expect(await s.section()).toContain('1 klant kreeg in deze periode geen sms: volgens de sms-dienst bestaat het nummer uit de kassa niet of kan het geen sms ontvangen (een vast nummer). Zet het juiste nummer in de kassa');
    const again = await s.post(postedAgain('06 13572468'));
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ saleId: 1, duplicate: true, cancelled: 1 }); // the invitation
    expect(await s.one('SELECT phone FROM customers')).toEqual({ phone: '+31612345679' });
    expect(await s.section()).toBe('');
  }, 60_000);

  it('put right by posting a newer sale again (the till had the wrong number once more): not asked about', async () => {
    const s = await shop({ ...SANNE, phone: '06 12345679' });
    await s.tick('2026-03-15T10:00:00+01:00');
    const { sid } = await s.one<{ sid: string }>("SELECT provider_id AS sid FROM messages WHERE kind = 'checkin'");
    expect((await postTwilio(s.base, '/v1/twilio/status', { MessageSid: sid, MessageStatus: 'undelivered', ErrorCode: '30005' })).status).toBe(204);
    s.clock.set('2026-03-20T12:00:00+01:00');
    const newer = (phone: string) => saleBody({ id: 'sale-2', occurredAt: '2026-03-20T11:30:00+01:00', customer: { ...SANNE, phone } });
    expect((await s.post(newer('06 12345679'))).status).toBe(201);
    expect(await s.section()).toContain('1 klant kreeg in deze periode geen sms');
    expect((await s.post(newer('06 13572468'))).status).toBe(200);
    expect(await s.section()).toBe('');
  }, 60_000);
});
