// The generic sale webhook body. Unknown fields are ignored; null counts as absent, as many tills send it. A till's
// mistake in one field never loses the sale: only the id (and the till's, when it names one), the time and the status
// are required to be right; any other wrong field is left out (a text too long is shortened) and the answer says so in
// `warnings`.
import { z } from 'zod';
import { normaliseEmail, normalisePhone } from '../domain/contact.js';
import { CLOCK_AHEAD, MAX_CLOCK_SKEW, type Sale, isAmount, readable, saleKey } from '../domain/sale.js';
import type { FieldIssue } from './errors.js';

/**
 * A text of at most `max` characters; another kind of value is refused naming what to send (`what`). Absent or null is
 * "required", as a missing field is everywhere in the body: only a required one gets here (an optional one is maybe()).
 */
const text = (max: number, what = 'a text') =>
  z.string({ error: (issue) => (issue.input === undefined || issue.input === null ? 'required' : `expected ${what}`) })
    .trim().max(max, `at most ${max} characters`);
/** Text a person reads (a name, what was bought, why), as messages can carry it: see readable(). */
const words = (max: number, what?: string) => text(max, what).transform(readable);
/**
 * A name (of a customer, of what was bought, of who sold it) on one line: any white space in it, a line break, a tab,
 * a no-break space, is one space (a tab was left out of an SMS: "Regenjas Maat Lblauw").
 */
const name = (max: number, what: string) => words(max, what).transform((s) => s.replace(/\s+/g, ' ').trim());
const maybe = <T extends z.ZodType>(t: T) => t.nullish().transform((v) => (v === '' ? null : (v ?? null)));
/**
 * Groups of three digits after a point or a comma, and nothing else: "1,250" and "1.250" are 1.25 to one till and 1250
 * to another (a Dutch till writes 1250 as "1.250"), and "1.234.567" a million. ("0.125" is no thousands.)
 */
const twoWays = (s: string): boolean => /^-?[1-9]\d{0,2}([.,]\d{3})+$/.test(s);

/**
 * An amount written as text, as tills do: "12.50", and as a Dutch or German till writes it, "12,50" or "1.234,50"
 * (a comma before the cents, dots between thousands); "1,234.50" too. Undefined when it is no amount, or when it could
 * be two ("1,250", "1.250": 1.25 or 1250?), which is better left out than stored a thousand times wrong.
 */
export function amountText(s: string): number | undefined {
  if (twoWays(s)) return undefined;
  if (/^-?\d+(\.\d+)?$/.test(s)) return Number(s);
  if (/^-?(\d+|\d{1,3}(\.\d{3})+),\d{1,2}$/.test(s)) return Number(s.replaceAll('.', '').replace(',', '.'));
  if (/^-?\d{1,3}(,\d{3})+\.\d{1,2}$/.test(s)) return Number(s.replaceAll(',', ''));
  return undefined;
}

/** A number, or a number written as a string (amountText), as tills do. */
export const amount = z.union([z.number(), z.string()], 'expected a number').transform((v, ctx) => {
  if (typeof v === 'number') return v;
  const n = amountText(v.trim());
  if (n !== undefined) return n;
  ctx.addIssue({
    code: 'custom',
    message: twoWays(v.trim())
      ? `expected a number: "${v.trim()}" could be read two ways; send it with a point before the cents (1.25), or without separators (1250)`
      : 'expected a number',
  });
  return z.NEVER;
}).pipe(z.number().refine(isAmount, 'larger than any amount a till takes (at most 999,999,999,999)'));

/**
 * A phone number or e-mail address, normalised. A phone number may come as a JSON whole number (a till that keeps it
 * in a number column, 0612345678 sent as 612345678): its digits are read as the text would be, with the shop's country.
 */
function contact(kind: 'phone' | 'email', country: string) {
  const given = kind === 'phone'
    ? z.union([text(40), z.number().int().nonnegative().transform(String)], 'expected a phone number, as text')
    : text(254, 'an e-mail address, as text');
  return maybe(given).transform((raw, ctx) => {
    if (raw === null) return null;
    const r = kind === 'phone' ? normalisePhone(raw, country) : normaliseEmail(raw);
    if (r.ok) return r.value;
    ctx.addIssue({ code: 'custom', message: r.message });
    return z.NEVER;
  });
}

