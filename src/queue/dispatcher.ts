// The dispatcher: claims due messages and owner alerts, checks they should still go, renders, sends and
// records the outcome.
import { randomBytes } from 'node:crypto';
import { DateTime } from 'luxon';
import type { Logger } from 'pino';
import { channelsFrom } from '../channels/index.js';
import { type Channels, type EmailOut, SendFailure, type SmsOut } from '../channels/types.js';
import type { Config } from '../config.js';
import type { AlertToSend } from '../db/alerts.js';
import { type MessageToSend, maskTokens } from '../db/messages.js';
import type { Shop } from '../db/shops.js';
import type { Store } from '../db/store.js';
import { displayPhone } from '../domain/contact.js';
import type { NotSent } from '../domain/not-sent.js';
import type { ChannelName } from '../domain/plan.js';
import { messageProps } from '../domain/message-props.js';
import { type Locale, type SaleCustomer, pickLocale } from '../domain/sale.js';
import { isExpired } from '../domain/schedule.js';
import { words } from '../i18n.js';
import type { Metrics } from '../metrics.js';
import { type Templates, loadTemplates } from '../templates.js';
import { adapters } from '../vendors/index.js';
import { LookupFailed } from '../vendors/types.js';
import { sendConfirmations } from './confirmations.js';

export const MAX_ATTEMPTS = 5;
/** A claim older than this belongs to a dispatcher that died: every send times out well before. */
export const CLAIM_LEASE = 10 * 60_000;
/** Messages claimed and sent at once. */
const BATCH = 16;

export interface DispatchDeps {
  store: Store;
  channels: Channels;
  templates: Templates;
  emailFrom: string;
  publicUrl: string;
  retryBaseSeconds: number;
  /** A channel failing this many sends in a row for the provider's reasons pauses for `pauseMinutes`. */
  pauseAfter: number;
  pauseMinutes: number;
  /** How long after a send in doubt the provider's records are asked (they may lag a few minutes). */
  reconcileAfterMs: number;
  log: Logger;
  metrics?: Metrics;
}

export interface TickReport {
  sent: number;
  retrying: number;
  failed: number;
  cancelled: number;
  expired: number;
  /** Sent in doubt or left uncertain by this tick (a crashed dispatcher's claims included). */
  uncertain: number;
  /** Sends in doubt found in the provider's records: they did go out. */
  reconciled: number;
  alerts: number;
  lookups: number;
}

/** Wait before attempt n+1: base, 4×base, 16×base, 64×base. */
export const backoff = (attempts: number, baseSeconds: number): number => baseSeconds * 1000 * 4 ** (attempts - 1);

/** Why a claimed message must not go out any more, or null when it may. */
function reasonNotToSend(m: MessageToSend, now: number): { status: 'expired' | 'cancelled'; why: NotSent } | null {
  if (isExpired(m.dueAt, now)) return { status: 'expired', why: 'expired' };
  if (m.sale.status !== 'completed') return { status: 'cancelled', why: m.sale.status === 'voided' ? 'voided' : 'refunded' };
  const c = m.customer;
  const [address, consent, optedOut] = m.channel === 'sms' ? [c.phone, c.smsConsent, c.smsOptedOut] : [c.email, c.emailConsent, c.emailOptedOut];
  if (optedOut) return { status: 'cancelled', why: 'opted_out' };
  if (!consent) return { status: 'cancelled', why: 'consent_withdrawn' };
  if (!address) return { status: 'cancelled', why: 'no_address' };
  return null;
}

const localTime = (at: number, shop: Shop, locale: Locale, format: string) => DateTime.fromMillis(at, { zone: shop.timezone }).setLocale(locale).toFormat(format);

