// What the owner's reply card says beside the reading: that the customer asked, in a reply with more in it, to hear no
// more; that the reply is in a language nextdeal does not read. And a request to hear no more the reader missed
// ("Keine SMS mehr bitte") is one tap, behind another, for the owner.
import { describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/domain/password.js';
import { messageSid, ownerClient, postTwilio, scenario, startApp, twimlMessage } from '../helpers.js';

/** `phone`: the customer's number in the till, which the reply comes from. */
async function ownerReading(body: string, phone = '+31613572468') {
  const s = await scenario({ customer: { name: 'Sanne de Vries', phone, email: 'sanne@example.com', consent: { sms: true, email: true } } });
  const at = Date.parse('2026-03-15T10:00:00+01:00');
  await s.tick('2026-03-15T10:00:00+01:00');
  await postTwilio(s.base, '/v1/twilio/inbound', { MessageSid: messageSid(), From: phone, To: '+15005550006', Body: body });
  await s.store.sessions.setPassword(s.shop.shop.id, await hashPassword('correct horse battery'));
  const owner = ownerClient(await startApp(s.store, () => at + 60_000));
  await owner.logIn('fietsenmaker', 'correct horse battery');
  const card = async (reading: string) => new RegExp(`<article class="reply ${reading}"[\\s\\S]*?</article>`).exec(await (await owner.get('/shops/fietsenmaker')).text())?.[0] ?? '';
  return { s, owner, card };
}

async function cardAbout(body: string, reading: string): Promise<string> {
  const card = await (await ownerReading(body)).card(reading);
  expect(card).toContain(body);
  return card;
}

describe("the owner's reply card", () => {
  it.each([
    ['Stop met die spam, de jas lekt trouwens ook', true],
    ['Ik heb het niet nodig hij is kapot', false],
    ['De jas lekt', false],
  ])('%j: says whether the customer wants no more texts', async (body, stopped) => {
    expect((await cardAbout(body, 'problem')).includes('wil geen sms meer')).toBe(stopped);
  });

  it.each([
    ['La veste est déchirée', 'other', true],
    ['Hmm, weet het nog niet', 'other', false],
    // not reading Dutch, a question (the explorer's of 7 December): tagged only where neither Dutch nor English
    ['Ich spreche kein Niederländisch', 'question', true], ['Sorry, I only speak English', 'question', false],
  ])('%j: says whether it is in a language nextdeal does not read', async (body, reading, foreign) => {
    expect((await cardAbout(body, reading)).includes('andere taal of dialect')).toBe(foreign);
  });

  it('stops every message to a customer whose request to hear no more the reader missed, when the owner says so', async () => {
    const { s, owner, card } = await ownerReading('Non voglio più messaggi');
    const before = await card('other');
    expect(before).toContain('Wil geen berichten meer?');
    expect(before).toContain('nextdeal stuurt Sanne de Vries dan niets meer: geen sms en geen e-mail. Wat nog gepland stond, vervalt. Terugdraaien kan hier niet: alleen de klant zelf zet de sms weer aan, met START; vraagt de klant het jou, dan zet wie nextdeal beheert het terug.');
    const action = /action="([^"]+\/opt-out[^"]*)"/.exec(before)![1]!.replaceAll('&amp;', '&');
    const res = await owner.post(action, { _csrf: owner.csrfIn(before) });
    expect(res.status).toBe(303);
    const customer = await s.one<{ sms: number | null; email: number | null }>('SELECT sms_opted_out_at AS sms, email_opted_out_at AS email FROM customers');
    expect(customer.sms).not.toBeNull();
    expect(customer.email).not.toBeNull();
    expect(await s.all("SELECT channel, given, source FROM consent_events WHERE source = 'owner' ORDER BY channel")).toEqual([
      { channel: 'email', given: 0, source: 'owner' }, { channel: 'sms', given: 0, source: 'owner' },
    ]);
    expect(await s.one("SELECT status FROM messages WHERE kind = 'comeback'")).toEqual({ status: 'cancelled' });
    const after = await card('other');
    expect(after).toContain('wil geen berichten meer');
    expect(after).not.toContain('Wil geen berichten meer?');
  });

  // The erasure stops both channels, as a request would: the card said the customer "wants no more messages", a wish
  // they never made.
  it("says of an erased customer's reply that their details were erased, not that they want no more", async () => {
    const { s, owner } = await ownerReading('De jas lekt');
    await s.store.privacy.erase([(await s.one<{ id: number }>('SELECT id FROM customers')).id], 'request', Date.parse('2026-03-15T10:00:30+01:00'));
    const erased = /<article class="reply [\s\S]*?<\/article>/.exec(await (await owner.get('/shops/fietsenmaker/replies')).text())?.[0] ?? '';
    expect(erased).toContain('gegevens gewist');
    expect(erased).not.toContain('wil geen');
    // Nor the sale it answered: the till's id, its time and its goods lead back to who it was (the privacy review).
    expect(erased).not.toContain('Regenjas');
    const rows = (await (await owner.get('/shops/fietsenmaker/replies.csv')).text()).trim().split('\r\n').slice(1);
    expect(rows).toHaveLength(1);
    expect(rows[0]).not.toMatch(/sale-1|Regenjas|2026-03-14 15:30/);
  });

  // Its erasure handled it: "Terug op de lijst" put it back as "Terugbellen (1)" with nobody to call (the privacy
  // review of 6 December).
  it("offers no way to put an erased customer's problem back on the list, and refuses one", async () => {
    const { s, owner } = await ownerReading('De jas lekt');
    const id = (await s.one<{ id: number }>('SELECT id FROM replies')).id;
    await s.store.privacy.erase([(await s.one<{ id: number }>('SELECT id FROM customers')).id], 'request', Date.parse('2026-03-15T10:00:30+01:00'));
    const page = await (await owner.get('/shops/fietsenmaker/replies')).text();
    expect(page).toContain('gegevens gewist');
    expect(page).not.toContain('/reopen');
    expect((await owner.post(`/shops/fietsenmaker/replies/${id}/reopen`, { _csrf: owner.csrfIn(page) })).status).toBe(404);
    expect(await (await owner.get('/shops/fietsenmaker')).text()).toContain('Terugbellen (0)');
  });

  // Another shop's reply on this shop's path: test/http/routes-auth.test.ts.
  it('refuses a reply id the shop does not have', async () => {
    const { owner, card } = await ownerReading('Non voglio più messaggi');
    const page = await card('other');
    expect((await owner.post('/shops/fietsenmaker/replies/999/opt-out', { _csrf: owner.csrfIn(page) })).status).toBe(404);
  });
});

// The alert said what a wrong number or an unwanted reply means; the card showed only "Probleem" and the words, and with
// no mail server the page is all the owner has (the review of customer replies).
describe('what a wrong number or an unwanted reply means, on the card', () => {
  it.each([['verkeerd nummer'], ['wrong number'], ['I never bought anything from you']])('%j: says which number was wrong, that it is taken off, and to put the right one in the till', async (body) => {
    const card = await cardAbout(body, 'problem');
    expect(card).toContain('Verkeerd nummer: wie 06 13572468 heeft, schreef dat het bericht niet voor hen was. Dat nummer is eraf gehaald en krijgt geen sms meer. Zet het juiste nummer in de kassa.');
  });

  it('says so in English in an English shop', async () => {
    const { s, card } = await ownerReading('verkeerd nummer');
    await s.store.shops.update('fietsenmaker', { locale: 'en' });
    expect(await card('problem')).toContain('Wrong number: whoever has 06 13572468 wrote that the message was not for them. That number is taken off and gets no more texts. Put the right number in the till.');
  });

  it('"Ik heb nooit toestemming gegeven, verwijder mijn gegevens": says nothing more goes to them, and that their data must go within a month', async () => {
    const card = await cardAbout('Ik heb nooit toestemming gegeven, verwijder mijn gegevens', 'problem');
    expect(card).toContain('Er gaat niets meer naartoe.');
    // She asked: owed, not "if", as the alert says.
    expect(card).toContain('De gegevens moeten binnen een maand weg (AVG): vraag wie nextdeal beheert ze te wissen met customer erase.');
    expect(card).not.toContain('Moeten de gegevens weg');
    expect(await cardAbout('Dit is spam', 'problem')).toContain('Moeten de gegevens weg, dan binnen een maand (AVG)');
  });

  it('"Dit is niet mijn e-mailadres" on the reply page: says which address was wrong and to put the right one in the till', async () => {
    const s = await scenario({ customer: { name: 'Sanne de Vries', email: 'sanne@example.com', consent: { email: true } } });
    await s.tick('2026-03-15T10:00:00+01:00');
    const link = s.base + /\/r\/[\w-]+/.exec(s.email.sent[0]!.text)![0];
    await fetch(link, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ comment: 'Dit is niet mijn e-mailadres' }).toString() });
    await s.store.sessions.setPassword(s.shop.shop.id, await hashPassword('correct horse battery'));
    const owner = ownerClient(await startApp(s.store, () => Date.parse('2026-03-15T10:05:00+01:00')));
    await owner.logIn('fietsenmaker', 'correct horse battery');
    const card = /<article class="reply problem"[\s\S]*?<\/article>/.exec(await (await owner.get('/shops/fietsenmaker')).text())?.[0] ?? '';
    expect(card).toContain('Verkeerd e-mailadres: wie sanne@example.com heeft, schreef dat de e-mail niet voor hen was. Dat adres is eraf gehaald en krijgt geen e-mail meer. Zet het juiste adres in de kassa.');
    expect(card).not.toContain('mailto:'); // the owner's answer must not go to the stranger
  });

  it('"De jas lekt": a plain problem says none of this', async () => {
    expect(await cardAbout('De jas lekt', 'problem')).not.toContain('data-what-it-means');
  });
});