/**
 * An id a till sends as text or as a whole number, or the message refusing it: JSON reads a number above 2^53 rounded
 * (a 64-bit id), so such a one must come as text, as the message says (`what`: "the id"); a number with a fraction is
 * no id (`otherwise`, naming it). A negative whole number is read as its digits, as the same text ("-5") is.
 */
export const textOrWholeNumber = (what: string, otherwise: string) => (issue: { input?: unknown }) =>
  (typeof issue.input === 'number' && Math.abs(issue.input) > Number.MAX_SAFE_INTEGER
    ? `a number this large cannot be read exactly: send ${what} as a string`
    : typeof issue.input === 'number' && Number.isFinite(issue.input) ? `${otherwise}: ${issue.input} has a fraction` : otherwise);

/**
 * The till's own sale id: a text, or a whole number (JSON reads one above 2^53 rounded, so it must come as text).
 * Absent or null is "required", as "" is. A control character in it is taken, with a warning (idWarning).
 */
const saleId = z.union([text(200).min(1, 'required'), z.number().int().transform(String)], {
  error: (issue) => (issue.input === undefined || issue.input === null ? 'required' : textOrWholeNumber('the id', 'expected a text or a whole number')(issue)),
});

/**
 * `tillId`: which of the shop's tills sold it, for a shop whose tills number their sales each on their own (both
 * have a sale 1003): with it the sale id is that till's (saleKey). A name or number, at most 64 characters; absent,
 * null or "" is no till, and the id is the shop's, as before there was a tillId. Part of the sale's identity, so a
 * wrong one is a 400 (never left out, which would make it another sale), in the sale and in its refund.
 */
export const tillIdField = maybe(
  z.union([text(64).regex(/^[^\p{Cc}]*$/u, 'no control characters'), z.number().int().transform(String)],
    { error: textOrWholeNumber('the till\'s number', 'expected the till\'s name or number: a text or a whole number') }),
);

/** The sale's id and till as a body readSale took names them, for the answer to a conflict. */
export function saleNamed(body: unknown): { id: string; tillId: string | null } {
  const b = body as { id?: unknown; tillId?: unknown };
  return { id: saleId.parse(b.id), tillId: tillIdField.parse(b.tillId) };
}

const YES_NO = 'must be true or false';
const AN_ISO_TIME = 'an ISO 8601 time with an offset, e.g. 2026-03-14T15:04:05+01:00';
/** A required value the till did not give: absent, null (as many tills send it) or a blank text. */
const missing = (v: unknown): boolean => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
const LANGUAGE = 'expected a language tag such as nl or en-GB';
const CURRENCY = 'expected a three-letter currency code such as EUR';

