// A sale as nextdeal understands it, whichever till sent it.
import { phoneCountry } from './contact.js';

export interface SaleItem {
  name: string;
  sku: string | null;
  quantity: number;
  unitPrice: number | null;
}

export interface SaleCustomer {
  name: string | null;
  phone: string | null; // E.164
  email: string | null; // normalised
  locale: string | null;
  posCustomerId: string | null;
  /** Per channel; absent means the till said nothing, which leaves a known customer's consent as it was. */
  consent: { sms?: boolean; email?: boolean };
}

export type SaleStatus = 'completed' | 'refunded' | 'voided';

export interface Sale {
  /** The sale's key in the shop: the till's sale id, with the till's name where it sent one (saleKey). */
  tillSaleId: string;
  /** A till may post the sale again as refunded or voided: nobody is asked about a coat they returned. */
  status: SaleStatus;
  occurredAt: number; // ms since epoch
  customer: SaleCustomer | null;
  reason: string | null;
  items: SaleItem[];
  total: number | null;
  currency: string | null;
  staff: string | null;
  /**
   * The goods go to the customer by post or courier (a web shop's order: src/vendors/shopify.ts says which): the
   * check-in waits until the parcel can have come, the shop's shippedCheckinDays. Absent: bought in the shop.
   */
  shipped?: boolean;
}

/**
 * A sale's key in its shop (sales.till_sale_id; refunds and early refunds keep it too): the till's sale id alone, as
 * always, or for a shop whose tills number their sales each on their own, with the till's name (`tillId` in the sale
 * webhook) before it: `till:<tillId>:<id>`, so till 2's sale 1003 is not till 1's. A colon or backslash in the name
 * is escaped (`\:`, `\\`), so that no two (till, id) pairs give one key. (A vendor's keys start with its own name,
 * `square:…`; a sale id sent without a till that itself reads `till:2:1003` is till 2's sale 1003.)
 */
export const saleKey = (id: string, tillId: string | null): string =>
  tillId === null ? id : `till:${tillId.replace(/[\\:]/g, '\\$&')}:${id}`;

/**
 * The largest amount a sale may give (a total, a price, a quantity), either way: past it a till's mistake (a barcode in
 * the wrong field, a number multiplied twice), which is left out rather than summed into the owner's figures (whose
 * hundredths PostgreSQL keeps in a BIGINT: past it, a purchase after an invitation failed the whole sale).
 */
export const MAX_AMOUNT = 999_999_999_999;
export const isAmount = (n: number): boolean => Number.isFinite(n) && Math.abs(n) <= MAX_AMOUNT;

/** A sale dated more than this into the future comes from a till with a wrong clock: refused. */
export const MAX_CLOCK_SKEW = 24 * 3_600_000;
/**
 * A sale dated more than this ahead (and at most MAX_CLOCK_SKEW) is kept as dated, with a warning: most likely a till
 * that writes its local time as UTC ("Z"), east of UTC (at least an hour off: no zone is less than an hour east), whose
 * check-ins then come a day late (in India every sale from 18:30 on); else a clock well wrong, the till's or nextdeal's
 * own. A till's clock a few minutes fast is no mistake worth a warning on every sale, and moves no check-in a day.
 */
export const CLOCK_AHEAD = 30 * 60_000;

/** Locales that have templates; a customer's "nl-BE" becomes "nl", an unknown one the shop's. */
export const locales = ['nl', 'en'] as const;
export type Locale = (typeof locales)[number];

/**
 * How a customer is addressed: their language and, in Dutch, the shop's choice of "je" (nl) or "u" (nl-u, `shop
 * update --formal on`): a pharmacy, a notary, and most Flemish shops say "u". English has one "you".
 */
export const voices = ['nl', 'nl-u', 'en'] as const;
export type Voice = (typeof voices)[number];
export const voiceOf = (locale: Locale, formal: boolean): Voice => (formal && locale === 'nl' ? 'nl-u' : locale);
/** The language of a voice: for dates, and the page's lang attribute. */
export const localeOf = (voice: Voice): Locale => (voice === 'nl-u' ? 'nl' : voice);
/** The voice a shop speaks to a customer in: the customer's language (`wanted`; else the shop's), as the shop addresses them. */
export const voiceFor = (shop: { locale: string; formal: number }, wanted?: string | null): Voice =>
  voiceOf(wanted === undefined ? pickLocale(shop.locale, 'en') : pickLocale(wanted, shop.locale), shop.formal === 1);

