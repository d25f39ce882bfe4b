import { createHash, randomBytes } from 'node:crypto';
import type { ShopRules } from '../domain/schedule.js';
import { startPeriod } from './experiments.js';
import { type Db, type Statement, sql } from './sql.js';

export interface Shop extends ShopRules {
  id: number;
  slug: string;
  name: string;
  country: string;
  locale: string;
  emailFrom: string | null;
  smsFrom: string | null;
  alertEmail: string | null;
  /** Countries whose mobile numbers the public pages may text a confirmation code, e.g. 'NL,BE'; null: the shop's own country. */
  joinCountries: string | null;
  /** The share of new customers held out, in percent (0: off): see src/db/experiments.ts. */
  holdout: number;
  /** 1 when messages quote the customer's reason for buying; 0 for a shop whose reasons are about health. */
  reasonInMessages: number;
  /** 1 when its Dutch messages and pages say "u", not "je" (see Voice). */
  formal: number;
  apiKeyHash: string;
  /** The API key before the last rotation (its hash), and until when (epoch ms) it still works; null when none does. */
  previousApiKeyHash: string | null;
  previousKeyUntil: number | null;
  passwordHash: string | null;
  webhookSecret: string;
  /** The secret before the last rotation, and until when (epoch ms) it still verifies; null when none does. */
  previousWebhookSecret: string | null;
  previousSecretUntil: number | null;
  createdAt: number;
  /** When the shop stopped using nextdeal (`shop disable`): its tills are refused and nothing goes out in its name. */
  disabledAt: number | null;
  /**
   * When `shop delete` began deleting it (migration 046); null when none did. A delete cut off half-way leaves it set, on
   * a disabled shop with part of its data gone: it is not enabled again, only deleted to the end.
   */
  deletingAt: number | null;
}

/** What `shop rotate` replaces; `graceMs`: how long the key or secret before it still works (0: not at all). */
export interface Rotation {
  apiKey?: boolean;
  webhookSecret?: boolean;
  graceMs?: number;
  /** Rotate even while the one before the current one still works: it stops working now. */
  force?: boolean;
}

/**
 * A rotation refused: the one before the current one still works until `until` (a rotation in its grace hours), and
 * rotating again would stop it while a till may still use it (the first answer lost, two operators at once).
 */
export class StillInGrace extends Error {
  constructor(readonly what: 'apiKey' | 'webhookSecret', readonly until: number) {
    super(`the ${what === 'apiKey' ? 'API key' : 'webhook secret'} before the current one still works until ${new Date(until).toISOString()}`);
  }
}

export interface NewShop {
  slug: string;
  name: string;
  timezone: string;
  country: string;
  locale: string;
  /** The share of new customers held out (percent); a new shop starts at 20. */
  holdout?: number;
  /** Where customers' problems reach the owner (none: null), and whether it says "u" (1): made with the shop, in one go. */
  alertEmail?: string | null;
  formal?: number;
}

/** The share a new shop holds out, so that its owner learns whether nextdeal helps. */
export const DEFAULT_HOLDOUT = 20;

/** What `shop update` may change; the column each maps to. */
export const shopSettings = {
  name: 'name',
  timezone: 'timezone',
  country: 'country',
  locale: 'locale',
  checkinHour: 'checkin_hour',
  quietStart: 'quiet_start',
  quietEnd: 'quiet_end',
  comebackDays: 'comeback_days',
  checkinGapDays: 'checkin_gap_days',
  shippedCheckinDays: 'shipped_checkin_days',
  emailFrom: 'email_from',
  smsFrom: 'sms_from',
  alertEmail: 'alert_email',
  joinCountries: 'join_countries',
  reasonInMessages: 'reason_in_messages',
  formal: 'formal',
} as const;
export type ShopSettings = { [K in keyof typeof shopSettings]?: Shop[K] };

const columns = `id, slug, name, timezone, country, locale, checkin_hour AS checkinHour, quiet_start AS quietStart,
  quiet_end AS quietEnd, comeback_days AS comebackDays, checkin_gap_days AS checkinGapDays,
  shipped_checkin_days AS shippedCheckinDays, email_from AS emailFrom, sms_from AS smsFrom, alert_email AS alertEmail,
  join_countries AS joinCountries, holdout, reason_in_messages AS reasonInMessages, formal, api_key_hash AS apiKeyHash, previous_api_key_hash AS previousApiKeyHash,
  previous_key_until AS previousKeyUntil, password_hash AS passwordHash, webhook_secret AS webhookSecret,
  previous_webhook_secret AS previousWebhookSecret, previous_secret_until AS previousSecretUntil, created_at AS createdAt,
  disabled_at AS disabledAt, deleting_at AS deletingAt`;

