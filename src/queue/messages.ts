// The check-ins and come-back invitations: each claimed message is checked once more (still due, the sale stands, the
// customer still wants it, not in the shop's quiet hours), rendered, sent once and recorded. And SMS sends in doubt,
// settled with Twilio's records.
import type { EmailOut, SmsOut } from '../channels/types.js';
import { type Again, type Keep, LOOKED_UP_WITHIN_MS, type MessageToSend, type SentMessage, maskTokens } from '../db/messages.js';
import { outboxed } from '../db/outboxed.js';
import { type Shop, ownSender, replyAddress } from '../db/shops.js';
import { isMachine } from '../domain/contact.js';
import { messageProps } from '../domain/message-props.js';
import type { NotSent } from '../domain/not-sent.js';
import { customerVoice, localeOf } from '../domain/sale.js';
import { smsShopName } from '../domain/sms.js';
import { EXPIRES_AFTER, MIN_GAP, REPLY_WINDOW, isExpired, outsideQuietHoursFor, readerZones } from '../domain/schedule.js';
import { ClaimLost, MESSAGE_CLAIM, Moved, type Tick, handOver, sendOnce } from './attempt.js';
import { sharedLooks } from './looks.js';
import { gathered, together } from './together.js';

/** RFC 3834's mark of a message a program sent: auto-responders (out-of-office) do not answer it. */
export const AUTOMATIC = { 'Auto-Submitted': 'auto-generated' } as const;

/**
 * Why a claimed message must not go out any more, or null when it may. `unread`: its text would go to a number no
 * customer reads (see unreadNumber).
 */
function reasonNotToSend(m: MessageToSend, shop: Shop, now: number, unread: NotSent | null): { status: 'expired' | 'cancelled'; why: NotSent } | null {
  // The shop left (shop disable) while the message was claimed: nothing more goes out in its name.
  if (shop.disabledAt !== null) return { status: 'cancelled', why: 'shop_disabled' };
  // Nothing is ever planned for a held-out customer (src/db/sales.ts); should a message be here anyway, it stops here.
  if (m.customer.heldOut) return { status: 'cancelled', why: 'held_out' };
  if (isExpired(m.dueAt, now)) return { status: 'expired', why: 'expired' };
  if (m.sale.status !== 'completed') return { status: 'cancelled', why: m.sale.status === 'voided' ? 'voided' : 'refunded' };
  const c = m.customer;
  const [address, consent, optedOut] = m.channel === 'sms' ? [c.phone, c.smsConsent, c.smsOptedOut] : [c.email, c.emailConsent, c.emailOptedOut];
  if (optedOut) return { status: 'cancelled', why: 'opted_out' };
  // A STOP to the number this SMS would come from, which other shops text from too (see messages.load).
  if (m.channel === 'sms' && c.numberStopped) return { status: 'cancelled', why: 'opted_out_keyword' };
  if (!consent) return { status: 'cancelled', why: 'consent_withdrawn' };
  if (!address) return { status: 'cancelled', why: 'no_address' };
  if (unread) return { status: 'cancelled', why: unread };
  return null;
}

/**
 * Whether a text would go to a number no customer reads, as the sale's plan and the join page decide it: a machine's
 * SIM (NL 097), or a number nextdeal texts from (shops.textsFrom: a Set kept a minute). One planned before these rules
 * (an upgrade), or to a number a shop has taken as its --sms-from since, is stopped here, as it is sent.
 */
async function unreadNumber(t: Tick, m: MessageToSend, shop: Shop): Promise<NotSent | null> {
  const phone = m.customer.phone;
  if (m.channel !== 'sms' || phone === null) return null;
  // What it is first: TWILIO_FROM is often an NL 097 number too.
  if (await t.deps.store.shops.textsFrom(phone, shop)) return 'own_number';
  return isMachine(phone) ? 'machine_number' : null;
}

/**
 * The message as it goes out, and what is kept of it: the text, with the links' token left out (an e-mail's `token`,
 * stored hashed before it goes). Only rendering: nothing is written here, so an error thrown here is the template's.
 */
