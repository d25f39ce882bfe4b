// One customer's reply as a card: its reading (and whether it is in a language the reader does not read), their
// words, the purchase it is about, a button to call them, and (when it is on the call-back list) "handled"; a reading
// can be corrected, and every message to the customer stopped, in small forms that open on a tap.
import type { ReplyRow } from '../../../db/figures.js';
import { type Reading, needsOwner, readings } from '../../../db/replies.js';
import { phrases as customerPhrases } from '../../../i18n.js';
import { otherLanguage, unwantedBecause, unwantedReply, wrongNumber } from '../../../domain/classify.js';
import { displayPhone, mailtoHref, phoneIn } from '../../../domain/contact.js';
import { type Html, html } from '../../html.js';
import { type Ctx, at, channelWord, customerWho, forWhom, itemNames, readingWord } from '../format.js';

/**
 * The reply just marked handled, still handled: whom it came from (null once erased, and then it cannot be put back),
 * and where it stood on the call-back list (its rank there, 0-2, its time), so that the replies page says it there.
 */
export interface HandledReply {
  id: number;
  name: string | null;
  phone: string | null;
  email: string | null;
  erased: boolean;
  rank: number;
  at: number;
}

/**
 * Just after "Afgehandeld": whom it was, and the undo beside it (a thumb slip releases a held invitation), not only
 * under Antwoorden → Alle. An erased customer's reply says no name and has no undo: their erasure handled it. `back`:
 * the query string the undo carries, as a card's forms do (replyCard), so that it leads back to the same list.
 */
export function justHandled(c: Ctx, h: HandledReply | undefined, back: string): Html | '' {
  if (!h) return '';
  const { w, shop } = c;
  // A customer the till sent without a name is named by the number the card offered to call, or her address (frv-d).
  const who = customerWho(c, h.name, h.phone, h.email);
  const said = h.erased ? `${w.handled} (${w.dataErased}).` : who ? w.handledNotice(who) : `${w.handled}.`;
  const undo = h.erased ? '' : html`<form method="post" action="/shops/${shop.slug}/replies/${h.id}/reopen?${back}"><input type="hidden" name="_csrf" value="${c.csrf}"><button class="quiet"${forWhom(w.reopen, who)}>${w.reopen}</button></form>`;
  // Named by its words (a status takes no name from its content): focused, it is read as "Mila Bos: afgehandeld." (frv5).
  return html`<div class="done" id="handled" role="status" tabindex="-1" aria-labelledby="handled-said" data-handled="${h.id}"><p id="handled-said">${said}</p>${undo}</div>`;
}

const isReading = (cls: string): cls is Reading => (readings as readonly string[]).includes(cls);

/**
 * `back` is the query string the forms carry, so that after "handled" or a correction the owner lands where they
 * were: `back=inbox&…` for the replies page, else the overview with its period.
 */
