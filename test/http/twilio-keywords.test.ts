// SMS keywords on the inbound webhook (src/http/twilio.ts), as Twilio documents them (vendor-formats §7.4, §7.1).
import { describe, expect, it } from 'vitest';
import { messageSid, postTwilio, scenario, twimlMessage } from '../helpers.js';

async function textedCustomer() {
  const s = await scenario();
  await s.tick('2026-03-15T10:00:00+01:00');
  expect(s.sms.sent).toHaveLength(1);
  const reply = (Body: string, extra: Record<string, string> = {}) =>
    postTwilio(s.base, '/v1/twilio/inbound', { MessageSid: messageSid(), From: '+31613572468', To: '+15005550006', Body, ...extra });
  const comeback = () => s.one<{ status: string; held_by: number | null }>("SELECT status, held_by FROM messages WHERE kind = 'comeback'");
  const optedOut = async () => (await s.one<{ at: number | null }>('SELECT sms_opted_out_at AS at FROM customers')).at !== null;
  return { ...s, reply, comeback, optedOut };
}

describe('opt-in keywords from a customer nextdeal has not seen stop', () => {
  // Twilio's opt-in keywords are START, YES, UNSTOP. A customer whose STOP Twilio recorded but nextdeal did not (a STOP
  // during an outage, or one Twilio took through Advanced Opt-Out) sends START: the README says START "opted back in";
  // it is a keyword, not a complaint.
  it.each([['START'], ['UNSTOP'], ['AANMELDEN']])('%s is not read as words for the owner: no alert, no "sorry", the invitation not held', async (word) => {
    const s = await textedCustomer();
    const res = await s.reply(word);
    expect(twimlMessage(res.text) ?? '').not.toMatch(/wat vervelend|neemt snel contact/);
    expect(await s.all('SELECT id FROM alerts')).toEqual([]);
    expect(await s.store.replies.open(s.shop.shop.id)).toEqual([]);
    expect((await s.comeback()).held_by).toBeNull();
  });
});

describe('START with a kiss after it (as "Stop x" stops)', () => {
  // "Start x" was read as words for the owner (a problem: an alert and a "wat vervelend") and opted nobody back in.
  it.each([['Start x'], ['START xx'], ['Start ta']])('%j after STOP opts the customer back in, as START does', async (text) => {
    const s = await textedCustomer();
    await s.reply('STOP');
    expect(await s.optedOut()).toBe(true);
    expect(twimlMessage((await s.reply(text)).text)).toBe('Welkom terug! Je krijgt weer berichten van Fietsenmaker Test. Afmelden: STOP');
    expect(await s.optedOut()).toBe(false);
    expect(await s.all('SELECT id FROM alerts')).toEqual([]);
    expect(await s.store.replies.open(s.shop.shop.id)).toEqual([]);
  });
});

describe("Twilio's Advanced Opt-Out (OptOutType)", () => {
  // With Advanced Opt-Out on a Messaging Service, Twilio itself opts the number out on the shop's own opt-out keywords
  // and says so in OptOutType=STOP on the inbound webhook (vendor-formats §7.1). From then on Twilio refuses every SMS
  // to that number (21610).
  it('opts the customer out when Twilio says OptOutType=STOP, whatever the words', async () => {
    const s = await textedCustomer();
    await s.reply('Stopp', { OptOutType: 'STOP', MessagingServiceSid: 'MG' + '1'.repeat(32) });
    expect(await s.optedOut()).toBe(true);
    expect((await s.comeback()).status).toBe('cancelled');
  });
});

describe('words about stopping that are no STOP, and a STOP in words (the review of 3 December)', () => {
  it('"Kan ik ermee stoppen?" (the medicine) reaches the owner as a question; the customer stays subscribed', async () => {
    const s = await textedCustomer();
    const res = await s.reply('Kan ik ermee stoppen?');
    expect(await s.optedOut()).toBe(false);
    expect(twimlMessage(res.text) ?? '').not.toMatch(/afgemeld/);
    expect(await s.store.replies.open(s.shop.shop.id)).toEqual([expect.objectContaining({ class: 'question', body: 'Kan ik ermee stoppen?' })]);
    expect(await s.all('SELECT id FROM alerts')).toHaveLength(1);
    expect((await s.comeback()).held_by).not.toBeNull();
  });

  it('"Meld me maar af, groetjes Sanne" opts out and says so', async () => {
    const s = await textedCustomer();
    const res = await s.reply('Meld me maar af, groetjes Sanne');
    expect(await s.optedOut()).toBe(true);
    expect(twimlMessage(res.text)).toMatch(/afgemeld/);
    expect((await s.comeback()).status).toBe('cancelled');
  });
});

describe("a phone's own answer (the review of 3 December)", () => {
  it('"Ik kan nu niet praten" gets no "wat vervelend" back and no alert; the owner finds it among the replies', async () => {
    const s = await textedCustomer();
    const res = await s.reply('Ik kan nu niet praten');
    expect(twimlMessage(res.text)).toBeNull();
    expect(await s.all('SELECT id FROM alerts')).toEqual([]);
    expect(await s.all('SELECT class, body FROM replies')).toEqual([{ class: 'other', body: 'Ik kan nu niet praten' }]);
  });
});

describe("an iPhone's driving auto-reply, the morning after the sale (fix50a)", () => {
  // Read by the reader, Apple's English wording was praise (a "thanks" texted back to the phone, her language kept as
  // English) and its Dutch one a complaint (an alert, and a "wat vervelend"): src/domain/automatic.ts.
  it.each([
    "I'm driving with Do Not Disturb While Driving turned on. I'll see your message when I get where I'm going.",
    "Ik rijd met 'Niet storen tijdens rijden' ingeschakeld. Ik zie je bericht wanneer ik op mijn bestemming ben.",
  ])('%j gets no answer, alerts nobody and keeps no language; the owner finds it among the replies', async (text) => {
    const s = await textedCustomer();
    const before = await s.one<{ locale: string | null }>('SELECT locale FROM customers');
    const res = await s.reply(text);
    expect(twimlMessage(res.text)).toBeNull();
    expect(await s.all('SELECT id FROM alerts')).toEqual([]);
    expect(await s.all('SELECT class, body FROM replies')).toEqual([{ class: 'other', body: text }]);
    expect(before).toEqual({ locale: null }); // nothing said her language: her words would have
    expect(await s.one('SELECT locale FROM customers')).toEqual(before);
  });
});