/** The schema as zod interprets it, field by field; saleSchema() hands out its compiled form. */
export function interpretedSaleSchema(country: string) {
  const customer = z.object({
    name: maybe(name(200, 'a name, as text')),
    phone: contact('phone', country),
    email: contact('email', country),
    locale: maybe(z.string(LANGUAGE).trim().regex(/^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$/, LANGUAGE)),
    posCustomerId: maybe(z.union([text(200), z.number().int().transform(String)], {
      error: textOrWholeNumber('the customer id', 'expected the till\'s customer id, as text or a whole number'),
    })),
    consent: z
      .object({ sms: z.boolean(YES_NO).optional(), email: z.boolean(YES_NO).optional() }, 'expected an object such as {"sms": true, "email": false}')
      .nullish()
      .transform((c) => ({ ...(c?.sms !== undefined && { sms: c.sms }), ...(c?.email !== undefined && { email: c.email }) })),
  }, 'expected an object with the customer\'s name, phone, email and consent');
  const item = z.object({
    name: name(200, 'a name, as text').pipe(z.string().min(1, 'required')),
    sku: maybe(text(100, 'the SKU, as text')),
    quantity: amount.default(1),
    unitPrice: maybe(amount),
  }, 'expected an item such as {"name": "Regenjas", "quantity": 1}');
  return z
    .object({
      id: saleId,
      tillId: tillIdField,
      occurredAt: z.iso
        .datetime({
          offset: true,
          // Absent, null or blank is said to be missing, not a time written wrongly (the till may not send it at all).
          // A number is a count of seconds (or milliseconds) since 1970, which says no time zone and could be either.
          error: (issue) => (missing(issue.input) ? `required: the time of the sale, ${AN_ISO_TIME}`
            : `expected ${AN_ISO_TIME}${typeof issue.input === 'number' ? ', as text: not a number of seconds since 1970' : ''}`),
        })
        .transform((s) => Date.parse(s)),
      customer: customer.nullish().transform((c) => c ?? null),
      reason: maybe(words(500, 'the reason, as text')),
      items: z.array(item, 'expected a list of items').max(200, 'at most 200 items').nullish().transform((i) => i ?? []),
      total: maybe(amount),
      currency: maybe(z.string(CURRENCY).trim().regex(/^[A-Za-z]{3}$/, CURRENCY).transform((c) => c.toUpperCase())),
      staff: maybe(name(200, 'the name of who sold it, as text')),
      status: z.enum(['completed', 'refunded', 'voided'], 'expected completed, refunded or voided').nullish().transform((s) => s ?? 'completed'),
    }, 'expected a JSON object: the sale')
    .transform(
      (b): Sale => ({
        tillSaleId: saleKey(b.id, b.tillId),
        status: b.status,
        occurredAt: b.occurredAt,
        customer: b.customer,
        reason: b.reason,
        items: b.items,
        total: b.total,
        currency: b.currency,
        staff: b.staff,
      }),
    );
}

const cache = new Map<string, ReturnType<typeof interpretedSaleSchema>>();

/**
 * The schema for a shop in `country` (local phone numbers are read as that country's), compiled by zod (`z.compile`)
 * into one function made for it: a body that passes is read in a single pass, in a fifth of the time; one that does
 * not is read again by zod's own parser, for the same issues it always gives. test/fuzz.test.ts checks that the two
 * read every body alike.
 */
export function saleSchema(country: string) {
  let schema = cache.get(country);
  if (!schema) cache.set(country, (schema = z.compile(interpretedSaleSchema(country))));
  return schema;
}

/** Without these right, there is no sale to store (or no knowing which it is: tillId): a mistake in them is a 400. */
const REQUIRED = new Set(['id', 'tillId', 'occurredAt', 'status']);

type Json = Record<string, unknown> | unknown[];
const isContainer = (v: unknown): v is Json => typeof v === 'object' && v !== null;

/**
 * Repairs what an issue found so the sale can still be stored: a text too long is shortened, a bad item is left out,
 * any other bad value is removed (as if the till had not sent it). Returns the warning, or null when it cannot.
 */
function repair(body: Record<string, unknown>, issue: z.core.$ZodIssue, dropItems: Set<number>): FieldIssue | null {
  const path = issue.path.map(String);
  const field = path.join('.') || '(body)';
  if (path.length === 0 || REQUIRED.has(path[0]!)) return null;
  // An item without a usable name is left out; a bad quantity, price or SKU only loses that value.
  if (path[0] === 'items' && /^\d+$/.test(path[1] ?? '') && (path.length === 2 || (path[2] === 'name' && issue.code !== 'too_big'))) {
    dropItems.add(Number(path[1]));
    return { field, message: `${issue.message}: item left out` };
  }
  const parent = path.slice(0, -1).reduce<unknown>((o, k) => (isContainer(o) ? (o as Record<string, unknown>)[k] : undefined), body);
  if (!isContainer(parent)) return null;
  const key = path.at(-1)!;
  const value = (parent as Record<string, unknown>)[key];
  if (issue.code === 'too_big' && typeof value === 'string' && typeof issue.maximum === 'number') {
    // Cut between characters: never between the two halves of an emoji (stored, it would read "�").
    (parent as Record<string, unknown>)[key] = value.trim().slice(0, Number(issue.maximum)).replace(/[\uD800-\uDBFF]$/, '');
    return { field, message: `${issue.message}: shortened` };
  }
  if (issue.code === 'too_big' && Array.isArray(value) && typeof issue.maximum === 'number') {
    (parent as Record<string, unknown>)[key] = value.slice(0, Number(issue.maximum));
    return { field, message: `${issue.message}: the rest left out` };
  }
  delete (parent as Record<string, unknown>)[key];
  return { field, message: `${issue.message}: left out` };
}

