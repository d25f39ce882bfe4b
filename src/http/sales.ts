// POST /v1/shops/:slug/sales: the generic sale webhook; and its refund, whose body names the sale it refunds.
import { isUtf8 } from 'node:buffer';
import { Router } from 'express';
import { z } from 'zod';
import type { RefundGiven } from '../db/sales.js';
import type { Store } from '../db/store.js';
import { canReceiveSms, isMachine } from '../domain/contact.js';
import { type NotTheirs, shopsOwn, withoutPlaceholders } from '../domain/placeholder-contact.js';
import { holdsLink } from '../domain/reason.js';
import { type Sale, type SaleCustomer, saleKey } from '../domain/sale.js';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics.js';
import { withoutBom } from '../vendors/common.js';
import { answerJson } from './answer.js';
import { type FieldIssue, HttpError, fieldIssues, invalid } from './errors.js';
import { amount, amountText, clockAhead, readSale, saleNamed, textOrWholeNumber, tillIdField } from './sale-schema.js';
import { rawJson, tillAuth, tillCredential, tillShop } from './till-auth.js';

/**
 * Windows-1252's own characters at 0x80-0x9F (the rest is Latin-1's); the five it leaves undefined as U+FFFD. Node 20's
 * TextDecoder('windows-1252') reads these as Latin-1's control characters (nodejs/node#56542), so they are mapped here.
 */
const CP1252_80_9F = '\u20ac\ufffd\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\ufffd\u017d\ufffd'
  + '\ufffd\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\ufffd\u017e\u0178';
const fromWindows1252 = (body: Buffer): string => body.toString('latin1').replace(/[\u0080-\u009f]/g, (c) => CP1252_80_9F[c.charCodeAt(0) - 0x80]!);

/**
 * Whether a body that is not all UTF-8 is UTF-8 all the same: a byte order mark, or at least as many letters written
 * whole in UTF-8 (a lead byte and all its continuation bytes) as broken ones (a lead byte cut short, with what it has
 * of its continuation, or a byte no letter starts with). Windows-1252 writes an accented letter as one byte, which may
 * be followed by a byte UTF-8 continues with ("é’", "ë" and a no-break space), seldom by as many as one of its letters
 * needs, and hardly ever so as often as not.
 */
function partlyUtf8(body: Buffer): boolean {
  if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) return true;
  let whole = 0;
  let stray = 0;
  for (let i = 0; i < body.length; i++) {
    const b = body[i]!;
    if (b < 0x80) continue;
    const more = b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : 0;
    let n = 0;
    while (n < more && i + 1 + n < body.length && (body[i + 1 + n]! & 0xc0) === 0x80) n++;
    if (more > 0 && n === more) whole++;
    else stray++;
    i += n;
  }
  return whole > 0 && whole >= stray;
}

/** What a body that is not UTF-8 throughout was read as, said in the answer's warnings (field `body`). */
const READ_AS = {
  cp1252: 'not UTF-8: read as Windows-1252; send the body in UTF-8',
  mixed: 'not UTF-8 throughout: what was not is replaced by "\ufffd"; send the body in UTF-8',
  'utf-16le': 'not UTF-8: read as UTF-16 (what Windows PowerShell 5.1 writes); send the body in UTF-8',
  'utf-16be': 'not UTF-8: read as UTF-16 (big-endian); send the body in UTF-8',
} as const;

/**
 * A body in UTF-16 (Windows PowerShell 5.1's Out-File and Set-Content write it, with a byte order mark), told apart with
 * certainty as RFC 4627 does: a JSON text begins with a character of ASCII, which UTF-16 writes with a zero byte beside
 * it, and no JSON text in UTF-8 or Windows-1252 holds a zero byte; or a UTF-16 byte order mark, which no JSON text in
 * another encoding begins with. Null for any other body.
 */
function utf16(body: Buffer): 'utf-16le' | 'utf-16be' | null {
  if (body.length < 2) return null;
  const [a, b] = [body[0]!, body[1]!];
  if ((a === 0xff && b === 0xfe) || (a !== 0 && b === 0)) return 'utf-16le';
  if ((a === 0xfe && b === 0xff) || (a === 0 && b !== 0)) return 'utf-16be';
  return null;
}

