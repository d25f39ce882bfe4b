// GET /shops/:slug (the owner's page), its CSV exports, and marking a reply handled.
import { type Request, type Response, Router } from 'express';
import { DateTime, IANAZone } from 'luxon';
import type { Store } from '../../db/store.js';
import { dayDate, monthOf, monthStart, today as todayOf, weekOf, weekStart } from '../../domain/calendar.js';
import { type Period, cohortGrid, cohortUnit, periodFrom } from '../../domain/metrics.js';
import { type Locale, pickLocale } from '../../domain/sale.js';
import { HttpError } from '../errors.js';
import { ownerAuth, owner } from './auth.js';
import { qrSvg } from '../consent-page.js';
import { csv, csvLines } from './csv.js';
import { dashboard } from './page.js';

const PAGE = 25;

/** ISO 8601 local times for exports: the zone's offset looked up once per quarter hour, not per row. */
function localIso(timezone: string): (t: number | null) => string {
  const zone = IANAZone.create(timezone);
  const offsets = new Map<number, number>();
  return (t) => {
    if (t === null) return '';
    const quarter = Math.floor(t / 900_000);
    let offset = offsets.get(quarter);
    if (offset === undefined) offsets.set(quarter, (offset = zone.offset(t)));
    const sign = offset < 0 ? '-' : '+';
    const hhmm = `${String(Math.floor(Math.abs(offset) / 60)).padStart(2, '0')}:${String(Math.abs(offset) % 60).padStart(2, '0')}`;
    return new Date(t + offset * 60_000).toISOString().slice(0, 23) + sign + hhmm;
  };
}

