// nextdeal shop: create and configure shops.
import type { Command } from 'commander';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { addressRefused } from '../db/alerts.js';
import { DAILY_CAP, DAILY_CEILING } from '../db/confirmations.js';
import { type Shop, StillInGrace, stillWorks } from '../db/shops.js';
import type { Store } from '../db/store.js';
import { holdoutShares } from '../domain/holdout.js';
import { MIN_PASSWORD, hashPassword } from '../domain/password.js';
import { type Connection, vendors } from '../db/tills.js';
import { locales } from '../domain/sale.js';
import { MIN_COMEBACK_DAYS, inQuietHours } from '../domain/schedule.js';
import { safeEqual } from '../http/signature.js';
import { outboxIds, removeOutboxCopies } from '../channels/outbox.js';
import { dmarcPolicy } from '../channels/dmarc.js';
import { createLogger } from '../log.js';
import { CLAIM_LEASE } from '../queue/attempt.js';
import { adapters } from '../vendors/index.js';
import { type Context, UsageError, optionName, parse, shopOption } from './context.js';
import { pauseView, pauseWarning } from './pauses.js';
import { createCommand } from './shop-create.js';
import { nightOpen, shopOptions, smsNameNote } from './shop-settings.js';

/** A shop as shown to its operator: settings, never the secrets. */
const describe = (s: Shop) => ({
  slug: s.slug,
  name: s.name,
  timezone: s.timezone,
  country: s.country,
  locale: s.locale,
  checkinHour: s.checkinHour,
  quietHours: `${s.quietStart}-${s.quietEnd}`,
  comebackDays: s.comebackDays,
  checkinGapDays: s.checkinGapDays,
  // Days after a shipped sale (a web shop's order sent by post) its check-in goes, once the parcel can have come.
  shippedCheckinDays: s.shippedCheckinDays,
  emailFrom: s.emailFrom,
  smsFrom: s.smsFrom,
  alertEmail: s.alertEmail,
  // Where the join page may text a confirmation code (the shop's own country unless set).
  joinCountries: s.joinCountries ?? s.country,
  // The share of new customers held out to measure whether nextdeal helps (percent; 0: off).
  holdout: s.holdout,
  // Whether messages name what the customer bought and quote their reason for buying.
  reasonInMessages: s.reasonInMessages ? 'on' : 'off',
  formal: s.formal ? 'on' : 'off',
  // After `shop disable`: since when it no longer uses nextdeal.
  ...(s.disabledAt !== null && { disabledAt: new Date(s.disabledAt).toISOString() }),
  // After a `shop delete` cut off half-way: since when it is being deleted (run shop delete again to finish).
  ...(s.deletingAt !== null && { deletingSince: new Date(s.deletingAt).toISOString() }),
  // After `shop rotate`: until when the API key or webhook secret before it still works.
  ...(stillWorks(s.previousApiKeyHash, s.previousKeyUntil, Date.now()) && { previousKeyValidUntil: new Date(s.previousKeyUntil!).toISOString() }),
  ...(stillWorks(s.previousWebhookSecret, s.previousSecretUntil, Date.now()) && { previousSecretValidUntil: new Date(s.previousSecretUntil!).toISOString() }),
});

/** A till connection as shown to its operator: every setting, the secret and access token only as whether they are set. */
const connectionView = (c: Connection, slug: string, publicUrl: string) => ({
  vendor: c.vendor,
  webhookUrl: `${publicUrl}/v1/shops/${slug}/webhooks/${c.vendor}`,
  secret: 'set',
  accessToken: c.accessToken ? 'set' : 'not set',
  notificationUrl: c.notificationUrl,
  apiBaseUrl: c.apiBaseUrl,
  consentCollectedInTill: c.consent,
  ...(c.vendor === 'shopify' && { onlineOrders: c.onlineOrders }),
  // The vendor account whose deliveries alone it takes; null: every one signed with its secret.
  ...(adapters[c.vendor].account && { account: c.account }),
  ...(stillWorks(c.previousSecret, c.previousSecretUntil, Date.now()) && { previousSecretValidUntil: new Date(c.previousSecretUntil!).toISOString() }),
});

