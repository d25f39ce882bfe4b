// The consent page, for tills that know no customer: the customer leaves their own contact, consent per channel
// (unticked until they tick it) and reason, and gets the check-in like anyone else. /c/<code> belongs to one sale
// (single use, 7 days); /shops/<slug>/join is the shop's own page for the counter, with a printable QR poster.
import { randomBytes } from 'node:crypto';
import express, { type Response, Router } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { Shop } from '../db/shops.js';
import type { Store } from '../db/store.js';
import type { Metrics } from '../metrics.js';
import { normaliseEmail, normalisePhone } from '../domain/contact.js';
import { type Locale, type SaleCustomer, pickLocale } from '../domain/sale.js';
import { words } from '../i18n.js';
import { linkNotFound, page } from './customer-pages.js';
import { clientKey } from './guard.js';
import { type Html, html, raw } from './html.js';

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

/** The customer the form describes, or what is wrong with it, in the customer's language. */
function validate(f: Form, shop: Shop, locale: Locale): { customer: SaleCustomer } | { errors: string[] } {
  const w = words[locale];
  const errors: string[] = [];
  const phone = f.phone ? normalisePhone(f.phone, shop.country) : null;
  const email = f.email ? normaliseEmail(f.email) : null;
  if (!f.phone && !f.email) errors.push(w.needContact);
  if (phone && !phone.ok) errors.push(w.badPhone);
  if (email && !email.ok) errors.push(w.badEmail);
  if (!f.sms && !f.emailOk) errors.push(w.needConsent);
  if (f.sms && !f.phone) errors.push(w.smsNeedsPhone);
  if (f.emailOk && !f.email) errors.push(w.emailNeedsAddress);
  if (errors.length) return { errors };
  return {
    customer: {
      name: null, locale, posCustomerId: null,
      phone: phone?.ok ? phone.value : null,
      email: email?.ok ? email.value : null,
      consent: { sms: f.sms, email: f.emailOk },
    },
  };
}

