// A shop's settings as the operator gives them (shop create, shop update): the options' schema, and what is said of them.
import { getAllTimezones } from 'countries-and-timezones';
import { IANAZone } from 'luxon';
import { z } from 'zod';
import { int } from '../config.js';
import { holdoutShares } from '../domain/holdout.js';
import { isCountry, smsSender } from '../domain/contact.js';
import { locales } from '../domain/sale.js';
import { gsmOrNull, smsShopName } from '../domain/sms.js';
import { MIN_COMEBACK_DAYS, inQuietHours } from '../domain/schedule.js';

const hour = int(0, 23);
/**
 * The hours of the night, 22:00 to 07:00, which quiet hours must hold: "8-20" (the day, where "20-8" was meant) let
 * texts go all night long. A check-in hour outside the quiet hours is then one of the day's.
 */
const NIGHT = [22, 23, 0, 1, 2, 3, 4, 5, 6];
/** The first hour of the night these quiet hours leave open, or null when they hold it all. */
const nightLeftOpen = (quietStart: number, quietEnd: number): number | null => NIGHT.find((h) => !inQuietHours(h, { quietStart, quietEnd })) ?? null;
/** What is wrong with quiet hours that leave part of the night open (null: none), and the hours likely meant. */
export function nightOpen(a: number, b: number): { wrong: string; meant: string } | null {
  const open = a === b ? null : nightLeftOpen(a, b);
  if (open === null) return null;
  const wrong = `from ${a}:00 to ${b}:00 is when no message goes out, which leaves the night open (a message could go out at ${String(open).padStart(2, '0')}:00)`;
  return { wrong, meant: nightLeftOpen(b, a) === null ? `${b}-${a}` : '20-9' };
}
const COMEBACK_DAYS = `expected a whole number from ${MIN_COMEBACK_DAYS} to 365: fewer would bring the come-back invitation a few days after the check-in ("how is it?"), which reads as pushy`;
let names: Map<string, string> | undefined;
/**
 * Every zone name of the IANA database, links (Europe/Kiev, US/Eastern) too, by its name in lower case. Built when first
 * asked: otherwise some 12 ms at the start of every command, serve's too.
 */
const ianaNames = (): Map<string, string> => (names ??= new Map(Object.keys(getAllTimezones({ deprecated: true })).map((n) => [n.toLowerCase(), n])));
/** Short words IANA writes in lower case within a place's name (Port-au-Prince, Dar_es_Salaam, Port_of_Spain). */
const SMALL_WORDS = new Set(['au', 'da', 'de', 'del', 'es', 'of']);
/**
 * A zone as given, in the letters of its own IANA name when it was typed in other ones ("europe/kyiv" is Europe/Kyiv),
 * as the owner's page and its exports show it: never ICU's older name for it (Europe/Kiev, Asia/Calcutta), and never
 * lower case. Before, a name ICU knows by an older one stayed as typed, "europe/kyiv". A name newer than the list
 * (countries-and-timezones, from the IANA database) takes ICU's letters where they are its own, else Place/City_Name's.
 */
