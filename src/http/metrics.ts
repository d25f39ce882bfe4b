// GET /metrics: Prometheus text format; with METRICS_TOKEN set, only for Authorization: Bearer <token>.
import type { RequestHandler } from 'express';
import type { Metrics } from '../metrics.js';
import { HttpError } from './errors.js';
import { safeEqual } from './signature.js';

export function metricsRoute(metrics: Metrics, token: string | undefined): RequestHandler {
  return async (req, res) => {
    if (token && !safeEqual(/^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '')?.[1] ?? '', token)) {
      res.set('WWW-Authenticate', 'Bearer realm="nextdeal metrics"');
      throw new HttpError(401, 'unauthorized', 'send Authorization: Bearer <METRICS_TOKEN>');
    }
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  };
}
