// The double opt-in pages of the public consent pages. /j/<token> is a pending confirmation's page, and the token is
// its only key (random, stored as a SHA-256 hash, naming nobody):
//   - for a number, the token of the page the visitor was shown after sending the form: it asks for the six-digit code
//     texted to that number (MAX_GUESSES wrong codes and the page is void; a page asked for again has as many of its
//     own, so that a stranger's wrong codes void no page but their own: src/db/confirmations.ts);
//   - for an address, the token of the link in the e-mail: GET shows one button and changes nothing (link scanners
//     open links), POST confirms, as /u/<token> does for unsubscribing.
// Confirmed, the sale is recorded (join page) or given its customer (consent link); see src/db/confirmations.ts.
// Each page speaks as the form did and its code or e-mail does (the request's locale: locale.ts visitorVoice chose it
// when the form was sent), also where the e-mail's link opens in another browser (her laptop's, a mail app's).
import type { RequestHandler, Response } from 'express';
import { Router } from 'express';
import type { Pending } from '../db/confirmations.js';
import type { Shop } from '../db/shops.js';
import type { Store } from '../db/store.js';
import { type Voice, voiceFor } from '../domain/sale.js';
import { type Ways, phrases } from '../i18n.js';
import type { Metrics } from '../metrics.js';
import { linkNotFound, page } from './customer-pages.js';
import { type Html, html } from './html.js';

/** `id`: the message's, for the field it is about to be described by (aria-describedby). */
const alert = (text: string | null, id?: string) => (text ? html`<div role="alert" style="color:#a33b2b"><p${id ? html` id="${id}"` : ''}>${text}</p></div>` : '');

/**
 * How this installation sends: `sharedFrom`, TWILIO_FROM (see codePage); `undelivered`, the channels whose messages
 * reach nobody (no Twilio or no SMTP set up: the outbox on disk; a mail catcher), where a code or link never arrives,
 * which the page then says (the installer review: it said a text was sent).
 */
export interface Sending {
  sharedFrom?: string | undefined;
  /** RETENTION_MONTHS: the join page says how long what it takes is kept (24 when not given). */
  keptMonths?: number | undefined;
  undelivered?: { sms: boolean; email: boolean };
}

/**
 * The page that asks for the texted code; its form posts to /j/<page token>. It looks the same whether or not the code
 * went: a number that said STOP to the number the code comes from gets none (src/queue/confirmations.ts), and whoever
 * typed it learns nothing. It tells everyone who once said STOP to send START to that number, named (the shop's own,
 * else `sharedFrom`, TWILIO_FROM; unnamed when neither is known: a Messaging Service).
 * Where no text goes out (Sending.undelivered), no code comes to type: the page has no field for it, nor "Geen code
 * gekregen?"; it sends the customer to the shop, and back to the form for their e-mail address where e-mail does go.
 */
export function codePage(
  res: Response, shop: Shop, voice: Voice, sending: Sending, token: string, p: Pick<Pending, 'shown' | 'linkCode'>,
  o: { error?: string; notice?: string; status?: number; about?: Html | string } = {},
) {
  const w = phrases[voice];
  const back = p.linkCode ? `/c/${p.linkCode}` : `/shops/${shop.slug}/join`;
  const sharedFrom = sending.sharedFrom;
  // (No "wrong code" nor "still on its way" where there is no field to type one: a page opened before texts stopped going.)
  const error = sending.undelivered?.sms ? undefined : o.error;
  // A notice ("the text is still on its way") is no mistake of hers: said, not marked on the field nor in the title.
  const notice = sending.undelivered?.sms || !o.notice ? '' : html`<div role="status"><p>${o.notice}</p></div>`;
  const told = html`${o.about ?? ''}${alert(error ?? null, 'code-error')}${notice}`;
  // A wrong code is said on its field too: invalid, described by the message, a red border, and the focus there to type
  // it again (the accessibility review: a screen reader found the field as if nothing were wrong).
  const invalid = error ? html` aria-invalid="true" aria-describedby="code-error" autofocus` : '';
  // "No text goes out from here yet", in place of "we sent you …": the customer asks in the shop instead of waiting.
  const body: Html = sending.undelivered?.sms
    ? html`${alert(w.notSentHere(shop.name, 'sms'))}${told}${sending.undelivered.email ? '' : html`<p>${w.emailInstead(shop.name)}</p><p><a href="${back}" style="display:inline-block;padding:.6rem 0">${w.backToForm}</a></p>`}`
    : html`<p>${w.codeSent(shop.name, p.shown)}</p>${told}<form method="post" action="/j/${token}">
<label for="code">${w.codeLabel}</label><input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" maxlength="12"${invalid} style="width:100%;box-sizing:border-box;font:inherit;font-size:min(1.6rem,9vw);letter-spacing:min(.3rem,1.5vw);padding:.6rem;border:${error ? '2px solid #a33b2b' : '1px solid #8a8a8a'};border-radius:.5rem">
<button>${w.confirmButton}</button></form>
<p style="color:#555;font-size:.9rem">${w.noCode(shop.name, shop.smsFrom ?? sharedFrom ?? null)}</p><p><a href="${back}">${w.startAgain}</a></p>`;
  res.status(o.status ?? 200).type('html').send(page(voice, sending.undelivered?.sms ? w.noTextTitle : w.codeTitle, body, shop.name, { error: Boolean(error) }));
}

