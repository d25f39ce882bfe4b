// nextdeal customer / purge: consent and the customer's rights (AVG/GDPR).
import type { Command } from 'commander';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { removeOutboxCopies } from '../channels/outbox.js';
import { int } from '../config.js';
import type { Erased } from '../db/privacy.js';
import type { Shop } from '../db/shops.js';
import { normaliseEmail } from '../domain/contact.js';
import { saleKey } from '../domain/sale.js';
import { type Context, UsageError, parse, shopOption } from './context.js';
import { phoneToFind } from './customer-phone.js';

export function privacyCommands(cli: Command, { open, shopNamed, json, io }: Context): void {
  /** The customer's rows named by --phone or --email (read as the shop's customers' numbers are): all of them. */
  async function customersOf(shop: Shop, o: { phone?: string; email?: string }): Promise<number[]> {
    if (!o.phone === !o.email) throw new UsageError('name the customer with --phone or with --email');
    if (o.phone) {
      const phone = phoneToFind(o.phone, shop.country);
      if (phone.said) io.err(`${phone.said}\n`);
      const ids = await (await open()).store.privacy.matching(shop.id, { phone: phone.e164 });
      if (ids.length === 0) throw new UsageError(`shop "${shop.slug}" has no customer with the phone number ${phone.e164}`);
      return ids;
    }
    const r = normaliseEmail(o.email!);
    if (!r.ok) throw new UsageError(`--email: ${r.message}`);
    const ids = await (await open()).store.privacy.matching(shop.id, { email: r.value });
    if (ids.length === 0) throw new UsageError(`shop "${shop.slug}" has no customer with that e-mail address`);
    return ids;
  }
  /**
   * Who --phone, --email or --sale names: a customer's rows, or, for a sale with no customer (a walk-in who gave only a
   * name, a wrong number the till left out), that sale, which alone holds what was kept of them.
   */
  async function named(shop: Shop, o: { phone?: string; email?: string; sale?: string; till?: string }): Promise<{ customers: number[] } | { sale: number }> {
    if (o.till !== undefined && o.sale === undefined) throw new UsageError('--till names the till of a sale: give --sale too');
    if (o.sale === undefined) return { customers: await customersOf(shop, o) };
    if (o.phone || o.email) throw new UsageError('name the customer with one of --phone, --email or --sale');
    const found = await (await open()).store.privacy.bySale(shop.id, saleKey(o.sale, o.till ?? null));
    if (!found) {
      throw new UsageError(
        `shop "${shop.slug}" has no sale "${o.sale}"${o.till === undefined ? '' : ` from till "${o.till}"`}` +
          (o.till === undefined ? ' (a till that sends tillId with its sales: give --till <tillId> too)' : ''),
      );
    }
    return found.customers.length > 0 ? { customers: found.customers } : { sale: found.saleId };
  }
  const withCustomer = (c: Command) =>
    shopOption(c, { required: true }).option('--phone <number>', "the customer's phone number").option('--email <address>', "the customer's e-mail address");
  const orSale = (c: Command) =>
    withCustomer(c)
      .option('--sale <id>', "or the till's id of one of their sales: its customer, or, when it has none, the sale itself (the name and reason given with it)")
      .option('--till <tillId>', 'with --sale: the till it came from, for a till that sends tillId with its sales');

  const customer = cli.command('customer').description("a customer's consent and data");
  orSale(customer.command('export').description('print all data held on the customer, as JSON (a list: one entry per row that has that number or address)'))
    .action(async (o) => {
      const { store } = await open();
      const who = await named(await shopNamed(o.slug), o);
      json('sale' in who ? [await store.privacy.exportSale(who.sale)] : await Promise.all(who.customers.map((id) => store.privacy.export(id))));
    });

  orSale(customer.command('erase').description("delete the customer's contact details, replies and message texts, everywhere; anonymous counts stay"))
    .action(async (o) => {
      const who = await named(await shopNamed(o.slug), o);
      const { store, config } = await open();
      const done = 'sale' in who ? await store.privacy.eraseSale(who.sale, Date.now()) : await store.privacy.erase(who.customers, 'request', Date.now());
      io.out(`erased ${erased(done, config.OUTBOX_DIR)}; the anonymous counts stay\n`);
    });

  /** What an erasure did, in words, after the outbox's copies of its messages went too; an error when the log stayed. */
  function erased(e: Erased, outboxDir: string): string {
    const files = removeOutboxCopies(outboxDir, e);
    if (!e.logEmptied) {
      throw new UsageError(
        "erased in the database, but its write-ahead log could not be emptied (another process was reading it), so the erased values are still in that file: run the same command again when nextdeal is idle, or stop it first",
      );
    }
    const n = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;
    return [n(e.customers, 'customer row'), n(e.sales, 'sale'), n(e.messages, 'message'), n(e.replies, 'reply', 'replies'), n(e.lookups, 'till look-up'), n(files, 'outbox file')].join(', ');
  }

  withCustomer(customer.command('consent').description('record consent the customer gave or withdrew to the owner'))
    .option('--sms <yes|no>', 'texts: yes, the customer told the owner they want them; no, they do not (an opt-out, as a STOP: no till gives it back)')
    .option('--email-consent <yes|no>', 'e-mails: yes or no, as --sms')
    .action(async (o) => {
      const yesNo = z.enum(['yes', 'no'], 'expected yes or no').optional();
      const { sms, emailConsent } = parse(z.object({ sms: yesNo, emailConsent: yesNo }), o);
      if (!sms && !emailConsent) throw new UsageError('give --sms yes|no and/or --email-consent yes|no');
      const ids = await customersOf(await shopNamed(o.slug), o);
      const { customers, privacy } = (await open()).store;
      // A "no" the customer gave the owner is an opt-out, as "Niets meer sturen" is: no till's consent (a later sale's,
      // or a connection's --consent) gives it back; only the customer can (a START, the page, or "yes" here).
      const record = (id: number, channel: 'sms' | 'email', answer: 'yes' | 'no') =>
        answer === 'yes' ? customers.setConsent(id, channel, true, 'owner', Date.now()) : customers.optOut(id, channel, 'owner', Date.now());
      // Each row as it was, then as it is: an opt-out on one row cancels what waits on every row with the number.
      const held = async () => (await Promise.all(ids.map((id) => privacy.export(id)))).filter((e) => e !== undefined);
      const before = await held();
      for (const id of ids) {
        if (sms) await record(id, 'sms', sms);
        if (emailConsent) await record(id, 'email', emailConsent);
      }
      const after = await held();
      json(after.flatMap((e) => e.consent));
      // The operator review of 5 December: what the answer did to the planned messages was said nowhere.
      for (const [channel, answer] of [['sms', sms], ['email', emailConsent]] as const) {
        if (answer) io.err(consentNote(channel, answer, before, after, Date.now()));
      }
    });

  shopOption(
    cli
      .command('purge')
      .description('erase customers with no purchase in the given number of months (the server does this monthly, RETENTION_MONTHS)')
      .requiredOption('--older-than <months>', 'months without a purchase, a whole number from 1 to 600 (the server purges by RETENTION_MONTHS)'),
    { required: false, description: 'only this shop' },
  )
    .action(async (o) => {
      const { olderThan } = parse(z.object({ olderThan: int(1, 600) }), o);
      const shopId = o.slug ? (await shopNamed(o.slug)).id : 0;
      const since = DateTime.now().minus({ months: olderThan }).toMillis();
      const { store, config } = await open();
      const done = await store.privacy.purge(since, Date.now(), shopId);
      if (!done) throw new UsageError('another nextdeal is purging right now (the monthly retention purge): try again in a minute');
      io.out(`erased ${erased(done, config.OUTBOX_DIR)}: no purchase in ${olderThan} months\n`);
    });
}