// "Bel me even terug op 0687654321": the alert's "Bellen:" and the card's button gave the number on file; an e-mail
// customer who wrote a number got a mailto button and no call line (the review of customer replies).
describe('a number the customer gives to call them on', () => {
  const alertFor = async (s: Awaited<ReturnType<typeof scenario>>) => {
    await s.tick('2026-03-15T10:01:00+01:00');
    return s.email.sent.filter((m) => m.to === 'eigenaar@fietsenmaker.example').at(-1)!;
  };

  // A customer with no number, by e-mail, who answers "problem" on the reply page with these words: what the page then
  // says, and the reply's card on the owner's page.
  const onReplyPage = async (comment: string) => {
    const s = await scenario({ customer: { name: 'Sanne de Vries', email: 'sanne@example.com', consent: { email: true } } });
    await s.tick('2026-03-15T10:00:00+01:00');
    const link = s.base + /\/r\/[\w-]+/.exec(s.email.sent[0]!.text)![0];
    const thanks = await (await fetch(link, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ answer: 'problem', comment }).toString() })).text();
    await s.store.sessions.setPassword(s.shop.shop.id, await hashPassword('correct horse battery'));
    const owner = ownerClient(await startApp(s.store, () => Date.parse('2026-03-15T10:05:00+01:00')));
    await owner.logIn('fietsenmaker', 'correct horse battery');
    const card = /<article class="reply problem"[\s\S]*?<\/article>/.exec(await (await owner.get('/shops/fietsenmaker')).text())?.[0] ?? '';
    return { s, thanks, card };
  };

  // A number abroad is offered only in the country of the customer's own number in the till (the black-box review of
  // 5 December): a Belgian customer of a Dutch shop near the border may give another +32 one, or a Dutch one.
  it.each([
    ['Bel me even terug op 0687654321, de rits klemt', '+31613572468', '+31687654321', '06 87654321', '06 13572468'],
    ['Het is kapot, bel me op +32 470 12 34 56', '+32478000001', '+32470123456', '+32 470 12 34 56', '+32 478 00 00 01'],
    ['Het is kapot, bel me op 0687654321', '+32478000001', '+31687654321', '06 87654321', '+32 478 00 00 01'],
  ])('%j from %s: the card and the alert call that number first, the one on file beside it', async (body, onFile, given, dialled, dialledOnFile) => {
    const { s, card } = await ownerReading(body, onFile);
    const shown = await card('problem');
    expect(shown).toContain(`<a class="button" href="tel:${given}" aria-label="Bel ${dialled} (zelf opgegeven): Sanne de Vries">Bel ${dialled} (zelf opgegeven)</a>`);
    expect(shown).toContain(`<a class="button quiet" href="tel:${onFile}" aria-label="Bel ${dialledOnFile} (uit de kassa): Sanne de Vries">Bel ${dialledOnFile} (uit de kassa)</a>`);
    const alert = await alertFor(s);
    expect(alert.text).toContain(`Bellen: ${dialled} (zelf opgegeven); in de kassa: ${dialledOnFile}\n`);
    expect(alert.html).toContain(`href="tel:${given}"`);
  });

  // The owner's review of 6 December: "Bel me op 085 1234567" (a VoIP line, charged as a landline: many homes and small
  // businesses have one) gave no button, and the owner called the till's number, which the customer had said not to.
  it.each([
    ['Bel me op 085 1234567, de rits klemt', '+31851234567', '085 123 4567'],
    ['Bel me op 088 1234567, de rits klemt', '+31881234567', '088 123 4567'],
  ])('%j: the card and the alert offer that line, called at a normal rate', async (body, given, dialled) => {
    const { s, card } = await ownerReading(body);
    const shown = await card('problem');
    expect(shown).toContain(`<a class="button" href="tel:${given}" aria-label="Bel ${dialled} (zelf opgegeven): Sanne de Vries">Bel ${dialled} (zelf opgegeven)</a>`);
    expect(shown).toContain('<a class="button quiet" href="tel:+31613572468" aria-label="Bel 06 13572468 (uit de kassa): Sanne de Vries">Bel 06 13572468 (uit de kassa)</a>');
    const alert = await alertFor(s);
    expect(alert.text).toContain(`Bellen: ${dialled} (zelf opgegeven); in de kassa: 06 13572468\n`);
    expect(alert.html).toContain(`href="tel:${given}"`);
  });

  it('"Please call me on 07911 123456" in a British shop: read as a UK number', async () => {
    const { s, card } = await ownerReading('Please call me on 07911 123456, the zip is stuck');
    await s.store.shops.update('fietsenmaker', { country: 'GB', locale: 'en' });
    expect(await card('problem')).toContain('<a class="button" href="tel:+447911123456" aria-label="Call 07911 123456 (the number they gave): Sanne de Vries">Call 07911 123456 (the number they gave)</a>');
    expect((await alertFor(s)).text).toContain('Call: 07911 123456 (the number they gave); in the till: +31 6 13572468\n');
  });

  it('"Bel me op 0613572468 aub" on the e-mail\'s reply page from a customer with no number: a call line and button', async () => {
    const { s, thanks, card } = await onReplyPage('Bel me op 0613572468 aub');
    expect(thanks).toContain('Fietsenmaker Test belt je zo snel mogelijk.');
    expect(card).toContain('<a class="button" href="tel:+31613572468" aria-label="Bel 06 13572468 (zelf opgegeven): Sanne de Vries">Bel 06 13572468 (zelf opgegeven)</a>');
    const alert = await alertFor(s);
    expect(alert.text).toContain('Dit is het moment om terug te bellen.');
    expect(alert.text).toContain('Bellen: 06 13572468 (zelf opgegeven)\n');
  });

  // The open-internet review of 5 December: a paid line written in a reply (signed, as Twilio sends it) became the card's
  // green button and the alert's "Bellen:", with its tel: link. Only a mobile or a landline is offered; else the till's.
  it.each([
    ['De bel is kapot. Bel me even terug op 0906 1234567', '+319061234567'],
    ['Bel me op 0900 1234567, de rits klemt', '+319001234567'],
    ['Bel me op 084 1234567, de rits klemt', '+31841234567'],
    ['Bel me op 087 1234567, de rits klemt', '+31871234567'],
    ['Bel me op +44 909 879 0000, de rits klemt', '+449098790000'],
    ['Bel me op +1 900 234 5678, de rits klemt', '+19002345678'],
    ['Bel me op +882 16 1234567, de rits klemt', '+882161234567'],
    // The black-box review of 5 December: a number of any country became the card's main button and the alert's
    // "Bellen:"; a line abroad that looks like a mobile may share its price with whoever wrote it. Only one of the shop's
    // country, or of the country of the customer's own number in the till, is offered (a Dutch customer's here).
    ['Het is kapot, bel me terug op +239 981 2345', '+2399812345'],
    ['Het is kapot, bel me terug op +53 5 1234567', '+5351234567'],
    ['Het is kapot, bel me terug op +1 268 464 1234', '+12684641234'], // the call-back scam's code
    ['Het is kapot, bel me terug op +675 7012 3456', '+67570123456'],
    ['Het is kapot, bel me terug op +371 2012 3456', '+37120123456'],
  ])('%j: the card and the alert offer the number in the till, never that paid line', async (body, paid) => {
    const { s, card } = await ownerReading(body);
    const shown = await card('problem');
    expect(shown).toContain(body); // the owner still reads the words
    expect(shown).toContain('<a class="button" href="tel:+31613572468" aria-label="Bel 06 13572468: Sanne de Vries">Bel 06 13572468</a>');
    expect(shown).not.toContain('zelf opgegeven');
    expect(shown).not.toContain(`tel:${paid}`);
    const alert = await alertFor(s);
    expect(alert.text).toContain('Bellen: 06 13572468\n');
    expect(alert.text).not.toContain('zelf opgegeven');
    expect(alert.html).toContain('href="tel:+31613572468"');
    expect(alert.html).not.toContain(`tel:${paid}`);
  });

  it('"Bel me op 0906 1234567" on the e-mail\'s reply page from a customer with no number: no promise of a call, no call button', async () => {
    const { s, thanks, card } = await onReplyPage('Bel me op 0906 1234567 aub');
    expect(thanks).toContain('Fietsenmaker Test mailt je zo snel mogelijk.');
    expect(card).toContain('Bel me op 0906 1234567 aub');
    expect(card).not.toContain('tel:');
    expect(card).toContain('href="mailto:sanne@example.com"');
    const alert = await alertFor(s);
    expect(alert.text).not.toContain('Bellen:');
    expect(alert.html).not.toContain('tel:');
  });

  it('a number on file written again, or a date or an order number, changes nothing', async () => {
    for (const body of ['Bel me op 06 13572468, de rits klemt', 'De rits klemt sinds 14-03-2026, bon 123456789']) {
      const { s, card } = await ownerReading(body);
      const shown = await card('problem');
      expect(shown).toContain('<a class="button" href="tel:+31613572468" aria-label="Bel 06 13572468: Sanne de Vries">Bel 06 13572468</a>');
      expect(shown).not.toContain('zelf opgegeven');
      expect((await alertFor(s)).text).toContain('Bellen: 06 13572468\n');
    }
  });
});

