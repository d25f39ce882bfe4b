// No personal data in the logs. The app and the dispatcher log into an array (at debug level) while a whole day
// is walked through: sales with distinctive names, numbers, addresses and reasons; a repeat; a refused phone number;
// the next morning's SMS and e-mail (one refused by the provider with an error quoting the number); an SMS reply;
// the owner's alert; the reply page and unsubscribe; the consent page; the owner logging in, searching for a name and
// downloading CSVs. Then no log line may contain any of it, and the log must still be useful.
import { describe, expect, it } from 'vitest';
import { type Channel, type EmailOut, SendFailure, type SmsOut } from '../src/channels/types.js';
import { hashPassword } from '../src/domain/password.js';
import { sign } from '../src/http/signature.js';
import { createLogger } from '../src/log.js';
import { createMetrics } from '../src/metrics.js';
import { createDispatcher } from '../src/queue/dispatcher.js';
import { loadTemplates } from '../src/templates.js';
import { PUBLIC_URL, TWILIO_AUTH_TOKEN, createShop, messageSid, ownerClient, postTwilio, startApp, testClock, testStore, value } from './helpers.js';

const PASSWORD = 'Zeer-Geheim-Eigenaarswachtwoord-42';
const SHOP = 'fietsenmaker';

/** The people in the story, with details distinctive enough that finding them in a log is never a coincidence. */
const quirijn = { name: 'Quirijn Bakhuizen', typed: '06 13572468', e164: '+31613572468', reason: 'voor de kanoreis naar Zweden', item: 'Kajakpeddel Carbon' };
const zwaantje = {
  name: 'Zwaantje Oosterveld', typed: '06-24681357', e164: '+31624681357', email: 'Zwaantje.Oosterveld@Voorbeeld.example.com',
  reason: 'omdat mijn oude fiets gestolen werd', item: 'Stadsfiets Gazelle', reply: 'de ketting is kapot en piept vreselijk hard',
};
const ottoline = { name: 'Ottoline Brandsma', email: 'ottoline.brandsma@postvak.example.com', reason: 'cadeau voor mijn kleinzoon Teun', item: 'Fietshelm Abus', comment: 'kan ik hem wassen op zestig graden?' };
const harmke = { name: 'Harmke Zijlstra', typed: '06 1234', email: 'harmke.zijlstra@friesland.example.com', reason: 'voor de Zeven Wouden' };
const walkIn = { typed: '06 51975308', e164: '+31651975308', reason: 'voor de Elfstedentocht op schaatsen' };
const joiner = { typed: '+31 6 11335577', e164: '+31611335577', email: 'hendrikje.joiner@voorbeeld.example', item: 'Zadeltas Ortlieb', reason: 'voor woon-werkverkeer door de polder' };
const OWNER_EMAIL = 'eigenaar.fietsenmaker@example.test';
const PROVIDER_ERROR = `Twilio 21211: The 'To' number ${quirijn.e164} is not a valid phone number.`;

/** Every form a phone number may take: E.164, without the plus, as typed, the national digits. */
const phoneForms = (e164: string, typed: string) => {
  const national = `0${e164.slice(3)}`;
  return [e164, e164.slice(1), typed, national, `${national.slice(0, 2)} ${national.slice(2)}`, `${national.slice(0, 2)}-${national.slice(2)}`, e164.slice(3)];
};

/** A channel that records what it is given, and refuses sends to one number as Twilio does. */
function channel<M extends { to: string }>(transport: 'twilio' | 'smtp', refuse?: string) {
  const sent: M[] = [];
  const c: Channel<M> & { sent: M[] } = {
    transport,
    sent,
    async send(m) {
      if (m.to === refuse) throw new SendFailure({ reason: 'invalid_number', kind: 'permanent', detail: PROVIDER_ERROR, code: 'Twilio 21211' });
      sent.push(m);
      return { providerId: transport === 'twilio' ? messageSid() : `<${sent.length}@mail.example>` };
    },
  };
  return c;
}