/**
 * The body as JSON (a leading byte order mark ignored), or a 400. JSON is UTF-8. A body in UTF-16 (see utf16) is read as
 * UTF-16. Bytes that are not UTF-8, with no UTF-8 among them (an older Windows till writes Windows-1252: "Zo\xeb" for
 * "Zoë"), are read as Windows-1252 rather than stored with "\ufffd" for every accent or refused; a body of UTF-8 with a
 * stray byte (a field cut in the middle of a letter) stays UTF-8, that byte replaced. Either way the sale is kept, and
 * `misread` says which, for the answer to warn. The signature was checked over the bytes as sent.
 */
export function parseJson(body: Buffer): { json: unknown; misread: keyof typeof READ_AS | null } {
  const wide = utf16(body);
  const misread = wide ?? (isUtf8(body) ? null : partlyUtf8(body) ? 'mixed' : 'cp1252');
  const text = wide ? new TextDecoder(wide).decode(body) : misread === 'cp1252' ? fromWindows1252(body) : body.toString('utf8');
  try {
    return { json: JSON.parse(withoutBom(text)), misread };
  } catch {
    throw new HttpError(400, 'invalid_json', wide ? 'the body is not valid JSON (read as UTF-16: send it in UTF-8)' : 'the body is not valid JSON');
  }
}

/** What the answer says of a reason with a web address in it, which no message quotes (see holdsLink). */
const REASON_LINK = 'holds a web address: kept for the owner\'s figures, but no message quotes it (a link in a text in the shop\'s name reads as phishing)';

const LANGUAGES = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' });

/**
 * Values a till most likely got wrong, taken as sent (neither can lose the sale, nor harm a customer) but warned of,
 * naming the field: an item with a negative quantity (a return written as a line of the sale, or a typo: a return is
 * its own refund), and a customer's language that is none ("xx"), for which their messages are in the shop's.
 */
function oddValues(body: unknown, sale: Sale, shopLocale: string): FieldIssue[] {
  const odd: FieldIssue[] = [];
  // Indexed as the till sent them: an item left out as wrong has its own warning, and moves none of the others.
  const sent = (body as { items?: unknown }).items;
  const items = Array.isArray(sent) ? sent : [];
  for (const [n, item] of items.entries()) {
    if (odd.length >= 10) break;
    const q = (item as { quantity?: unknown } | null)?.quantity;
    const quantity = typeof q === 'number' ? q : typeof q === 'string' ? amountText(q.trim()) : undefined;
    if (quantity !== undefined && quantity < 0 && sale.items.some((i) => i.quantity === quantity)) {
      odd.push({ field: `items.${n}.quantity`, message: `negative (${quantity}): kept as sent, but a return is no line of a sale: refund it (POST …/sales/<id>/refund with "amount")` });
    }
  }
  const locale = sale.customer?.locale ?? null;
  const language = locale?.split(/[-_]/)[0];
  if (locale !== null && language !== undefined && LANGUAGES.of(language) === undefined) {
    odd.push({ field: 'customer.locale', message: `${JSON.stringify(locale.slice(0, 40))} is no language: kept, and the customer's messages are written in the shop's (${shopLocale})` });
  }
  return odd;
}

const NOT_MOBILE = 'not a mobile number: a landline, pager or service number (0800, 0900) cannot take a text message, so none goes to it; '
  + 'kept on the customer: put their mobile number in the till';

/** What the answer says of a machine's SIM (NL 097, see isMachine) given as the customer's number, as of a landline. */
const MACHINE_SIM = "a machine's SIM (a Dutch 097 number: a meter, an alarm, a car), which no one reads: kept on the customer, but no text goes to it; "
  + 'put their mobile number in the till';

/**
 * What the answer says of a phone number or e-mail address left out as not the customer's (see withoutPlaceholders):
 * the till should send none where the customer gave none. The value is not repeated (the shop's own address is one).
 */
const NOT_THEIRS: { [K in NotTheirs as `${K['field']}:${K['why']}`]: string } = {
  'phone:placeholder': 'what a till writes for no number (06 and one digit repeated, 0611111111), not the customer\'s: left out; send no phone when the customer gives none',
  'email:placeholder': 'what a till writes for no address (geen@geen.nl, noemail@example.com, an address at a .test or .invalid domain), not the customer\'s: left out; send no email when the customer gives none',
  'email:shop': 'the shop\'s own address, not the customer\'s: left out; send no email when the customer gives none',
};

