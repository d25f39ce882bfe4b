// Twilio's webhooks: a customer's SMS reply, and delivery status. Both are verified with X-Twilio-Signature
// over PUBLIC_URL + path and every posted parameter, as Twilio signs them; anything else is 403.
import express, { type RequestHandler, Router } from 'express';
// The webhook check and TwiML only: the REST client (16 MB more) loads only when Twilio sends SMS.
import MessagingResponse from 'twilio/lib/twiml/MessagingResponse.js';
import { validateRequest } from 'twilio/lib/webhooks/webhooks.js';
import { z } from 'zod';
import type { Store } from '../db/store.js';
import { isDeliveryStatus } from '../db/messages.js';
import { type Recorded, type Said, TakenIn, replyClass } from '../db/replies.js';
import {
  type ReplyClass, type StopRequest, classifyWords, criesForHelp, keyword, looksAutomatic, plainlyWrittenIn, stopRequest, unwantedReply,
  wrongNumber,
} from '../domain/classify.js';
import { customerVoice, voiceFor } from '../domain/sale.js';
import { smsShopName } from '../domain/sms.js';
import type { Logger } from '../log.js';
import type { AutoReply, Templates } from '../templates.js';
import { basePath } from './base-path.js';
import { HttpError, fieldIssues, invalid } from './errors.js';
import type { Metrics } from '../metrics.js';

/**
 * A request to hear no more, by what it said besides: with a problem or a question, or words the reader is not sure of,
 * it is on the owner's list as that; with nothing else, or only thanks, it is a STOP like the keyword.
 */
function restClass(rest: string): ReplyClass {
  const c = rest ? classifyWords(rest) : 'positive';
  return c === 'positive' ? 'opt_out' : c;
}

export interface TwilioDeps {
  store: Store;
  templates: Templates;
  log: Logger;
  now: () => number;
  publicUrl: string;
  authToken: string | undefined;
  /** Called when a reply raised an alert, so the owner hears at once rather than at the next tick. */
  wake: () => void;
  /** E-mail reaches nobody (the outbox on disk, a mail catcher): an alert tells no owner. */
  emailUndelivered?: 'outbox' | 'catcher' | undefined;
  /** A send Twilio's status callback settles (in doubt, or its dispatcher's answer not back yet) counts as sent in nextdeal_messages_settled_total. */
  metrics?: Metrics | undefined;
}

/**
 * Checks X-Twilio-Signature against the URL Twilio was given (PUBLIC_URL, not the Host header) and the form. A
 * signature Twilio made for the address the request came to instead is refused all the same (a request signed for
 * another installation on the same Twilio account must not count here), but it means Twilio's console has another
 * address than PUBLIC_URL: every reply, STOPs and complaints too, is refused, and Twilio does not deliver a refused one
 * again. The log says what to put right, at most once a minute, naming both addresses (never the signature, nor anything
 * the form says). The address it came to is the Host header's, or, with TRUST_PROXY set, the first X-Forwarded-Host and
 * X-Forwarded-Proto (a proxy set to pass the public host only there: a black-box review found the 403s went unexplained
 * behind it), with and without PUBLIC_URL's path (a proxy that strips it). A signature made for no such address on a
 * request that came to PUBLIC_URL's host, with an account's AccountSid in its form as Twilio always sends, is said too,
 * once a minute: then TWILIO_AUTH_TOKEN is likely not that account's. Junk without one (a scanner's) is only the 403's
 * request line: an error an operator is paged for at every probe is one they learn to ignore (the review of 2adae23).
 */