/** How long a key or secret replaced still works: `--grace-hours`, 0-168. */
const GRACE_HOURS = "how long the old one still works while the till is given the new one, 0-168 (0: it stops at once, as one that leaked must)";
function graceMs(hours: string): number {
  if (!/^\d+(\.\d+)?$/.test(hours) || Number(hours) > 168) throw new UsageError('--grace-hours: expected hours from 0 to 168');
  return Math.round(Number(hours) * 3_600_000);
}

/** The options of shop update by which messages are planned, as given (the zod field: the option). */
const PLANNING = { checkinHour: '--checkin-hour', timezone: '--timezone', quietHours: '--quiet-hours', comebackDays: '--comeback-days', shippedCheckinDays: '--shipped-checkin-days' } as const;
type Planning = keyof typeof PLANNING;

/**
 * Messages already planned keep the moment they were planned for when an option by which they are planned changes: the
 * new setting applies to sales from now on (re-planning would have to move the held-out customers' would-be messages
 * alike and keep every other rule, the 24 hours between two messages among them). Said, with how many, so that an
 * owner who moved the check-in hour is not surprised by tomorrow's at the old one. Only for an option whose value
 * changed (a script that applies the same settings again is told nothing), and counted by what it plans: the check-in
 * hour, time zone and quiet hours every message; --comeback-days the come-back invitations; --shipped-checkin-days
 * the messages of web orders sent by post. After a new time zone a message goes at the same moment, so at another
 * local hour (10:00 in Amsterdam is 04:00 in New York); quiet hours are looked at again as each message goes, in the
 * shop's zone: one that now falls in them waits until they end. Nothing planned: nothing said.
 */
async function notePlanned(io: Context['io'], store: Store, shop: Shop, given: { [k in Planning]?: unknown }): Promise<void> {
  const was: { [k in Planning]: unknown } = {
    checkinHour: shop.checkinHour, timezone: shop.timezone, quietHours: [shop.quietStart, shop.quietEnd], comebackDays: shop.comebackDays, shippedCheckinDays: shop.shippedCheckinDays,
  };
  const changed = (Object.keys(PLANNING) as Planning[]).filter((k) => given[k] !== undefined && JSON.stringify(given[k]) !== JSON.stringify(was[k]));
  const notes: { options: Planning[]; kinds: readonly ('checkin' | 'comeback')[]; shipped: boolean }[] = [];
  const every = changed.filter((k) => k === 'checkinHour' || k === 'timezone' || k === 'quietHours');
  if (every.length > 0) notes.push({ options: every, kinds: ['checkin', 'comeback'], shipped: false });
  if (changed.includes('comebackDays')) notes.push({ options: ['comebackDays'], kinds: ['comeback'], shipped: false });
  if (changed.includes('shippedCheckinDays')) notes.push({ options: ['shippedCheckinDays'], kinds: ['checkin', 'comeback'], shipped: true });
  // Counted once for all the shop's messages and once for those of shipped sales, whichever notes need them.
  const counted: Partial<Record<'all' | 'shipped', ReturnType<Store['messages']['planned']>>> = {};
  for (const { options, kinds, shipped } of notes) {
    const planned = await (counted[shipped ? 'shipped' : 'all'] ??= store.messages.planned(shop.id, shipped));
    const counts = [
      ...(kinds.includes('checkin') && planned.checkin > 0 ? [planned.checkin === 1 ? '1 check-in' : `${planned.checkin} check-ins`] : []),
      ...(kinds.includes('comeback') && planned.comeback > 0 ? [planned.comeback === 1 ? '1 come-back invitation' : `${planned.comeback} come-back invitations`] : []),
    ];
    if (counts.length === 0) continue;
    const one = counts.length === 1 && counts[0]!.startsWith('1 ');
    const zone = options.includes('timezone') ? String(given.timezone) : null;
    // The check-in hour they were planned at, in the old zone, as it reads in the new one (today's offsets).
    const hour = (z: string) => DateTime.now().setZone(shop.timezone).set({ hour: shop.checkinHour, minute: 0 }).setZone(z).toFormat('HH:mm');
    const keep = zone === null
      ? `${one ? 'keeps its' : 'keep their'} time`
      : `${one ? 'keeps the moment it was' : 'keep the moment they were'} planned for (${hour(shop.timezone)} in ${shop.timezone} is ${hour(zone)} in ${zone})`;
    const quiet = zone !== null || options.includes('quietHours') ? `; one that now falls in the ${zone === null ? 'new ' : ''}quiet hours waits until they end` : '';
    const post = shipped ? ' of web orders sent by post' : '';
    io.err(`note: ${counts.join(' and ')}${post} already planned ${keep}: ${options.map((k) => PLANNING[k]).join(', ')} ${options.length === 1 ? 'applies' : 'apply'} to sales from now on${quiet}\n`);
  }
}

