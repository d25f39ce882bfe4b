// The owner's pages: the overview (/shops/:slug), every reply (/replies), the message log (/messages), the sheet of QR
// codes for the counter (/waiting); marking a reply handled and correcting its reading. The CSV exports are in exports.ts.
import { type Request, Router } from 'express';
import { LOOKED_UP_WITHIN_MS, SPAM_SEVERAL } from '../../db/messages.js';
import { type ReplyFilter, replyFilters } from '../../db/figures.js';
import { type Reading, readings } from '../../db/replies.js';
import { holdoutShares } from '../../domain/holdout.js';
import type { Store } from '../../db/store.js';
import { qrSvg } from '../consent-page.js';
import { HttpError } from '../errors.js';
import { ownerAuth, owner } from './auth.js';
import { pageOfForm } from './back.js';
import { exportRoutes } from './exports.js';
import { type LookUp, inDoubt } from './in-doubt.js';
import { cursor, inbox } from './inbox.js';
import { messageLog } from './log.js';
import { overview } from './overview.js';
import { cohortOf, scoper } from './scope.js';
import { waitingSheet } from './waiting.js';

const PAGE = 25;
/**
 * How far "Meer" goes on the message log: 500 messages on one page. Page 1000 was 25,000 cards and 12 MB, built in
 * 1.6 s on the server's one thread, and every shop's sales waited meanwhile; for all of them there is messages.csv.
 */
export const MAX_PAGES = 20;
/** Replies on the overview's call-back list; the rest are one tap away on the replies page. */
const CALL_BACK = 10;

/** The reply or message in the path: an id, else there is no such one (`what`). */
function idIn(req: Request, what: string): number {
  const id = /^\d{1,15}$/.test(String(req.params.id)) ? Number(req.params.id) : null;
  if (id === null) throw new HttpError(404, 'not_found', `no such ${what}`);
  return id;
}

/**
 * `emailUndelivered`: no SMTP is set up (an alert goes to the outbox on disk), or SMTP_URL is a mail catcher;
 * `smsUndelivered`: no Twilio is set up; `lookUp`: TWILIO_RECONCILE_MINUTES when texts in doubt are looked up in Twilio's
 * records (in-doubt.ts).
 */
