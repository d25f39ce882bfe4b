// Two shops after seven weeks of use, one Dutch and one English, for tests that look at every page a person can meet:
// sales with and without (usable) contact details, a refund, check-ins delivered, undelivered, refused, expired,
// interrupted and still sending, replies of every reading and every SMS keyword, a corrected reading, come-back
// invitations followed by a purchase, and a paused channel. Everything goes through the real app, dispatcher and
// webhooks, except what a crash leaves behind (a claimed message) and the channel pause, which use the store's own calls.
import { expect } from 'vitest';
import type { Channel, EmailOut, SmsOut } from '../../src/channels/types.js';
import { SendFailure } from '../../src/channels/types.js';
import type { Store } from '../../src/db/store.js';
import { hashPassword } from '../../src/domain/password.js';
import { all, createShop, messageSid, postSale, postTwilio, saleBody, startApp, testClock, testDispatcher, testStore, value } from '../helpers.js';

export const PASSWORD = 'een goed wachtwoord 42';
let hashed: Promise<string> | undefined;

/** Words a customer of each shop would use, and who they are. */
interface Speech {
  slug: string;
  name: string;
  locale: 'nl' | 'en';
  country: string;
  item: string;
  reason: string;
  problem: string;
  question: string;
  /** 14 names, one per customer below. */
  names: string[];
  /** A mobile number for customer n (1..14), as the till sends it, and as stored (E.164). */
  phone: (n: number) => [local: string, e164: string];
  badPhone: string;
}

export const speech: Record<'nl' | 'en', Speech> = {
  nl: {
    slug: 'fietsenmaker', name: 'Fietsenmaker Test', locale: 'nl', country: 'NL', item: 'Regenjas', reason: 'voor mijn fietstochten',
    problem: 'De rits is kapot, hij gaat niet meer dicht', question: 'Kan ik hem in de wasmachine doen?',
    names: ['Anna Jansen', 'Bram de Boer', 'Cees Bakker', 'Dirk Visser', 'Eva Smit', 'Fleur Mulder', 'Gijs de Groot', 'Hanna Bos', 'Iris Vos', 'Joost Peters', 'Kim Hendriks', 'Lisa Dekker', 'Milan Meijer', 'Noor Vermeer'],
    phone: (n) => [`06 123456${String(n).padStart(2, '0')}`, `+31612345${String(600 + n)}`],
    badPhone: '06 1234',
  },
  en: {
    slug: 'cornercycles', name: 'Corner Cycles', locale: 'en', country: 'GB', item: 'Rain jacket', reason: 'for my bike rides',
    problem: 'The zip is broken, it will not close', question: 'Can I put it in the washing machine?',
    names: ['Alice Brown', 'Ben Taylor', 'Chloe Wilson', 'Dave Evans', 'Emma Hughes', 'Finn Walker', 'George Wright', 'Holly Green', 'Isla Wood', 'Jack Hall', 'Kate Clarke', 'Liam Turner', 'Mia Harris', 'Nora Scott'],
    phone: (n) => [`07400 1234${String(n).padStart(2, '0')}`, `+4474001234${String(n).padStart(2, '0')}`],
    badPhone: '07700 12',
  },
};

// Days of the story, from Monday 2 March 2026 (D0); the story ends on D50, Tuesday 21 April, at noon.
const D = (day: number, hhmm: string) => {
  const d = new Date(Date.UTC(2026, 2, 2 + day));
  const offset = d >= new Date(Date.UTC(2026, 2, 29)) ? '+02:00' : '+01:00'; // Amsterdam summer time from 29 March
  return `${d.toISOString().slice(0, 10)}T${hhmm}:00${offset}`;
};
export const END = D(50, '12:00');