/** The countries whose numbers may be sent a confirmation code: the shop's setting, else its own country. */
export const joinCountries = (shop: Pick<Shop, 'country' | 'joinCountries'>): string[] =>
  (shop.joinCountries ?? shop.country).split(',').map((c) => c.trim().toUpperCase()).filter(Boolean);

/** Where a customer's answer to the shop's e-mail goes: the shop's own sender address, else its alert address. */
/**
 * Whether the owner hears of a complaint or a question at once: the shop has an alert address, and e-mail reaches it
 * (`emailUndelivered`: not the outbox on disk, not a mail catcher). Else nobody is told, and nothing may promise a call.
 */
export const ownerAlerted = (shop: Pick<Shop, 'alertEmail'>, emailUndelivered: 'outbox' | 'catcher' | undefined): boolean =>
  shop.alertEmail !== null && emailUndelivered === undefined;

export const replyAddress = (shop: Pick<Shop, 'emailFrom' | 'alertEmail'>): string | null => shop.emailFrom ?? shop.alertEmail;

/**
 * Whether the shop sends on this channel from its own number or address (`--sms-from`, `--email-from`) rather than the
 * one every shop shares: a refusal of it is that shop's alone (see attempt.ts, failed).
 */
export const ownSender = (shop: Pick<Shop, 'smsFrom' | 'emailFrom'>, channel: 'sms' | 'email'): boolean =>
  (channel === 'sms' ? shop.smsFrom : shop.emailFrom) !== null;

export const hashApiKey = (key: string): string => createHash('sha256').update(key).digest('hex');
/** Whether a key or secret rotated out (see rotate), kept until `until`, still works at `now`. */
export const stillWorks = (previous: string | null, until: number | null, now: number): previous is string => previous !== null && now < (until ?? 0);
const newApiKey = () => `nd_key_${randomBytes(24).toString('base64url')}`;
const newWebhookSecret = () => `nd_whsec_${randomBytes(24).toString('base64url')}`;

const q = {
  bySlug: sql<Shop>(`SELECT ${columns} FROM shops WHERE slug = ?`),
  byId: sql<Shop>(`SELECT ${columns} FROM shops WHERE id = ?`),
  all: sql<Shop>(`SELECT ${columns} FROM shops ORDER BY slug`),
  sendingFrom: sql<string>('SELECT slug FROM shops WHERE sms_from = ? AND disabled_at IS NULL ORDER BY slug'),
  textingFrom: sql<string>('SELECT DISTINCT sms_from FROM shops WHERE sms_from IS NOT NULL'),
  // A shop that leaves: what was planned in its name is cancelled (an invitation is not given back when it returns),
  // also what a dispatcher has claimed and not handed over yet (it keeps nothing then: see messages.sending).
  disable: sql('UPDATE shops SET disabled_at = ? WHERE id = ? AND disabled_at IS NULL'),
  enable: sql('UPDATE shops SET disabled_at = NULL WHERE id = ? AND deleting_at IS NULL'),
  deleting: sql('SELECT 1 FROM shops WHERE id = ? AND deleting_at IS NOT NULL'),
  cancelMessages: sql(`UPDATE messages SET status = 'cancelled', error = 'shop_disabled', error_detail = NULL
    WHERE shop_id = ? AND (status = 'scheduled' OR (status = 'sending' AND recipient IS NULL))`),
  // A shop that texts from another number now: what waited out another shop's text to the customer from the number it
  // used (number_busy) goes at the next tick, its wait and reason gone. Sent from the new number, it is seen afresh as
  // it is kept (messages.sending): it waits again only if another shop texted her from that one within the day.
  numberFreed: sql(`UPDATE messages SET next_attempt_at = CASE WHEN due_at < next_attempt_at THEN due_at ELSE next_attempt_at END, error = NULL
    WHERE shop_id = (SELECT id FROM shops WHERE slug = ?) AND status = 'scheduled' AND error = 'number_busy'`),
  cancelLookups: sql("UPDATE lookups SET status = 'cancelled', error = 'shop_disabled' WHERE shop_id = ? AND status = 'scheduled'"),
  cancelConfirmations: sql("UPDATE join_confirmations SET status = 'failed', error = 'shop_disabled', secret = NULL WHERE shop_id = ? AND status = 'scheduled'"),
  // The one before kept while it still works; with no grace (it leaked) not kept at all. Not while the one before the
  // current one still works, unless @free: checked in the statement that replaces it, so that of two rotations at once
  // the second finds the first's grace (on PostgreSQL it waits for the row and reads it again).
  newApiKey: sql(`UPDATE shops SET previous_api_key_hash = CASE WHEN @keep = 1 THEN api_key_hash END, previous_key_until = @until,
    api_key_hash = @value WHERE id = @id AND (@free = 1 OR previous_api_key_hash IS NULL OR coalesce(previous_key_until, 0) <= @now)`),
  newSecret: sql(`UPDATE shops SET previous_webhook_secret = CASE WHEN @keep = 1 THEN webhook_secret END, previous_secret_until = @until,
    webhook_secret = @value WHERE id = @id AND (@free = 1 OR previous_webhook_secret IS NULL OR coalesce(previous_secret_until, 0) <= @now)`),
  insert: sql<{ id: number }>(`INSERT INTO shops (slug, name, timezone, country, locale, holdout, alert_email, formal, api_key_hash, webhook_secret, created_at)
    VALUES (@slug, @name, @timezone, @country, @locale, @holdout, @alertEmail, @formal, @apiKeyHash, @webhookSecret, @createdAt) RETURNING id`),
};

