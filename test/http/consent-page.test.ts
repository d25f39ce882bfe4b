import { describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/domain/password.js';
import { sign } from '../../src/http/signature.js';
import { createStore } from '../../src/db/store.js';
import type { Delivering } from '../../src/domain/plan.js';
import { autofocused, fieldOf, titleOf } from './a11y.js';
import { PUBLIC_URL, type TestStore, all, createShop, one, ownerClient, postSale, saleBody, startApp, testClock, testDatabase, testDispatcher, testStore, value } from '../helpers.js';

async function setup(over: Record<string, unknown> = {}) {
  const store = await testStore();
  const clock = testClock('2026-03-14T15:31:00+01:00');
  const { shop, webhookSecret } = await createShop(store);
  const base = await startApp(store, clock.now);
  // A till that knows no customer: a sale with only what was bought.
  const res = await postSale(base, 'fietsenmaker', webhookSecret, saleBody({ customer: null, reason: null, ...over }), clock.now());
  const url = res.body.consentUrl as string;
  const local = url.replace(PUBLIC_URL, base);
  const submit = (form: Record<string, string>, to = local) =>
    fetch(to, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() });
  const { dispatcher, sms, email } = testDispatcher(store);
  /** Sends what the form queued, and confirms it as its owner does: the texted code on the page, or the e-mailed link. */
  async function confirm(answer: Response): Promise<Response> {
    const page = await answer.text();
    await dispatcher.tick(clock.now());
    const token = /action="\/j\/([\w-]+)"/.exec(page)?.[1];
    if (token) return submit({ code: /\b(\d{6})\b/.exec(sms.sent.at(-1)!.body)![1]! }, `${base}/j/${token}`);
    return submit({}, /https:\/\/deals\.example\.test\/j\/[\w-]+/.exec(email.sent.at(-1)!.text)![0].replace(PUBLIC_URL, base));
  }
  return { store, clock, shop, webhookSecret, base, sale: res.body, url, local, submit, confirm, sms, email, dispatcher };
}