function compose({ deps, now }: Tick, m: MessageToSend, shop: Shop, token: string | null): { out: SmsOut | EmailOut; content: string } {
  const voice = customerVoice(shop, m.customer);
  const locale = localeOf(voice);
  // The outbox's file name: the id and when the message was made, which an erasure matches (an id alone may be a
  // deleted or restored-away message's too, whose file is another customer's).
  const ref = `msg-${m.id}-${m.createdAt}-${m.kind}`;
  // What was bought and why, unless the shop keeps both out of messages (a pharmacy: an SMS shows on a locked phone, and
  // "Condooms" says as much as "soa-test"): the messages then speak of the visit ("was je bij", "Alles goed?").
  const [items, reason] = shop.reasonInMessages ? [m.sale.items, m.sale.reason] : [[], null];
  const props = {
    customerName: m.sale.customerName ?? m.customer.name, shopName: shop.name, items, reason, total: m.sale.total, soldAt: m.sale.occurredAt, sendAt: now,
    timezone: shop.timezone, locale, discreet: !shop.reasonInMessages, afterProblem: m.afterProblem,
  };
  if (m.channel === 'sms') {
    const body = deps.templates.sms(voice, m.kind, messageProps({ ...props, shopName: smsShopName(shop) }));
    return { out: { messageId: m.id, createdAt: m.createdAt, ref, to: m.customer.phone!, from: shop.smsFrom, body }, content: body };
  }
  // An e-mail's links carry the message's token (the same at every try); only its hash is stored, never the token.
  const unsubscribeUrl = `${deps.publicUrl}/u/${token}`;
  const links = { replyUrl: m.kind === 'checkin' ? `${deps.publicUrl}/r/${token}` : null, unsubscribeUrl };
  const email = deps.templates.email(voice, m.kind, messageProps({ ...props, links }));
  const out: EmailOut = {
    ref,
    to: m.customer.email!,
    from: { name: shop.name, address: shop.emailFrom ?? deps.emailFrom },
    // A customer who answers the e-mail itself reaches the shop (never EMAIL_FROM, which may be nextdeal@localhost).
    replyTo: replyAddress(shop),
    ...email,
    // RFC 8058 one-click unsubscribe, as Gmail and Yahoo ask of senders; RFC 3834: sent by a program, so that an
    // out-of-office does not answer it (into the shop's inbox, among the customers' real answers).
    headers: { 'List-Unsubscribe': `<${unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click', ...AUTOMATIC },
  };
  return { out, content: maskTokens(`${email.subject}\n\n${email.text}`) };
}

/**
 * The work of a tick's messages: for each claimed id, check it once more, render, keep what goes, send once and
 * record it. A batch is read at once, and what its sends write before and after the provider is written together
 * (see together.ts). A message found in the shop's quiet hours (it goes later than planned: a retry, a paused
 * channel, a server that was down, a send in doubt found not sent), or a text found in those where its number is from
 * (a tourist's: see readerZones), waits for them to end, its attempt given back;
 * one that could then only go more than 48 hours past its time is expired, as one found that late is. One to a phone
 * or address another check-in or invitation of its shop went to less than MIN_GAP before (late itself, or the other:
 * never two to one customer of a shop within a day) waits likewise until that has passed, or expires as
 * `messaged_recently`; an SMS to a phone another shop texted from the same number within REPLY_WINDOW, as
 * `number_busy` (both seen as it is kept: messages.sending).
 */
export function messageSender(t: Tick): (id: number, claimedAt: number) => Promise<void> {
  const { store, channels, metrics, log } = t.deps;
  const keep = together((rows: Keep[]) => store.messages.sending(rows, t.clock()));
  const record = together((sent: SentMessage[]) => store.messages.markSent(sent, t.now));
  const load = gathered((ids: number[]) => store.messages.load(ids));
  const looks = sharedLooks((asked: Again[]) => store.messages.again(asked), t.deps.looks?.withinMs, t.deps.looks?.clock);
  return async (id, claimedAt) => {
    const readAt = looks.clock();
    const m = await load(id);
    if (!m) return;
    const shop = await t.shopOf(m.shopId);
    if (!shop) return; // deleted since the claim, with this message
    /** Not to be sent (reasonNotToSend): settled so, as the owner's log shows it; false when the claim was no longer this one's. */
    const settle = async (stop: NonNullable<ReturnType<typeof reasonNotToSend>>, write = () => store.messages.settle(id, stop.status, stop.why)) => {
      if (stop.why === 'held_out') log.error({ message: id }, 'a message for a held-out customer was planned: not sent (a bug: please report it)');
      if (!(await write())) return false;
      metrics?.messagesSettled.inc({ kind: m.kind, channel: m.channel, status: stop.status });
      t.report[stop.status]++;
      return true;
    };
    const what = { message: id, shop: shop.slug, kind: m.kind, channel: m.channel };
    // What stops it without a look first (expired, opted out, …): one overdue is never kept waiting on the look below.
    const stopped = reasonNotToSend(m, shop, t.now, null);
    if (stopped) return void (await settle(stopped));
    let unread: NotSent | null;
    try {
      unread = await unreadNumber(t, m, shop);
    } catch (err) {
      // The numbers shops text from could not be read (the database, for a moment): nothing was sent; tried again shortly.
      await store.messages.putBack(id, t.now + 60_000, claimedAt);
      log.error({ ...what, code: (err as { code?: unknown }).code }, 'not sent: the numbers nextdeal texts from could not be read; tried again shortly');
      return;
    }
    if (unread) return void (await settle({ status: 'cancelled', why: unread }));
    const at = t.clock();
    // A text also waits for the quiet hours where its number is from to end (a tourist's): a phone buzzes at night.
    const allowedAt = (from: number) => outsideQuietHoursFor(from, shop, m.channel === 'sms' && m.customer.phone ? readerZones(m.customer.phone, shop.country) : []);
    /**
     * Not now: at `allowed`, unless that is more than 48 hours past its time (expired, `why`). `shown`: the reason the
     * owner's log gives for the wait (messaged_recently, number_busy, quiet_hours), kept with it until it goes.
     */
    const later = async (allowed: number, why: NotSent, said: string, shown: NotSent | null = null) => {
      if (isExpired(m.dueAt, allowed)) {
        await store.messages.settle(id, 'expired', why);
        metrics?.messagesSettled.inc({ kind: m.kind, channel: m.channel, status: 'expired' });
        t.report.expired++;
        return;
      }
      await store.messages.putBack(id, allowed, claimedAt, shown);
      t.report.deferred++;
      log.info({ ...what, until: new Date(allowed).toISOString() }, said);
    };
    const allowed = allowedAt(at);
    if (allowed !== at) return later(allowed, 'expired', "not sent in the quiet hours (the shop's, or where the customer's number is from): it waits for them to end", 'quiet_hours');
    let composed: ReturnType<typeof compose>;
    let token: string | null = null;
    try {
      if (m.channel === 'email') token = await store.messages.linkToken({ ...m, customerId: m.customer.id });
    } catch (err) {
      // The installation's secret could not be read (the database, for a moment): nothing was sent; tried again shortly.
      await store.messages.putBack(id, t.now + 60_000, claimedAt);
      log.error({ ...what, code: (err as { code?: unknown }).code }, 'not sent: the link token could not be made; tried again shortly');
      return;
    }
    try {
      composed = compose(t, m, shop, token);
    } catch (err) {
      // The template cannot be rendered: trying again renders it no better. Nothing was sent.
      await store.messages.settle(id, 'failed', 'render_failed', (err as Error).message);
      metrics?.messagesSettled.inc({ kind: m.kind, channel: m.channel, status: 'failed' });
      t.report.failed++;
      log.error(what, 'not sent: the template could not be rendered');
      return;
    }
    const { out, content } = composed;
    // An SMS keeps the number it goes from ('' the shared one): the customer answers it there, also once the shop moved.
    const sender = 'body' in out ? (out.from ?? '') : null;
    const looked = looks.of({ id, claimedAt, sms: sender === null ? null : { recipient: out.to, sender } }, readAt);
    const send = async () => {
      // Kept (committed) before the provider is called: a send in doubt can be looked for, and the owner sees what went.
      // Should the database fail here, nothing was handed over: the message is put back (see attempt).
      if (token !== null) await store.messages.setToken(id, token);
      const c = m.customer;
      const { kept, waits } = await keep({ id, shop: m.shopId, recipient: out.to, sender, content, claimed: claimedAt, phone: c.phone, email: c.email });
      // A check-in or invitation of this shop went to her phone or address less than a day ago (this one is late: a
      // downtime, a retry, a paused channel, the night; or the other is a housemate's): it waits until the day has
      // passed, at a decent hour. Another shop texted her from this number just now: her answer would be filed under this one; it
      // waits for the other's reply window to pass. Too late by then, it expires with a reason the owner sees.
      const wait = waits.get(id);
      if (wait !== undefined) {
        const thread = wait.thread === null ? -Infinity : wait.thread + REPLY_WINDOW;
        const day = wait.since === null ? -Infinity : wait.since + MIN_GAP;
        const [until, why, said]: [number, NotSent, string] = thread >= day
          ? [thread, 'number_busy', 'not sent now: another shop texted this phone from the same number just before; it waits until an answer to that one can no longer be taken for an answer to this']
          : [day, 'messaged_recently', 'not sent now: another message of this shop went to this phone or address less than a day before; it waits until the day has passed'];
        await later(allowedAt(until), why, said, why);
        throw new Moved();
      }
      if (!kept.has(id)) throw new ClaimLost();
      // Frozen here for minutes, the claim may be another's, and the message sent by it: handOver looks at the clocks.
      // Kept, it is no longer cancelled by a STOP (customers.ts cancelPending): one that had to wait for its turn at the
      // provider (behind slow answers, for tens of seconds) is looked at again once it has it, as its batch was, unless
      // its batch's read or a look taken for all those waiting is younger than LOOKED_AT_WITHIN_MS (afterWait, looks.ts).
      try {
        return await handOver(t, claimedAt, (look) => {
          looks.handed(looked, look);
          return 'body' in out ? channels.sms.send(out, look) : channels.email.send(out, look);
        }, m.channel, afterWait);
      } finally {
        looks.done(looked);
      }
    };
    /**
     * Once a send that waited for its turn has it, before anything is handed over: still this claim's, and still to be
     * sent as reasonNotToSend decides (the customer said STOP meanwhile, withdrew consent, was erased, the sale was
     * refunded). Else it ends as it would have ended had the batch been loaded now, and nothing goes. Before, a STOP
     * confirmed to the customer ("Je bent afgemeld") was followed seconds later by the check-in that had been waiting.
     */
    const afterWait = async () => {
      // Its batch's read, or a look for every send waiting, taken less than LOOKED_AT_WITHIN_MS ago: see looks.ts.
      const found = looks.at(looked);
      if (!found) return;
      const now = await found;
      if (!now) throw new ClaimLost();
      // (The shop as it is now: one disabled while this waited sends nothing more in its name.)
      // As at the claim: what stops it without a look first, so that a failing look never keeps back a settlement.
      let stop: ReturnType<typeof reasonNotToSend> = now.erased
        ? { status: 'cancelled', why: 'erased' }
        : reasonNotToSend(now.m, { ...shop, disabledAt: now.shopDisabledAt }, t.now, null);
      if (!stop) {
        const unread = await unreadNumber(t, now.m, shop);
        if (!unread) return;
        stop = { status: 'cancelled', why: unread };
      }
      if (!(await settle(stop, () => store.messages.unsend(id, claimedAt, stop.status, stop.why)))) throw new ClaimLost();
      log.info({ ...what, status: stop.status, reason: stop.why }, `not sent: ${stop.why} while it waited for its turn at the provider; nothing handed over`);
      throw new Moved();
    };
    const job = { id, attempts: m.attempts, claimedAt, channel: m.channel, what, ownSender: ownSender(shop, m.channel), retryUntil: m.dueAt + EXPIRES_AFTER };
    const providerId = await sendOnce(
      t, store.messages, job, send,
      // Twilio 21610: the number replied STOP to Twilio itself. Respect it everywhere.
      async (f) => void (f.optedOut && (await store.customers.optOut(m.customer.id, 'sms', 'provider', t.now))),
      // Failed for good (a failure to retry fails the message only past its tries and its time: see Job.retryUntil).
      () => metrics?.messagesSettled.inc({ kind: m.kind, channel: m.channel, status: 'failed' }),
    );
    if (providerId === null) return;
    // Should recording fail after a successful send, the row stays 'sending' and turns 'uncertain' after
    // the lease, rather than being sent again.
    const sent = { createdAt: m.createdAt, recipient: out.to, sender, content };
    const recorded = (await record({ id, shopId: m.shopId, providerId, claimedAt, sent })).get(id)!;
    // Written to a file (no SMTP or Twilio set up) is not sent: the operator's figures say so, as the owner's do.
    const status = outboxed(providerId) ? 'outbox' : 'sent';
    const via = channels[m.channel].transport;
    // The outbox is no send: the log says where it went, as the metrics and the owner's page do (README: the outbox).
    const went = status === 'outbox' ? 'message written to the outbox' : 'message sent';
    // Cancelled since it was put back (a STOP, a refund, an erasure): it stays so, and this send went all the same, the
    // only one (db/messages.ts sentCancelled).
    const cancelled = !recorded.marked && recorded.status === 'cancelled';
    // Counted in the metrics where it is recorded: by this dispatcher, or by what recorded it first (Twilio's callback,
    // another instance that found it in Twilio's list), never by both. One cancelled since went, and nobody counted it.
    if (recorded.marked || cancelled) metrics?.messagesSettled.inc({ kind: m.kind, channel: m.channel, status });
    // The tick's report counts this send when it went out once, as recorded: by this dispatcher, or by Twilio's word.
    if (recorded.marked || cancelled || recorded.providerId === providerId) t.report[status]++;
    if (recorded.marked && recorded.putBack) {
      // Held up past its claim's lease (a frozen VM, a long pause), this dispatcher's send went, and its answer came
      // after the message was scheduled again (Twilio's list did not have it yet, say): recorded now, it does not go twice.
      log.info({ ...what, via, claimedAt: new Date(claimedAt).toISOString() },
        `${went}: its answer came after this dispatcher was held up past its claim's lease and the message was scheduled again meanwhile (not found in Twilio's list yet, or put back); recorded as sent with this send, and not sent again`);
    } else if (cancelled) {
      // Put back while this send was under way (see above), then cancelled (a STOP, a refund, an erasure): it went before
      // that, once. Kept cancelled, as the owner sees it; with the provider's id, but not an erased customer's.
      log.warn({ ...what, via, claimedAt: new Date(claimedAt).toISOString(), status: 'cancelled' },
        `${went}, though the message was cancelled meanwhile (a STOP, a refund, an erasure): its answer came after this dispatcher was held up past its claim's lease; it stays cancelled${recorded.cancelledSince ? ", with the provider's id" : ''}, and is not sent again`);
    } else if (recorded.marked ? !recorded.otherClaim : recorded.providerId === providerId) {
      log.info({ ...what, via }, went);
    } else if (recorded.marked || recorded.status !== null) {
      // This dispatcher was held up past its claim's lease (a frozen VM, a long pause) while its send was under way, and
      // another instance took the message over meanwhile: sent it again, or claimed it to send it again. Both may go.
      const now = recorded.marked
        ? 'recorded as sent with this send, counted once; the other had claimed it again and may send it too'
        : recorded.status === 'sent' ? 'it had sent it again and recorded it: counted once' : `the message is ${recorded.status} there`;
      log.warn({ ...what, via, claimedAt: new Date(claimedAt).toISOString(), status: recorded.marked ? 'sent' : recorded.status },
        `sent by this dispatcher after it was held up past its claim's lease and another instance took the message over (${now}): the customer may have got it twice`);
    } else log.info({ ...what, via }, `${went}, but deleted meanwhile with its shop: nothing recorded`);
  };
}

