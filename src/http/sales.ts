// POST /v1/shops/:slug/sales: the generic sale webhook.
import { Router } from 'express';
import type { Store } from '../db/store.js';
import { HttpError, fieldIssues, invalid } from './errors.js';
import { futureIssue, saleSchema } from './sale-schema.js';
import { rawJson, tillAuth, tillShop } from './till-auth.js';

export function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw new HttpError(400, 'invalid_json', 'the body is not valid JSON');
  }
}

export function salesRoutes(store: Store, now: () => number): Router {
  return Router().post('/v1/shops/:slug/sales', ...rawJson, tillAuth(store, now), (req, res) => {
    const shop = tillShop(res);
    const body = parseJson(req.body);
    const at = now();
    const parsed = saleSchema(shop.country).safeParse(body);
    const issues = parsed.success ? [] : fieldIssues(parsed.error);
    const future = futureIssue(parsed.success ? parsed.data.occurredAt : (body as { occurredAt?: unknown } | null)?.occurredAt, at);
    if (future) issues.push(future);
    if (!parsed.success || issues.length > 0) throw invalid(issues);

    const result = store.sales.record(shop, parsed.data, at);
    if (result.outcome === 'conflict') {
      throw new HttpError(409, 'conflict', `sale "${parsed.data.tillSaleId}" was already received with a different body`);
    }
    res.status(result.outcome === 'created' ? 201 : 200).json(result.answer);
  });
}