/** A copy of the parts `repair` may change (the body, its customer and consent, its items); the rest is shared. */
function editableCopy(body: Record<string, unknown>): Record<string, unknown> {
  const shallow = (v: unknown) => (isContainer(v) ? (Array.isArray(v) ? [...v] : { ...v }) : v);
  const copy = { ...body };
  const customer = shallow(copy.customer);
  if (isContainer(customer) && !Array.isArray(customer)) customer.consent = shallow(customer.consent);
  copy.customer = customer;
  if (Array.isArray(copy.items)) copy.items = copy.items.map(shallow);
  return copy;
}

export type SaleReading = { ok: true; sale: Sale; warnings: FieldIssue[] } | { ok: false; issues: FieldIssue[] };

const ISO_VARIANT = /^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}:\d{2})(:\d{2}(?:\.\d+)?)?([Zz]|[+-]\d{2}(?::?\d{2})?)$/;

/**
 * A time as tills write ISO 8601 besides RFC 3339's own form, in that form: a space or a lower-case t for the T, no
 * seconds, a lower-case z, an offset without its colon or its minutes ("2026-03-14 15:30+0100"). Anything else as it
 * is: a time without an offset is refused, since it could be in any zone.
 */
export function rfc3339(time: string): string {
  const m = ISO_VARIANT.exec(time);
  if (!m) return time;
  const [, date, minute, second, zone] = m as unknown as [string, string, string, string | undefined, string];
  const offset = zone === 'z' || zone === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.length === 3 ? '00' : zone.slice(-2)}`;
  return `${date}T${minute}${second ?? ':00'}${offset}`;
}

const CONTROL_NAMES: Record<string, string> = { '\u0000': 'a NUL', '\t': 'a tab', '\n': 'a line break', '\r': 'a line break' };

/**
 * The warning for a sale id holding a control character (a tab, a line break, a NUL, an escape), which no till shows:
 * likely the till's mistake, but the id is the sale's key, so the sale is taken with the id as sent (never lost for
 * it), and its refund or void finds it by the same id, as one stored before there was this warning. A NUL, which
 * PostgreSQL's text cannot hold, is kept as U+FFFD on both engines, and looked up so (src/db/sql.ts, storable).
 */
function idWarning(body: unknown): FieldIssue | null {
  const id = (body as { id?: unknown } | null)?.id;
  const control = typeof id === 'string' ? /\p{Cc}/u.exec(id.trim()) : null;
  if (!control) return null;
  const c = control[0];
  const what = CONTROL_NAMES[c] ?? `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
  return {
    field: 'id',
    message: `holds ${what}, a control character no till shows: taken as sent, as the sale's key, so its refund or void must name it so too`
      + (c === '\u0000' ? ' (a NUL is kept as U+FFFD, "\uFFFD": the database holds none)' : ''),
  };
}

/**
 * Reads a sale body for a shop in `country`. Wrong optional fields become warnings (left out or shortened); a wrong
 * id, time or status, or a body that is no object, is an error listing every issue, optional ones included.
 */
