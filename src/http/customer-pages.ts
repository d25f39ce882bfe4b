// Small, phone-friendly pages for customers: the one-tap reply page and unsubscribe. No login: the
// unguessable token in the link is the key, and it names nobody.
import express, { type RequestHandler, Router } from 'express';
import type { Shop } from '../db/shops.js';
import type { Store } from '../db/store.js';
import type { TokenMessage } from '../db/messages.js';
import { type OneTapAnswer, oneTapAnswers } from '../db/replies.js';
import { type StopChannel, stopRequest, unwantedReply, wrongNumber } from '../domain/classify.js';
import { phoneIn } from '../domain/contact.js';
import { cameToNothing } from '../domain/message-props.js';
import { purchases } from '../domain/purchase.js';
import { type Voice, customerVoice, localeOf } from '../domain/sale.js';
import { phrases } from '../i18n.js';
import { countInWindow, ownAddress } from './guard.js';
import { type Html, html } from './html.js';
import { browserLocale } from './locale.js';

/** A reply link stays valid this long after the e-mail went out; unsubscribing always works. */
export const REPLY_LINK_DAYS = 60;

/**
 * Posts to one link (its reply page, and apart from it its unsubscribe) in an hour. A customer answers, adds words once
 * or twice, taps another answer, her back button sends a form again: a handful. Ten leaves her twice that, and a
 * script that holds the link (an e-mail forwarded or leaked) gets ten readings of her words an hour out of the
 * server's one thread (up to ~150 ms each for a long text), and ten writes, however many addresses it posts from.
 */
export const POSTS_PER_LINK = 10;
const LINK_WINDOW = 60 * 60_000;
/**
 * Posts to reply pages per address in 15 minutes, any link (one that does not work too): the join pages' (POST_LIMIT),
 * generous for the same reason, customers sharing an address (an office, a mobile network's). What it bounds is one
 * address posting to many links. Not for the unsubscribe's one-click: a mail provider posts it from its own few
 * addresses for all its users (RFC 8058), and an unsubscribe refused is mail she asked not to get.
 */
export const POSTS_PER_ADDRESS = 60;
const ADDRESS_WINDOW = 15 * 60_000;

// The buttons' border is transparent, not none: forced colours (a contrast theme) draw it where they take the
// background away, and the button still reads as one (the accessibility review). A field's edge (#8a8a8a, here and on
// the consent and code pages) stands out at 3:1 on the white field and on the page, as WCAG 1.4.11 asks. Sizes are in
// rem, of the browser's own font size: 18 px at its default, larger for a customer who set it larger (px did not grow);
// the side margins not past a share of the screen's width, so that a 320-px phone at a large font keeps words whole.
const style = html`<style>
  body{margin:0;background:#f6f5f2;font:1.125rem/1.5 -apple-system,'Segoe UI',Roboto,Arial,sans-serif;color:#222}
  main{max-width:30rem;margin:0 auto;padding:1.5rem min(1.25rem,5vw);overflow-wrap:anywhere}
  .shop{color:#5f5f5f;font-size:.9rem;margin:0 0 1rem}
  h1{font-size:1.4rem;line-height:1.3;margin:0 0 .75rem}
  button{display:block;width:100%;margin:.6rem 0;padding:calc(.9rem - 2px) calc(min(1rem,3vw) - 2px);font:inherit;font-weight:600;border:2px solid transparent;border-radius:.6rem;cursor:pointer;color:#fff;background:#1f6f4a}
  button[value=unsure]{background:#7a6a2f} button[value=problem]{background:#a33b2b}
  textarea{width:100%;box-sizing:border-box;min-height:5rem;font:inherit;padding:.6rem;border:1px solid #8a8a8a;border-radius:.5rem}
  label{display:block;margin:1.25rem 0 .4rem;font-size:.95rem}
  .pick{margin:1rem 0 .2rem;font-size:.95rem}
  blockquote{margin:.5rem 0;padding:.5rem .75rem;border-left:3px solid #bbb;background:#fff;white-space:pre-wrap}
</style>`;

/**
 * A customer's page, in their voice (its language in the lang attribute). Its title names the shop after the page
 * ("Afmelden – Fietsenmaker Test"), unless the page's own title does: among tabs, and to a screen reader, "Afmelden"
 * alone said whose it was nowhere. `error`: it shows what is wrong with the form sent, and its title begins with
 * "Fout: " (what a screen reader says first on the page that comes back).
 */
