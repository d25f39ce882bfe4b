// POST /v1/shops/:slug/sales: the generic sale webhook; and its refund.
import { Router } from 'express';
import { z } from 'zod';
import type { Store } from '../db/store.js';
import type { Metrics } from '../metrics.js';
import { HttpError, fieldIssues, invalid } from './errors.js';
import { readSale } from './sale-schema.js';
import { rawJson, tillAuth, tillShop } from './till-auth.js';
import { hasContact } from './tills.js';

export function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw new HttpError(400, 'invalid_json', 'the body is not valid JSON');
  }
}

const refundBody = z.object({
  status: z.enum(['refunded', 'voided'], 'expected refunded or voided').default('refunded'),
});

export function salesRoutes(store: Store, now: () => number, publicUrl: string, metrics?: Metrics): Router {
  const auth = tillAuth(store, now);
  return Router()
    .post('/v1/shops/:slug/sales', ...rawJson, auth, (req, res) => {
      const shop = tillShop(res);
      const at = now();
      const read = readSale(parseJson(req.body), shop.country, at);
      if (!read.ok) throw invalid(read.issues);
      const { sale, warnings } = read;

      const contactIssue = warnings.filter((w) => w.field === 'customer.phone' || w.field === 'customer.email').map((w) => w.field);
      const result = store.sales.record(shop, sale, at, { warnings, ...(contactIssue.length > 0 && { contactIssue: contactIssue.join(',') }) });
      if (result.outcome === 'conflict') {
        throw new HttpError(409, 'conflict', `sale "${sale.tillSaleId}" was already received with a different body`);
      }
      // A sale the customer cannot be reached for gets a link they can open to leave their own details.
      const status = result.outcome === 'created' ? 201 : 200;
      if (result.outcome === 'created') metrics?.salesReceived.inc({ source: 'webhook' });
      if ('saleId' in result.answer && sale.status === 'completed' && !hasContact(sale.customer)) {
        const code = store.tills.consentLinks.create(shop.id, result.answer.saleId, at);
        return void res.status(status).json({ ...result.answer, consentUrl: `${publicUrl}/c/${code}` });
      }
      res.status(status).json(result.answer);
    })
    .post('/v1/shops/:slug/sales/:id/refund', ...rawJson, auth, (req, res) => {
      const body = req.body.length > 0 ? parseJson(req.body) : {};
      const parsed = refundBody.safeParse(body ?? {});
      if (!parsed.success) throw invalid(fieldIssues(parsed.error));
      const refunded = store.sales.refund(tillShop(res), String(req.params.id), parsed.data.status);
      if (!refunded) throw new HttpError(404, 'unknown_sale', `there is no sale "${req.params.id}" for this shop`);
      res.json(refunded);
    });
}
