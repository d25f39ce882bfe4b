import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { z } from 'zod';
import { SQLITE_BUSY_WAIT_MS, isLockBusy, isPoolBusy, isUnavailable } from '../db/unavailable.js';
import type { Locale } from '../domain/sale.js';
import { errorPage } from './owner/error-page.js';
import { NOT_A_ROUTE } from './guard.js';
import { browserLocale } from './locale.js';

export interface FieldIssue {
  field: string;
  message: string;
}

/** An answer other than success; its message is safe to show the caller. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues?: FieldIssue[],
  ) {
    super(message);
  }
}

export const fieldIssues = (error: z.ZodError): FieldIssue[] =>
  error.issues.map((i) => ({ field: i.path.join('.') || '(body)', message: i.message }));

export const invalid = (issues: FieldIssue[]): HttpError =>
  new HttpError(400, 'invalid_body', issues.map((i) => `${i.field}: ${i.message}`).join('; '), issues);

/** A Content-Encoding that says the body is compressed (body-parser's own: gzip, deflate, br, zstd), or null. */
const encoded = (header: string | undefined): string | null => {
  const e = header?.trim().toLowerCase();
  return e && ['gzip', 'deflate', 'br', 'zstd'].includes(e) ? e : null;
};

/** Body-parser failures become clear answers; anything unexpected is logged and answered without details. */
export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    let e: HttpError;
    if (err instanceof HttpError) e = err;
    else if (err?.type === 'entity.too.large') e = new HttpError(413, 'too_large', `the body is larger than the ${err.limit} bytes allowed`);
    else if (err?.type === 'entity.parse.failed') e = new HttpError(400, 'invalid_json', 'the body is not valid JSON');
    else if (err?.type === 'encoding.unsupported') {
      e = new HttpError(415, 'unsupported_media_type', `send the body uncompressed: Content-Encoding ${String(err.encoding).slice(0, 40)} is not taken here`);
    }
    else if (err?.status === 400 && /^(Z_|ERR_)/.test(String(err?.code)) && encoded(req.get('content-encoding'))) {
      // The decompressor's own error (zlib's Z_DATA_ERROR, a brotli error; never a type of body-parser's): a body sent
      // plain, or cut off, under a Content-Encoding that says it is compressed.
      const encoding = encoded(req.get('content-encoding'))!;
      e = new HttpError(400, 'invalid_encoding', `the body is not ${encoding} data, or is cut off, as its Content-Encoding: ${encoding} says it is: send it compressed so, or leave Content-Encoding out for a plain body`);
    } else if (typeof err?.status === 'number' && err.status >= 400 && err.status < 500) e = new HttpError(err.status, 'bad_request', 'the request could not be read');
    else if (isPoolBusy(err)) {
      // No connection came free within 5 s: every one of them in use, by a burst of requests (960 sales across three
      // instances, the database healthy) or by statements a database gone quiet never answers. The pool cannot tell
      // the two apart, so the log names both, and where to look (/healthz asks the database itself).
      log.error(
        { code: 'pool_wait' },
        'request failed: no connection to the database came free within 5 s: every one of this instance\'s (DATABASE_POOL_SIZE) was in use, by a burst of requests (more instances, or a larger pool within the server\'s max_connections) or by a database that stopped answering (see /healthz)',
      );
      res.set('Retry-After', '5');
      e = new HttpError(503, 'unavailable', 'no connection to the database came free in time; send the request again shortly');
    } else if (isLockBusy(err)) {
      // Not the database unavailable: it is there and well, another process held its write lock for longer than a write
      // waits. The log names what to look for; the lock is usually let go soon, so the till is asked back as soon as for
      // a PostgreSQL pool's wait.
      log.error(
        { code: (err as { code?: unknown }).code },
        `request failed: the database is busy: another process held SQLite's write lock for more than ${SQLITE_BUSY_WAIT_MS / 1000} s (a nextdeal command writing, a sqlite3 shell or script left in a transaction, a backup tool that locks the file, or a second nextdeal started on the same DATABASE_PATH: \`fuser\` or \`lsof\` on the file names them)`,
      );
      res.set('Retry-After', '5');
      e = new HttpError(503, 'unavailable', 'the database is busy: another process holds its write lock; send the request again shortly');
    } else if (isUnavailable(err)) {
      log.error({ err }, 'request failed: the database is unavailable');
      res.set('Retry-After', '30');
      e = new HttpError(503, 'unavailable', 'the database is unavailable for now; send the request again later');
    } else {
      log.error({ err }, 'request failed');
      e = new HttpError(500, 'internal', 'something went wrong on our side; the request can be sent again');
    }
    if (res.headersSent) return;
    // A person with a browser gets a page; a till or Twilio gets JSON.
    // In their language: the owner's shop's when a session showed it (res.locals.locale), else the browser's.
    if (!req.path.startsWith('/v1/') && req.accepts(['json', 'html']) === 'html') {
      const locale: Locale = res.locals.locale === 'nl' || res.locals.locale === 'en' ? res.locals.locale : browserLocale(req);
      return void res.status(e.status).type('html').send(errorPage(locale, e.status, e.code));
    }
    // Every 400 lists what is wrong, field by field: a body that is not JSON at all is one issue with "(body)".
    const issues = e.issues ?? (e.status === 400 ? [{ field: '(body)', message: e.message }] : undefined);
    res.status(e.status).json({ error: e.code, message: e.message, ...(issues && { issues }) });
  };
}

export const notFound: RequestHandler = (_req, res, next) => {
  res.locals[NOT_A_ROUTE] = true; // its path is logged without what it may hold (guard.ts loggedPath)
  next(new HttpError(404, 'not_found', 'no such page'));
};
