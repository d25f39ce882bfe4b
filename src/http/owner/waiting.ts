// A sheet to print for the counter: the QR code of each recent sale that came without a customer, so the customer can
// leave their own contact details. Kept off the overview, which is for the owner's questions.
import { type Html, html, raw } from '../html.js';
import { type Ctx, at, itemNames } from './format.js';
import { layout, ownerHeader } from './layout.js';

export interface WaitingSale {
  url: string;
  /** The QR code as SVG, drawn by the server. */
  qr: string;
  items: string;
  /** The sale's total, as the till sent it (boughtItems weighs its lines by it). */
  total: number | null;
  createdAt: number;
}

/** `count`: every sale waiting; the sheet shows the newest few (`sales`), and says so when there are more. */
export function waitingSheet(c: Ctx, sales: WaitingSale[], count: number, joinUrl: string): string {
  const { w, shop } = c;
  const codes = sales.map(
    (l) => html`<figure><div role="img" aria-label="${w.qrTo(l.url)}">${raw(l.qr)}</div><figcaption><small>${at(c, l.createdAt)}<br>${itemNames(l.items, l.total) || '–'}<br><a class="wrap" href="${l.url}">${l.url.replace(/^https?:\/\//, '')}</a></small></figcaption></figure>`,
  );
  const body: Html = html`<section id="waiting"><h2>${w.waitingTitle}</h2><p class="noprint">${count > sales.length ? `${w.newestOf(sales.length, count)} ` : ''}${w.printHint}</p>
${codes.length ? html`<div class="qr">${codes}</div>` : html`<p>${w.waitingNone}</p>`}
<p class="note">${w.waitingNote} <a class="noprint" href="${joinUrl}/poster">${w.poster}</a></p></section>`;
  return layout(c.locale, `${w.waitingTitle} · ${shop.name}`, body, ownerHeader({ locale: c.locale, slug: shop.slug, name: shop.name, csrf: c.csrf }));
}
