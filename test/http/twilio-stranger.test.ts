// Words to a shop's own number from a phone no customer of the shop has: an erased customer writing again, a number
// the till never had, anyone the shop gave its number to. Before, they were logged and dropped (only a STOP or START
// was kept), and the owner, who cannot read that number anywhere else, never heard of "de reparatie is weer kapot". They
// are now a reply of a row made for the phone (no name, no consent, no sale): on the call-back list, and alerting.
import { describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/domain/password.js';
import { messageSid, ownerClient, postTwilio, saleBody, scenario, twimlMessage } from '../helpers.js';

const OWN = '+3197014204768';
const SHARED = '+15005550006';
const EVA = '+31622334455';
const SANNE = '+31613572468';

/** The bike shop texts from its own number; Sanne bought a rain jacket on 14 March. Now it is 16:00 that day. */
async function ownNumber() {
  const s = await scenario();
  await s.store.shops.update('fietsenmaker', { smsFrom: OWN });
  s.clock.set('2026-03-14T16:00:00+01:00');
  const text = async (From: string, Body: string, MessageSid = messageSid(), To = OWN) => {
    const res = await postTwilio(s.base, '/v1/twilio/inbound', { MessageSid, From, To, Body });
    expect(res.status).toBe(200);
    return twimlMessage(res.text);
  };
  const shop = async () => (await s.store.shops.bySlug('fietsenmaker'))!;
  const rows = (phone: string) => s.all('SELECT id, name, sms_consent, email_consent, first_day, period_id FROM customers WHERE phone = ?', phone);
  const replies = (phone: string) => s.all(`SELECT r.customer_id, r.message_id, r.sale_id, r.class, r.body FROM replies r
    JOIN customers c ON c.id = r.customer_id WHERE c.phone = ? ORDER BY r.id`, phone);
  return { ...s, text, shop, rows, replies };
}

describe('a text to the shop’s own number from a phone no customer of it has', () => {
  it('reaches the owner: a row for the phone with no consent, the reply on the call-back list, an alert, no answer', async () => {
    const s = await ownNumber();
    expect(await s.text(EVA, 'Mijn fiets is weer kapot, bel me')).toBeNull();
    const [row] = await s.rows(EVA);
    expect(row).toMatchObject({ name: null, sms_consent: 0, email_consent: 0, first_day: null, period_id: null });
    expect(await s.replies(EVA)).toEqual([{ customer_id: row!.id, message_id: null, sale_id: null, class: 'problem', body: 'Mijn fiets is weer kapot, bel me' }]);
    const open = await s.store.replies.open((await s.shop()).id);
    expect(open.map((r) => [r.phone, r.class, r.customerName, r.items, r.reason])).toEqual([[EVA, 'problem', null, null, null]]);

    await s.tick('2026-03-14T16:01:00+01:00');
    // Not "een klant": anyone may have that phone, or it is spam (frv45d).
    expect(s.email.sent.map((m) => m.subject)).toEqual(['Sms van een onbekend nummer: probleem']);
    const alert = s.email.sent[0]!.text;
    expect(alert).toContain('Iemand die (nog) geen klant is in nextdeal (een nieuw nummer, of een gewiste klant) stuurde de winkel een sms.');
    expect(alert).toContain('lees het zelf, en bel terug als het klopt');
    expect(alert).not.toMatch(/Een klant|heeft een probleem/);
    expect(alert).toContain('Bellen: 06 22334455');
    expect(alert).not.toContain('Gekocht');
    expect(s.sms.sent).toEqual([]); // nothing to her at all

    // Her second text: the same row, answered neither; the first redelivered: nothing new.
    expect(await s.text(EVA, 'Hallo? Ik hoor niks')).toBeNull();
    const sid = messageSid();
    expect(await s.text(EVA, 'Graag vandaag nog', sid)).toBeNull();
    expect(await s.text(EVA, 'Graag vandaag nog', sid)).toBeNull();
    expect(await s.rows(EVA)).toHaveLength(1);
    expect((await s.replies(EVA)).map((r) => r.body)).toEqual(['Mijn fiets is weer kapot, bel me', 'Hallo? Ik hoor niks', 'Graag vandaag nog']);
    // Nothing is sent to her by the dispatcher, then or later: no sale, no consent.
    await s.tick('2026-03-15T10:00:00+01:00');
    await s.tick('2026-05-30T10:00:00+02:00');
    expect(s.sms.sent.map((m) => m.to)).toEqual([SANNE]);
    // Nor is anything she sends later thanked as an answer to a message she never had.
    expect(await s.text(EVA, '')).toBeNull();
  });

  it('makes one row of two texts that come at once', async () => {
    const s = await ownNumber();
    expect(await Promise.all([s.text(EVA, 'De ketting is eraf'), s.text(EVA, 'En de bel doet het ook niet')])).toEqual([null, null]);
    expect(await s.rows(EVA)).toHaveLength(1);
    expect(await s.replies(EVA)).toHaveLength(2);
  });

  it('answers nothing: not a problem, a question, thanks, spam, a parcel notice or an auto-responder', async () => {
    const s = await ownNumber();
    await s.store.shops.update('fietsenmaker', { alertEmail: null });
    expect(await s.text(EVA, 'Mijn fiets is weer kapot')).toBeNull();
    await s.store.shops.update('fietsenmaker', { alertEmail: 'eigenaar@fietsenmaker.example' });
    expect(await s.text('+31622334466', 'Zijn jullie zaterdag open?')).toBeNull();
    expect(await s.text('+31622334477', 'Top, dank je wel!')).toBeNull();
    // Machines and senders the shop never heard of (frv45d): each on the owner's list, none answered.
    for (const [phone, words] of [
      ['+3197010203040', 'Er is een poging gedaan om in te loggen op uw account. Was u dit niet? Bel ons direct.'],
      ['+3197010203041', 'PostNL: uw zending wordt vandaag bezorgd tussen 14:00 en 16:00'],
      ['+3197010203042', 'Uw verificatiecode is 483920. Deel deze code met niemand.'],
      ['+3197010203043', 'Bedankt voor je bericht! We nemen zo snel mogelijk contact op.'],
      ['+3197010203044', 'Dit is een automatisch bericht. Reageren is niet mogelijk.'],
    ]) expect(await s.text(phone!, words!)).toBeNull();
    expect(s.sms.sent).toEqual([]);
    // "Verkeerd nummer": no row's number to take off, and nobody to apologise to: words the owner sees, no alert.
    expect(await s.text('+31622334488', 'Verkeerd nummer')).toBeNull();
    expect(await s.one("SELECT r.class FROM replies r JOIN customers c ON c.id = r.customer_id WHERE c.phone = '+31622334488'")).toEqual({ class: 'other' });
    // "Dit is spam": she was never texted, so the alert names no consent in the till to put right.
    expect(await s.text('+31622334433', 'Dit is spam')).toBeNull();
    await s.tick('2026-03-14T16:01:00+01:00');
    const spam = s.email.sent.find((m) => m.text.includes('Dit is spam'))!;
    expect(spam.subject).toBe('Sms van een onbekend nummer: wil geen berichten');
    expect(spam.text).not.toMatch(/Klopt de toestemming|klant wil/);
    // Beside a stop: on the list, the row's SMS stopped, nothing back.
    expect(await s.text('+31622334499', 'Geen sms meer, mijn band is lek')).toBeNull();
    expect(await s.one("SELECT c.sms_opted_out_at IS NOT NULL AS stopped, r.class FROM replies r JOIN customers c ON c.id = r.customer_id WHERE c.phone = '+31622334499'"))
      .toEqual({ stopped: s.store.db.engine === 'postgres' ? true : 1, class: 'problem' });
    // A photo with no words is on the list, as a customer's; an empty SMS is kept nowhere.
    const photo = await postTwilio(s.base, '/v1/twilio/inbound', { MessageSid: messageSid(), From: '+31622334411', To: OWN, Body: '', NumMedia: '1' });
    expect(twimlMessage(photo.text)).toBeNull();
    expect(await s.replies('+31622334411')).toMatchObject([{ class: 'other', body: '' }]);
    expect(await s.text('+31622334422', '')).toBeNull();
    expect(await s.rows('+31622334422')).toEqual([]);
    // A bare STOP or START is the number's, as before: no row.
    expect(await s.text('+31622334400', 'STOP')).toBeNull();
    expect(await s.rows('+31622334400')).toEqual([]);
  });

  it('leaves its stops and words out of the overview\'s check-in figures, beside "0 sent"; they stay on the call-back list', async () => {
    const s = await ownNumber();
    await s.text('+31622334499', 'Geen sms meer, mijn band is lek');
    await s.text('+31622334488', 'Dit is spam');
    await s.text(EVA, 'Mijn fiets is weer kapot, bel me');
    await s.text(EVA, 'STOP');
    const shop = await s.shop();
    const figures = () => s.store.figures.checkins(shop.id, Date.parse('2026-03-01T00:00:00+01:00'), Date.parse('2026-04-01T00:00:00+02:00'));
    expect(await figures()).toMatchObject({ replies: [], optOuts: [] });
    expect((await s.store.replies.open(shop.id)).map((r) => r.phone).sort()).toEqual([EVA, '+31622334488', '+31622334499']);
    // Sanne, who bought something, counts as before.
    await s.text(SANNE, 'STOP');
    expect(await figures()).toMatchObject({ replies: [{ channel: 'sms', class: 'opt_out', n: 1 }], optOuts: [{ channel: 'sms', n: 1 }] });
  });

  // A till's sale that finds the row later (customerFromText) makes her a customer from then on: the months before it
  // keep the figures they showed, without her words and stop beside their "0 sent" (frv45g).
  it('a later sale of hers leaves the overview of the months before it as it was', async () => {
    const s = await ownNumber();
    await s.text(EVA, 'Mijn fiets is weer kapot, bel me');
    await s.text(EVA, 'STOP');
    const shop = await s.shop();
    const march = () => s.store.figures.checkins(shop.id, Date.parse('2026-03-01T00:00:00+01:00'), Date.parse('2026-04-01T00:00:00+02:00'));
    expect(await march()).toMatchObject({ replies: [], optOuts: [] });
    s.clock.set('2026-04-10T11:00:00+02:00');
    await s.post(saleBody({ id: 'sale-2', occurredAt: '2026-04-10T11:00:00+02:00', customer: { name: 'Eva', phone: '06 22334455' } }));
    expect(await march()).toMatchObject({ replies: [], optOuts: [] });
  });

  // Her STOP before (kept past an erasure, or bare from the row a text made): the alert and the card do not tell the
  // owner that "de klant" can get "de berichten" back with START: she may never have had one (frv45g).
  it('after her STOP, the alert and card of her words say she stopped, not that "de klant" gets the messages back', async () => {
    const s = await ownNumber();
    await s.text(EVA, 'Hebben jullie nog regenjassen?');
    // (Handled: while it is open, her later words alert the owner no more: test/http/twilio-stranger-alerts.test.ts.)
    const [asked] = await s.store.replies.open((await s.shop()).id);
    expect(await s.store.replies.handle(await s.shop(), asked!.id, s.clock.now())).toBe('handled');
    s.clock.set('2026-03-14T16:05:00+01:00');
    await s.text(EVA, 'STOP');
    s.clock.set('2026-03-14T16:10:00+01:00');
    await s.text(EVA, 'Mijn fiets is weer kapot, bel me');
    await s.tick('2026-03-14T16:20:00+01:00');
    const alert = s.email.sent.find((m) => m.text.includes('Mijn fiets is weer kapot'))!;
    expect(alert.text).toContain('Afgemeld: wil verder geen berichten meer');
    expect(alert.text).not.toMatch(/Wil de klant de berichten toch weer krijgen/);
    await s.store.sessions.setPassword((await s.shop()).id, await hashPassword('correct horse battery'));
    const owner = ownerClient(s.base);
    await owner.logIn('fietsenmaker', 'correct horse battery');
    const page = await (await owner.get('/shops/fietsenmaker/replies?reading=open')).text();
    expect(page).toContain('Mijn fiets is weer kapot');
    expect(page).not.toContain('Wil de klant de berichten toch weer krijgen');
  });

  // As a stranger's STOP did before such words made a row (frv45d: only the row stopped): the number's own stop, which
  // holds for any shop that texts from it later, and the confirmation a phone a join code went to had. (The shop's own
  // join page sends her no code either way: her row's stop, and after its erasure the stop kept for her phone.)
  it('stops the number too with a stop beside words, confirmed only when a join code went to the phone from it', async () => {
    const s = await ownNumber();
    const stopped = async () => Number((await s.one<{ n: number }>('SELECT count(*) AS n FROM stopped_numbers'))!.n);
    expect(await s.text('+31622334499', 'Geen sms meer, mijn band is lek')).toBeNull();
    expect(await stopped()).toBe(1);
    const join = async () => {
      const body = new URLSearchParams({ phone: '06 22334455', sms: 'yes' }).toString();
      await fetch(`${s.base}/shops/fietsenmaker/join`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
      await s.tick(new Date(s.clock.now() + 10 * 60_000).toISOString());
      return s.sms.sent.filter((m) => m.to === EVA && / je code is /.test(m.body)).length;
    };
    expect(await join()).toBe(1);
    const sid = messageSid();
    expect(await s.text(EVA, 'Geen sms meer, de bel is kapot', sid)).toMatch(/^Je bent afgemeld/);
    expect(await s.text(EVA, 'Geen sms meer, de bel is kapot', sid)).toBeNull(); // delivered again: said once
    expect(await stopped()).toBe(2);
    expect((await s.replies(EVA)).map((r) => r.class)).toEqual(['problem']);
    // Her row erased, the number's stop holds: no code to her from the join page.
    const shop = await s.shop();
    await s.store.privacy.erase(await s.store.privacy.matching(shop.id, { phone: EVA }), 'request', s.clock.now());
    s.clock.set('2026-03-15T10:00:00+01:00');
    expect(await join()).toBe(1);
  });

  it('changes nothing on the shared TWILIO_FROM, nor on a number several shops text from', async () => {
    const s = await ownNumber();
    await s.store.shops.update('fietsenmaker', { smsFrom: null });
    expect(await s.text(EVA, 'Mijn fiets is weer kapot, bel me', messageSid(), SHARED)).toBeNull();
    await s.store.shops.create({ slug: 'bakker', name: 'Bakker Jansen', timezone: 'Europe/Amsterdam', country: 'NL', locale: 'nl', holdout: 0 }, Date.now());
    await s.store.shops.update('fietsenmaker', { smsFrom: OWN });
    await s.store.shops.update('bakker', { smsFrom: OWN });
    expect(await s.text(EVA, 'Mijn fiets is weer kapot, bel me')).toBeNull();
    expect(await s.all('SELECT phone FROM customers ORDER BY id')).toEqual([{ phone: SANNE }]);
    expect(await s.all('SELECT id FROM replies')).toEqual([]);
  });

  it('an erased customer writing again reaches the owner, and is texted nothing; her STOP from before still holds', async () => {
    const s = await ownNumber();
    expect(await s.text(SANNE, 'STOP')).toContain('Je bent afgemeld');
    const shop = await s.shop();
    await s.store.privacy.erase(await s.store.privacy.matching(shop.id, { phone: SANNE }), 'request', s.clock.now());
    expect(await s.text(SANNE, 'De reparatie is weer kapot, bel me')).toBeNull(); // she said STOP: nothing texted back
    expect((await s.store.replies.open(shop.id)).map((r) => [r.phone, r.class])).toEqual([[SANNE, 'problem']]);
    await s.tick('2026-03-14T16:01:00+01:00');
    expect(s.email.sent.map((m) => m.subject)).toEqual(['Sms van een onbekend nummer: probleem']);
    // The till's next sale with her number and consent finds the row, and her STOP holds for it.
    s.clock.set('2026-03-20T11:00:00+01:00');
    const sale = await s.post(saleBody({ id: 'sale-2', occurredAt: '2026-03-20T11:00:00+01:00', customer: { name: 'Sanne', phone: '06 13572468', consent: { sms: true } } }));
    expect(sale.body.skipped).toEqual([{ kind: 'checkin', reason: 'opted_out' }, { kind: 'comeback', reason: 'opted_out' }]);
    expect(await s.all('SELECT id FROM customers WHERE phone = ?', SANNE)).toHaveLength(1);
    await s.tick('2026-06-30T10:00:00+02:00');
    expect(s.sms.sent).toEqual([]);
  });

  it('the retention purge the next day leaves the row and its reply; customer erase of the phone erases them', async () => {
    const s = await ownNumber();
    await s.text(EVA, 'Mijn fiets is weer kapot, bel me');
    const shop = await s.shop();
    // The purge of 1 April (24 months), and one that falls due the day after she wrote.
    expect(await s.store.privacy.purge(Date.parse('2024-04-01T00:00:00+02:00'), Date.parse('2026-04-01T03:30:00+02:00'))).toMatchObject({ customers: 0 });
    expect(await s.store.privacy.purge(Date.parse('2024-03-15T00:00:00+01:00'), Date.parse('2026-03-15T03:30:00+01:00'))).toMatchObject({ customers: 0 });
    expect(await s.rows(EVA)).toHaveLength(1);
    expect(await s.replies(EVA)).toHaveLength(1);
    // Once she has been silent and bought nothing for as long as the shop keeps customers, she goes as any (and Sanne).
    expect(await s.store.privacy.purge(Date.parse('2026-03-15T00:00:00+01:00'), Date.parse('2028-03-15T03:30:00+01:00'))).toMatchObject({ customers: 2, replies: 1 });
    expect(await s.rows(EVA)).toEqual([]);

    await s.text('+31622334466', 'Bel me even terug');
    const ids = await s.store.privacy.matching(shop.id, { phone: '+31622334466' });
    expect(ids).toHaveLength(1);
    expect(await s.store.privacy.erase(ids, 'request', s.clock.now())).toMatchObject({ customers: 1, replies: 1 });
    expect(await s.one('SELECT phone, erased_at IS NOT NULL AS erased FROM customers WHERE id = ?', ids[0])).toEqual({ phone: null, erased: s.store.db.engine === 'postgres' ? true : 1 });
    expect(await s.all('SELECT body FROM replies WHERE customer_id = ?', ids[0])).toEqual([{ body: null }]);
    expect(await s.store.replies.open(shop.id)).toEqual([]);

    // One who wrote again since is kept for as long from her last words: her complaint of last week stays on the list.
    await s.text('+31622334477', 'Mijn fiets is weer kapot');
    s.clock.set('2028-03-25T10:00:00+01:00');
    await s.text('+31622334477', 'Hij is alweer kapot, bel me');
    expect(await s.store.privacy.purge(Date.parse('2026-04-01T00:00:00+02:00'), Date.parse('2028-04-01T03:30:00+02:00'))).toMatchObject({ customers: 0 });
    expect((await s.store.replies.open(shop.id)).map((r) => r.body)).toEqual(['Hij is alweer kapot, bel me', 'Mijn fiets is weer kapot']);
  });

  it('a later till sale with the phone finds the row: one customer, with the till’s consent, texted as any', async () => {
    const s = await ownNumber();
    await s.text(EVA, 'Hebben jullie nog regenjassen?');
    const [row] = await s.rows(EVA);
    s.clock.set('2026-03-16T11:00:00+01:00');
    const sale = await s.post(saleBody({ id: 'sale-2', occurredAt: '2026-03-16T11:00:00+01:00', customer: { name: 'Eva', phone: '06 22334455', consent: { sms: true } } }));
    expect(sale.status).toBe(201);
    expect(await s.rows(EVA)).toEqual([{ ...row, name: 'Eva', sms_consent: 1, first_day: expect.any(Number) }]);
    await s.tick('2026-03-17T10:00:00+01:00');
    expect(s.sms.sent.filter((m) => m.to === EVA)).toHaveLength(1);
    // Her words now answer that check-in, as any customer's.
    expect(await s.text(EVA, 'Top!')).toBe('Dank je wel voor je reactie! Groet, Fietsenmaker Test');
  });

  // Her START is her own yes, as any customer's (frv45d): nothing goes on it by itself, and a till sale that names no
  // consent keeps it (sales.ts: a consent the sale does not mention stays as it was).
  it('START gives the row consent, sends nothing by itself, and a later till sale without a consent field texts her', async () => {
    const s = await ownNumber();
    await s.text(EVA, 'Hebben jullie nog regenjassen?');
    expect(await s.text(EVA, 'START')).toBeNull();
    expect(await s.rows(EVA)).toMatchObject([{ sms_consent: 1 }]);
    await s.tick('2026-03-15T10:00:00+01:00');
    await s.tick('2026-05-30T10:00:00+02:00');
    expect(s.sms.sent.map((m) => m.to)).toEqual([SANNE]);
    s.clock.set('2026-06-01T11:00:00+02:00');
    const sale = await s.post(saleBody({ id: 'sale-2', occurredAt: '2026-06-01T11:00:00+02:00', customer: { name: 'Eva', phone: '06 22334455' } }));
    expect(sale.body.scheduled.map((m: { kind: string }) => m.kind)).toContain('checkin');
    await s.tick('2026-06-02T12:00:00+02:00');
    expect(s.sms.sent.filter((m) => m.to === EVA)).toHaveLength(1);
  });

  // A till that sends its sales late: her consent at the counter, given before she texted, is hers all the same.
  it('a till sale made before the text and posted after it gives the row the consent given at the counter', async () => {
    const s = await ownNumber();
    await s.text(EVA, 'Ik ben mijn bon vergeten, kan ik die nog krijgen?');
    s.clock.set('2026-03-14T18:00:00+01:00');
    const sale = await s.post(saleBody({ id: 'sale-2', occurredAt: '2026-03-14T15:45:00+01:00', customer: { name: 'Eva', phone: '06 22334455', consent: { sms: true } } }));
    expect(sale.body.scheduled.map((m: { kind: string }) => m.kind)).toContain('checkin');
    expect(await s.rows(EVA)).toMatchObject([{ name: 'Eva', sms_consent: 1 }]);
  });

  it('shows the owner a card with the phone to call and no purchase, in Dutch and in English', async () => {
    const s = await ownNumber();
    await s.text(EVA, 'Mijn fiets is weer kapot, bel me');
    await s.store.sessions.setPassword((await s.shop()).id, await hashPassword('correct horse battery'));
    const owner = ownerClient(s.base);
    await owner.logIn('fietsenmaker', 'correct horse battery');
    const card = async () => {
      const page = await (await owner.get('/shops/fietsenmaker/replies?reading=open')).text();
      const start = page.indexOf('<article class="reply');
      return page.slice(start, page.indexOf('</article>', start));
    };
    const nl = await card();
    expect(nl).toContain('href="tel:+31622334455"');
    expect(nl).toContain('Bel 06 22334455');
    expect(nl).toContain('Mijn fiets is weer kapot, bel me');
    expect(nl).not.toMatch(/Gekocht|Waarom/);
    // Found by the message log's search, said for what it is, in words true also of a row a sale moved off: no purchase.
    const found = async () => (await (await owner.get('/shops/fietsenmaker/messages?q=22334455')).text()).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    expect(await found()).toContain('? 06 22334455 Kocht (nog) niets: krijgt geen berichten.');
    await s.store.shops.update('fietsenmaker', { locale: 'en' });
    const en = await card();
    expect(en).toContain('href="tel:+31622334455"');
    expect(en).not.toMatch(/Bought|Why/);
    expect(await found()).toContain('06 22334455 Has bought nothing (yet): gets no messages.');
    await s.text('+31622334466', 'My bike broke again, call me');
    await s.tick('2026-03-14T16:01:00+01:00');
    expect(s.email.sent.map((m) => m.subject).sort()).toEqual(['A text from an unknown number: a problem', 'A text from an unknown number: a problem']);
    expect(s.email.sent.map((m) => m.text).join('\n')).not.toMatch(/Bought|Why:|A customer/);
  });
});
