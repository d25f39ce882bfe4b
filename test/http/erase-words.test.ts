// An erasure asked in other words, and a question about the data, by SMS (the reviews open since the 41st session).
// "Haal me uit jullie bestand" and "remove me from your database" stopped the SMS alone, and the owner heard nothing;
// "verwijder mn gegevens", "wis al mijn info" and "delete everything you have on me" were words for the owner to read,
// the messages went on, and nobody was told an erasure is owed within a month. "Hebben jullie mijn gegevens
// verwijderd?" was read as the erasure itself: she was unsubscribed from both channels she never asked to leave, and
// the owner told to erase the data of a customer who asked whether it was done. Now the first are read as "verwijder
// mijn gegevens" is, and the second is a question the owner is alerted to and calls back about.
import { describe, expect, it } from 'vitest';
import { messageSid, postTwilio, scenario, twimlMessage } from '../helpers.js';
import { alertOf, cardOf, stopped } from './erasure-told.js';

async function texted(locale: 'nl' | 'en' = 'nl') {
  const s = await scenario({ customer: { name: 'Sanne de Vries', phone: '06 13572468', email: 'sanne@example.com', locale, consent: { sms: true, email: true } } });
  if (locale === 'en') await s.store.shops.update('fietsenmaker', { locale: 'en' });
  await s.tick('2026-03-15T10:00:00+01:00');
  expect(s.sms.sent).toHaveLength(1);
  const reply = async (Body: string) =>
    twimlMessage((await postTwilio(s.base, '/v1/twilio/inbound', { MessageSid: messageSid(), From: '+31613572468', To: '+15005550006', Body })).text);
  return { s, reply };
}

/** What she is told back, and the owner's alert and card, in the shop's language. */
const TOLD = {
  nl: {
    reply: 'Je bent afgemeld: je krijgt geen sms en geen e-mail meer van Fietsenmaker Test. Stuur START om weer sms te krijgen.',
    subject: 'Ongewenste berichten volgens Sanne de Vries',
    alert: 'Sanne de Vries wil deze berichten niet ontvangen en vraagt de gegevens te verwijderen. Er gaat niets meer naartoe, geen sms en geen e-mail.',
    owed: 'De gegevens moeten binnen een maand weg (AVG): vraag wie nextdeal beheert ze te wissen met customer erase.',
    call: 'terug te bellen',
  },
  en: {
    reply: 'You are unsubscribed and will get no more texts or e-mail from Fietsenmaker Test. Reply START to get texts again.',
    subject: 'Unwanted messages, says Sanne de Vries',
    alert: "Sanne de Vries doesn't want these messages and asks for their data to be deleted. Nothing more goes to them, no text and no e-mail.",
    owed: 'Their data must be deleted within a month (GDPR): ask whoever runs nextdeal to run customer erase.',
    call: 'call them back',
  },
};

describe('an erasure asked in other words, by SMS', () => {
  it.each([
    ['nl', 'haal me uit jullie bestand'], ['nl', 'haal mij uit het systeem'], ['nl', 'verwijder mn gegevens'], ['nl', 'wis al mijn info'],
    ['nl', 'Verwijder mijn gegevns aub'], ['nl', 'Kunnen jullie mijn gegevens verwijderen?'], // a polite question is a request
    ['nl', 'Waarom hebben jullie mijn gegevens? Verwijder ze!'], ['nl', 'gooi mijn gegevens weg'], // with a pronoun, thrown away (frv42a)
    ['en', 'delete everything you have on me'], ['en', 'remove me from your database'], ['en', 'erase my info'], ['en', 'Can you delete my data?'],
    ['nl', 'verwijder mijn account'], ['nl', 'ik wil vergeten worden'], ['en', 'I want to be forgotten'], ['en', 'When will my data be deleted? Do it now'], // erase43
    ['nl', 'bang voor hackers verwijder mijn gegevens'], ['en', 'If I unsubscribe, will you delete my data?'], // erase44
    ['en', 'Can I keep my points? If not please delete my data'], ['en', 'if you delete my data can i still get repairs, if yes delete it'], // erase45
  ] as const)('(%s) %j: no more texts or e-mail, she is told both, and the alert and the card say the data must go within a month', async (locale, body) => {
    const told = TOLD[locale];
    const { s, reply } = await texted(locale);
    expect(await reply(body)).toBe(told.reply);
    expect(await stopped(s)).toEqual({ sms: 1, email: 1 });
    const alert = await alertOf(s);
    expect(alert.subject).toBe(told.subject);
    expect(alert.text).toContain(told.alert);
    expect(alert.text).toContain(told.owed);
    expect(alert.text).not.toContain(told.call);
    expect(await cardOf(s)).toContain(told.owed);
    expect(await reply(body)).toBeNull(); // said once
  });
});