/**
 * After sending the form with an e-mail address: the link is in the mail. `numberDropped`: she said yes to texts too,
 * where texts go nowhere yet (confirmed by e-mail instead): her number, unconfirmed, is not kept, and the page says so.
 */
export function checkMailPage(res: Response, shop: Shop, voice: Voice, address: string, sending: Sending, numberDropped = false) {
  const w = phrases[voice];
  const said = sending.undelivered?.email ? alert(w.notSentHere(shop.name, 'email')) : html`<p>${w.checkMailText(shop.name, address)}</p>`;
  const dropped = numberDropped ? html`<p>${w.numberNotKept(shop.name)}</p>` : '';
  // Where no e-mail goes out: neither "Kijk in je mail" nor "Geen e-mail gekregen? Heb je je ooit afgemeld …?" (the
  // newcomer's review: the page contradicted itself, and blamed her own unsubscribe).
  if (sending.undelivered?.email) return void res.type('html').send(page(voice, w.noMailTitle, html`${said}${dropped}`, shop.name));
  res.type('html').send(page(voice, w.checkMailTitle, html`${said}${dropped}<p style="color:#555;font-size:.9rem">${w.noMail(shop.name)}</p>`, shop.name));
}

/**
 * A number and an address, yes to both, where neither texts nor e-mail go out: "nothing is sent from here yet" of both
 * (not of the texts alone, as if e-mail went), and to the shop. Nothing is kept (see submit in consent-page.ts).
 */
export function nothingSentPage(res: Response, shop: Shop, voice: Voice, about: Html | string) {
  const w = phrases[voice];
  res.type('html').send(page(voice, w.noSendTitle, html`${alert(w.nothingSentHere(shop.name))}${about}`, shop.name));
}

/** A limit said no (the shop's daily cap, this number's message of today, too many wrong codes): ask at the counter. */
export function counterPage(res: Response, shop: Shop, voice: Voice, text?: string) {
  const w = phrases[voice];
  res.status(429).type('html').send(page(voice, w.askCounterTitle, html`<p>${text ?? w.askCounterText(shop.name)}</p>`, shop.name));
}

/** What a consent link's pages say of its sale (see aboutSale). */
interface SaleSaid {
  about: Html | string;
  /** The customer got money back for it or it was cancelled (Purchase.returned): nothing will ask about it. */
  returned: boolean;
}

/**
 * A consent link's pages (the code page, the e-mail's page, the thanks page) name the sale they say yes to, as its
 * check-in will: the first item bought (" en meer" when there were more), or the visit for a sale that came to nothing
 * ("je bezoek aan …", a repair under warranty); "iets" for a shop that keeps purchases out of messages (a pharmacy).
 * Nothing for the join page, nor for a sale given back: no check-in will ask about it (its page said so).
 */
