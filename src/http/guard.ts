// What every request passes first: security headers, a request id and a log line without personal data,
// counted errors, and a limit on failed webhook authentication per address.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Request, RequestHandler, Response } from 'express';
import { ipKeyGenerator } from 'express-rate-limit';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics.js';

/**
 * The path as logged, without anything a person typed into it: a visitor who types a name where a link had a shop's
 * ("/shops/Sanne%20de%20Vries/join"), an address or a number, and the tokens in customers' links. Query strings (a
 * search may hold a name or a phone number) are left out. A path a route answered is logged as that route, each of its
 * parameters as the value given only when nextdeal knows it for what it is: a shop's name the request found a shop by
 * (knownInPath), a vendor it knows, an id of digits, and any value the route took (answered below 400); else by the
 * parameter's name (`/shops/:slug/join`), a token always as `:token`. A path no route answers (a mistyped link, a
 * scanner's flood of 404s) may hold anything: each part is kept only when it is a word of nextdeal's own routes
 * ("shops", "join") or a file a scanner asks for (`/wp-login.php`, `/.env`); else it is logged as `:email` (it holds an
 * @), `#` (a number) or `:part`, marked `(not a route)`.
 */
export const loggedPath = (req: Request): string => {
  const res = req.res;
  const status = res?.statusCode ?? 0;
  const notARoute = Boolean(res?.locals[NOT_A_ROUTE]);
  const route: unknown = notARoute ? undefined : req.route?.path;
  const pattern = typeof route === 'string' ? route.split('/') : [];
  const known = (res?.locals[KNOWN] as Set<string> | undefined) ?? new Set<string>();
  const parts = req.path.split('/').map((part, i) => {
    const shape = pattern[i];
    if (part === '') return part;
    if (shape?.startsWith(':')) return parameter(shape.slice(1), part, known, status);
    if (shape !== undefined && shape.toLowerCase() === part.toLowerCase()) return part; // the route's own word
    return freeText(part, req.app, known);
  });
  return parts.join('/') + (notARoute ? ' (not a route)' : '');
};

/** Parameters whose value is a secret of a customer's link: never logged. */
const TOKENS = new Set(['token', 'code']);

/** A route's parameter as logged (see loggedPath). */
function parameter(name: string, value: string, known: ReadonlySet<string>, status: number): string {
  if (TOKENS.has(name)) return ':token';
  if (known.has(decode(value))) return value;
  // A shop's name only once a shop was found by it: a route may answer for one it did not look up (the owner's pages
  // send a visitor without a session to the login first).
  if (name === 'slug') return `:${name}`;
  // An id of digits (a reply's, a message's) or a till's sale id the route found: numbers of six digits or more, which
  // may be a phone number typed there, masked where the route refused it.
  if (/^\d+$/.test(value)) return status >= 400 ? value.replace(PHONE_LIKE, '#') : value;
  return status > 0 && status < 400 ? value : `:${name}`;
}

/** A part of a path no route answers, as logged (see loggedPath). */
function freeText(part: string, app: Request['app'], known: ReadonlySet<string>): string {
  if (/@|%40/i.test(part)) return ':email';
  if (routeWords(app).has(part.toLowerCase()) || known.has(decode(part))) return part;
  if (SCANNED.test(part)) return part.replace(/\d+/g, '#');
  if (new RegExp(PHONE_LIKE.source, 'i').test(part) || /^[\s.()+-]*\d[\d\s.()+-]*$/.test(decode(part))) return '#';
  return ':part';
}

/** What scanners ask for: a dot file or folder (`.env`, `.git`), or a file of a kind a web server serves or leaks. */
const SCANNED = /^(?:\.[\w.-]+|[\w.-]+\.(?:php\d?|asp|aspx|jsp|cgi|pl|env|ini|conf|cfg|config|ya?ml|json|xml|txt|log|sql|bak|old|orig|swp|zip|gz|tgz|tar|rar|7z|html?|js|css|map|ico|png|jpe?g|gif|svg))$/i;

