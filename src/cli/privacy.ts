// nextdeal customer / purge: consent and the customer's rights (AVG/GDPR).
import type { Command } from 'commander';
import { DateTime } from 'luxon';
import { z } from 'zod';
import type { Shop } from '../db/shops.js';
import { normaliseEmail, normalisePhone } from '../domain/contact.js';
import { type Context, UsageError, parse } from './context.js';

export function privacyCommands(cli: Command, { open, shopNamed, json, io }: Context): void {
  /** The customer named by --phone or --email (read as the shop's customers' numbers are). */
  function customerOf(shop: Shop, o: { phone?: string; email?: string }) {
    if (!o.phone === !o.email) throw new UsageError('name the customer with --phone or with --email');
    const r = o.phone ? normalisePhone(o.phone, shop.country) : normaliseEmail(o.email!);
    if (!r.ok) throw new UsageError(`${o.phone ? '--phone' : '--email'}: ${r.message}`);
    const c = open().store.customers.find(shop.id, o.phone ? { phone: r.value } : { email: r.value });
    if (!c) throw new UsageError(`shop "${shop.slug}" has no customer with that ${o.phone ? 'phone number' : 'e-mail address'}`);
    return c;
  }
  const withCustomer = (c: Command) =>
    c.requiredOption('--shop <slug>').option('--phone <number>', "the customer's phone number").option('--email <address>', "the customer's e-mail address");

  const customer = cli.command('customer').description("a customer's consent and data");
  withCustomer(customer.command('export').description('print all data held on one customer, as JSON'))
    .action((o) => json(open().store.privacy.export(customerOf(shopNamed(o.shop), o).id)));

  withCustomer(customer.command('erase').description("delete one customer's contact details, replies and message texts; anonymous counts stay"))
    .action((o) => {
      const c = customerOf(shopNamed(o.shop), o);
      open().store.privacy.erase(c.id, 'request', Date.now());
      io.out('erased: the contact details, replies and message texts are gone; the anonymous counts stay\n');
    });

  withCustomer(customer.command('consent').description('record consent the customer gave or withdrew to the owner'))
    .option('--sms <yes|no>')
    .option('--email-consent <yes|no>')
    .action((o) => {
      const yesNo = z.enum(['yes', 'no'], 'expected yes or no').optional();
      const { sms, emailConsent } = parse(z.object({ sms: yesNo, emailConsent: yesNo }), o);
      if (!sms && !emailConsent) throw new UsageError('give --sms yes|no and/or --email-consent yes|no');
      const c = customerOf(shopNamed(o.shop), o);
      const { customers } = open().store;
      if (sms) customers.setConsent(c.id, 'sms', sms === 'yes', 'owner', Date.now());
      if (emailConsent) customers.setConsent(c.id, 'email', emailConsent === 'yes', 'owner', Date.now());
      json(open().store.privacy.export(c.id)?.consent);
    });

  cli
    .command('purge')
    .description('erase customers with no purchase in the given number of months (the server does this monthly, RETENTION_MONTHS)')
    .requiredOption('--older-than <months>')
    .option('--shop <slug>', 'only this shop')
    .action((o) => {
      const { olderThan } = parse(z.object({ olderThan: z.coerce.number().int().min(1).max(600) }), o);
      const shopId = o.shop ? shopNamed(o.shop).id : 0;
      const since = DateTime.now().minus({ months: olderThan }).toMillis();
      const erased = open().store.privacy.purge(since, Date.now(), shopId);
      io.out(`erased ${erased} customer${erased === 1 ? '' : 's'} with no purchase in ${olderThan} months\n`);
    });
}
