// The dispatcher: claims due messages, checks they should still go, renders, sends and records the outcome.
import type { Logger } from 'pino';
import { channelsFrom } from '../channels/index.js';
import { type Channels, type EmailOut, SendFailure, type SmsOut } from '../channels/types.js';
import type { Config } from '../config.js';
import type { MessageToSend } from '../db/messages.js';
import type { Shop } from '../db/shops.js';
import type { Store } from '../db/store.js';
import { messageProps } from '../domain/message-props.js';
import { pickLocale } from '../domain/sale.js';
import { isExpired } from '../domain/schedule.js';
import { type Templates, loadTemplates } from '../templates.js';

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
  retryBaseSeconds: number;
  log: Logger;
}

export interface TickReport {
  sent: number;
  retrying: number;
  failed: number;
  cancelled: number;
  expired: number;
  uncertain: number;
}

/** Wait before attempt n+1: base, 4×base, 16×base, 64×base. */
export const backoff = (attempts: number, baseSeconds: number): number => baseSeconds * 1000 * 4 ** (attempts - 1);

/** Why a claimed message must not go out any more, or null when it may. */
function reasonNotToSend(m: MessageToSend, now: number): { status: 'expired' | 'cancelled'; why: string } | null {
  if (isExpired(m.dueAt, now)) return { status: 'expired', why: 'more than 48 hours late' };
  if (m.sale.status !== 'completed') return { status: 'cancelled', why: `the sale was ${m.sale.status}` };
  const c = m.customer;
  const [address, consent, optedOut] = m.channel === 'sms' ? [c.phone, c.smsConsent, c.smsOptedOut] : [c.email, c.emailConsent, c.emailOptedOut];
  if (optedOut) return { status: 'cancelled', why: 'the customer opted out' };
  if (!consent) return { status: 'cancelled', why: 'the customer withdrew consent' };
  if (!address) return { status: 'cancelled', why: 'no address any more' };
  return null;
}

export function createDispatcher(deps: DispatchDeps) {
  const { store, channels, templates, log } = deps;

  function compose(m: MessageToSend, shop: Shop, now: number): SmsOut | EmailOut {
    const locale = pickLocale(m.customer.locale, shop.locale);
    const props = messageProps({
      customerName: m.customer.name,
      shopName: shop.name,
      items: m.sale.items,
      reason: m.sale.reason,
      soldAt: m.sale.occurredAt,
      sendAt: now,
      timezone: shop.timezone,
      locale,
    });
    const ref = `msg-${m.id}-${m.kind}`;
    if (m.channel === 'sms') return { ref, to: m.customer.phone!, from: shop.smsFrom, body: templates.sms(locale, m.kind, props) };
    const mail = templates.email(locale, m.kind, props);
    return { ref, to: m.customer.email!, from: { name: shop.name, address: shop.emailFrom ?? deps.emailFrom }, replyTo: shop.emailFrom, ...mail, headers: {} };
  }

  async function sendOne(id: number, now: number, report: TickReport): Promise<void> {
    const m = store.messages.load(id);
    if (!m) return;
    const stop = reasonNotToSend(m, now);
    if (stop) {
      store.messages.settle(id, stop.status, stop.why);
      report[stop.status]++;
      return;
    }
    let out: SmsOut | EmailOut;
    let providerId: string;
    try {
      out = compose(m, store.shops.byId(m.shopId)!, now);
      ({ providerId } = m.channel === 'sms' ? await channels.sms.send(out as SmsOut) : await channels.email.send(out as EmailOut));
    } catch (err) {
      const failure = err instanceof SendFailure ? err : new SendFailure(`could not render or send: ${(err as Error).message}`, 'permanent');
      if (failure.optedOut) store.messages.optOutSms(m.customer.id, now);
      const again = failure.kind === 'retry' && m.attempts < MAX_ATTEMPTS;
      if (again) store.messages.markRetry(id, now + Math.max(1, backoff(m.attempts, deps.retryBaseSeconds)), failure.message);
      else store.messages.settle(id, 'failed', failure.message);
      report[again ? 'retrying' : 'failed']++;
      // The provider's text may quote the address: log only its code.
      log.warn({ message: id, kind: m.kind, channel: m.channel, code: failure.code, attempt: m.attempts, retry: again }, 'message not sent');
      return;
    }
    // Outside the try: should recording fail after a successful send, the row stays 'sending' and turns
    // 'uncertain' after the lease, rather than being sent again.
    store.messages.markSent(id, now, out.to, providerId, 'body' in out ? out.body : `${out.subject}\n\n${out.text}`);
    report.sent++;
    log.info({ message: id, kind: m.kind, channel: m.channel, via: channels[m.channel].transport }, 'message sent');
  }

  async function tick(now: number): Promise<TickReport> {
    const report: TickReport = { sent: 0, retrying: 0, failed: 0, cancelled: 0, expired: 0, uncertain: 0 };
    report.uncertain = store.messages.markOrphans(now - CLAIM_LEASE);
    // A retry is due 1 ms or more after `now`, so one tick never claims the same message twice.
    for (let ids = store.messages.claim(now, BATCH); ids.length > 0; ids = store.messages.claim(now, BATCH)) {
      await Promise.all(ids.map((id) => sendOne(id, now, report)));
    }
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
export function configuredDispatcher(config: Config, store: Store, log: Logger) {
  const channels = channelsFrom(config);
  const dispatcher = createDispatcher({
    store,
    channels,
    templates: loadTemplates(),
    emailFrom: config.EMAIL_FROM,
    retryBaseSeconds: config.RETRY_BASE_SECONDS,
    log,
  });
  const close = async () => void (await Promise.all([channels.sms.close?.(), channels.email.close?.()]));
  return { dispatcher, channels, close };
}