export function zoneName(tz: string): string {
  const listed = ianaNames().get(tz.toLowerCase());
  if (listed) return listed;
  const own = icuName(tz);
  if (own !== null && own.toLowerCase() === tz.toLowerCase()) return own;
  return placeLetters(tz);
}
/** ICU's name of a zone; null for one this Node's ICU does not know (a shop's zone stored by a newer version). */
function icuName(tz: string): string | null {
  try {
    return new Intl.DateTimeFormat('en', { timeZone: tz }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}
/**
 * Whether two zone names are one zone: in any letters, and an older name (Europe/Kiev, stored by a version that kept
 * ICU's) the same as its newer one (Europe/Kyiv), as ICU names them both; not two zones merged in the IANA database
 * since 1970 (Europe/Brussels and Europe/Amsterdam: a shop of each is told they differ). A zone this Node's ICU does
 * not know is the same only in other letters.
 */
export function sameZone(a: string, b: string): boolean {
  const icu = icuName(a);
  return zoneName(a) === zoneName(b) || (icu !== null && icu === icuName(b));
}
/** A Place/City_Name in the letters IANA writes most such names in: each word capitalised but the SMALL_WORDS. */
export const placeLetters = (tz: string): string =>
  tz.toLowerCase().replace(/(^|[/_-])([a-z]+)/g, (_, sep: string, w: string) => sep + (sep !== '/' && sep && SMALL_WORDS.has(w) ? w : w[0]!.toUpperCase() + w.slice(1)));

export const shopOptions = z.object({
  slug: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lower-case letters, digits and dashes, e.g. fietsenmaker-test'),
  // It stands in the From line of every e-mail ("Name <EMAIL_FROM>"), each greeting and signature: a line break or a
  // tab pasted with it put "Bcc: …" on a line of its own there (the e-mail channel's review); an address in it showed
  // as the sender beside the real one.
  name: z
    .string()
    .trim()
    .min(1)
    .max(100)
    // Bidi embeddings, overrides and isolates (U+202A to U+202E, U+2066 to U+2069) too: one reverses how the rest of the
    // From name shows ("Bakker\u202Eevil"), a review.
    .refine((n) => !/[\p{Cc}\u2028\u2029\u202A-\u202E\u2066-\u2069]/u.test(n), 'the name on one line, without a line break, tab or other control character (nor a right-to-left override): it stands in the From line of every e-mail and in every greeting')
    .refine((n) => !/<[^>]*@[^>]*>/.test(n), 'the name without an e-mail address in <…>: in the From line of every e-mail it would show as the sender (the shop sends from EMAIL_FROM, or its --email-from)'),
  timezone: z.string().refine((tz) => IANAZone.isValidZone(tz), 'expected an IANA time zone such as Europe/Amsterdam').transform(zoneName),
  country: z.string().toUpperCase().refine(isCountry, 'expected a two-letter country code such as NL'),
  locale: z.enum(locales, `expected one of: ${locales.join(', ')}`),
  checkinHour: hour,
  quietHours: z
    .string()
    .regex(/^\d{1,2}-\d{1,2}$/, 'expected from-to hours, e.g. 20-9')
    .transform((s) => s.split('-').map(Number) as [number, number])
    .refine(([a, b]) => a <= 23 && b <= 23, 'hours run from 0 to 23')
    // From an hour to the same hour is no quiet hours at all (inQuietHours): messages would go at night, unasked.
    .refine(([a, b]) => a !== b, 'from and to are the same hour, which would leave no quiet hours at all, and messages could go out at night: give two different hours, e.g. 20-9 (from 20:00 to 09:00)')
    .superRefine(([a, b], ctx) => {
      const night = nightOpen(a, b);
      if (!night) return;
      const swapped = night.meant === `${b}-${a}` ? `; did you mean ${night.meant}?` : '';
      ctx.addIssue({ code: 'custom', message: `${night.wrong}: quiet hours run from the evening to the morning and hold at least 22:00 to 07:00, e.g. 20-9 (from 20:00 to 09:00)${swapped}` });
    }),
  // One message, whatever is wrong (0, "abc", 6.5, 400): the range it takes, and why no fewer.
  comebackDays: z.coerce.number({ message: COMEBACK_DAYS }).refine((d) => Number.isInteger(d) && d >= MIN_COMEBACK_DAYS && d <= 365, COMEBACK_DAYS),
  checkinGapDays: int(1, 365),
  shippedCheckinDays: int(1, 30),
  // An empty value clears the override.
  emailFrom: z.union([z.literal(''), z.email()]).transform((s) => s || null),
  smsFrom: z.union([z.literal(''), smsSender]).transform((s) => s || null),
  alertEmail: z.union([z.literal(''), z.email()]).transform((s) => s || null),
  // Where the join page may text a confirmation code: comma-separated country codes; "" for the shop's own country.
  joinCountries: z
    .string()
    .transform((s) => s.split(',').map((c) => c.trim().toUpperCase()).filter(Boolean))
    .refine((cs) => cs.every(isCountry), 'expected two-letter country codes such as NL,BE')
    .transform((cs) => (cs.length ? [...new Set(cs)].join(',') : null)),
  // Whether messages name what was bought and quote the customer's reason: off for a pharmacy, whose are about health.
  reasonInMessages: z.enum(['on', 'off'], 'expected on or off').transform((v) => (v === 'on' ? 1 : 0)),
  // "u" rather than "je" in Dutch.
  formal: z.enum(['on', 'off'], 'expected on or off').transform((v) => (v === 'on' ? 1 : 0)),
  holdout: z.coerce
    .number()
    .refine((n) => (holdoutShares as readonly number[]).includes(n), `expected one of ${holdoutShares.join(', ')} (percent; 0 is off)`),
});

/**
 * A name none of whose letters an SMS can carry ("Калинка", "东方超市", an emoji): texts name the shop by its slug. What
 * to say of it (null: nothing).
 */
export const smsNameNote = (shop: { name: string; slug: string }): string | null =>
  gsmOrNull(shop.name) === null
    ? `--name has no letters a text message can carry (Latin ones), so texts name the shop "${smsShopName(shop)}", its slug; for its name in them, give one with Latin letters too, e.g. --name "Калинка (Kalinka)"`
    : null;
