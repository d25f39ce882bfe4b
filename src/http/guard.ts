// What every request passes first: security headers, a request id and a log line without personal data,
// counted errors, and a limit on failed webhook authentication per address.
import { randomUUID } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
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
  return pinoHttp({
    logger: log,
    genReqId: (req, res) => {
      const given = req.headers['x-request-id'];
      const id = typeof given === 'string' && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
      res.setHeader('X-Request-Id', id);
      return id;
    },
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
      if (res.statusCode >= 400) metrics?.httpErrors.inc({ route: routeGroup(loggedPath(req as Request)), status: String(res.statusCode) });
      return {};
    },
  });
}

/** Failed webhook authentication (401, 403) is limited per address: a signature cannot be guessed by trying. */
export const webhookAuthLimit = (): RequestHandler => rateLimit({
  windowMs: 15 * 60_000,
  limit: 60,
  // Per address and shop: someone guessing at one shop cannot lock another shop's till out.
  keyGenerator: (req) => `${ipKeyGenerator(req.ip ?? '')}|${/^\/([^/]+)/.exec(req.path)?.[1] ?? ''}`,
  requestWasSuccessful: (_req, res) => res.statusCode !== 401 && res.statusCode !== 403,
  skipSuccessfulRequests: true,
  standardHeaders: 'draft-8',
  legacyHeaders: false,
  message: { error: 'too_many_requests', message: 'too many failed attempts from this address: try again in 15 minutes' },
});