/**
 * A shop's own sender address on a domain that refuses (or puts in spam) mail it did not sign: nextdeal's SMTP server
 * must sign for it (DKIM), or its e-mails are lost after the server took them, unseen (src/channels/dmarc.ts).
 */
async function noteDmarc(io: Context['io'], address: string, emailFrom: string): Promise<void> {
  const domain = address.slice(address.lastIndexOf('@') + 1).toLowerCase();
  if (!io.dns || domain === emailFrom.slice(emailFrom.lastIndexOf('@') + 1).toLowerCase()) return;
  const instead = `or leave --email-from unset (""): e-mails then go from EMAIL_FROM under the shop's name, and a customer who answers one writes to the shop's --alert-email`;
  const found = await dmarcPolicy(domain, io.dns).catch((e: NodeJS.ErrnoException) => e);
  if (found instanceof Error) {
    io.err(`note: could not look up whether ${domain} accepts mail your SMTP server sends in its name (DNS: ${found.code ?? found.message}); if ${domain} publishes a DMARC policy, have your mail provider sign for ${domain} (DKIM), ${instead}\n`);
  } else if (found === 'reject' || found === 'quarantine') {
    const fate = found === 'reject' ? 'refused by customers\' mail servers' : 'put in customers\' spam';
    io.err(`warning: ${domain} publishes a DMARC policy "${found}": e-mail from ${address} that your SMTP server does not sign for ${domain} (DKIM) is ${fate} after the server took it, and nextdeal never hears of it. Have your mail provider sign for ${domain}, ${instead}\n`);
  }
}

/** The vendor is `connect`'s and `disconnect`'s argument, as their usage names it ("vendor: …"), not "--vendor". */
const vendorArgument = (field: string): string => (field === 'vendor' ? 'vendor' : optionName(field));

