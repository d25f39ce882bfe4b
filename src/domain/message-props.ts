// What a template gets to say about a sale: the customer's first name, what they bought and why, and when.
import type { Locale, SaleItem } from './sale.js';
import { localDayNumber } from './zone.js';

/** Every key is always present (null when unknown): templates render in strict mode. */
export interface MessageProps {
  firstName: string | null;
  shopName: string;
  item: string | null; // the first thing bought
  moreItems: number; // how many other things were in the sale
  reason: string | null; // why the customer bought, in their words
  yesterday: boolean; // the sale was on the local day before sending
  saleDate: string; // e.g. "zaterdag 14 maart", in the customer's language
  replyUrl: string | null; // e-mail only: the one-tap reply page
  unsubscribeUrl: string | null; // e-mail only
}

export interface PropsInput {
  customerName: string | null;
  shopName: string;
  items: readonly SaleItem[];
  reason: string | null;
  soldAt: number;
  sendAt: number;
  timezone: string;
  locale: Locale;
  links?: { replyUrl: string | null; unsubscribeUrl: string | null };
}

/** Shortens to at most `max` characters, at a word boundary when there is one. */
export function clip(s: string, max: number): string {
  if (s.length <= max) return s;
  const cut = s.slice(0, max - 3);
  const space = cut.lastIndexOf(' ');
  return `${space > max / 2 ? cut.slice(0, space) : cut}...`;
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();
/** The text of each local day asked for (Intl takes some 10 µs to write one; a morning's messages share a few days). */
const dayTexts = new Map<string, string>();

/** "zaterdag 14 maart", "Saturday 14 March": weekday, day and month in the customer's language and the shop's zone. */
export function saleDateText(at: number, timezone: string, locale: Locale): string {
  const key = `${locale}|${timezone}`;
  const day = `${key}|${localDayNumber(at, timezone)}`;
  let text = dayTexts.get(day);
  if (text === undefined) {
    let f = dateFormats.get(key);
    if (!f) dateFormats.set(key, (f = new Intl.DateTimeFormat(locale, { timeZone: timezone, weekday: 'long', day: 'numeric', month: 'long' })));
    const p = Object.fromEntries(f.formatToParts(at).map((x) => [x.type, x.value]));
    text = `${p.weekday} ${p.day} ${p.month}`;
    if (dayTexts.size >= 10_000) dayTexts.clear(); // bounded, as the zones' offsets are
    dayTexts.set(day, text);
  }
  return text;
}

export function messageProps(i: PropsInput): MessageProps {
  const first = i.customerName?.trim().split(/\s+/)[0] || null;
  const item = i.items[0]?.name ?? null;
  return {
    firstName: first,
    shopName: i.shopName,
    item,
    moreItems: Math.max(0, i.items.length - 1),
    reason: i.reason,
    yesterday: localDayNumber(i.soldAt, i.timezone) === localDayNumber(i.sendAt, i.timezone) - 1,
    saleDate: saleDateText(i.soldAt, i.timezone, i.locale),
    replyUrl: i.links?.replyUrl ?? null,
    unsubscribeUrl: i.links?.unsubscribeUrl ?? null,
  };
}
