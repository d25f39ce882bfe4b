// The consent page, for tills that know no customer: the customer leaves their own contact, consent per channel
// (unticked until they tick it) and reason, and gets the check-in like anyone else. /c/<code> belongs to one sale
// (single use, 7 days); /shops/<slug>/join is the shop's own page for the counter, with a printable QR poster.
//
// Nobody logs in here, so what is typed is not believed: double opt-in. Sending the form stores a pending confirmation
// and queues one message to the number (a code to type on the next page) or the address (a link), in the page's
// language (the shop's where her browser reads it, else English: locale.ts visitorVoice), with nothing she typed in
// it; only when it is confirmed (src/http/confirm-page.ts) does the sale get its customer, with consent for that one
// channel. Texts go only to the shop's join countries, one per number a day, a few unconfirmed ones per asking
// address, at most DAILY_CAP unconfirmed from a shop's join page a day, and a few for a sale's consent link (PER_LINK,
// not the join page's cap); past a limit the page sends the customer to the counter.
import express, { type Request, type RequestHandler, type Response, Router } from 'express';
import { rateLimit } from 'express-rate-limit';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { type Shop, joinCountries } from '../db/shops.js';
import type { Purchase } from '../db/confirmations.js';
import type { Store } from '../db/store.js';
import type { Metrics } from '../metrics.js';
import { isMobile, normaliseEmail, normalisePhone } from '../domain/contact.js';
import type { ChannelName } from '../domain/plan.js';
import { type SaleCustomer, type Voice, localeOf, voiceFor } from '../domain/sale.js';
import { phrases } from '../i18n.js';
import { type Sending, aboutSale, checkMailPage, codePage, confirmPages, counterPage, nothingSentPage } from './confirm-page.js';
import { linkNotFound, page } from './customer-pages.js';
import { clientKey, knownInPath, ownAddress, ownPagesOnly } from './guard.js';
import { type Html, html, raw } from './html.js';
import { visitorVoice } from './locale.js';

/** Requests per address in 15 minutes: posts (a form, a code) and page views. Generous: a counter's customers may share its Wi-Fi. */
export const POST_LIMIT = 60;
export const GET_LIMIT = 120;

type Returned = NonNullable<Purchase['returned']>;
type Form = { phone: string; email: string; sms: boolean; emailOk: boolean; item: string; reason: string };
const emptyForm: Form = { phone: '', email: '', sms: false, emailOk: false, item: '', reason: '' };