describe('a question about the data, by SMS', () => {
  it.each([['Hebben jullie mijn gegevens verwijderd?'], ['Waarom hebben jullie mijn gegevens?'], ['Zijn mijn gegevens al gewist?']])(
    '%j: nothing stops, she is told the shop will be in touch, and the owner is alerted to a question, with no erasure owed',
    async (body) => {
      const { s, reply } = await texted();
      expect(await reply(body)).toBe('Dank je voor je vraag! Fietsenmaker Test neemt snel contact met je op.');
      expect(await stopped(s)).toEqual({ sms: 0, email: 0 });
      const alert = await alertOf(s);
      expect(alert.subject).toMatch(/^Vraag van Sanne de Vries/);
      expect(alert.text).toContain(body);
      expect(alert.text).not.toContain('binnen een maand');
      const card = await cardOf(s);
      expect(card).toMatch(/^<article class="reply question"/);
      expect(card).not.toContain('binnen een maand');
    },
  );

  it.each([['Have you deleted my data?'], ['Did you delete my data?']])('%j, from an English customer: a question, nothing stops', async (body) => {
    const { s, reply } = await texted('en');
    expect(await reply(body)).toBe('Thank you for your question! Fietsenmaker Test will get back to you soon.');
    expect(await stopped(s)).toEqual({ sms: 0, email: 0 });
    const alert = await alertOf(s);
    expect(alert.text).not.toContain('within a month');
    expect(await cardOf(s)).toMatch(/^<article class="reply question"/);
  });
});

describe('staying on the list, by SMS', () => {
  // Taken off the list denied after the verb was a STOP: she was unsubscribed, and told so, for asking to stay.
  it.each([['Verwijder me niet van de lijst'], ['haal mijn nummer niet uit het systeem']])('%j: nothing stops, and she is not told she is unsubscribed', async (body) => {
    const { s, reply } = await texted();
    expect(await reply(body) ?? '').not.toMatch(/afgemeld/);
    expect(await stopped(s)).toEqual({ sms: 0, email: 0 });
  });
});

describe('no erasure asked, by SMS', () => {
  // The review of these (frv42a): she was told "Je bent afgemeld" / "You are unsubscribed", both channels stopped for
  // good, and the owner was told to erase her data, for a complaint of lost data or an invoice asked for.
  it.each([
    ['nl', 'kun je me de factuur uit het systeem halen'], ['en', 'my data got wiped during the repair!!'], ['en', "I don't want my data deleted"],
    ['nl', 'vergeet mij niet'], ['en', "don't forget me"], ['en', 'i need my data it was erased by you'], ['en', 'need my data deleted? no'], // erase43
    ['nl', 'mijn account is gewist door jullie ik wil hem terug'], ['en', 'delete my data at google'], // erase44
    ['en', 'Do I lose my points because you delete my account'], ['en', 'ok my data was removed by you'], // erase45
  ] as const)('(%s) %j: nothing stops, she is not told she is unsubscribed, and no erasure is owed', async (locale, body) => {
    const { s, reply } = await texted(locale);
    expect(await reply(body) ?? '').not.toMatch(/afgemeld|unsubscribed/);
    expect(await stopped(s)).toEqual({ sms: 0, email: 0 });
    expect(await cardOf(s)).not.toMatch(/binnen een maand|within a month/);
  });
});
