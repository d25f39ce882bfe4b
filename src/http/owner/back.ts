// Where a form of the owner's pages leads back to: the page the owner tapped it on. After the tap is done (routes.ts),
// and when it could not be done because the session had ended (auth.ts): then back there after logging in, to tap again.
import type { Request } from 'express';

/**
 * After a reply's form: back where the owner was (the same list, its filter or period), at the reply. After
 * "Afgehandeld" on the overview the card is gone from the list: the reply's id (never a name) goes along, and the
 * call-back section says whom it handled, with "Terug op de lijst" (overview.ts), and the page opens at that line: it
 * takes the focus (tabindex=-1), so that a screen reader reads it out. (A live region there from the page's load is not
 * announced.) So on the replies page (back=inbox): the line stands where the card was, on the same page of the list
 * (inbox.ts); under Alle or one reading, where the card stays with its own undo, at the card. A tap not done (the session had ended) goes back to the list, where the card waits for it.
 */
function backToReply(req: Request, slug: string, replyId: string, handled: boolean): string {
  const keep = new URLSearchParams();
  for (const k of ['days', 'from', 'to', 'reading', 'before']) {
    const v = req.query[k];
    if (typeof v === 'string' && v) keep.set(k, v);
  }
  if (handled) keep.set('handled', replyId);
  // Under Alle or one reading the handled card stays, with its own undo: back at the card, not at a line that is not there.
  const gone = handled && req.query.reading === 'open';
  if (req.query.back === 'inbox') return `/shops/${slug}/replies${keep.size ? `?${keep}` : ''}${gone ? '#handled' : `#r${replyId}`}`;
  return `/shops/${slug}${keep.size ? `?${keep}` : ''}${handled ? '#handled' : '#call-back'}`;
}

/** The page the form posted to this route (req.route) was on, for the shop `slug`; `done`: the tap was done. */
export function pageOfForm(req: Request, slug: string, done = false): string {
  const route = String((req.route as { path?: unknown } | undefined)?.path ?? '');
  if (route.startsWith('/shops/:slug/replies/:id/')) return backToReply(req, slug, String(req.params.id), done && route.endsWith('/handled'));
  if (route.startsWith('/shops/:slug/messages/')) return `/shops/${slug}/messages?status=uncertain`;
  if (route === '/shops/:slug/holdout') return `/shops/${slug}#experiment`;
  if (route === '/shops/:slug/formal') return `/shops/${slug}#voice`;
  return `/shops/${slug}`;
}