export function ownerRoutes(store: Store, now: () => number, publicUrl: string): Router {
  const auth = ownerAuth(store, now, publicUrl);
  const router = Router();
  router.use(auth.router);

  /** The period in the query, in the shop's days, and that period's span in milliseconds for message and reply times. */
  function scope(req: Request, res: Response) {
    const { shop } = owner(res);
    const today = todayOf(now(), shop.timezone);
    const period = periodFrom(req.query, today);
    const start = DateTime.fromISO(dayDate(period.from), { zone: shop.timezone }).toMillis();
    // The log also shows what is planned after the period, unless it ends in the past by choice.
    const end = period.days === null ? DateTime.fromISO(dayDate(period.to + 1), { zone: shop.timezone }).toMillis() - 1 : Number.MAX_SAFE_INTEGER;
    const query = period.days === null ? `from=${dayDate(period.from)}&to=${dayDate(period.to)}` : `days=${period.days}`;
    return { shop, today, period, start, end, query, locale: pickLocale(shop.locale, 'en') as Locale };
  }

  function cohortOf(shopId: number, period: Period, today: number) {
    const unit = cohortUnit(period);
    const of = unit === 'week' ? weekOf : monthOf;
    const columns = 13; // a quarter in weeks, a year in months
    const cells = store.metrics.cohortCells(shopId, unit, of(period.from), of(period.to));
    return { unit, columns, rows: cohortGrid(cells, unit, period, today, columns) };
  }

  router.get('/shops/:slug', auth.requireOwner, async (req, res) => {
    const s = scope(req, res);
    const { metrics, replies } = store;
    const search = typeof req.query.q === 'string' ? req.query.q.trim().slice(0, 100) : '';
    const status = typeof req.query.status === 'string' && /^[a-z]{3,12}$/.test(req.query.status) ? req.query.status : '';
    const page = Math.min(1000, Math.max(1, Number(req.query.page) || 1));
    const rows = metrics.messages(s.shop.id, { start: s.start, end: s.end, status, search, limit: PAGE * page + 1, offset: 0 });
    const waiting = await Promise.all(
      store.tills.consentLinks.waiting(s.shop.id, now()).map(async (l) => {
        const url = `${publicUrl}/c/${l.code}`;
        return { url, qr: await qrSvg(url), items: l.items, createdAt: l.createdAt };
      }),
    );
    res.type('html').send(
      dashboard({
        shop: s.shop,
        csrf: owner(res).csrf,
        locale: s.locale,
        period: s.period,
        query: s.query,
        returns: metrics.returnRates(s.shop.id, s.period, s.today),
        asked: metrics.asked(s.shop.id, s.period, s.today),
        cohort: cohortOf(s.shop.id, s.period, s.today),
        checkins: metrics.checkins(s.shop.id, s.start, s.end),
        reasons: metrics.reasons(s.shop.id, s.period, s.today),
        open: replies.open(s.shop.id),
        messages: { rows: rows.slice(0, PAGE * page), uncertain: metrics.uncertainMessages(s.shop.id), search, status, page, more: rows.length > PAGE * page },
        waiting,
        joinUrl: `${publicUrl}/shops/${s.shop.slug}/join`,
        paused: store.health.paused(now()),
      }),
    );
  });

  router.post('/shops/:slug/replies/:id/handled', auth.requireOwner, ...auth.requireCsrf, (req, res) => {
    const { shop } = owner(res);
    if (!store.replies.handle(shop, Number(req.params.id), now())) throw new HttpError(404, 'not_found', 'no such open reply');
    const back = new URLSearchParams(req.query as Record<string, string>).toString();
    res.redirect(303, `/shops/${shop.slug}${back ? `?${back}` : ''}#call-back`);
  });

  const sendCsv = (res: Response, name: string, body: string) =>
    res.type('text/csv; charset=utf-8').attachment(name).send(`\uFEFF${body}`); // the BOM makes Excel read UTF-8

  router.get('/shops/:slug/cohorts.csv', auth.requireOwner, (req, res) => {
    const s = scope(req, res);
    const c = cohortOf(s.shop.id, s.period, s.today);
    const start = (cohort: number) => dayDate(c.unit === 'week' ? weekStart(cohort) : monthStart(cohort));
    const header = [`${c.unit}_start`, 'customers', ...Array.from({ length: c.columns }, (_, i) => `${c.unit}_${i}_percent`)];
    const rows = c.rows.map((r) => [start(r.cohort), r.size, ...r.cells.map((v) => (v === null ? '' : v.toFixed(1)))]);
    sendCsv(res, `${s.shop.slug}-cohorts.csv`, csv(header, rows));
  });

  router.get('/shops/:slug/replies.csv', auth.requireOwner, (req, res) => {
    const s = scope(req, res);
    const iso = localIso(s.shop.timezone);
    const rows = store.metrics.replies(s.shop.id, s.start, s.end).map((r) => [
      iso(r.receivedAt), r.channel, r.class, r.answer, r.body, r.customerName, r.phone, r.email,
      r.items ? (JSON.parse(r.items) as { name: string }[]).map((i) => i.name).join('; ') : '', r.reason, iso(r.handledAt),
    ]);
    sendCsv(res, `${s.shop.slug}-replies.csv`, csv(['received', 'channel', 'class', 'answer', 'words', 'name', 'phone', 'email', 'bought', 'reason', 'handled'], rows));
  });

  // The message log can run to hundreds of thousands of rows: written a page at a time, so memory stays small.
  router.get('/shops/:slug/messages.csv', auth.requireOwner, async (req, res) => {
    const s = scope(req, res);
    const iso = localIso(s.shop.timezone);
    res.type('text/csv; charset=utf-8').attachment(`${s.shop.slug}-messages.csv`);
    res.write(`\uFEFF${csvLines([['due', 'sent', 'kind', 'channel', 'status', 'delivery', 'error', 'name', 'phone', 'email']])}`);
    let before: { dueAt: number; id: number } | undefined;
    for (;;) {
      const page = store.metrics.messages(s.shop.id, { start: s.start, end: s.end, limit: 5000, ...(before && { before }) });
      if (page.length === 0) break;
      const rows = page.map((m) => [iso(m.dueAt), iso(m.sentAt), m.kind, m.channel, m.status, m.delivery, m.error, m.customerName, m.phone, m.email]);
      if (!res.write(csvLines(rows))) await new Promise((drained) => res.once('drain', drained));
      const last = page[page.length - 1]!;
      before = { dueAt: last.dueAt, id: last.id };
    }
    res.end();
  });

  return router;
}
