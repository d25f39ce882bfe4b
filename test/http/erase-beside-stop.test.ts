// "Geen sms meer, verwijder mijn gegevens": an erasure asked beside a request to hear no more. Read as the stop alone,
// only the SMS stopped and the e-mail went on, the owner's alert said "heeft een probleem. Dit is het moment om terug te
// bellen." and the card "wil geen sms meer": nothing of the erasure owed within a month (the review at 463dced). Now as
// "Verwijder mijn gegevens" alone: both stop, she is told so, and the alert and the card say the data must go. By SMS
// (Dutch and English, a shop's own number and a shared one) and on the e-mail's reply page; a bare STOP stays Twilio's.
import { describe, expect, it } from 'vitest';
import { messageSid, postSale, postTwilio, saleBody, scenario, twimlMessage } from '../helpers.js';
import { alertOf, cardOf, stopped } from './erasure-told.js';

async function texted(customer?: Record<string, unknown>) {
  const s = await scenario(customer && { customer });
  await s.tick('2026-03-15T10:00:00+01:00');
  expect(s.sms.sent).toHaveLength(1);
  const reply = (Body: string, extra: Record<string, string> = {}) =>
    postTwilio(s.base, '/v1/twilio/inbound', { MessageSid: messageSid(), From: '+31613572468', To: '+15005550006', Body, ...extra });
  return { s, reply };
}

const NL_ALERT = 'Sanne de Vries wil deze berichten niet ontvangen en vraagt de gegevens te verwijderen. Er gaat niets meer naartoe, geen sms en geen e-mail. Klopt de toestemming in de kassa niet, zet het daar goed. De gegevens moeten binnen een maand weg (AVG): vraag wie nextdeal beheert ze te wissen met customer erase.';
const NL_CARD = 'De gegevens moeten binnen een maand weg (AVG): vraag wie nextdeal beheert ze te wissen met customer erase.';