const decode = (s: string): string => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s; // not valid percent-encoding: as it came
  }
};

/** The words of nextdeal's own routes ("shops", "join", "v1"), read once from the app's routes: logged as they are. */
const wordsOf = new WeakMap<object, Set<string>>();
function routeWords(app: Request['app']): Set<string> {
  let words = wordsOf.get(app);
  if (words) return words;
  words = new Set<string>();
  type Layer = { route?: { path?: unknown }; handle?: { stack?: Layer[] } };
  const walk = (stack: Layer[] | undefined) => {
    for (const layer of stack ?? []) {
      if (typeof layer.route?.path === 'string') for (const w of layer.route.path.split('/')) if (w && !w.startsWith(':')) words.add(w.toLowerCase());
      walk(layer.handle?.stack);
    }
  };
  walk((app as unknown as { router?: { stack?: Layer[] } }).router?.stack);
  wordsOf.set(app, words);
  return words;
}

/** Six digits or more, maybe after a + or a bracket, maybe written apart by spaces, dots, dashes or brackets (as typed or %-encoded). */
const PHONE_LIKE = /(?:\+|%2b|\(|%28)?\d(?:(?:[\s.()-]|%20|%2d|%2e|%28|%29)*\d){5,}/gi;

/** Set on a response by the handler of paths no route answers (errors.ts notFound), for loggedPath. */
export const NOT_A_ROUTE = 'notARoute';

const KNOWN = 'knownInPath';
/**
 * Says that a value in the request's path is one nextdeal knows (the slug of a shop it found, a vendor's name), so
 * that the log shows it (loggedPath): anything else a parameter was given is logged by the parameter's name.
 */
export function knownInPath(res: Response, ...values: string[]): void {
  const known = (res.locals[KNOWN] as Set<string> | undefined) ?? new Set<string>();
  for (const v of values) known.add(v);
  res.locals[KNOWN] = known;
}

/** Which part of the service a path belongs to, for counting errors. */
export function routeGroup(path: string): string {
  if (path.startsWith('/v1/twilio/')) return 'twilio';
  if (/^\/v1\/shops\/[^/]+\/webhooks\//.test(path)) return 'till_webhook';
  if (path.startsWith('/v1/')) return 'sale_webhook';
  if (/^\/(r|u|c|j)\//i.test(path) || /^\/shops\/[^/]+\/join/i.test(path)) return 'customer_page';
  if (path.startsWith('/shops/') || path === '/login' || path === '/logout') return 'owner_page';
  return 'other';
}

/**
 * A public form posted from another site's page: refused, so that a hostile page cannot make its visitors' browsers send
 * a shop's sign-up form, and text codes in the shop's name to strangers past the limit on each address (a security
 * review). A browser says so with `Sec-Fetch-Site: cross-site`, and what it says decides (a second host name of the
 * site, behind a proxy that rewrites Host, is the browser's same-origin). One that does not say it (Safari before 16.4)
 * still names the page's origin in `Origin`, and its post whose Origin is neither PUBLIC_URL's nor the host it was
 * asked at (also `Origin: null`, a sandboxed frame's or a data: page's) is refused too; so is one from another host of
 * the same site (`same-site`: a sibling subdomain's page, a security review). A post with neither header
 * (an old browser, curl) is let through; the limits hold for it.
 */
export function ownPagesOnly(publicUrl: string): RequestHandler {
  const own = new URL(publicUrl).origin;
  return (req, res, next) => {
    const site = req.get('sec-fetch-site');
    const origin = req.get('origin');
    const ownOrigin = () => isOwnOrigin(origin, req, own);
    if (site !== undefined ? site === 'same-origin' || site === 'none' || (site === 'same-site' && ownOrigin()) : origin === undefined || ownOrigin()) return next();
    res.status(403).type('text').send('This form can only be sent from its own page.');
  };
}

/**
 * Whether a request was made on one of this site's own pages: its browser says `Sec-Fetch-Site: same-origin`, or, one
 * that does not say it (Safari before 16.4), names this site in `Origin` or `Referer` (ownPagesOnly's). Unlike
 * ownPagesOnly, a request that names nothing was not: this decides what a page says, never what a form may do.
 */
export function fromOwnPage(publicUrl: string): (req: Request) => boolean {
  const own = new URL(publicUrl).origin;
  return (req) => {
    const site = req.get('sec-fetch-site');
    // Origin or Referer: an Origin of "null" (a redirect's, in some browsers) beside this site's Referer is a tap here.
    return site !== undefined ? site === 'same-origin' : [req.get('origin'), req.get('referer')].some((h) => isOwnOrigin(h, req, own));
  };
}

/** Whether an Origin (or a Referer, a page's address) is PUBLIC_URL's origin `own` or that of the host asked at. */
const isOwnOrigin = (origin: string | undefined, req: Request, own: string): boolean =>
  origin !== undefined && URL.canParse(origin) && (new URL(origin).origin === own || sameHost(origin, req));

/**
 * Whether an Origin names the host this request was asked at: its Host, or, behind a proxy trusted with TRUST_PROXY,
 * the host the proxy says it was asked at. The scheme is not compared: behind a proxy that ends TLS and is not trusted,
 * the page's https is this server's http.
 */
function sameHost(origin: string, req: Request): boolean {
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return false; // "null", or no origin at all
  }
  return host !== '' && (host === req.get('host') || host === req.host);
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
    // HSTS for this host alone, never includeSubDomains (helmet's default): every *.example.com would be https-only for a
    // year for whoever opened a link, and a shop's NAS or till page on an http-only name stops opening. And only when
    // nextdeal has the host to itself: under a path (https://example.com/nextdeal) the host is the site's, whose own
    // policy its proxy sets.
    strictTransportSecurity: https && new URL(publicUrl).pathname.replace(/\/+$/, '') === '' && { maxAge: 31_536_000, includeSubDomains: false },
    // Not helmet's no-referrer: under it a browser names the origin of a form posted on its own page as "null", which
    // ownPagesOnly must refuse (a hostile page can send null too). Nor same-origin: under a path of a site that serves
    // other things (PUBLIC_URL https://example.com/nextdeal), the site's /favicon.ico was told the page, a secret
    // link's token with it. Only the origin, never a path, and nothing from https to http.
    referrerPolicy: { policy: 'strict-origin' },
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
    if (status >= 400) metrics?.httpErrors.inc({ route: routeGroup(req.path), status: String(status) });
  };
  // Above info, requests are not logged one by one: a request id, the error count and a line for errors only
  // (pino-http's child logger per request costs 60 to 100 µs even when it writes nothing).
  if (!log.isLevelEnabled('info')) {
    return (req, res, next) => {
      const id = requestId(req, res);
      res.once('finish', () => {
        countError(req, res.statusCode);
        const level = levelOf(res);
        if (res.statusCode >= 400 && log.isLevelEnabled(level)) {
          log[level]({ req: { id, method: req.method, path: loggedPath(req) }, res: { status: res.statusCode } }, 'request');
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
    customLogLevel: (_req, res, err) => (err ? 'error' : res.statusCode >= 400 ? levelOf(res) : 'info'),
    customSuccessMessage: () => 'request',
    customErrorMessage: () => 'request failed',
    customAttributeKeys: { responseTime: 'ms' },
    quietReqLogger: true,
    // The request is written when it is answered, not bound when it comes: only then is it known whether a route took
    // it (loggedPath).
    quietResLogger: true,
    customSuccessObject: (req, _res, line) => ({ req, ...line }),
    // A 5xx answered as it should be has no error of its own: pino-http makes one up ("failed with status code 503"), whose
    // stack names only pino-http. Left out (what went wrong, if anything, the error handler has logged).
    customErrorObject: (req, _res, err, line) => (err.message.startsWith('failed with status code') ? { req, res: line.res, ms: line.ms } : { req, ...line }),
    autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/metrics' },
    customProps: (req, res) => {
      countError(req as Request, res.statusCode);
      return {};
    },
  });
}

/**
 * How a request's answer is logged: a 4xx, and a 503 that asks to come back (Retry-After: a login while the password
 * checks are busy, a database busy for a moment) as a warning; any other 5xx as an error. A flood of guesses answered
 * "busy" wrote an error with a stack trace for each (a security review: 24 MB in a few minutes), in the operator's alerts.
 */
const levelOf = (res: { statusCode: number; getHeader(name: string): unknown }): 'warn' | 'error' =>
  res.statusCode >= 500 && !(res.statusCode === 503 && res.getHeader('retry-after') !== undefined) ? 'error' : 'warn';

/** An address as rate limits count it: IPv4 as is (also when mapped into IPv6), IPv6 by its /56 network. */
export const clientKey = (ip: string | undefined): string =>
  !ip ? '' : ip.startsWith('::ffff:') ? ip.slice(7) : ip.includes(':') ? ipKeyGenerator(ip) : ip;

/** This machine or a private network: a proxy's address, when TRUST_PROXY is not set behind one. */
export const privateAddress = (ip: string): boolean =>
  /^(?:::ffff:)?(?:127\.|10\.|192\.168\.|172\.(?:1[6-9]|2\d|3[01])\.)/.test(ip) || ip === '::1' || /^f[cd][0-9a-f]{2}:/i.test(ip);

/**
 * The client's address (clientKey) for a limit that would hold every client behind a proxy together: null for a
 * private address while TRUST_PROXY is not set, which is most likely a proxy's own (it is said in the log).
 */
export const ownAddress = (req: Request): string | null =>
  !req.app.get('trust proxy') && privateAddress(req.ip ?? '') ? null : clientKey(req.ip);

/**
 * Answers that refuse a webhook before it was authenticated: a missing or wrong credential (401, 403), or a body too
 * large to read (413: it was read up to the limit, unauthenticated). These are what the limit counts.
 */
const FAILED = new Set([401, 403, 413]);

/**
 * Failed webhook authentication is limited per address and shop: a signature cannot be guessed by trying, and someone
 * guessing at one shop does not lock another shop's till out. The limit counts and refuses failures only: past it, a
 * request still goes through authentication, and a correctly signed one is answered as always; only a request that
 * fails again gets 429 instead of its 401/403/413. So a till whose good deliveries share an address with bad ones (a
 * proxy, a retrying vendor) is never locked out. Successful requests cost a map lookup or two, nothing more
 * (express-rate-limit counts every request: 90 µs of a sale's 1.5 ms, bench/ingest).
 */
export function webhookAuthLimit({ limit = 60, windowMs = 15 * 60_000, now = Date.now } = {}): RequestHandler {
  const failures = windows({ limit, windowMs, now });
  return (req, res, next) => {
    const key = `${clientKey(req.ip)}|${shopSegment(req.path)}`;
    if (failures.refused(key) !== undefined) refuseFailures(res, () => failures.refused(key), { limit, windowMs });
    res.once('finish', () => {
      if (FAILED.has(res.statusCode)) failures.count(key);
    });
    next();
  };
}

/**
 * The shop's name in a webhook's path, as its route reads it: `fietsenmake%72` and `Fietsenmaker` are `fietsenmaker`,
 * and count as it (a route finds the shop in any case: another case is no new allowance of failures).
 */
function shopSegment(path: string): string {
  const segment = /^\/([^/]+)/.exec(path)?.[1]?.toLowerCase() ?? '';
  let read: string;
  try {
    read = decodeURIComponent(segment).toLowerCase();
  } catch {
    read = segment; // not valid percent-encoding: the route cannot read it either
  }
  // A slug is at most 63 characters: a longer segment is no shop's, and kept whole it made each key of 100,000 as long
  // as a request line allows (one address's 413s to made-up names of 8,000 characters held 10 KB a key, 1 GB in all).
  return read.slice(0, 64);
}

/**
 * How far back the clock may be set without ending the windows begun before: NTP's corrections, a leap second. A
 * count ended by every step back would give a guesser the whole limit again each time.
 */
const STEP = 60_000;

/**
 * Counts per key (a link's message id, an address) in memory, in a window of `windowMs` from the key's first count.
 * `refused`: the seconds until the key's window ends once it holds `limit`, else undefined; `count` counts one. Windows
 * that ended go as keys are looked at (the map holds keys in the order their windows end, so a look at its first few
 * is enough), and past `size` keys the oldest goes (forgetOldest): a flood of new keys cannot grow it without bound;
 * what it pushes out is a count begun again, never a key refused that was not past its limit. A window ending further
 * off than a window is long (and a minute, STEP) began while the clock was ahead (set back since): it has ended, or a
 * till or a customer would be refused for as long as the clock had jumped.
 */
export function windows(o: { limit: number; windowMs: number; now: () => number; size?: number }) {
  const counts = new Map<string, { count: number; endsAt: number }>();
  const lasts = (e: { endsAt: number }, at: number) => e.endsAt > at && e.endsAt - at <= o.windowMs + STEP;
  const current = (key: string, at: number) => {
    for (const [k, e] of counts) {
      if (lasts(e, at)) break;
      counts.delete(k); // ended, or begun while the clock was ahead
    }
    const seen = counts.get(key);
    return seen && lasts(seen, at) ? seen : undefined;
  };
  return {
    refused(key: string): number | undefined {
      const at = o.now();
      const seen = current(key, at);
      return seen && seen.count >= o.limit ? Math.max(1, Math.ceil((seen.endsAt - at) / 1000)) : undefined;
    },
    count(key: string): void {
      const at = o.now();
      const seen = current(key, at);
      if (seen) {
        seen.count++;
        return;
      }
      counts.delete(key); // a window that ended (a clock set back keeps it out of order): begun again, at the end
      forgetOldest(counts, o.size ?? 100_000);
      counts.set(key, { count: 1, endsAt: at + o.windowMs });
    },
  };
}

/**
 * Requests counted per key in windows (see windows): counts one and answers undefined while within `limit`, else the
 * seconds until the key's window ends, the refused request not counted (a key refused again and again opens on time).
 */
export function countInWindow(o: Parameters<typeof windows>[0]): (key: string) => number | undefined {
  const w = windows(o);
  return (key) => {
    const wait = w.refused(key);
    if (wait === undefined) w.count(key);
    return wait;
  };
}

/** Past `size` entries, the oldest goes: a flood of new keys pushes out old ones, it never empties the map at once. */
export function forgetOldest(m: Map<unknown, unknown>, size: number): void {
  if (m.size >= size) m.delete(m.keys().next().value);
}

/**
 * For an address past the limit: should this request fail authentication too, it is answered 429 instead. Every such
 * failure is answered by the error handler with `res.json`, so that is where the answer is changed.
 */
function refuseFailures(res: Response, waitNow: () => number | undefined, o: { limit: number; windowMs: number }): void {
  const json = res.json.bind(res);
  res.json = (body: unknown) => {
    // The seconds left when it is answered, not when it came (a body read slowly, or held by the reading budget): a
    // window that ended meanwhile has its failure answered as it is, and counted in a window begun again.
    const wait = FAILED.has(res.statusCode) ? waitNow() : undefined;
    if (wait === undefined) return json(body);
    res.removeHeader('WWW-Authenticate');
    res.status(429).set({ 'Retry-After': String(wait), 'RateLimit-Policy': `${o.limit};w=${o.windowMs / 1000}`, RateLimit: `limit=${o.limit}, remaining=0, reset=${wait}` });
    return json({ error: 'too_many_requests', message: `too many failed attempts from this address: try again in ${Math.ceil(wait / 60)} minutes, or send a correct signature` });
  };
}