export function replyCard(c: Ctx, r: ReplyRow, back: string): Html {
  const { w, shop } = c;
  const answer = r.answer ? (customerPhrases[c.locale].answers as Record<string, string>)[r.answer] : undefined;
  const action = (what: string) => `/shops/${shop.slug}/replies/${r.id}/${what}${back ? `?${back}` : ''}`;
  const csrf = html`<input type="hidden" name="_csrf" value="${c.csrf}">`;
  const open = needsOwner(r.class) && r.handledAt === null;
  // Whom the card is about, as its name and in every button's (a screen reader's list of buttons, voice control): her
  // name, number or address; an erased customer's reply by its time.
  const who = customerWho(c, r.customerName, r.phone, r.email);
  const named = who ?? at(c, r.receivedAt);
  const sale = r.items !== null || r.reason
    ? html`<p class="small">${w.bought}: ${itemNames(r.items, r.saleTotal) || '–'}${r.soldAt ? html` ${w.soldOn(at(c, r.soldAt, 'd LLL yyyy'))}` : ''}${
        r.reason ? html` · ${w.why}: “${r.reason}”` : ''}</p>`
    : r.noSale
      // A text to the shop's own number from a phone no customer has: who wrote is for the owner to find out.
      ? html`<p class="small" data-no-sale>${w.noSale}</p>`
      : '';
  const fix = isReading(r.class)
    ? html`<details><summary${forWhom(w.wrongReading, named)}>${w.wrongReading}</summary><form method="post" action="${action('reading')}">${csrf}<span>${w.thisIs}</span>${readings
        .filter((x) => x !== r.class)
        .map((x) => html`<button class="quiet" name="reading" value="${x}"${forWhom(w.readings[x], named)}>${w.readings[x]}</button>`)}</form></details>`
    : '';
  // A request to hear no more the reader did not take for one ("Keine SMS mehr"): one tap, behind a second, stops it all.
  const reachable = (r.phone !== null && !r.smsOptedOut) || (r.email !== null && !r.emailOptedOut);
  // An erased customer's channels are stopped by the erasure, not by any wish of theirs.
  const stopped = r.erased ? w.dataErased : r.smsOptedOut && r.emailOptedOut ? w.optedOut : r.smsOptedOut ? w.smsOptedOut : r.emailOptedOut ? w.emailOptedOut : null;
  // What the alert says of a wrong number or address, or of messages never wanted: with no mail server, the page is
  // the owner's only word of it. (As src/queue/alerts.ts reads it: by the channel the reply came on.)
  const wrongOne = r.body && r.texted && r.class === 'problem' && wrongNumber(r.body, r.channel === 'sms' ? 'sms' : 'email')
    ? r.channel === 'sms' ? w.wrongNumber(displayPhone(r.texted, shop.country)) : w.wrongAddress(r.texted)
    : null;
  const unwanted = r.body !== null && r.class === 'problem' && unwantedReply(r.body);
  // Words by SMS after a STOP ("Oeps, dat was per ongeluk"): nextdeal texts nothing back (Twilio blocks it after its own
  // STOP keywords, and one message too many after a stop costs trust); only the customer's START takes it back.
  const canStart = r.channel === 'sms' && r.afterSmsStop === 1 && !r.erased && isReading(r.class) && !wrongOne && !unwanted && r.noSale !== 1;
  const said = wrongOne ?? (unwanted ? w.unwanted(unwantedBecause(r.body!).includes('erase'), r.noSale === 1) : canStart ? w.canStart : null);
  // A number the customer gives to call them on ("Bel me terug op 0687654321") is the one to call, beside the one on file.
  const given = r.body && !wrongOne ? phoneIn(r.body, shop.country, r.phone) : null;
  const callGiven = given !== null && given !== r.phone ? given : null;
  const callThere = callGiven ? w.callGiven(displayPhone(callGiven, shop.country)) : '';
  const callHere = r.phone ? (callGiven ? w.callOnFile : w.call)(displayPhone(r.phone, shop.country)) : '';
  const noMore = reachable
    ? html`<details><summary${forWhom(w.wantsNoMore, named)}>${w.wantsNoMore}</summary><form method="post" action="${action('opt-out')}">${csrf}<p class="small">${
      w.noMoreExplained(r.customerName ?? w.thisCustomer)}</p><button class="quiet"${forWhom(w.sendNoMore, named)}>${w.sendNoMore}</button></form></details>`
    : '';
  // The name shown is "?" without one: read out as the number or address instead (as "Afgehandeld" names her).
  const name = r.customerName ?? html`<span aria-hidden="true">?</span>${who ? html`<span class="vh">${who}</span>` : ''}`;
  return html`<article class="reply ${r.class}" id="r${r.id}" data-reply="${r.id}" data-reading="${r.class}" aria-labelledby="r${r.id}-who r${r.id}-when">
<p><span class="tag">${readingWord(w, r.class)}</span>${stopped ? html` <span class="tag" data-opted-out>${stopped}</span>` : ''}${
    r.body && otherLanguage(r.body) ? html` <span class="tag" data-other-language>${w.otherLanguage}</span>` : ''} <strong id="r${r.id}-who">${name}</strong> <span class="small"><span class="when" id="r${r.id}-when">${at(c, r.receivedAt)}</span> · ${channelWord(w, r.channel)}</span></p>
${said ? html`<p data-what-it-means>${said}</p>` : ''}${r.answered === 'comeback' && !r.erased ? html`<p class="small" data-after-invitation>${w.afterInvitation}</p>` : ''}${r.body ? html`<blockquote class="wrap">“${r.body}”</blockquote>` : answer || r.media > 0 ? '' : html`<p class="small">${w.noWords}</p>`}${
    r.media > 0 ? html`<p>${w.attachments(r.media)}</p>` : ''}${answer ? html`<p>${w.tapped}: ${answer}</p>` : ''}
${sale}${r.correctedAt !== null && r.readAs && r.readAs !== r.class ? html`<p class="small">${w.corrected(readingWord(w, r.readAs))}</p>` : ''}
<div class="actions">${callGiven ? html`<a class="button" href="tel:${callGiven}"${forWhom(callThere, named)}>${callThere}</a>` : ''}${
    r.phone ? html`<a class="button${callGiven ? ' quiet' : ''}" href="tel:${r.phone}"${forWhom(callHere, named)}>${callHere}</a>` : ''}${
    r.email ? html`<a class="button quiet wrap" href="${mailtoHref(r.email)}"${forWhom(r.email, named)}>${r.email}</a>` : ''}${
    open ? html`<form method="post" action="${action('handled')}">${csrf}<button${forWhom(w.handled, named)}>${w.handled}</button></form>` : ''}${
    r.handledAt !== null ? html`<span class="small">${w.handledOn(at(c, r.handledAt))}</span>${
      needsOwner(r.class) && !r.erased ? html`<form method="post" action="${action('reopen')}">${csrf}<button class="quiet"${forWhom(w.reopen, named)}>${w.reopen}</button></form>` : ''}` : ''}</div>
${fix || noMore ? html`<div class="more">${fix}${noMore}</div>` : ''}</article>`;
}
