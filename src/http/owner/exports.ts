// The owner's downloads (CSV: a BOM for Excel, CRLF, separators as the shop's language has them, cells that would start a formula defused): the cohort table, every
// reply with its reading and the sale it answers, the whole message log, and the hold-out per period. Column names are machine-friendly English.
import { type Request, type RequestHandler, type Response, Router } from 'express';
import { IANAZone } from 'luxon';
import type { MessageLogRow, ReplyRow } from '../../db/figures.js';
import type { Store } from '../../db/store.js';
import { dayDate, monthStart, weekStart } from '../../domain/calendar.js';
import { spreadsheetPhone } from '../../domain/contact.js';
import { experimentColumns, experimentRows } from '../../domain/experiment.js';
import type { SaleItem } from '../../domain/sale.js';
import { type CsvDialect, csv, csvLines, dialectOf } from './csv.js';
import { FEW, providerCodeOnly } from './format.js';
import { type Scope, cohortOf } from './scope.js';

/**
 * A time as a spreadsheet reads one, in the shop's zone ("2026-03-14 15:31:07"; the column's header names the zone): Excel,
 * in a Dutch region as in an English one, and Google Sheets make it a date and time, to sort, filter and count by;
 * LibreOffice once "Detect special numbers" is ticked in its import window (unticked, it reads only a "T" form with
 * seconds, which Excel keeps as text). ISO 8601's "T" and offset, written before 6 December 2026
 * ("2026-03-14T15:31:00.000+01:00"), was text to Excel and LibreOffice alike. The zone's offset is looked up once per
 * quarter hour, not per row.
 */
function localTime(timezone: string): (t: number | null) => string {
  const zone = IANAZone.create(timezone);
  const offsets = new Map<number, number>();
  return (t) => {
    if (t === null) return '';
    const quarter = Math.floor(t / 900_000);
    let offset = offsets.get(quarter);
    if (offset === undefined) offsets.set(quarter, (offset = zone.offset(t)));
    const local = new Date(t + offset * 60_000).toISOString();
    return `${local.slice(0, 10)} ${local.slice(11, 19)}`;
  };
}

/** A column of times, its header naming the shop's zone they are written in: "received (Europe/Amsterdam)". */
const inZone = (column: string, timezone: string) => `${column} (${timezone})`;

/**
 * A customer's number as the owner dials it, which a spreadsheet keeps as text (spreadsheetPhone), written once for
 * each number of a download (a customer's messages, several a number; some 8 µs a number, 5 s a log of 600,000 rows).
 */
function phoneAsDialled(country: string): (e164: string | null) => string | null {
  const written = new Map<string, string>();
  return (e164) => {
    if (e164 === null) return null;
    let w = written.get(e164);
    if (w === undefined) {
      if (written.size === 50_000) written.clear();
      written.set(e164, (w = spreadsheetPhone(e164, country)));
    }
    return w;
  };
}

/**
 * Rows a page of a long download (the message log, the replies) reads and writes at a time, the query and the CSV
 * together: on SQLite a page of messages took 3 ms of CPU at the median, one of replies (several times a row, each
 * with its zone's offset looked up) 9-25 ms, on a 2-core machine loaded by other work (6 December).
 */
export const DOWNLOAD_PAGE = 200;

/**
 * After a page of a download is written: gives way to whatever else came in (a till's sale, Twilio's webhooks,
 * /healthz) before the next, and waits while the client has not taken what was written. On SQLite a page's query
 * runs synchronously, its await yields no more than a microtask, and while the kernel's socket buffers take the output
 * (megabytes on a reverse proxy's loopback) `write` never says to wait: without this, a three-year messages.csv held
 * every other request for its whole 13-40 s (the scale review of 6 December). False once the client has gone: read
 * nothing more for it.
 */
async function gaveWay(res: Response, taken: boolean): Promise<boolean> {
  if (!taken && !res.destroyed) {
    await new Promise<void>((go) => {
      const done = () => (res.off('drain', done), res.off('close', done), go());
      res.on('drain', done).on('close', done);
    });
  }
  await new Promise((go) => setImmediate(go));
  return !res.destroyed;
}

/**
 * Writes a download a page at a time, `first` (its header row, the BOM for Excel before it) with the first page: `page`
 * reads the page after the last row of the one before (none: the first), `cells` makes a row's cells. Its memory stays
 * a page's, and no page holds up the server for longer than its own few milliseconds (gaveWay). A first page that
 * cannot be read is the error page, as for any page; a later one cuts the download off, so that it never looks whole.
 */
async function writePaged<R>(res: Response, name: string, first: string, page: (last: R | undefined) => Promise<R[]>, cells: (row: R) => unknown[], dialect: CsvDialect) {
  let last: R | undefined;
  try {
    for (;;) {
      const rows = await page(last);
      if (!res.headersSent) res.type('text/csv; charset=utf-8').attachment(name);
      const taken = res.write(`${last === undefined ? first : ''}${csvLines(rows.map(cells), dialect)}`);
      if (rows.length < DOWNLOAD_PAGE) return void res.end();
      if (!(await gaveWay(res, taken))) return;
      last = rows[rows.length - 1];
    }
  } catch (err) {
    if (res.headersSent) res.destroy();
    throw err;
  }
}