/** Whether a sale's customer can be sent a message at all: an e-mail address, or a number that takes texts. */
const reachable = (c: SaleCustomer | null): boolean => c !== null && (c.email !== null || (c.phone !== null && canReceiveSms(c.phone)));

const REFUND_FIELDS = ['id', 'tillId', 'status', 'amount', 'refundId'];
/**
 * An id the refund body may need (the sale's with a signature, the refund's with an amount): null counts as absent, as
 * in a sale body, so that a till sending `"refundId": null` is told it is required, not that it is the wrong kind.
 */
const givenId = (what: string) =>
  z.union([z.string().trim().min(1, 'required').max(200, 'at most 200 characters'), z.number().int().transform(String)],
    { error: textOrWholeNumber(what, `expected ${what}, a string or a number`) }).nullish().transform((v) => v ?? undefined);
const refundBody = z.object({
  id: givenId('the sale id'),
  tillId: tillIdField,
  status: z.enum(['refunded', 'voided'], 'expected refunded or voided').default('refunded'),
  amount: amount.pipe(z.number().positive('expected more than 0: what was refunded, as the sale\'s total')).optional(),
  refundId: givenId('the till\'s id of this refund'),
});
/** What the answer says of a field a refund body does not hold (readRefund): the refund is taken without it. */
const NOT_READ = 'not a refund field: not read, the refund taken without it (a refund body is read for "id", "tillId", "status", "amount" and "refundId")';
const SALE_TIME = 'a sale\'s time, which a refund body does not hold: a signed sale body must never pass as its refund; leave it out (the refund\'s own time is not read)';
const quoted = (s: string) => JSON.stringify(s.length > 80 ? `${s.slice(0, 80)}…` : s);

/**
 * A refund body: `{"id": <the sale id>, "status": "refunded" | "voided"}`, with `"tillId"` for a sale that came with
 * one (the till's sale id is then that till's), for a refund of part of the sale with `"amount"` and `"refundId"`. Any
 * other field is not read, and the answer's `warnings` name it: a till that sends `refundedAt` or `currency` with its
 * refund, and does not send a refused one again, would otherwise lose the refund, and the customer who brought the coat
 * back would be asked how they like it. The id must be the one in the path, and with a signature it is required, and a
 * sale's time (`occurredAt`, which every sale body holds) refused: so a signed sale body or a refund signed for another
 * sale can never be replayed as this refund. With the API key, which binds no body, the id may be left out. An amount
 * needs the till's id of the refund, so that a refund sent again (a retry after a lost answer) is counted once.
 */
export function readRefund(body: unknown, saleId: string, signed: boolean):
  { ok: true; refund: RefundGiven; tillId: string | null; warnings: FieldIssue[] } | { ok: false; issues: FieldIssue[] } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, issues: [{ field: '(body)', message: 'expected a JSON object: {"id": "<the sale id>", "status": "refunded" or "voided"}' }] };
  }
  const others = Object.keys(body).filter((k) => !REFUND_FIELDS.includes(k));
  const issues: FieldIssue[] = signed && others.includes('occurredAt') ? [{ field: 'occurredAt', message: SALE_TIME }] : [];
  const warnings: FieldIssue[] = others.filter((k) => !(signed && k === 'occurredAt')).slice(0, 20).map((k) => ({ field: k.slice(0, 80), message: NOT_READ }));
  const parsed = refundBody.safeParse(body);
  if (!parsed.success) return { ok: false, issues: [...issues, ...fieldIssues(parsed.error)] };
  const { id, tillId, status, amount, refundId } = parsed.data;
  if (id === undefined && signed) {
    issues.push({ field: 'id', message: `required with a signature: the id of the sale refunded, ${quoted(saleId)} as in the path` });
  } else if (id !== undefined && id !== saleId) {
    issues.push({ field: 'id', message: `${quoted(id)} is not the sale in the path (${quoted(saleId)})` });
  }
  if (amount !== undefined && status === 'voided') issues.push({ field: 'amount', message: 'a void is of the whole sale: leave amount out' });
  else if (amount !== undefined && refundId === undefined) {
    issues.push({ field: 'refundId', message: 'required with amount: the till\'s id of this refund, so that one sent again counts once' });
  }
  if (issues.length > 0) return { ok: false, issues };
  return {
    ok: true, tillId, warnings,
    refund: { status, ...(amount !== undefined && refundId !== undefined && { part: { id: refundId, amount, currency: null } }) },
  };
}

