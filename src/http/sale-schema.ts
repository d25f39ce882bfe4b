// The generic sale webhook body. Unknown fields are ignored; null counts as absent, as many tills send it.
import { z } from 'zod';
import { normaliseEmail, normalisePhone } from '../domain/contact.js';
import { MAX_CLOCK_SKEW, type Sale } from '../domain/sale.js';

const text = (max: number) => z.string().trim().max(max, `at most ${max} characters`);
const maybe = <T extends z.ZodType>(t: T) => t.nullish().transform((v) => (v === '' ? null : (v ?? null)));
/** A number, or a number written as a string ("12.50"), as tills do. */
const amount = z.union([z.number(), z.string().trim().regex(/^-?\d+(\.\d+)?$/, 'expected a number').transform(Number)]).pipe(z.number().finite());

function contact(kind: 'phone' | 'email', country: string) {
  return maybe(text(kind === 'phone' ? 40 : 254)).transform((raw, ctx) => {
    if (raw === null) return null;
    const r = kind === 'phone' ? normalisePhone(raw, country) : normaliseEmail(raw);
    if (r.ok) return r.value;
    ctx.addIssue({ code: 'custom', message: r.message });
    return z.NEVER;
  });
}

function build(country: string) {
  const customer = z.object({
    name: maybe(text(200)),
    phone: contact('phone', country),
    email: contact('email', country),
    locale: maybe(z.string().trim().regex(/^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$/, 'expected a language tag such as nl or en-GB')),
    posCustomerId: maybe(z.union([text(200), z.number().int().transform(String)])),
    consent: z
      .object({ sms: z.boolean().optional(), email: z.boolean().optional() })
      .nullish()
      .transform((c) => ({ ...(c?.sms !== undefined && { sms: c.sms }), ...(c?.email !== undefined && { email: c.email }) })),
  });
  const item = z.object({
    name: text(200).min(1, 'required'),
    sku: maybe(text(100)),
    quantity: amount.default(1),
    unitPrice: maybe(amount),
  });
  return z
    .object({
      id: z.union([text(200).min(1, 'required'), z.number().int().nonnegative().transform(String)]),
      occurredAt: z.iso
        .datetime({ offset: true, message: 'expected an ISO 8601 time with an offset, e.g. 2026-03-14T15:04:05+01:00' })
        .transform((s) => Date.parse(s)),
      customer: customer.nullish().transform((c) => c ?? null),
      reason: maybe(text(500)),
      items: z.array(item).max(200, 'at most 200 items').nullish().transform((i) => i ?? []),
      total: maybe(amount),
      currency: maybe(z.string().trim().regex(/^[A-Za-z]{3}$/, 'expected a three-letter currency code').transform((c) => c.toUpperCase())),
      staff: maybe(text(200)),
      status: z.enum(['completed', 'refunded', 'voided'], 'expected completed, refunded or voided').nullish().transform((s) => s ?? 'completed'),
    })
    .transform(
      (b): Sale => ({
        tillSaleId: b.id,
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

const cache = new Map<string, ReturnType<typeof build>>();

/** The schema for a shop in `country` (local phone numbers are read as that country's). */
export function saleSchema(country: string) {
  let schema = cache.get(country);
  if (!schema) cache.set(country, (schema = build(country)));
  return schema;
}

/** A till with a wrong clock: the sale is dated more than a day ahead. Checked apart from the schema, which knows no clock. */
export function futureIssue(occurredAt: unknown, now: number): { field: string; message: string } | null {
  const t = typeof occurredAt === 'number' ? occurredAt : typeof occurredAt === 'string' ? Date.parse(occurredAt) : NaN;
  return t > now + MAX_CLOCK_SKEW ? { field: 'occurredAt', message: 'lies more than a day in the future: is the till clock right?' } : null;
}