export function createDispatcher(deps: DispatchDeps) {
  const { store, channels, templates, log, metrics } = deps;

  /** The message as it goes out, and what is kept of it: the text, with the links' token left out. */
  function compose(m: MessageToSend, shop: Shop, now: number): { out: SmsOut | EmailOut; content: string } {
    const locale = pickLocale(m.customer.locale, shop.locale);
    const ref = `msg-${m.id}-${m.kind}`;
    const props = { customerName: m.customer.name, shopName: shop.name, items: m.sale.items, reason: m.sale.reason, soldAt: m.sale.occurredAt, sendAt: now, timezone: shop.timezone, locale };
    if (m.channel === 'sms') {
      const body = templates.sms(locale, m.kind, messageProps(props));
      return { out: { messageId: m.id, ref, to: m.customer.phone!, from: shop.smsFrom, body }, content: body };
    }
    // An e-mail's links carry a fresh random token; only its hash is stored, never the token itself.
    const token = randomBytes(18).toString('base64url');
    store.messages.setToken(m.id, token);
    const unsubscribeUrl = `${deps.publicUrl}/u/${token}`;
    const links = { replyUrl: m.kind === 'checkin' ? `${deps.publicUrl}/r/${token}` : null, unsubscribeUrl };
    const email = templates.email(locale, m.kind, messageProps({ ...props, links }));
    const out: EmailOut = {
      ref,
      to: m.customer.email!,
      from: { name: shop.name, address: shop.emailFrom ?? deps.emailFrom },
      replyTo: shop.emailFrom,
      ...email,
      // RFC 8058 one-click unsubscribe, as Gmail and Yahoo ask of senders.
      headers: { 'List-Unsubscribe': `<${unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
    };
    return { out, content: maskTokens(`${email.subject}\n\n${email.text}`) };
  }

  function composeAlert(a: AlertToSend, shop: Shop): EmailOut {
    const locale = pickLocale(shop.locale, 'en');
    const { customer, sale, reply } = a;
    return {
      ref: `alert-${a.id}`,
      to: shop.alertEmail!,
      from: { name: `nextdeal · ${shop.name}`, address: deps.emailFrom },
      replyTo: customer.email,
      headers: {},
      ...templates.alert(locale, {
        shopName: shop.name,
        customerName: customer.name,
        phone: customer.phone && displayPhone(customer.phone, shop.country),
        phoneLink: customer.phone && `tel:${customer.phone}`,
        email: customer.email,
        items: sale?.items.map((i) => i.name).join(', ') || null,
        reason: sale?.reason ?? null,
        saleDate: sale && localTime(sale.occurredAt, shop, locale, 'cccc d LLLL'),
        answer: reply.answer && words[locale].answers[reply.answer],
        words: reply.body,
        isProblem: reply.class === 'problem',
        receivedAt: localTime(reply.receivedAt, shop, locale, 'cccc d LLLL, HH:mm'),
        unsubscribeUrl: null,
      }),
    };
  }

  /**
   * Sends, and on failure records a retry with backoff or a final failure. Returns the provider's id, or null.
   * Keeps the channel's health: provider trouble many times in a row pauses the channel for a while.
   */
  async function attempt(
    queue: {
      markRetry(id: number, at: number, reason: NotSent, detail: string): void;
      settle(id: number, s: 'failed', reason: NotSent, detail: string): void;
      markInDoubt(id: number, reason: NotSent, detail: string): void;
    },
    job: { id: number; attempts: number; channel: ChannelName; what: Record<string, unknown> },
    send: () => Promise<{ providerId: string }>,
    now: number,
    report: TickReport,
    onFailure?: (f: SendFailure) => void,
  ): Promise<string | null> {
    const started = performance.now();
    try {
      const { providerId } = await send();
      metrics?.sendSeconds.observe({ channel: job.channel, transport: channels[job.channel].transport }, (performance.now() - started) / 1000);
      store.health.succeeded(job.channel, now);
      return providerId;
    } catch (err) {
      // Anything else was thrown before the provider was called: the template could not be rendered.
      const failure = err instanceof SendFailure ? err : new SendFailure({ reason: 'render_failed', kind: 'permanent', detail: (err as Error).message });
      onFailure?.(failure);
      // The provider's text may quote the address: log only its code.
      const logged = { ...job.what, reason: failure.reason, code: failure.code, attempt: job.attempts };
      if (failure.kind === 'in_doubt') {
        queue.markInDoubt(job.id, failure.reason, failure.message);
        report.uncertain++;
        log.warn(logged, 'sent in doubt: the provider took the request and never answered; not sent again by itself');
      } else {
        const again = failure.kind === 'retry' && job.attempts < MAX_ATTEMPTS;
        if (again) queue.markRetry(job.id, now + Math.max(1, backoff(job.attempts, deps.retryBaseSeconds)), failure.reason, failure.message);
        else queue.settle(job.id, 'failed', failure.reason, failure.message);
        report[again ? 'retrying' : 'failed']++;
        if (again) metrics?.retries.inc({ channel: job.channel });
        log.warn({ ...logged, retry: again }, 'not sent');
      }
      if (failure.kind !== 'permanent') {
        const pausedUntil = store.health.failed(job.channel, failure.message, now, deps.pauseAfter, deps.pauseMinutes * 60_000);
        if (pausedUntil) log.error({ channel: job.channel, until: new Date(pausedUntil).toISOString(), failures: deps.pauseAfter }, `${job.channel} paused: its provider failed ${deps.pauseAfter} times in a row`);
      }
      return null;
    }
  }

  async function sendMessage(id: number, now: number, report: TickReport): Promise<void> {
    const m = store.messages.load(id);
    if (!m) return;
    const stop = reasonNotToSend(m, now);
    if (stop) {
      store.messages.settle(id, stop.status, stop.why);
      metrics?.messagesSettled.inc({ kind: m.kind, channel: m.channel, status: stop.status });
      report[stop.status]++;
      return;
    }
    const what = { message: id, kind: m.kind, channel: m.channel };
    const providerId = await attempt(store.messages, { id, attempts: m.attempts, channel: m.channel, what }, () => {
      const { out, content } = compose(m, shopOf(m.shopId), now);
      // Kept before the provider is called: a send in doubt can be looked for, and the owner sees what went.
      store.messages.sending(id, out.to, content);
      return 'body' in out ? channels.sms.send(out) : channels.email.send(out);
    }, now, report, (f) => {
      // Twilio 21610: the number replied STOP to Twilio itself. Respect it everywhere.
      if (f.optedOut) store.customers.optOut(m.customer.id, 'sms', 'provider', now);
      if (f.kind === 'permanent' || (f.kind === 'retry' && m.attempts >= MAX_ATTEMPTS)) metrics?.messagesSettled.inc({ kind: m.kind, channel: m.channel, status: 'failed' });
    });
    if (providerId === null) return;
    // Should recording fail after a successful send, the row stays 'sending' and turns 'uncertain' after
    // the lease, rather than being sent again.
    store.messages.markSent(id, now, providerId);
    metrics?.messagesSettled.inc({ kind: m.kind, channel: m.channel, status: 'sent' });
    report.sent++;
    log.info({ ...what, via: channels[m.channel].transport }, 'message sent');
  }

  async function sendAlert(id: number, now: number, report: TickReport): Promise<void> {
    const a = store.alerts.load(id);
    if (!a) return;
    const shop = store.shops.byId(a.shopId)!;
    if (!shop.alertEmail) return store.alerts.settle(id, 'failed', 'no_alert_address');
    const what = { alert: id };
    const sent = await attempt(store.alerts, { id, attempts: a.attempts, channel: 'email', what }, () => channels.email.send(composeAlert(a, shop)), now, report);
    if (sent === null) return;
    store.alerts.markSent(id, now);
    report.alerts++;
    log.info({ ...what, via: channels.email.transport }, 'alert sent');
  }

  /** Asks the till's API for a sale's customer; then schedules the sale's messages, with or without a contact. */
  async function lookUp(id: number, now: number, report: TickReport): Promise<void> {
    const l = store.tills.lookups.load(id);
    if (!l) return;
    const shop = store.shops.byId(l.shopId)!;
    const connection = store.tills.connection(l.shopId, l.vendor);
    const adapter = adapters[l.vendor];
    const posCustomerId = `${l.vendor}:${l.customerRef}`;
    // With a contact, the sale gets its customer and its messages now. Without one, it waits for the customer
    // on the consent page instead, like a sale from a till that knows no customers.
    const settle = (customer: SaleCustomer | null, why: NotSent | null, detail: string | null = null) => {
      if (customer && (customer.phone || customer.email)) store.sales.attach(shop, l.saleId, { ...customer, posCustomerId }, now);
      else store.tills.consentLinks.create(shop.id, l.saleId, now);
      if (why) store.tills.lookups.settle(id, 'failed', why, detail);
      else store.tills.lookups.done(id);
      report.lookups++;
    };
    if (!connection?.accessToken || !adapter.lookup) return settle(null, 'no_access_token');
    try {
      const customer = await adapter.lookup(l.customerRef, connection, shop.country);
      settle(customer, customer ? null : 'unknown_customer');
    } catch (err) {
      const again = err instanceof LookupFailed && l.attempts < MAX_ATTEMPTS;
      if (again) store.tills.lookups.markRetry(id, now + Math.max(1, backoff(l.attempts, deps.retryBaseSeconds)), 'lookup_failed', (err as Error).message);
      else settle(null, 'lookup_failed', (err as Error).message);
      log.warn({ lookup: id, vendor: l.vendor, attempt: l.attempts, retry: again }, 'customer look-up failed');
    }
  }

  /**
   * SMS sends in doubt (no answer from Twilio, or a dispatcher that stopped mid-send), once `reconcileAfterMs` has
   * passed: Twilio's Messages list says whether they went out. Found: sent, with Twilio's SID. Not found: they certainly
   * did not go out, so they go now. Twilio not reachable: asked again at the next tick. Up to two days back.
   */
  async function reconcile(now: number, report: TickReport): Promise<void> {
    const { reconcile: ask } = channels.sms;
    if (!ask) return;
    for (const m of store.messages.inDoubt(now - 2 * 86_400_000, now - deps.reconcileAfterMs)) {
      let found: { providerId: string } | null;
      try {
        found = await ask.call(channels.sms, { to: m.recipient, from: shopOf(m.shopId).smsFrom, body: m.content, since: m.claimedAt });
      } catch (err) {
        log.warn({ message: m.id, code: (err as { code?: unknown }).code }, 'could not ask the provider about a send in doubt; asking again later');
        continue;
      }
      if (found) {
        store.messages.markSent(m.id, m.claimedAt, found.providerId);
        report.reconciled++;
        log.info({ message: m.id }, 'a send in doubt went out after all: found in the provider\'s records');
      } else {
        store.messages.notFound(m.id, now);
        log.info({ message: m.id }, 'a send in doubt is not in the provider\'s records: sending it again');
      }
    }
  }

  async function drain(queue: { claim(now: number, limit: number): number[] }, send: typeof sendMessage, now: number, report: TickReport) {
    // A retry is due 1 ms or more after `now`, so one tick never claims the same row twice.
    for (let ids = queue.claim(now, BATCH); ids.length > 0; ids = queue.claim(now, BATCH)) {
      await Promise.all(ids.map((id) => send(id, now, report)));
    }
  }

  // Shops by id, read once a tick rather than once a message.
  let shops = new Map<number, Shop>();
  const shopOf = (id: number): Shop => {
    let shop = shops.get(id);
    if (!shop) shops.set(id, (shop = store.shops.byId(id)!));
    return shop;
  };

  async function tick(now: number): Promise<TickReport> {
    shops = new Map();
    const report: TickReport = { sent: 0, retrying: 0, failed: 0, cancelled: 0, expired: 0, uncertain: 0, reconciled: 0, alerts: 0, lookups: 0 };
    store.tills.lookups.requeueOrphans(now - CLAIM_LEASE);
    report.uncertain = store.messages.markOrphans(now - CLAIM_LEASE) + store.alerts.markOrphans(now - CLAIM_LEASE);
    await drain(store.tills.lookups, lookUp, now, report);
    await drain(store.alerts, sendAlert, now, report);
    await sendConfirmations(deps, now); // the public pages' double opt-in codes and links
    await reconcile(now, report);
    await drain(store.messages, sendMessage, now, report);
    return report;
  }

  let running: Promise<TickReport> | null = null;
  return {
    /** Sends everything due at `now`. Calls that overlap a running tick share its result instead of starting another. */
    tick(now: number): Promise<TickReport> {
      running ??= tick(now).finally(() => (running = null));
      return running;
    },
    /** Resolves once no tick is running: sends under way finish before shutdown. */
    async idle(): Promise<void> {
      await running?.catch(() => undefined);
    },
  };
}
export type Dispatcher = ReturnType<typeof createDispatcher>;

/** The dispatcher as configured: live channels where they are set up, the outbox elsewhere. */
export function configuredDispatcher(config: Config, store: Store, log: Logger, metrics?: Metrics) {
  const channels = channelsFrom(config);
  const templates = loadTemplates();
  const dispatcher = createDispatcher({
    store,
    channels,
    templates,
    emailFrom: config.EMAIL_FROM,
    publicUrl: config.PUBLIC_URL,
    retryBaseSeconds: config.RETRY_BASE_SECONDS,
    pauseAfter: config.CHANNEL_PAUSE_AFTER,
    pauseMinutes: config.CHANNEL_PAUSE_MINUTES,
    reconcileAfterMs: config.TWILIO_RECONCILE_MINUTES * 60_000,
    log,
    ...(metrics && { metrics }),
  });
  const close = async () => void (await Promise.all([channels.sms.close?.(), channels.email.close?.()]));
  return { dispatcher, channels, templates, close };
}