/** replies.csv's columns: see the README ("The owner's page"); those of times name the shop's zone. */
export const replyColumns = (timezone: string) => [
  inZone('received', timezone), 'channel', 'reading', 'read_as', inZone('corrected', timezone), 'answer', 'words', 'name', 'phone', 'email', 'sale',
  inZone('sold', timezone), 'bought', 'reason', inZone('handled', timezone), 'attachments',
];

export function exportRoutes(store: Store, requireOwner: RequestHandler, scope: (req: Request, res: Response) => Scope): Router {
  const router = Router();
  const sendCsv = (res: Response, name: string, body: string) =>
    res.type('text/csv; charset=utf-8').attachment(name).send(`\uFEFF${body}`); // the BOM makes Excel read UTF-8

  router.get('/shops/:slug/cohorts.csv', requireOwner, async (req, res) => {
    const s = scope(req, res);
    const { unit, columns, rows } = await cohortOf(store, s.shop.id, s.period, s.today);
    const start = (cohort: number) => dayDate(unit === 'week' ? weekStart(cohort) : monthStart(cohort));
    const column = (i: number) => `${unit}_${i}_percent`;
    // What the page shows beside the numbers: a group too small to tell (grey), the column of the week or month under
    // way (its "*": only the days so far), and a group that began before the period or runs past its chosen end.
    const header = [`${unit}_start`, 'customers', ...Array.from({ length: columns }, (_, i) => column(i)), 'few', 'running', 'partial'];
    const cells = rows.map((r) => [
      start(r.cohort), r.size, ...r.cells.map((v) => (v === null ? '' : Number(v.toFixed(1)))),
      r.size < FEW ? 1 : 0, r.current === null ? '' : column(r.current),
      r.partial ? 1 : 0,
    ]);
    sendCsv(res, `${s.shop.slug}-cohorts.csv`, csv(header, cells, dialectOf(s.locale, req.query.sep)));
  });

  // Every reply in the period, with the reading shown on the page, what the automatic reader said, when the owner
  // corrected it, and the sale it answers: rows with `corrected` set are a shop's own examples for the reader.
  router.get('/shops/:slug/replies.csv', requireOwner, async (req, res) => {
    const s = scope(req, res);
    const time = localTime(s.shop.timezone);
    const phone = phoneAsDialled(s.shop.country);
    const dialect = dialectOf(s.locale, req.query.sep);
    await writePaged<ReplyRow>(
      res, `${s.shop.slug}-replies.csv`, `\uFEFF${csv(replyColumns(s.shop.timezone), [], dialect)}`,
      (last) => store.figures.replies(s.shop.id, { start: s.start, end: s.end, limit: DOWNLOAD_PAGE, after: last && { at: last.receivedAt, id: last.id } }),
      (r) => [
        time(r.receivedAt), r.channel, r.class, r.readAs, time(r.correctedAt), r.answer, r.body, r.customerName, phone(r.phone), r.email,
        r.tillSaleId, time(r.soldAt), r.items ? (JSON.parse(r.items) as SaleItem[]).map((i) => i.name).join('; ') : '', r.reason, time(r.handledAt), r.media,
      ],
      dialect,
    );
  });

  // The message log can run to hundreds of thousands of rows: written a page at a time, so memory stays small.
  router.get('/shops/:slug/messages.csv', requireOwner, async (req, res) => {
    const s = scope(req, res);
    const time = localTime(s.shop.timezone);
    const dialect = dialectOf(s.locale, req.query.sep);
    const phone = phoneAsDialled(s.shop.country);
    const header = [inZone('due', s.shop.timezone), inZone('sent', s.shop.timezone), 'kind', 'channel', 'status', 'delivery', 'error', 'name', 'phone', 'email', 'error_code'];
    await writePaged<MessageLogRow>(
      res, `${s.shop.slug}-messages.csv`, `\uFEFF${csv(header, [], dialect)}`,
      // As the page lists it: what was cancelled ahead of its time too, in a period up to now.
      (last) => store.figures.messages(s.shop.id, { start: s.start, end: s.end, now: s.ctx.now, limit: DOWNLOAD_PAGE, ...(last && { before: { dueAt: last.dueAt, id: last.id } }) }),
      // One the outbox took was written to a file, never sent: `outbox`, as the page says "niet echt verstuurd".
      (m) => [
        time(m.dueAt), time(m.sentAt), m.kind, m.channel, m.outbox && m.status === 'sent' ? 'outbox' : m.status, m.delivery, m.error, m.customerName, phone(m.phone), m.email, providerCodeOnly(m.errorDetail),
      ],
      dialect,
    );
  });

  // Does nextdeal help? The hold-out per period, and pooled: for an accountant or a spreadsheet.
  router.get('/shops/:slug/experiment.csv', requireOwner, async (req, res) => {
    const s = scope(req, res);
    const { report } = await store.experiments.report(s.shop, s.today);
    const date = (ms: number) => localTime(s.shop.timezone)(ms).slice(0, 10);
    sendCsv(res, `${s.shop.slug}-experiment.csv`, csv(experimentColumns, experimentRows(report, date), dialectOf(s.locale, req.query.sep)));
  });

  return router;
}
