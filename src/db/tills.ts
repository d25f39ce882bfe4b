// Connections to the vendors' tills, their events seen once, customer look-ups, and consent links.
import { randomInt } from 'node:crypto';
import type { Db } from './open.js';
import { queueOps } from './queue.js';

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
}

/**
 * What `connect` sets. The secret always; any other setting left undefined keeps what the connection has (on a new
 * connection: none, no consent, online orders on), and null clears it. So connecting again to rotate a secret changes
 * nothing else.
 */
export interface NewConnection {
  secret: string;
  accessToken?: string | null | undefined;
  notificationUrl?: string | null | undefined;
  apiBaseUrl?: string | null | undefined;
  consent?: ('sms' | 'email')[] | undefined;
  onlineOrders?: boolean | undefined;
}

/** How long a consent link works, and how it looks: 10 characters that cannot be mistaken for each other. */
export const CONSENT_LINK_DAYS = 7;
const ALPHABET = '23456789abcdefghjkmnpqrstuvwxyz';
const newCode = () => Array.from({ length: 10 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');

const columns = `id, shop_id AS shopId, vendor, secret, access_token AS accessToken, notification_url AS notificationUrl,
  api_base_url AS apiBaseUrl, consent, online_orders AS onlineOrders`;
const toConnection = (r: Record<string, unknown> | undefined): Connection | undefined =>
  r && ({ ...r, consent: (r.consent as string).split(',').filter(Boolean), onlineOrders: r.onlineOrders === 1 } as Connection);

export function tillStore(db: Db) {
  const q = {
    // One statement, so a second `connect` racing this one cannot interleave: each @set* flag says whether that
    // setting was given; one not given keeps the stored value.
    upsert: db.prepare(`INSERT INTO connections (shop_id, vendor, secret, access_token, notification_url, api_base_url, consent, online_orders, created_at)
      VALUES (@shopId, @vendor, @secret, @accessToken, @notificationUrl, @apiBaseUrl, @consent, @onlineOrders, @now)
      ON CONFLICT (shop_id, vendor) DO UPDATE SET secret = excluded.secret,
        access_token = CASE WHEN @setAccessToken THEN excluded.access_token ELSE access_token END,
        notification_url = CASE WHEN @setNotificationUrl THEN excluded.notification_url ELSE notification_url END,
        api_base_url = CASE WHEN @setApiBaseUrl THEN excluded.api_base_url ELSE api_base_url END,
        consent = CASE WHEN @setConsent THEN excluded.consent ELSE consent END,
        online_orders = CASE WHEN @setOnlineOrders THEN excluded.online_orders ELSE online_orders END`),
    get: db.prepare<[number, string], Record<string, unknown>>(`SELECT ${columns} FROM connections WHERE shop_id = ? AND vendor = ?`),
    list: db.prepare<[number], Record<string, unknown>>(`SELECT ${columns} FROM connections WHERE shop_id = ? ORDER BY vendor`),
    seen: db.prepare('INSERT INTO webhook_events (shop_id, vendor, event_id, received_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING'),
    lookup: db.prepare(`INSERT INTO lookups (shop_id, sale_id, vendor, customer_ref, next_attempt_at, created_at)
      VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (sale_id) DO NOTHING`),
    lookupById: db.prepare<[number], { id: number; shopId: number; saleId: number; vendor: Vendor; customerRef: string; attempts: number }>(
      'SELECT id, shop_id AS shopId, sale_id AS saleId, vendor, customer_ref AS customerRef, attempts FROM lookups WHERE id = ?',
    ),
    requeue: db.prepare("UPDATE lookups SET status = 'scheduled' WHERE status IN ('sending', 'uncertain') AND claimed_at < ?"),
    lookupDone: db.prepare("UPDATE lookups SET status = 'sent', error = NULL, error_detail = NULL WHERE id = ? AND status IN ('sending', 'uncertain')"),
    link: db.prepare('INSERT INTO consent_links (code, shop_id, sale_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?)'),
    linkForSale: db.prepare<[number], string>('SELECT code FROM consent_links WHERE sale_id = ?').pluck(),
    linkByCode: db.prepare<[string, number], { code: string; shopId: number; saleId: number | null }>(
      'SELECT code, shop_id AS shopId, sale_id AS saleId FROM consent_links WHERE code = ? AND used_at IS NULL AND expires_at > ?',
    ),
    useLink: db.prepare('UPDATE consent_links SET used_at = ? WHERE code = ? AND used_at IS NULL'),
    openLinks: db.prepare<[number, number], { code: string; saleId: number; createdAt: number; items: string; total: number | null; currency: string | null }>(
      `SELECT l.code, l.sale_id AS saleId, l.created_at AS createdAt, s.items, s.total, s.currency FROM consent_links l JOIN sales s ON s.id = l.sale_id
       WHERE l.shop_id = ? AND l.used_at IS NULL AND l.expires_at > ? ORDER BY l.created_at DESC LIMIT 12`,
    ),
  };

  return {
    /** Connects a till, or changes its connection: the secret, and of the other settings only those given. */
    connect(shopId: number, vendor: Vendor, c: NewConnection, now: number): Connection {
      const given = (v: unknown) => (v === undefined ? 0 : 1);
      q.upsert.run({
        shopId, vendor, secret: c.secret, accessToken: c.accessToken ?? null, notificationUrl: c.notificationUrl ?? null,
        apiBaseUrl: c.apiBaseUrl ?? null, consent: (c.consent ?? []).join(','), onlineOrders: c.onlineOrders === false ? 0 : 1, now,
        setAccessToken: given(c.accessToken), setNotificationUrl: given(c.notificationUrl), setApiBaseUrl: given(c.apiBaseUrl),
        setConsent: given(c.consent), setOnlineOrders: given(c.onlineOrders),
      });
      return toConnection(q.get.get(shopId, vendor))!;
    },
    connection: (shopId: number, vendor: string): Connection | undefined => toConnection(q.get.get(shopId, vendor)),
    connections: (shopId: number): Connection[] => q.list.all(shopId).map((r) => toConnection(r)!),
    /** Records a vendor event id; false when it was seen before. */
    firstTime: (shopId: number, vendor: Vendor, eventId: string, at: number): boolean => q.seen.run(shopId, vendor, eventId, at).changes === 1,

    lookups: {
      ...queueOps(db, 'lookups'),
      add: (shopId: number, saleId: number, vendor: Vendor, customerRef: string, at: number) => void q.lookup.run(shopId, saleId, vendor, customerRef, at, at),
      load: (id: number) => q.lookupById.get(id),
      done: (id: number) => void q.lookupDone.run(id),
      /** A look-up cut off by a crash only read: it is safe to do again. */
      requeueOrphans: (claimedBefore: number) => void q.requeue.run(claimedBefore),
    },

    consentLinks: {
      /** The link for a sale without contact (made once), or a fresh one for the shop-wide poster. */
      create(shopId: number, saleId: number | null, now: number): string {
        const existing = saleId === null ? undefined : q.linkForSale.get(saleId);
        if (existing) return existing;
        const code = newCode();
        q.link.run(code, shopId, saleId, now, now + CONSENT_LINK_DAYS * 86_400_000);
        return code;
      },
      open: (code: string, now: number) => q.linkByCode.get(code, now),
      /** Uses a link up; false when someone was first. */
      use: (code: string, now: number): boolean => q.useLink.run(now, code).changes === 1,
      /** Sales of the last days still waiting for their customer to leave contact details. */
      waiting: (shopId: number, now: number) => q.openLinks.all(shopId, now),
    },
  };
}
export type TillStore = ReturnType<typeof tillStore>;
