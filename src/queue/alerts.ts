// Owner alerts: an e-mail to the shop's alert address about a customer's problem or question (or words in a language
// the reader does not read), with what they bought, why, what they said, and how to call them back.
import { DateTime } from 'luxon';
import type { EmailOut } from '../channels/types.js';
import type { AlertToSend } from '../db/alerts.js';
import { outboxed } from '../db/outboxed.js';
import type { Shop } from '../db/shops.js';
import { otherLanguage, unwantedBecause, unwantedReply, wrongNumber } from '../domain/classify.js';
import { displayPhone, mailtoHref, phoneIn } from '../domain/contact.js';
import { initialCapital } from '../domain/message-props.js';
import { boughtItems } from '../domain/purchase.js';
import { type Locale, pickLocale } from '../domain/sale.js';
import { phrases } from '../i18n.js';
import type { Templates } from '../templates.js';
import { ClaimLost, type Tick, handOver, sendOnce } from './attempt.js';
import { AUTOMATIC } from './messages.js';

/** How long an owner alert keeps trying through mail trouble: a week from the reply. */
export const ALERT_PATIENCE = 7 * 24 * 3_600_000;

const localTime = (at: number, shop: Shop, locale: Locale, format: string) => DateTime.fromMillis(at, { zone: shop.timezone }).setLocale(locale).toFormat(format);

function composeAlert(templates: Templates, emailFrom: string, publicUrl: string, a: AlertToSend, shop: Shop): EmailOut {
  const locale = pickLocale(shop.locale, 'en');
  const { customer, sale, reply } = a;
  const never = unwantedReply(reply.body ?? '');
  const because = reply.class === 'problem' && never ? unwantedBecause(reply.body ?? '') : [];
  const wrongAddress = reply.channel === 'email' && wrongNumber(reply.body ?? '', 'email'); // a stranger at the address
  // A wrong number is named as texted (it is off the customer's row now), and nobody has opted out by it.
  const wrong = reply.channel === 'sms' && wrongNumber(reply.body ?? '', 'sms');
  // A number the customer gives ("Bel me terug op 0687654321") is the one to call, the one on file beside it.
  const given = wrong || wrongAddress ? null : phoneIn(reply.body ?? '', shop.country, customer.phone);
  const phoneGiven = given !== null && given !== customer.phone;
  const phone = wrong ? (a.texted ?? customer.phone) : phoneGiven ? given : customer.phone;
  // So is a wrong address, and the owner's answer must not go to the stranger.
  const email = wrongAddress ? (a.texted ?? customer.email) : customer.email;
  return {
    ref: `alert-${a.id}`,
    to: shop.alertEmail!,
    from: { name: `nextdeal · ${shop.name}`, address: emailFrom },
    replyTo: wrongAddress ? null : customer.email,
    // Its Reply-To is the customer: the owner's out-of-office must not answer them.
    headers: { ...AUTOMATIC },
    ...templates.alert(locale, {
      shopName: shop.name,
      // A name that starts a sentence starts with a capital: "Van der Berg heeft een probleem." (Dutch writes the
      // particle of a surname without a first name so anywhere: "Het nummer van Van der Berg"), and its "ij" as one
      // letter: "IJsbrand".
      customerName: customer.name && initialCapital(customer.name),
      phone: phone && displayPhone(phone, shop.country),
      phoneLink: phone && `tel:${phone}`,
      phoneGiven,
      onFile: phoneGiven && customer.phone ? displayPhone(customer.phone, shop.country) : null,
      email,
      emailLink: email && mailtoHref(email),
      // What was bought, as the messages name it: no discount ("Korting 10%"), deposit or line taken off (boughtItems).
      items: (sale && boughtItems(sale.items, sale.total).map((i) => i.name).join(', ')) || null,
      reason: sale?.reason ?? null,
      saleDate: sale && localTime(sale.occurredAt, shop, locale, 'cccc d LLLL'),
      answer: reply.answer && phrases[locale].answers[reply.answer],
      words: reply.body,
      attachments: reply.media > 0 ? reply.media : null,
      oneAttachment: reply.media === 1,
      isProblem: reply.class === 'problem',
      inOtherLanguage: reply.class === 'other' && otherLanguage(reply.body ?? '') !== null,
      wrongNumber: wrong,
      wrongAddress,
      unwanted: reply.class === 'problem' && never,
      unwantedWhy: because.map((k) => ({ noConsent: k === 'no_consent', spam: k === 'spam', erase: k === 'erase' })),
      unwantedErase: because.includes('erase'),
      receivedAt: localTime(reply.receivedAt, shop, locale, 'cccc d LLLL, HH:mm'),
      // From a phone between customers, one tap to the list where it is marked handled (the login first, if need be),
      // opening at this reply, wherever it stands in the list.
      repliesUrl: `${publicUrl}/shops/${shop.slug}/replies?reading=open&reply=${reply.id}#r${reply.id}`,
      holdsInvitation: a.holdsInvitation,
      afterInvitation: a.afterInvitation,
      optedOut: a.optedOut && !never && !wrong && !wrongAddress, // (an unwanted reply's alert says it already; a wrong number is no customer's stop, and the stranger at an address wants nothing)
      canStart: a.afterSmsStop && !never && !wrong && !a.withoutSale, // (not "de klant … de berichten toch weer": she may never have had one)
      withoutSale: a.withoutSale,
      unsubscribeUrl: null,
    }),
  };
}

export async function sendAlert(t: Tick, id: number, claimedAt: number): Promise<void> {
  const { store, channels, templates, emailFrom, publicUrl, log } = t.deps;
  const a = await store.alerts.load(id);
  if (!a) return;
  const shop = await t.shopOf(a.shopId);
  if (!shop) return; // deleted since the claim, with this alert
  if (!shop.alertEmail) return void (await store.alerts.settle(id, 'failed', 'no_alert_address'));
  const what = { alert: id, shop: shop.slug };
  let out: EmailOut;
  try {
    out = composeAlert(templates, emailFrom, publicUrl, a, shop);
  } catch (err) {
    // The template cannot be rendered: trying again renders it no better. Nothing was sent.
    log.error(what, 'alert not sent: the template could not be rendered');
    return void (await store.alerts.settle(id, 'failed', 'render_failed', (err as Error).message));
  }
  // A complaint reaches the owner late rather than never: it waits out a week of mail trouble.
  const job = { id, attempts: a.attempts, claimedAt, channel: 'email' as const, what, retryUntil: a.reply.receivedAt + ALERT_PATIENCE };
  // The address is kept before the mail server is called: an alert claimed with none kept was never handed over, and
  // goes again after a crash (src/db/chores.ts). It is also the address it was refused at: while it is still the
  // shop's, the owner's page and `shop show` say so.
  const send = async () => {
    if (!(await store.alerts.keep(id, out.to, claimedAt))) throw new ClaimLost();
    return handOver(t, claimedAt, (look) => channels.email.send(out, look), 'email');
  };
  const sent = await sendOnce(t, store.alerts, job, send);
  if (sent === null) return;
  await store.alerts.markSent(id, t.now, out.to);
  t.report.alerts++;
  // Written to the outbox (no SMTP set up), the owner got nothing: the log says so, not "sent".
  log.info({ ...what, via: channels.email.transport }, outboxed(sent) ? 'alert written to the outbox' : 'alert sent');
}
