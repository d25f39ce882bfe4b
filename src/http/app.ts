import express from 'express';
import type { Store } from '../db/store.js';
import type { Logger } from '../log.js';
import type { Templates } from '../templates.js';
import { consentPages } from './consent-page.js';
import { customerPages } from './customer-pages.js';
import { errorHandler, notFound } from './errors.js';
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
}

/** The HTTP application; it never listens by itself, so tests can start it on any port. */
export function createApp(d: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.get('/healthz', (_req, res) => {
    d.store.db.prepare('SELECT 1').get();
    res.json({ ok: true });
  });
  app.use(salesRoutes(d.store, d.now, d.publicUrl));
  app.use(tillRoutes(d));
  app.use(twilioRoutes({ ...d, authToken: d.twilioAuthToken }));
  app.use(customerPages(d.store, d.now, d.wake));
  app.use(consentPages(d.store, d.now, d.publicUrl));
  app.use(ownerRoutes(d.store, d.now, d.publicUrl));
  app.use(notFound);
  app.use(errorHandler(d.log));
  return app;
}