export async function aboutSale(store: Store, shop: Shop, voice: Voice, saleId: number | null): Promise<SaleSaid> {
  if (saleId === null) return { about: '', returned: false };
  const w = phrases[voice];
  const bought = await store.confirmations.purchase(saleId, shop.reasonInMessages);
  if (bought?.returned) return { about: '', returned: true };
  const item = bought?.first ? `${bought.first}${bought.more ? w.andMore : ''}` : null;
  return { about: html`<p>${w.aboutPurchase(shop.name, item, bought?.visit)}</p>`, returned: false };
}
const aboutPurchase = async (store: Store, shop: Shop, voice: Voice, saleId: number | null): Promise<Html | string> =>
  (await aboutSale(store, shop, voice, saleId)).about;

/**
 * Confirmed: what the shop may now ask; for a sale given back, only after a next purchase; and how to stop, only the
 * ways that are hers (`ways`: STOP for texts, the e-mail's link; both where she hears on both).
 */
function thanksPage(res: Response, shop: Shop, voice: Voice, { about, returned }: SaleSaid, ways: Ways) {
  const w = phrases[voice];
  const text = returned ? w.returnedJoined(shop.name, ways) : w.joinedText(shop.name, ways);
  res.type('html').send(page(voice, w.joinedTitle, html`${about}<p>${text}</p>`, shop.name));
}

export function confirmPages(store: Store, now: () => number, limits: { get: RequestHandler; post: RequestHandler; form: RequestHandler }, sending: Sending, metrics?: Metrics): Router {
  const router = Router();

  router.get('/j/:token', limits.get, async (req, res) => {
    const token = String(req.params.token);
    const p = await store.confirmations.look(token, now());
    const shop = p && (await store.shops.byId(p.shopId))!;
    if (!p || !shop || shop.disabledAt !== null) return linkNotFound(req, res); // a shop that left confirms nothing more
    const voice = voiceFor(shop, p.locale);
    const w = phrases[voice];
    if (p.state === 'confirmed') return thanksPage(res, shop, voice, await aboutSale(store, shop, voice, p.saleId), p.ways ?? { sms: p.channel === 'sms', email: p.channel === 'email' });
    if (p.state === 'void') return counterPage(res, shop, voice, w.codeVoid(shop.name));
    if (p.channel === 'sms') return codePage(res, shop, voice, sending, token, p, { about: await aboutPurchase(store, shop, voice, p.saleId) });
    const body = html`<p>${w.confirmMailText(shop.name)}</p>${await aboutPurchase(store, shop, voice, p.saleId)}<form method="post"><button>${w.confirmButton}</button></form>`;
    res.type('html').send(page(voice, w.confirmMailTitle, body, shop.name));
  });

  router.post('/j/:token', limits.post, limits.form, async (req, res) => {
    const token = String(req.params.token);
    const typed = typeof req.body?.code === 'string' ? req.body.code.replace(/\s+/g, '').slice(0, 12) : null;
    const pending = await store.confirmations.look(token, now());
    if (pending && (await store.shops.byId(pending.shopId))?.disabledAt !== null) return linkNotFound(req, res);
    const r = await store.confirmations.confirm(token, typed, now());
    if (!r) return linkNotFound(req, res);
    const shop = (await store.shops.byId(r.shopId))!;
    const voice = voiceFor(shop, r.outcome === 'confirmed' ? r.locale : r.pending.locale);
    const w = phrases[voice];
    switch (r.outcome) {
      case 'confirmed':
        if (r.from === 'join' && !r.again) metrics?.salesReceived.inc({ source: 'join_page' });
        return thanksPage(res, shop, voice, await aboutSale(store, shop, voice, r.saleId), r.ways);
      case 'wrong_code':
        return codePage(res, shop, voice, sending, token, r.pending, { error: w.wrongCode(r.pending.guessesLeft), status: 400, about: await aboutPurchase(store, shop, voice, r.pending.saleId) });
      case 'waiting':
        return codePage(res, shop, voice, sending, token, r.pending, { notice: w.codeNotYet, about: await aboutPurchase(store, shop, voice, r.pending.saleId) });
      case 'void':
        return counterPage(res, shop, voice, w.codeVoid(shop.name));
    }
  });

  return router;
}