type Held = { customer: Record<string, unknown>; messages: Record<string, unknown>[] };
const KIND: Record<string, string> = { checkin: 'the check-in', comeback: 'the come-back invitation' };
const OPTION = { sms: '--sms', email: '--email-consent' } as const;

/**
 * What `customer consent` did to the customer's messages on that channel, for stderr: a "no" cancels what waits, for
 * good; a "yes" brings back nothing cancelled (the next sale plans anew); and a "yes" for a customer with no number or
 * address on it reaches nobody until a till gives one. Empty when there is nothing to say.
 */
function consentNote(channel: 'sms' | 'email', answer: 'yes' | 'no', before: Held[], after: Held[], now: number): string {
  const on = (m: Record<string, unknown>) => m.channel === channel && m.status === 'cancelled';
  const list = (ms: Record<string, unknown>[]) => ms.map((m) => `${KIND[String(m.kind)] ?? String(m.kind)} due ${new Date(Number(m.dueAt)).toISOString()}`).join(', ');
  const option = OPTION[channel];
  if (answer === 'no') {
    const cancelled = after.flatMap((e, i) => e.messages.filter((m, j) => on(m) && before[i]?.messages[j]?.status !== 'cancelled'));
    if (cancelled.length === 0) return '';
    return `cancelled ${cancelled.length} message(s) that waited for this customer by ${channel} (${list(cancelled)}): they do not go, and a later ${option} yes does not bring them back (their next sale plans new ones)\n`;
  }
  const lines: string[] = [];
  const contact = channel === 'sms' ? 'phone' : 'email';
  if (after.every((e) => e.customer[contact] === null || e.customer[contact] === undefined)) {
    lines.push(`warning: ${option} yes is recorded, but this customer has no ${channel === 'sms' ? 'phone number' : 'e-mail address'}: nothing goes to them by ${channel} until a till sends one\n`);
  }
  // Cancelled when the customer said no, and not long past: they stay cancelled.
  const stay = after.flatMap((e) => e.messages.filter((m) => on(m) && /^(opted_out|consent_withdrawn)/.test(String(m.error)) && Number(m.dueAt) > now - 48 * 3_600_000));
  if (stay.length > 0) lines.push(`${stay.length} message(s) cancelled when the customer said no stay cancelled (${list(stay)}): consent counts from their next sale\n`);
  return lines.join('');
}