export function twilioSignature(authToken: string | undefined, publicUrl: string, log: Logger, now: () => number = Date.now): RequestHandler {
  let toldMoved = -Infinity;
  let toldToken = -Infinity;
  const expected = new URL(publicUrl).origin;
  const base = basePath(publicUrl);
  const origin = (o: string) => (URL.canParse(o) ? new URL(o).origin : null);
  return (req, _res, next) => {
    const signature = req.get('x-twilio-signature');
    if (!authToken) throw new HttpError(403, 'forbidden', 'Twilio is not configured here (TWILIO_AUTH_TOKEN is not set)');
    if (!signature) throw new HttpError(403, 'forbidden', 'X-Twilio-Signature is missing');
    const form = req.body ?? {};
    if (!validateRequest(authToken, signature, publicUrl + req.originalUrl, form)) {
      // req.host and req.protocol are the first X-Forwarded-Host and -Proto when TRUST_PROXY trusts them, else the
      // Host header and the connection's; a proxy that passes no scheme may have taken either.
      const hosts = [...new Set([req.host, req.get('host')].filter((h) => h !== undefined))];
      const origins = [...new Set([`${req.protocol}://${req.host}`, ...hosts.flatMap((h) => [`https://${h}`, `http://${h}`])].map(origin).filter((o) => o !== null))];
      const paths = [...new Set([base + req.originalUrl, req.originalUrl])];
      const came = origins.flatMap((o) => paths.map((p) => o + p)).find((url) => validateRequest(authToken, signature, url, form));
      const path = req.originalUrl.split('?')[0];
      if (came && now() - toldMoved >= 60_000) {
        toldMoved = now();
        log.error({ twilioPostsTo: came.split('?')[0], expected: publicUrl + path }, "Twilio posts to another address than PUBLIC_URL, so every reply is refused: set PUBLIC_URL to that address, or Twilio's webhook URLs to PUBLIC_URL");
      } else if (!came && origins.includes(expected) && fromAnAccount(form) && now() - toldToken >= 60_000) {
        toldToken = now();
        // Through a proxy not trusted, the address Twilio posted to may be in X-Forwarded-Host, unread.
        const trusted = (req.app.get('trust proxy fn') as (address: string | undefined, hop: number) => boolean)(req.socket.remoteAddress, 0);
        const unread = req.get('x-forwarded-host') !== undefined && !trusted;
        log.error({ expected: publicUrl + path }, `X-Twilio-Signature does not match a request to PUBLIC_URL: if it came from Twilio, every reply is refused; check TWILIO_AUTH_TOKEN (the auth token of the account that owns the number)${unread ? ', and set TRUST_PROXY: it came through a proxy (X-Forwarded-Host), and the address Twilio posted to may be another' : ''}`);
      }
      throw new HttpError(403, 'forbidden', 'X-Twilio-Signature does not match');
    }
    next();
  };
}

/** Whether a webhook's form names a Twilio account as every one of Twilio's does (AC and 32 hex digits). */
const fromAnAccount = (form: Record<string, unknown>): boolean => typeof form.AccountSid === 'string' && /^AC[0-9a-fA-F]{32}$/.test(form.AccountSid);

/** A customer's phone, as Twilio gives it. */
const E164 = /^\+[1-9]\d{6,14}$/;
/**
 * A sender that is no phone: a name ("KPN" with a notice about the credit; carriers pass names with any characters,
 * "NS Reizen!") or a short code. Nobody can be answered there, and no customer has it. Not a channel's address
 * ("whatsapp:+31…", which nextdeal does not take: 400 shows it in Twilio's debugger) nor a national number.
 */
const SENDER_NAME = /^(?=.*\p{L})[^:]{1,40}$|^\+?\d{3,6}$/u;

const inbound = z.object({
  MessageSid: z.string().regex(/^(SM|MM)[0-9a-fA-F]{32}$/, 'expected a Twilio message SID'),
  From: z.string().refine((from) => E164.test(from) || SENDER_NAME.test(from), 'expected an E.164 number (or a sender name or short code)'),
  To: z.string().min(1).max(40),
  Body: z.string().max(1600).optional().default(''),
  // An MMS's attachments (a photo of what broke, often with no words): counted, never fetched nor kept. A count that
  // does not read as one is taken for none rather than losing the reply.
  NumMedia: z.coerce.number().int().min(0).max(99).catch(0).default(0),
  // With Advanced Opt-Out, Twilio reads the shop's own keywords too, and says what it made of the message (and has
  // done already: it blocks further sends after STOP).
  OptOutType: z.enum(['STOP', 'START', 'HELP']).optional().catch(undefined),
});