export function consentPages(store: Store, now: () => number, publicUrl: string, metrics?: Metrics): Router {
  const form = express.urlencoded({ extended: false, limit: '8kb' });
  // Per address, opening and sending alike (a code cannot be found by trying): generous, since customers at one
  // counter may share the shop's Wi-Fi.
  const limit = rateLimit({ windowMs: 15 * 60_000, limit: 60, keyGenerator: (req) => clientKey(req.ip), standardHeaders: 'draft-8', legacyHeaders: false, validate: { keyGeneratorIpFallback: false } });

  function show(res: Response, shop: Shop, o: { askItem: boolean; f?: Form; errors?: string[]; status?: number }) {
    const locale = pickLocale(shop.locale, 'en');
    const w = words[locale];
    const f = o.f ?? emptyForm;
    const errors = o.errors?.length ? html`<div role="alert" style="color:#a33b2b">${o.errors.map((e) => html`<p>${e}</p>`)}</div>` : '';
    const check = (name: string, on: boolean, label: string) =>
      html`<label style="display:flex;gap:.5rem;align-items:flex-start;margin:.6rem 0"><input type="checkbox" name="${name}" value="yes" ${on ? raw('checked') : ''} style="width:1.4rem;height:1.4rem">${label}</label>`;
    const field = (name: string, label: string, value: string, type: string, extra = '') =>
      html`<label for="${name}">${label}</label><input id="${name}" name="${name}" type="${type}" value="${value}" ${raw(extra)} style="width:100%;box-sizing:border-box;font:inherit;padding:.6rem;border:1px solid #bbb;border-radius:.5rem">`;
    const body: Html = html`<p>${w.joinIntro(shop.name)}</p>${errors}<form method="post">
${field('phone', w.phone, f.phone, 'tel', 'autocomplete="tel" inputmode="tel"')}${check('sms', f.sms, w.consentSms(shop.name))}
${field('email', w.email, f.email, 'email', 'autocomplete="email"')}${check('email_ok', f.emailOk, w.consentEmail(shop.name))}
${o.askItem ? field('item', w.whatBought, f.item, 'text', 'maxlength="200"') : ''}
<label for="reason">${w.whyChosen}</label><textarea id="reason" name="reason" maxlength="500">${f.reason}</textarea>
<button>${w.send}</button></form>`;
    res.status(o.status ?? 200).type('html').send(page(locale, w.joinTitle(shop.name), body, shop.name));
  }

  function thanks(res: Response, shop: Shop) {
    const locale = pickLocale(shop.locale, 'en');
    res.type('html').send(page(locale, words[locale].joinedTitle, html`<p>${words[locale].joinedText(shop.name)}</p>`, shop.name));
  }


  /** The link's shop and sale when it still works (not used, not expired). */
  function openLink(code: string) {
    const link = /^[a-z0-9]{6,16}$/.test(code) ? store.tills.consentLinks.open(code, now()) : undefined;
    if (!link || link.saleId === null) return undefined;
    const items = store.db.prepare<[number], string>('SELECT items FROM sales WHERE id = ?').pluck().get(link.saleId) ?? '[]';
    return { ...link, saleId: link.saleId, shop: store.shops.byId(link.shopId)!, askItem: items === '[]' };
  }

  const router = Router();
  router.get('/c/:code', limit, (req, res) => {
    const link = openLink(String(req.params.code));
    if (!link) return linkNotFound(req, res);
    show(res, link.shop, { askItem: link.askItem });
  });

  router.post('/c/:code', limit, form, (req, res) => {
    const link = openLink(String(req.params.code));
    if (!link) return linkNotFound(req, res);
    const f = readForm(req.body);
    const v = validate(f, link.shop, pickLocale(link.shop.locale, 'en'));
    if ('errors' in v) return show(res, link.shop, { askItem: link.askItem, f, errors: v.errors, status: 400 });
    const at = now();
    const done = store.db.transaction(() => {
      if (!store.tills.consentLinks.use(link.code, at)) return false; // used meanwhile
      if (f.item && link.askItem) store.db.prepare('UPDATE sales SET items = ? WHERE id = ?').run(JSON.stringify([{ name: f.item, sku: null, quantity: 1, unitPrice: null }]), link.saleId);
      store.sales.attach(link.shop, link.saleId, v.customer, at, { consentSource: 'customer_page', reason: f.reason || null });
      return true;
    }).immediate();
    if (!done) return linkNotFound(req, res);
    thanks(res, link.shop);
  });

  const shopOf = (slug: string) => store.shops.bySlug(slug);

  router.get('/shops/:slug/join', (req, res) => {
    const shop = shopOf(req.params.slug);
    if (!shop) return linkNotFound(req, res);
    show(res, shop, { askItem: true });
  });

  router.post('/shops/:slug/join', limit, form, (req, res) => {
    const shop = shopOf(String(req.params.slug));
    if (!shop) return linkNotFound(req, res);
    const f = readForm(req.body);
    const v = validate(f, shop, pickLocale(shop.locale, 'en'));
    if ('errors' in v) return show(res, shop, { askItem: true, f, errors: v.errors, status: 400 });
    const at = now();
    const sale = {
      tillSaleId: `join:${randomBytes(9).toString('base64url')}`, status: 'completed' as const, occurredAt: at, customer: v.customer,
      reason: f.reason || null, items: f.item ? [{ name: f.item, sku: null, quantity: 1, unitPrice: null }] : [], total: null, currency: null, staff: null,
    };
    store.sales.record(shop, sale, at, { consentSource: 'customer_page' });
    metrics?.salesReceived.inc({ source: 'join_page' });
    thanks(res, shop);
  });

  router.get('/shops/:slug/join/poster', async (req, res) => {
    const shop = shopOf(req.params.slug);
    if (!shop) return linkNotFound(req, res);
    const locale = pickLocale(shop.locale, 'en');
    const url = `${publicUrl}/shops/${shop.slug}/join`;
    const body = html`<div style="text-align:center">${raw((await qrSvg(url)).replace('<svg', '<svg width="320" height="320"'))}
<p style="font-size:1.4rem">${words[locale].posterText(shop.name)}</p><p style="color:#555">${url}</p></div>`;
    res.type('html').send(page(locale, words[locale].joinTitle(shop.name), body, shop.name));
  });

  return router;
}