/**
 * The 409's message: what became of the sale posted again, and how to correct what it does not take (README, "A sale
 * posted again").
 */
function conflictMessage(slug: string, { id, tillId }: { id: string; tillId: string | null }, withdrawn: boolean): string {
  const sale = tillId === null ? `sale id ${quoted(id)}` : `sale id ${quoted(id)} of tillId ${quoted(tillId)}`;
  const refund = `POST /v1/shops/${slug}/sales/${encodeURIComponent(id)}/refund with ${tillId === null ? '' : `"tillId": ${JSON.stringify(tillId)} and `}"status": "voided"`;
  return `${sale} was posted before with other content: the sale stays as it was stored, and ${withdrawn ? 'only the consent withdrawn was taken (consentWithdrawn)' : 'nothing was changed'}. `
    + 'A sale posted again takes only a consent withdrawn ("false"); posted again with nothing else changed but its customer\'s number or address, '
    + 'it also sends nothing more to the one first posted. '
    + `To correct what was sold, void the sale (${refund}) and post it corrected under a new id; a customer's new details and consent come with `
    + 'their next sale, or the shop\'s owner records a consent (nextdeal customer consent). '
    + (tillId === null
      ? 'If this is another sale of a till that numbers its sales separately, send tillId (the till\'s name or number) with each sale'
      : 'A new sale of that till needs a new id');
}

/**
 * A sale dated ahead of nextdeal's clock (clockAhead), kept: logged for whoever runs nextdeal, by shop and how far
 * ahead, never the sale or its customer; once, as it is stored (not for a delivery again, nor the sale posted again).
 */
export function logAhead(log: Logger | undefined, shop: string, source: string, ms: number): void {
  log?.warn({ shop, source, aheadMinutes: Math.round(ms / 60_000) }, "a sale dated ahead of nextdeal's clock was kept as dated: does the till send its local time as UTC, or does its clock run fast? Or is this server's clock behind?");
}

