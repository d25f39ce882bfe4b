import { alertStore } from './alerts.js';
import { customerStore } from './customers.js';
import { messageStore } from './messages.js';
import type { Db } from './open.js';
import { privacyStore } from './privacy.js';
import { replyStore } from './replies.js';
import { saleStore } from './sales.js';
import { shopStore } from './shops.js';

/** Every query, prepared once against one database. */
export function createStore(db: Db) {
  const shops = shopStore(db);
  const customers = customerStore(db);
  return {
    db,
    shops,
    customers,
    sales: saleStore(db, customers),
    messages: messageStore(db),
    replies: replyStore(db, shops),
    alerts: alertStore(db),
    privacy: privacyStore(db),
  };
}
export type Store = ReturnType<typeof createStore>;
