// Small pieces every owner's page uses: times in the shop's zone and language, shares, money, contact links, and the
// words for codes (a reading, a delivery report) with a fallback that is never the raw code.
import { DateTime } from 'luxon';
import type { Shop } from '../../db/shops.js';
import { displayPhone, mailtoHref } from '../../domain/contact.js';
import { boughtItems } from '../../domain/purchase.js';
import type { Locale, SaleItem } from '../../domain/sale.js';
import { type Html, html } from '../html.js';
import { type OwnerPhrases, ownerPhrases } from './phrases.js';

/** What every owner's page knows: the shop, the session's form token, the language and the clock. */
export interface Ctx {
  shop: Shop;
  csrf: string;
  locale: Locale;
  w: OwnerPhrases;
  now: number;
  /** The period as a query string (days=90, or from=…&to=…), for links that keep it. */
  query: string;
}

export const context = (shop: Shop, csrf: string, locale: Locale, now: number, query: string): Ctx => ({ shop, csrf, locale, w: ownerPhrases[locale], now, query });

/** A moment in the shop's time zone and language, e.g. "za 13 jun, 11:15". */
export const at = (c: Ctx, ms: number, format?: string): string => {
  const t = DateTime.fromMillis(ms, { zone: c.shop.timezone }).setLocale(c.locale);
  // With the year when it is not this year's: a list that goes back over a year says which "zo 29 nov" it means.
  return t.toFormat(format ?? (t.year === DateTime.fromMillis(c.now, { zone: c.shop.timezone }).year ? 'ccc d LLL, HH:mm' : 'ccc d LLL yyyy, HH:mm'));
};
/** A moment to come as the owner reads it: the time today ("22:45"), with its day on another ("za 6 dec, 09:00"). */
export const timeOrDay = (c: Ctx, ms: number): string =>
  at(c, ms, 'yyyy-MM-dd') === at(c, c.now, 'yyyy-MM-dd') ? at(c, ms, 'HH:mm') : at(c, ms);
/** A local day number (days since 1970-01-01) as a date, e.g. "18 jun 2026". */
export const day = (c: Ctx, dayNumber: number, format = 'd LLL yyyy'): string =>
  DateTime.fromMillis(dayNumber * 86_400_000, { zone: 'utc' }).setLocale(c.locale).toFormat(format);

export const pct = (v: number | null): string => (v === null ? '–' : `${Math.round(v)}%`);
/**
 * Fewer customers than this make a share that one customer more or less moves by five points or more ("20%": 1 of 5):
 * the owner's page gives such a share as its count, "1 van 5", and says there are too few for a percentage.
 */
export const FEW = 20;
/** A share as the owner's page gives it: a percentage and what it is of, or the count and that they are too few. */
export const share = (c: Ctx, back: number, judged: number, rate: number | null): { figure: string; detail: string } =>
  judged < FEW ? { figure: c.w.outOf(back, judged), detail: c.w.tooFew } : { figure: pct(rate), detail: c.w.ofCustomers(back, judged) };
/** A count as the shop's language writes it: 1.100 (nl), 1,100 (en). */
export const whole = (c: Ctx, n: number): string => (Math.round(n) + 0).toLocaleString(c.locale === 'nl' ? 'nl-NL' : 'en-GB'); // + 0: never "-0"
/**
 * What a sale bought, as the owner's pages list it: as the messages name it, without a discount ("Korting 10%"), a
 * deposit or a line taken off (boughtItems); `total` the sale's, as the till sent it.
 */
export const itemNames = (json: string | null, total: number | null): string =>
  (json ? boughtItems(JSON.parse(json) as SaleItem[], total).map((i) => i.name).join(', ') : '');