const status = z.object({
  MessageSid: z.string().min(1).max(64),
  MessageStatus: z.string().min(1).max(40),
  ErrorCode: z.string().regex(/^\d{1,6}$/).optional(),
});

/** "Yes", however written: an opt-in keyword, and also a happy answer to the check-in's question. */
const plainYes = /^\W*y+e+s+\W*$/i;

/**
 * A STOP or a START from a phone that no customer matches (a stranger who got a join code they never asked for, a
 * customer erased after their STOP) still speaks for the number it came to: a number several shops text from for every
 * one of them, a shop's own number for that shop. A STOP is kept for the number and the phone, as a customer's STOP to
 * a shared number is (stopNumber: a keyed hash, nothing else), so that no join code (nor a sale) texts it from that
 * number again; confirmed once, in the name of the shop whose code last went to it from there (none known: nothing
 * answered). A START takes it back, unanswered: no shop is known to answer in the name of. Each is dated when it first
 * came (`sid`): Twilio's redelivery of a STOP after a START sent since changes nothing, nor is it confirmed again.
 */
async function strangerSaid(d: TwilioDeps, said: 'STOP' | 'START', sid: string, from: string, to: string): Promise<string | null> {
  const at = await d.store.replies.keywordHeard(sid, d.now());
  if (said === 'START') {
    const shared = await d.store.replies.sharingNumber(from, to, 0);
    await d.store.customers.startNumber(shared ? shared.sender : to, from, at);
    return null;
  }
  return strangerStop(d, from, to, at);
}

/**
 * A stranger's STOP for the number `to` and the phone (see strangerSaid), dated `at`: also one beside words a row
 * keeps (strangerWrote), as it was before such words made a row. The confirmation, or null.
 */
async function strangerStop(d: TwilioDeps, from: string, to: string, at: number): Promise<string | null> {
  const shared = await d.store.replies.sharingNumber(from, to, 0);
  const sender = shared ? shared.sender : to; // a shop's own number: the one it sends from
  const already = await d.store.confirmations.numberStopped(0, sender, from);
  await d.store.customers.stopNumber(sender, from, at);
  for (const id of shared?.customerIds ?? []) await d.store.customers.optOut(id, 'sms', 'sms_keyword', at);
  // Confirmed when this STOP stopped the number: not when it was stopped already, nor when a later START holds.
  const code = already || !(await d.store.confirmations.numberStopped(0, sender, from)) ? undefined : await d.store.confirmations.lastCodeTo(from, sender);
  const shop = code && (await d.store.shops.byId(code.shopId));
  return shop ? d.templates.autoReply(voiceFor(shop, code.locale), shared?.several ? 'number_stopped' : 'stopped', { shopName: smsShopName(shop) }) : null;
}

/**
 * Whether an SMS says something for the owner to read, more than a keyword: not STOP, START or HELP (nor what
 * Twilio's Advanced Opt-Out made of it), nor a request to hear no more with nothing beside it but thanks. A "Help!"
 * that may be a cry for help is words. `kw`, `asked`: keyword() and stopRequest() of it.
 */
const wordsForOwner = (body: string, told: string | undefined, kw: ReplyClass | null, asked: StopRequest | null): boolean =>
  !told && (kw === null ? asked === null || restClass(asked.rest) !== 'opt_out' : kw === 'help' && criesForHelp(body));