async function day() {
  const lines: string[] = [];
  const log = createLogger('debug', { write: (s: string) => void lines.push(s) });
  const store = await testStore();
  const clock = testClock('2026-03-14T15:31:00+01:00');
  const created = await createShop(store);
  await store.shops.update(SHOP, { alertEmail: OWNER_EMAIL });
  await store.sessions.setPassword(created.shop.id, await hashPassword(PASSWORD));
  const base = await startApp(store, clock.now, { log, metrics: createMetrics() });
  const sms = channel<SmsOut>('twilio', quirijn.e164);
  const email = channel<EmailOut>('smtp');
  const dispatcher = createDispatcher({
    store, channels: { sms, email }, templates: loadTemplates(), emailFrom: 'nextdeal@example.test', publicUrl: PUBLIC_URL,
    retryBaseSeconds: 60, pauseAfter: 5, pauseMinutes: 10, reconcileAfterMs: 600_000, log,
  });
  const secrets: string[] = [PASSWORD, created.webhookSecret, created.apiKey, created.shop.apiKeyHash, TWILIO_AUTH_TOKEN, OWNER_EMAIL];
  return { lines, store, clock, base, created, sms, email, dispatcher, secrets };
}

describe('the logs of a whole day', () => {
  it('hold no names, numbers, addresses, reasons, replies, message text, passwords, keys or tokens, and are still useful', async () => {
    const d = await day();
    const { base, clock, created } = d;
    const sale = async (body: Record<string, unknown>, auth: 'signature' | 'apiKey' = 'signature', requestId?: string) => {
      const raw = JSON.stringify({ occurredAt: '2026-03-14T15:30:00+01:00', ...body });
      const res = await fetch(`${base}/v1/shops/${SHOP}/sales`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(auth === 'apiKey' ? { authorization: `Bearer ${created.apiKey}` } : { 'nextdeal-signature': sign(created.webhookSecret, raw, Math.floor(clock.now() / 1000)) }),
          ...(requestId && { 'x-request-id': requestId }),
        },
        body: raw,
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };

    // The sales of the afternoon.
    expect((await sale({ id: 'dag-1', reason: quirijn.reason, customer: { name: quirijn.name, phone: quirijn.typed, consent: { sms: true } }, items: [{ name: quirijn.item }] }, 'signature', 'req-eerste-verkoop')).status).toBe(201);
    const second = { id: 'dag-2', reason: zwaantje.reason, customer: { name: zwaantje.name, phone: zwaantje.typed, email: zwaantje.email, consent: { sms: true, email: true } }, items: [{ name: zwaantje.item }] };
    expect((await sale(second, 'apiKey')).status).toBe(201);
    expect((await sale(second, 'apiKey')).status).toBe(200); // the till posts it again
    expect((await sale({ id: 'dag-3', reason: ottoline.reason, customer: { name: ottoline.name, email: ottoline.email, consent: { email: true } }, items: [{ name: ottoline.item }] })).status).toBe(201);
    // A sale whose id the till left out is refused, its wrong phone number named; with an id, it is kept without it.
    const harmkeSale = { reason: harmke.reason, customer: { name: harmke.name, phone: harmke.typed, email: harmke.email, consent: { sms: true } } };
    const refused = await sale({ id: '', ...harmkeSale });
    expect(refused.status).toBe(400);
    expect((await sale({ id: 'dag-4', ...harmkeSale })).body.warnings).toEqual([{ field: 'customer.phone', message: expect.stringMatching(/^not a valid phone number/) }]);
    const walk = await sale({ id: 'dag-5', items: [] });
    const code = String(walk.body.consentUrl).split('/c/')[1]!;
    d.secrets.push(code);

    // The walk-in customer leaves their number on the consent page; another one joins at the counter.
    const postForm = (path: string, form: Record<string, string>) =>
      fetch(base + path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' }, body: new URLSearchParams(form).toString(), redirect: 'manual' });
    // Each confirms their number with the code texted to it (double opt-in): page token and code are secrets too.
    expect((await fetch(`${base}/c/${code}`)).status).toBe(200);
    const walkInPage = await postForm(`/c/${code}`, { phone: walkIn.typed, sms: 'yes', item: 'Schaatsen', reason: walkIn.reason });
    expect((await postForm(`/shops/${SHOP}/join`, { phone: 'ongeldig 12', email: joiner.email, email_ok: 'yes' })).status).toBe(400);
    const joinerPage = await postForm(`/shops/${SHOP}/join`, { phone: joiner.typed, sms: 'yes', email: joiner.email, email_ok: 'yes', item: joiner.item, reason: joiner.reason });
    await d.dispatcher.tick(clock.now());
    for (const [page, who] of [[walkInPage, walkIn], [joinerPage, joiner]] as const) {
      expect(page.status).toBe(200);
      const token = /action="\/j\/([\w-]+)"/.exec(await page.text())![1]!;
      const texted = d.sms.sent.filter((m) => m.to === who.e164).at(-1)!.body;
      const sent = /(\d{6})/.exec(texted)![1]!;
      d.secrets.push(token, sent);
      expect((await fetch(`${base}/j/${token}`)).status).toBe(200);
      expect((await postForm(`/j/${token}`, { code: sent })).status).toBe(200);
    }

    // The next morning: SMS and e-mail, one SMS refused by Twilio with an error that quotes the number.
    clock.set('2026-03-15T10:00:00+01:00');
    const morning = await d.dispatcher.tick(clock.now());
    expect(morning.failed).toBe(1);
    expect(morning.sent).toBeGreaterThanOrEqual(4);
    expect(await value(d.store.db, "SELECT error_detail FROM messages WHERE status = 'failed'")).toBe(PROVIDER_ERROR); // kept for the operator, not logged
    const mail = d.email.sent.find((m) => m.to === ottoline.email)!;
    const replyToken = /\/r\/([\w-]+)/.exec(mail.text)![1]!;
    const unsubscribeToken = /\/u\/([\w-]+)/.exec(mail.text)![1]!;
    d.secrets.push(replyToken, unsubscribeToken);

    // Zwaantje answers by SMS; Twilio reports a delivery; the owner hears of the problem at once.
    const toZwaantje = (await value<string>(d.store.db, 'SELECT provider_id FROM messages WHERE recipient = ?', zwaantje.e164))!;
    expect((await postTwilio(base, '/v1/twilio/status', { MessageSid: toZwaantje, MessageStatus: 'delivered', To: zwaantje.e164 })).status).toBe(204);
    expect((await postTwilio(base, '/v1/twilio/inbound', { MessageSid: messageSid(), From: zwaantje.e164, To: '+15005550006', Body: zwaantje.reply })).status).toBe(200);
    expect((await postTwilio(base, '/v1/twilio/inbound', { MessageSid: messageSid(), From: '+31600000001', To: '+15005550006', Body: 'wie is dit? Geertruida hier' })).status).toBe(200);
    d.secrets.push('Geertruida', '+31600000001');

    // Ottoline uses the reply page, then unsubscribes.
    expect((await fetch(`${base}/r/${replyToken}`)).status).toBe(200);
    expect((await postForm(`/r/${replyToken}`, { answer: 'unsure', comment: ottoline.comment })).status).toBe(200);
    expect((await fetch(`${base}/u/${unsubscribeToken}`)).status).toBe(200);
    expect((await postForm(`/u/${unsubscribeToken}`, { 'List-Unsubscribe': 'One-Click' })).status).toBe(200);
    expect((await fetch(`${base}/r/not-a-real-token-at-all-000`)).status).toBe(404);

    clock.set('2026-03-15T10:05:00+01:00');
    const alerts = await d.dispatcher.tick(clock.now());
    expect(alerts.alerts).toBe(2);

    // The owner logs in, searches for a name and a number, downloads, marks a reply handled and logs out.
    const owner = ownerClient(base);
    const loginForm = await (await owner.get('/login')).text();
    d.secrets.push(owner.csrfIn(loginForm));
    expect((await owner.post('/login', { _csrf: owner.csrfIn(loginForm), slug: SHOP, password: 'fout wachtwoord', next: '' })).status).toBe(401);
    expect((await owner.logIn(SHOP, PASSWORD)).status).toBe(303);
    d.secrets.push(owner.jar.get('nd_session')!);
    for (const q of [quirijn.name, zwaantje.typed, ottoline.email]) {
      const page = await owner.get(`/shops/${SHOP}/messages?q=${encodeURIComponent(q)}&days=30`);
      expect(page.status).toBe(200);
      await page.text();
    }
    const dashboard = await (await owner.get(`/shops/${SHOP}`)).text();
    const csrf = owner.csrfIn(dashboard);
    d.secrets.push(csrf);
    for (const file of ['messages.csv', 'replies.csv', 'cohorts.csv']) {
      const csv = await owner.get(`/shops/${SHOP}/${file}`);
      expect(csv.status).toBe(200);
      await csv.text();
    }
    const replyId = (await value<number>(d.store.db, "SELECT id FROM replies WHERE class IN ('problem', 'question') ORDER BY id"))!;
    expect((await owner.post(`/shops/${SHOP}/replies/${replyId}/handled`, { _csrf: csrf })).status).toBe(303);
    expect((await owner.post('/logout', { _csrf: csrf })).status).toBe(303);

    // What was sent is part of what must not be logged.
    const messageTexts = [
      ...d.sms.sent.map((m) => m.body),
      ...d.email.sent.flatMap((m) => [m.subject, m.text.split('\n').find((l) => l.trim().length > 25) ?? m.subject]),
    ];
    expect(messageTexts.length).toBeGreaterThanOrEqual(6);

    const forbidden: [what: string, value: string][] = [
      ...[quirijn, zwaantje, ottoline, harmke].flatMap((p) => [['name', p.name] as [string, string], ...p.name.split(' ').map((part): [string, string] => ['name part', part])]),
      ['name', 'Hendrikje'],
      ...phoneForms(quirijn.e164, quirijn.typed).map((p): [string, string] => ['phone', p]),
      ...phoneForms(zwaantje.e164, zwaantje.typed).map((p): [string, string] => ['phone', p]),
      ...phoneForms(walkIn.e164, walkIn.typed).map((p): [string, string] => ['phone', p]),
      ...phoneForms(joiner.e164, joiner.typed).map((p): [string, string] => ['phone', p]),
      ['phone as typed', harmke.typed],
      ...[zwaantje.email, ottoline.email, harmke.email, joiner.email].flatMap((e): [string, string][] => [['e-mail', e], ['e-mail', e.toLowerCase()], ['e-mail', e.toLowerCase().replace('@', '%40')], ['e-mail user', e.split('@')[0]!.toLowerCase()]]),
      ...[quirijn.reason, zwaantje.reason, ottoline.reason, harmke.reason, walkIn.reason, joiner.reason].map((r): [string, string] => ['reason', r]),
      ['reason word', 'kanoreis'], ['reason word', 'kleinzoon'], ['reason word', 'Elfstedentocht'], ['reason word', 'polder'],
      ['item', quirijn.item], ['item', zwaantje.item], ['item', ottoline.item], ['item', joiner.item],
      ['reply', zwaantje.reply], ['reply word', 'ketting'], ['reply', ottoline.comment], ['reply word', 'zestig graden'],
      ['provider error', PROVIDER_ERROR],
      ...messageTexts.map((t): [string, string] => ['message text', t]),
      ...d.secrets.map((s): [string, string] => ['secret', s]),
    ];
    const log = d.lines.join('');
    const leaks = forbidden.filter(([, value]) => log.toLowerCase().includes(value.toLowerCase())).map(([what, value]) => {
      const line = d.lines.find((l) => l.toLowerCase().includes(value.toLowerCase()))!;
      return `${what} "${value}" in: ${line.slice(0, 300)}`;
    });
    expect(leaks).toEqual([]);

    // The log is useful: one line per request with its id, method, path and status; the dispatcher's outcomes.
    const entries = d.lines.map((l) => JSON.parse(l) as { level: number; msg: string; req?: { id?: string; method?: string; path?: string }; res?: { status?: number }; [k: string]: unknown });
    const requests = entries.filter((e) => e.req?.id && e.req.method && e.req.path && typeof e.res?.status === 'number');
    const seen = (method: string, path: string | RegExp, status: number) =>
      requests.some((e) => e.req!.method === method && (typeof path === 'string' ? e.req!.path === path : path.test(e.req!.path!)) && e.res!.status === status);
    expect(requests.length).toBeGreaterThanOrEqual(30);
    expect(seen('POST', `/v1/shops/${SHOP}/sales`, 201)).toBe(true);
    expect(seen('POST', `/v1/shops/${SHOP}/sales`, 200)).toBe(true);
    expect(seen('POST', `/v1/shops/${SHOP}/sales`, 400)).toBe(true);
    expect(seen('POST', '/v1/twilio/inbound', 200)).toBe(true);
    expect(seen('POST', '/v1/twilio/status', 204)).toBe(true);
    expect(seen('GET', '/r/:token', 200)).toBe(true);
    expect(seen('GET', '/r/:token', 404)).toBe(true);
    expect(seen('POST', '/u/:token', 200)).toBe(true);
    expect(seen('POST', '/c/:token', 200)).toBe(true);
    expect(seen('POST', '/login', 401)).toBe(true);
    expect(seen('GET', `/shops/${SHOP}`, 200)).toBe(true);
    expect(seen('GET', `/shops/${SHOP}/messages.csv`, 200)).toBe(true);
    expect(requests.find((e) => e.req!.id === 'req-eerste-verkoop')?.res?.status).toBe(201);
    expect(new Set(requests.map((e) => e.req!.id)).size).toBe(requests.length); // one id per request
    expect(requests.find((e) => e.res!.status === 400)?.level).toBe(40); // a 4xx is a warning
    expect(entries.filter((e) => e.msg === 'message sent').length).toBe(morning.sent);
    expect(entries.find((e) => e.msg === 'not sent')).toMatchObject({ reason: 'invalid_number', code: 'Twilio 21211', channel: 'sms', retry: false });
    expect(entries.filter((e) => e.msg === 'alert sent').length).toBe(2);
    expect(entries.find((e) => e.msg === 'reply received')).toMatchObject({ class: 'problem' });
  });

  it("leaves out what PostgreSQL's errors quote of the row they refused, and keeps what tells the error", () => {
    const lines: string[] = [];
    const log = createLogger('error', { write: (s: string) => void lines.push(s) });
    // As node-postgres gives a unique violation: the message names the constraint, `detail` quotes the values.
    const err = Object.assign(new Error('duplicate key value violates unique constraint "customers_shop_phone"'), {
      code: '23505', constraint: 'customers_shop_phone', detail: `Key (shop_id, phone)=(1, ${quirijn.e164}) already exists.`,
      where: `SQL statement "UPDATE customers SET phone = '${quirijn.e164}'"`, hint: quirijn.name,
    });
    log.error({ err }, 'request failed');
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain(quirijn.e164);
    expect(lines[0]).not.toContain(quirijn.name);
    expect(JSON.parse(lines[0]!).err).toMatchObject({ type: 'Error', message: err.message, code: '23505', constraint: 'customers_shop_phone', stack: expect.any(String) });
  });

  it('logs a path no route answers without the e-mail addresses and phone numbers in it, and still says what was tried', async () => {
    const d = await day();
    const tried = {
      '/foo/jan.geheim@example.com/0613572468': '/:part/:email/# (not a route)',
      '/Jan.Geheim%40Example.com': '/:email (not a route)',
      '/bel/+31%206%2013572468/nu': '/:part/#/:part (not a route)',
      '/winkel/06-24681357': '/:part/# (not a route)',
      '/wp-login.php': '/wp-login.php (not a route)',
      '/wp-admin/setup-config.php': '/:part/setup-config.php (not a route)',
      '/.env': '/.env (not a route)',
      // nextdeal's own words and a shop it has stay: a mistyped link still shows what was meant.
      [`/shops/${SHOP}/joinen`]: '/shops/:part/:part (not a route)',
      '/v1/shops': '/v1/shops (not a route)',
    };
    for (const path of Object.keys(tried)) expect((await fetch(d.base + path)).status, path).toBe(404);
    // A route's own 404 (an unknown token) is logged as its route; one given an address or a number where it takes a
    // shop's name, masked as well (a review found them in the log).
    expect((await fetch(`${d.base}/r/geen-echte-code-0613572468`)).status).toBe(404);
    // Numbers written apart too (the security review of 4 December): "06-13-57-24-68", "0687 654 321", "+31 6 …".
    const given = ['/shops/jan.geheim@example.com/join', '/shops/0613572468/join', '/shops/06-13-57-24-68/join', '/shops/0687%20654%20321/join', '/shops/(06)%2013.57.24.68/join', '/shops/+31%206%2098765432/join'];
    for (const path of given) expect((await fetch(d.base + path)).status, path).toBe(404);
    const logged = d.lines.map((l) => JSON.parse(l) as { req?: { path?: string }; res?: { status?: number } }).filter((e) => e.res?.status === 404).map((e) => e.req?.path);
    expect(logged).toEqual([...Object.values(tried), '/r/:token', ...given.map(() => '/shops/:slug/join')]);
    const leaked = d.lines.filter((l) => ['jan.geheim', '0613572468', '613572468', '24681357', '13-57-24', '654%20321', '13.57.24', '98765432'].some((t) => l.toLowerCase().includes(t)));
    expect(leaked.map((l) => l.slice(0, 240))).toEqual([]);
  });

  // The operator's review: a visitor's GET /shops/Sanne%20de%20Vries/join (a 404) was logged with the name, which
  // masking only addresses and digits let through. Now no name typed into a path is logged at any level, while a
  // shop's own name and what a route is still are.
  it('logs no name typed into a path, whatever the route made of it, at every log level', async () => {
    const name = 'Sanne%20de%20Vries';
    const requests: [method: string, path: string, status: number, logged: string][] = [
      ['GET', `/shops/${name}/join`, 404, '/shops/:slug/join'],
      ['GET', '/shops/sanne-de-vries/join/poster', 404, '/shops/:slug/join/poster'],
      ['GET', `/shops/${name}`, 303, '/shops/:slug'], // to the login: no session, no shop looked up
      ['GET', `/shops/${name}/replies.csv`, 401, '/shops/:slug/replies.csv'],
      ['POST', `/v1/shops/${name}/sales`, 404, '/v1/shops/:slug/sales'],
      ['POST', `/v1/shops/${SHOP}/sales/${name}/refund`, 401, `/v1/shops/${SHOP}/sales/:id/refund`],
      ['POST', `/v1/shops/${SHOP}/webhooks/${name}`, 404, '/v1/shops/:slug/webhooks/:vendor'],
      ['POST', `/v1/shops/${SHOP}/webhooks/square`, 404, `/v1/shops/${SHOP}/webhooks/square`], // no square connection
      ['GET', `/${name}/afspraak`, 404, '/:part/:part (not a route)'],
      ['GET', `/shops/${SHOP}/join`, 200, `/shops/${SHOP}/join`],
    ];
    for (const level of ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const) {
      const lines: string[] = [];
      const log = createLogger(level, { write: (s: string) => void lines.push(s) });
      const store = await testStore();
      await createShop(store);
      // A database that fails while a name is in the path: answered 500, logged at the error level.
      let failing = false;
      const shops = { ...store.shops, bySlug: (slug: string) => (failing ? Promise.reject(new Error('the database failed')) : store.shops.bySlug(slug)) };
      const base = await startApp({ ...store, shops }, Date.now, { log, metrics: createMetrics() });
      for (const [method, path, status] of requests) {
        const res = await fetch(base + path, { method, redirect: 'manual', headers: { 'content-type': 'application/json' }, ...(method === 'POST' && { body: '{}' }) });
        expect(res.status, `${level} ${method} ${path}`).toBe(status);
      }
      failing = true;
      expect((await fetch(`${base}/shops/${name}/join`)).status).toBe(500);
      const entries = lines.map((l) => JSON.parse(l) as { level: number; req?: { method: string; path: string }; res?: { status: number } });
      expect(lines.filter((l) => /sanne|vries/i.test(l)), level).toEqual([]);
      const written = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60, silent: Infinity }[level];
      for (const [method, , status, logged] of [...requests, ['GET', '', 500, '/shops/:slug/join'] as const]) {
        const at = status >= 500 ? 50 : status >= 400 ? 40 : 30;
        const line = entries.find((e) => e.req?.method === method && e.req.path === logged && e.res?.status === status);
        expect(line?.level, `${level}: ${method} ${logged} ${status}`).toBe(at >= written ? at : undefined);
      }
    }
  });

  it("masks the tokens of customers' links whatever the case of the path (routing ignores case)", async () => {
    const d = await day();
    const post = async (body: Record<string, unknown>) => {
      const raw = JSON.stringify({ occurredAt: '2026-03-14T15:30:00+01:00', ...body });
      const res = await fetch(`${d.base}/v1/shops/${SHOP}/sales`, { method: 'POST', headers: { 'content-type': 'application/json', 'nextdeal-signature': sign(d.created.webhookSecret, raw, Math.floor(d.clock.now() / 1000)) }, body: raw });
      return (await res.json()) as Record<string, unknown>;
    };
    await post({ id: 'hoofd-1', customer: { name: ottoline.name, email: ottoline.email, consent: { email: true } }, items: [{ name: ottoline.item }] });
    const code = String((await post({ id: 'hoofd-2' })).consentUrl).split('/c/')[1]!;
    d.clock.set('2026-03-15T10:00:00+01:00');
    await d.dispatcher.tick(d.clock.now());
    const reply = /\/r\/([\w-]+)/.exec(d.email.sent[0]!.text)![1]!;
    const unsubscribe = /\/u\/([\w-]+)/.exec(d.email.sent[0]!.text)![1]!;
    // Express matches /r/:token, /u/:token and /c/:code case-insensitively: the pages open under /R/, /U/ and /C/ too.
    for (const path of [`/R/${reply}`, `/U/${unsubscribe}`, `/C/${code}`]) expect((await fetch(d.base + path)).status, path).toBe(200);
    const leaked = d.lines.filter((l) => [reply, unsubscribe, code].some((t) => l.includes(t)));
    expect(leaked.map((l) => l.slice(0, 240))).toEqual([]);
  });
});
