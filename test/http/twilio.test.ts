import { readFileSync } from 'node:fs';
import express from 'express';
import type { AddressInfo } from 'node:net';
import twilio from 'twilio';
import { describe, expect, it } from 'vitest';
import { SendFailure } from '../../src/channels/types.js';
import { twilioSignature } from '../../src/http/twilio.js';
import type { Store } from '../../src/db/store.js';
import { hashPassword } from '../../src/domain/password.js';
import { TWILIO_AUTH_TOKEN, heldAsWordsTillHandled, messageSid, onCleanup, ownerClient, postSale, postTwilio, run, saleBody, scenario, startApp, twimlMessage } from '../helpers.js';
import type { Logger } from '../../src/log.js';
import { gsmUnits, smsSegments } from '../../src/domain/sms.js';
import { createLogger } from '../../src/log.js';

const vectors = JSON.parse(readFileSync(new URL('../fixtures/vendor/test-vectors.json', import.meta.url), 'utf8')).twilio;
const inboundSamples = readFileSync(new URL('../fixtures/vendor/twilio-inbound-sms.txt', import.meta.url), 'utf8')
  .split('\n')
  .filter((l) => l && !l.startsWith('#'));

/** Our signature check on a bare app, mounted where Twilio's published examples were posted. */
async function verifierAt(publicUrl: string, path: string, authToken = '12345', errors: string[] = []) {
  const log = { error: (_o: unknown, message: string) => void errors.push(message) } as unknown as Logger;
  const app = express().post(path, express.urlencoded({ extended: false }), twilioSignature(authToken, publicUrl, log), (_req, res) => void res.send('ok'));
  app.use((err: { status?: number }, _req: express.Request, res: express.Response, _next: express.NextFunction) => void res.status(err.status ?? 500).end());
  const server = app.listen(0, '127.0.0.1');
  await new Promise((ok) => server.once('listening', ok));
  onCleanup(() => new Promise<void>((done) => server.close(() => done())));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const post = (query: string, form: string, signature: string) =>
    fetch(`${base}${path}${query}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature }, body: form }).then((r) => r.status);
  return Object.assign(post, { base });
}

describe('X-Twilio-Signature', () => {
  it("accepts Twilio's published example, and refuses it changed", async () => {
    const v = vectors[0];
    const post = await verifierAt('https://mycompany.com', '/myapp.php');
    const form = new URLSearchParams(v.params).toString();
    expect(await post('?foo=1&bar=2', form, v.expected)).toBe(200);
    expect(await post('?foo=1&bar=2', form.replace('1234', '1235'), v.expected)).toBe(403);
    expect(await post('?foo=1&bar=3', form, v.expected)).toBe(403);
    expect(await post('?foo=1&bar=2', form, '')).toBe(403);
  });

  it("accepts twilio-node's vectors, with and without the default port", async () => {
    const post = await verifierAt('https://mycompany.com', '/myapp.php');
    const form = new URLSearchParams(vectors[1].params).toString();
    expect(await post('?foo=1&bar=2', form, vectors[1].expected)).toBe(200);
    const withPort = await verifierAt('https://mycompany.com:443', '/myapp.php');
    expect(await withPort('?foo=1&bar=2', form, vectors[2].expected)).toBe(200);
  });

  // Twilio's console with another address than PUBLIC_URL: every reply, STOPs and complaints too, gets a 403, and
  // Twilio does not deliver a refused reply again. Before, only a counter showed it.
  it('refuses a signature made for the address the request came to, and tells the operator that PUBLIC_URL differs', async () => {
    const errors: string[] = [];
    const post = await verifierAt('https://deals.example.nl', '/v1/twilio/inbound', TWILIO_AUTH_TOKEN, errors);
    const params = { MessageSid: messageSid(), From: '+31613572468', To: '+15005550006', Body: 'Stop' };
    const form = new URLSearchParams(params).toString();
    const signed = (url: string) => twilio.getExpectedTwilioSignature(TWILIO_AUTH_TOKEN, url, params);
    expect(await post('', form, signed('https://elders.example/v1/twilio/inbound'))).toBe(403);
    expect(errors).toEqual([]); // not made for this address either: a forgery, or another installation's
    for (let i = 0; i < 2; i++) expect(await post('', form, signed(`${post.base}/v1/twilio/inbound`))).toBe(403);
    expect(errors).toEqual([expect.stringContaining('Twilio posts to another address than PUBLIC_URL, so every reply is refused')]);
  });

  it('verifies the captured Dutch inbound SMS, empty parameters included', async () => {
    const post = await verifierAt('https://example.com', '/webhooks/twilio/sms');
    const dutch = inboundSamples.find((l) => l.includes('ToCountry=NL'))!;
    expect(await post('', dutch, vectors.find((v: { note?: string }) => v.note?.includes('Dutch')).expected)).toBe(200);
    expect(await post('', dutch.replace('ToState=&', ''), vectors.find((v: { note?: string }) => v.note?.includes('Dutch')).expected)).toBe(403);
  });
});

async function textedCustomer(options: Parameters<typeof scenario>[0] = {}) {
  const s = await scenario(options);
  await s.tick('2026-03-15T10:00:00+01:00');
  expect(s.sms.sent).toHaveLength(1);
  const reply = (Body: string, extra: Record<string, string> = {}) =>
    postTwilio(s.base, '/v1/twilio/inbound', { MessageSid: messageSid(), From: '+31613572468', To: '+15005550006', Body, ...extra });
  const replies = () => s.all<{ class: string; body: string; message_id: number; sale_id: number }>('SELECT class, body, message_id, sale_id FROM replies ORDER BY id');
  const customer = () => s.one<{ sms_opted_out_at: number | null; sms_consent: number }>('SELECT sms_opted_out_at, sms_consent FROM customers');
  const comeback = () => s.one<{ status: string; held_by: number | null; error: string | null }>("SELECT status, held_by, error FROM messages WHERE kind = 'comeback'");
  return { ...s, reply, replies, customer, comeback };
}

describe('POST /v1/twilio/inbound', () => {
  it('stores the reply with the check-in it answers and the sale behind it, and thanks the customer once', async () => {
    const s = await textedCustomer();
    const res = await s.reply('Top, bevalt prima!');
    expect(res.status).toBe(200);
    expect(twimlMessage(res.text)).toBe('Dank je wel voor je reactie! Groet, Fietsenmaker Test');
    const checkin = await s.one<{ id: number; sale_id: number }>("SELECT id, sale_id FROM messages WHERE kind = 'checkin'");
    expect(await s.replies()).toEqual([{ class: 'positive', body: 'Top, bevalt prima!', message_id: checkin.id, sale_id: checkin.sale_id }]);
    expect(twimlMessage((await s.reply('Echt waar')).text)).toBeNull();
  });

  // The customer review: "Top!" was thanked, then "Hij lekt toch" got nothing back, and she could not know anyone read it.
  it('tells a customer her problem is heard when it follows a first happy reply, once; a question likewise', async () => {
    const s = await textedCustomer();
    await s.store.shops.update('fietsenmaker', { alertEmail: 'eigenaar@fietsenmaker.example' });
    expect(twimlMessage((await s.reply('Top, bevalt prima!')).text)).toBe('Dank je wel voor je reactie! Groet, Fietsenmaker Test');
    const sorry = twimlMessage((await s.reply('Hmm, de rits is toch kapot')).text);
    expect(sorry).toBe('Dank je, wat vervelend. Fietsenmaker Test neemt snel contact met je op.');
    expect(twimlMessage((await s.reply('De knoop is ook kapot')).text)).toBeNull(); // told once
    expect(twimlMessage((await s.reply('Kan ik hem wassen?')).text)).toBeNull(); // an ask was answered already
    expect((await s.replies()).map((r) => r.class)).toEqual(['positive', 'problem', 'problem', 'question']);
    const t = await textedCustomer();
    await t.store.shops.update('fietsenmaker', { alertEmail: 'eigenaar@fietsenmaker.example' });
    await t.reply('Top, bevalt prima!');
    expect(twimlMessage((await t.reply('Kan ik hem wassen?')).text)).not.toBeNull();
    expect(twimlMessage((await t.reply('Super')).text)).toBeNull();
  });

  // The review of 5 December 2026: a "Help!" is on the owner's list as a problem but answered with the carrier's HELP
  // text; it used up the "sorry", and her complaint after it got nothing back. Only an answered ask uses it up.
  it('tells a customer her complaint is heard after a "Help!" that got the HELP text, once, and not again on its redelivery', async () => {
    const s = await textedCustomer();
    await s.store.shops.update('fietsenmaker', { alertEmail: 'eigenaar@fietsenmaker.example' });
    expect(twimlMessage((await s.reply('Help!')).text)).toBe('Fietsenmaker Test: we vragen na een aankoop hoe het bevalt. Antwoord gerust. Afmelden: STOP');
    const sid = messageSid();
    expect(twimlMessage((await s.reply('Hij lekt toch', { MessageSid: sid })).text)).toBe('Dank je, wat vervelend. Fietsenmaker Test neemt snel contact met je op.');
    expect(twimlMessage((await s.reply('Hij lekt toch', { MessageSid: sid })).text)).toBeNull(); // Twilio's redelivery
    expect(twimlMessage((await s.reply('De rits is ook kapot')).text)).toBeNull(); // told once
    expect((await s.replies()).map((r) => r.class)).toEqual(['problem', 'problem', 'problem']);
  });

  // The same review: a complaint sent while she had opted out got no answer (nothing goes to one who opted out), yet
  // used up the "sorry": back in with START, her next complaint got nothing either.
  it('tells a customer her complaint is heard once she is back in, when the one she sent while opted out got no answer', async () => {
    const s = await textedCustomer();
    await s.store.shops.update('fietsenmaker', { alertEmail: 'eigenaar@fietsenmaker.example' });
    await s.reply('STOP');
    expect(twimlMessage((await s.reply('Hij lekt')).text)).toBeNull();
    expect(twimlMessage((await s.reply('START')).text)).not.toBeNull();
    expect(twimlMessage((await s.reply('Hij lekt toch nog steeds')).text)).toBe('Dank je, wat vervelend. Fietsenmaker Test neemt snel contact met je op.');
    expect(twimlMessage((await s.reply('Hoe lang duurt het nog?')).text)).toBeNull(); // told once
    expect((await s.replies()).map((r) => r.class)).toEqual(['opt_out', 'problem', 'opt_in', 'problem', 'question']);
  });

  // The review of answered_with: a stranger told "dit nummer krijgt geen sms meer" was then told "Fietsenmaker Test
  // neemt snel contact met je op" of their next question or complaint.
  it('answers a stranger nothing more after "wrong number", whatever they write next', async () => {
    const s = await textedCustomer();
    await s.store.shops.update('fietsenmaker', { alertEmail: 'eigenaar@fietsenmaker.example' });
    expect(twimlMessage((await s.reply('Verkeerd nummer')).text)).toMatch(/niet voor jou bedoeld/);
    expect(twimlMessage((await s.reply('Wie is dit? Waarom krijg ik dit?')).text)).toBeNull();
    expect(twimlMessage((await s.reply('Ik heb niks gekocht, dit klopt niet')).text)).toBeNull();
  });

  it('names a shop whose name has no letters an SMS can carry by its slug in its answers, never by nothing', async () => {
    const s = await textedCustomer();
    await s.store.shops.update('fietsenmaker', { name: 'Калинка' });
    expect(twimlMessage((await s.reply('Top, bevalt prima!')).text)).toBe('Dank je wel voor je reactie! Groet, fietsenmaker');
    expect(twimlMessage((await s.reply('STOP')).text)).toBe('Je bent afgemeld: je krijgt geen sms meer van fietsenmaker. Stuur START om je weer aan te melden.');
  });

  // Found by the customer-side review: a HELP first used up the one thank-you; "Stop a.u.b." put "u. b" on the
  // owner's list; "Yess" from a subscribed customer was taken for the keyword YES.
  it('thanks words after an INFO, reads "Stop a.u.b." as a STOP alone, and "Yess" as praise', async () => {
    const s = await textedCustomer();
    await s.reply('INFO');
    expect(twimlMessage((await s.reply('Top, bevalt prima!')).text)).toBe('Dank je wel voor je reactie! Groet, Fietsenmaker Test');
    expect(twimlMessage((await s.reply('Yess')).text)).toBeNull(); // thanked once already
    expect((await s.replies()).map((r) => r.class)).toEqual(['help', 'positive', 'positive']);
    expect(twimlMessage((await s.reply('Stop a.u.b.')).text)).toMatch(/^Je bent afgemeld/);
    expect((await s.replies()).at(-1)).toMatchObject({ class: 'opt_out' });
  });

  it('answers in the customer\'s language', async () => {
    const s = await textedCustomer({ customer: { name: 'Sam', phone: '06 13572468', locale: 'en-GB', consent: { sms: true } } });
    expect(twimlMessage((await s.reply('Love it, thanks')).text)).toBe('Thank you for your reply! Kind regards, Fietsenmaker Test');
  });

  it('refuses a wrong or missing signature with 403 and stores nothing', async () => {
    const s = await textedCustomer();
    const params = { MessageSid: messageSid(), From: '+31613572468', To: '+15005550006', Body: 'STOP' };
    expect((await postTwilio(s.base, '/v1/twilio/inbound', params, 'bm90IHRoZSBzaWduYXR1cmU=')).status).toBe(403);
    const unsigned = await fetch(`${s.base}/v1/twilio/inbound`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(params).toString() });
    expect(unsigned.status).toBe(403);
    // Signed for another URL (the loopback address instead of PUBLIC_URL): refused too.
    const elsewhere = twilio.getExpectedTwilioSignature('test-auth-token', `${s.base}/v1/twilio/inbound`, params);
    expect((await postTwilio(s.base, '/v1/twilio/inbound', params, elsewhere)).status).toBe(403);
    expect(await s.replies()).toEqual([]);
    expect((await s.customer()).sms_opted_out_at).toBeNull();
  });

  it('stores a redelivered webhook once and answers it once', async () => {
    const s = await textedCustomer();
    const params = { MessageSid: messageSid(), From: '+31613572468', To: '+15005550006', Body: 'Prima' };
    const first = await postTwilio(s.base, '/v1/twilio/inbound', params);
    const again = await postTwilio(s.base, '/v1/twilio/inbound', params);
    expect(twimlMessage(first.text)).not.toBeNull();
    expect(twimlMessage(again.text)).toBeNull();
    expect(await s.replies()).toHaveLength(1);
  });

  it('answers a number it never texted with an empty TwiML and stores nothing', async () => {
    const s = await textedCustomer();
    const res = await postTwilio(s.base, '/v1/twilio/inbound', { MessageSid: messageSid(), From: '+31687654321', To: '+15005550006', Body: 'Wie is dit?' });
    expect(res.text).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
    expect(await s.replies()).toEqual([]);
  });

  it.each([['STOP'], ['stop'], ['  Stop. '], ['STOPALL'], ['UNSUBSCRIBE'], ['CANCEL'], ['END'], ['QUIT'], ['STOPPEN'], ['afmelden'], ['Uitschrijven!'], ['Abmelden'], ['Arrêt']])(
    '%s opts the customer out of SMS, cancels pending SMS and confirms once',
    async (word) => {
      const s = await textedCustomer();
      const res = await s.reply(word);
      expect(twimlMessage(res.text)).toBe('Je bent afgemeld: je krijgt geen sms meer van Fietsenmaker Test. Stuur START om je weer aan te melden.');
      expect((await s.customer()).sms_opted_out_at).toBe(Date.parse('2026-03-15T10:00:00+01:00'));
      expect(await s.comeback()).toMatchObject({ status: 'cancelled', error: 'opted_out_keyword' });
      expect(await s.one('SELECT channel, given, source FROM consent_events ORDER BY id DESC LIMIT 1')).toEqual({ channel: 'sms', given: 0, source: 'sms_keyword' });
      expect(twimlMessage((await s.reply(word)).text)).toBeNull();
    },
  );

  // One person can be several customer rows of a shop (the till's customer c2 later given the family's phone).
  async function twoRowsOneNumber() {
    const s = await scenario({ customer: { name: 'Sanne', posCustomerId: 'c1', phone: '06 13572468', consent: { sms: true } } });
    await s.post(saleBody({ id: 'sale-2', customer: { name: 'Daan', posCustomerId: 'c2', phone: '06 87654321', consent: { sms: true } } }));
    await s.post(saleBody({ id: 'sale-3', occurredAt: '2026-03-14T15:31:00+01:00', customer: { name: 'Daan', posCustomerId: 'c2', phone: '06 13572468', consent: { sms: true } } }));
    expect(await s.all("SELECT id FROM customers WHERE phone = '+31613572468'")).toHaveLength(2);
    await s.tick('2026-03-15T10:00:00+01:00');
    const reply = (Body: string) => postTwilio(s.base, '/v1/twilio/inbound', { MessageSid: messageSid(), From: '+31613572468', To: '+15005550006', Body });
    const optedOut = async () =>
      (await s.all<{ at: number | null }>("SELECT sms_opted_out_at AS at FROM customers WHERE phone = '+31613572468' ORDER BY id")).map((c) => c.at && Number(c.at));
    return { ...s, reply, optedOut };
  }

  it('STOP stops every SMS of the shop to that number, whichever customer row it sits on', async () => {
    const s = await twoRowsOneNumber();
    expect(twimlMessage((await s.reply('STOP')).text)).toMatch(/afgemeld/);
    expect(await s.optedOut()).toEqual([s.clock.now(), s.clock.now()]);
    const before = s.sms.sent.length;
    await s.tick('2026-04-14T10:00:00+02:00'); // the come-back invitations' time
    await s.tick('2026-04-15T10:00:00+02:00');
    expect(s.sms.sent.slice(before)).toEqual([]);
    // Daan's purchase on that number took the place of Sanne's invitation (and of his own, meant for his old number);
    // his new one, the one left, is stopped.
    expect(await s.all("SELECT s.till_sale_id AS sale, m.error FROM messages m JOIN sales s ON s.id = m.sale_id WHERE m.kind = 'comeback' ORDER BY m.id")).toEqual([
      { sale: 'sale-1', error: 'bought_again' },
      { sale: 'sale-2', error: 'contact_changed' },
      { sale: 'sale-3', error: 'opted_out_keyword' },
    ]);
    expect(await s.all('SELECT customer_id FROM replies')).toHaveLength(1);
  });

  it('START after STOP opts every row with that number back in', async () => {
    const s = await twoRowsOneNumber();
    await s.reply('STOP');
    expect(twimlMessage((await s.reply('START')).text)).toMatch(/Welkom terug/);
    expect(await s.optedOut()).toEqual([null, null]);
    expect(await s.all("SELECT customer_id FROM consent_events WHERE source = 'sms_keyword' AND given = 1")).toHaveLength(2);
  });

  // The database briefly unavailable (SQLITE_BUSY, a fail-over, a restart) just as the consent change is written, after
  // the reply was stored: Twilio is answered 503 and delivers the same message again.
  async function consentFailsOnce(s: Awaited<ReturnType<typeof textedCustomer>>, change: 'optOut' | 'optIn') {
    let failed = false;
    const customers = { ...s.store.customers };
    customers[change] = (...a) => {
      if (failed) return s.store.customers[change](...a);
      failed = true;
      return Promise.reject(Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' }));
    };
    const base = await startApp({ ...s.store, customers } satisfies Store, s.clock.now);
    return (Body: string) => {
      const params = { MessageSid: messageSid(), From: '+31613572468', To: '+15005550006', Body };
      return [postTwilio(base, '/v1/twilio/inbound', params), () => postTwilio(base, '/v1/twilio/inbound', params)] as const;
    };
  }

  it('carries out a STOP that Twilio delivers again after the first delivery failed part-way, and confirms it then', async () => {
    const s = await textedCustomer();
    const [first, again] = (await consentFailsOnce(s, 'optOut'))('STOP');
    expect((await first).status).toBe(503);
    expect(twimlMessage((await again()).text) ?? 'no answer').toMatch(/afgemeld/);
    expect((await s.customer()).sms_opted_out_at).not.toBeNull();
    expect(await s.comeback()).toMatchObject({ status: 'cancelled', error: 'opted_out_keyword' });
    expect(await s.replies()).toHaveLength(1);
  });

  it('carries out a START that Twilio delivers again after the first delivery failed part-way', async () => {
    const s = await textedCustomer();
    await s.reply('STOP');
    const [first, again] = (await consentFailsOnce(s, 'optIn'))('START');
    expect((await first).status).toBe(503);
    expect(twimlMessage((await again()).text) ?? 'no answer').toMatch(/Welkom terug/);
    expect(await s.customer()).toEqual({ sms_opted_out_at: null, sms_consent: 1 });
  });

  // Twilio retries a delivery it got no answer to, later and out of order, and signs no time: a START delivered again
  // after the customer's later STOP must not opt them back in, nor an old STOP undo a later START.
  it.each([
    ['START', 'STOP', { sms_opted_out_at: expect.any(Number), sms_consent: 1 }],
    ['STOP', 'START', { sms_opted_out_at: null, sms_consent: 1 }],
  ])('a %s delivered again after a later %s changes nothing', async (earlier, later, after) => {
    const s = await textedCustomer();
    if (earlier === 'START') await s.reply('STOP');
    const first = { MessageSid: messageSid(), From: '+31613572468', To: '+15005550006', Body: earlier };
    await postTwilio(s.base, '/v1/twilio/inbound', first);
    s.clock.set('2026-03-15T11:00:00+01:00');
    await s.reply(later);
    const before = await s.all('SELECT * FROM consent_events ORDER BY id');
    s.clock.set('2026-03-15T12:00:00+01:00');
    const again = await postTwilio(s.base, '/v1/twilio/inbound', first);
    expect(twimlMessage(again.text)).toBeNull();
    expect(await s.customer()).toEqual(after);
    expect(await s.all('SELECT * FROM consent_events ORDER BY id')).toEqual(before);
  });

  // STOP means stop, in other words too: before, each of these got "Dank je voor je vraag!" or "wat vervelend", and the
  // come-back invitation once the owner marked the reply handled.
  it.each([['Stop, dank je'], ['Stop thanks'], ['Geen sms meer aub'], ['please stop texting me'], ['Ik wil me afmelden'], ['Great, unsubscribe me']])(
    '%s opts the customer out like STOP and confirms it; nothing for the owner to do', async (words) => {
      const s = await textedCustomer();
      expect(twimlMessage((await s.reply(words)).text)).toMatch(/afgemeld/);
      expect((await s.customer()).sms_opted_out_at).not.toBeNull();
      expect(await s.comeback()).toMatchObject({ status: 'cancelled', error: 'opted_out_keyword' });
      expect((await s.replies()).map((r) => [r.class, r.body])).toEqual([['opt_out', words]]);
      expect(await s.store.replies.open(s.shop.shop.id)).toEqual([]);
      expect(await s.all('SELECT id FROM alerts')).toHaveLength(0);
    },
  );

  it('puts a request to stop with words the reader is unsure of on the owner\'s list, without an alert', async () => {
    const s = await textedCustomer();
    expect(twimlMessage((await s.reply('Geen sms meer. Moet nog even wennen')).text)).toMatch(/afgemeld/);
    expect((await s.store.replies.open(s.shop.shop.id)).map((r) => r.class)).toEqual(['other']);
    expect(await s.all('SELECT id FROM alerts')).toHaveLength(0);
  });

  it('opts out a customer who asks to stop and complains in one SMS, and alerts the owner to the complaint at once', async () => {
    let woken = 0;
    const s = await textedCustomer({ appOptions: { wake: () => void woken++ } });
    // Told that her coat was heard, not only that she is unsubscribed (a black-box review of what customers get: the
    // e-mail's page said it, the SMS did not).
    expect(twimlMessage((await s.reply('Stop met die spam, de jas lekt trouwens ook')).text)).toBe(
      'Je bent afgemeld: je krijgt geen sms meer van Fietsenmaker Test. Stuur START om je weer aan te melden. Over je bericht neemt Fietsenmaker Test nog contact met je op.',
    );
    expect((await s.customer()).sms_opted_out_at).not.toBeNull();
    expect(await s.comeback()).toMatchObject({ status: 'cancelled', error: 'opted_out_keyword' });
    expect((await s.replies())[0]!.class).toBe('problem');
    expect(await s.all('SELECT id FROM alerts')).toHaveLength(1);
    expect(woken).toBe(1);
  });

  it('promises no contact beside the stop when the owner is told nothing (no alert address), nor for words without a problem', async () => {
    const s = await textedCustomer();
    expect(twimlMessage((await s.reply('Please stop texting me, just call')).text)).toMatch(/afgemeld.*Over je bericht neemt Fietsenmaker Test nog contact met je op\.$/);
    const quiet = await textedCustomer();
    await quiet.store.shops.update('fietsenmaker', { alertEmail: null });
    expect(twimlMessage((await quiet.reply('Stop met die spam, de jas lekt trouwens ook')).text)).toBe('Je bent afgemeld: je krijgt geen sms meer van Fietsenmaker Test. Stuur START om je weer aan te melden.');
    // Nor to one who says the texts were never wanted: a promise of contact is what she objects to (its review).
    for (const body of ['Stop met sms, dit is spam', 'Geen sms meer, verwijder mijn gegevens', 'Please stop texting me, delete my data']) {
      const unwanted = await textedCustomer();
      expect(twimlMessage((await unwanted.reply(body)).text)).not.toContain('nog contact met je op');
    }
    const plain = await textedCustomer();
    expect(twimlMessage((await plain.reply('Stop, dank je')).text)).toBe('Je bent afgemeld: je krijgt geen sms meer van Fietsenmaker Test. Stuur START om je weer aan te melden.');
  });

  // The review of 1cbbc23: the confirmation and the line after it were two auto-replies of a segment each, joined: a
  // shop's name of €, [ or ] (two units each) made three segments of it. The confirmation stays whole; the line gives way.
  it.each([
    ['Stop met die spam, de jas lekt trouwens ook', 'Je bent afgemeld: je krijgt geen sms meer van '],
    ['Geen berichten meer, de jas lekt', 'Je bent afgemeld: je krijgt geen sms en geen e-mail meer van '],
  ])('%j: the confirmation with the shop\'s promise stays within two segments, whatever the shop is called', async (body, opens) => {
    const names = [
      '~ | ~ | [Centrum] ~ | Fietsen [Centrum] Café Fietsen Verhuur [Centrum] ☕ [Centrum] | Fietsen [€]', 'Fietsen € '.repeat(10).trim(),
      'Fietsenmaker '.repeat(7).trim(), 'Café Ünïcode ☕',
    ];
    for (const name of names) {
      const [s, quiet] = [await textedCustomer(), await textedCustomer()];
      await s.store.shops.update('fietsenmaker', { name });
      await quiet.store.shops.update('fietsenmaker', { name, alertEmail: null });
      const text = twimlMessage((await s.reply(body)).text)!;
      // The STOP confirmation whole (as it is said with nothing after it: the shop's name, START), then the promise
      expect(text.startsWith(`${twimlMessage((await quiet.reply(body)).text)!} `), `${name}: ${text}`).toBe(true);
      expect(text).toMatch(new RegExp(`^${opens}.+ Stuur START [^.]+\\.( Over je bericht neemt .+ nog contact met je op\\.)?$`));
      expect(gsmUnits(text), `${name}: ${text}`).toBeLessThanOrEqual(2 * 153);
      expect(smsSegments(text), `${name}: ${text}`).toBeLessThanOrEqual(2);
    }
  });

  it('says the promise whole when it fits, a name outside GSM written in GSM letters (not UCS-2 at 70 a segment)', async () => {
    const s = await textedCustomer();
    await s.store.shops.update('fietsenmaker', { name: 'Café Ünïcode ☕' });
    expect(twimlMessage((await s.reply('Stop met die spam, de jas lekt trouwens ook')).text)).toBe(
      'Je bent afgemeld: je krijgt geen sms meer van Café Ünicode. Stuur START om je weer aan te melden. Over je bericht neemt Café Ünicode nog contact met je op.',
    );
    // A name of €s shortened in the promise, not in the confirmation, as far as two segments need.
    const euros = await textedCustomer();
    await euros.store.shops.update('fietsenmaker', { name: 'Fietsen € '.repeat(10).trim() });
    const text = twimlMessage((await euros.reply('Stop met die spam, de jas lekt trouwens ook')).text)!;
    expect(text).toMatch(/^Je bent afgemeld: je krijgt geen sms meer van Fietsen € .*\. Stuur START om je weer aan te melden\. Over je bericht neemt Fietsen € .*\.\.\. nog contact met je op\.$/);
    expect(smsSegments(text)).toBe(2);
  });

  // By SMS too, "geen mails meer" beside a complaint stops the e-mail and says the shop will still be in touch.
  // Taken back (81a944e): "nooit om gevraagd" beside a stop was read as never wanted, and took complaints about the
  // goods or a bill with it: a customer disputing an 80 euro chain was promised no contact, her owner told so.
  // (Told in the language she wrote in: see customer-sms-words.test.ts.)
  it.each([
    ['Geen sms meer. Die nieuwe ketting heb ik nooit om gevraagd en nu moet ik 80 euro betalen', /Over je bericht neemt Fietsenmaker Test nog contact met je op\.$/],
    ['Stop texting me. You charged me for a new chain, I never asked for it', /Fietsenmaker Test will get back to you about your message\.$/],
  ])(
    '%j: stopped, and told the shop will be in touch about the rest', async (body, told) => {
      const s = await textedCustomer();
      expect(twimlMessage((await s.reply(body)).text)).toMatch(told);
      expect((await s.customer()).sms_opted_out_at).not.toBeNull();
      await s.tick('2026-03-15T10:05:00+01:00');
      expect(s.email.sent.find((m) => m.to === 'eigenaar@fietsenmaker.example')!.text).toContain('Afgemeld: wil verder geen berichten meer, wel een antwoord hierover.');
    });

  it('an e-mail-only stop by SMS beside a complaint: the e-mail is stopped, and the shop will be in touch', async () => {
    const s = await textedCustomer();
    expect(twimlMessage((await s.reply('Geen mails meer, de jas lekt')).text)).toBe(
      'Je bent afgemeld voor e-mail: je krijgt geen e-mail meer van Fietsenmaker Test. Ook geen sms meer? Stuur STOP. Over je bericht neemt Fietsenmaker Test nog contact met je op.',
    );
    expect((await s.customer()).sms_opted_out_at).toBeNull();
  });

  // A negation ran on past a sentence typed without a full stop: "kapot" read as denied, and the customer was thanked.
  // And its review: praise with a verb or a thought before the subject read as such a sentence, alerted the owner and
  // answered the customer "wat vervelend".
  // So did happy replies read as complaints (the explorer's of 7 December), and "I don't speak Dutch", now a question.
  const sorry = 'Dank je, wat vervelend. Fietsenmaker Test neemt snel contact met je op.';
  const thanks = 'Dank je wel voor je reactie! Groet, Fietsenmaker Test';
  const question = 'Dank je voor je vraag! Fietsenmaker Test neemt snel contact met je op.';
  it.each([
    ['Ik heb het niet nodig hij is kapot', sorry, 'problem'], ["I don't need it anymore it's broken", sorry, 'problem'],
    ['Nooit kreeg ik problemen met de fiets', thanks, 'positive'], ['Ik denk niet hij is kapot', thanks, 'positive'],
    ['Never once it broke down', 'Thank you for your reply! Kind regards, Fietsenmaker Test', 'positive'],
    ['Niks aan de hand, fiets rijdt prima', thanks, 'positive'], ['Sorry, verkeerd getypt. Alles top!', thanks, 'positive'],
    ['Had niet gedacht dat hij zo goed zou zijn', thanks, 'positive'], ["I don't speak Dutch", question, 'question'],
    ['Ich spreche kein Niederländisch', question, 'question'],
  ])('%s: the customer reads %j; the owner is alerted of a problem or a question only', async (words, answer, reading) => {
    const s = await textedCustomer();
    await s.store.shops.update('fietsenmaker', { alertEmail: 'eigenaar@fietsenmaker.example' });
    expect(twimlMessage((await s.reply(words)).text)).toBe(answer);
    expect((await s.replies()).map((r) => r.class)).toEqual([reading]);
    expect(await s.all('SELECT id FROM alerts')).toHaveLength(reading === 'positive' ? 0 : 1);
    if (reading === 'problem') expect((await s.comeback()).held_by).not.toBeNull();
  });

  it('alerts the owner at once when a reply may ask to stop, and holds the invitation', async () => {
    const s = await textedCustomer();
    expect(twimlMessage((await s.reply('Cancel please')).text)).toMatch(/vraag/);
    expect((await s.customer()).sms_opted_out_at).toBeNull();
    expect((await s.replies())[0]!.class).toBe('question');
    expect(await s.all('SELECT id FROM alerts')).toHaveLength(1);
    expect((await s.comeback()).held_by).not.toBeNull();
  });

  it("does not treat STOP inside a sentence as a keyword", async () => {
    const s = await textedCustomer();
    await s.reply('Please stop the noise, the bell is broken');
    expect((await s.customer()).sms_opted_out_at).toBeNull();
    expect((await s.replies())[0]!.class).toBe('problem');
  });

  it.each([['START'], ['unstop'], ['Yes'], ['AANMELDEN']])('%s after STOP opts the customer back in', async (word) => {
    const s = await textedCustomer();
    await s.reply('STOP');
    const res = await s.reply(word);
    expect(twimlMessage(res.text)).toBe('Welkom terug! Je krijgt weer berichten van Fietsenmaker Test. Afmelden: STOP');
    expect(await s.customer()).toEqual({ sms_opted_out_at: null, sms_consent: 1 });
    expect(await s.one('SELECT given, source FROM consent_events ORDER BY id DESC LIMIT 1')).toEqual({ given: 1, source: 'sms_keyword' });
  });

  it('reads a plain "Yes" from a customer who never stopped as a happy answer', async () => {
    const s = await textedCustomer();
    expect(twimlMessage((await s.reply('Yes')).text)).toBe('Dank je wel voor je reactie! Groet, Fietsenmaker Test');
    expect((await s.replies())[0]!.class).toBe('positive');
  });

  it.each([['HELP'], ['info']])('%s answers with the shop name and how to stop', async (word) => {
    const s = await textedCustomer();
    expect(twimlMessage((await s.reply(word)).text)).toBe('Fietsenmaker Test: we vragen na een aankoop hoe het bevalt. Antwoord gerust. Afmelden: STOP');
    expect((await s.customer()).sms_opted_out_at).toBeNull();
  });

  // The customer review of 5 December 2026: HELP after STOP said "Afmelden: STOP".
  it('answers HELP from a customer who stopped with how to come back, and keeps them stopped', async () => {
    const s = await textedCustomer();
    await s.reply('STOP');
    expect(twimlMessage((await s.reply('HELP')).text)).toBe('Fietsenmaker Test: je bent afgemeld en krijgt geen sms meer van ons. Weer aanmelden: stuur START');
    expect((await s.customer()).sms_opted_out_at).not.toBeNull();
  });

  // The customer-reply review of 4 December 2026: "Help!" after "Bevalt het?" got the stock text and reached nobody.
  it('answers "Help!" with the stock text as carriers require, and alerts the owner to it as a problem; "info" alerts nobody', async () => {
    const s = await textedCustomer();
    expect(twimlMessage((await s.reply('Help!')).text)).toBe('Fietsenmaker Test: we vragen na een aankoop hoe het bevalt. Antwoord gerust. Afmelden: STOP');
    expect((await s.replies()).map((r) => r.class)).toEqual(['problem']);
    expect(await s.all('SELECT id FROM alerts')).toHaveLength(1);
    const t = await textedCustomer();
    await t.reply('info');
    expect((await t.replies()).map((r) => r.class)).toEqual(['help']);
    expect(await t.all('SELECT id FROM alerts')).toHaveLength(0);
  });

  it.each([
    ['Top, hij bevalt prima!', 'positive'],
    ['Super tevreden, dank je', 'positive'],
    ['Love it, thanks', 'positive'],
    ['Works great', 'positive'],
    ['De rits is kapot', 'problem'],
    ['Niet goed, hij lekt', 'problem'],
    ['It is not working', 'problem'],
    ['Not happy at all', 'problem'],
    ['Hoe was ik hem?', 'question'],
    ['Waar vind ik de garantie', 'question'],
    ['Can I wash it at 40 degrees?', 'question'],
    ['When do you open on Sunday?', 'question'],
    ['Ok', 'other'],
    ['👍', 'positive'],
    ['Moet nog even wennen', 'other'],
    ['De lamp doet het al niet meer', 'problem'],
    ['It stopped charging after one day', 'problem'],
    ['Bel me even terug aub', 'question'],
  ])('classifies "%s" as %s and keeps the words', async (text, cls) => {
    const s = await textedCustomer();
    await s.reply(text);
    expect((await s.replies())[0]).toMatchObject({ class: cls, body: text });
  });

  // The twenty-first session's note: with the alert address refusing alerts (a typo: 550 mailbox unknown), a customer
  // was still promised a call that nobody had been told to make.
  it('promises no call while the alert address refuses the alerts, and again once one goes out', async () => {
    const s = await textedCustomer();
    const other = { name: 'Piet', phone: '06 87654321', consent: { sms: true } };
    expect((await s.post(saleBody({ id: 'sale-2', occurredAt: '2026-03-14T16:00:00+01:00', customer: other }))).status).toBe(201);
    await s.tick('2026-03-15T10:05:00+01:00');
    expect(s.sms.sent.map((m) => m.to)).toEqual(['+31613572468', '+31687654321']);
    const piet = (Body: string) => postTwilio(s.base, '/v1/twilio/inbound', { MessageSid: messageSid(), From: '+31687654321', To: '+15005550006', Body });
    expect(twimlMessage((await piet('Het licht is stuk')).text)).toBe('Dank je, wat vervelend. Fietsenmaker Test neemt snel contact met je op.');
    s.email.failNext(new SendFailure({ reason: 'mailbox_unknown', kind: 'permanent', code: 'SMTP 550', detail: '550 5.1.1 User unknown' }));
    await s.tick('2026-03-15T10:10:00+01:00');
    expect(await s.all('SELECT status, error FROM alerts')).toEqual([{ status: 'failed', error: 'mailbox_unknown' }]);
    expect(twimlMessage((await s.reply('De zool laat los na 1 dag, wat nu?')).text)).toBe('Dank je, wat vervelend. Je bericht is goed aangekomen bij Fietsenmaker Test.');
    // The next alert goes out (the address put right at the mail server): the next customer is promised a call again.
    await s.tick('2026-03-15T10:15:00+01:00');
    expect(s.email.sent).toHaveLength(1);
    const third = { name: 'Kees', phone: '06 11223344', consent: { sms: true } };
    expect((await s.post(saleBody({ id: 'sale-3', occurredAt: '2026-03-14T16:00:00+01:00', customer: third }))).status).toBe(201);
    await s.tick('2026-03-15T10:20:00+01:00');
    const kees = (Body: string) => postTwilio(s.base, '/v1/twilio/inbound', { MessageSid: messageSid(), From: '+31611223344', To: '+15005550006', Body });
    expect(twimlMessage((await kees('Het licht is stuk')).text)).toBe('Dank je, wat vervelend. Fietsenmaker Test neemt snel contact met je op.');
  });

  // Found by the customer-side review: a shop with no alert address (or alerts that only reach the outbox on disk)
  // answered "De zool laat los" with "… neemt snel contact met je op", and nobody was told.
  it('promises no call when nobody is told: no alert address, or alerts that go to the outbox only', async () => {
    const s = await textedCustomer();
    await s.store.shops.update('fietsenmaker', { alertEmail: null });
    expect(twimlMessage((await s.reply('De zool laat los na 1 dag, wat nu?')).text)).toBe('Dank je, wat vervelend. Je bericht is goed aangekomen bij Fietsenmaker Test.');
    const outbox = await textedCustomer({ appOptions: { emailUndelivered: 'outbox' } });
    expect(twimlMessage((await outbox.reply('Hoe was ik hem?')).text)).toBe('Dank je voor je bericht, het is goed aangekomen. Groet, Fietsenmaker Test');
    const en = await textedCustomer({ customer: { name: 'Sam', phone: '06 13572468', locale: 'en-GB', consent: { sms: true } }, appOptions: { emailUndelivered: 'catcher' } });
    expect(twimlMessage((await en.reply('The zip broke after one day')).text)).toBe('Thank you, and sorry to hear that. Your message has reached Fietsenmaker Test.');
    // Told by e-mail: the promise stands.
    const told = await textedCustomer();
    expect(twimlMessage((await told.reply('De zool laat los na 1 dag, wat nu?')).text)).toBe('Dank je, wat vervelend. Fietsenmaker Test neemt snel contact met je op.');
  });

  // The till had a wrong number: a stranger was texted in the shop's name. Before, they got "wat vervelend … neemt snel
  // contact met je op", stayed on the list to text, and the owner was told Sanne had a problem and to call back.
  it.each([['Verkeerd nummer'], ['Sorry, dit is niet mijn nummer meer'], ['Wrong number'], ['Sanne woont hier niet'], ['Ik ken u niet'], ['Dit nummer is niet meer van mij'], ['Ik heb niks gekocht'], ['Ik ben nooit in die winkel geweest']])(
    '%j: that number is texted no more, and the owner is told to put the right one in the till', async (text) => {
      let woken = 0;
      const s = await textedCustomer({ appOptions: { wake: () => void woken++ } });
      const res = await s.reply(text);
      expect(twimlMessage(res.text)).toBe('Sorry, dit bericht was niet voor jou bedoeld. Dit nummer krijgt geen sms meer van Fietsenmaker Test.');
      // The number comes off her row, and she keeps her consent (see below): the number stops, not she.
      expect(await s.one('SELECT phone, sms_opted_out_at FROM customers')).toEqual({ phone: null, sms_opted_out_at: null });
      expect(await s.comeback()).toMatchObject({ status: 'cancelled', error: 'no_address' });
      expect(woken).toBe(1);
      await s.tick('2026-03-15T10:01:00+01:00');
      const alert = s.email.sent.at(-1)!;
      expect(alert.subject).toBe('Verkeerd nummer bij Sanne de Vries');
      expect(alert.text).toMatch(/^Het nummer van Sanne de Vries klopt niet: .* Dat nummer krijgt geen sms meer\. Zet het juiste nummer in de kassa\./);
      expect(alert.text).toContain('Het nummer: 06 13572468');
      expect(alert.text).not.toContain('Afgemeld');
      expect(alert.html).not.toContain('href="tel:');
      expect(twimlMessage((await s.reply(text)).text)).toBeNull(); // said once
    },
  );

  // Found by the customer-side review: "Verkeerd nummer" opted Lotte's row out, so once the owner put her right number
  // in the till, as the alert asked, she was never texted again (skipped opted_out), and the alert said of her
  // "Afgemeld: wil verder geen berichten meer". Now the wrong number stops, and stays stopped if the till sends it again.
  // The final review found it so with a stop beside it ("Geen sms meer, verkeerd nummer"): read as a STOP, it opted her out.
  it.each(['Verkeerd nummer, ik ben geen Lotte', 'Geen sms meer, verkeerd nummer'])('%j stops the number, not the customer: texted on her right number, never again on the wrong one', async (said) => {
    const lotte = (phone: string) => ({ posCustomerId: 'K-77', name: 'Lotte Visser', phone, consent: { sms: true } });
    const s = await textedCustomer({ customer: lotte('06 13572468') });
    expect(twimlMessage((await s.reply(said)).text)).toMatch(/^Sorry, dit bericht was niet voor jou bedoeld/);
    await s.tick('2026-03-15T10:01:00+01:00');
    const alert = s.email.sent.at(-1)!;
    expect(alert.subject).toBe('Verkeerd nummer bij Lotte Visser');
    expect(alert.text).toContain('Het nummer: 06 13572468');
    expect(alert.text + alert.html).not.toContain('Afgemeld');
    // The till sends the wrong number again: it is left out (and the till told), and nothing goes to it.
    s.clock.set('2026-03-16T12:00:00+01:00');
    const again = await s.post(saleBody({ id: 'sale-2', occurredAt: '2026-03-16T12:00:00+01:00', customer: lotte('06 13572468') }));
    expect(again.body.scheduled).toEqual([]);
    expect(again.body.skipped).toEqual([{ kind: 'checkin', reason: 'no_contact' }, { kind: 'comeback', reason: 'no_contact' }]);
    expect(again.body.warnings).toEqual([expect.objectContaining({ field: 'customer.phone' })]);
    // Nor for a customer the shop has not had yet.
    const piet = await s.post(saleBody({ id: 'sale-p', occurredAt: '2026-03-16T12:05:00+01:00', customer: { name: 'Piet', phone: '06 13572468', consent: { sms: true } } }));
    expect(piet.body.skipped).toEqual([{ kind: 'checkin', reason: 'no_contact' }, { kind: 'comeback', reason: 'no_contact' }]);
    // The owner puts her right number in: she is texted on it.
    s.clock.set('2026-05-20T12:00:00+02:00');
    const right = await s.post(saleBody({ id: 'sale-3', occurredAt: '2026-05-20T12:00:00+02:00', customer: lotte('06 32323232') }));
    expect(right.body.scheduled.map((m: { kind: string; channel: string }) => `${m.kind} ${m.channel}`)).toEqual(['checkin sms', 'comeback sms']);
    await s.tick('2026-05-21T10:00:00+02:00');
    expect(s.sms.sent.at(-1)).toMatchObject({ to: '+31632323232', body: expect.stringMatching(/^Hoi Lotte/) });
    expect(s.sms.sent.filter((m) => m.to === '+31613572468')).toHaveLength(1); // the first check-in only
    // Nothing in the database reads back as the wrong number but the message it was sent.
    expect(JSON.stringify(await s.all('SELECT * FROM stopped_contacts'))).not.toMatch(/13572468/);
  });

  // Before, "Ik heb nooit toestemming gegeven" was read as happy and thanked, "Dit is spam" reached nobody: the customer
  // stayed on the list, and the owner never heard that a consent in the till was wrong.
  // The owner's alert says only what she wrote (the words review: it listed all three, with no subject).
  const never = 'en zegt er nooit toestemming voor te hebben gegeven';
  it.each([
    ['Ik heb nooit toestemming gegeven', never], ['Dit is spam', 'en noemt ze spam'], ['Hoe komen jullie aan mijn nummer?', never], ['I never signed up for this', never],
    ['Verwijder mijn gegevens aub', 'en vraagt de gegevens te verwijderen'],
  ])(
    '%j: no more texts or e-mail, and the owner is told at once', async (text, why) => {
      let woken = 0;
      const s = await textedCustomer({ appOptions: { wake: () => void woken++ } });
      const res = await s.reply(text);
      // Both, as the owner's alert says (before, "geen sms meer" alone, although her e-mail was stopped too); in English
      // to English words (see customer-sms-words.test.ts).
      expect(twimlMessage(res.text)).toBe(text.startsWith('I ')
        ? 'You are unsubscribed and will get no more texts or e-mail from Fietsenmaker Test. Reply START to get texts again.'
        : 'Je bent afgemeld: je krijgt geen sms en geen e-mail meer van Fietsenmaker Test. Stuur START om weer sms te krijgen.');
      expect(await s.one('SELECT CASE WHEN sms_opted_out_at IS NULL THEN 0 ELSE 1 END AS sms, CASE WHEN email_opted_out_at IS NULL THEN 0 ELSE 1 END AS email FROM customers')).toEqual({ sms: 1, email: 1 });
      expect(await s.comeback()).toMatchObject({ status: 'cancelled' });
      expect(woken).toBe(1);
      await s.tick('2026-03-15T10:01:00+01:00');
      const alert = s.email.sent.at(-1)!;
      expect(alert.subject).toBe('Ongewenste berichten volgens Sanne de Vries');
      expect(alert.text).toMatch(new RegExp(`^Sanne de Vries wil deze berichten niet ontvangen ${why}\\. Er gaat niets meer naartoe, geen sms en geen e-mail\\.`));
      expect(alert.text).not.toMatch(/schreef terug|, of vraagt/);
      expect(twimlMessage((await s.reply(text)).text)).toBeNull(); // said once
    },
  );

  // The confirmation names the e-mail too, in her language, and on a number several shops text from says the number
  // is stopped (before: "no more texts" alone, although her e-mail was stopped too).
  it('"I never signed up for this": told in English that neither texts nor e-mail come any more; on a shared number, that it texts her no more', async () => {
    const en = await textedCustomer({ customer: { name: 'Sam', phone: '06 13572468', locale: 'en', consent: { sms: true } } });
    expect(twimlMessage((await en.reply('I never signed up for this')).text)).toBe('You are unsubscribed and will get no more texts or e-mail from Fietsenmaker Test. Reply START to get texts again.');
    const shared = await textedCustomer();
    const other = await shared.store.shops.create({ slug: 'bakker', name: 'Bakker Jansen', timezone: 'Europe/Amsterdam', country: 'NL', locale: 'nl', holdout: 0 }, Date.now());
    await postSale(shared.base, 'bakker', other.webhookSecret, saleBody({ id: 'brood-1', occurredAt: '2026-03-15T09:00:00+01:00', items: [{ name: 'Brood' }] }), shared.clock.now());
    expect(twimlMessage((await shared.reply('Hoe komen jullie aan mijn nummer? Verwijder mijn gegevens')).text)).toBe(
      "Je bent afgemeld: geen e-mail meer van Fietsenmaker Test, en via dit nummer geen sms meer, ook niet van andere winkels. Stuur START voor weer sms'jes.",
    );
  });

  // Before, the owner's "afmeldingen" for e-mail counted phone-only customers whose SMS stopped both channels: 8 shown
  // where 3 addresses had unsubscribed. The stop still holds for an address the till gives later.
  it.each([['Dit is spam'], ['Graag geen berichten meer']])('%j from a customer with no e-mail address counts as no e-mail opt-out, and stops a later address all the same', async (text) => {
    const s = await textedCustomer({ customer: { name: 'Piet Jansen', phone: '06 13572468', consent: { sms: true, email: true } } });
    expect(twimlMessage((await s.reply(text)).text)).toMatch(/afgemeld/);
    const figures = await s.store.figures.checkins(s.shop.shop.id, Date.parse('2026-03-01T00:00:00+01:00'), Date.parse('2026-04-01T00:00:00+02:00'));
    expect(figures.optOuts).toEqual([{ channel: 'sms', n: 1 }]);
    // The till learns the address with the next sale: no e-mail goes to it.
    await s.post(saleBody({ id: 'sale-2', occurredAt: '2026-03-20T15:30:00+01:00', customer: { name: 'Piet Jansen', phone: '06 13572468', email: 'piet@example.com', consent: { sms: true, email: true } } }));
    await s.tick('2026-03-21T10:00:00+01:00');
    await s.tick('2026-05-30T10:00:00+02:00');
    expect(s.email.sent.filter((m) => m.to === 'piet@example.com')).toEqual([]);
  });

  // A STOP stops SMS alone; what it says besides is read for the owner. Before, "spam" in it made the alert say the
  // customer wanted nothing more, "no text and no e-mail", while e-mail went on (the review of this change).
  it('"Stop met die spam, de jas lekt trouwens ook": SMS stops, and the owner hears of the coat', async () => {
    const s = await textedCustomer();
    await s.reply('Stop met die spam, de jas lekt trouwens ook');
    expect(await s.one('SELECT CASE WHEN sms_opted_out_at IS NULL THEN 0 ELSE 1 END AS sms, CASE WHEN email_opted_out_at IS NULL THEN 0 ELSE 1 END AS email FROM customers')).toEqual({ sms: 1, email: 0 });
    await s.tick('2026-03-15T10:01:00+01:00');
    expect(s.email.sent.at(-1)!.subject).toBe('Probleem van Sanne de Vries over Regenjas');
  });

  it.each([['Ik heb het verkeerde nummer besteld'], ['De jas is niet van mij, ik kreeg de verkeerde mee'], ['Die knop ken ik niet'], ["I don't know who to ask"]])(
    '%j is about the goods, not the person: nobody is opted out', async (text) => {
      const s = await textedCustomer();
      expect(twimlMessage((await s.reply(text)).text)).not.toMatch(/niet voor jou/);
      expect((await s.customer()).sms_opted_out_at).toBeNull();
    });

  // A black-box explorer: the alert read "Gekocht: Handschoenen, Korting 10%", a discount shown as something bought.
  it('names in the alert what was bought as the messages do: no discount or deposit, every product', async () => {
    const s = await textedCustomer({
      sale: {
        total: 47.65,
        items: [
          { name: 'Handschoenen', quantity: 1, unitPrice: 25 }, { name: 'Korting 10%', quantity: 1, unitPrice: -2.5 },
          { name: 'Statiegeld', quantity: 1, unitPrice: 0.15 }, { name: 'Cadeaubon 25', quantity: 1, unitPrice: 25 },
        ],
      },
    });
    expect(s.sms.sent[0]!.body).toMatch(/kocht je Handschoenen bij/); // (a gift card beside it: no "en meer")
    await s.reply('De handschoenen zijn te klein');
    await s.tick('2026-03-15T10:01:00+01:00');
    const alert = s.email.sent.at(-1)!;
    expect(alert.subject).toBe('Probleem van Sanne de Vries over Handschoenen, Cadeaubon 25');
    expect(alert.text).toContain('Gekocht: Handschoenen, Cadeaubon 25 (zaterdag 14 maart)');
    expect(alert.html).toContain('Gekocht: Handschoenen, Cadeaubon 25 (zaterdag 14 maart)');
    expect(`${alert.text}${alert.html}`).not.toMatch(/Korting|Statiegeld/);
  });

  it('sends the owner an alert about a problem at once, and holds the come-back invitation until it is handled', async () => {
    let woken = 0;
    const s = await textedCustomer({ appOptions: { wake: () => void woken++ } });
    const res = await s.reply('De rits is na een dag al kapot');
    expect(twimlMessage(res.text)).toBe('Dank je, wat vervelend. Fietsenmaker Test neemt snel contact met je op.');
    expect(woken).toBe(1);
    await s.tick('2026-03-15T10:01:00+01:00');
    const alert = s.email.sent.at(-1)!;
    expect(alert.to).toBe('eigenaar@fietsenmaker.example');
    expect(alert.subject).toBe('Probleem van Sanne de Vries over Regenjas');
    expect(alert.text).toContain('In eigen woorden: "De rits is na een dag al kapot"');
    expect(alert.text).toContain('Bellen: 06 13572468');
    expect(alert.text).toContain('Waarom: "voor mijn fietstochten"');
    expect(alert.html).toContain('href="tel:+31613572468"');

    const replyId = (await s.one<{ id: number }>('SELECT id FROM replies')).id;
    expect(await s.comeback()).toMatchObject({ status: 'scheduled', held_by: replyId });
    await s.tick('2026-04-13T10:00:00+02:00'); // the invitation's time: it waits
    expect(s.sms.sent).toHaveLength(1);
    expect(await s.store.replies.open((await s.store.shops.bySlug('fietsenmaker'))!.id)).toHaveLength(1);

    expect(await s.store.replies.handle((await s.store.shops.bySlug('fietsenmaker'))!, replyId, Date.parse('2026-04-14T21:00:00+02:00'))).toBe('handled');
    await s.tick('2026-04-14T21:30:00+02:00'); // quiet hours: not yet
    expect(s.sms.sent).toHaveLength(1);
    await s.tick('2026-04-15T09:00:00+02:00'); // the morning after, at the check-in hour: not yet
    expect(s.sms.sent).toHaveLength(1);
    await s.tick('2026-04-15T10:00:00+02:00');
    // After her complaint about the raincoat, the invitation names nothing she bought: it thanks her for telling.
    expect(s.sms.sent.at(-1)!.body).toBe('Hoi Sanne, bedankt dat je ons liet weten wat er niet goed was. We zien je graag weer bij Fietsenmaker Test! Afmelden: STOP');
  });

  // The first attempt's review: a stranger's "Verkeerd nummer" counted as Lotte's complaint. Her invitation on her right
  // number thanked her "dat je ons liet weten wat er niet goed was", or, the alert not handled, lapsed as her complaint.
  it('a stranger\'s "Verkeerd nummer" is no complaint of hers: her invitation on her right number waits for the owner, never lapses, and names her purchase', async () => {
    const lotte = (phone: string) => ({ posCustomerId: 'K-77', name: 'Lotte Visser', phone, consent: { sms: true } });
    const s = await textedCustomer({ customer: lotte('06 13572468') });
    expect(twimlMessage((await s.reply('Verkeerd nummer, ik ben geen Lotte')).text)).toMatch(/^Sorry, dit bericht was niet voor jou bedoeld/);
    const replyId = (await s.one<{ id: number }>('SELECT id FROM replies')).id;
    s.clock.set('2026-03-20T12:00:00+01:00');
    const right = await s.post(saleBody({ id: 'sale-2', occurredAt: '2026-03-20T12:00:00+01:00', customer: lotte('06 32323232') }));
    expect(right.body.scheduled.map((m: { kind: string }) => m.kind)).toContain('comeback');
    await heldAsWordsTillHandled(s, right.body.saleId, replyId); // no complaint: it never lapses, and goes once handled
    expect(s.sms.sent.at(-1)).toMatchObject({ to: '+31632323232', body: expect.stringMatching(/^Hoi Lotte, op vrijdag 20 maart kocht je Regenjas/) });
  });

  // A zero for the service read as happy: the reply stayed off the owner's list and the come-back invitation went out.
  it('alerts the owner at once to a poor score ("Service: 0"), and keeps a good one ("10/10") off the list', async () => {
    const s = await textedCustomer();
    expect(twimlMessage((await s.reply('Service: 0')).text)).toBe('Dank je, wat vervelend. Fietsenmaker Test neemt snel contact met je op.');
    await s.tick('2026-03-15T10:01:00+01:00');
    const alert = s.email.sent.at(-1)!;
    expect(alert.subject).toBe('Probleem van Sanne de Vries over Regenjas');
    expect(alert.text).toContain('In eigen woorden: "Service: 0"');
    expect(await s.comeback()).toMatchObject({ status: 'scheduled', held_by: (await s.one<{ id: number }>('SELECT id FROM replies')).id });

    const happy = await textedCustomer();
    await happy.reply('10/10');
    expect(await happy.replies()).toMatchObject([{ class: 'positive', body: '10/10' }]);
    expect(await happy.comeback()).toMatchObject({ status: 'scheduled', held_by: null });
  });

  it('alerts the owner about a question at once, and holds the invitation until it is handled', async () => {
    const s = await textedCustomer();
    expect(twimlMessage((await s.reply('Kan ik hem op 40 graden wassen?')).text)).toBe('Dank je voor je vraag! Fietsenmaker Test neemt snel contact met je op.');
    await s.tick('2026-03-15T10:01:00+01:00');
    expect(s.email.sent.at(-1)!.subject).toBe('Vraag van Sanne de Vries over Regenjas');
    expect(await s.comeback()).toMatchObject({ status: 'scheduled', held_by: (await s.one<{ id: number }>('SELECT id FROM replies')).id });
  });

  it('alerts the owner when the customer asks for help, and holds the invitation', async () => {
    const s = await textedCustomer({ customer: { name: 'Sam', phone: '06 13572468', locale: 'en', consent: { sms: true } } });
    expect(twimlMessage((await s.reply('I need help with it')).text)).toMatch(/question/);
    expect((await s.replies())[0]!.class).toBe('question');
    expect(await s.all('SELECT id FROM alerts')).toHaveLength(1);
    expect((await s.comeback()).held_by).not.toBeNull();
  });

  it('puts words it cannot read with certainty on the owner\'s list without an alert, and holds the invitation', async () => {
    let woken = 0;
    const s = await textedCustomer({ appOptions: { wake: () => void woken++ } });
    await s.reply('Hmm, weet het nog niet');
    expect((await s.replies())[0]).toMatchObject({ class: 'other' });
    expect(woken).toBe(0);
    await s.tick('2026-03-15T10:01:00+01:00');
    expect(s.email.sent).toEqual([]); // no alert for the owner
    const shop = (await s.store.shops.bySlug('fietsenmaker'))!;
    expect(await s.store.replies.open(shop.id)).toMatchObject([{ class: 'other', body: 'Hmm, weet het nog niet' }]);
    expect(await s.comeback()).toMatchObject({ status: 'scheduled', held_by: (await s.one<{ id: number }>('SELECT id FROM replies')).id });
    await s.tick('2026-04-13T10:00:00+02:00');
    expect(s.sms.sent).toHaveLength(1); // nobody read it yet: no invitation
  });

  it('alerts the owner at once about a reply in a language the reader does not read, and holds the invitation', async () => {
    let woken = 0;
    const s = await textedCustomer({ appOptions: { wake: () => void woken++ } });
    const res = await s.reply('La veste est déchirée');
    expect(twimlMessage(res.text)).toBe('Dank je wel voor je reactie! Groet, Fietsenmaker Test');
    expect((await s.replies())[0]).toMatchObject({ class: 'other' });
    expect(woken).toBe(1);
    await s.tick('2026-03-15T10:01:00+01:00');
    const alert = s.email.sent.at(-1)!;
    expect(alert.subject).toBe('Antwoord in een andere taal of dialect van Sanne de Vries over Regenjas');
    expect(alert.text).toMatch(/^Sanne de Vries schreef terug in woorden die nextdeal niet kan lezen, een andere taal of een dialect: lees het zelf\. Dit is het moment om terug te bellen\./);
    expect(alert.text).toContain('In eigen woorden: "La veste est déchirée"');
    expect(await s.comeback()).toMatchObject({ status: 'scheduled', held_by: (await s.one<{ id: number }>('SELECT id FROM replies')).id });
  });

  it("tells the owner a reply brought a photo, on the page, in the alert and in the export, and keeps no copy", async () => {
    const s = await textedCustomer();
    // A photo with no words (an MMS: its SID starts MM): the owner must see one came, not "(no text)".
    const mms = () => `MM${messageSid().slice(2)}`;
    const res = await postTwilio(s.base, '/v1/twilio/inbound', { MessageSid: mms(), From: '+31613572468', To: '+15005550006', Body: '', NumMedia: '1',
      MediaUrl0: 'https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1', MediaContentType0: 'image/jpeg' });
    expect(res.status).toBe(200);
    expect(await s.all('SELECT class, body, media FROM replies')).toEqual([{ class: 'other', body: '', media: 1 }]);
    // With words that read as a problem, and two photos: the alert says so.
    await postTwilio(s.base, '/v1/twilio/inbound', { MessageSid: mms(), From: '+31613572468', To: '+15005550006', Body: 'Kijk, de rits is kapot', NumMedia: '2' });
    // A count Twilio never sends is taken for none: the reply is kept.
    await postTwilio(s.base, '/v1/twilio/inbound', { MessageSid: messageSid(), From: '+31613572468', To: '+15005550006', Body: 'En nog iets', NumMedia: 'veel' });
    expect((await s.all<{ media: number }>('SELECT media FROM replies ORDER BY id')).map((r) => r.media)).toEqual([1, 2, 0]);
    expect(JSON.stringify(await s.all('SELECT * FROM replies'))).not.toContain('api.twilio.com'); // no media URL kept

    await s.tick('2026-03-15T10:01:00+01:00');
    const alert = s.email.sent.at(-1)!;
    expect(alert.subject).toMatch(/^Probleem van/);
    expect(alert.text).toContain("Stuurde 2 foto's of andere bestanden mee. nextdeal bewaart geen kopie: zie het berichtenlog van Twilio.");
    expect(alert.html).toContain("Stuurde 2 foto's of andere bestanden mee.");

    await s.store.sessions.setPassword(s.shop.shop.id, await hashPassword('correct horse battery'));
    const owner = ownerClient(s.base);
    await owner.logIn('fietsenmaker', 'correct horse battery');
    const inbox = await (await owner.get('/shops/fietsenmaker/replies')).text();
    const photoOnly = /<article[^>]*>[\s\S]*?<\/article>/g.exec(inbox.slice(inbox.lastIndexOf('<article')))![0];
    expect(photoOnly).toContain('Stuurde een foto of ander bestand mee. nextdeal bewaart geen kopie: zie het berichtenlog van Twilio.');
    expect(photoOnly).not.toContain('(geen tekst)');
    expect(inbox).toContain('Stuurde 2 foto&#39;s of andere bestanden mee.');
    const csv = await (await owner.get('/shops/fietsenmaker/replies.csv?from=2026-03-01&to=2026-03-31')).text();
    expect(csv.split('\n')[0]).toMatch(/;handled \(Europe\/Amsterdam\);attachments\r?$/);
    expect(csv.split(/\r?\n/).filter((l) => l && !l.startsWith('received')).map((l) => l.split(';').at(-1)).sort()).toEqual(['0', '1', '2']);
  });

  it('keeps a clearly happy reply off the owner\'s list and lets the invitation go out', async () => {
    const s = await textedCustomer();
    await s.reply('Super fiets, heel blij mee 👍');
    expect(await s.store.replies.open((await s.store.shops.bySlug('fietsenmaker'))!.id)).toEqual([]);
    expect(await s.comeback()).toMatchObject({ status: 'scheduled', held_by: null });
    await s.tick('2026-04-13T10:00:00+02:00');
    expect(s.sms.sent.at(-1)!.body).toContain('We zien je graag nog eens terug!');
  });

  it('matches a reply on a number shared by several shops to the shop that texted last', async () => {
    const s = await textedCustomer();
    const other = await s.store.shops.create({ slug: 'bakker', name: 'Bakker Jansen', timezone: 'Europe/Amsterdam', country: 'NL', locale: 'nl', holdout: 0 }, Date.now());
    s.clock.set('2026-03-15T12:00:00+01:00');
    await postSale(s.base, 'bakker', other.webhookSecret, saleBody({ id: 'brood-1', occurredAt: '2026-03-15T11:00:00+01:00', items: [{ name: 'Brood' }] }), s.clock.now());
    await s.tick('2026-03-16T10:00:00+01:00');
    expect(s.sms.sent.at(-1)!.body).toContain('Bakker Jansen');
    await s.reply('Heerlijk brood!');
    expect(await s.one('SELECT s.slug FROM replies r JOIN shops s ON s.id = r.shop_id')).toEqual({ slug: 'bakker' });
  });

  // Before, "stop alsjeblieft" to the shared number stopped the bakery only: the bike shop's invitation still went out
  // from the same number to someone who had said stop (the customer-side review).
  it.each([['STOP'], ['stop alsjeblieft'], ['Dit is spam']])('%j to a number shared by several shops stops every one of them that texts from it', async (text) => {
    const s = await textedCustomer();
    const other = await s.store.shops.create({ slug: 'bakker', name: 'Bakker Jansen', timezone: 'Europe/Amsterdam', country: 'NL', locale: 'nl', holdout: 0 }, Date.now());
    const own = await s.store.shops.create({ slug: 'slager', name: 'Slager Smit', timezone: 'Europe/Amsterdam', country: 'NL', locale: 'nl', holdout: 0 }, Date.now());
    await s.store.shops.update('slager', { smsFrom: '+3197014204768' });
    s.clock.set('2026-03-15T12:00:00+01:00');
    for (const [slug, secret] of [['bakker', other.webhookSecret], ['slager', own.webhookSecret]] as const) {
      await postSale(s.base, slug, secret, saleBody({ id: `${slug}-1`, occurredAt: '2026-03-15T11:00:00+01:00', items: [{ name: 'Brood' }] }), s.clock.now());
    }
    await s.tick('2026-03-16T10:00:00+01:00');
    await s.reply(text);
    const stopped = await s.all("SELECT s.slug FROM customers c JOIN shops s ON s.id = c.shop_id WHERE c.sms_opted_out_at IS NOT NULL ORDER BY s.slug");
    expect(stopped).toEqual([{ slug: 'bakker' }, { slug: 'fietsenmaker' }]); // the butcher texts from a number of its own
    expect(await s.all("SELECT s.slug, m.status FROM messages m JOIN shops s ON s.id = m.shop_id WHERE m.kind = 'comeback' ORDER BY s.slug")).toEqual([
      { slug: 'bakker', status: 'cancelled' }, { slug: 'fietsenmaker', status: 'cancelled' }, { slug: 'slager', status: 'scheduled' },
    ]);
  });

  it("matches by the shop's own number when it has one", async () => {
    const s = await textedCustomer();
    await s.store.shops.update('fietsenmaker', { smsFrom: '+3197014204768' });
    await s.reply('Prima', { To: '+3197014204768' });
    expect(await s.replies()).toHaveLength(1);
  });

  // The customer bought at two shops: the shoe shop texts from the shared number (TWILIO_FROM), the bike shop from its
  // own, and texted her last. She answers the shoe shop's text, on the shared number.
  async function shopOwnNumberTextedLast() {
    const s = await textedCustomer(); // the bike shop's sale on 14 March, its check-in on the 15th
    const own = '+3197014204768';
    await s.store.shops.update('fietsenmaker', { smsFrom: own, checkinGapDays: 1 }); // it asks after every purchase
    const shoes = await s.store.shops.create({ slug: 'schoenmaker', name: 'Schoenmaker Jansen', timezone: 'Europe/Amsterdam', country: 'NL', locale: 'nl', holdout: 0 }, Date.now());
    s.clock.set('2026-03-15T12:00:00+01:00');
    await postSale(s.base, 'schoenmaker', shoes.webhookSecret, saleBody({ id: 'schoen-1', occurredAt: '2026-03-15T11:00:00+01:00', items: [{ name: 'Wandelschoenen' }] }), s.clock.now());
    await s.tick('2026-03-16T10:00:00+01:00');
    s.clock.set('2026-03-16T12:00:00+01:00');
    await s.post(saleBody({ id: 'sale-2', occurredAt: '2026-03-16T11:00:00+01:00', items: [{ name: 'Bel' }] }));
    await s.tick('2026-03-17T10:00:00+01:00');
    expect(s.sms.sent.slice(1).map((m) => [m.from ?? 'shared', m.body.includes('Schoenmaker') ? 'shoes' : 'bikes'])).toEqual([['shared', 'shoes'], [own, 'bikes']]);
    return s;
  }

  it('files a reply to the shared number under the shop that texts from it, not a shop with its own number', async () => {
    const s = await shopOwnNumberTextedLast();
    await s.reply('De zool laat nu al los');
    expect(await s.one('SELECT s.slug, r.class FROM replies r JOIN shops s ON s.id = r.shop_id')).toEqual({ slug: 'schoenmaker', class: 'problem' });
  });

  it('carries out a STOP to the shared number at the shop that texts from it', async () => {
    const s = await shopOwnNumberTextedLast();
    await s.reply('STOP');
    expect(await s.all('SELECT s.slug FROM customers c JOIN shops s ON s.id = c.shop_id WHERE c.sms_opted_out_at IS NOT NULL')).toEqual([{ slug: 'schoenmaker' }]);
  });

  it('answers 400 naming the fields of a signed but malformed post', async () => {
    const s = await textedCustomer();
    const res = await postTwilio(s.base, '/v1/twilio/inbound', { MessageSid: 'nope', From: '0613572468', To: '+15005550006' });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text).issues.map((i: { field: string }) => i.field)).toEqual(['MessageSid', 'From']);
  });

  // The black-box review: a carrier's notice ("Uw tegoed is bijna op" from KPN) got 400, which Twilio shows as webhook
  // error 11200 and e-mails the account about.
  it.each([['KPN'], ['Google'], ['1266'], ['NS Reizen!'], ['Tele2 NL+']])('answers an SMS from the sender %j with an empty TwiML and keeps nothing of it', async (From) => {
    const lines: string[] = [];
    const s = await textedCustomer({ appOptions: { log: createLogger('info', { write: (l: string) => void lines.push(l) }) } });
    const res = await postTwilio(s.base, '/v1/twilio/inbound', { MessageSid: messageSid(), From, To: '+15005550006', Body: 'STOP: uw tegoed is bijna op' });
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/<Response\/>$/);
    expect(await s.replies()).toEqual([]);
    expect(await s.one('SELECT count(*) AS n FROM consent_events WHERE given = 0')).toEqual({ n: 0 });
    expect(await s.customer()).toMatchObject({ sms_opted_out_at: null });
    // The short code as a word of the line, not as digits inside a number of it (a time, a duration: 1765112661266).
    expect(lines.join('\n')).not.toMatch(/tegoed|"KPN"|Google|(?<![\d:.])1266(?!\d)|Reizen|Tele2/);
  });

  it('answers 400 naming From for a channel nextdeal does not take (a WhatsApp sender)', async () => {
    const s = await textedCustomer();
    const res = await postTwilio(s.base, '/v1/twilio/inbound', { MessageSid: messageSid(), From: 'whatsapp:+31612345678', To: '+15005550006', Body: 'Hoi' });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text).issues.map((i: { field: string }) => i.field)).toEqual(['From']);
  });
});

describe('POST /v1/twilio/status', () => {
  async function sentSms() {
    const s = await textedCustomer();
    await run(s.store.db, "UPDATE messages SET provider_id = 'SM7ac25b8b7f04410093ff54e1fd2b4256' WHERE kind = 'checkin'");
    const status = (params: Record<string, string>) => postTwilio(s.base, '/v1/twilio/status', { MessageSid: 'SM7ac25b8b7f04410093ff54e1fd2b4256', ...params });
    const checkin = () => s.one<{ status: string; delivery: string | null; error: string | null }>("SELECT status, delivery, error, error_detail FROM messages WHERE kind = 'checkin'");
    return { ...s, status, checkin };
  }

  it('records delivery, and a late "sent" never moves it back', async () => {
    const s = await sentSms();
    expect((await s.status({ MessageStatus: 'sent' })).status).toBe(204);
    expect(await s.checkin()).toMatchObject({ status: 'sent', delivery: 'sent' });
    await s.status({ MessageStatus: 'delivered' });
    await s.status({ MessageStatus: 'sent' });
    expect(await s.checkin()).toMatchObject({ delivery: 'delivered', error: null });
  });

  it('records an undelivered message with its error', async () => {
    const s = await sentSms();
    await s.status({ MessageStatus: 'undelivered', ErrorCode: '30003' });
    expect(await s.checkin()).toMatchObject({ delivery: 'undelivered', error: 'undelivered', error_detail: 'Twilio 30003' });
  });

  it('opts out a customer whose message failed with 21610 (they replied STOP to Twilio)', async () => {
    const s = await sentSms();
    // Twilio's captured callback for exactly this case.
    await s.status({ ErrorCode: '21610', MessageStatus: 'failed', To: '+12028831111' });
    expect((await s.customer()).sms_opted_out_at).not.toBeNull();
    expect(await s.one('SELECT source FROM consent_events ORDER BY id DESC LIMIT 1')).toEqual({ source: 'provider' });
    expect((await s.comeback()).status).toBe('cancelled');
  });

  it('refuses an unsigned callback', async () => {
    const s = await sentSms();
    expect((await postTwilio(s.base, '/v1/twilio/status', { MessageSid: 'SM7ac25b8b7f04410093ff54e1fd2b4256', MessageStatus: 'delivered' }, 'x')).status).toBe(403);
    expect((await s.checkin()).delivery).toBeNull();
  });
});