/** The UPDATE for a set of settings, made once per set (`shop update` changes a few at a time). */
const updates = new Map<string, Statement>();
function updateOf(keys: (keyof ShopSettings)[]): Statement {
  const id = keys.join(',');
  let s = updates.get(id);
  if (!s) updates.set(id, (s = sql(`UPDATE shops SET ${keys.map((k) => `${shopSettings[k]} = @${k}`).join(', ')} WHERE slug = @slug`)));
  return s;
}

/** How long a shop read for a webhook is used again: changes made in this process apply at once, others' within this. */
export const SHOP_CACHE_MS = 1000;

/**
 * How long the numbers shops text from are used again (see textingFrom): a change made in this process applies at
 * once, another's within this.
 */
export const SENDERS_CACHE_MS = 60_000;

/**
 * `sharedFrom`: TWILIO_FROM, the number every shop without one of its own texts from (see textsFrom).
 */
export function shopStore(db: Db, sharedFrom?: string | null) {
  const cache = new Map<string, { shop: Shop | undefined; until: number }>();
  let senders: { numbers: ReadonlySet<string>; until: number } | undefined;
  const forget = () => (cache.clear(), (senders = undefined));
  /**
   * The numbers shops text from (their --sms-from, shops that left included): kept SENDERS_CACHE_MS, so that a sale
   * or a send asks nothing more of the database. Each who finds them old asks on its own connection (`via`: the
   * transaction asking, if any), never waiting on another's look: one shop's sale held by a lock, or its lost
   * connection, then holds or fails no other shop's sale, join page or send (the review of a shared look).
   */
  const textingFrom = async (via: Db = db, now = Date.now()): Promise<ReadonlySet<string>> => {
    if (senders && senders.until > now) return senders.numbers;
    const numbers: ReadonlySet<string> = new Set(await via.values<string>(q.textingFrom));
    senders = { numbers, until: now + SENDERS_CACHE_MS };
    return numbers;
  };
  return {
    bySlug: (slug: string): Promise<Shop | undefined> => db.get(q.bySlug, [slug]),
    /**
     * The shop as the webhooks read it on every sale: kept for a second (a busy till posts many a second). A change
     * through this store forgets it at once; one made by another instance applies within SHOP_CACHE_MS.
     */
    async bySlugForWebhook(slug: string, now = Date.now()): Promise<Shop | undefined> {
      const hit = cache.get(slug);
      if (hit && hit.until > now) return hit.shop;
      const shop = await db.get(q.bySlug, [slug]);
      if (cache.size > 10_000) cache.clear();
      cache.set(slug, { shop, until: now + SHOP_CACHE_MS });
      return shop;
    },
    forget,
    byId: (id: number): Promise<Shop | undefined> => db.get(q.byId, [id]),
    list: (): Promise<Shop[]> => db.all(q.all),
    /** The shops (slugs) that name `sender` as their own SMS sender. */
    sendingFrom: (sender: string): Promise<string[]> => db.values(q.sendingFrom, [sender]),
    /**
     * Whether `phone` is a number nextdeal texts from, which it never texts (a sale's messages, the join page's code, a
     * message as it is sent): TWILIO_FROM, `shop`'s own --sms-from as read, or any shop's (see textingFrom; one given
     * while nextdeal runs counts within SENDERS_CACHE_MS). A till that puts the shop's number in the customer's field
     * (for a walk-in with none) would have nextdeal text itself, or another shop's customers' replies number.
     * `via`: the transaction asking, if any.
     */
    textsFrom(phone: string, shop?: Pick<Shop, 'smsFrom'>, via: Db = db): Promise<boolean> {
      if (phone === sharedFrom || phone === shop?.smsFrom) return Promise.resolve(true);
      return textingFrom(via).then((numbers) => numbers.has(phone));
    },

    /**
     * Creates a shop with a fresh API key (stored only as a hash) and webhook secret, returned once; and, when it holds
     * customers out, the hold-out's first period.
     */
    create: (shop: NewShop, now: number): Promise<{ shop: Shop; apiKey: string; webhookSecret: string }> =>
      db.transaction(async (tx) => {
        forget();
        const apiKey = newApiKey();
        const webhookSecret = newWebhookSecret();
        const holdout = shop.holdout ?? DEFAULT_HOLDOUT;
        const id = (await tx.value<number>(q.insert, { alertEmail: null, formal: 0, ...shop, holdout, apiKeyHash: hashApiKey(apiKey), webhookSecret, createdAt: now }))!;
        if (holdout > 0) await startPeriod(tx, id, holdout, now);
        return { shop: (await tx.get(q.byId, [id]))!, apiKey, webhookSecret };
      }),

    /**
     * A shop that leaves the installation: its tills are refused from now on (410), and what was planned in its name
     * (check-ins, invitations, codes, look-ups) is cancelled; its public pages are gone. Its data stays, for its owner's
     * page and exports, and for `customer erase`/`purge`. Returns the messages cancelled; null when it was disabled already.
     */
    disable: (shop: Shop, now: number): Promise<{ messages: number } | null> =>
      db.transaction(async (tx) => {
        await tx.lock(shop.id); // no sale of the shop half-recorded beside it
        if ((await tx.run(q.disable, [now, shop.id])) === 0) return null;
        const messages = await tx.run(q.cancelMessages, [shop.id]);
        await tx.run(q.cancelLookups, [shop.id]);
        await tx.run(q.cancelConfirmations, [shop.id]);
        forget();
        return { messages };
      }),
    /**
     * The shop uses nextdeal again: its tills are taken from now on; nothing cancelled comes back. False, and nothing
     * changes, when `shop delete` began deleting it (deletingAt): half its data may be gone.
     */
    enable: async (shop: Shop): Promise<boolean> => {
      const enabled = (await db.run(q.enable, [shop.id])) > 0;
      forget();
      return enabled || (await db.value(q.deleting, [shop.id])) === undefined;
    },

    /**
     * Replaces a shop's API key and/or webhook secret; the one before still works for `graceMs`, so that the till can
     * be given the new one (0: it stops at once, as one that leaked must). Returns the new ones, this once. Throws
     * StillInGrace, and replaces neither, when a rotation with grace finds the one before the current one still
     * working, unless forced.
     */
    rotate: (shop: Shop, r: Rotation, now: number): Promise<{ apiKey?: string; webhookSecret?: string }> =>
      db.transaction(async (tx) => {
        const apiKey = r.apiKey ? newApiKey() : undefined;
        const webhookSecret = r.webhookSecret ? newWebhookSecret() : undefined;
        const keep = (r.graceMs ?? 0) > 0 ? 1 : 0;
        const until = keep ? now + r.graceMs! : null;
        const rest = { keep, until, id: shop.id, now, free: r.force || !keep ? 1 : 0 };
        const refused = async (what: 'apiKey' | 'webhookSecret') => {
          const current = (await tx.get(q.byId, [shop.id]))!;
          return new StillInGrace(what, (what === 'apiKey' ? current.previousKeyUntil : current.previousSecretUntil)!);
        };
        if (apiKey && (await tx.run(q.newApiKey, { value: hashApiKey(apiKey), ...rest })) === 0) throw await refused('apiKey');
        if (webhookSecret && (await tx.run(q.newSecret, { value: webhookSecret, ...rest })) === 0) throw await refused('webhookSecret');
        forget();
        return { ...(apiKey && { apiKey }), ...(webhookSecret && { webhookSecret }) };
      }),

    async update(slug: string, changes: ShopSettings): Promise<Shop | undefined> {
      const keys = Object.keys(changes).filter((k): k is keyof ShopSettings => k in shopSettings && changes[k as keyof ShopSettings] !== undefined).sort();
      if (keys.length > 0) await db.run(updateOf(keys), { ...Object.fromEntries(keys.map((k) => [k, changes[k]])), slug });
      if (changes.smsFrom !== undefined) await db.run(q.numberFreed, [slug]);
      // Forgotten once the change is written: a webhook reading the shop meanwhile would cache the old row again.
      forget();
      return db.get(q.bySlug, [slug]);
    },
  };
}
export type ShopStore = ReturnType<typeof shopStore>;
