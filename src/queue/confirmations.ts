// Sends the double opt-in messages of the public pages (see src/db/confirmations.ts): a six-digit code by SMS or a link
// by e-mail, through the real channels, from their own queue table. Called once each dispatcher tick. Like every
// message: claimed in one statement, and the code kept (with the claim's stamp) before the provider is called. A send
// in doubt is never repeated by itself (its code still works if it arrived), but one a crash cut off is: once, for a
// customer who asked for a code and got none cannot join (see chores.ts). The code or link token is made here at the
// request's first send, and every later send of it (a retry, one a crash cut off) carries the same one, so that either
// text works; nothing else of the message is stored.
import { randomInt } from 'node:crypto';
import type { EmailOut, SmsOut } from '../channels/types.js';
import { newToken } from '../db/confirmations.js';
import { outboxed } from '../db/outboxed.js';
import { ownSender, replyAddress } from '../db/shops.js';
import { voiceFor } from '../domain/sale.js';
import { smsShopName } from '../domain/sms.js';
import { ClaimLost, type Tick, attempt, drain, handOver } from './attempt.js';
import { AUTOMATIC } from './messages.js';

/** Tries per confirmation: a code that comes an hour late is of little use, so fewer than a check-in gets. */
export const CONFIRM_ATTEMPTS = 3;

/** Sends every confirmation message due this tick. */
export async function sendConfirmations(t: Tick): Promise<void> {
  await drain(t, t.deps.store.confirmations, (id, claimedAt) => sendOne(t, id, claimedAt));
}

async function sendOne(t: Tick, id: number, claimedAt: number): Promise<void> {
  const { deps, now } = t;
  const { store, channels, templates, log } = deps;
  const queue = store.confirmations;
  const c = await queue.load(id);
  if (!c) return;
  // Sent again after a crash (src/db/chores.ts), but the customer already typed the code of the send the crash cut off:
  // it came, and a second text of it would only be one too many.
  if (c.codeUsedAt !== null) return queue.markSent(id, c.codeUsedAt, null, claimedAt);
  // Past its time (a long pause of the channel): the page said the code would come; it no longer can work.
  if (now >= c.expiresAt) {
    return void (await queue.settle(id, 'failed', 'expired', null, claimedAt));
  }
  const shop = await t.shopOf(c.shopId);
  if (!shop) return; // deleted since the claim, with this request
  if (shop.disabledAt !== null) return void (await queue.settle(id, 'failed', 'shop_disabled', null, claimedAt));
  // The number said STOP to the number the code would come from, which other shops text from too, or to this shop (on
  // its own number, or the shared one it texted them from before): whoever typed it, it gets nothing, as the shop's own
  // messages do not (the page tells a customer coming back to send START to the number, and names it).
  if (c.channel === 'sms' && (await store.confirmations.smsStopped(shop.id, shop.smsFrom ?? '', c.destination))) return void (await queue.settle(id, 'failed', 'opted_out', null, claimedAt));
  // The address unsubscribed from the shop's e-mails: none goes to it because someone typed it (the page, the same for
  // every address, says that only the shop can put it back).
  if (c.channel === 'email' && (await store.confirmations.emailStopped(shop.id, c.destination))) return void (await queue.settle(id, 'failed', 'opted_out', null, claimedAt));
  const voice = voiceFor(shop, c.locale);
  const secret = c.secret ?? (c.channel === 'sms' ? String(randomInt(0, 1_000_000)).padStart(6, '0') : newToken());
  const what = { confirmation: id, shop: shop.slug, channel: c.channel };
  // A sale's consent link: its e-mail names what was bought (not the SMS: the code, in one segment); not a sale given
  // back, which no check-in will ask about (its page said so): that e-mail asks only to confirm the address.
  const bought = c.channel === 'email' && c.saleId !== null ? await store.confirmations.purchase(c.saleId, shop.reasonInMessages) : undefined;
  const purchase = bought?.returned ? undefined : bought;
  // Rendered first: a template that cannot be rendered fails it for good; an error of the database's keeping the code
  // (in `send`, before the provider) puts it back to be tried again (see attempt).
  let out: SmsOut | EmailOut;
  try {
    out =
      c.channel === 'sms'
        ? // messageId 0 names no row of the messages table: Twilio's status callback for it then settles nothing there.
          { messageId: 0, ref: `confirm-${id}`, to: c.destination, from: shop.smsFrom, body: templates.confirmSms(voice, { shopName: smsShopName(shop), code: secret }) }
        : {
            ref: `confirm-${id}`,
            to: c.destination,
            from: { name: shop.name, address: shop.emailFrom ?? deps.emailFrom },
            replyTo: replyAddress(shop),
            headers: { ...AUTOMATIC },
            ...templates.confirmEmail(voice, { shopName: shop.name, confirmUrl: `${deps.publicUrl}/j/${secret}`, purchase }),
          };
  } catch (err) {
    log.error(what, 'confirmation not sent: the template could not be rendered');
    return void (await queue.settle(id, 'failed', 'render_failed', (err as Error).message, claimedAt));
  }
  const outcome = await attempt(deps, queue, { id, attempts: c.attempts, claimedAt, channel: c.channel, what, maxAttempts: CONFIRM_ATTEMPTS, ownSender: ownSender(shop, c.channel) }, async () => {
    // Kept while the claim is still this dispatcher's: else another instance took the request up (this one paused past
    // its lease), and its code, not this one's, is the one that goes.
    if (!(await queue.setCode(id, secret, claimedAt))) throw new ClaimLost();
    return handOver(t, claimedAt, (look) => ('body' in out ? channels.sms.send(out, look) : channels.email.send(out, look)), c.channel);
  }, t);
  if (!outcome.sent) return;
  await queue.markSent(id, now, outcome.providerId, claimedAt);
  t.report.confirmations++;
  log.info({ ...what, via: channels[c.channel].transport }, outboxed(outcome.providerId) ? 'confirmation written to the outbox' : 'confirmation sent');
}
