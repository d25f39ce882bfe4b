// What every request passes first: security headers, a request id and a log line without personal data,
// counted errors, and a limit on failed webhook authentication per address.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Request, RequestHandler } from 'express';
import { ipKeyGenerator } from 'express-rate-limit';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics.js';

/**
 * The path as logged: the tokens in customers' links are masked (in any case: routes ignore it), and query
 * strings (a search may hold a name or a phone number) are left out.
 */
export const loggedPath = (req: Request): string => req.path.replace(/^\/(r|u|c)\/[^/]+/i, '/$1/:token');

/** Which part of the service a path belongs to, for counting errors. */
export function routeGroup(path: string): string {
  if (path.startsWith('/v1/twilio/')) return 'twilio';
  if (/^\/v1\/shops\/[^/]+\/webhooks\//.test(path)) return 'till_webhook';
  if (path.startsWith('/v1/')) return 'sale_webhook';
  if (/^\/(r|u|c)\//i.test(path) || /^\/shops\/[^/]+\/join/i.test(path)) return 'customer_page';
  if (path.startsWith('/shops/') || path === '/login' || path === '/logout') return 'owner_page';
  return 'other';
}

export function securityHeaders(publicUrl: string): RequestHandler {
  const https = publicUrl.startsWith('https:');
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'none'"], // no page of nextdeal runs a script
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
        ...(https && { upgradeInsecureRequests: [] }),
      },
    },
    strictTransportSecurity: https,
  });
}

export function requestLog(log: Logger, metrics: Metrics | undefined): RequestHandler {
  const requestId = (req: IncomingMessage, res: ServerResponse) => {
    const given = req.headers['x-request-id'];
    const id = typeof given === 'string' && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
    res.setHeader('X-Request-Id', id);
    return id;
  };
  const countError = (req: Request, status: number) => {
    if (status >= 400) metrics?.httpErrors.inc({ route: routeGroup(loggedPath(req)), status: String(status) });
  };
  // Above info, requests are not logged one by one: a request id, the error count and a line for errors only
  // (pino-http's child logger per request costs 60 to 100 µs even when it writes nothing).
  if (!log.isLevelEnabled('info')) {
    return (req, res, next) => {
      const id = requestId(req, res);
      res.once('finish', () => {
        countError(req, res.statusCode);
        if (res.statusCode >= 400 && log.isLevelEnabled('warn')) {
          log[res.statusCode >= 500 ? 'error' : 'warn']({ req: { id, method: req.method, path: loggedPath(req) }, res: { status: res.statusCode } }, 'request');
        }
      });
      next();
    };
  }
  return pinoHttp({
    logger: log,
    genReqId: requestId,
    // Method, path and status only: no headers (cookies, signatures), no query, no body.
    serializers: {
      req: (req) => ({ id: req.id, method: req.method, path: loggedPath(req.raw as Request) }),
      res: (res) => ({ status: res.statusCode }),
    },
    customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
    customSuccessMessage: () => 'request',
    customErrorMessage: () => 'request failed',
    customAttributeKeys: { responseTime: 'ms' },
    quietReqLogger: true,
    autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/metrics' },
    customProps: (req, res) => {
      countError(req as Request, res.statusCode);
      return {};
    },
  });
}

/** An address as rate limits count it: IPv4 as is (also when mapped into IPv6), IPv6 by its /56 network. */
export const clientKey = (ip: string | undefined): string =>
  !ip ? '' : ip.startsWith('::ffff:') ? ip.slice(7) : ip.includes(':') ? ipKeyGenerator(ip) : ip;

/**
 * Failed webhook authentication (401, 403) is limited per address and shop: a signature cannot be guessed by
 * trying, and someone guessing at one shop does not lock another shop's till out. Successful requests cost a
 * map lookup, nothing more (express-rate-limit counts every request: 90 µs of a sale's 1.5 ms, bench/ingest).
 */
export function webhookAuthLimit({ limit = 60, windowMs = 15 * 60_000, now = Date.now } = {}): RequestHandler {
  const failures = new Map<string, { count: number; resetAt: number }>();
  return (req, res, next) => {
    const key = `${clientKey(req.ip)}|${/^\/([^/]+)/.exec(req.path)?.[1] ?? ''}`;
    const at = now();
    const seen = failures.get(key);
    if (seen && seen.resetAt <= at) failures.delete(key);
    else if (seen && seen.count >= limit) {
      const wait = Math.ceil((seen.resetAt - at) / 1000);
      res.set({ 'Retry-After': String(wait), 'RateLimit-Policy': `${limit};w=${windowMs / 1000}`, RateLimit: `limit=${limit}, remaining=0, reset=${wait}` });
      return void res.status(429).json({ error: 'too_many_requests', message: 'too many failed attempts from this address: try again in 15 minutes' });
    }
    res.once('finish', () => {
      if (res.statusCode !== 401 && res.statusCode !== 403) return;
      const entry = failures.get(key);
      if (entry && entry.resetAt > now()) entry.count++;
      else {
        if (failures.size > 100_000) failures.clear(); // a flood of addresses cannot grow this without bound
        failures.set(key, { count: 1, resetAt: now() + windowMs });
      }
    });
    next();
  };
}
