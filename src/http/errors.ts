import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { z } from 'zod';
import { isPoolBusy, isUnavailable } from '../db/unavailable.js';
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
    else if (typeof err?.status === 'number' && err.status >= 400 && err.status < 500) e = new HttpError(err.status, 'bad_request', 'the request could not be read');
    else if (isPoolBusy(err)) {
      // Not the database's fault, and not the operator's to look for there: this instance had more requests at once
      // than connections to it (a burst of 960 sales across three instances got "the database is unavailable").
      log.warn(
        { code: 'pool_busy' },
        'request failed: this instance is busy: all its connections to the database (DATABASE_POOL_SIZE) stayed in use for 5 s, by more requests at once than they serve or by slow queries; not a database found down',
      );
      res.set('Retry-After', '5');
      e = new HttpError(503, 'busy', 'this instance is busy with other requests; send the request again in a few seconds');
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
