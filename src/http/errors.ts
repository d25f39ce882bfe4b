import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { z } from 'zod';
import { escapeHtml } from './html.js';

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
    else if (typeof err?.status === 'number' && err.status >= 400 && err.status < 500) e = new HttpError(err.status, 'bad_request', 'the request could not be read');
    else {
      log.error({ err }, 'request failed');
      e = new HttpError(500, 'internal', 'something went wrong on our side; the request can be sent again');
    }
    if (res.headersSent) return;
    // A person with a browser gets a page; a till or Twilio gets JSON.
    if (!req.path.startsWith('/v1/') && req.accepts(['json', 'html']) === 'html') {
      const page = `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${e.status}</title></head>`;
      return void res.status(e.status).type('html').send(`${page}<body style="font:18px/1.5 sans-serif;padding:2rem"><h1>${e.status}</h1><p>${escapeHtml(e.message)}</p></body></html>`);
    }
    // Every 400 lists what is wrong, field by field: a body that is not JSON at all is one issue with "(body)".
    const issues = e.issues ?? (e.status === 400 ? [{ field: '(body)', message: e.message }] : undefined);
    res.status(e.status).json({ error: e.code, message: e.message, ...(issues && { issues }) });
  };
}

export const notFound: RequestHandler = (_req, _res, next) => next(new HttpError(404, 'not_found', 'no such page'));
