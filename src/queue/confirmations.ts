// Sends the double opt-in messages of the public pages (see src/db/confirmations.ts): a six-digit code by SMS or a link
// by e-mail, through the real channels, from their own queue table. Called once each dispatcher tick. Like every
// message: claimed in one statement, `sending` committed before the provider is called, and sent at most once; a send
// in doubt is never repeated by itself (its code still works if it arrived). The code or link token is made here,
// at send time, and only its hash is kept; nothing else of the message is stored.
import { randomInt } from 'node:crypto';
import type { Logger } from 'pino';
import { type Channels, type EmailOut, SendFailure, type SmsOut } from '../channels/types.js';
import { newToken } from '../db/confirmations.js';
import type { Store } from '../db/store.js';
import { pickLocale } from '../domain/sale.js';
import type { Templates } from '../templates.js';

/** Tries per confirmation: a code that comes an hour late is of little use, so fewer than a check-in gets. */
export const CONFIRM_ATTEMPTS = 3;
/** A claim older than this belongs to a dispatcher that died (as the dispatcher's CLAIM_LEASE). */
const LEASE = 10 * 60_000;
const BATCH = 16;

/** What it needs of the dispatcher's dependencies (the dispatcher passes its own). */
export interface ConfirmationDeps {
  store: Store;
  channels: Channels;
  templates: Templates;
  emailFrom: string;
  publicUrl: string;
  retryBaseSeconds: number;
  pauseAfter: number;
  pauseMinutes: number;
  log: Logger;
}

/** Sends every confirmation message due at `now`; returns how many went out. */
export async function sendConfirmations(deps: ConfirmationDeps, now: number): Promise<number> {
  const { store } = deps;
  const queue = store.confirmations;
  const orphans = queue.markOrphans(now - LEASE);
  if (orphans) deps.log.warn({ confirmations: orphans }, 'confirmation sends cut off by a stop: in doubt, not sent again');
  queue.purge(now);
  let sent = 0;
  for (let ids = queue.claim(now, BATCH); ids.length > 0; ids = queue.claim(now, BATCH)) {
    const results = await Promise.all(ids.map((id) => sendOne(deps, id, now)));
    sent += results.filter(Boolean).length;
  }
  return sent;
}

async function sendOne(deps: ConfirmationDeps, id: number, now: number): Promise<boolean> {
  const { store, channels, templates, log } = deps;
  const queue = store.confirmations;
  const c = queue.load(id);
  if (!c) return false;
  const what = { confirmation: id, channel: c.channel, attempt: c.attempts };
  // Past its time (a long pause of the channel): the page said the code would come; it no longer can work.
  if (now >= c.expiresAt) {
    queue.markFailed(id, 'expired');
    return false;
  }
  const shop = store.shops.byId(c.shopId)!;
  const locale = pickLocale(c.locale, shop.locale);
  const secret = c.channel === 'sms' ? String(randomInt(0, 1_000_000)).padStart(6, '0') : newToken();
  try {
    queue.setCode(id, secret);
    let providerId: string;
    if (c.channel === 'sms') {
      // messageId 0 names no row of the messages table: Twilio's status callback for it then settles nothing there.
      const out: SmsOut = { messageId: 0, ref: `confirm-${id}`, to: c.destination, from: shop.smsFrom, body: templates.confirmSms(locale, { shopName: shop.name, code: secret }) };
      ({ providerId } = await channels.sms.send(out));
    } else {
      const out: EmailOut = {
        ref: `confirm-${id}`,
        to: c.destination,
        from: { name: shop.name, address: shop.emailFrom ?? deps.emailFrom },
        replyTo: shop.emailFrom,
        headers: {},
        ...templates.confirmEmail(locale, { shopName: shop.name, confirmUrl: `${deps.publicUrl}/j/${secret}` }),
      };
      ({ providerId } = await channels.email.send(out));
    }
    queue.markSent(id, now, providerId);
    store.health.succeeded(c.channel, now);
    log.info({ ...what, via: channels[c.channel].transport }, 'confirmation sent');
    return true;
  } catch (err) {
    const failure = err instanceof SendFailure ? err : new SendFailure({ reason: 'render_failed', kind: 'permanent', detail: (err as Error).message });
    const again = failure.kind === 'retry' && c.attempts < CONFIRM_ATTEMPTS;
    if (failure.kind === 'in_doubt') queue.markInDoubt(id, failure.reason, failure.message);
    else if (again) queue.markRetry(id, now + Math.max(1, deps.retryBaseSeconds * 1000 * 4 ** (c.attempts - 1)), failure.reason, failure.message);
    else queue.markFailed(id, failure.reason, failure.message);
    if (failure.kind !== 'permanent') store.health.failed(c.channel, failure.message, now, deps.pauseAfter, deps.pauseMinutes * 60_000);
    // The provider's text may quote the address: only its code is logged.
    log.warn({ ...what, reason: failure.reason, code: failure.code, retry: again }, 'confirmation not sent');
    return false;
  }
}
