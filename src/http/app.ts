import express from 'express';
import type { Store } from '../db/store.js';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics.js';
import type { Templates } from '../templates.js';
import { basePath, underBasePath } from './base-path.js';
import { consentPages } from './consent-page.js';
import { customerPages } from './customer-pages.js';
import { errorHandler, notFound } from './errors.js';
import { requestLog, securityHeaders, webhookAuthLimit } from './guard.js';
import { metricsRoute } from './metrics.js';
import { ownerRoutes } from './owner/routes.js';
import { salesRoutes } from './sales.js';
import { tillRoutes } from './tills.js';
import { twilioRoutes } from './twilio.js';

export interface AppDeps {
  store: Store;
  templates: Templates;
  log: Logger;
  now: () => number;
  publicUrl: string;
  twilioAuthToken: string | undefined;
  /** Asks the dispatcher to run now: an owner alert should not wait for the next minute. */
  wake: () => void;
  metrics?: Metrics;
  /** GET /metrics asks for this bearer token when set. */
  metricsToken?: string | undefined;
  /** E-mail reaches nobody: no SMTP is set up (the outbox on disk), or SMTP_URL is a mail catcher. Owners' pages say so. */
  emailUndelivered?: 'outbox' | 'catcher' | undefined;
  /** Texts reach nobody: no Twilio is set up (the outbox on disk). Owners' pages say so. */
  smsUndelivered?: 'outbox' | undefined;
  /**
   * TWILIO_RECONCILE_MINUTES when Twilio is set up: a text in doubt is looked up in its records that long after its
   * send, and owners' pages say nextdeal settles it. Undefined: nothing looks them up, and the owner is asked to.
   */
  twilioLookUpMinutes?: number | undefined;
  /** How many reverse proxies to trust for the client's address. */
  trustProxy?: number;
  /** EMAIL_FROM: the shop's own address, so never a customer's (a till that writes it in for a walk-in). */
  emailFrom?: string | undefined;
  /** RETENTION_MONTHS: customers who bought nothing that long are erased; the join page says so. */
  retentionMonths?: number | undefined;
  /** TWILIO_FROM, the number shops without their own text from: the join page's code page names it to send START to. */
  sharedFrom?: string | undefined;
  /** Why this instance's dispatcher sends nothing (its last ticks failed), or null: GET /healthz says it. */
  dispatcherTrouble?: () => string | null;
}

/** The HTTP application; it never listens by itself, so tests can start it on any port. */
export function createApp(d: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  // No ETags: every answer is made for its request (an owner's page changes by the minute and is private; a webhook's
  // answer is to a POST), and express would hash each one to make it.
  app.set('etag', false);
  app.set('trust proxy', d.trustProxy ?? 0);
  // Behind a proxy with TRUST_PROXY unset, every client has the proxy's address: one guesser's slowed logins slow
  // the owner's too. Said once, when the first request a proxy forwarded comes.
  if (!d.trustProxy) {
    let told = false;
    app.use((req, _res, next) => {
      if (!told && req.headers['x-forwarded-for']) {
        told = true;
        d.log.warn('a request came through a proxy (X-Forwarded-For) while TRUST_PROXY is not set: every client has the proxy\'s address, limits per address hold them all, and the join pages count no address\'s unconfirmed codes; set TRUST_PROXY to the number of proxies in front');
      }
      next();
    });
  }
  app.use(securityHeaders(d.publicUrl));
  app.use(requestLog(d.log, d.metrics));
  app.use(underBasePath(basePath(d.publicUrl)));
  // For a load balancer or an orchestrator: 200 while this instance can take a sale, 503 (and why) while it cannot. A
  // dispatcher failing tick after tick (a number kept in memory: nothing asked) is said in the body, not by the status:
  // taken out of the balancer for it, every instance would refuse the sales it can still take. /healthz/sending answers
  // 503 for it, for a monitor.
  const health = async (sending: boolean, res: express.Response) => {
    let why: string | null;
    try {
      why = await d.store.unhealthy();
      if (why) d.log.warn(`unhealthy: ${why}`);
    } catch (err) {
      why = 'the database does not answer';
      d.log.warn({ err }, `unhealthy: ${why}`);
    }
    if (why) return void res.status(503).json({ ok: false, error: 'database', message: why });
    const stuck = d.dispatcherTrouble?.() ?? null;
    if (stuck) d.log.warn(`not sending: ${stuck}`);
    if (!stuck) return void res.json({ ok: true });
    res.status(sending ? 503 : 200).json(sending ? { ok: false, error: 'dispatcher', message: stuck } : { ok: true, sending: false, message: stuck });
  };
  app.get('/healthz', (_req, res) => health(false, res));
  app.get('/healthz/sending', (_req, res) => health(true, res));
  if (d.metrics) app.get('/metrics', metricsRoute(d.metrics, d.metricsToken));
  app.use(['/v1/shops', '/v1/twilio'], webhookAuthLimit({ now: d.now }));
  app.use(salesRoutes(d.store, d.now, d.publicUrl, d.metrics, d.emailFrom, d.log));
  app.use(tillRoutes(d));
  app.use(twilioRoutes({ ...d, authToken: d.twilioAuthToken }));
  // A customer's pages open with the secret in their link and show what they wrote: no browser or proxy keeps a copy.
  app.use(['/r/', '/u/', '/j/', '/c/'], (_req, res, next) => void (res.set('Cache-Control', 'private, no-store'), next()));
  app.use(customerPages(d.store, d.now, d.wake, d.emailUndelivered));
  app.use(consentPages(d.store, d.now, d.publicUrl, d.metrics, d.wake, {
    sharedFrom: d.sharedFrom, keptMonths: d.retentionMonths, undelivered: { sms: d.smsUndelivered !== undefined, email: d.emailUndelivered !== undefined },
  }));
  app.use(ownerRoutes(d.store, d.now, d.publicUrl, d.emailUndelivered, d.smsUndelivered, d.twilioLookUpMinutes));
  app.use(notFound);
  app.use(errorHandler(d.log));
  return app;
}