export function shopCommands(cli: Command, ctx: Context): void {
  const { open, missingDatabase, shopNamed, json, io } = ctx;
  const shop = cli.command('shop').description('create and configure shops');
  createCommand(shop, ctx);

  shop
    .command('list')
    .description('list the shops and their settings')
    .action(async () => {
      // No database there holds no shops: said so, and none is made (a look at a fresh installation, or a mistyped path).
      const missing = missingDatabase();
      if (missing) {
        io.err(`there is no database at ${missing} (DATABASE_PATH) yet: no shops; nextdeal shop create makes it\n`);
        return json([]);
      }
      json((await (await open()).store.shops.list()).map(describe));
    });

  shopOption(
    shop
      .command('show')
      .description("show one shop's settings and its till connections: what is set, and the webhook URL to paste into each till"),
    { required: true },
  )
    .action(async (o) => {
      const s = await shopNamed(o.slug);
      const { config, store } = await open();
      const refused = await store.alerts.refusedAt(s.id, s.alertEmail);
      const closed = await store.confirmations.joinClosed(s.id, Date.now());
      // A channel paused after its provider kept failing holds every shop's messages by it, this one's too.
      const paused = await store.health.paused(Date.now());
      const iso = (ms: number) => new Date(ms).toISOString();
      const night = nightOpen(s.quietStart, s.quietEnd);
      json({
        ...describe(s),
        // Alerts that failed for good at the alert address, none gone out to it since: the owner heard of nothing.
        ...(refused && { alertsFailed: { to: refused.address, count: refused.count, reason: refused.reason, lastAt: new Date(refused.lastAt).toISOString() } }),
        // The join page sent customers to the counter for the shop's daily limit (DAILY_CAP: `unconfirmed`; DAILY_CEILING: `all`).
        ...(closed && { joinPageClosed: { since: iso(closed.since), lastAt: iso(closed.last), reopensBy: iso(closed.reopensBy), limit: closed.limit } }),
        // Given before such hours were refused (--quiet-hours 20-20): no night is kept free of messages.
        ...(s.quietStart === s.quietEnd && { quietHoursOff: `from and to are the same hour (${s.quietStart}), so there are no quiet hours and messages may go out at night: run shop update --slug ${s.slug} --quiet-hours 20-9` }),
        // Given before such hours were refused (--quiet-hours 8-20, the day where the night was meant).
        ...(night && { quietHoursNightOpen: `${night.wrong}: run shop update --slug ${s.slug} --quiet-hours ${night.meant}` }),
        // Given before fewer than MIN_COMEBACK_DAYS were refused (--comeback-days 1): kept, but said.
        ...(s.comebackDays < MIN_COMEBACK_DAYS && { comebackDaysFew: `${s.comebackDays}, set before fewer than ${MIN_COMEBACK_DAYS} were refused: kept, but the come-back invitation goes ${s.comebackDays === 1 ? 'a day' : `${s.comebackDays} days`} after the sale, soon after the check-in, which reads as pushy; run shop update --slug ${s.slug} --comeback-days ${MIN_COMEBACK_DAYS} (or more)` }),
        ...(paused.length > 0 && { channelsPaused: paused.map(pauseView) }),
        webhookUrl: `${config.PUBLIC_URL}/v1/shops/${s.slug}/sales`,
        joinPage: `${config.PUBLIC_URL}/shops/${s.slug}/join`,
        connections: (await store.tills.connections(s.id)).map((c) => connectionView(c, s.slug, config.PUBLIC_URL)),
      });
      if (refused) {
        const n = refused.count === 1 ? '1 alert' : `${refused.count} alerts`;
        const what = addressRefused(refused.reason) ? 'check the address with the owner' : 'look at the mail server (SMTP_URL), and check the address with the owner';
        io.err(`warning: ${n} about a customer's problem or question failed for good at --alert-email ${refused.address} (${refused.reason}), the last on ${new Date(refused.lastAt).toISOString()}, and none went out to it since: the owner got no e-mail of ${refused.count === 1 ? 'it' : 'them'} (the customers are on the call-back list of their page); ${what}, and set the right one with: shop update --slug ${s.slug} --alert-email <address>\n`);
      }
      for (const p of paused) io.err(pauseWarning(p));
      if (closed) {
        const why = closed.limit === 'unconfirmed'
          ? `${DAILY_CAP} sign-ups of the last 24 hours were not confirmed (possibly someone misusing the page)`
          : `it took ${DAILY_CEILING} sign-ups in 24 hours, the most it takes`;
        io.err(`warning: since ${iso(closed.since)} the join page sent customers to the counter (the last at ${iso(closed.last)}): ${why}; it opens again by itself, by ${iso(closed.reopensBy)} at the latest (sales' consent links still work); the owner's page says so too\n`);
      }
    });

  // Connecting again changes only the options given ("" clears one), and the secret only when given: the signing key
  // need not be pasted again (Zettle shows it once) to change another setting, such as consent no longer collected.
  const url = (error: string) => z.preprocess((v) => (v === '' ? null : v), z.url({ protocol: /^https?$/, error }).nullable().optional());
  shopOption(
    shop
      .command('connect')
      .description("connect a till, or change its connection: the secret, and only the options given (\"\" clears one)")
      .argument('<vendor>', `one of: ${vendors.join(', ')}`),
    { required: true },
  )
    .option('--secret <signing key>', "the till's webhook signing key (Shopify: the app's client secret); needed to connect, kept when not given")
    .option('--access-token <token>', "an API token: lets nextdeal look up a customer's phone and e-mail")
    .option('--notification-url <url>', 'Square: the notification URL exactly as registered with Square (default: the webhook URL)')
    .option('--api-base-url <url>', "the vendor API's base URL (for tests or a regional endpoint)")
    .option('--consent <channels>', 'sms, email or sms,email: consent you collect in the till for the customers it knows ("" for none)')
    .option('--online-orders <on|off>', 'Shopify: also web orders, not only POS (on when first connected)')
    .option('--account <id>', "the vendor account it is for (Shopify: the myshopify.com domain; Lightspeed: domain_prefix; Loyverse: merchant_id; Zettle: organizationUuid): a delivery for another is ignored")
    .option('--grace-hours <hours>', `with a new --secret: ${GRACE_HOURS.replace('old one', 'old secret')} (default 24); 0 alone stops the old one now`)
    .option('--force', 'a new --secret while the one before the current one still works (it stops working now)')
    .action(async (vendor, o) => {
      const c = parse(
        z.object({
          vendor: z.enum(vendors, `expected one of: ${vendors.join(', ')}`),
          // Every vendor's key is far longer (Square's 22 characters, Shopify's and Zettle's more): a shorter one is a
          // part of it, or something else pasted. (Shopify's published test vector signs with "steffi": a library's
          // test key, not one a shop is given.)
          secret: z.string().trim().min(8, { error: (i) => `at least 8 characters (this has ${String(i.input ?? '').trim().length}): paste the whole signing key the till shows` }).optional(),
          accessToken: z.string().trim().optional().transform((t) => (t === undefined ? undefined : t || null)),
          notificationUrl: url('expected the full URL, https://...'),
          apiBaseUrl: url('expected a URL, https://...'),
          consent: z.string().transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean)).pipe(z.array(z.enum(['sms', 'email'], 'expected sms, email or sms,email'))).optional(),
          onlineOrders: z.enum(['on', 'off'], 'expected on or off').transform((v) => v === 'on').optional(),
          account: z.string().trim().optional().transform((t) => (t === undefined ? undefined : t || null)),
        }).superRefine(({ vendor, account }, ctx) => {
          const field = adapters[vendor].account;
          if (!field && account) ctx.addIssue({ code: 'custom', path: ['account'], message: `${vendor} signs the URL it posts to, which names the shop: it takes no account` });
          else if (field && account && !field.pattern.test(account)) ctx.addIssue({ code: 'custom', path: ['account'], message: `expected ${field.what}` });
        }),
        { ...o, vendor },
        vendorArgument,
      );
      const grace = graceMs(o.graceHours ?? '24');
      // Alone, --grace-hours 0 ends the grace of the key before the current one (it leaked); other hours need a new key.
      if (o.graceHours !== undefined && c.secret === undefined && grace > 0) throw new UsageError('--grace-hours: only with a new --secret, for how long the old one still works (or 0, to stop the old one now)');
      const s = await shopNamed(o.slug);
      const { config, store } = await open();
      const { secret, ...settings } = c;
      const now = Date.now();
      const before = await store.tills.connection(s.id, c.vendor);
      // A second change within the first one's grace would stop the key the vendor may still sign with (it changed its key
      // twice, or the current one was pasted wrong): refused unless forced, as `shop rotate` refuses; with no grace (a
      // leak) it goes at once.
      if (secret !== undefined && before && !safeEqual(secret, before.secret) && grace > 0 && !o.force && stillWorks(before.previousSecret, before.previousSecretUntil, now)) {
        throw new UsageError(`--secret: the key before the current one still works until ${new Date(before.previousSecretUntil!).toISOString()} (a change in its grace hours): changing again now would stop it, and a delivery the vendor still signs with it would be refused. Wait until then, or add --force (the current key then works for the grace hours instead)`);
      }
      const connection = secret === undefined ? await store.tills.change(s.id, c.vendor, settings) : await store.tills.connect(s.id, c.vendor, { ...settings, secret, graceMs: grace }, now);
      if (!connection) throw new UsageError(`--secret: "${s.slug}" has no ${c.vendor} connection yet: give the till's signing key to connect it`);
      if (secret === undefined && o.graceHours !== undefined) {
        await store.tills.endGrace(s.id, c.vendor);
        Object.assign(connection, { previousSecret: null, previousSecretUntil: null });
      }
      json(connectionView(connection, s.slug, config.PUBLIC_URL));
      const field = adapters[c.vendor].account;
      if (!field) return;
      // Every shop connected through one vendor app has its secret: without accounts, each takes the others' deliveries.
      const sharing = (await store.tills.sharingSecret(s.id, c.vendor, connection.secret)).filter((other) => !connection.account || !other.account);
      if (sharing.length > 0) {
        io.err(`warning: ${sharing.map((other) => other.slug).join(', ')} ${sharing.length === 1 ? 'is' : 'are'} connected to ${c.vendor} with this same secret, and not every one of these connections records its account: a delivery for any of these shops is taken by each of them, and its customer messaged in the wrong shop's name. Give each its --account (${field.what})\n`);
      } else if (!connection.account) {
        io.err(`note: no --account, so this connection takes every delivery signed with its secret, as before; where shops share one ${c.vendor} app's secret, record ${field.what} with --account, and a delivery for another account is ignored\n`);
      }
    });

  shopOption(
    shop
      .command('disconnect')
      .description("remove a till's connection: its deliveries are refused from now on (404 not_connected); the sales it brought stay")
      .argument('<vendor>', `one of: ${vendors.join(', ')}`),
    { required: true },
  )
    .action(async (vendor, o) => {
      const c = parse(z.object({ vendor: z.enum(vendors, `expected one of: ${vendors.join(', ')}`) }), { vendor }, vendorArgument);
      const s = await shopNamed(o.slug);
      const { store } = await open();
      if (!(await store.tills.disconnect(s.id, c.vendor))) throw new UsageError(`"${s.slug}" has no ${c.vendor} connection: nothing to disconnect`);
      io.out(`disconnected ${c.vendor} from "${s.slug}": its deliveries are answered 404 (not_connected) from now on, and nothing of them is stored; the sales it brought stay. Remove the webhook in ${c.vendor}'s settings too\n`);
    });

  shopOption(
    shop
      .command('rotate')
      .description('give a shop a new API key and/or webhook secret, printed only this once'),
    { required: true },
  )
    .option('--api-key', 'a new API key')
    .option('--webhook-secret', 'a new webhook secret')
    .option('--grace-hours <hours>', GRACE_HOURS, '24')
    .option('--force', 'rotate again while the one before the current one still works (it stops working now)')
    .action(async (o) => {
      if (!o.apiKey && !o.webhookSecret) throw new UsageError('say what to replace: --api-key, --webhook-secret, or both');
      const grace = graceMs(o.graceHours);
      const s = await shopNamed(o.slug);
      const { store } = await open();
      const now = Date.now();
      // A second rotation within the first one's grace (its answer lost, two operators) would end the grace of the one
      // the till may still have, and tills do not send a refused sale again. With no grace (a leak) it goes at once.
      const fresh = await store.shops.rotate(s, { apiKey: o.apiKey === true, webhookSecret: o.webhookSecret === true, graceMs: grace, force: o.force === true }, now)
        .catch((e: unknown) => {
          if (!(e instanceof StillInGrace)) throw e;
          const option = e.what === 'apiKey' ? '--api-key' : '--webhook-secret';
          throw new UsageError(`${option}: the one before the current one still works until ${new Date(e.until).toISOString()} (a rotation in its grace hours): rotating again now would stop it, and a till still using it would be refused. Give the till the current one and wait until then, or add --force`);
        });
      const until = grace > 0 ? { previousValidUntil: new Date(now + grace).toISOString() } : {};
      io.out(JSON.stringify({ slug: s.slug, ...fresh, ...until }) + '\n');
    });

  shopOption(
    shop
      .command('disable')
      .description('a shop that leaves: its tills are refused from now on, what was planned in its name is cancelled, its join page is gone (its data stays for its owner; erase it with customer erase or purge)'),
    { required: true },
  )
    .action(async (o) => {
      const s = await shopNamed(o.slug);
      const { store } = await open();
      const done = await store.shops.disable(s, Date.now());
      if (!done) throw new UsageError(`the shop "${s.slug}" was disabled already, on ${new Date(s.disabledAt!).toISOString()}`);
      json({ ...describe((await store.shops.bySlug(s.slug))!), cancelledMessages: done.messages });
    });

  shopOption(
    shop
      .command('delete')
      .description("a disabled shop whose customers' data must go (its contract ended): every customer, sale, message, reply and figure of it, its outbox files, then the shop itself (its slug is free again); asks for --yes"),
    { required: true },
  )
    .option('--yes', 'yes, delete it all, for good (nothing can bring it back but a backup)')
    .action(async (o) => {
      const s = await shopNamed(o.slug);
      if (s.disabledAt === null) throw new UsageError(`the shop "${s.slug}" still uses nextdeal: disable it first (shop disable --slug ${s.slug}), so that no sale comes in while it is deleted`);
      if (o.yes !== true) throw new UsageError(`this deletes every customer, sale, message, reply and figure of the shop "${s.slug}", and the shop, for good: add --yes to do it`);
      const { store, config } = await open();
      if (await store.sendUnderWay(s.id, Date.now() - CLAIM_LEASE)) {
        throw new UsageError(`a message or an alert in the name of "${s.slug}" is being handed to the provider right now: try again in a minute`);
      }
      const enabledMeanwhile = () => new UsageError(`the shop "${s.slug}" was enabled again meanwhile: what was deleted so far stays deleted, the shop stays`);
      // Marked first, so that a delete cut off from here on is not enabled again (shop enable refuses it); then the
      // outbox's files: they are found by the rows they name, which a crash half-way must not have taken.
      if (!(await store.beginShopDelete(s.id))) throw enabledMeanwhile();
      const mine = await store.shopsOwn(s.id, outboxIds(config.OUTBOX_DIR));
      const files = removeOutboxCopies(config.OUTBOX_DIR, { ...mine, destinations: [] });
      const done = await store.deleteShop(s.id);
      if (!done) throw enabledMeanwhile();
      // Counts only, and the slug: no customer's number, address or words.
      const removed = { ...Object.fromEntries(Object.entries(done.removed).filter(([, n]) => n > 0)), outboxFiles: files };
      createLogger('info', { write: (line: string) => io.err(line) }).info({ shop: s.slug, removed }, 'shop deleted');
      json({ deleted: s.slug, removed });
      if (!done.logEmptied) {
        throw new UsageError("deleted in the database, but its write-ahead log could not be emptied (another process was reading it), so deleted values are still in that file until nextdeal writes over them; to have them gone now, stop nextdeal: SQLite empties the log as the last process closes it");
      }
    });

  shopOption(
    shop
      .command('enable')
      .description('a disabled shop uses nextdeal again: its tills are taken from now on (nothing cancelled comes back)'),
    { required: true },
  )
    .action(async (o) => {
      const s = await shopNamed(o.slug);
      const { store } = await open();
      // A delete cut off half-way: enabled, the shop would take sales beside half its customers, messages and figures.
      if (!(await store.shops.enable(s))) {
        const began = (await store.shops.bySlug(s.slug))?.deletingAt ?? Date.now();
        throw new UsageError(`the shop "${s.slug}" is being deleted: shop delete began on ${new Date(began).toISOString()} and did not finish, so part of its data is gone already; it cannot be enabled again. Run shop delete --slug ${s.slug} --yes again to finish deleting it`);
      }
      json(describe((await store.shops.bySlug(s.slug))!));
    });

  shopOption(
    shop
      .command('set-password')
      .description(`set the owner's password for the shop's page (at least ${MIN_PASSWORD} characters; asks twice, or reads it from stdin)`),
    { required: true },
  )
    .option('--password-stdin', 'read the password from stdin instead of asking (also when stdin is not a terminal)')
    .action(async (o) => {
      const shop = await shopNamed(o.slug);
      let password: string;
      if (o.passwordStdin || !io.interactive) password = io.stdin().split(/\r?\n/)[0] ?? '';
      else {
        io.out(`The password for the page of ${shop.name} needs at least ${MIN_PASSWORD} characters.\n`);
        password = await io.askSecret('New password: ');
        if (password.length >= MIN_PASSWORD && !safeEqual(await io.askSecret('The same password again: '), password)) {
          throw new UsageError('the two passwords differ: nothing changed');
        }
      }
      if (password.length < MIN_PASSWORD) throw new UsageError(`the password needs at least ${MIN_PASSWORD} characters`);
      const { store, config } = await open();
      await store.sessions.setPassword(shop.id, await hashPassword(password));
      io.out(`password set; the page is at ${config.PUBLIC_URL}/shops/${shop.slug}\n`);
    });

  shopOption(
    shop
      .command('update')
      .description("change a shop's settings"),
    { required: true },
  )
    .option('--name <name>')
    .option('--timezone <zone>', 'IANA time zone, e.g. Europe/Amsterdam')
    .option('--country <code>', 'country for local phone numbers, e.g. NL')
    .option('--locale <locale>', `message language (${locales.join(', ')})`)
    .option('--checkin-hour <hour>', 'local hour check-ins go out, 0-23 (default 10)')
    .option('--quiet-hours <from-to>', 'no messages between these local hours (default 20-9)')
    .option('--comeback-days <days>', `days after a sale the come-back invitation goes out, ${MIN_COMEBACK_DAYS}-365 (default 30; fewer would follow the check-in too soon)`)
    .option('--checkin-gap-days <days>', "a customer's check-ins are at least this many days apart, 1-365 (default 30; 1: one a day)")
    .option('--shipped-checkin-days <days>', 'days after a web order sent by post the check-in goes, once the parcel can have come, 1-30 (default 4; 1: the next day)')
    .option('--email-from <address>', 'sender address for this shop ("" to use EMAIL_FROM)')
    .option('--sms-from <sender>', 'SMS sender for this shop ("" to use TWILIO_FROM)')
    .option('--alert-email <address>', 'where problems and questions from customers reach the owner ("" for none)')
    .option('--join-countries <codes>', 'countries whose mobile numbers the join page may text a code, e.g. NL,BE ("" for the shop\'s own)')
    .option('--holdout <percent>', `new customers held out to measure whether nextdeal helps: ${holdoutShares.join(', ')} (0: off); a change starts a new period`)
    .option('--reason-in-messages <on|off>', "name what the customer bought and quote their reason in their messages (default on; off for a pharmacy: a locked phone shows an SMS, and the messages speak of the visit)")
    .option('--formal <on|off>', 'say "u" rather than "je" in Dutch messages and pages (a pharmacy, a notary, most Flemish shops)')
    .action(async (o) => {
      const { slug, quietHours, holdout, ...changes } = parse(shopOptions.partial().required({ slug: true }), o);
      const shop = await shopNamed(slug);
      // A check-in hour in the quiet hours would never be the hour check-ins go out at (checked when either changes).
      const [quietStart, quietEnd] = quietHours ?? [shop.quietStart, shop.quietEnd];
      const checkinHour = changes.checkinHour ?? shop.checkinHour;
      if ((quietHours || changes.checkinHour !== undefined) && inQuietHours(checkinHour, { quietStart, quietEnd })) {
        const option = changes.checkinHour !== undefined ? `--checkin-hour ${checkinHour}` : `--quiet-hours ${quietStart}-${quietEnd}`;
        throw new UsageError(`${option}: the check-in hour ${checkinHour} falls in the quiet hours ${quietStart}-${quietEnd}, so check-ins would wait until ${quietEnd}:00; choose an hour outside them, or other quiet hours`);
      }
      const { config, store } = await open();
      // The shared number named as one shop's own would make every reply to it that shop's: the others' customers'
      // complaints and STOPs would reach nobody (replies are matched to a shop by the number they went to).
      if (changes.smsFrom && changes.smsFrom === config.TWILIO_FROM) {
        throw new UsageError(`--sms-from: ${changes.smsFrom} is TWILIO_FROM, the number every shop without its own sends from; a shop that names it as its own would take the replies of every other shop's customers. Leave it unset ("") to send from it as they do`);
      }
      if (holdout !== undefined) await store.experiments.setShare(shop, holdout, Date.now());
      const updated = await store.shops.update(slug, {
        ...changes,
        ...(quietHours && { quietStart: quietHours[0], quietEnd: quietHours[1] }),
      });
      const smsName = changes.name !== undefined && smsNameNote(updated!);
      if (smsName) io.err(`note: ${smsName}\n`);
      await notePlanned(io, store, shop, { ...changes, quietHours });
      if (changes.emailFrom) await noteDmarc(io, changes.emailFrom, config.EMAIL_FROM);
      json(describe(updated!));
    });

}