describe('data to be removed, asked beside a request to hear no more', () => {
  it.each([
    ['Ik wil geen sms meer, verwijder mijn gegevens'], ['Please stop texting me and delete my data'], ['Verwijder mijn gegevens en stuur geen sms meer'],
    ['Stop met die spam en verwijder mijn gegevens'], ['Geen berichten meer en verwijder mijn gegevens'], ['Geen mails meer, verwijder mijn gegevens'],
    ['Verwijder mijn gegevens ik wil geen sms meer'], // in one breath: the stop's "geen" keeps no data
  ])('%j by SMS: no more texts or e-mail, she is told both, and the alert and the card say the data must go within a month', async (body) => {
    const { s, reply } = await texted();
    // (In English to English words: customer-sms-words.test.ts.)
    expect(twimlMessage((await reply(body)).text)).toBe(body.startsWith('Please')
      ? 'You are unsubscribed and will get no more texts or e-mail from Fietsenmaker Test. Reply START to get texts again.'
      : 'Je bent afgemeld: je krijgt geen sms en geen e-mail meer van Fietsenmaker Test. Stuur START om weer sms te krijgen.');
    expect(await stopped(s)).toEqual({ sms: 1, email: 1 });
    const alert = await alertOf(s);
    expect(alert.subject).toBe('Ongewenste berichten volgens Sanne de Vries');
    expect(alert.text).toContain(NL_ALERT);
    expect(alert.text).not.toContain('terug te bellen');
    const card = await cardOf(s, 'problem');
    expect(card).toContain(NL_CARD);
    expect(card).toContain('<span class="tag" data-opted-out>wil geen berichten meer</span>'); // not "wil geen sms meer"
    expect(twimlMessage((await reply(body)).text)).toBeNull(); // said once
  });

  it('told in English to an English customer, and the English alert says their data must be deleted within a month', async () => {
    const { s, reply } = await texted({ name: 'Sanne de Vries', phone: '06 13572468', email: 'sanne@example.com', locale: 'en', consent: { sms: true, email: true } });
    await s.store.shops.update('fietsenmaker', { locale: 'en' });
    expect(twimlMessage((await reply('Please stop texting me and delete my data')).text)).toBe(
      'You are unsubscribed and will get no more texts or e-mail from Fietsenmaker Test. Reply START to get texts again.',
    );
    expect(await stopped(s)).toEqual({ sms: 1, email: 1 });
    const alert = await alertOf(s);
    expect(alert.text).toContain("Sanne de Vries doesn't want these messages and asks for their data to be deleted. Nothing more goes to them, no text and no e-mail.");
    expect(alert.text).toContain('Their data must be deleted within a month (GDPR): ask whoever runs nextdeal to run customer erase.');
    expect(await cardOf(s, 'problem')).toContain('must be deleted within a month');
  });

  it('on a number several shops text from: told the number texts her no more, and that the e-mail stops too', async () => {
    const { s, reply } = await texted();
    const other = await s.store.shops.create({ slug: 'bakker', name: 'Bakker Jansen', timezone: 'Europe/Amsterdam', country: 'NL', locale: 'nl', holdout: 0 }, Date.now());
    await postSale(s.base, 'bakker', other.webhookSecret, saleBody({ id: 'brood-1', occurredAt: '2026-03-15T09:00:00+01:00', items: [{ name: 'Brood' }] }), s.clock.now());
    expect(twimlMessage((await reply('Ik wil geen sms meer, verwijder mijn gegevens')).text)).toBe(
      "Je bent afgemeld: geen e-mail meer van Fietsenmaker Test, en via dit nummer geen sms meer, ook niet van andere winkels. Stuur START voor weer sms'jes.",
    );
    expect((await alertOf(s)).text).toContain(NL_ALERT);
  });

  // The keyword is the whole message, and Twilio's: it stops the SMS alone, as before; Twilio's own STOP too.
  it.each([[{}], [{ OptOutType: 'STOP' }]])('a bare STOP (%j) stays a stop of the SMS alone, with no alert', async (extra) => {
    const { s, reply } = await texted();
    expect(twimlMessage((await reply('STOP', extra)).text)).toBe('Je bent afgemeld: je krijgt geen sms meer van Fietsenmaker Test. Stuur START om je weer aan te melden.');
    expect(await stopped(s)).toEqual({ sms: 1, email: 0 });
    expect(await s.all('SELECT id FROM alerts')).toHaveLength(0);
  });

  // Its review: a stop beside "keep my data" ordered an erasure and stopped the e-mail (the erase words negated).
  it.each([["Please stop texting me, but don't delete my data"], ["Stop met sms'en, maar verwijder mijn gegevens niet"]])('%j: the texts stop, the e-mail goes on, and no erasure is said to be owed', async (body) => {
    const { s, reply } = await texted();
    await reply(body);
    expect(await stopped(s)).toEqual({ sms: 1, email: 0 });
    for (const m of s.email.sent) expect(m.text).not.toContain('binnen een maand');
  });
});

describe('data to be removed beside a request to hear no more, on the e-mail reply page', () => {
  it.each([
    ['nl', 'Geen mails meer, verwijder mijn gegevens', 'Je krijgt geen sms en geen e-mail meer van Fietsenmaker Test.', NL_ALERT],
    ['nl', 'Ik wil geen sms meer, verwijder mijn gegevens', 'Je krijgt geen sms en geen e-mail meer van Fietsenmaker Test.', NL_ALERT],
    ['en', 'Please stop emailing me and delete my data', 'You will get no more texts or e-mail from Fietsenmaker Test.', 'Their data must be deleted within a month (GDPR)'],
  ])('(%s) %j: both stop, the page says so, and the alert says the data must go within a month', async (locale, comment, told, alertSays) => {
    const s = await scenario({ sale: { id: 'e1' }, customer: { name: 'Sanne de Vries', email: 'sanne@example.com', locale, consent: { email: true } } });
    if (locale === 'en') await s.store.shops.update('fietsenmaker', { locale: 'en' });
    await s.tick('2026-03-15T10:00:00+01:00');
    const page = s.base + /\/r\/[\w-]+/.exec(s.email.sent[0]!.text)![0];
    const answered = await fetch(page, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ comment }).toString() });
    const html = await answered.text();
    expect(html).toContain(told);
    expect(html).not.toMatch(/neemt snel contact|mailt je|will (?:call|e-mail) you/);
    expect(await stopped(s)).toEqual({ sms: 1, email: 1 });
    expect((await alertOf(s)).text).toContain(alertSays);
    expect(await cardOf(s, 'problem')).toContain(locale === 'en' ? 'must be deleted within a month' : NL_CARD);
  });
});