export async function ownerWorld() {
  const store = await testStore();
  const clock = testClock(D(0, '11:00'));
  const base = await startApp(store, clock.now);
  hashed ??= hashPassword(PASSWORD);

  // Channels that refuse one recipient each, the way Twilio and an SMTP server do.
  const sms: SmsOut[] = [];
  const email: EmailOut[] = [];
  const refuse = new Map<string, SendFailure>();
  const channel = <M extends { to: string }>(transport: 'twilio' | 'smtp', list: M[]): Channel<M> => ({
    transport,
    async send(m) {
      const failure = refuse.get(m.to);
      if (failure) throw failure;
      list.push(m);
      return { providerId: transport === 'twilio' ? messageSid() : `<${list.length}@mail.example>` };
    },
  });
  const { dispatcher } = testDispatcher(store, { sms: channel('twilio', sms), email: channel('smtp', email) });
  const at = (iso: string) => clock.set(iso);
  const tick = async (iso: string) => {
    at(iso);
    await dispatcher.tick(clock.now());
  };

  const shops = {} as Record<'nl' | 'en', Awaited<ReturnType<typeof open>>>;
  async function open(s: Speech) {
    const created = await createShop(store, { slug: s.slug, name: s.name, locale: s.locale, country: s.country, timezone: 'Europe/Amsterdam' });
    await store.sessions.setPassword(created.shop.id, await hashed!);
    const ids = new Map<string, { saleId: number; customerId: number | null }>();
    const byWho = new Map<number, number>();
    let n = 0;
    /** Customer `who` (1..14, or 0 for nobody) buys; `contact` says which channels they gave and agreed to. */
    async function buy(who: number, contact: 'sms' | 'email' | 'none' | 'bad-phone', over: Record<string, unknown> = {}) {
      const [local] = s.phone(who);
      const first = s.names[who - 1]?.split(' ')[0]?.toLowerCase();
      const customer =
        contact === 'none' ? null
        : contact === 'bad-phone' ? { name: s.names[who - 1], phone: s.badPhone, consent: { sms: true } }
        : contact === 'sms' ? { name: s.names[who - 1], phone: local, consent: { sms: true } }
        : { name: s.names[who - 1], email: `${first}@example.com`, consent: { email: true } };
      const id = `${s.slug}-${++n}`;
      const res = await postSale(base, s.slug, created.webhookSecret, saleBody({ id, occurredAt: new Date(clock.now() - 60_000).toISOString(), customer, reason: s.reason, items: [{ name: s.item, sku: 'RJ-1', quantity: 1, unitPrice: 89.95 }], ...over }), clock.now());
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      ids.set(id, { saleId: res.body.saleId, customerId: res.body.customerId });
      if (res.body.customerId) byWho.set(who, res.body.customerId);
      return { id, ...res.body } as { id: string; saleId: number; customerId: number | null; consentUrl?: string };
    }
    const mailTo = (who: number) => email.filter((m) => m.to === `${s.names[who - 1]!.split(' ')[0]!.toLowerCase()}@example.com`).at(-1)!;
    const text = (from: number, body: string) => postTwilio(base, '/v1/twilio/inbound', { MessageSid: messageSid(), From: s.phone(from)[1], To: '+15005550006', Body: body });
    const smsTo = (who: number) => sms.filter((m) => m.to === s.phone(who)[1]).at(-1)!;
    const status = async (who: number, MessageStatus: string, ErrorCode?: string) =>
      postTwilio(base, '/v1/twilio/status', { MessageSid: (await value<string>(store.db, 'SELECT provider_id FROM messages WHERE id = ?', smsTo(who).messageId))!, MessageStatus, ...(ErrorCode && { ErrorCode }) });
    const customer = (who: number) => byWho.get(who)!;
    return { ...created, s, buy, mailTo, text, status, ids, customer, tokens: { reply: '', unsubscribe: '' }, consentUrl: '' };
  }
  for (const lang of ['nl', 'en'] as const) shops[lang] = await open(speech[lang]);
  const both = Object.values(shops);

  // D0: eleven customers' purchases (Joost, Kim and Lisa come later), a walk-in, a phone number the till got wrong.
  for (const sh of both) {
    await sh.buy(1, 'sms'); // Anna: check-in delivered; writes about a problem; comes back after her invitation
    await sh.buy(2, 'email'); // Bram: asks a question on the reply page
    await sh.buy(3, 'sms'); // Cees: a number that does not exist
    await sh.buy(4, 'email'); // Dirk: a mailbox that does not exist
    await sh.buy(5, 'sms'); // Eva: refunded before her check-in
    await sh.buy(6, 'sms'); // Fleur: texts STOP, START and INFO (the HELP keyword that alerts nobody)
    await sh.buy(7, 'sms'); // Gijs: check-in undelivered; buys again on D8
    await sh.buy(8, 'email'); // Hanna: happy
    await sh.buy(9, 'email'); // Iris: not sure yet; the owner corrects the reading
    await sh.buy(13, 'bad-phone'); // Milan: the till sent a number that cannot be right
    await sh.buy(14, 'email'); // Noor: not sure yet; the owner reads it as a problem
    refuse.set(sh.s.phone(3)[1], new SendFailure({ reason: 'invalid_number', kind: 'permanent', code: 'Twilio 21211', detail: `Twilio 21211: The 'To' number ${sh.s.phone(3)[1]} is not a valid phone number.` }));
    const dirk = `${sh.s.names[3]!.split(' ')[0]!.toLowerCase()}@example.com`;
    refuse.set(dirk, new SendFailure({ reason: 'mailbox_unknown', kind: 'permanent', code: 'SMTP 550', detail: `SMTP 550: 5.1.1 <${dirk}>: Recipient address rejected: User unknown` }));
  }
  at(D(0, '11:05'));
  for (const sh of both) {
    const res = await fetch(`${base}/v1/shops/${sh.s.slug}/sales/${sh.s.slug}-5/refund`, { method: 'POST', headers: { authorization: `Bearer ${sh.apiKey}`, 'content-type': 'application/json' }, body: '{"status":"refunded"}' });
    expect(res.status).toBe(200);
  }

  // D1: the check-ins go out (or not); Twilio reports on the SMS; customers answer.
  await tick(D(1, '10:05'));
  at(D(1, '10:10'));
  for (const sh of both) {
    expect((await sh.status(1, 'delivered')).status).toBe(204);
    expect((await sh.status(6, 'delivered')).status).toBe(204);
    expect((await sh.status(7, 'undelivered', '30003')).status).toBe(204);
  }
  at(D(1, '12:00'));
  for (const sh of both) {
    expect((await sh.text(1, sh.s.problem)).status).toBe(200);
    const bram = /\/r\/([\w-]+)/.exec(sh.mailTo(2).text)![1]!;
    expect((await fetch(`${base}/r/${bram}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ comment: sh.s.question }) })).status).toBe(200);
    const hanna = /\/r\/([\w-]+)/.exec(sh.mailTo(8).text)![1]!;
    expect((await fetch(`${base}/r/${hanna}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'answer=great' })).status).toBe(200);
    const iris = /\/r\/([\w-]+)/.exec(sh.mailTo(9).text)!;
    sh.tokens = { reply: iris[1]!, unsubscribe: /\/u\/([\w-]+)/.exec(sh.mailTo(9).text)![1]! };
    expect((await fetch(`${base}/r/${iris[1]}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'answer=unsure' })).status).toBe(200);
    const noor = /\/r\/([\w-]+)/.exec(sh.mailTo(14).text)![1]!;
    expect((await fetch(`${base}/r/${noor}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'answer=unsure' })).status).toBe(200);
    for (const word of ['STOP', 'START', 'INFO']) expect((await sh.text(6, word)).status).toBe(200);
  }
  at(D(2, '09:00'));
  for (const sh of both) {
    // The owner calls Anna back, and reads Noor's "not sure yet" as a problem.
    const reply = async (customer: number) => (await value<number>(store.db, 'SELECT id FROM replies WHERE customer_id = ?', customer))!;
    expect(await store.replies.handle(sh.shop, await reply(sh.customer(1)), clock.now())).toBe('handled');
    expect(await store.replies.correct(sh.shop, await reply(sh.customer(14)), 'problem', clock.now())).toBe(true);
  }

  // D3–D4: Joost's check-in is claimed when the dispatcher dies mid-send: uncertain.
  at(D(3, '11:00'));
  for (const sh of both) await sh.buy(10, 'sms');
  at(D(4, '10:00'));
  expect(await store.messages.claim(clock.now(), 10)).toHaveLength(2);
  expect(await store.messages.markOrphans(clock.now() + 1)).toBe(2);
  // D4–D7: Lisa's check-in is found more than 48 hours late: expired.
  at(D(4, '11:00'));
  for (const sh of both) await sh.buy(12, 'sms');
  await tick(D(7, '10:05'));
  // D8: Gijs buys again: the invitation of his first purchase is cancelled.
  at(D(8, '11:00'));
  for (const sh of both) await sh.buy(7, 'sms');

  // D30–D39: the come-back invitations go out; Anna buys again three days after hers; Gijs's goes out on D39.
  await tick(D(30, '10:05'));
  at(D(33, '12:00'));
  for (const sh of both) await sh.buy(1, 'sms', { total: 49.95, items: [{ name: sh.s.item, sku: 'RJ-2', quantity: 1, unitPrice: 49.95 }] });
  await tick(D(35, '10:05'));
  await tick(D(39, '10:05'));

  // D49–D50: a walk-in whose till knew no customer; Kim's check-in is being sent right now; SMS is paused.
  at(D(49, '11:00'));
  for (const sh of both) {
    sh.consentUrl = (await sh.buy(0, 'none')).consentUrl!;
    await sh.buy(11, 'sms');
  }
  at(D(50, '10:00'));
  expect((await store.messages.claim(clock.now(), 10)).length).toBeGreaterThanOrEqual(2);
  at(END);
  await store.health.failed('sms', 'Twilio 20003: Authenticate', clock.now(), 1, 3_600_000);

  // Every reading and every keyword is there, in both shops.
  for (const sh of both) {
    const classes = (await all<{ class: string }>(store.db, 'SELECT DISTINCT class FROM replies WHERE shop_id = ?', sh.shop.id)).map((r) => r.class);
    expect(new Set(classes)).toEqual(new Set(['problem', 'question', 'other', 'positive', 'opt_out', 'opt_in', 'help']));
  }
  return { store, clock, base, shops, sms, email };
}
export type World = Awaited<ReturnType<typeof ownerWorld>>;
export type WorldShop = World['shops']['nl'];
export type { Store };