export function readSale(body: unknown, country: string, now: number): SaleReading {
  const given = (body as { occurredAt?: unknown } | null)?.occurredAt;
  const occurredAt = typeof given === 'string' ? rfc3339(given) : given;
  if (occurredAt !== given) body = { ...(body as Record<string, unknown>), occurredAt };
  const schema = saleSchema(country);
  const first = schema.safeParse(body);
  // (A number is no time here at all, whatever it would be as seconds: the schema says what to send.)
  const future = typeof given === 'number' ? null : clockIssue(first.success ? first.data.occurredAt : occurredAt, now);
  const odd = idWarning(body);
  if (first.success) return future ? { ok: false, issues: [future] } : { ok: true, sale: first.data, warnings: [...(odd ? [odd] : []), ...ahead(first.data.occurredAt, now)] };
  const issues = first.error.issues.map((i) => ({ field: i.path.join('.') || '(body)', message: i.message }));
  if (future) issues.push(future);
  if (future || typeof body !== 'object' || body === null || Array.isArray(body)) return { ok: false, issues };

  // Repair and read again; a shortened value may still be wrong (a phone number cut to 40 characters): then it goes.
  const copy = editableCopy(body as Record<string, unknown>);
  const warnings = new Map<string, FieldIssue>();
  let result: ReturnType<typeof schema.safeParse> = first;
  for (let round = 0; round < 3 && !result.success; round++) {
    const dropItems = new Set<number>();
    for (const issue of result.error.issues) {
      const warning = repair(copy, issue, dropItems);
      if (!warning) return { ok: false, issues };
      warnings.set(warning.field, warning);
    }
    if (dropItems.size > 0 && Array.isArray(copy.items)) copy.items = copy.items.filter((_, i) => !dropItems.has(i));
    result = schema.safeParse(copy);
  }
  return result.success ? { ok: true, sale: result.data, warnings: [...(odd ? [odd] : []), ...warnings.values(), ...ahead(result.data.occurredAt, now)] } : { ok: false, issues };
}

/**
 * The warning for a sale dated more than CLOCK_AHEAD ahead of nextdeal's clock (less than a day: that is refused), in
 * `field` (occurredAt, or the vendor's own name for it). The sale is kept as dated: its check-in is planned from that
 * time, a day late for a till east of UTC that writes its local time with a "Z". The till's developer is told how far
 * ahead, and the likely causes: that, or a clock running fast; and for a vendor's time (`vendor`), the clock of the
 * device the shop rings up on (Loyverse's receipt_date is the tablet's, an offline sale's too) or nextdeal's own.
 */
export function clockAhead(t: number, now: number, field = 'occurredAt', vendor?: string): FieldIssue | null {
  if (!(t - now > CLOCK_AHEAD && t - now <= MAX_CLOCK_SKEW)) return null;
  const minutes = Math.round((t - now) / 60_000);
  const by = minutes < 60 ? `${minutes} minutes` : `${String(Math.round(minutes / 6) / 10)} h`;
  const why = vendor === undefined
    ? 'does the till send its local time as UTC ("Z"), or does its clock run fast?'
    : `is nextdeal's own clock behind (the time sync, NTP, of the server it runs on), or was the sale rung up on a register or tablet whose clock runs fast (${vendor} keeps a sale's time as rung up, offline too)?`;
  return { field, message: `${by} ahead of nextdeal's clock: ${why} Taken as sent: its check-in is planned from that time` };
}
const ahead = (t: number, now: number): FieldIssue[] => {
  const w = clockAhead(t, now);
  return w ? [w] : [];
};

/** No sale is older than this: an earlier time comes from a till whose clock was reset (1970, 2000 before the first second). */
export const EARLIEST_SALE = Date.UTC(2000, 0, 1);

/** A time that makes sense for a sale, from the generic webhook or a vendor's: a whole millisecond since 2000, at most a day ahead. */
export const plausibleTime = (t: number, now: number): boolean => Number.isSafeInteger(t) && t >= EARLIEST_SALE && t <= now + MAX_CLOCK_SKEW;

/** A till with a wrong clock: the sale is dated more than a day ahead, or before 2000. Checked apart from the schema, which knows no clock. */
export function clockIssue(occurredAt: unknown, now: number): FieldIssue | null {
  const t = typeof occurredAt === 'number' ? occurredAt : typeof occurredAt === 'string' ? Date.parse(occurredAt) : NaN;
  if (t > now + MAX_CLOCK_SKEW) return { field: 'occurredAt', message: 'lies more than a day in the future: is the till clock right?' };
  if (t < EARLIEST_SALE) return { field: 'occurredAt', message: 'lies before 2000: was the till clock reset?' };
  return null;
}
