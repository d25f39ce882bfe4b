import express from 'express';
import type { Store } from '../db/store.js';
import type { Logger } from '../log.js';
import { errorHandler, notFound } from './errors.js';
import { salesRoutes } from './sales.js';

export interface AppDeps {
  store: Store;
  log: Logger;
  now: () => number;
}

/** The HTTP application; it never listens by itself, so tests can start it on any port. */
export function createApp({ store, log, now }: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.get('/healthz', (_req, res) => {
    store.db.prepare('SELECT 1').get();
    res.json({ ok: true });
  });
  app.use(salesRoutes(store, now));
  app.use(notFound);
  app.use(errorHandler(log));
  return app;
}