export function page(voice: Voice, title: string, body: Html, shopName?: string, o: { error?: boolean; namesShop?: boolean } = {}): string {
  const locale = localeOf(voice);
  // `namesShop`: the title names the shop itself (the join page's); any other is followed by its name ("Tevreden over je
  // Gazelle Ultimate C8? – Gazelle": a title holding the name as a word of the purchase is no title naming the shop).
  const named = shopName && !o.namesShop ? `${title} – ${shopName}` : title;
  return html`<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${o.error ? phrases[voice].errorTitle(named) : named}</title>${style}</head>
<body><main>${shopName ? html`<p class="shop">${shopName}</p>` : ''}<h1>${title}</h1>${body}</main></body></html>`.value;
}

/** A link that does not work (any more): a friendly page in the visitor's language, since no shop is known. */
export function linkNotFound(req: express.Request, res: express.Response): void {
  const locale = browserLocale(req);
  res.status(404).type('html').send(page(locale, phrases[locale].notFoundTitle, html`<p>${phrases[locale].notFoundText}</p>`));
}

export function customerPages(store: Store, now: () => number, wake: () => void, emailUndelivered?: 'outbox' | 'catcher'): Router {
  const router = Router();
  const form = express.urlencoded({ extended: false, limit: '16kb' });
  // Counted by the message's id, not its token: nothing that opens the link is kept, and a token that opens nothing
  // takes no place (the address's count holds those). In memory, per instance, as the join pages' limits.
  const limits = {
    reply: countInWindow({ limit: POSTS_PER_LINK, windowMs: LINK_WINDOW, now }),
    unsubscribe: countInWindow({ limit: POSTS_PER_LINK, windowMs: LINK_WINDOW, now }),
    address: countInWindow({ limit: POSTS_PER_ADDRESS, windowMs: ADDRESS_WINDOW, now }),
  };
  type Found = { m: TokenMessage; shop: Shop; voice: Voice };

  /** The message behind a link, with its shop and the customer's language; undefined when the link is no good. */
  async function open(token: string, kind: 'reply' | 'unsubscribe'): Promise<Found | undefined> {
    const m = /^[\w-]{16,64}$/.test(token) ? await store.messages.byToken(token) : undefined;
    if (!m) return undefined;
    if (kind === 'reply' && (m.kind !== 'checkin' || m.sentAt === null || now() - m.sentAt > REPLY_LINK_DAYS * 86_400_000)) return undefined;
    const shop = (await store.shops.byId(m.shopId))!;
    // In the voice her check-in went in (customerVoice), which her phone on file may decide.
    return { m, shop, voice: customerVoice(shop, { locale: m.customerLocale, phone: m.customerPhone }) };
  }

  /**
   * A link's form sent (an answer, an unsubscribe), not only its page opened: undefined when it is taken, or the
   * seconds to wait when the link is past its posts (POSTS_PER_LINK). Taken, an e-mail in doubt arrived (the mail
   * server took it, then said nothing): settled as sent when it was handed over, as the owner would once she had asked
   * the customer, so that nobody sends it again. Not on a link merely opened: a bounce that carries the e-mail back to
   * EMAIL_FROM, whose mail filter opens its links, would settle one that never reached her (its review).
   */
  async function acted({ m }: Found, kind: 'reply' | 'unsubscribe'): Promise<number | undefined> {
    const wait = limits[kind](String(m.id));
    if (wait === undefined && m.inDoubt) await store.messages.settleInDoubt(m.shopId, m.id, 'arrived', now());
    return wait;
  }

  /**
   * A reply page's post past a limit: 429, with when to come back, in her language where the link opens (the visitor's
   * where it does not), saying whether the shop has her answer. Her words are not read (the reader is what a flood
   * would take), nothing is written, and the owner is told nothing.
   */
  async function tooMany(req: express.Request, res: express.Response, wait: number, found?: Found): Promise<void> {
    res.status(429).set('Retry-After', String(wait));
    const minutes = Math.ceil(wait / 60);
    if (!found) {
      const locale = browserLocale(req);
      return void res.type('html').send(page(locale, phrases[locale].tooManyTitle, html`<p>${phrases[locale].tooManyText(null, minutes)}</p>`));
    }
    const { m, shop, voice } = found;
    const w = phrases[voice];
    const received = (await store.replies.onPage(m.id)) !== undefined;
    // Her words are not read, so words asking to hear no more are not either: the unsubscribe link's button, which its own
    // count holds (never this page's nor the address's), so that a refused "geen mails meer" is not mail she still gets.
    const stop = !(await unsubscribedFrom(m))
      ? html`<form method="post" action="../u/${String(req.params.token)}"><p>${w.unsubscribeText(shop.name)}</p><button>${w.unsubscribeButton}</button></form>`
      : '';
    res.type('html').send(page(voice, w.tooManyTitle, html`<p>${w.tooManyText(shop.name, minutes, received)}</p>${stop}`, shop.name));
  }

  /**
   * Posts to reply pages per address (POSTS_PER_ADDRESS), before the form is read. The address TRUST_PROXY makes of
   * the request (ownAddress): while it is not set, a private or loopback address, most likely a proxy's own, is not
   * counted, for it would hold every customer together; the limit on each link still holds.
   */
  const perAddress: RequestHandler = (req, res, next) => {
    const address = ownAddress(req);
    const wait = address === null ? undefined : limits.address(address);
    if (wait === undefined) return next();
    open(String(req.params.token), 'reply').then((found) => tooMany(req, res, wait, found)).catch(next);
  };

  /**
   * The shop's customer row that has the address the e-mail went to: the message's own while it still has it; another
   * when the till has given that row another address since (a household's row, given her address by a later sale, while
   * his is on a row of its own): an unsubscribe stops that address, not hers. None when no row has it any more.
   */
  async function addressHolder(m: TokenMessage): Promise<number | null> {
    if (m.recipient === null || (await store.customers.byId(m.customerId))?.email === m.recipient) return m.customerId;
    return (await store.customers.find(m.shopId, { email: m.recipient }))?.id ?? null;
  }

  /** Whether the address an e-mail went to is unsubscribed: its holder's row, or the message's own when none has it. */
  const unsubscribedFrom = async (m: TokenMessage): Promise<boolean> =>
    (await store.customers.byId((await addressHolder(m)) ?? m.customerId))?.emailOptedOutAt != null;

  /**
   * Stops the shop's e-mail to the address an e-mail went to, by its link: the row that has it; when none does, the
   * message's own row (its new address may be the same person's: she who unsubscribed wants no more), and the address
   * kept as unsubscribed, so that a sale that brings it back mails it nothing. Whether anything was stopped.
   */
  async function unsubscribe(m: TokenMessage): Promise<boolean> {
    const holder = await addressHolder(m);
    if (holder === null && m.recipient !== null) await store.customers.keepUnsubscribed(m.shopId, m.recipient, now());
    return store.customers.optOut(holder ?? m.customerId, 'email', 'unsubscribe_link', now());
  }

  router.get('/r/:token', async (req, res) => {
    const found = await open(req.params.token, 'reply');
    if (!found) return linkNotFound(req, res);
    const { m, shop, voice } = found;
    const w = phrases[voice];
    // The words first, then the answer: a tap sends both together.
    const buttons = oneTapAnswers.map((a) => html`<button name="answer" value="${a}">${w.answers[a]}</button>`);
    // Opened again after she answered: what she sent and that the shop has it, then the same form to add words or tap
    // another answer (her words stay: answerOnPage). A blank form said nothing of her answer, and a tap on it seemed
    // the first (the explorer's review).
    const sent = await store.replies.onPage(m.id);
    const before = sent
      ? html`<p>${w.thanksReceived(shop.name)}</p>${sent.answer ? html`<p>${w.youChose} <strong>${w.answers[sent.answer]}</strong></p>` : ''}${
          sent.words ? html`<p>${w.youWrote}</p><blockquote>${sent.words}</blockquote>` : ''}<p>${w.answerMore}</p>`
      : html`<p>${w.replyIntro(shop.name)}</p>`;
    const body = html`${before}
<form method="post"><label for="comment">${sent ? w.addLabel : w.commentLabel}</label><textarea id="comment" name="comment" maxlength="2000"></textarea>
<p class="pick">${w.pickAnswer}</p>${buttons}</form>`;
    // What was bought, unless the shop keeps it out of messages (a pharmacy: a visit, as its check-in said). A sale that
    // came to nothing (a repair under warranty) was a visit too: "Hoe gaat het na je bezoek?".
    const [item, visit] = shop.reasonInMessages ? [purchases(m.items, m.total)[0]?.name ?? null, cameToNothing(m.items, m.total)] : [null, true];
    res.type('html').send(page(voice, w.replyTitle(item, visit), body, shop.name));
  });

  router.post('/r/:token', perAddress, form, async (req, res) => {
    const found = await open(String(req.params.token), 'reply');
    if (!found) return linkNotFound(req, res);
    const wait = await acted(found, 'reply');
    if (wait !== undefined) return tooMany(req, res, wait, found);
    const { m, shop, voice } = found;
    const w = phrases[voice];
    const answer = oneTapAnswers.includes(req.body?.answer) ? (req.body.answer as OneTapAnswer) : null;
    const comment = typeof req.body?.comment === 'string' ? req.body.comment.trim().slice(0, 2000) || null : null;
    if (!answer && !comment) return res.redirect(303, req.originalUrl); // nothing chosen: show the question again
    // STOP means stop here too: words asking to hear no more ("geen mails meer", "please unsubscribe me") unsubscribe
    // the address, as the link beside them would, and the page says so. Words that name the texts stop those instead
    // ("Liever geen sms meer, mailen mag wel"), or both ("geen berichten meer"). Words that say the messages were
    // never wanted ("nooit toestemming gegeven") stop both. The request itself is no question for the owner: what the
    // comment says besides is read, as for an SMS, and with nothing besides (nor a tap) it is a plain opt-out.
    // "Wrong person, I am not Harry", "Dit is niet mijn e-mailadres": a stranger is being mailed in the shop's name, as
    // a wrong number by SMS. The address gets no more e-mail (so no invitation either), and the owner is alerted (as
    // about a problem) to put the right one in the till.
    const misdirected = comment !== null && wrongNumber(comment, 'email');
    const never = !misdirected && comment !== null && unwantedReply(comment);
    const asked = !misdirected && comment !== null ? stopRequest(comment) : null;
    // Kept with it as the page's answer ('misdirected', as an SMS's "verkeerd nummer"): no complaint of the customer's,
    // whose invitation it holds as any words for the owner do, but neither marks nor lets lapse (src/db/replies.ts).
    const reading = misdirected
      ? { keywordClass: 'problem' as const, answerWith: () => 'misdirected' as const }
      : asked ? { read: asked.rest, ...(!asked.rest && !answer && { keywordClass: 'opt_out' as const }) } : {};
    // One answer per message: a second post (another tap, words added later) changes the first, keeping its words, and
    // raises no second alert for the owner unless her words now ask more of him (an erasure: src/db/replies.ts,
    // answerOnPage).
    const r = await store.replies.answerOnPage({
      shopId: m.shopId, customerId: m.customerId, messageId: m.id, saleId: m.saleId, channel: 'email', providerId: null, answer, body: comment, at: now(), ...reading,
    });
    // A stranger's address comes off the customer's rows, kept as wrong (customers.wrongAddress): not the customer's
    // opt-out, so the right address the till sends later is mailed.
    if (misdirected && m.recipient) await store.customers.wrongAddress(m.customerId, m.recipient, now());
    const stops: StopChannel | null = misdirected ? null : never ? 'all' : asked ? (asked.channel ?? 'email') : null;
    const optOut = async (channel: 'sms' | 'email') =>
      (stops === channel || stops === 'all') && (channel === 'email' ? unsubscribe(m) : store.customers.optOut(m.customerId, 'sms', 'unsubscribe_link', now()));
    const stopped = [await optOut('sms'), await optOut('email')].includes(true);
    if (!r.duplicate && r.alerted) wake(); // after the opt-out: the alert says it
    const echo = comment ? html`<p>${w.youWrote}</p><blockquote>${comment}</blockquote>` : '';
    if (misdirected) return res.type('html').send(page(voice, w.misdirectedTitle, html`<p>${w.misdirectedText(shop.name)}</p>${echo}`, shop.name));
    // What happens next, in so many words: who gets in touch, and how.
    // A call or an e-mail is promised only when the owner is told: an alert address, e-mail that reaches it, and no
    // alert refused for good there since the last one went out.
    // A number they gave in their words is one the owner is shown to call (phoneIn).
    const customer = await store.customers.byId(m.customerId);
    const by = customer?.phone || (comment && phoneIn(comment, shop.country)) ? 'phone' : 'email';
    const cls = r.duplicate ? 'other' : r.class;
    const told = await store.alerts.reachesOwner(shop, emailUndelivered);
    // Unsubscribed beside a problem or a question (tapped, or in her words: "Geen mails meer, de jas lekt"): the shop
    // still answers that one, and the page says so rather than "mails you soon" beside "no more e-mail" (a review: the
    // words alone got both).
    // Only when nothing else comes after the stop: "Geen sms meer, de jas lekt" leaves her e-mail (and the invitation
    // it may bring) on, and "alleen hierover" would promise less than comes (its review).
    const nothingElse = customer !== undefined && (customer.smsOptedOutAt !== null || !customer.phone) && (customer.emailOptedOutAt !== null || !customer.email);
    const answered = (cls === 'problem' || cls === 'question') && !never && told && nothingElse;
    const ended = stopped && stops ? stops : null;
    // A problem at a shop whose owner is told of none: no promise, but a word of sympathy ("Wat vervelend."). The shop
    // named once beside an unsubscribe: "mailt je hierover", then "Verder krijg je geen e-mail meer van ons." (the words
    // review). A happy answer says the unsubscribe before its greeting, which signs off.
    const next = (cls === 'problem' || cls === 'question') && !told ? w.thanksReceived(shop.name, cls === 'problem')
      : cls === 'problem' ? w.thanksProblem(shop.name, by, answered && ended !== null) : cls === 'question' ? w.thanksQuestion(shop.name, by)
      : cls === 'positive' ? w.thanksPositive(shop.name, ended) : w.thanksOther(shop.name);
    const after = ended && cls !== 'positive' ? html`<p>${answered ? w.unsubscribedButAnswered(shop.name, ended) : w.unsubscribedText(shop.name, ended)}</p>` : '';
    // Nothing but the request: the page says it is done, and nothing more. For messages never wanted ("nooit
    // toestemming gegeven", "verwijder mijn gegevens"), that it is done and that her words reached the shop, which the
    // owner is alerted to: promising her an e-mail would be the very thing she objects to.
    if (cls === 'opt_out' || never) {
      const heard = never ? html`<p>${w.thanksReceived(shop.name)}</p>` : '';
      return res.type('html').send(page(voice, w.unsubscribedTitle, html`<p>${w.unsubscribedText(shop.name, stops ?? 'email')}</p>${heard}${echo}`, shop.name));
    }
    res.type('html').send(page(voice, w.thanksTitle, html`<p>${next}</p>${after}${echo}`, shop.name));
  });

  router.get('/u/:token', async (req, res) => {
    const found = await open(req.params.token, 'unsubscribe');
    if (!found) return linkNotFound(req, res);
    const w = phrases[found.voice];
    // Unsubscribed already (a one-click from the mail program, or the button before): said so, not asked again, which
    // would read as if it had not worked.
    if (await unsubscribedFrom(found.m)) {
      return res.type('html').send(page(found.voice, w.unsubscribedTitle, html`<p>${w.unsubscribedText(found.shop.name)}</p>`, found.shop.name));
    }
    const body = html`<p>${w.unsubscribeText(found.shop.name)}</p><form method="post"><button>${w.unsubscribeButton}</button></form>`;
    res.type('html').send(page(found.voice, w.unsubscribeTitle, body, found.shop.name));
  });

  // RFC 8058 one-click: a mail provider POSTs "List-Unsubscribe=One-Click" with no cookie and no context.
  // It takes effect at once, answers 200 and never redirects. The body is not needed and not required. Past the link's
  // posts (POSTS_PER_LINK, the first of which unsubscribed her) it answers 429, saying she is unsubscribed.
  router.post('/u/:token', async (req, res) => {
    const found = await open(req.params.token, 'unsubscribe');
    if (!found) return linkNotFound(req, res);
    const wait = await acted(found, 'unsubscribe');
    // Past the link's posts, refused (429) only when she is unsubscribed already, and told so as she is each time
    // (subscribed again since, it takes effect: an unsubscribe refused is mail she asked not to get, and it costs no
    // reading).
    if (wait !== undefined && (await unsubscribedFrom(found.m))) res.status(429).set('Retry-After', String(wait));
    else await unsubscribe(found.m);
    const w = phrases[found.voice];
    res.type('html').send(page(found.voice, w.unsubscribedTitle, html`<p>${w.unsubscribedText(found.shop.name)}</p>`, found.shop.name));
  });

  return router;
}
