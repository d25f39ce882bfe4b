import { alertStore } from './alerts.js';
import { customerStore } from './customers.js';
import { healthStore } from './health.js';
import { messageStore } from './messages.js';
import { metricStore } from './metrics.js';
import type { Db } from './open.js';
import { privacyStore } from './privacy.js';
import { replyStore } from './replies.js';
import { saleStore } from './sales.js';
import { sessionStore } from './sessions.js';
import { shopStore } from './shops.js';
import { summaryStore } from './summary.js';
import { tillStore } from './tills.js';

/** Every query, prepared once against one database. */
export function createStore(db: Db) {
  const shops = shopStore(db);
  const customers = customerStore(db);
  const summary = summaryStore(db);
  return {
    db,
    shops,
    customers,
    sales: saleStore(db, customers, summary),
    summary,
    messages: messageStore(db),
    replies: replyStore(db, shops),
    alerts: alertStore(db),
    privacy: privacyStore(db),
    metrics: metricStore(db),
    sessions: sessionStore(db),
    tills: tillStore(db),
    health: healthStore(db),
  };
}
export type Store = ReturnType<typeof createStore>;