describe('the consent page for a sale without a customer', () => {
  it('is linked in the webhook answer with a short code that names nobody', async () => {
    const { sale, url } = await setup();
    expect(sale.customerId).toBeNull();
    expect(url).toMatch(/^https:\/\/deals\.example\.test\/c\/[a-z0-9]{10}$/);
  });

  it('asks for contact and consent, unticked, in the shop\'s language, on a phone-sized page', async () => {
    const { local } = await setup();
    const page = await (await fetch(local)).text();
    expect(page).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(page).toContain('Mobiel nummer');
    expect(page).toContain('Waarom heb je vandaag voor deze aankoop gekozen?');
    expect(page).not.toContain('checked');
    expect(page).not.toContain('Wat heb je gekocht?'); // the till said what was bought
  });

  // The words review: "Waarom heb je het vandaag gekozen?" with nothing on the page saying what "het" was, asked even
  // when the till had given the reason; and a title asking how the purchase was going, read at the counter.
  it('names the purchase above "why", asks why only when the till did not say, and asks in its title what the page asks', async () => {
    const shown = (page: string) => /<main>([\s\S]*)<\/main>/.exec(page)![1]!.replace(/<[^>]+>/g, ' ').replace(/&#39;/g, "'").replace(/&amp;/g, '&').replace(/\s+/g, ' ');
    const items = [{ name: 'Fietsslot & ketting', quantity: 1, unitPrice: 30 }, { name: 'Fietsbel', quantity: 1, unitPrice: 5 }];
    const { local } = await setup({ items, total: 35 });
    const page = await (await fetch(local)).text();
    expect(titleOf(page)).toBe('Mag Fietsenmaker Test je later vragen hoe het bevalt?');
    expect(shown(page)).toMatch(/Het gaat om wat je bij Fietsenmaker Test kocht: Fietsslot & ketting en meer\. .* Waarom heb je vandaag voor deze aankoop gekozen\? \(mag ook leeg blijven\)/);
    expect(page).not.toContain('Waarom heb je het vandaag gekozen');
    // The till gave the reason: not asked again (the check-in quotes the till's).
    const reasoned = await setup({ items, total: 35, reason: 'voor mijn fietstochten' });
    const asked = await (await fetch(reasoned.local)).text();
    expect(asked).toContain('Het gaat om wat je bij Fietsenmaker Test kocht: Fietsslot &amp; ketting en meer.');
    expect(asked).not.toMatch(/name="reason"|Waarom/);
    // In "u" and in English, the consent link and the join page alike.
    for (const [settings, title, why] of [
      [{ formal: 1 }, 'Mag Fietsenmaker Test u later vragen hoe het bevalt?', 'Waarom heeft u vandaag voor deze aankoop gekozen?'],
      [{ locale: 'en' }, "May Fietsenmaker Test ask you later how it's going?", 'What made you buy it today? (optional)'],
    ] as const) {
      const s = await setup({ items, total: 35 });
      await s.store.shops.update('fietsenmaker', settings);
      for (const url of [s.local, `${s.base}/shops/fietsenmaker/join`]) {
        const form = await (await fetch(url)).text();
        expect(titleOf(form).replace(/&#39;/g, "'"), url).toBe(title);
        expect(shown(form), url).toContain(why);
      }
    }
  });

  it('says in English, as a native speaker would, what is kept and why no e-mail may come', async () => {
    const shown = (page: string) => /<main>([\s\S]*)<\/main>/.exec(page)![1]!.replace(/<[^>]+>/g, ' ').replace(/&#39;/g, "'").replace(/\s+/g, ' ');
    const s = await setup();
    await s.store.shops.update('fietsenmaker', { locale: 'en', name: 'Smith & Sons' });
    expect(shown(await (await fetch(s.local)).text())).toContain('To find out what they keep about you, or to have it erased sooner, ask Smith &amp; Sons.');
    const check = shown(await (await s.submit({ email: 'piet@example.com', email_ok: 'yes' })).text());
    expect(check).toContain("No e-mail? If you've ever unsubscribed from e-mails from Smith &amp; Sons, we can't e-mail you, not even this once. Ask in the shop if you'd like their e-mails again.");
  });

  // The privacy review of 6 December: the page named no one who keeps what, nor how long, nor what to ask (AVG art. 13).
  it('says who keeps what it takes, for how long (RETENTION_MONTHS), and what to ask the shop', async () => {
    const { local } = await setup();
    expect(await (await fetch(local)).text()).toContain(
      'Fietsenmaker Test gebruikt je nummer of adres alleen hiervoor, en wist je gegevens 24 maanden na je laatste bezoek. Wil je weten wat er van je bewaard wordt, of het eerder laten wissen? Vraag het Fietsenmaker Test.',
    );
    const store = await testStore();
    await createShop(store);
    const base = await startApp(store, Date.now, { retentionMonths: 12 });
    expect(await (await fetch(`${base}/shops/fietsenmaker/join`)).text()).toContain('wist je gegevens 12 maanden na je laatste bezoek');
  });

  it('takes the details once they are confirmed, records consent from the confirmed page, and schedules the check-in', async () => {
    const { store, local, submit, sale, confirm, sms } = await setup();
    const res = await submit({ phone: '06 13572468', sms: 'yes', email: '', reason: 'voor de fietsvakantie' });
    expect(res.status).toBe(200);
    // Nothing is the sale's yet, and the link still works (a typo in the number does not use it up).
    expect(await value(store.db, 'SELECT count(*) FROM customers')).toBe(0);
    expect((await fetch(local)).status).toBe(200);
    const done = await confirm(res);
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('Fietsenmaker Test mag je nu vragen hoe het bevalt, en je later nog eens uitnodigen.');
    expect(sms.sent.map((m) => m.to)).toEqual(['+31613572468']); // the code, nothing else yet
    expect(await one(store.db, 'SELECT customer_id, reason FROM sales WHERE id = ?', sale.saleId)).toEqual({ customer_id: expect.any(Number), reason: 'voor de fietsvakantie' });
    expect(await one(store.db, 'SELECT phone, sms_consent, email_consent FROM customers')).toEqual({ phone: '+31613572468', sms_consent: 1, email_consent: 0 });
    // Consent for the channel the customer proved, from the confirmed page.
    expect(await all(store.db, 'SELECT channel, given, source FROM consent_events ORDER BY id')).toEqual([{ channel: 'sms', given: 1, source: 'customer_page_confirmed' }]);
    expect(await all(store.db, 'SELECT kind, channel, due_at FROM messages ORDER BY id')).toEqual([
      { kind: 'checkin', channel: 'sms', due_at: Date.parse('2026-03-15T10:00:00+01:00') },
      { kind: 'comeback', channel: 'sms', due_at: Date.parse('2026-04-13T10:00:00+02:00') },
    ]);
    // A link can be used once.
    expect((await fetch(local)).status).toBe(410);
    expect((await submit({ phone: '0687654321', sms: 'yes' })).status).toBe(410);
    expect(await value(store.db, 'SELECT count(*) FROM customers')).toBe(1);
  });

  // A till that never sends a customer (Zettle's sales come that way): a regular's return reaches nextdeal only through
  // the link. Before, her earlier invitation stayed, and a second was planned: two "come back"s for one who came back.
  it('takes a regular\'s return through the link as any sale: her earlier invitation gives way to this one\'s', async () => {
    const { store, base, clock, webhookSecret, sale, submit, confirm } = await setup();
    const earlier = saleBody({ id: 'earlier', occurredAt: '2026-03-05T11:00:00+01:00', customer: { phone: '06 13572468', consent: { sms: true } } });
    expect((await postSale(base, 'fietsenmaker', webhookSecret, earlier, clock.now())).status).toBe(201);
    await confirm(await submit({ phone: '06 13572468', sms: 'yes' }));
    const comebacks = 'SELECT s.till_sale_id AS sale, m.status, m.error FROM messages m JOIN sales s ON s.id = m.sale_id WHERE m.kind = \'comeback\' ORDER BY m.id';
    expect(await all(store.db, comebacks)).toEqual([
      { sale: 'earlier', status: 'cancelled', error: 'bought_again' },
      { sale: 'sale-1', status: 'scheduled', error: null },
    ]);
    expect(await value(store.db, 'SELECT count(DISTINCT customer_id) FROM sales WHERE id = ? OR till_sale_id = ?', sale.saleId, 'earlier')).toBe(1);
  });

  it('asks what was bought when the till did not say, and keeps it with the sale once confirmed', async () => {
    const store = await testStore();
    const clock = testClock('2026-03-14T15:31:00+01:00');
    const { webhookSecret } = await createShop(store);
    const base = await startApp(store, clock.now);
    const res = await postSale(base, 'fietsenmaker', webhookSecret, saleBody({ customer: null, items: [] }), clock.now());
    const local = String(res.body.consentUrl).replace(PUBLIC_URL, base);
    expect(await (await fetch(local)).text()).toContain('Wat heb je gekocht?');
    const answer = await fetch(local, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'email=piet%40example.com&email_ok=yes&item=Fietsbel' });
    expect(answer.status).toBe(200);
    const { dispatcher, email } = testDispatcher(store);
    await dispatcher.tick(clock.now());
    // Nothing the visitor typed goes into the e-mail to the address they typed: the till said nothing, so "iets".
    expect(email.sent.at(-1)!.text).toContain('Het gaat om iets dat je kocht.');
    expect(email.sent.at(-1)!.text).not.toContain('Fietsbel');
    const link = /https:\/\/deals\.example\.test\/j\/[\w-]+/.exec(email.sent[0]!.text)![0].replace(PUBLIC_URL, base);
    // Pages behind a secret link, with the customer's own details: no browser or proxy keeps a copy.
    for (const url of [local, link]) expect((await fetch(url)).headers.get('cache-control'), url).toBe('private, no-store');
    expect((await fetch(link, { method: 'POST' })).status).toBe(200);
    expect(JSON.parse((await value<string>(store.db, 'SELECT items FROM sales WHERE id = ?', res.body.saleId))!)).toEqual([{ name: 'Fietsbel', sku: null, quantity: 1, unitPrice: null }]);
  });

  it('names what is wrong and stores nothing', async () => {
    const { store, submit } = await setup();
    for (const [form, error] of [
      [{ phone: '', email: '' }, 'Vul een mobiel nummer of e-mailadres in.'],
      [{ phone: '06 1234', sms: 'yes' }, 'Dit mobiele nummer klopt niet.'],
      [{ email: 'sanne@example.com' }, 'Vink aan hoe we je mogen bereiken.'],
      [{ email: 'sanne@example.com', sms: 'yes' }, 'Vul ook je mobiele nummer in voor een sms.'],
    ] as const) {
      const res = await submit(form);
      expect(res.status).toBe(400);
      const page = await res.text();
      expect(page).toContain(error);
      if ('email' in form && form.email) expect(page).toContain(`value="${form.email}"`); // what they typed stays
    }
    expect(await value(store.db, 'SELECT count(*) FROM customers')).toBe(0);
    expect(await value(store.db, 'SELECT count(*) FROM join_confirmations')).toBe(0);
  });

  // The accessibility review: the message stood above the form, tied to no field; a screen reader tabbing back into
  // "Mobiel nummer" heard "06 12" and nothing wrong, and the title was the same as before sending.
  it('ties each message to its field: marked invalid, described by it, a red border, the focus on the first, and "Fout:" in the title', async () => {
    const { submit, local } = await setup();
    const bad = await (await submit({ phone: '06 12', sms: 'yes', email: 'piet@', email_ok: 'yes' })).text();
    expect(titleOf(bad)).toBe('Fout: Mag Fietsenmaker Test je later vragen hoe het bevalt?');
    expect(fieldOf(bad, 'phone')).toMatchObject({ invalid: true, autofocus: true, described: ['Dit mobiele nummer klopt niet.'] });
    expect(fieldOf(bad, 'phone').style).toContain('border:2px solid #a33b2b');
    expect(fieldOf(bad, 'email')).toMatchObject({ invalid: true, autofocus: false, described: ['Dit e-mailadres klopt niet.'] });
    expect(fieldOf(bad, 'sms')).toMatchObject({ invalid: false, described: [] });
    expect(autofocused(bad)).toEqual(['phone']);
    // Nothing ticked: the boxes are what is wrong, the focus on the first; a message about two fields describes both.
    const unticked = await (await submit({ email: 'piet@example.com' })).text();
    expect(fieldOf(unticked, 'email')).toMatchObject({ invalid: false, described: [] });
    for (const box of ['sms', 'email_ok']) expect(fieldOf(unticked, box)).toMatchObject({ invalid: true, described: ['Vink aan hoe we je mogen bereiken.'] });
    expect(autofocused(unticked)).toEqual(['sms']);
    const empty = await (await submit({})).text();
    for (const f of ['phone', 'email']) expect(fieldOf(empty, f).described).toContain('Vul een mobiel nummer of e-mailadres in.');
    // A page with nothing wrong: its title as it was, nothing marked, no focus taken.
    const fresh = await (await fetch(local)).text();
    expect(titleOf(fresh)).toBe('Mag Fietsenmaker Test je later vragen hoe het bevalt?');
    for (const f of ['phone', 'sms', 'email', 'email_ok']) expect(fieldOf(fresh, f)).toMatchObject({ invalid: false, described: [] });
    expect(autofocused(fresh)).toEqual([]);
  });

  it('marks the code field when the code is wrong, in the language of the shop', async () => {
    const { base, submit, dispatcher, clock } = await setup();
    const page = await (await submit({ phone: '06 13572468', sms: 'yes' })).text();
    await dispatcher.tick(clock.now()); // the code sent
    const token = /action="\/j\/([\w-]+)"/.exec(page)![1]!;
    expect(titleOf(page)).toBe('Vul je code in – Fietsenmaker Test');
    expect(fieldOf(page, 'code')).toMatchObject({ invalid: false, autofocus: false, described: [] });
    const wrong = await (await fetch(`${base}/j/${token}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'code=000000' })).text();
    expect(titleOf(wrong)).toBe('Fout: Vul je code in – Fietsenmaker Test');
    expect(fieldOf(wrong, 'code')).toMatchObject({ invalid: true, autofocus: true, described: ['Deze code klopt niet. Je kunt het nog 4 keer proberen.'] });
    expect(fieldOf(wrong, 'code').style).toContain('border:2px solid #a33b2b');
  });

  // The review of the fix: a code typed before the text came ("De sms is nog onderweg") was said as a mistake, "Fout:" in
  // the title and the field marked invalid, though the customer did nothing wrong.
  it('says a code typed before its text came is on its way as a notice, marking nothing wrong', async () => {
    const { base, submit } = await setup();
    const page = await (await submit({ phone: '06 13572468', sms: 'yes' })).text();
    const token = /action="\/j\/([\w-]+)"/.exec(page)![1]!;
    const early = await (await fetch(`${base}/j/${token}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'code=123456' })).text();
    expect(titleOf(early)).toBe('Vul je code in – Fietsenmaker Test');
    expect(fieldOf(early, 'code')).toMatchObject({ invalid: false, autofocus: false, described: [] });
    expect(early).toContain('<div role="status"><p>De sms is nog onderweg. Wacht even en vul dan de code in.</p></div>');
  });

  it('stops working after 7 days, and says so in the shop\'s language, or in English to a browser that does not read it', async () => {
    const { clock, local } = await setup();
    clock.set('2026-03-21T15:32:00+01:00');
    const res = await fetch(local, { headers: { 'accept-language': 'nl-NL,nl;q=0.9,en;q=0.8' } });
    expect(res.status).toBe(404);
    const page = await res.text();
    expect(page).toContain('<html lang="nl">');
    expect(page).toContain('<title>Deze link werkt niet (meer) – Fietsenmaker Test</title>');
    expect(page).toContain('Fietsenmaker Test');
    // (Before, an English browser read this Dutch too: the page was the shop's whoever read it.)
    const english = await (await fetch(local, { headers: { 'accept-language': 'en' } })).text();
    expect(english).toContain('<html lang="en">');
    expect(english).toContain('<title>This link does not work (any more) – Fietsenmaker Test</title>');
  });

  // Found by a black-box review: the receipt's QR scanned again after a pharmacy's walk-in confirmed by e-mail showed
  // an English "This link does not work (any more) | The link has expired…".
  it("says a used link was used, in the shop's language and voice, naming no customer, and what to do to change the choice", async () => {
    const { store, local, submit, confirm } = await setup();
    await store.shops.update('fietsenmaker', { formal: 1, reasonInMessages: 0 });
    expect((await confirm(await submit({ email: 'piet@example.com', email_ok: 'yes' }))).status).toBe(200);
    for (const again of [() => fetch(local, { headers: { 'accept-language': 'nl-BE,en-GB;q=0.5' } }), () => submit({ email: 'ander@example.com', email_ok: 'yes' })]) {
      const res = await again();
      expect(res.status).toBe(410);
      const page = await res.text();
      expect(page).toContain('<html lang="nl">');
      expect(page).toContain('<title>Deze link is al gebruikt – Fietsenmaker Test</title>');
      expect(page).toContain('<p class="shop">Fietsenmaker Test</p>');
      expect(page).toContain('Wilt u toch geen berichten meer van Fietsenmaker Test? Antwoord STOP op de sms of tik op &quot;Afmelden&quot; in de e-mail. Iets anders veranderen? Vraag het in de winkel.');
      for (const secret of ['piet', 'example.com', 'Regenjas', 'expired', 'verlopen', '<form']) expect(page).not.toContain(secret);
    }
    expect(await value(store.db, 'SELECT count(*) FROM join_confirmations')).toBe(1); // the second form asked for nothing
  });

  it("keeps the visitor's language for a code that never was a link: it knows no shop", async () => {
    const { base } = await setup();
    for (const code of ['zzzzzzzzzz', 'NOT-A-CODE']) {
      const res = await fetch(`${base}/c/${code}`, { headers: { 'accept-language': 'en' } });
      expect(res.status).toBe(404);
      const page = await res.text();
      expect(page).toContain('<title>This link does not work (any more)</title>');
      expect(page).not.toContain('Fietsenmaker');
    }
  });

  // Found by the review of many shops: with 40 sales waiting, the overview said 12 (the sheet's codes, counted).
  it('is counted on the overview however many wait, and the sheet says it shows the newest', async () => {
    const { store, shop, base, webhookSecret, clock } = await setup();
    for (let i = 2; i <= 14; i++) await postSale(base, 'fietsenmaker', webhookSecret, saleBody({ id: `sale-${i}`, customer: null, reason: null }), clock.now());
    await store.sessions.setPassword(shop.id, await hashPassword('correct horse battery'));
    const owner = ownerClient(base);
    await owner.logIn('fietsenmaker', 'correct horse battery');
    expect(await (await owner.get('/shops/fietsenmaker')).text()).toContain('14 verkopen van de afgelopen week wachten');
    const sheet = await (await owner.get('/shops/fietsenmaker/waiting')).text();
    expect(sheet.match(/<figure>/g)).toHaveLength(12);
    expect(sheet).toContain('Hier staan de nieuwste 12 van de 14');
  });

  it('is shown with a QR code to the owner until it is used', async () => {
    const { store, shop, base, url, submit, confirm } = await setup();
    await store.sessions.setPassword(shop.id, await hashPassword('correct horse battery'));
    const owner = ownerClient(base);
    await owner.logIn('fietsenmaker', 'correct horse battery');
    const sheet = await (await owner.get('/shops/fietsenmaker/waiting')).text();
    expect(sheet).toContain(`href="${url}"`);
    expect(sheet).toMatch(/<svg[^>]*viewBox/);
    expect(sheet).toContain('Regenjas');
    await confirm(await submit({ phone: '06 13572468', sms: 'yes' }));
    expect(await (await owner.get('/shops/fietsenmaker/waiting')).text()).not.toContain(`href="${url}"`);
  });
});

// Found by the review: the pages of a sale's consent link said "Fietsenmaker Test may now ask you how it is going",
// never which purchase the customer was saying yes to. They name it now, as its check-in will.
describe('the consent link names the purchase it is about', () => {
  const named = 'Het gaat om wat je bij Fietsenmaker Test kocht: Regenjas.';

  it('on the thanks page after the texted code, and when the page is opened again', async () => {
    const { base, submit, confirm } = await setup();
    const page = await (await submit({ phone: '06 13572468', sms: 'yes' })).text();
    expect(await (await confirm(new Response(page))).text()).toContain(named);
    const token = /action="\/j\/([\w-]+)"/.exec(page)![1]!;
    expect(await (await fetch(`${base}/j/${token}`)).text()).toContain(named);
  });

  it('on the page that asks for the texted code, also after a wrong code, and opened again', async () => {
    const { base, submit } = await setup();
    const page = await (await submit({ phone: '06 13572468', sms: 'yes' })).text();
    expect(page).toContain(named);
    const token = /action="\/j\/([\w-]+)"/.exec(page)![1]!;
    expect(await (await fetch(`${base}/j/${token}`)).text()).toContain(named);
    const wrong = await fetch(`${base}/j/${token}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'code=000000' });
    expect(await wrong.text()).toContain(named);
  });

  it("on the e-mail's page with its one button, and on the thanks page", async () => {
    const { base, submit, clock, email, dispatcher } = await setup();
    await submit({ email: 'piet@example.com', email_ok: 'yes' });
    await dispatcher.tick(clock.now());
    const mail = email.sent.at(-1)!;
    expect(mail.text).toContain('Bevestig met deze link dat Fietsenmaker Test je mag mailen:');
    expect(mail.text).toContain('\n\nHet gaat om wat je kocht: Regenjas.\n\nDe link werkt 24 uur.');
    expect(mail.html).toContain('<p>Het gaat om wat je kocht: Regenjas.</p>');
    const link = /https:\/\/deals\.example\.test\/j\/[\w-]+/.exec(email.sent.at(-1)!.text)![0].replace(PUBLIC_URL, base);
    const before = await (await fetch(link)).text();
    expect(before).toContain('Tik op de knop om te bevestigen dat Fietsenmaker Test je mag mailen.');
    expect(before).toContain(named);
    expect(await (await submit({}, link)).text()).toContain(named);
  });

  // The pharmacy customer review: its join page asked "Wat heb je gekocht?" and why, and spoke of a purchase.
  it('speaks of the visit, and asks neither what was bought nor why, for a shop that keeps purchases out of its messages (a pharmacy)', async () => {
    const { store, submit, confirm, local, base } = await setup();
    await store.shops.update('fietsenmaker', { reasonInMessages: 0 });
    for (const url of [local, `${base}/shops/fietsenmaker/join`]) {
      const form = await (await fetch(url)).text();
      expect(form, url).toContain('<h1>Mag Fietsenmaker Test je later vragen hoe het gaat na je bezoek?</h1>');
      expect(form, url).not.toMatch(/Wat heb je gekocht|name="item"|name="reason"/);
    }
    const text = await (await confirm(await submit({ phone: '06 13572468', sms: 'yes', reason: 'tegen hoofdpijn' }))).text();
    expect(text).toContain('Het gaat om je bezoek aan Fietsenmaker Test.');
    expect(await all(store.db, 'SELECT reason FROM join_confirmations')).toEqual([{ reason: null }]);
    expect(text).not.toContain('Regenjas');
    const { submit: viaMail, confirm: confirmMail, store: s2, email } = await setup();
    await s2.shops.update('fietsenmaker', { reasonInMessages: 0 });
    const done = await (await confirmMail(await viaMail({ email: 'piet@example.com', email_ok: 'yes' }))).text();
    const mail = email.sent.at(-1)!;
    expect(mail.text).toContain('Het gaat om je bezoek.');
    expect([mail.text, mail.html, done].join()).not.toContain('Regenjas');
  });

  it('says nothing of a purchase on the join page, which has no sale', async () => {
    const { base, submit, confirm } = await setup();
    const text = await (await confirm(await submit({ phone: '06 13572468', sms: 'yes', item: 'Fietsbel' }, `${base}/shops/fietsenmaker/join`))).text();
    expect(text).toContain('Fietsenmaker Test mag je nu vragen hoe het bevalt');
    expect(text).not.toContain('Het gaat om');
    const { base: b2, submit: s2, confirm: c2, email } = await setup();
    expect(await (await c2(await s2({ email: 'piet@example.com', email_ok: 'yes', item: 'Fietsbel' }, `${b2}/shops/fietsenmaker/join`))).text()).not.toContain('Het gaat om');
    expect(email.sent.at(-1)!.text).not.toContain('Het gaat om');
  });
});

// Found by the review: a repair under warranty (the sale came to €0) is a visit in its check-in ("was je bij … voor
// …"), but its consent link's page, code page, e-mail and thanks page spoke of "je aankoop" and "wat je kocht".
describe('the consent link of a sale that came to nothing speaks of a visit, as its check-in will', () => {
  const repair = { items: [{ name: 'Reparatie achterwiel', sku: null, quantity: 1, unitPrice: 0 }], total: 0 };
  const voices = [
    { settings: {}, title: 'Mag Fietsenmaker Test je later vragen hoe het gaat na je bezoek?', intro: 'je vragen hoe het gaat na je bezoek,',
      page: 'Het gaat om je bezoek aan Fietsenmaker Test voor Reparatie achterwiel.', mail: 'Het gaat om je bezoek voor Reparatie achterwiel.' },
    { settings: { formal: 1 }, title: 'Mag Fietsenmaker Test u later vragen hoe het gaat na uw bezoek?', intro: 'u vragen hoe het gaat na uw bezoek,',
      page: 'Het gaat om uw bezoek aan Fietsenmaker Test voor Reparatie achterwiel.', mail: 'Het gaat om uw bezoek voor Reparatie achterwiel.' },
    { settings: { locale: 'en' }, title: 'May Fietsenmaker Test ask you later how things are after your visit?', intro: 'may ask you how things are after your visit,',
      page: 'This is about your visit to Fietsenmaker Test for Reparatie achterwiel.', mail: 'This is about your visit for Reparatie achterwiel.' },
  ];
  const bought = /aankoop|kocht|gekocht|purchase|bought/i;

  for (const v of voices) {
    it(`on the form, the code page and the thanks page (${v.title})`, async () => {
      const { store, local, submit, confirm } = await setup(repair);
      await store.shops.update('fietsenmaker', v.settings);
      const form = await (await fetch(local)).text();
      expect(form).toContain(`<h1>${v.title}</h1>`);
      expect(form).toContain(v.intro);
      const code = await (await submit({ phone: '06 13572468', sms: 'yes' })).text();
      expect(code).toContain(v.page);
      const thanks = await (await confirm(new Response(code))).text();
      expect(thanks).toContain(v.page);
      for (const page of [form, code, thanks]) expect(page).not.toMatch(bought);
    });

    it(`in the e-mail with the link and on its page (${v.title})`, async () => {
      const { store, base, submit, clock, email, dispatcher } = await setup(repair);
      await store.shops.update('fietsenmaker', v.settings);
      await submit({ email: 'piet@example.com', email_ok: 'yes' });
      await dispatcher.tick(clock.now());
      const mail = email.sent.at(-1)!;
      expect(mail.text).toContain(`\n\n${v.mail}\n\n`);
      expect(mail.html).toContain(`<p>${v.mail}</p>`);
      const link = /https:\/\/deals\.example\.test\/j\/[\w-]+/.exec(mail.text)![0].replace(PUBLIC_URL, base);
      const before = await (await fetch(link)).text();
      expect(before).toContain(v.page);
      for (const part of [mail.subject, mail.text, mail.html, before]) expect(part).not.toMatch(bought);
    });
  }

  it('still speaks of a purchase for a total of 0 that a till sends for a total it does not know', async () => {
    const { local } = await setup({ total: 0 });
    expect(await (await fetch(local)).text()).toContain('<h1>Mag Fietsenmaker Test je later vragen hoe het bevalt?</h1>');
  });
});

// A black-box review: the consent link of a purchase refunded in full (by two refunds of part) still asked "Hoe bevalt
// je aankoop …?", and once confirmed said "… mag je nu vragen hoe het bevalt", though nothing was or would be planned.
// The page now says the purchase will not be asked about, and offers only later messages; so do the pages after it.
describe('the consent link of a sale given back promises no check-in', () => {
  const refund = async (s: Awaited<ReturnType<typeof setup>>, body: Record<string, unknown>) => {
    const raw = JSON.stringify({ id: 'sale-1', ...body });
    const res = await fetch(`${s.base}/v1/shops/fietsenmaker/sales/sale-1/refund`, {
      method: 'POST', body: raw, headers: { 'content-type': 'application/json', 'nextdeal-signature': sign(s.webhookSecret, raw, Math.floor(s.clock.now() / 1000)) },
    });
    expect(res.status).toBe(200);
  };
  const voices = [
    { settings: {}, title: 'Berichten van Fietsenmaker Test',
      intro: 'Voor deze aankoop heb je geld teruggekregen, dus Fietsenmaker Test vraagt je er niet naar. Laat je nummer of e-mailadres achter als Fietsenmaker Test je na een volgende aankoop mag vragen hoe die bevalt, en je later nog eens mag uitnodigen.',
      thanks: 'Fietsenmaker Test mag je na een volgende aankoop vragen hoe die bevalt, en je later nog eens uitnodigen. Afmelden kan altijd: met STOP per sms.', promise: /hoe (het|je aankoop) bevalt|Waarom heb je/ },
    { settings: { formal: 1 }, title: 'Berichten van Fietsenmaker Test',
      intro: 'Voor deze aankoop heeft u geld teruggekregen, dus Fietsenmaker Test vraagt u er niet naar.',
      thanks: 'Fietsenmaker Test mag u na een volgende aankoop vragen hoe die bevalt, en u later nog eens uitnodigen. Afmelden kan altijd: met STOP per sms.', promise: /hoe (het|uw aankoop) bevalt|Waarom heeft u/ },
    { settings: { locale: 'en' }, title: 'Messages from Fietsenmaker Test',
      intro: 'You got money back for this purchase, so Fietsenmaker Test will not ask you about it. Leave your number or e-mail address if Fietsenmaker Test may ask you how your next purchase is going, and invite you back later.',
      thanks: 'After your next purchase, Fietsenmaker Test may ask you how it is going, and invite you back later. You can stop at any time: reply STOP to a text.', promise: /how your purchase|may now ask|Why did you/ },
  ];

  for (const v of voices) {
    it(`refunded in full by two refunds of part: says so, asks nothing of it, and thanks without a promise (${v.title}, ${JSON.stringify(v.settings)})`, async () => {
      const s = await setup();
      await s.store.shops.update('fietsenmaker', v.settings);
      await refund(s, { amount: 50, refundId: 'r-1' });
      await refund(s, { amount: 39.95, refundId: 'r-2' });
      const form = await (await fetch(s.local)).text();
      expect(form).toContain(`<h1>${v.title}</h1>`);
      expect(form).toContain(v.intro);
      expect(form).not.toContain('name="reason"');
      expect(form).not.toContain('name="item"');
      const code = await (await s.submit({ phone: '06 13572468', sms: 'yes', reason: 'cadeau' })).text();
      const thanks = await (await s.confirm(new Response(code))).text();
      expect(thanks).toContain(v.thanks);
      for (const page of [form, code, thanks]) expect(page).not.toMatch(v.promise);
      // Consent for later messages is kept; nothing is planned for the sale given back, and no "why" stored with it.
      expect(await one(s.store.db, 'SELECT phone, sms_consent FROM customers')).toEqual({ phone: '+31613572468', sms_consent: 1 });
      expect(await one(s.store.db, 'SELECT status, reason FROM sales')).toEqual({ status: 'refunded', reason: null });
      expect(await value(s.store.db, 'SELECT count(*) FROM messages')).toBe(0);
    });
  }

  it('a void, or a refund of part, says so too; a refund after the form was sent is not promised on the thanks page, nor named in the e-mail', async () => {
    const voided = await setup();
    await refund(voided, { status: 'voided' });
    expect(await (await fetch(voided.local)).text()).toContain('Deze aankoop is geannuleerd, dus Fietsenmaker Test vraagt je er niet naar.');
    const part = await setup();
    await refund(part, { amount: 10, refundId: 'r-1' });
    expect(await (await fetch(part.local)).text()).toContain('Voor deze aankoop heb je geld teruggekregen, dus');
    // The form sent while the sale stood, the refund before the code is typed (or the e-mailed link opened).
    const late = await setup();
    const code = await (await late.submit({ phone: '06 13572468', sms: 'yes' })).text();
    expect(code).toContain('Het gaat om wat je bij Fietsenmaker Test kocht: Regenjas.');
    await refund(late, {});
    const thanks = await (await late.confirm(new Response(code))).text();
    expect(thanks).toContain('Fietsenmaker Test mag je na een volgende aankoop vragen hoe die bevalt');
    expect(thanks).not.toMatch(/mag je nu vragen|Het gaat om/);
    const mailed = await setup();
    await refund(mailed, {});
    await mailed.submit({ email: 'piet@example.com', email_ok: 'yes' });
    await mailed.dispatcher.tick(mailed.clock.now());
    const mail = mailed.email.sent.at(-1)!;
    expect(mail.text).toContain('Bevestig met deze link dat Fietsenmaker Test je mag mailen:');
    expect([mail.text, mail.html].join()).not.toMatch(/Het gaat om|Regenjas/);
  });
});

describe('the shop-wide page for the counter, /shops/:slug/join', () => {
  it('takes a purchase the till knows nothing of, with what was bought and why, and schedules the check-in once confirmed', async () => {
    const { store, base, submit, confirm } = await setup();
    expect(await (await fetch(`${base}/shops/fietsenmaker/join`)).text()).toContain('Wat heb je gekocht?');
    const res = await submit({ email: 'Piet@Example.com', email_ok: 'yes', item: 'Fietsbel', reason: 'de oude was kapot' }, `${base}/shops/fietsenmaker/join`);
    expect(res.status).toBe(200);
    expect(await value(store.db, "SELECT count(*) FROM sales WHERE till_sale_id LIKE 'join:%'")).toBe(0);
    expect((await confirm(res)).status).toBe(200);
    const sale = (await one<Record<string, string>>(store.db, "SELECT till_sale_id, items, reason FROM sales WHERE till_sale_id LIKE 'join:%'"))!;
    expect(JSON.parse(sale.items!)).toEqual([{ name: 'Fietsbel', sku: null, quantity: 1, unitPrice: null }]);
    expect(sale.reason).toBe('de oude was kapot');
    expect(await value(store.db, "SELECT m.channel FROM messages m JOIN customers c ON c.id = m.customer_id WHERE c.email = 'piet@example.com' AND m.kind = 'checkin'")).toBe('email');
  });

  it("is sent from its own page only: another site's page posting it (a browser says cross-site) texts nobody", async () => {
    const { store, base } = await setup();
    const post = (site: string) => fetch(`${base}/shops/fietsenmaker/join`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': site },
      body: new URLSearchParams({ phone: '06 13572468', sms: 'yes', reason: 'x' }).toString(),
    });
    const refused = await post('cross-site');
    expect(refused.status).toBe(403);
    expect(await refused.text()).toBe('This form can only be sent from its own page.');
    expect(await value(store.db, 'SELECT count(*) FROM join_confirmations')).toBe(0);
    expect((await post('same-origin')).status).toBe(200);
    expect(await value(store.db, 'SELECT count(*) FROM join_confirmations')).toBe(1);
  });

  it("is refused when its Origin names another site, or none (null), for a browser that does not say cross-site; its own origin and no Origin at all are taken", async () => {
    const { store, base } = await setup();
    // Its own page has browsers name its origin when posting it (under no-referrer they would say "null").
    expect((await fetch(`${base}/shops/fietsenmaker/join`)).headers.get('referrer-policy')).toBe('strict-origin');
    const post = (phone: string, headers: Record<string, string>) => fetch(`${base}/shops/fietsenmaker/join`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams({ phone, sms: 'yes', reason: 'x' }).toString(),
    });
    for (const origin of ['https://evil.example', 'null', 'https://deals.example.test.evil.example']) {
      const refused = await post('06 12340077', { origin });
      expect(refused.status).toBe(403);
      expect(await refused.text()).toBe('This form can only be sent from its own page.');
    }
    expect(await value(store.db, 'SELECT count(*) FROM join_confirmations')).toBe(0);
    expect((await post('06 12345671', { origin: 'https://deals.example.test' })).status).toBe(200); // PUBLIC_URL's
    expect((await post('06 12345672', { origin: base })).status).toBe(200); // the host it was asked at
    expect((await post('06 12345673', {})).status).toBe(200); // an old browser, curl: neither header
    expect(await value(store.db, 'SELECT count(*) FROM join_confirmations')).toBe(3);
  });

  // The review of the mend: reached at a second host name of the site (www.), behind a proxy that rewrites Host, a
  // browser saying same-origin was refused for an Origin that is neither PUBLIC_URL's nor the Host the server saw.
  it("goes by what a browser says of the site (Sec-Fetch-Site) when it says it, whatever the Origin", async () => {
    const { store, base } = await setup();
    const post = (phone: string, site: string) => fetch(`${base}/shops/fietsenmaker/join`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://www.deals.example.test', 'sec-fetch-site': site },
      body: new URLSearchParams({ phone, sms: 'yes', reason: 'x' }).toString(),
    });
    expect((await post('06 12345671', 'same-origin')).status).toBe(200);
    expect((await post('06 12345672', 'cross-site')).status).toBe(403);
    expect(await value(store.db, 'SELECT count(*) FROM join_confirmations')).toBe(1);
  });

  // A security review: a page on another host of the same site (a sibling subdomain, blog.example.nl beside
  // deals.example.nl, which the browser calls same-site) posted the form and was taken.
  it("is refused from another host of the same site (same-site) unless its Origin is the page's own", async () => {
    const { store, base } = await setup();
    const post = (phone: string, origin: string) => fetch(`${base}/shops/fietsenmaker/join`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin, 'sec-fetch-site': 'same-site' },
      body: new URLSearchParams({ phone, sms: 'yes', reason: 'x' }).toString(),
    });
    const refused = await post('06 12345671', 'https://evil.example.test');
    expect(refused.status).toBe(403);
    expect(await refused.text()).toBe('This form can only be sent from its own page.');
    expect((await post('06 12345672', 'https://deals.example.test')).status).toBe(200); // PUBLIC_URL's, as a proxy may make it
    expect(await value(store.db, 'SELECT count(*) FROM join_confirmations')).toBe(1);
  });

  it('behind a trusted proxy, takes a post whose Origin is the host the proxy says it was asked at, and no other', async () => {
    const store = await testStore();
    const clock = testClock('2026-03-14T15:31:00+01:00');
    await createShop(store);
    const base = await startApp(store, clock.now, { trustProxy: 1 });
    const post = (phone: string, origin: string) => fetch(`${base}/shops/fietsenmaker/join`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin, 'x-forwarded-host': 'winkel.example', 'x-forwarded-proto': 'https' },
      body: new URLSearchParams({ phone, sms: 'yes', reason: 'x' }).toString(),
    });
    expect((await post('06 12345671', 'https://evil.example')).status).toBe(403);
    expect((await post('06 12345672', 'https://winkel.example')).status).toBe(200);
  });

  it('texts a code to mobile numbers only: a VoIP number (085) is asked for an e-mail address instead, and gets nothing', async () => {
    const { store, base, submit, dispatcher, clock, sms } = await setup();
    const res = await submit({ phone: '085 1234567', sms: 'yes', reason: 'x' }, `${base}/shops/fietsenmaker/join`);
    expect(await res.text()).toContain('Naar dit nummer kunnen we geen sms sturen. Vul je e-mailadres in, of vraag het even aan de kassa.');
    await dispatcher.tick(clock.now());
    expect(sms.sent).toEqual([]);
    expect(await value(store.db, 'SELECT count(*) FROM join_confirmations')).toBe(0);
    expect((await submit({ phone: '06 13572468', sms: 'yes', reason: 'x' }, `${base}/shops/fietsenmaker/join`)).status).toBe(200);
    expect(await value(store.db, 'SELECT count(*) FROM join_confirmations')).toBe(1);
  });

  // The explorer's review: a Belgian and a German mobile number, sms ticked, were told "Naar dit nummer kunnen we geen
  // sms sturen", though the shop texts +32 and +49 numbers its till sends: the limit is --join-countries, and the page
  // made her think her number was broken. It says the limit, naming the countries as a person would.
  it('tells a number of a country the shop texts no code to which numbers can get one, on the link and the join page', async () => {
    const { store, base, local, submit, dispatcher, clock, sms } = await setup();
    const join = `${base}/shops/fietsenmaker/join`;
    const said = async (phone: string, to: string) => {
      const res = await submit({ phone, sms: 'yes', reason: 'x' }, to);
      expect(res.status).toBe(400);
      return (await res.text()).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    };
    for (const phone of ['+32 470 11 22 33', '+49 151 23456780']) {
      for (const to of [local, join]) {
        const page = await said(phone, to);
        expect(page).toContain('Hier kunnen alleen Nederlandse nummers een code krijgen. Vul je e-mailadres in, of vraag het even aan de kassa.');
        expect(page).not.toContain('Naar dit nummer kunnen we geen sms sturen');
      }
    }
    // A Dutch landline is still one no text reaches.
    expect(await said('020 1234567', join)).toContain('Naar dit nummer kunnen we geen sms sturen.');
    await store.shops.update('fietsenmaker', { joinCountries: 'NL,BE' });
    expect(await said('+49 151 23456780', join)).toContain('Hier kunnen alleen Nederlandse en Belgische nummers een code krijgen.');
    await store.shops.update('fietsenmaker', { joinCountries: 'NL,BE,DE', locale: 'en' });
    expect(await said('+33 6 12 34 56 78', join)).toContain('Only Dutch, Belgian and German numbers can get a code here. Fill in your e-mail address instead, or ask at the counter.');
    await store.shops.update('fietsenmaker', { joinCountries: 'NL,PL', locale: 'nl', formal: 1 });
    expect(await said('+32 470 11 22 33', join)).toContain('Hier kunnen alleen nummers uit Nederland en Polen een code krijgen. Vul uw e-mailadres in');
    await dispatcher.tick(clock.now());
    expect(sms.sent).toEqual([]);
    expect(await value(store.db, 'SELECT count(*) FROM join_confirmations')).toBe(0);
  });

  it('has a printable poster with a QR code pointing at it', async () => {
    const { base } = await setup();
    const poster = await (await fetch(`${base}/shops/fietsenmaker/join/poster`)).text();
    expect(poster).toMatch(/<svg width="320" height="320"/);
    expect(poster).toContain('https://deals.example.test/shops/fietsenmaker/join');
    // Named for a screen reader, which said "image" and nothing more.
    expect(/<svg [^>]*>/.exec(poster)![0]).toMatch(/ role="img" aria-label="QR-code die https:\/\/deals\.example\.test\/shops\/fietsenmaker\/join opent"/);
  });

  it('limits submissions per address', async () => {
    const { base, submit } = await setup();
    const statuses: number[] = [];
    for (let i = 0; i < 61; i++) statuses.push((await submit({ phone: '' }, `${base}/shops/fietsenmaker/join`)).status);
    expect(statuses.slice(0, 60).every((s) => s === 400)).toBe(true);
    expect(statuses[60]).toBe(429);
  });

  it('answers 404 for an unknown shop', async () => {
    const { base } = await setup();
    expect((await fetch(`${base}/shops/nobody/join`)).status).toBe(404);
  });
});

// The installer review: with no Twilio set up (texts go to the outbox on disk), the join page said "heeft je een sms
// gestuurd met een code", and a customer would wait for a code that never comes.
describe('a join page where no text or e-mail goes out yet', () => {
  const started = async (options: Parameters<typeof startApp>[2]) => {
    const store = await testStore();
    const clock = testClock('2026-03-14T15:31:00+01:00');
    const { webhookSecret } = await createShop(store);
    const base = await startApp(store, clock.now, options);
    const post = (form: Record<string, string>, to = `${base}/shops/fietsenmaker/join`) =>
      fetch(to, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() });
    return { store, clock, base, webhookSecret, post };
  };
  const joined = async (options: Parameters<typeof startApp>[2], form: Record<string, string>) => {
    const res = await (await started(options)).post(form);
    expect(res.status).toBe(200);
    return res.text();
  };
  /** What the customer reads on the page: its text without the markup. */
  const shown = (page: string) =>
    /<main>([\s\S]*)<\/main>/.exec(page)![1]!.replace(/<[^>]+>/g, ' ').replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/\s+/g, ' ').trim();
  const byText = { phone: '06 13572468', sms: 'yes' };
  const byMail = { email: 'piet@example.com', email_ok: 'yes' };

  it('says so on the page that asks for the code, or says the link is in the mail, and to ask in the shop', async () => {
    const code = await joined({ smsUndelivered: 'outbox' }, byText);
    expect(code).toContain('Let op: deze website verstuurt nog geen sms (dat is nog niet ingesteld), dus de code komt niet aan. Vraag het in de winkel bij Fietsenmaker Test.');
    expect(code).not.toContain('heeft je een sms gestuurd'); // what it said, in place of the note
    expect(await joined({ emailUndelivered: 'outbox' }, byMail)).toContain('Let op: deze website verstuurt nog geen e-mail (dat is nog niet ingesteld), dus de link komt niet aan.');
    expect(await joined({ emailUndelivered: 'catcher' }, byMail)).toContain('dus de link komt niet aan');
  });

  it('says nothing of it where the channel is set up', async () => {
    expect(await joined({ emailUndelivered: 'outbox' }, byText)).not.toContain('Let op');
    expect(await joined({ smsUndelivered: 'outbox' }, byMail)).not.toContain('Let op');
    expect(await joined({}, byText)).toContain('heeft je een sms gestuurd met een code');
  });

  // A review: with no Twilio and a real mail server, a customer who filled in both was confirmed by SMS, whose code never
  // came, where the e-mail would have.
  it('confirms by e-mail a customer who gave a number and an address, where texts go nowhere and e-mail does', async () => {
    const both = { ...byText, ...byMail };
    const { store, clock, base, post } = await started({ smsUndelivered: 'outbox' });
    const res = await post(both);
    expect(res.status).toBe(200);
    const said = shown(await res.text());
    expect(said).toContain('Kijk in je mail We sturen een e-mail naar piet@example.com. Tik op de link erin om te bevestigen dat Fietsenmaker Test je mag mailen.');
    expect(said).not.toContain('Let op');
    // She said yes to texts too: told that her number is not kept (the review of this change: she would wait for texts).
    expect(said).toContain("Sms'en kan Fietsenmaker Test hier nog niet, dus je nummer bewaren we niet: je krijgt berichten per e-mail.");
    expect(shown(await joined({ smsUndelivered: 'outbox' }, byMail))).not.toContain('nummer');
    const { dispatcher, sms, email } = testDispatcher(store);
    await dispatcher.tick(clock.now());
    expect(sms.sent).toEqual([]);
    expect(email.sent.map((m) => m.to)).toEqual(['piet@example.com']);
    const link = /https:\/\/deals\.example\.test\/j\/[\w-]+/.exec(email.sent[0]!.text)![0].replace(PUBLIC_URL, base);
    const done = await fetch(link, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '' });
    expect(shown(await done.text())).toContain('Fietsenmaker Test mag je nu vragen hoe het bevalt');
    expect(await one(store.db, 'SELECT phone, email, sms_consent, email_consent FROM customers')).toEqual({ phone: null, email: 'piet@example.com', sms_consent: 0, email_consent: 1 });
    // By text, as before, where texts do go, and where neither does (the page sends them to the shop either way).
    expect(await joined({}, both)).toContain('heeft je een sms gestuurd met een code');
    expect(await joined({ emailUndelivered: 'catcher' }, both)).toContain('heeft je een sms gestuurd met een code');
    expect(await joined({ smsUndelivered: 'outbox', emailUndelivered: 'outbox' }, both)).toContain('dus er komt geen code of link aan');
  });

  // The review of the join page's copy: where texts go nowhere and e-mail goes out, the form asked for the number first,
  // which could only lead to "Aanmelden per sms kan hier nog niet"; on a phone that was the first field she typed in.
  it('asks only for an e-mail address where texts go nowhere and e-mail does go out', async () => {
    const { base, post, store, webhookSecret, clock } = await started({ smsUndelivered: 'outbox' });
    const form = await (await fetch(`${base}/shops/fietsenmaker/join`)).text();
    expect(form).not.toContain('name="phone"');
    expect(form).not.toContain('name="sms"');
    expect(form).toContain('name="email"');
    expect(form).toContain('name="email_ok"');
    expect(shown(form)).toContain('Laat je e-mailadres achter, dan kan Fietsenmaker Test je vragen hoe je aankoop bevalt, en je later nog eens uitnodigen. Je kunt je altijd weer afmelden. '
      + 'Je krijgt eerst een link per e-mail, om te bevestigen dat het echt jouw adres is.');
    expect(shown(form)).not.toMatch(/nummer|sms/);
    const empty = await post({});
    expect(empty.status).toBe(400);
    expect(shown(await empty.text())).toContain('Vul je e-mailadres in. Vink aan hoe we je mogen bereiken.');
    // A receipt's link's form, in English and in "u".
    const sale = await postSale(base, 'fietsenmaker', webhookSecret, saleBody({ customer: null }), clock.now());
    const link = String(sale.body.consentUrl).replace(PUBLIC_URL, base);
    await store.shops.update('fietsenmaker', { locale: 'en' });
    const en = await (await fetch(link)).text();
    expect(en).not.toContain('name="phone"');
    expect(shown(en)).toContain('Leave your e-mail address, and Fietsenmaker Test may ask you how your purchase is going, and invite you back later. You can stop at any time. '
      + 'First you get a link by e-mail, to confirm that the address is really yours.');
    await store.shops.update('fietsenmaker', { locale: 'nl', formal: 1 });
    expect(shown(await (await post({})).text())).toContain('Vul uw e-mailadres in.');
    expect(shown(await (await fetch(link)).text())).toContain('Laat uw e-mailadres achter, dan kan Fietsenmaker Test u vragen');
    // Where texts go, or neither goes (the page sends them to the shop either way), the number is asked for as before.
    for (const options of [{}, { emailUndelivered: 'outbox' as const }, { smsUndelivered: 'outbox' as const, emailUndelivered: 'catcher' as const }]) {
      const other = await started(options);
      const page = await (await fetch(`${other.base}/shops/fietsenmaker/join`)).text();
      expect(page).toContain('name="phone"');
      expect(shown(page)).toContain('Laat je nummer of e-mailadres achter');
    }
  });

  // The explorer's review: where neither texts nor e-mail go out, the join page let a customer fill in every field
  // before it said "Aanmelden kan hier nog niet". The page knows it before she types: it says so at its top at once.
  it('says at once, above the form, that no code or link arrives where neither texts nor e-mail go out', async () => {
    const warning = 'Let op: deze website verstuurt nog geen sms en geen e-mail (dat is nog niet ingesteld), dus er komt geen code of link aan. Vraag het in de winkel bij Fietsenmaker Test.';
    for (const emailUndelivered of ['outbox', 'catcher'] as const) {
      const { base, clock, webhookSecret } = await started({ smsUndelivered: 'outbox', emailUndelivered });
      const sale = await postSale(base, 'fietsenmaker', webhookSecret, saleBody({ customer: null }), clock.now());
      for (const url of [`${base}/shops/fietsenmaker/join`, String(sale.body.consentUrl).replace(PUBLIC_URL, base)]) {
        const page = shown(await (await fetch(url)).text());
        expect(page.indexOf(warning)).toBeGreaterThan(-1);
        expect(page.indexOf(warning)).toBeLessThan(page.indexOf('Laat je nummer of e-mailadres achter'));
      }
    }
    const en = await started({ smsUndelivered: 'outbox', emailUndelivered: 'outbox' });
    await en.store.shops.update('fietsenmaker', { locale: 'en' });
    expect(shown(await (await fetch(`${en.base}/shops/fietsenmaker/join`)).text())).toContain('Please note: this website sends no texts or e-mails yet');
    // Where either goes, nothing of the kind.
    for (const options of [{}, { smsUndelivered: 'outbox' as const }, { emailUndelivered: 'outbox' as const }]) {
      const other = await started(options);
      expect(await (await fetch(`${other.base}/shops/fietsenmaker/join`)).text()).not.toContain('Let op');
    }
  });

  // The review of 0f7e264: a number and an address where neither goes, and the page spoke of the texts only ("Aanmelden
  // per sms kan hier nog niet"), as if the e-mail went; the address was neither used nor said to be.
  it('says nothing can be sent from here of a number and an address where neither goes, and keeps nothing of either', async () => {
    const both = { ...byText, ...byMail };
    for (const emailUndelivered of ['outbox', 'catcher'] as const) {
      const { store, clock, post } = await started({ smsUndelivered: 'outbox', emailUndelivered });
      for (let i = 0; i < 5; i++) {
        const res = await post({ ...both, phone: `06 2000000${i}`, email: `klant${i}@example.com` });
        expect(res.status).toBe(200);
        expect(shown(await res.text())).toBe('Fietsenmaker Test Aanmelden kan hier nog niet Let op: deze website verstuurt nog geen sms en geen e-mail (dat is nog niet ingesteld), dus er komt geen code of link aan. Vraag het in de winkel bij Fietsenmaker Test.');
      }
      expect(await value(store.db, 'SELECT count(*) FROM join_confirmations')).toBe(0);
      const { dispatcher, sms, email } = testDispatcher(store);
      await dispatcher.tick(clock.now());
      expect(sms.sent).toEqual([]);
      expect(email.sent).toEqual([]);
      // None of the page's limits used: an address alone is still taken (for its link in the outbox).
      expect(shown(await (await post(byMail)).text())).toContain('Aanmelden per e-mail kan hier nog niet');
    }
    const en = await started({ smsUndelivered: 'outbox', emailUndelivered: 'outbox' });
    await en.store.shops.update('fietsenmaker', { locale: 'en' });
    expect(shown(await (await en.post(both)).text())).toBe('Fietsenmaker Test Signing up does not work here yet Please note: this website sends no texts or e-mails yet (none is set up), so no code or link will arrive. Ask in the shop at Fietsenmaker Test.');
    // From a receipt's link: the same, naming its purchase; nothing kept, the link still works.
    const sale = await postSale(en.base, 'fietsenmaker', en.webhookSecret, saleBody({ customer: null }), en.clock.now());
    const link = String(sale.body.consentUrl).replace(PUBLIC_URL, en.base);
    await en.store.shops.update('fietsenmaker', { locale: 'nl' });
    expect(shown(await (await en.post(both, link)).text())).toBe('Fietsenmaker Test Aanmelden kan hier nog niet Let op: deze website verstuurt nog geen sms en geen e-mail (dat is nog niet ingesteld), dus er komt geen code of link aan. Vraag het in de winkel bij Fietsenmaker Test. '
      + 'Het gaat om wat je bij Fietsenmaker Test kocht: Regenjas.');
    expect(await value(en.store.db, 'SELECT count(*) FROM join_confirmations')).toBe(0);
    expect((await fetch(link)).status).toBe(200);
  });

  // The review of the page without a code field: a page opened while texts went (Twilio), posted to once they no longer
  // do (OUTBOX_CHANNELS=sms), said "Deze code klopt niet. Je kunt het nog 4 keer proberen." with nowhere to try again.
  it('says nothing of a wrong code or one on its way on a page that has no field for it', async () => {
    const { store, clock, post } = await started({});
    const first = await post(byText);
    const token = /action="\/j\/([\w-]+)"/.exec(await first.text())![1]!;
    const now = await startApp(store, clock.now, { smsUndelivered: 'outbox' });
    const tried = (code: string) => fetch(`${now}/j/${token}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ code }).toString() });
    const notYet = shown(await (await tried('123456')).text());
    expect(notYet).toContain('dus de code komt niet aan');
    expect(notYet).not.toMatch(/onderweg|klopt niet|proberen/);
    await testDispatcher(store).dispatcher.tick(clock.now());
    const wrong = await tried('000000');
    expect(shown(await wrong.text())).not.toMatch(/klopt niet|proberen/);
  });

  // The newcomer's review: each such sign-up kept a request and wrote a code to the outbox that no field could take, and
  // counted toward the page's limits: three turned a customer with an e-mail address away, more closed the page.
  it('keeps nothing of a number where texts go nowhere, so that it uses up none of the page\'s limits', async () => {
    const { store, clock, post } = await started({ smsUndelivered: 'outbox' });
    for (let i = 0; i < 5; i++) expect(shown(await (await post({ phone: `06 2000000${i}`, sms: 'yes' })).text())).toContain('Aanmelden per sms kan hier nog niet');
    expect(await value(store.db, 'SELECT count(*) FROM join_confirmations')).toBe(0);
    const { dispatcher, sms } = testDispatcher(store);
    await dispatcher.tick(clock.now());
    expect(sms.sent).toEqual([]);
    const res = await post(byMail);
    expect(res.status).toBe(200);
    expect(shown(await res.text())).toContain('Kijk in je mail');
  });

  // The same review: "Kijk in je mail", then "de link komt niet aan", then "Geen e-mail gekregen? Heb je je ooit afgemeld …?".
  it('says plainly that signing up by e-mail does not work here where no e-mail goes out, and blames no unsubscribe', async () => {
    const said = shown(await joined({ emailUndelivered: 'outbox' }, byMail));
    expect(said).toBe('Fietsenmaker Test Aanmelden per e-mail kan hier nog niet Let op: deze website verstuurt nog geen e-mail (dat is nog niet ingesteld), dus de link komt niet aan. Vraag het in de winkel bij Fietsenmaker Test.');
  });

  // A review: the page still asked for the code that never comes, and "Geen code gekregen? ... vraag daarna opnieuw een
  // code", which sends nothing either.
  it('asks for no code where texts go nowhere: the shop, or the form again for an e-mail address where e-mail does go', async () => {
    const onlyMail = await joined({ smsUndelivered: 'outbox' }, byText);
    expect(shown(onlyMail)).toBe(
      'Fietsenmaker Test Aanmelden per sms kan hier nog niet Let op: deze website verstuurt nog geen sms (dat is nog niet ingesteld), dus de code komt niet aan. Vraag het in de winkel bij Fietsenmaker Test. '
      + 'Per e-mail kan het wel: vul je e-mailadres in en vink aan dat Fietsenmaker Test je mag mailen. Je krijgt dan een link om te bevestigen. Terug naar het formulier',
    );
    expect(onlyMail).toMatch(/<a href="\/shops\/fietsenmaker\/join"[^>]*>Terug naar het formulier<\/a>/);
    for (const page of [onlyMail, await joined({ smsUndelivered: 'outbox', emailUndelivered: 'outbox' }, byText)]) {
      expect(page).not.toContain('<form');
      expect(page).not.toContain('name="code"');
    }
    // Neither goes: the shop it is.
    expect(shown(await joined({ smsUndelivered: 'outbox', emailUndelivered: 'catcher' }, byText))).toBe(
      'Fietsenmaker Test Aanmelden per sms kan hier nog niet Let op: deze website verstuurt nog geen sms (dat is nog niet ingesteld), dus de code komt niet aan. Vraag het in de winkel bij Fietsenmaker Test.',
    );
  });

  it('in English and in "u", and from a receipt\'s link, back to that link\'s form', async () => {
    const en = await started({ smsUndelivered: 'outbox' });
    await en.store.shops.update('fietsenmaker', { locale: 'en' });
    expect(shown(await (await en.post(byText)).text())).toBe(
      'Fietsenmaker Test Signing up by text does not work here yet Please note: this website sends no texts yet (none is set up), so the code will not arrive. Ask in the shop at Fietsenmaker Test. '
      + 'E-mail does work: fill in your e-mail address and tick that Fietsenmaker Test may e-mail you. You then get a link to confirm. Back to the form',
    );
    const u = await started({ smsUndelivered: 'outbox' });
    await u.store.shops.update('fietsenmaker', { formal: 1 });
    const sale = await postSale(u.base, 'fietsenmaker', u.webhookSecret, saleBody({ customer: null }), u.clock.now());
    const link = String(sale.body.consentUrl);
    const page = await (await u.post(byText, link.replace(PUBLIC_URL, u.base))).text();
    expect(shown(page)).toContain('dus de code komt niet aan. Vraag het in de winkel bij Fietsenmaker Test. Het gaat om wat u bij Fietsenmaker Test kocht: Regenjas. '
      + 'Per e-mail kan het wel: vul uw e-mailadres in en vink aan dat Fietsenmaker Test u mag mailen. U krijgt dan een link om te bevestigen. Terug naar het formulier');
    expect(page).toMatch(new RegExp(`<a href="${new URL(link).pathname}"[^>]*>Terug naar het formulier</a>`));
    expect(page).not.toContain('name="code"');
  });
});