/**
 * SMS sends in doubt (no answer from Twilio, or a dispatcher that stopped mid-send: db/messages.ts lookedUp), once `reconcileAfterMs` has
 * passed: Twilio's Messages list says whether they went out. Found: sent, with Twilio's SID. Not found: they certainly
 * did not go out, so they go now. Twilio not reachable: asked again at the next tick. Up to two days back, and up to
 * a claim's worth a tick: what a dispatcher killed mid-claim left in doubt is settled at once.
 */
export async function reconcile(t: Tick): Promise<void> {
  const { store, channels, log, reconcileAfterMs } = t.deps;
  const { reconcile: ask } = channels.sms;
  if (!ask) return;
  const real = t.stamp();
  for (const m of await store.messages.inDoubt(real - LOOKED_UP_WITHIN_MS, real - reconcileAfterMs, MESSAGE_CLAIM)) {
    if (t.stopping()) return;
    const shop = await t.shopOf(m.shopId);
    if (!shop) continue; // deleted, with this message
    let found: { providerId: string } | null;
    try {
      // Looked for under the number it went from, not the shop's now (it may have moved since: "not found", and sent
      // twice); one a version before migration 043 kept (a rolling deploy), under the shop's.
      const from = m.sender === null ? shop.smsFrom : m.sender || null;
      found = await ask.call(channels.sms, { to: m.recipient, from, body: m.content, since: m.claimedAt });
    } catch (err) {
      log.warn({ message: m.id, code: (err as { code?: unknown }).code }, 'could not ask the provider about a send in doubt; asking again later');
      continue;
    }
    if (found) {
      // Settled as sent, as one whose answer came: the operator's count of what went out includes it.
      if ((await store.messages.markSent([{ id: m.id, shopId: m.shopId, providerId: found.providerId }], m.claimedAt)).get(m.id)?.marked) {
        t.deps.metrics?.messagesSettled.inc({ kind: m.kind, channel: 'sms', status: 'sent' });
      }
      t.report.reconciled++;
      log.info({ message: m.id }, "a send in doubt went out after all: found in the provider's records");
    } else {
      await store.messages.notFound(m.id, m.claimedAt, t.now);
      log.info({ message: m.id }, "a send in doubt is not in the provider's records: sending it again");
    }
  }
}