/**
 * Words to a shop's own number from a phone no customer of the shop has: an erased customer ("de reparatie is weer
 * kapot, bel me"), a number the till never had, anyone the shop gave its number to. Dropped, they were lost to the
 * owner, who cannot read that number anywhere else. They are a reply of a row made for the phone (replies.fromStranger:
 * no name, no consent, no sale), on the call-back list and alerting the owner as a customer's are; so are the words of
 * a later text of theirs, while no sale has found the row. None of it answers a message or names a purchase. A
 * "verkeerd nummer" has no number on a row to take off, nor anyone texted to apologise to: words the owner reads, no
 * complaint and no alert. A stop beside words stops the row's SMS or e-mail as asked, "dit is spam" and "verwijder
 * mijn gegevens" both (the owner is alerted as for a customer's); a stop of the SMS stops the number too, as a bare
 * STOP from the phone does (strangerStop), confirmed as that is. Nothing is answered, as nothing was before: spam, a
 * bank's phishing, a parcel notice or another business's auto-responder reads as a problem or a question as well as
 * her complaint does, and a promise of a call went to them in the shop's name (the review of frv45d); the owner reads
 * it and calls if it is real. Undefined for a shop that left: nothing changes for it.
 */
async function strangerWrote(
  d: TwilioDeps, shopId: number, m: { sid: string; from: string; to: string; body: string; media: number; asked: StopRequest | null; help: boolean },
): Promise<string | null | undefined> {
  const shop = (await d.store.shops.byId(shopId))!;
  // (An empty SMS says nothing to keep a phone for; a photo with no words does, as a customer's.)
  if (shop.disabledAt !== null || (!m.body.trim() && m.media === 0)) return undefined;
  const at = d.now();
  const misdirected = wrongNumber(m.body, 'sms');
  const unwanted = !misdirected && unwantedReply(m.body);
  const cls: ReplyClass = misdirected ? 'other' : unwanted || m.help ? 'problem' : m.asked ? restClass(m.asked.rest) : replyClass(null, m.body);
  const r = await d.store.replies.fromStranger({
    shopId, phone: m.from, channel: 'sms', providerId: m.sid, answer: null, body: m.body, media: m.media, at, keywordClass: cls,
    alertAlways: unwanted || m.asked !== null,
  });
  // As a customer's stop: carried out on every delivery, dated when it first came.
  const since = r.duplicate ? r.at : at;
  const channel = unwanted ? 'all' : m.asked?.channel;
  // The SMS's stop is the number's too, as a stranger's STOP is: no join code goes to the phone from it, and the till's
  // next sale with it finds it stopped also once this row is erased; confirmed as that is (frv45d: only the row stopped).
  const stopped = channel === 'sms' || channel === 'all' ? await strangerStop(d, m.from, m.to, since) : null;
  // (frv46a) A till's sale may have taken the row in since its words were kept (sales.ts takeIn, which deletes it): the
  // stop goes to the row that has the phone now, as it did when the row stayed beside hers (optOut reaches every row
  // with the number). Else optOut found no row, and her "geen sms meer" was lost. Looked for under the shop's lock,
  // where the opt-out is made (TakenBy): a sale between a look before it and the opt-out lost it all the same.
  const heir = { shopId, phone: m.from };
  if (channel === 'sms' || channel === 'all') await d.store.customers.optOut(r.customerId, 'sms', 'sms_keyword', since, heir);
  if (channel === 'email' || channel === 'all') await d.store.customers.optOut(r.customerId, 'email', 'sms_keyword', since, heir);
  if (!r.duplicate) {
    if (r.alerted) d.wake();
    d.log.info({ reply: r.id, class: r.class }, 'words from a phone the shop has no customer with: on the owner\'s list');
  }
  return stopped;
}

