import { messageStore } from './messages.js';
import type { Db } from './open.js';
import { saleStore } from './sales.js';
import { shopStore } from './shops.js';

/** Every query, prepared once against one database. */
export function createStore(db: Db) {
  return { db, shops: shopStore(db), sales: saleStore(db), messages: messageStore(db) };
}
export type Store = ReturnType<typeof createStore>;
