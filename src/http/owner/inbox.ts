// Every reply customers sent, newest first, with its reading; filtered by reading; each can be corrected. The call-back
// list ("Terugbellen") in the overview's order: problems, then questions, then the rest.
import { type ReplyAfter, type ReplyFilter, type ReplyRow, replyFilters } from '../../db/figures.js';
import { type Html, html } from '../html.js';
import type { Ctx } from './format.js';
import { layout, ownerHeader } from './layout.js';
import { type HandledReply, justHandled, replyCard } from './sections/reply.js';

export interface InboxData {
  filter: ReplyFilter;
  rows: ReplyRow[];
  /** The page after this one starts after this reply; undefined on the last page. */
  next: ReplyAfter | undefined;
  /** The `before` of this page, kept so that a form sends the owner back to the same page. */
  before: string;
  /** The reply just marked handled here, still handled: said where its card was, with "Terug op de lijst". */
  handled?: HandledReply | undefined;
}

/**
 * Where the reply just handled stood among this page's cards: before the first that comes after it in the list's order
 * (the call-back list's rank first, then newest first). Undefined when its card is still shown (a list that holds
 * handled replies: Alle, a reading), which says it is handled and offers "Terug op de lijst" itself.
 */
function handledAt(d: InboxData): number | undefined {
  const h = d.handled;
  if (!h || d.rows.some((r) => r.id === h.id)) return undefined;
  const after = (r: ReplyRow) =>
    (d.filter === 'open' && (r.rank ?? 2) !== h.rank ? (r.rank ?? 2) > h.rank : r.receivedAt < h.at || (r.receivedAt === h.at && r.id < h.id));
  const i = d.rows.findIndex(after);
  return i === -1 ? d.rows.length : i;
}

/** A page's `before` in its link: the rank first on the call-back list ("2.<time>.<id>"). */
export const cursor = (a: ReplyAfter): string => `${a.rank === undefined ? '' : `${a.rank}.`}${a.at}.${a.id}`;

export function inbox(c: Ctx, d: InboxData): string {
  const { w, shop } = c;
  const base = `/shops/${shop.slug}/replies`;
  const start = (f: ReplyFilter) => `${base}${f === 'all' ? '' : `?reading=${f}`}`;
  const chips = replyFilters.map(
    (f) => html`<li><a href="${start(f)}" ${d.filter === f ? html`aria-current="page"` : ''}>${w.inboxFilters[f]}</a></li>`,
  );
  const back = new URLSearchParams({ back: 'inbox', ...(d.filter !== 'all' && { reading: d.filter }), ...(d.before && { before: d.before }) }).toString();
  // Just after "Afgehandeld" here: whom, with the undo, where the card was (not only on the overview: the review at scale).
  const cards: Html[] = d.rows.map((r) => replyCard(c, r, back));
  const place = handledAt(d);
  if (place !== undefined) cards.splice(place, 0, justHandled(c, d.handled, back) as Html);
  const more = d.next && new URLSearchParams({ ...(d.filter !== 'all' && { reading: d.filter }), before: cursor(d.next) }).toString();
  const body: Html = html`<section id="inbox"><h2>${w.inboxTitle}</h2><ul class="chips" aria-label="${w.status}">${chips}</ul>
${d.before ? html`<p><a class="button quiet" href="${start(d.filter)}">${w.inboxFromStart}</a></p>` : ''}
${cards.length ? cards : html`<p>${w.inboxNone}</p>`}
${more ? html`<p><a class="button quiet" href="${base}?${more}#inbox">${w.more}</a></p>` : ''}
<p class="note">${d.filter === 'open' ? w.inboxOpenNote : w.inboxNote} <a href="/shops/${shop.slug}/replies.csv?days=365">${w.download}</a></p></section>`;
  return layout(c.locale, `${w.inboxTitle} · ${shop.name}`, body, ownerHeader({ locale: c.locale, slug: shop.slug, name: shop.name, csrf: c.csrf, tab: 'inbox' }));
}