/**
 * Where each language nextdeal writes is spoken, by the country a phone number is of (phoneCountry). Dutch: the
 * Netherlands; Belgium (Flanders and Brussels: a +32 number does not say whether Wallonia, and a Dutch shop's Belgian
 * customers mostly live near the border); Suriname; and the Kingdom's islands, Aruba, Curaçao and Sint Maarten, and
 * Bonaire, Sint Eustatius and Saba (BQ), where it is an official language, taught at school and read on every form.
 * Nobody is guessed into English in those. English needs no list: it is what anyone else is written to.
 */
const spokenIn: Record<Locale, ReadonlySet<string> | null> = {
  nl: new Set(['NL', 'BE', 'SR', 'AW', 'CW', 'SX', 'BQ']),
  en: null,
};

/**
 * The voice a shop speaks to a customer in, on every message, page and auto-reply: her language where anything says it
 * (`locale`: the till's at this sale or an earlier one, the language her own words were plainly written in, kept with
 * her reply: replies.ts, or the join page's that her browser asked for where she confirmed by e-mail: confirmations.ts
 * keptLocale), else English when her phone is of a country where the shop's language is not spoken and that is not the
 * shop's own (a tourist's +44 or +49 at a Dutch shop read "Bevalt het? Antwoord gerust. Afmelden: STOP" as spam in the
 * shop's name), else the shop's. Decided when she is spoken to, from the phone then on file, and never kept on her row:
 * a guess kept there would pass for her till's word, and a till's locale, also one from an earlier sale posted late,
 * must always win over it. No phone (an e-mail address says nothing of a language), or one of no known country: the
 * shop's.
 */
export const customerVoice = (
  shop: { locale: string; formal: number; country: string }, customer: { locale: string | null; phone: string | null },
): Voice => voiceFor(shop, customer.locale ?? (customer.phone !== null && abroad(shop, customer.phone) ? 'en' : null));
function abroad(shop: { locale: string; country: string }, phone: string): boolean {
  const spoken = spokenIn[pickLocale(shop.locale, 'en')];
  if (spoken === null) return false;
  const country = phoneCountry(phone);
  return country !== null && country !== shop.country && !spoken.has(country);
}

const LANGUAGE_NAMES = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' });
/**
 * What a till's `customer.locale` says, kept on her row: a language nextdeal writes (`nl-BE`: nl); none for a language
 * it has no templates for (a web shop's `de` or `fr`, Shopify's customer_locale), which says only that she reads it,
 * not the shop's: her phone then decides as for a customer the till said nothing of (customerVoice), where the shop's
 * kept there had a +49 customer the till called `de` written in Dutch while one it said nothing of got English. One
 * that is no language (`xx`, `und`): the shop's, as the sale's warning says.
 */
export function tillLocale(wanted: string, shopLocale: string): Locale | null {
  const lang = canonicalLanguage(languageOf(wanted));
  const known = lang !== null && lang !== 'und' && LANGUAGE_NAMES.of(lang) !== undefined;
  return written(lang) ?? (known ? null : pickLocale(shopLocale, 'en'));
}
/**
 * A language subtag as Intl writes it (`nld`, `dut`: nl; `eng`: en), or null for one that is no tag at all, which
 * Intl.DisplayNames throws on (frv49d: a Shopify order's customer_locale `nl.UTF-8`, `C` or a number was a 500, the
 * order never recorded; the vendors' fields are not held to the sale schema's pattern).
 */
export function canonicalLanguage(lang: string): string | null {
  try {
    return Intl.getCanonicalLocales(lang)[0]?.split('-')[0] ?? null;
  } catch {
    return null;
  }
}

/** The language a locale names (`nl-BE`, `nl_be`: nl), as it is written there. */
function languageOf(tag: string): string {
  return tag.toLowerCase().split(/[-_]/)[0]!;
}
/** The language, when it is one nextdeal writes in. */
function written(lang: string | null | undefined): Locale | null {
  return lang && (locales as readonly string[]).includes(lang) ? (lang as Locale) : null;
}

export function pickLocale(wanted: string | null | undefined, fallback: string): Locale {
  return written(wanted && languageOf(wanted)) ?? written(fallback) ?? 'en';
}

/**
 * Text as a message can carry it: without control characters, which an e-mail would carry as they are (a NUL in its
 * body), and with a lone half of a surrogate pair, which no UTF-8 can hold, as "\uFFFD".
 */
export const readable = (s: string): string =>
  s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '').replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