/** `emailFrom`: EMAIL_FROM, an address of the shop's own (as are its own sender and alert addresses), never a customer's. */
export function salesRoutes(store: Store, now: () => number, publicUrl: string, metrics?: Metrics, emailFrom?: string, log?: Logger): Router {
  const auth = tillAuth(store, now, publicUrl);
  return Router()
    .post('/v1/shops/:slug/sales', ...rawJson, auth, async (req, res) => {
      const shop = tillShop(res);
      const at = now();
      const { json: body, misread } = parseJson(req.body);
      const read = readSale(body, shop.country, at);
      if (!read.ok) throw invalid(read.issues);
      let { sale } = read;
      const { warnings } = read;
      if (misread) warnings.unshift({ field: 'body', message: READ_AS[misread] });
      if (sale.reason !== null && holdsLink(sale.reason)) warnings.push({ field: 'reason', message: REASON_LINK });
      warnings.push(...oddValues(body, sale, shop.locale));
      // A return written as a receipt of its own (a negative total, nothing bought in it): no purchase, and nobody is
      // asked about what they brought back, as the vendor adapters do. A refund of a known sale is its own request
      // (below). A negative total beside items bought is the till's mistake in that one field: the sale is kept
      // without it.
      if (sale.status === 'completed' && sale.total !== null && sale.total < 0) {
        if (!sale.items.some((i) => i.quantity > 0)) {
          return answerJson(res, 200, { ignored: 'a return (a negative total): not a purchase, nothing stored; to refund a sale, post its refund' });
        }
        sale = { ...sale, total: null };
        warnings.push({ field: 'total', message: 'negative, beside items bought: left out' });
      }

      // A till's placeholder in the phone or e-mail field ("0611111111", "geen@geen.nl"), or the shop's own address, is
      // nobody's or the shop's: left out as a wrong field is, so that no stranger (nor the shop) is sent the customer's
      // messages, and walk-ins given the same one do not become one customer. The owner's page counts it (below).
      const posted = sale;
      if (sale.customer) {
        const { customer, left } = withoutPlaceholders(sale.customer, shopsOwn(shop, emailFrom));
        for (const n of left) warnings.push({ field: `customer.${n.field}`, message: NOT_THEIRS[`${n.field}:${n.why}` as keyof typeof NOT_THEIRS] });
        sale = { ...sale, customer };
      }
      // A number that takes no texts (a landline in the till's mobile field, a pager, 0800, a machine's SIM), given with
      // a yes to texts: the customer stays known by it, and the owner may call it, but no SMS goes to it. The till is
      // told, and the owner's page counts it, as for a number that cannot be right (the same reading: no SQL more).
      const phone = sale.customer?.phone ?? null;
      if (phone !== null && sale.customer!.consent.sms === true && !canReceiveSms(phone)) {
        warnings.push({ field: 'customer.phone', message: isMachine(phone) ? MACHINE_SIM : NOT_MOBILE });
      }
      const contactIssue = warnings.filter((w) => w.field === 'customer.phone' || w.field === 'customer.email').map((w) => w.field);
      const result = await store.sales.record(shop, sale, at, { warnings, earlyRefunds: true, posted, ...(contactIssue.length > 0 && { contactIssue: contactIssue.join(',') }) });
      if (result.outcome === 'conflict') {
        // Another sale under the id (tills that number their sales each on their own both have a sale 1003: the second
        // is lost unless its till is named), or the sale corrected in more than posting it again takes.
        const { consentWithdrawn, cancelled } = result;
        const message = conflictMessage(shop.slug, saleNamed(body), consentWithdrawn !== undefined);
        if (!consentWithdrawn) throw new HttpError(409, 'conflict', message);
        return answerJson(res, 409, { error: 'conflict', message, consentWithdrawn, cancelled });
      }
      // The same sale with a consent withdrawn or its customer's contact put right: what was taken of it.
      if (result.outcome === 'posted_again') return answerJson(res, 200, result.response);
      // A sale the customer cannot be reached for (no e-mail address, no number that takes texts) gets a link they can
      // open to leave their own details.
      const status = result.outcome === 'created' ? 201 : 200;
      if (result.outcome === 'created') metrics?.salesReceived.inc({ source: 'webhook' });
      if (result.outcome === 'created' && clockAhead(sale.occurredAt, at)) logAhead(log, shop.slug, 'webhook', sale.occurredAt - at);
      // (None for a sale refunded, in whole or in part, before it came: it schedules nothing to leave details for.)
      const refundedFirst = 'skipped' in result.response && result.response.skipped.some((s) => s.reason === 'refunded' || s.reason === 'voided');
      // (Nor does a number nextdeal texts from reach them: shops.textsFrom.)
      const ownNumber = 'ownNumber' in result && result.ownNumber === true && !sale.customer?.email;
      if ('saleId' in result.response && sale.status === 'completed' && !refundedFirst && (!reachable(sale.customer) || ownNumber)) {
        const code = await store.tills.consentLinks.create(shop.id, result.response.saleId, at);
        return answerJson(res, status, { ...result.response, consentUrl: `${publicUrl}/c/${code}` });
      }
      answerJson(res, status, result.response);
    })
    .post('/v1/shops/:slug/sales/:id/refund', ...rawJson, auth, async (req, res) => {
      // As the sale's id was read: without the white space at its ends ("1003\r\n" from a line-based export is "1003").
      const saleId = String(req.params.id).trim();
      if (saleId === '') throw invalid([{ field: 'id', message: 'required: the sale id in the path is blank' }]);
      const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const read = readRefund(raw.length > 0 ? parseJson(raw).json : {}, saleId, tillCredential(res) === 'signature');
      if (!read.ok) throw invalid(read.issues);
      // Before its sale (tills post out of order, and do not send a refused one again): kept for it, and the sale, when
      // it comes, is stored refunded (or, refunded in part, for what was kept) with nothing scheduled.
      const { tillId } = read;
      const withWarnings = read.warnings.length > 0 ? { warnings: read.warnings } : {};
      const refunded = await store.sales.refund(tillShop(res), saleKey(saleId, tillId), read.refund, now(), { keep: true });
      if (refunded === 'kept' || refunded === undefined) {
        return answerJson(res, 202, { refunded: saleId, ...(tillId !== null && { tillId }), cancelled: 0, saleNotYetReceived: true, ...withWarnings });
      }
      // A refund's id names one refund: the same id again with another amount is a mistake, as a sale's id is (409).
      if (refunded.conflict) {
        const was = refunded.conflict.amount === null ? refunded.conflict.status : `amount ${refunded.conflict.amount}`;
        throw new HttpError(409, 'conflict', `refundId ${quoted(read.refund.part!.id)} was posted before with ${was}: nothing was changed; a new refund needs a new refundId`);
      }
      answerJson(res, 200, { ...refunded, ...withWarnings });
    });
}