// The thanks page said "Afmelden kan altijd: met STOP per sms, of de link in de e-mail" to everyone: a customer who
// confirmed only her address looked for a STOP to texts she never gets. It names only the ways that are hers.
describe('the thanks page names only the ways to stop that are the customer\'s', () => {
  const shown = (page: string) => /<main>([\s\S]*)<\/main>/.exec(page)![1]!.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim();
  const thanks = async (form: Record<string, string>, settings: Record<string, unknown> = {}, join = true) => {
    const s = await setup();
    await s.store.shops.update('fietsenmaker', settings);
    const done = await s.confirm(await s.submit(form, join ? `${s.base}/shops/fietsenmaker/join` : s.local));
    expect(done.status).toBe(200);
    return { ...s, said: shown(await done.text()) };
  };
  const byText = { phone: '06 13572468', sms: 'yes' };
  const byMail = { email: 'piet@example.com', email_ok: 'yes' };

  it('an address: only the unsubscribe link at the foot of every e-mail from the shop (the confirmation has none); a number: only STOP by text (the join page and a receipt\'s link)', async () => {
    for (const join of [true, false]) {
      const mail = await thanks(byMail, {}, join);
      expect(mail.said).toContain('Fietsenmaker Test mag je nu vragen hoe het bevalt, en je later nog eens uitnodigen. Afmelden kan altijd: met de afmeldlink onderaan elke e-mail van Fietsenmaker Test.');
      expect(mail.said).not.toMatch(/STOP|sms/);
      // The page again (the e-mail's link opened once more): the same.
      const link = /https:\/\/deals\.example\.test\/j\/[\w-]+/.exec(mail.email.sent.at(-1)!.text)![0].replace(PUBLIC_URL, mail.base);
      expect(shown(await (await fetch(link)).text())).toContain('Afmelden kan altijd: met de afmeldlink onderaan elke e-mail van Fietsenmaker Test.');
      const text = await thanks(byText, {}, join);
      expect(text.said).toContain('uitnodigen. Afmelden kan altijd: met STOP per sms.');
      expect(text.said).not.toContain('e-mail');
    }
  });

  it('a number and an address, yes to both: the one confirmed only (the other is not kept)', async () => {
    expect((await thanks({ ...byText, ...byMail })).said).toContain('Afmelden kan altijd: met STOP per sms.');
  });

  it('both where the shop may message her on both: her till gave her number and address, with consent', async () => {
    const s = await setup();
    const earlier = saleBody({ id: 'earlier', occurredAt: '2026-03-05T11:00:00+01:00', customer: { phone: '06 13572468', email: 'piet@example.com', consent: { sms: true, email: true } } });
    expect((await postSale(s.base, 'fietsenmaker', s.webhookSecret, earlier, s.clock.now())).status).toBe(201);
    const said = shown(await (await s.confirm(await s.submit(byMail))).text());
    expect(said).toContain('Afmelden kan altijd: met STOP per sms, of met de afmeldlink onderaan elke e-mail van Fietsenmaker Test.');
    // Unsubscribed from the e-mails since (the link in one): STOP by text only is hers, her number confirmed now.
    const again = await setup();
    const customerId = (await postSale(again.base, 'fietsenmaker', again.webhookSecret, earlier, again.clock.now())).body.customerId as number;
    expect(await again.store.customers.optOut(customerId, 'email', 'unsubscribe_link', again.clock.now())).toBe(true);
    expect(shown(await (await again.confirm(await again.submit(byText))).text())).toContain('Afmelden kan altijd: met STOP per sms.');
  });

  it('in English and in "u"', async () => {
    expect((await thanks(byMail, { locale: 'en' })).said).toContain('invite you back later. You can stop at any time: every e-mail from Fietsenmaker Test has an unsubscribe link at the bottom.');
    expect((await thanks(byText, { locale: 'en' })).said).toContain('invite you back later. You can stop at any time: reply STOP to a text.');
    expect((await thanks(byMail, { formal: 1 })).said).toContain('u later nog eens uitnodigen. Afmelden kan altijd: met de afmeldlink onderaan elke e-mail van Fietsenmaker Test.');
    expect((await thanks(byText, { formal: 1 })).said).toContain('u later nog eens uitnodigen. Afmelden kan altijd: met STOP per sms.');
  });
});