/** An amount in hundredths in the shop's language: "€ 1.234,50"; a currency code the browser's tables do not know stays a code. */
export function money(locale: Locale, cents: number, currency: string): string {
  const amount = cents / 100;
  try {
    return new Intl.NumberFormat(locale === 'nl' ? 'nl-NL' : 'en-GB', { style: 'currency', currency }).format(amount);
  } catch {
    return `${amount.toFixed(2)} ${currency}`.trim();
  }
}

/** The provider's code from its words ("Twilio 21211: …" → " (Twilio 21211)"): the same in every language; the rest may quote an address. */
export const providerCode = (detail: string | null): string => {
  const code = detail && /^(Twilio \d+|SMTP \d+|HTTP \d+|E[A-Z_]+)\b/.exec(detail)?.[1];
  return code ? ` (${code})` : '';
};

/** Twilio's codes for a text it handed on that did not arrive that the owner's pages put in words of their own. */
export type UndeliveredCode = '30003' | '30005' | '30006' | '30007' | '30008';

/** The provider's code alone ("Twilio 30005"), or '' when its words hold none: what messages.csv puts in its column. */
export const providerCodeOnly = (detail: string | null): string => providerCode(detail).slice(2, -1);

/**
 * Why a message did not go out or arrive, in words: a text Twilio reported undelivered by its code where the code says
 * what to do (30005: put the right number in the till), else by its reason; with the provider's code after it.
 */
export function notSentWords(w: OwnerPhrases, error: string, detail: string | null): string {
  const code = /^Twilio (\d+)$/.exec(providerCodeOnly(detail))?.[1] as UndeliveredCode | undefined;
  const words = error === 'undelivered' && code && Object.hasOwn(w.undeliveredBecause, code) ? w.undeliveredBecause[code]
    : ((w.errors as Record<string, string>)[error] ?? w.errors.provider_error);
  return `${words}${providerCode(detail)}`;
}

/** A reply's class in words: a reading, or what an SMS keyword did. */
export const readingWord = (w: OwnerPhrases, cls: string): string =>
  (w.readings as Record<string, string>)[cls] ?? (w.keywords as Record<string, string>)[cls] ?? w.readings.other;

/** Twilio's delivery report in words; one nextdeal does not know is said to be unknown, never shown raw. */
export const deliveryWord = (w: OwnerPhrases, status: string): string => (w.deliveries as Record<string, string>)[status] ?? w.deliveryUnknown;

export const channelWord = (w: OwnerPhrases, channel: string): string => (w.channels as Record<string, string>)[channel] ?? channel;

export function contact(c: Ctx, phone: string | null, email: string | null): Html {
  return html`<span class="contact">${phone ? html`<a href="tel:${phone}">${displayPhone(phone, c.shop.country)}</a>` : ''}${phone && email ? ' · ' : ''}${
    email ? html`<a href="${mailtoHref(email)}">${email}</a>` : ''
  }</span>`;
}

/**
 * A customer as the owner's page names her: by name, else by the number a card offers to call, else by her address;
 * null when none is left (erased).
 */
export const customerWho = (c: Ctx, name: string | null, phone: string | null, email: string | null): string | null =>
  name ?? (phone ? displayPhone(phone, c.shop.country) : email);

/**
 * The name a screen reader or voice control gets for a button of a customer's card: what it shows and whom it is for
 * ("Afgehandeld: Julia Peters"), where on a list of cards every "Afgehandeld" read alike. Nothing when the button
 * already shows whom (a nameless customer's "Bel 06 12345603").
 */
export const forWhom = (shown: string, who: string | null): Html | '' =>
  who && shown !== who && !shown.endsWith(` ${who}`) ? html` aria-label="${shown}: ${who}"` : '';

/** A query string with some keys changed (undefined or '' removes one). */
export function withQuery(query: string, changes: Record<string, string | undefined>): string {
  const q = new URLSearchParams(query);
  for (const [k, v] of Object.entries(changes)) {
    if (v === undefined || v === '') q.delete(k);
    else q.set(k, v);
  }
  return q.toString();
}