export function ownerRoutes(
  store: Store, now: () => number, publicUrl: string, emailUndelivered?: 'outbox' | 'catcher', smsUndelivered?: 'outbox', lookUp?: LookUp,
): Router {
  const auth = ownerAuth(store, now, publicUrl);
  const scope = scoper(now);
  const router = Router();
  router.use(auth.router);

  router.get('/shops/:slug', auth.requireOwner, async (req, res) => {
    const s = scope(req, res);
    const { figures } = store;
    const id = s.shop.id;
    const at = now();
    // Read side by side: on PostgreSQL each on a connection of its own.
    const experiment = await store.experiments.report(s.shop, s.today);
    // Just after "Afgehandeld" (back.ts): whom, while the reply is still handled; after "Terug op de lijst", or once it
    // is on the list again, nothing.
    const handledId = typeof req.query.handled === 'string' && /^\d{1,15}$/.test(req.query.handled) ? Number(req.query.handled) : null;
    const [handled, count, rows, returns, invitations, asked, cohort, checkins, reasons, contactIssues, unreachable, waiting, paused, messagesWait, uncertain, outboxed, anySale, refused, alertsInDoubt, joinClosed, onAccount, spam] = await Promise.all([
      handledId === null ? undefined : store.replies.stillHandled(s.shop, handledId),
      figures.openReplies(id),
      figures.callBack(id, CALL_BACK),
      figures.sameCustomerReturns(id, s.period, s.today),
      figures.invitations(id, s.start, s.end, at),
      figures.asked(id, s.period, s.today),
      cohortOf(store, id, s.period, s.today),
      figures.checkins(id, s.start, s.end),
      figures.reasons(id, s.period, s.today),
      figures.contactIssues(id, s.period),
      figures.unreachableNumbers(id, s.start, s.end),
      store.tills.consentLinks.waitingCount(id, at),
      store.health.paused(at),
      store.chores.messagesWait(),
      figures.uncertainKinds(id, at),
      // Over the period every figure below covers, not a month of it.
      figures.outboxed(id, s.start, s.end),
      figures.anySale(id),
      store.alerts.refusedAt(id, s.shop.alertEmail),
      store.alerts.inDoubt(id),
      store.confirmations.joinClosed(id, at),
      store.messages.waitingOnAccount(id),
      store.messages.spamFiltered(id, at),
    ]);
    res.type('html').send(
      overview(s.ctx, {
        period: s.period,
        today: s.today,
        open: { count, rows },
        handled: handled && handledId !== null ? { id: handledId, ...handled } : undefined,
        returns,
        invitations,
        asked,
        cohort,
        checkins,
        reasons,
        contactIssues: { ...contactIssues, unreachable },
        waiting,
        joinUrl: `${publicUrl}/shops/${s.shop.slug}/join`,
        paused,
        messagesWait: messagesWait > at ? messagesWait : 0,
        geo: onAccount.country,
        trial: onAccount.trial,
        spam: spam >= SPAM_SEVERAL ? spam : 0,
        uncertain: inDoubt(uncertain, lookUp),
        outboxed,
        // What the outbox took earlier, once the channel is set up, is told in the past: nothing to set up any more.
        outboxNow: { sms: smsUndelivered === 'outbox', email: emailUndelivered === 'outbox' },
        // Whose messages reach nobody now (the outbox, a mail catcher): they do not join the hold-out (experiments.ts, joining).
        unreached: { sms: smsUndelivered !== undefined, email: emailUndelivered !== undefined },
        // A catcher keeps the customers' e-mail too: said first. Else no address, else the outbox.
        alerts: emailUndelivered === 'catcher' ? 'catcher' : s.shop.alertEmail === null ? 'no_address' : emailUndelivered ?? 'email',
        refused,
        alertsInDoubt,
        joinClosed,
        anySale,
        experiment,
      }),
    );
  });

  router.get('/shops/:slug/replies', auth.requireOwner, async (req, res) => {
    const s = scope(req, res);
    let filter = (replyFilters as readonly string[]).includes(String(req.query.reading)) ? (req.query.reading as ReplyFilter) : 'all';
    // The reply a page goes on from: its time and id, with its rank first on the call-back list ("2.<time>.<id>").
    let before = typeof req.query.before === 'string' && /^(?:[0-2]\.)?\d{1,15}\.\d{1,15}$/.test(req.query.before) ? req.query.before : '';
    // One reply (an alert's "mark it handled", the log's "waits for you"): the page opens with it, wherever it stands in
    // the list; in every reply's list when this one no longer holds it (handled since, read otherwise).
    if (typeof req.query.reply === 'string' && /^\d{1,15}$/.test(req.query.reply)) {
      const id = Number(req.query.reply);
      let place = await store.figures.replyPlace(s.shop.id, id, filter);
      if (!place && filter !== 'all' && (place = await store.figures.replyPlace(s.shop.id, id, 'all'))) filter = 'all';
      if (place) before = cursor(place);
    }
    const parts = before.split('.').map(Number);
    const [rank, at, id] = parts.length === 3 ? parts : [undefined, ...parts];
    // Just after "Afgehandeld" on this page (back.ts): whom, while the reply is still handled, as on the overview.
    const handledId = typeof req.query.handled === 'string' && /^\d{1,15}$/.test(req.query.handled) ? Number(req.query.handled) : null;
    const [rows, handled] = await Promise.all([
      store.figures.inbox(s.shop.id, { filter, limit: PAGE + 1, before: before ? { rank, at: at!, id: id! } : undefined }),
      handledId === null ? undefined : store.replies.stillHandled(s.shop, handledId),
    ]);
    const last = rows.length > PAGE ? rows[PAGE - 1] : undefined;
    res.type('html').send(inbox(s.ctx, {
      filter, rows: rows.slice(0, PAGE), next: last && { rank: last.rank, at: last.receivedAt, id: last.id }, before,
      handled: handled && handledId !== null ? { id: handledId, ...handled } : undefined,
    }));
  });

  router.get('/shops/:slug/messages', auth.requireOwner, async (req, res) => {
    const s = scope(req, res);
    const { figures } = store;
    const search = typeof req.query.q === 'string' ? req.query.q.trim().slice(0, 100) : '';
    const status = typeof req.query.status === 'string' && /^[a-z]{3,12}$/.test(req.query.status) ? req.query.status : '';
    const page = Math.min(MAX_PAGES, Math.max(1, Number(req.query.page) || 1));
    const planned = status === 'planned' || status === 'scheduled';
    // It opens on what was sent, newest first; what is planned is shown soonest first when asked for. What was cancelled
    // before its time came (a refund, a STOP) is listed as of now, above what was sent (figures.messages), when what was
    // cancelled is asked for or a customer looked up: not as the log opens, whose first page every returning customer's
    // invitation, cancelled ahead of its time, would fill.
    const ahead = status === 'cancelled' || (!status && search !== '');
    const at = now(); // once: a period that ends now must end at the moment `now` says (figures.messages)
    const range = planned ? { start: at, end: Number.MAX_SAFE_INTEGER, status: 'scheduled', soonestFirst: true } : { start: s.start, end: Math.min(s.end, at), status, ...(ahead && { now: at }) };
    const [rows, uncertain, kinds] = await Promise.all([
      figures.messages(s.shop.id, { ...range, search, limit: PAGE * page + 1, offset: 0 }),
      figures.uncertainMessages(s.shop.id, at),
      figures.uncertainKinds(s.shop.id, at),
    ]);
    // Those in doubt on this page beyond the hundred above: whether nextdeal looks each up, as for those.
    const listed = new Set(uncertain.map((m) => m.id));
    const beyond = rows.slice(0, PAGE * page).filter((m) => m.status === 'uncertain' && !listed.has(m.id)).map((m) => m.id);
    const alsoInDoubt = await figures.uncertainById(s.shop.id, at, beyond);
    // A search that finds no message: the customers it names, and why they may have none ("why did I never get one?").
    const found = search && rows.length === 0 ? await figures.searchedCustomers(s.shop.id, search) : [];
    res.type('html').send(
      messageLog(s.ctx, {
        rows: rows.slice(0, PAGE * page), uncertain, inDoubt: kinds.reduce((n, k) => n + k.n, 0), alsoInDoubt, lookUp, search, status: planned ? 'planned' : status, page, more: rows.length > PAGE * page, last: page === MAX_PAGES, found,
      }),
    );
  });

  router.get('/shops/:slug/waiting', auth.requireOwner, async (req, res) => {
    const s = scope(req, res);
    const at = now();
    const [links, count] = await Promise.all([store.tills.consentLinks.waiting(s.shop.id, at), store.tills.consentLinks.waitingCount(s.shop.id, at)]);
    const sales = await Promise.all(
      links.map(async (l) => {
        const url = `${publicUrl}/c/${l.code}`;
        return { url, qr: await qrSvg(url), items: l.items, total: l.total, createdAt: l.createdAt };
      }),
    );
    res.type('html').send(waitingSheet(s.ctx, sales, count, `${publicUrl}/shops/${s.shop.slug}/join`));
  });

  router.post('/shops/:slug/replies/:id/handled', auth.requireOwner, ...auth.requireCsrf, async (req, res) => {
    const { shop } = owner(res);
    const id = idIn(req, 'reply');
    // Handled before (the shop's other phone, an older tab) is done all the same: back to the list, as after a first tap.
    if (!(await store.replies.handle(shop, id, now()))) throw new HttpError(404, 'not_found', 'no such reply');
    res.redirect(303, pageOfForm(req, shop.slug, true));
  });

  // "Handled" taken back: on the list again, holding the invitation again if it has not gone out.
  router.post('/shops/:slug/replies/:id/reopen', auth.requireOwner, ...auth.requireCsrf, async (req, res) => {
    const { shop } = owner(res);
    const id = idIn(req, 'reply');
    if (!(await store.replies.reopen(shop, id))) throw new HttpError(404, 'not_found', 'no such reply handled');
    res.redirect(303, pageOfForm(req, shop.slug));
  });

  // "Send nothing more", for a request to hear no more the reader did not take for one ("Keine SMS mehr", or said on
  // the phone): every message to the customer stops, by SMS and by e-mail, on every row of the shop with their number
  // or address, and what still waited is cancelled, as after a STOP.
  router.post('/shops/:slug/replies/:id/opt-out', auth.requireOwner, ...auth.requireCsrf, async (req, res) => {
    const { shop } = owner(res);
    const id = idIn(req, 'reply');
    const customerId = await store.replies.customerOf(shop, id);
    if (customerId === undefined) throw new HttpError(404, 'not_found', 'no such reply');
    for (const channel of ['sms', 'email'] as const) await store.customers.optOut(customerId, channel, 'owner', now());
    res.redirect(303, pageOfForm(req, shop.slug));
  });

  // "This was a problem": the owner's reading replaces the reader's; the reply moves to the list it now belongs on.
  router.post('/shops/:slug/replies/:id/reading', auth.requireOwner, ...auth.requireCsrf, async (req, res) => {
    const { shop } = owner(res);
    const id = idIn(req, 'reply');
    const reading = String(req.body?.reading ?? '');
    if (!(readings as readonly string[]).includes(reading)) throw new HttpError(400, 'invalid_reading', `reading: one of ${readings.join(', ')}`);
    if (!(await store.replies.correct(shop, id, reading as Reading, now()))) throw new HttpError(404, 'not_found', 'no such reply');
    res.redirect(303, pageOfForm(req, shop.slug));
  });

  // A message in doubt, settled by the owner once they asked the customer: sent again now, or counted as arrived.
  router.post('/shops/:slug/messages/:id/:how', auth.requireOwner, ...auth.requireCsrf, async (req, res) => {
    const { shop } = owner(res);
    const id = idIn(req, 'message in doubt');
    const how = req.params.how === 'resend' || req.params.how === 'arrived' ? req.params.how : null;
    // Not a text the dispatcher looks up in Twilio's records (a page showing it with the buttons: over a hundred in doubt).
    const since = lookUp === undefined ? null : now() - LOOKED_UP_WITHIN_MS;
    if (!how || !(await store.messages.settleInDoubt(shop.id, id, how, now(), since))) {
      // Settled meanwhile (the customer opened a link in the e-mail, the shop's other phone): back to the page, which
      // shows it settled, rather than "Niet gevonden". Nothing is sent twice.
      const was = how && (await store.messages.state(id));
      if (!was || was.shopId !== shop.id || was.status === 'uncertain') {
        throw new HttpError(404, 'not_found', 'no such message in doubt for you to settle: nextdeal may be looking it up at Twilio itself');
      }
    }
    res.redirect(303, pageOfForm(req, shop.slug));
  });

  // The share held out ("Does nextdeal help?"): a change starts a new period.
  router.post('/shops/:slug/holdout', auth.requireOwner, ...auth.requireCsrf, async (req, res) => {
    const { shop } = owner(res);
    const share = Number(req.body?.holdout);
    if (!(holdoutShares as readonly number[]).includes(share)) throw new HttpError(400, 'invalid_holdout', `holdout: one of ${holdoutShares.join(', ')}`);
    await store.experiments.setShare(shop, share, now());
    res.redirect(303, pageOfForm(req, shop.slug));
  });

  // "je" or "u" to the shop's Dutch-speaking customers: messages rendered after this (at send time) and customer pages.
  router.post('/shops/:slug/formal', auth.requireOwner, ...auth.requireCsrf, async (req, res) => {
    const { shop } = owner(res);
    const formal = String(req.body?.formal ?? '');
    if (shop.locale !== 'nl') throw new HttpError(404, 'not_found', 'no such setting for this shop');
    if (formal !== 'on' && formal !== 'off') throw new HttpError(400, 'invalid_formal', 'formal: on or off');
    await store.shops.update(shop.slug, { formal: formal === 'on' ? 1 : 0 });
    res.redirect(303, pageOfForm(req, shop.slug));
  });

  router.use(exportRoutes(store, auth.requireOwner, scope));
  return router;
}