export function twilioRoutes(d: TwilioDeps): Router {
  const form = express.urlencoded({ extended: false, limit: '64kb' });
  const verify = twilioSignature(d.authToken, d.publicUrl, d.log, d.now);
  const twiml = (res: express.Response, text: string | null) => {
    const r = new MessagingResponse();
    if (text) r.message(text);
    res.type('text/xml').send(r.toString());
  };

  // (frv46a) A row a text made, matched outside the shop's lock, may be taken in by a till's sale (sales.ts takeIn)
  // before it is read or before the reply is recorded (TakenIn, before anything is written): the SMS is matched again,
  // once, to the customer who has the phone now. It was a 500 (Twilio's retry matched her row, but the operator saw a
  // fault, and Twilio may alert the account).
  const matchedAgain = (handle: RequestHandler): RequestHandler => async (req, res, next) => {
    try {
      await handle(req, res, next);
    } catch (e) {
      if (!(e instanceof TakenIn)) throw e;
      await handle(req, res, next);
    }
  };

  return Router()
    .post('/v1/twilio/inbound', form, verify, matchedAgain(async (req, res) => {
      const p = inbound.safeParse(req.body);
      if (!p.success) throw invalid(fieldIssues(p.error));
      const { MessageSid, From, To, Body, NumMedia, OptOutType } = p.data;
      // A carrier's or a service's notice to the number: answered with nothing and kept nowhere. A 400 would be a
      // webhook error in Twilio's debugger, and an alert e-mail to the account, for each (the black-box review).
      if (!E164.test(From)) {
        d.log.info({ sid: MessageSid }, 'an SMS from a sender name or short code: nothing to answer, nothing kept');
        return twiml(res, null);
      }
      const match = await d.store.replies.matchInbound(From, To);
      if (!match) {
        d.log.info({ sid: MessageSid }, 'reply from a number we have not texted');
        const kw = keyword(Body);
        // (A request naming e-mail only stops no SMS: no customer here has an address to stop.)
        const asked = kw ? null : stopRequest(Body);
        // Words to a shop's own number reach its owner; a bare STOP or START is the number's, as to a shared one.
        const own = wordsForOwner(Body, OptOutType, kw, asked) ? await d.store.replies.ownNumberOf(To) : undefined;
        const text = { sid: MessageSid, from: From, to: To, body: Body, media: NumMedia, asked, help: kw === 'help' };
        const wrote = own === undefined ? undefined : await strangerWrote(d, own, text);
        if (wrote !== undefined) return twiml(res, wrote);
        const said = OptOutType ?? (kw === 'opt_out' || (asked !== null && asked.channel !== 'email') ? 'STOP' : kw === 'opt_in' && !plainYes.test(Body) ? 'START' : undefined);
        return twiml(res, said === 'STOP' || said === 'START' ? await strangerSaid(d, said, MessageSid, From, To) : null);
      }
      const customer = await d.store.customers.byId(match.customerId);
      if (!customer) throw new TakenIn(); // taken in since the match: matchedAgain
      // A row a text of theirs made (strangerWrote), which no sale has found since: their words go as the first did.
      const stranger = match.messageId === null && (await d.store.replies.withoutSale(customer.id));
      if (stranger) {
        const kw = keyword(Body);
        const asked = kw ? null : stopRequest(Body);
        if (wordsForOwner(Body, OptOutType, kw, asked)) {
          const text = { sid: MessageSid, from: From, to: To, body: Body, media: NumMedia, asked, help: kw === 'help' };
          const wrote = await strangerWrote(d, match.shopId, text);
          if (wrote !== undefined) return twiml(res, wrote);
        }
      }
      const shop = (await d.store.shops.byId(match.shopId))!;
      // In the language her words are plainly written in (a tourist's "Who is this? Sorry I don't speak Dutch" got its
      // answer in Dutch), else the one the till gave for her, else the one her check-in went in (customerVoice: English
      // to a number of a country where the shop's is not spoken), by the number the answer goes to, also when whoever
      // holds it now is not she ("verkeerd nummer").
      const autoReply = (name: AutoReply, heard = false) =>
        d.templates[heard ? 'autoReplyHeard' : 'autoReply'](customerVoice(shop, { locale: plainlyWrittenIn(Body) ?? customer.locale, phone: From }), name, { shopName: smsShopName(shop) });
      const at = d.now();
      // What Twilio says it did (Advanced Opt-Out) decides; else the words. A request to hear no more in other words
      // ("Stop, dank je", "geen sms meer", "please stop texting me") is a STOP too.
      const told = OptOutType && ({ STOP: 'opt_out', START: 'opt_in', HELP: 'help' } as const)[OptOutType];
      const asked = !told && !keyword(Body) ? stopRequest(Body) : null;
      const kw = told || (asked ? 'opt_out' : keyword(Body));
      const optedOut = customer.smsOptedOutAt !== null;
      const record = (keywordClass?: ReplyClass, answerWith?: (said: Said) => AutoReply | null) =>
        d.store.replies.record({ ...match, channel: 'sms', providerId: MessageSid, answer: null, body: Body, media: NumMedia, at, ...(keywordClass && { keywordClass }), ...(answerWith && { answerWith }) });

      // The consent change is carried out on every delivery, a redelivered one too: when the first delivery stored the
      // reply and then failed, Twilio's retry is what makes the STOP happen. It is dated when the SMS first came, so a
      // START delivered again after a later STOP (or the other way round) changes nothing. Confirmed once: a second
      // STOP finds the customer opted out already and gets no auto-reply.
      const since = (r: Recorded) => (r.duplicate ? r.at : at);
      // A row a text made (it answers no message) may be taken in by a till's sale once the reply is recorded, before
      // its consent changes: they go to the row with the phone then, hers (customers.ts TakenBy). Her "geen sms meer"
      // found no row, was lost, and the till's consent had her texted.
      const heir = match.messageId === null ? { shopId: match.shopId, phone: From } : undefined;
      // On a number several shops text from, a STOP stops the number: the customer cannot tell whose message is whose.
      // It is kept for the number and the phone, so that a shop that gets them as a customer later does not text them
      // from it either (Twilio blocks the number only after its own keywords, not after "geen sms meer"); the reply
      // says the number is stopped when several shops text from it now. A START to it takes it back for every shop
      // (startNumber), and opts back in at the shop answered only. Confirmed once.
      // `andEmail`: the e-mail was stopped with it ("geen berichten meer"), which the reply says too.
      // The number's part of it, on a number several shops text from (null on the shop's own): kept for the number, and
      // every other shop's row with the phone opted out.
      const stopShared = async (when: number) => {
        const shared = await d.store.replies.sharingNumber(From, To, shop.id);
        if (shared) await d.store.customers.stopNumber(shared.sender, From, when);
        for (const id of shared?.customerIds ?? []) await d.store.customers.optOut(id, 'sms', 'sms_keyword', when);
        return shared;
      };
      // The number is named as a whole too when the shop no longer texts from it (it moved since): her STOP stops it for
      // the shops on it now, which the shop's name alone would not say.
      // `heard`: what she wrote beside the stop reaches the owner (a problem or a question): the confirmation says the
      // shop will still be in touch about it, as the e-mail's page does (a black-box review: a complaint beside a STOP
      // was answered with the opt-out alone, and she could not know anyone read it).
      const stop = async (when: number, andEmail = false, heard = false) => {
        const shared = await stopShared(when);
        const stopped = await d.store.customers.optOut(customer.id, 'sms', 'sms_keyword', when, heir);
        const whole = shared !== null && (shared.several || (shop.smsFrom ?? '') !== shared.sender);
        const said: AutoReply = whole ? (andEmail ? 'number_stopped_all' : 'number_stopped') : andEmail ? 'stopped_all' : 'stopped';
        twiml(res, stopped ? autoReply(said, heard) : null);
      };
      // "Verkeerd nummer": a stranger is being texted in the shop's name. The number is texted no more, and the owner is
      // alerted (as about a problem) to put the right one in the till. It is the number that stops, not the customer: it
      // comes off their row, and they are texted once the till sends their right one (customers.wrongNumber). On a
      // number several shops text from, the stranger stopped the number, as with a STOP.
      // "Ik heb nooit toestemming gegeven", "dit is spam", "verwijder mijn gegevens": the same, by SMS and e-mail (a
      // wrong number says nothing of the address), and they are told they are afgemeld.
      // Also beside a stop ("Geen sms meer, verkeerd nummer"): the stranger's stop is the number's, not the customer's.
      // And data to be removed beside a stop in her words ("Geen sms meer, verwijder mijn gegevens"): read as the stop
      // alone, her e-mail went on and the owner's alert said nothing of the erasure (unwantedReply; not after Twilio's
      // own STOP, a keyword, which says nothing else).
      const misdirected = (!kw || kw === 'opt_out') && wrongNumber(Body, 'sms');
      if (misdirected || (!told && unwantedReply(Body))) {
        // A stranger told the number gets no more has had the thread's answer: a "Wie is dit?" after it gets none (the
        // review of answered_with: it was told "neemt snel contact met je op").
        const r = await record('problem', () => (misdirected ? 'misdirected' : null));
        if (!r.duplicate && r.alerted) d.wake();
        if (misdirected) {
          await stopShared(since(r));
          return twiml(res, (await d.store.customers.wrongNumber(customer.id, From, since(r))) ? autoReply('misdirected') : null);
        }
        // She is told both stop, as the owner is ("geen sms en geen e-mail"): the e-mail stops too, address or none.
        await d.store.customers.optOut(customer.id, 'email', 'sms_keyword', since(r), heir);
        return stop(since(r), true);
      }
      if (kw === 'opt_out') {
        // What the SMS says besides the stop goes on the owner's list, with an alert when it is a problem or a question
        // ("Werkt niet, en stop met sms'en"); the stop itself is done already.
        const r = await record(asked ? restClass(asked.rest) : 'opt_out');
        if (!r.duplicate && r.alerted) d.wake();
        // Not to one who says the texts were never wanted ("dit is spam", "verwijder mijn gegevens"): a promise of
        // contact is what she objects to (its review; the e-mail's page says so too).
        const heard = !r.duplicate && (r.class === 'problem' || r.class === 'question') && !unwantedReply(asked?.rest || Body) && (await d.store.alerts.reachesOwner(shop, d.emailUndelivered));
        // The messages the words name are stopped, and only those: "geen mails meer" stops the e-mail and leaves the
        // SMS (and the number) alone, "geen berichten meer" stops both; a STOP that names none stops the SMS.
        const channel = asked?.channel ?? 'sms';
        if (channel !== 'sms') {
          const emailStopped = await d.store.customers.optOut(customer.id, 'email', 'sms_keyword', since(r), heir);
          // (A complaint beside "geen mails meer" is heard as beside a STOP: "Geen mails meer, de jas lekt".)
          if (channel === 'email') return twiml(res, emailStopped && !optedOut ? autoReply('email_stopped', heard) : null);
        }
        return stop(since(r), channel === 'all', heard);
      }
      // START, UNSTOP or AANMELDEN opts back in, also from a customer nextdeal thinks is subscribed (Twilio may hold a
      // STOP nextdeal never heard of): never words for the owner. A plain "Yes" from a subscribed customer answers the
      // check-in question instead.
      if (kw === 'opt_in' && (optedOut || told || !plainYes.test(Body))) {
        const r = await record('opt_in');
        const shared = await d.store.replies.sharingNumber(From, To, shop.id);
        if (shared) await d.store.customers.startNumber(shared.sender, From, since(r));
        // A row a text made has her consent by it as any customer's START gives it (her own yes), but no sale: nothing
        // goes to her until a till's sale plans it, which keeps that yes when it names no consent. Confirmed with
        // nothing, as a START from a phone no customer has is (she never had a message to come back to).
        const started = await d.store.customers.optIn(customer.id, 'sms', 'sms_keyword', since(r), heir);
        return twiml(res, started && !stranger ? autoReply('started') : null);
      }
      // The keyword is answered as carriers require; a "Help!" (not "INFO") after a check-in may be a cry for help, so
      // it reaches the owner as a problem too, at once (an owner's call too many costs less than a breakdown unheard).
      if (kw === 'help') {
        const r = await record(criesForHelp(Body) ? 'problem' : 'help');
        if (!r.duplicate && r.alerted) d.wake();
        // Not "Afmelden: STOP" to one who did (the customer review): how to come back instead.
        return twiml(res, r.duplicate ? null : autoReply(optedOut ? 'help_stopped' : 'help'));
      }

      // One short thank-you per check-in, never to a customer who opted out; and one for the first problem or question
      // after it ("Top!", then "Hij lekt toch"), which she must know is heard (the customer review). It promises a call
      // only when the owner is told: with no alert address, alerts that reach nobody, or alerts the address refused, a
      // plain "received". What it answered is kept with the reply, where it is stored (one at a time per shop): only a
      // problem or question that got its answer uses it up, not a "Help!" that got the HELP text, nor a complaint sent
      // while she had opted out (the review of 5 December 2026: her next complaint got nothing back).
      // Read here, so that whether the owner is told (a look at the shop's alerts) is asked only of a problem or a question.
      const read = replyClass(null, Body, match.answering);
      const reaches = (read === 'problem' || read === 'question') && (await d.store.alerts.reachesOwner(shop, d.emailUndelivered));
      const r = await record(read, (said) => {
        const automatic = said.class === 'other' && looksAutomatic(Body); // a phone's own answer: nothing back to it
        // (Nor to a row a text made, whose words strangerWrote did not take: an empty SMS, a shop that left.)
        if (!(said.firstToMessage || said.firstAsk) || optedOut || automatic || stranger) return null;
        const asks = said.class === 'problem' || said.class === 'question';
        // A problem nobody will be told of still gets a word of sympathy, without the promise of a call.
        if (asks && !reaches) return said.class === 'problem' ? 'received_sorry' : 'received';
        return said.class === 'problem' ? 'sorry' : said.class === 'question' ? 'question' : 'thanks';
      });
      if (r.duplicate) return twiml(res, null);
      if (r.alerted) d.wake();
      d.log.info({ reply: r.id, class: r.class }, 'reply received');
      twiml(res, r.answered && autoReply(r.answered));
    }))
    .post('/v1/twilio/status', form, verify, async (req, res) => {
      const p = status.safeParse(req.body);
      if (!p.success) throw invalid(fieldIssues(p.error));
      const { MessageSid, MessageStatus, ErrorCode } = p.data;
      // The URL names our message (its row, and when it was made): Twilio has it, so a send whose answer never came went
      // out after all. A URL with the id alone (given to Twilio before nextdeal named the time too) settles nothing: the id
      // may be another message's by now; a send in doubt is then looked for in Twilio's records as any other.
      const digits = (v: unknown) => (typeof v === 'string' && /^\d{1,15}$/.test(v) ? Number(v) : null);
      const row = digits(req.query.message);
      const created = digits(req.query.created);
      const settled = row !== null && created !== null ? await d.store.messages.settleByCallback(row, created, MessageSid, d.now()) : null;
      if (settled) {
        // Counted here, where it is recorded: its dispatcher, whose answer from Twilio comes after this, finds it recorded
        // and counts it no more (on another instance, or one frozen meanwhile, it could not know whether this counted).
        d.metrics?.messagesSettled.inc({ kind: settled.kind, channel: 'sms', status: 'sent' });
        if (settled.inDoubt) d.log.info({ message: row }, 'a send in doubt went out after all: Twilio reported on it');
      }
      if (isDeliveryStatus(MessageStatus)) {
        const m = await d.store.messages.recordDelivery(MessageSid, MessageStatus, ErrorCode ? `Twilio ${ErrorCode}` : null);
        // 21610: the number said STOP to Twilio itself, which now refuses every message to it.
        if (m && ErrorCode === '21610') await d.store.customers.optOut(m.customerId, 'sms', 'provider', d.now());
      }
      res.status(204).end();
    });
}