/** An SVG QR code for a URL, drawn on the server (the encoder loads when first needed: it is not small). */
export async function qrSvg(url: string): Promise<string> {
  const { default: QRCode } = await import('qrcode');
  return QRCode.toString(url, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
}

function readForm(body: Record<string, unknown> | undefined): Form {
  const text = (k: string, max: number) => (typeof body?.[k] === 'string' ? (body[k] as string).trim().slice(0, max) : '');
  return { phone: text('phone', 40), email: text('email', 254), sms: body?.sms === 'yes', emailOk: body?.email_ok === 'yes', item: text('item', 200), reason: text('reason', 500) };
}

/** The form's fields a message about what is wrong can be about, in the order the page shows them. */
const FIELDS = ['phone', 'sms', 'email', 'email_ok'] as const;
type Field = (typeof FIELDS)[number];
/** What is wrong with the form, and the fields it is about (marked invalid and described by it on the page). */
type FormError = { text: string; fields: Field[] };

/**
 * The customer the form describes, or what is wrong with it, in the customer's language. `mailOnly` (see mailOnly): the
 * form has no number field, so an address missing is said once ("Vul je e-mailadres in."), and a number an old form
 * posts beside an address is not checked, nor asked for by its "sms" tick: it is not used where texts go nowhere.
 */
function validate(f: Form, shop: Shop, voice: Voice, mailOnly: boolean): { customer: SaleCustomer } | { errors: FormError[] } {
  const w = phrases[voice];
  const errors: FormError[] = [];
  // (A form for an address only has no number field nor "sms" box: a message is about the fields it has.)
  const wrong = (text: string, ...fields: Field[]) => errors.push({ text, fields: fields.filter((x) => !mailOnly || (x !== 'phone' && x !== 'sms')) });
  const phone = f.phone ? normalisePhone(f.phone, shop.country) : null;
  const email = f.email ? normaliseEmail(f.email) : null;
  if (!f.phone && !f.email) wrong(mailOnly ? w.needAddress : w.needContact, 'phone', 'email');
  if (phone && !phone.ok && !(mailOnly && f.email)) wrong(w.badPhone, 'phone');
  if (email && !email.ok) wrong(w.badEmail, 'email');
  if (!f.emailOk && !(f.sms && (f.phone || !mailOnly))) wrong(w.needConsent, 'sms', 'email_ok');
  if (f.sms && !f.phone && !mailOnly) wrong(w.smsNeedsPhone, 'phone');
  if (f.emailOk && !f.email && (f.phone || !mailOnly)) wrong(w.emailNeedsAddress, 'email');
  if (errors.length) return { errors };
  return {
    customer: {
      // (Her language, where her browser declined the shop's, is kept only when she confirms: confirmations.ts.)
      name: null, locale: null, posCustomerId: null,
      phone: phone?.ok ? phone.value : null,
      email: email?.ok ? email.value : null,
      consent: { sms: f.sms, email: f.emailOk },
    },
  };
}

/** Whether the page may text this number a code: a mobile number of one of the shop's join countries. */
function textable(e164: string, shop: Shop): boolean {
  const country = parsePhoneNumberFromString(e164)?.country;
  return country !== undefined && joinCountries(shop).includes(country) && isMobile(e164);
}

/**
 * The one contact the page confirms: the mobile number when they said yes to texts and it can be texted, else the
 * e-mail address when they said yes to e-mail. The other one is not kept: it was not confirmed. Where texts reach
 * nobody and e-mail does (Sending.undelivered: no Twilio, SMTP set up), the address: its link arrives, the code would not.
 * `ours`: the number is one nextdeal texts from (TWILIO_FROM, a shop's --sms-from), never texted: nextdeal would text
 * itself, or another shop's customers' replies number.
 */
function destinationOf(f: Form, c: SaleCustomer, shop: Shop, voice: Voice, undelivered: Sending['undelivered'], ours: boolean): { channel: ChannelName; destination: string } | { error: string } {
  const address = f.emailOk && c.email ? c.email : null;
  const mailFirst = address !== null && undelivered?.sms === true && !undelivered.email;
  if (!mailFirst && f.sms && c.phone && !ours && textable(c.phone, shop)) return { channel: 'sms', destination: c.phone };
  if (address) return { channel: 'email', destination: address };
  // A number of a country the shop texts no code to: that limit said, not "we cannot text this number".
  const country = f.sms && c.phone && !ours ? parsePhoneNumberFromString(c.phone)?.country : undefined;
  if (country !== undefined && !joinCountries(shop).includes(country)) return { error: phrases[voice].foreignNumber(joinCountries(shop)) };
  return { error: phrases[voice].cannotText };
}

/**
 * `wake` runs the dispatcher at once, so the code arrives within seconds rather than at the next minute (app.ts must
 * pass it; without it the code goes with the next tick).
 */
/** `sending`: TWILIO_FROM, which the code page names to a shop without a number of its own, and what reaches nobody (see Sending). */
export function consentPages(store: Store, now: () => number, publicUrl: string, metrics?: Metrics, wake: () => void = () => {}, sending: Sending = {}): Router {
  const form = express.urlencoded({ extended: false, limit: '8kb' });
  // Per address: a code or link cannot be found by trying, and pages (the poster draws a QR code) cannot be hammered.
  const limiter = (limit: number) =>
    rateLimit({ windowMs: 15 * 60_000, limit, keyGenerator: (req) => clientKey(req.ip), standardHeaders: 'draft-8', legacyHeaders: false, validate: { keyGeneratorIpFallback: false } });
  const postLimit = limiter(POST_LIMIT);
  const ownPages = ownPagesOnly(publicUrl);
  const post: RequestHandler = (req, res, next) => ownPages(req, res, () => void postLimit(req, res, next));
  const limits = { post, get: limiter(GET_LIMIT), form };
  // Where texts go nowhere yet (no Twilio) and e-mail does go out, the form asks for the e-mail address only: a number
  // could not be confirmed (no code comes) nor kept, and a customer on her phone, seeing the number asked first, types
  // it, ticks "sms" and gets a page saying that does not work here. (A form opened before is still taken as it was.)
  const mailOnly = sending.undelivered?.sms === true && !sending.undelivered.email;
  // Where neither texts nor e-mail go out, no code or link reaches her whatever she fills in: the form says so at its
  // top, at once, not after she filled in every field ("Aanmelden kan hier nog niet", the explorer's review). The form
  // stays, for whoever tries the page out with an address and takes its link from the outbox or the mail catcher.
  const none = sending.undelivered?.sms === true && sending.undelivered.email;

  /**
   * `visit`: a consent link's sale came to nothing (a repair under warranty), or the shop keeps purchases out of its
   * messages (a pharmacy, which also asks neither what was bought nor why): the page asks about the visit.
   * `returned`: the customer got money back for it, or it was cancelled: no check-in will ask about it, and the page
   * says so, asking neither what was bought nor why, and offers only later messages.
   * `about`: a consent link's sale, named as its check-in will name it (aboutSale), above "why": the question asked
   * "Waarom heb je het vandaag gekozen?" with nothing on the page saying what "het" was (the words review).
   * `askWhy` false: the till gave the reason already (it is kept, and the check-in quotes it): not asked again.
   */
  function show(res: Response, shop: Shop, voice: Voice, o: { askItem: boolean; askWhy?: boolean; about?: Html | string; visit?: boolean; returned?: Returned | null; f?: Form; errors?: FormError[]; status?: number }) {
    const w = phrases[voice];
    const f = o.f ?? emptyForm;
    const said = o.errors ?? [];
    const errors = said.length ? html`<div role="alert" style="color:#a33b2b">${said.map((e, i) => html`<p id="error-${i + 1}">${e.text}</p>`)}</div>` : '';
    // A field something is wrong with says so where it is: aria-invalid, described by its messages (what a screen reader
    // reads on reaching it), a red border, and the first of them has the focus when the page comes back (the
    // accessibility review: the message stood above the form, tied to nothing, and "06 12" read as fine).
    const first = FIELDS.find((x) => said.some((e) => e.fields.includes(x)));
    const invalid = (name: Field) => {
      const ids = said.flatMap((e, i) => (e.fields.includes(name) ? [`error-${i + 1}`] : []));
      return ids.length ? html` aria-invalid="true" aria-describedby="${ids.join(' ')}"${name === first ? raw(' autofocus') : ''}` : '';
    };
    const check = (name: Field, on: boolean, label: string) =>
      html`<label style="display:flex;gap:.6rem;align-items:center;min-height:44px;margin:.3rem 0;cursor:pointer${invalid(name) ? raw(';border-left:4px solid #a33b2b;padding-left:.5rem') : ''}"><input type="checkbox" name="${name}" value="yes" ${on ? raw('checked') : ''}${invalid(name)} style="width:1.5rem;height:1.5rem;flex:none;margin:0">${label}</label>`;
    const field = (name: string, label: string, value: string, type: string, extra = '') => {
      const bad = (FIELDS as readonly string[]).includes(name) ? invalid(name as Field) : '';
      return html`<label for="${name}">${label}</label><input id="${name}" name="${name}" type="${type}" value="${value}" ${raw(extra)}${bad} style="width:100%;box-sizing:border-box;font:inherit;padding:.6rem;border:${bad ? '2px solid #a33b2b' : '1px solid #8a8a8a'};border-radius:.5rem">`;
    };
    const returned = o.returned ?? null;
    const intro = returned ? w.returnedIntro(shop.name, returned, mailOnly) : w.joinIntro(shop.name, o.visit, mailOnly);
    const warned = none ? html`<p style="color:#a33b2b"><strong>${w.nothingSentHere(shop.name)}</strong></p>` : '';
    const body: Html = html`${warned}<p>${intro}</p><p style="color:#555;font-size:.9rem">${mailOnly ? w.confirmMailNote : w.confirmNote}</p>${o.about ?? ''}${errors}<form method="post">
${mailOnly ? '' : html`${field('phone', w.phone, f.phone, 'tel', 'autocomplete="tel" inputmode="tel"')}${check('sms', f.sms, w.consentSms(shop.name))}`}
${field('email', w.email, f.email, 'email', 'autocomplete="email"')}${check('email_ok', f.emailOk, w.consentEmail(shop.name))}
${o.askItem ? field('item', w.whatBought, f.item, 'text', 'maxlength="200"') : ''}
${returned || !shop.reasonInMessages || o.askWhy === false ? '' : html`<label for="reason">${w.whyChosen(o.visit)}</label><textarea id="reason" name="reason" maxlength="500">${f.reason}</textarea>`}
<button>${w.send}</button></form><p style="color:#555;font-size:.9rem" data-kept>${w.keptNote(shop.name, sending.keptMonths ?? 24, mailOnly)}</p>`;
    res.status(o.status ?? 200).type('html').send(page(voice, returned ? w.returnedTitle(shop.name) : w.joinTitle(shop.name, o.visit), body, shop.name, { error: said.length > 0, namesShop: true }));
  }

  /**
   * A valid form: store the pending confirmation and queue its one message (or not, past a limit), then show the
   * page for the code, or say the link is in the mail, or send the customer to the counter. Nothing else is stored.
   */
  async function submit(
    req: Request, res: Response, shop: Shop, f: Form, askItem: boolean,
    link: { saleId: number; code: string; visit: boolean; returned: Returned | null; askWhy: boolean; about: Html | string } | null,
  ) {
    const voice = visitorVoice(req, shop);
    const v = validate(f, shop, voice, mailOnly);
    const again = { askItem, askWhy: link?.askWhy, about: link?.about, visit: link?.visit ?? !shop.reasonInMessages, returned: link?.returned, f, status: 400 };
    if ('errors' in v) return show(res, shop, voice, { ...again, errors: v.errors });
    // A number and an address, yes to both, where neither texts nor e-mail go out: said of both, nothing kept of either
    // (no request, none of the page's limits used), whether the number could take a text or not (a landline, VoIP).
    if (none && f.sms && v.customer.phone !== null && f.emailOk && v.customer.email !== null) {
      return nothingSentPage(res, shop, voice, (await aboutSale(store, shop, voice, link?.saleId ?? null)).about);
    }
    const phone = v.customer.phone;
    const ours = phone !== null && (await store.shops.textsFrom(phone, shop));
    const to = destinationOf(f, v.customer, shop, voice, sending.undelivered, ours);
    if ('error' in to) return show(res, shop, voice, { ...again, errors: [{ text: to.error, fields: [mailOnly ? 'email' : 'phone'] }] });
    // A number where no text goes out: nothing is kept and no code written to the outbox, for none could be typed (the
    // page has no field) and it would count toward the page's limits (the newcomer's review: three such sign-ups turned
    // a customer with an e-mail address away at the counter, and more closed the page "misused").
    if (to.channel === 'sms' && sending.undelivered?.sms) {
      const { about } = await aboutSale(store, shop, voice, link?.saleId ?? null);
      return codePage(res, shop, voice, sending, '', { shown: to.destination.slice(-2), linkCode: link?.code ?? null }, { about });
    }
    const out = await store.confirmations.request(
      {
        // (A sale given back is asked no "why": its page has no such field.)
        shopId: shop.id, saleId: link?.saleId ?? null, linkCode: link?.code ?? null, item: askItem && f.item ? f.item : null, reason: (!link?.returned && shop.reasonInMessages && f.reason) || null,
        locale: localeOf(voice), from: ownAddress(req), ...to,
      },
      now(),
    );
    if (out.outcome === 'queued') wake();
    if (out.outcome === 'limited') return counterPage(res, shop, voice);
    if (out.channel === 'sms') {
      const { about } = await aboutSale(store, shop, voice, link?.saleId ?? null);
      return codePage(res, shop, voice, sending, out.pageToken, { shown: to.destination.slice(-2), linkCode: link?.code ?? null }, { about });
    }
    // "Your number is not kept" where she ticked texts and typed a number (an old form's, even one not right: none is kept).
    checkMailPage(res, shop, voice, to.destination, sending, f.sms && f.phone !== '' && sending.undelivered?.sms === true);
  }

  /** The link's shop and sale when it still works (not used, not expired). */
  async function openLink(req: Request, code: string) {
    const link = /^[a-z0-9]{6,16}$/.test(code) ? await store.tills.consentLinks.open(code, now()) : undefined;
    if (!link || link.saleId === null) return undefined;
    const shop = (await store.shops.byId(link.shopId))!;
    if (shop.disabledAt !== null) return undefined; // a shop that left: nothing more is asked in its name
    const voice = visitorVoice(req, shop);
    const bought = await store.confirmations.purchase(link.saleId, shop.reasonInMessages);
    const returned = bought?.returned ?? null;
    const askItem = returned === null && Boolean(shop.reasonInMessages) && !(await store.confirmations.saleHasItems(link.saleId));
    // What was bought is named, unless the page asks it (no items) or the sale was given back (its page says so).
    const about = askItem ? '' : (await aboutSale(store, shop, voice, link.saleId)).about;
    return { ...link, saleId: link.saleId, shop, voice, askItem, askWhy: !(await store.confirmations.saleHasReason(link.saleId)), about, visit: bought?.visit ?? false, returned };
  }

  /**
   * A link that does not open: used (the receipt's QR scanned again) or expired, in its shop's voice where her browser
   * reads it (visitorVoice), naming only the shop; a code that never was one, or a shop that left, knows no shop to
   * speak for (the visitor's language).
   */
  async function linkGone(req: Request, res: Response) {
    const code = String(req.params.code);
    const spent = /^[a-z0-9]{6,16}$/.test(code) ? await store.tills.consentLinks.spent(code) : undefined;
    const shop = spent && (await store.shops.byId(spent.shopId));
    if (!spent || !shop || shop.disabledAt !== null) return linkNotFound(req, res);
    const voice = visitorVoice(req, shop);
    const w = phrases[voice];
    const [title, text] = spent.used ? [w.linkUsedTitle, w.linkUsedText(shop.name)] : [w.notFoundTitle, w.notFoundText];
    res.status(spent.used ? 410 : 404).type('html').send(page(voice, title, html`<p>${text}</p>`, shop.name));
  }

  const router = Router();
  router.get('/c/:code', limits.get, async (req, res) => {
    const link = await openLink(req, String(req.params.code));
    if (!link) return linkGone(req, res);
    show(res, link.shop, link.voice, { askItem: link.askItem, askWhy: link.askWhy, about: link.about, visit: link.visit, returned: link.returned });
  });

  // The link is used up only when a request for it is confirmed: a typo in the number does not burn it.
  router.post('/c/:code', limits.post, form, async (req, res) => {
    const link = await openLink(req, String(req.params.code));
    if (!link) return linkGone(req, res);
    await submit(req, res, link.shop, readForm(req.body), link.askItem, { saleId: link.saleId, code: link.code, visit: link.visit, returned: link.returned, askWhy: link.askWhy, about: link.about });
  });

  // A shop found by its name is named in the log; what names none is not (a visitor may type anything there).
  const shopOf = async (req: Request, res: Response) => {
    const shop = await store.shops.bySlug(String(req.params.slug));
    if (shop) knownInPath(res, shop.slug);
    return shop?.disabledAt === null ? shop : undefined; // a shop that left has no join page
  };

  router.get('/shops/:slug/join', limits.get, async (req, res) => {
    const shop = await shopOf(req, res);
    if (!shop) return linkNotFound(req, res);
    // Its language is the browser's (visitorVoice): a shared cache must not give one visitor's to the next.
    res.vary('Accept-Language');
    show(res, shop, visitorVoice(req, shop), { askItem: Boolean(shop.reasonInMessages), visit: !shop.reasonInMessages });
  });

  router.post('/shops/:slug/join', limits.post, form, async (req, res) => {
    const shop = await shopOf(req, res);
    if (!shop) return linkNotFound(req, res);
    await submit(req, res, shop, readForm(req.body), Boolean(shop.reasonInMessages), null);
  });

  router.get('/shops/:slug/join/poster', limits.get, async (req, res) => {
    const shop = await shopOf(req, res);
    if (!shop) return linkNotFound(req, res);
    // The shop's language whoever opens it: its owner prints it for the counter (the page it leads to is the reader's).
    const voice = voiceFor(shop);
    const url = `${publicUrl}/shops/${shop.slug}/join`;
    // The code as wide as the phone allows, up to 320 px: on a 320-px phone, the more so at a large font, it stuck out.
    // Named for a screen reader by where it leads.
    const named = html`<svg width="320" height="320" style="max-width:100%;height:auto" role="img" aria-label="${phrases[voice].posterQr(url)}"`;
    const body = html`<div style="text-align:center">${raw((await qrSvg(url)).replace('<svg', named.value))}
<p style="font-size:1.4rem">${phrases[voice].posterText(shop.name, mailOnly)}</p><p style="color:#555">${url}</p></div>`;
    res.type('html').send(page(voice, phrases[voice].joinTitle(shop.name), body, shop.name, { namesShop: true }));
  });

  router.use(confirmPages(store, now, limits, sending, metrics));
  return router;
}
