// Connections to the vendors' tills, their events seen once, customer look-ups, and consent links.
import { randomInt } from 'node:crypto';
import { type ChannelName, EVERY_CHANNEL } from '../domain/plan.js';
import type { Refund } from '../domain/refunds.js';
import type { SaleCustomer } from '../domain/sale.js';
import { withdrawnWithoutSale } from './customers.js';
import { queueOps } from './queue.js';
import { type Outgoing, type RefundGiven, type SaleStore, findCustomer, keepRefund, refundsOf, saleStore } from './sales.js';
import { type Db, sql } from './sql.js';

export const vendors = ['shopify', 'square', 'lightspeed', 'zettle', 'loyverse'] as const;
export type Vendor = (typeof vendors)[number];

export interface Connection {
  id: number;
  shopId: number;
  vendor: Vendor;
  secret: string;
  accessToken: string | null;
  notificationUrl: string | null;
  apiBaseUrl: string | null;
  consent: ('sms' | 'email')[];
  onlineOrders: boolean;
  /**
   * The vendor account the connection is for, lower-case (Shopify's shop domain, Lightspeed's domain_prefix, Loyverse's
   * merchant_id, Zettle's organizationUuid): a delivery naming another is ignored. Null: any delivery signed with the
   * secret is taken, as before this was recorded.
   */
  account: string | null;
  /** The secret before the last one given, and until when (epoch ms) a delivery signed with it still verifies; null when none does. */
  previousSecret: string | null;
  previousSecretUntil: number | null;
}

/**
 * What `connect` sets. The secret always; any other setting left undefined keeps what the connection has (on a new
 * connection: none, no consent, online orders on), and null clears it. So connecting again to rotate a secret changes
 * nothing else.
 */
export interface NewConnection {
  secret: string;
  /**
   * A new secret given: how long the one it replaces still verifies (a vendor goes on signing with it a while); 0 or
   * undefined: not at all. (Replacing it again while that one still works is refused unless forced: src/cli/shop.ts.)
   */
  graceMs?: number | undefined;
  accessToken?: string | null | undefined;
  notificationUrl?: string | null | undefined;
  apiBaseUrl?: string | null | undefined;
  consent?: ('sms' | 'email')[] | undefined;
  onlineOrders?: boolean | undefined;
  account?: string | null | undefined;
}