// After STOP, "Oeps, dat was per ongeluk, ik wil de berichten wel blijven krijgen" got no answer, and the owner's card
// did not say how the customer gets the messages again (the review of customer replies). nextdeal texts nothing back
// after a stop; the card tells the owner that the customer sends START.
describe('words by SMS after a STOP', () => {
  const cards = async (owner: ReturnType<typeof ownerClient>) => (await (await owner.get('/shops/fietsenmaker/replies')).text()).match(/<article class="reply [\s\S]*?<\/article>/g) ?? [];

  it('"Oeps, dat was per ongeluk": no text back, and the card says the customer can send START', async () => {
    const { s, owner } = await ownerReading('STOP');
    s.clock.set('2026-03-15T10:00:30+01:00');
    const res = await postTwilio(s.base, '/v1/twilio/inbound', { MessageSid: messageSid(), From: '+31613572468', To: '+15005550006', Body: 'Oeps, dat was per ongeluk, ik wil de berichten wel blijven krijgen' });
    expect(twimlMessage(res.text)).toBeNull();
    const [oops, stop] = await cards(owner);
    expect(oops).toContain('Oeps, dat was per ongeluk');
    expect(oops).toContain('Eerder afgemeld voor sms. Wil de klant de berichten toch weer krijgen? Dan stuurt die START naar het nummer van de winkel.');
    expect(stop).not.toContain('START naar het nummer');
    await s.tick('2026-03-15T10:01:00+01:00');
    const alert = s.email.sent.filter((m) => m.to === 'eigenaar@fietsenmaker.example').at(-1)!;
    expect(alert.text).toContain('Oeps, dat was per ongeluk');
    expect(alert.text).toContain('Eerder afgemeld voor sms. Wil de klant de berichten toch weer krijgen? Dan stuurt die START naar het nummer van de winkel.');
    expect(alert.text).not.toContain('wil verder geen berichten meer');
  });

  it('says nothing of START beside the stop itself ("Stop met die spam, de jas lekt trouwens ook"), nor to a subscribed customer', async () => {
    for (const body of ['Stop met die spam, de jas lekt trouwens ook', 'De jas lekt']) {
      const { owner } = await ownerReading(body);
      for (const card of await cards(owner)) expect(card).not.toContain('START naar het nummer');
    }
  });
});

// The review of the owner's day: "Ja graag, kan ik volgende week dinsdag komen?" answered the come-back invitation, and
// neither the card nor the alert said what it said yes to.
describe('a reply to the come-back invitation', () => {
  it('is said to answer the invitation, on the card and in the alert; a reply to the check-in is not', async () => {
    const s = await scenario({ customer: { name: 'Sanne de Vries', phone: '+31613572468', consent: { sms: true } } });
    await s.tick('2026-03-15T10:00:00+01:00');
    await postTwilio(s.base, '/v1/twilio/inbound', { MessageSid: messageSid(), From: '+31613572468', To: '+15005550006', Body: 'Top, dank je wel' });
    await s.tick('2026-04-13T10:00:00+02:00');
    expect(await s.one("SELECT status FROM messages WHERE kind = 'comeback'")).toEqual({ status: 'sent' });
    await postTwilio(s.base, '/v1/twilio/inbound', { MessageSid: messageSid(), From: '+31613572468', To: '+15005550006', Body: 'Ja graag, kan ik volgende week dinsdag komen?' });
    await s.tick('2026-04-13T10:01:00+02:00');
    const alerts = s.email.sent.filter((m) => m.to === 'eigenaar@fietsenmaker.example');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.text).toContain('Dit antwoord kwam na de uitnodiging om terug te komen.');
    expect(alerts[0]!.html).toContain('Dit antwoord kwam na de uitnodiging om terug te komen.');
    await s.store.sessions.setPassword(s.shop.shop.id, await hashPassword('correct horse battery'));
    const owner = ownerClient(await startApp(s.store, () => Date.parse('2026-04-13T10:05:00+02:00')));
    await owner.logIn('fietsenmaker', 'correct horse battery');
    const page = await (await owner.get('/shops/fietsenmaker/replies?reading=all')).text();
    const cards = [...page.matchAll(/<article class="reply [\s\S]*?<\/article>/g)].map((m) => m[0]);
    expect(cards.find((c) => c.includes('dinsdag komen'))).toContain('Kwam na de uitnodiging om terug te komen.');
    expect(cards.find((c) => c.includes('Top, dank je wel'))).not.toContain('uitnodiging om terug te komen');
  });
});