// The review of the join-page commits: the join page, its thanks page and its poster said what is true only where texts
// and e-mail both go out. A store built as main.ts builds it (createStore(db, delivering(config))), with the app told the
// same: no Twilio is texts to the outbox, no SMTP is e-mail to it.
describe('the join page says what is true for the channels that go out', () => {
  const shown = (page: string) =>
    /<main>([\s\S]*)<\/main>/.exec(page)![1]!.replace(/<[^>]+>/g, ' ').replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/\s+/g, ' ').trim();
  const started = async (delivering: Delivering) => {
    const db = await testDatabase();
    const store: TestStore = { ...createStore(db, delivering), db };
    const clock = testClock('2026-03-14T15:31:00+01:00');
    const { webhookSecret } = await createShop(store);
    const base = await startApp(store, clock.now, { smsUndelivered: delivering.sms ? undefined : 'outbox', emailUndelivered: delivering.email ? undefined : 'outbox' });
    const post = (form: Record<string, string>, to = `${base}/shops/fietsenmaker/join`) =>
      fetch(to, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() });
    const { dispatcher, sms, email } = testDispatcher(store);
    /** Sends what the form queued and confirms it as its owner does (the texted code, or the e-mailed link): the thanks page. */
    async function confirm(answer: Response): Promise<{ said: string; link: string | null }> {
      expect(answer.status).toBe(200);
      const page = await answer.text();
      await dispatcher.tick(clock.now());
      const token = /action="\/j\/([\w-]+)"/.exec(page)?.[1];
      if (token) return { said: shown(await (await post({ code: /\b(\d{6})\b/.exec(sms.sent.at(-1)!.body)![1]! }, `${base}/j/${token}`)).text()), link: null };
      const link = /https:\/\/deals\.example\.test\/j\/[\w-]+/.exec(email.sent.at(-1)!.text)![0].replace(PUBLIC_URL, base);
      return { said: shown(await (await post({}, link)).text()), link };
    }
    /** Her till's earlier sale, which gave her number and address, with consent to both. */
    const tillKnew = async (phone: string) => {
      const earlier = saleBody({ id: 'earlier', occurredAt: '2026-03-05T11:00:00+01:00', customer: { phone, email: 'piet@example.com', consent: { sms: true, email: true } } });
      expect((await postSale(base, 'fietsenmaker', webhookSecret, earlier, clock.now())).status).toBe(201);
    };
    return { store, clock, base, webhookSecret, post, confirm, tillKnew };
  };
  const byText = { phone: '06 13572468', sms: 'yes' };
  const byMail = { email: 'piet@example.com', email_ok: 'yes' };

  it('names on the thanks page only a way to stop that reaches her: no STOP where texts go nowhere, no link where e-mail does not', async () => {
    // No Twilio: her till gave her number and address, with consent; she confirms her address. The page again: the same.
    const noTwilio = await started({ sms: false, email: true });
    await noTwilio.tillKnew('06 13572468');
    const mail = await noTwilio.confirm(await noTwilio.post(byMail));
    expect(mail.said).toContain('Fietsenmaker Test mag je nu vragen hoe het bevalt, en je later nog eens uitnodigen. Afmelden kan altijd: met de afmeldlink onderaan elke e-mail van Fietsenmaker Test.');
    expect(mail.said).not.toMatch(/STOP|sms/);
    expect(shown(await (await fetch(mail.link!)).text())).toContain('uitnodigen. Afmelden kan altijd: met de afmeldlink onderaan elke e-mail van Fietsenmaker Test.');
    // Texts do go, but the number her till gave is a landline: it takes no text (her messages go by e-mail). A VoIP
    // number (085) is texted, as chooseChannel reads it (canReceiveSms): STOP is hers there.
    const landline = await started({ sms: true, email: true });
    await landline.tillKnew('020 1234567');
    const said = (await landline.confirm(await landline.post(byMail))).said;
    expect(said).toContain('uitnodigen. Afmelden kan altijd: met de afmeldlink onderaan elke e-mail van Fietsenmaker Test.');
    expect(said).not.toMatch(/STOP|sms/);
    // Twilio and no SMTP: she confirms her number by text; the e-mail her till knew goes nowhere.
    const noSmtp = await started({ sms: true, email: false });
    await noSmtp.tillKnew('06 13572468');
    const text = (await noSmtp.confirm(await noSmtp.post(byText))).said;
    expect(text).toContain('uitnodigen. Afmelden kan altijd: met STOP per sms.');
    expect(text).not.toContain('e-mail');
  });

  it('names no way to stop at all where neither reaches her (an address confirmed through the link the outbox holds)', async () => {
    const neither = await started({ sms: false, email: false });
    await neither.tillKnew('06 13572468');
    const said = (await neither.confirm(await neither.post(byMail))).said;
    expect(said).toBe('Fietsenmaker Test Dank je wel! Fietsenmaker Test mag je nu vragen hoe het bevalt, en je later nog eens uitnodigen.');
    const en = await started({ sms: false, email: false });
    await en.store.shops.update('fietsenmaker', { locale: 'en' });
    expect((await en.confirm(await en.post(byMail))).said).toBe('Fietsenmaker Test Thank you! Fietsenmaker Test may now ask you how it is going, and invite you back later.');
  });

  // A landline or VoIP number and an address, yes to both, where neither goes: the page said "Aanmelden per e-mail kan
  // hier nog niet … de link komt niet aan" and then "je krijgt berichten per e-mail", and kept a request (limits used).
  it('says nothing can be sent from here of a landline or VoIP number and an address where neither goes, and keeps nothing', async () => {
    const { store, base, webhookSecret, clock, post } = await started({ sms: false, email: false });
    for (const phone of ['020 1234567', '085 1234567', '06 13572468']) {
      const res = await post({ phone, sms: 'yes', ...byMail });
      expect(res.status).toBe(200);
      expect(shown(await res.text())).toBe('Fietsenmaker Test Aanmelden kan hier nog niet Let op: deze website verstuurt nog geen sms en geen e-mail (dat is nog niet ingesteld), dus er komt geen code of link aan. Vraag het in de winkel bij Fietsenmaker Test.');
    }
    const sale = await postSale(base, 'fietsenmaker', webhookSecret, saleBody({ customer: null }), clock.now());
    const link = String(sale.body.consentUrl).replace(PUBLIC_URL, base);
    expect(shown(await (await post({ phone: '020 1234567', sms: 'yes', ...byMail }, link)).text())).toBe('Fietsenmaker Test Aanmelden kan hier nog niet Let op: deze website verstuurt nog geen sms en geen e-mail (dat is nog niet ingesteld), dus er komt geen code of link aan. Vraag het in de winkel bij Fietsenmaker Test. '
      + 'Het gaat om wat je bij Fietsenmaker Test kocht: Regenjas.');
    expect(await value(store.db, 'SELECT count(*) FROM join_confirmations')).toBe(0);
  });

  // The form that asks for an address only (no Twilio, e-mail goes out): an empty address with the box ticked was told
  // it twice, and an old form's bad number, beside a good address, "Dit mobiele nummer klopt niet." with no field for it.
  it('on the form for an e-mail address only, says a missing address once and does not check a number it does not use', async () => {
    const { store, post } = await started({ sms: false, email: true });
    const empty = await post({ email_ok: 'yes' });
    expect(empty.status).toBe(400);
    const errors = /<div role="alert"[^>]*>([\s\S]*?)<\/div>/.exec(await empty.text())![1]!.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim();
    expect(errors).toBe('Vul je e-mailadres in.');
    // An old form: a bad number (or none) with "sms" ticked, beside a good address: on with the address. The number is
    // not kept, and she is told so where she typed one.
    const bad = await post({ phone: '12', sms: 'yes', ...byMail });
    expect(bad.status).toBe(200);
    const said = shown(await bad.text());
    expect(said).toContain('Kijk in je mail We sturen een e-mail naar piet@example.com.');
    expect(said).toContain("Sms'en kan Fietsenmaker Test hier nog niet, dus je nummer bewaren we niet: je krijgt berichten per e-mail.");
    expect(said).not.toContain('klopt niet');
    const none = await post({ sms: 'yes', email: 'jan@example.com', email_ok: 'yes' });
    expect(none.status).toBe(200);
    expect(shown(await none.text())).not.toMatch(/nummer|sms/);
    expect(await all(store.db, 'SELECT channel, destination FROM join_confirmations ORDER BY id')).toEqual([
      { channel: 'email', destination: 'piet@example.com' }, { channel: 'email', destination: 'jan@example.com' },
    ]);
    await store.shops.update('fietsenmaker', { formal: 1 });
    const u = /<div role="alert"[^>]*>([\s\S]*?)<\/div>/.exec(await (await post({ email_ok: 'yes' })).text())![1]!.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim();
    expect(u).toBe('Vul uw e-mailadres in.');
  });

  it('has the poster ask for an e-mail address where its page asks for nothing else', async () => {
    const poster = async (s: Awaited<ReturnType<typeof started>>) => shown(await (await fetch(`${s.base}/shops/fietsenmaker/join/poster`)).text());
    const mailOnly = await started({ sms: false, email: true });
    expect(await poster(mailOnly)).toContain('Scan en laat je e-mailadres achter: dan kan Fietsenmaker Test je vragen hoe je aankoop bevalt.');
    await mailOnly.store.shops.update('fietsenmaker', { formal: 1 });
    expect(await poster(mailOnly)).toContain('Scan en laat uw e-mailadres achter: dan kan Fietsenmaker Test u vragen hoe uw aankoop bevalt.');
    await mailOnly.store.shops.update('fietsenmaker', { formal: 0, locale: 'en' });
    expect(await poster(mailOnly)).toContain('Scan and leave your e-mail address: then Fietsenmaker Test can ask you how your purchase is going.');
    // Where the page asks for the number too: as before.
    for (const delivering of [{ sms: true, email: true }, { sms: false, email: false }, { sms: true, email: false }]) {
      expect(await poster(await started(delivering))).toContain('Scan en laat je nummer achter');
    }
  });
});
