import { alertStore } from './alerts.js';
import { confirmationStore } from './confirmations.js';
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
  const sales = saleStore(db, customers, summary);
  const tills = tillStore(db);
  return {
    db,
    shops,
    customers,
    sales,
    summary,
    messages: messageStore(db),
    replies: replyStore(db, shops),
    alerts: alertStore(db),
    privacy: privacyStore(db),
    metrics: metricStore(db),
    sessions: sessionStore(db),
    tills,
    health: healthStore(db),
    confirmations: confirmationStore(db, { shops, customers, sales, tills }),
  };
}
export type Store = ReturnType<typeof createStore>;
