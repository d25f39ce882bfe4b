// GET /metrics: Prometheus text format. With METRICS_TOKEN set, only for Authorization: Bearer <token>; without it,
// only for a scraper on this machine (a loopback address, and no proxy in between: none of the headers proxies add).
import type { Request, RequestHandler } from 'express';
import type { Metrics } from '../metrics.js';
import { HttpError } from './errors.js';
import { safeEqual } from './signature.js';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

/**
 * What a reverse proxy adds to a request it passes on: nginx's examples set X-Real-IP and no X-Forwarded-For, CDNs
 * their own. A proxy that adds none of them cannot be told from a local scraper: then set METRICS_TOKEN (README).
 */
const PROXIED = ['x-forwarded-for', 'forwarded', 'x-real-ip', 'x-forwarded-host', 'x-forwarded-proto', 'via', 'true-client-ip', 'cf-connecting-ip'];

/** A request made on this machine, not passed on by a proxy (whose own address is loopback too). */
export const fromThisMachine = (req: Request): boolean =>
  LOOPBACK.test(req.socket.remoteAddress ?? '') && PROXIED.every((h) => req.get(h) === undefined);

export function metricsRoute(metrics: Metrics, token: string | undefined): RequestHandler {
  return async (req, res) => {
    if (token && !safeEqual(/^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '')?.[1] ?? '', token)) {
      res.set('WWW-Authenticate', 'Bearer realm="nextdeal metrics"');
      throw new HttpError(401, 'unauthorized', 'send Authorization: Bearer <METRICS_TOKEN>');
    }
    if (!token && !fromThisMachine(req)) throw new HttpError(403, 'forbidden', 'metrics are served to this machine only: set METRICS_TOKEN to scrape them from elsewhere');
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  };
}