/** How long a consent link works, and how it looks: 10 characters that cannot be mistaken for each other. */
export const CONSENT_LINK_DAYS = 7;
const ALPHABET = '23456789abcdefghjkmnpqrstuvwxyz';
const newCode = () => Array.from({ length: 10 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');

const columns = `id, shop_id AS shopId, vendor, secret, access_token AS accessToken, notification_url AS notificationUrl,
  api_base_url AS apiBaseUrl, consent, online_orders AS onlineOrders, account, previous_secret AS previousSecret,
  previous_secret_until AS previousSecretUntil`;
const toConnection = (r: Record<string, unknown> | undefined): Connection | undefined =>
  r && ({ ...r, consent: (r.consent as string).split(',').filter(Boolean), onlineOrders: r.onlineOrders === 1 } as Connection);

/** The QR codes one sheet for the counter shows: the newest sales waiting for their customer. */
export const SHEET = 12;

/** The settings other than the secret, each set to `value` when its @set* flag says it was given, else kept. */
const settingsGiven = (value: (column: string, name: string) => string) =>
  ([['access_token', 'accessToken'], ['notification_url', 'notificationUrl'], ['api_base_url', 'apiBaseUrl'], ['consent', 'consent'],
    ['online_orders', 'onlineOrders'], ['account', 'account']] as const)
    .map(([column, name]) => `${column} = CASE WHEN @set${name[0]!.toUpperCase()}${name.slice(1)} = 1 THEN ${value(column, name)} ELSE connections.${column} END`)
    .join(',\n      ');

/**
 * The secret before the current one after a `connect`, and until when it verifies (SET reads the row as it was): with no
 * grace none (one that leaked stops at once); with the same secret given again, the one kept as it is; else the secret
 * replaced, until @until, as `shop rotate` keeps a webhook secret (a change within a grace that still runs is refused
 * unless forced: src/cli/shop.ts).
 */
const kept = (column: 'previous_secret' | 'previous_secret_until', replaced: string) => `CASE WHEN @keep = 0 THEN NULL
      WHEN excluded.secret = connections.secret THEN connections.${column}
      ELSE ${replaced} END`;

const q = {
  // One statement, so a second `connect` racing this one cannot interleave: each @set* flag says whether that
  // setting was given; one not given keeps the stored value.
  upsert: sql(`INSERT INTO connections (shop_id, vendor, secret, access_token, notification_url, api_base_url, consent, online_orders, account, created_at)
    VALUES (@shopId, @vendor, @secret, @accessToken, @notificationUrl, @apiBaseUrl, @consent, @onlineOrders, @account, @now)
    ON CONFLICT (shop_id, vendor) DO UPDATE SET secret = excluded.secret, ${settingsGiven((column) => `excluded.${column}`)},
      previous_secret = ${kept('previous_secret', 'connections.secret')}, previous_secret_until = ${kept('previous_secret_until', '@until')}`),
  // The same, of a connection there is, keeping its secret: changes no row when there is none.
  change: sql(`UPDATE connections SET ${settingsGiven((_column, name) => `@${name}`)} WHERE shop_id = @shopId AND vendor = @vendor`),
  // The secret before the current one stops verifying now (`shop connect --grace-hours 0` alone).
  endGrace: sql('UPDATE connections SET previous_secret = NULL, previous_secret_until = NULL WHERE shop_id = ? AND vendor = ?'),
  get: sql(`SELECT ${columns} FROM connections WHERE shop_id = ? AND vendor = ?`),
  // Its events seen stay: connected again, a redelivery of one is still known.
  disconnect: sql('DELETE FROM connections WHERE shop_id = ? AND vendor = ?'),
  list: sql(`SELECT ${columns} FROM connections WHERE shop_id = ? ORDER BY vendor`),
  sharing: sql<{ slug: string; account: string | null }>(`SELECT s.slug, c.account FROM connections c JOIN shops s ON s.id = c.shop_id
    WHERE c.vendor = ? AND c.secret = ? AND c.shop_id <> ? ORDER BY s.slug`),
  seen: sql('INSERT INTO webhook_events (shop_id, vendor, event_id, received_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING'),
  lookup: sql(`INSERT INTO lookups (shop_id, sale_id, vendor, customer_ref, next_attempt_at, created_at)
    VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (sale_id) DO NOTHING`),
  lookupById: sql<{ id: number; shopId: number; saleId: number; vendor: Vendor; customerRef: string; attempts: number }>(
    'SELECT id, shop_id AS shopId, sale_id AS saleId, vendor, customer_ref AS customerRef, attempts FROM lookups WHERE id = ?',
  ),
  lookupDone: sql("UPDATE lookups SET status = 'sent', error = NULL, error_detail = NULL WHERE id = ? AND status IN ('sending', 'uncertain')"),
  link: sql('INSERT INTO consent_links (code, shop_id, sale_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?)'),
  linkForSale: sql('SELECT code FROM consent_links WHERE sale_id = ?'),
  linkByCode: sql<{ code: string; shopId: number; saleId: number | null }>(
    'SELECT code, shop_id AS shopId, sale_id AS saleId FROM consent_links WHERE code = ? AND used_at IS NULL AND expires_at > ?',
  ),
  useLink: sql('UPDATE consent_links SET used_at = ? WHERE code = ? AND used_at IS NULL'),
  // A link that no longer opens: whose shop, and whether it was used (else it expired). Nothing of its sale or customer.
  spentLink: sql<{ shopId: number; used: number }>(
    'SELECT shop_id AS shopId, CASE WHEN used_at IS NULL THEN 0 ELSE 1 END AS used FROM consent_links WHERE code = ?',
  ),
  // Until the release after migration 028: where the previous release keeps and takes a refund before its sale.
  mirrorRefund: sql('INSERT INTO early_refunds (shop_id, till_sale_id, status, received_at, mirrored) VALUES (?, ?, ?, ?, 1) ON CONFLICT DO NOTHING'),
  takeOlderRefunds: sql<{ status: 'refunded' | 'voided'; mirrored: number | null }>(
    'DELETE FROM early_refunds WHERE shop_id = ? AND till_sale_id = ? RETURNING status, mirrored',
  ),
  openLinks: sql<{ code: string; saleId: number; createdAt: number; items: string; total: number | null; currency: string | null }>(
    `SELECT l.code, l.sale_id AS saleId, l.created_at AS createdAt, s.items, s.total, s.currency FROM consent_links l JOIN sales s ON s.id = l.sale_id
     WHERE l.shop_id = ? AND l.used_at IS NULL AND l.expires_at > ? AND s.status = 'completed' AND s.refunded IS NULL
     ORDER BY l.created_at DESC LIMIT ${SHEET}`,
  ),
  openLinkCount: sql(`SELECT count(*) FROM consent_links l JOIN sales s ON s.id = l.sale_id
     WHERE l.shop_id = ? AND l.used_at IS NULL AND l.expires_at > ? AND s.status = 'completed' AND s.refunded IS NULL`),
};

/** Records a vendor event id; false when it was seen before. */
export const firstTime = async (db: Db, shopId: number, vendor: Vendor, eventId: string, at: number): Promise<boolean> =>
  (await db.run(q.seen, [shopId, vendor, eventId, at])) === 1;

/** Queues a look-up of the customer in the till's API, once per sale. */
export const addLookup = async (db: Db, shopId: number, saleId: number, vendor: Vendor, customerRef: string, at: number): Promise<void> =>
  void (await db.run(q.lookup, [shopId, saleId, vendor, customerRef, at, at]));

/** The link for a sale without contact (made once), or a fresh one for the shop-wide poster. */
export async function createConsentLink(db: Db, shopId: number, saleId: number | null, now: number): Promise<string> {
  const existing = saleId === null ? undefined : await db.value<string>(q.linkForSale, [saleId]);
  if (existing) return existing;
  const code = newCode();
  await db.run(q.link, [code, shopId, saleId, now, now + CONSENT_LINK_DAYS * 86_400_000]);
  return code;
}

/** What a till's delivery may do, inside its transaction (see `receive`). */
export interface Receiving {
  sales: SaleStore;
  /** Queues a look-up of the sale's customer in the till's API. */
  addLookup(saleId: number, customerRef: string): Promise<void>;
  /** The consent link for a sale without contact. */
  consentLink(saleId: number): Promise<string>;
  /** Keeps a refund or void of a sale not received yet, for when it comes. */
  keepRefund(tillSaleId: string, refund: RefundGiven): Promise<void>;
  /** The refunds and voids kept for this sale before it came: what it is to be stored as (see afterRefunds). */
  refundsOf(tillSaleId: string): Promise<Refund[]>;
  /**
   * The consent `customer` withdraws, taken with no sale for the customer it names, if the shop has them (see
   * withdrawnWithoutSale); `placedAt`: when the order that says it was placed.
   */
  withdraw(customer: SaleCustomer, placedAt: number): Promise<{ consentWithdrawn: ChannelName[]; cancelled: number }>;
}

/** A connection's settings as the statements take them: each value (a new connection's default when not given), and whether it was given. */
function settingParams(c: Omit<NewConnection, 'secret'>) {
  const given = (v: unknown) => (v === undefined ? 0 : 1);
  return {
    accessToken: c.accessToken ?? null, notificationUrl: c.notificationUrl ?? null, apiBaseUrl: c.apiBaseUrl ?? null,
    consent: (c.consent ?? []).join(','), onlineOrders: c.onlineOrders === false ? 0 : 1, account: c.account?.toLowerCase() ?? null,
    setAccessToken: given(c.accessToken), setNotificationUrl: given(c.notificationUrl), setApiBaseUrl: given(c.apiBaseUrl),
    setConsent: given(c.consent), setOnlineOrders: given(c.onlineOrders), setAccount: given(c.account),
  };
}

/** `delivering`: see saleStore. */
export function tillStore(db: Db, delivering: Outgoing = EVERY_CHANNEL) {
  return {
    /** Connects a till, or changes its connection: the secret, and of the other settings only those given. */
    async connect(shopId: number, vendor: Vendor, c: NewConnection, now: number): Promise<Connection> {
      const keep = c.graceMs ? 1 : 0;
      await db.run(q.upsert, { ...settingParams(c), shopId, vendor, secret: c.secret, now, keep, until: keep ? now + c.graceMs! : null });
      return toConnection(await db.get(q.get, [shopId, vendor]))!;
    },
    /** Changes the settings given of a till's connection, keeping its secret; undefined when the shop has none to that vendor. */
    async change(shopId: number, vendor: Vendor, c: Omit<NewConnection, 'secret'>): Promise<Connection | undefined> {
      if ((await db.run(q.change, { ...settingParams(c), shopId, vendor })) === 0) return undefined;
      return toConnection(await db.get(q.get, [shopId, vendor]));
    },
    /** The secret before the current one stops verifying now (`--grace-hours 0` alone: it leaked). */
    endGrace: async (shopId: number, vendor: Vendor) => void (await db.run(q.endGrace, [shopId, vendor])),
    /** Removes a till's connection (the sales it brought stay); false when the shop had none to that vendor. */
    disconnect: async (shopId: number, vendor: Vendor): Promise<boolean> => (await db.run(q.disconnect, [shopId, vendor])) === 1,
    connection: async (shopId: number, vendor: string): Promise<Connection | undefined> => toConnection(await db.get(q.get, [shopId, vendor])),
    connections: async (shopId: number): Promise<Connection[]> => (await db.all(q.list, [shopId])).map((r) => toConnection(r)!),
    /** The other shops connected to this vendor with this same secret (one vendor app's), and the account each names. */
    sharingSecret: (shopId: number, vendor: Vendor, secret: string) => db.all(q.sharing, [vendor, secret, shopId]),
    firstTime: (shopId: number, vendor: Vendor, eventId: string, at: number) => firstTime(db, shopId, vendor, eventId, at),

    /**
     * A till's delivery, in one transaction holding the shop's lock: its event is marked seen (when it has an id)
     * together with what `work` does with it, or not at all. Null when the event was seen before.
     */
    receive: <T>(shopId: number, vendor: Vendor, eventId: string | null, at: number, work: (w: Receiving) => Promise<T>) =>
      db.transaction(async (tx): Promise<T | null> => {
        await tx.lock(shopId);
        if (eventId !== null && !(await firstTime(tx, shopId, vendor, eventId, at))) return null;
        return work({
          sales: saleStore(tx, delivering),
          addLookup: (saleId, customerRef) => addLookup(tx, shopId, saleId, vendor, customerRef, at),
          consentLink: (saleId) => createConsentLink(tx, shopId, saleId, at),
          keepRefund: async (tillSaleId, refund) => {
            await keepRefund(tx, shopId, tillSaleId, refund, at);
            // for an instance of the previous release, which takes it as a refund of all of the sale, as it did
            await tx.run(q.mirrorRefund, [shopId, tillSaleId, refund.status, at]);
          },
          refundsOf: async (tillSaleId) => {
            // What the previous release kept (not mirrored) is a refund of all of the sale, as it meant it.
            // Both asked together: on PostgreSQL one round trip.
            const [kept, taken] = await Promise.all([refundsOf(tx, shopId, tillSaleId), tx.all(q.takeOlderRefunds, [shopId, tillSaleId])]);
            return [...kept, ...taken.filter((r) => r.mirrored === null).map((r) => ({ status: r.status, amount: null, currency: null }))];
          },
          withdraw: async (customer, placedAt) => {
            const row = await findCustomer(tx, shopId, customer);
            return row === undefined ? { consentWithdrawn: [], cancelled: 0 } : withdrawnWithoutSale(tx, shopId, row, customer, placedAt, at);
          },
        });
      }),

    lookups: {
      ...queueOps(db, 'lookups'),
      add: (shopId: number, saleId: number, vendor: Vendor, customerRef: string, at: number) => addLookup(db, shopId, saleId, vendor, customerRef, at),
      load: (id: number) => db.get(q.lookupById, [id]),
      done: async (id: number) => void (await db.run(q.lookupDone, [id])),
    },

    consentLinks: {
      create: (shopId: number, saleId: number | null, now: number) => createConsentLink(db, shopId, saleId, now),
      open: (code: string, now: number) => db.get(q.linkByCode, [code, now]),
      /** A link's shop and whether it was used, once it does not open; undefined for a code that never was one. */
      spent: async (code: string): Promise<{ shopId: number; used: boolean } | undefined> => {
        const row = await db.get(q.spentLink, [code]);
        return row && { shopId: row.shopId, used: Number(row.used) === 1 };
      },
      /** Uses a link up; false when someone was first. */
      use: async (code: string, now: number): Promise<boolean> => (await db.run(q.useLink, [now, code])) === 1,
      /** Sales of the last days still waiting for their customer to leave contact details: the newest SHEET. */
      waiting: (shopId: number, now: number) => db.all(q.openLinks, [shopId, now]),
      /** How many sales wait so, all of them. */
      waitingCount: async (shopId: number, now: number): Promise<number> => Number(await db.value(q.openLinkCount, [shopId, now])),
    },
  };
}
export type TillStore = ReturnType<typeof tillStore>;
