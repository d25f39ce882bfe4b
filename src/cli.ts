#!/usr/bin/env node
// The `nextdeal` command: shops, dispatching, signing a test sale, reading the outbox.
import { readFileSync, readdirSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Command, CommanderError } from 'commander';
import { IANAZone } from 'luxon';
import { z } from 'zod';
import { type Config, ConfigError, loadConfig, readEnv } from './config.js';
import { openDb } from './db/open.js';
import type { Shop } from './db/shops.js';
import { createStore, type Store } from './db/store.js';
import { isCountry } from './domain/contact.js';
import { locales } from './domain/sale.js';
import { sign } from './http/signature.js';
import { createLogger } from './log.js';
import { configuredDispatcher } from './queue/dispatcher.js';

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  env: NodeJS.ProcessEnv;
  stdin: () => string;
}

/** A mistake the user can fix; shown without a stack trace. */
class UsageError extends Error {}

const hour = z.coerce.number().int().min(0).max(23);
const shopOptions = z.object({
  slug: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lower-case letters, digits and dashes, e.g. fietsenmaker-test'),
  name: z.string().trim().min(1).max(100),
  timezone: z.string().refine((tz) => IANAZone.isValidZone(tz), 'expected an IANA time zone such as Europe/Amsterdam'),
  country: z.string().toUpperCase().refine(isCountry, 'expected a two-letter country code such as NL'),
  locale: z.enum(locales, `expected one of: ${locales.join(', ')}`),
  checkinHour: hour,
  quietHours: z
    .string()
    .regex(/^\d{1,2}-\d{1,2}$/, 'expected from-to hours, e.g. 20-9')
    .transform((s) => s.split('-').map(Number) as [number, number])
    .refine(([a, b]) => a <= 23 && b <= 23, 'hours run from 0 to 23'),
  comebackDays: z.coerce.number().int().min(1).max(365),
  // An empty value clears the override.
  emailFrom: z.union([z.literal(''), z.email()]).transform((s) => s || null),
  smsFrom: z.union([z.literal(''), z.string().regex(/^\+[1-9]\d{6,14}$|^[A-Za-z0-9 ]{1,11}$/, 'expected an E.164 number or an alphanumeric sender ID')]).transform((s) => s || null),
});

function parse<T extends z.ZodType>(schema: T, options: unknown): z.output<T> {
  const r = schema.safeParse(options);
  if (r.success) return r.data;
  throw new UsageError(r.error.issues.map((i) => `--${String(i.path[0]).replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())}: ${i.message}`).join('\n'));
}

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
  emailFrom: s.emailFrom,
  smsFrom: s.smsFrom,
});

export function program(io: Io): Command {
  let opened: { config: Config; store: Store } | undefined;
  const open = () => {
    if (!opened) {
      const config = loadConfig(io.env);
      opened = { config, store: createStore(openDb(config.DATABASE_PATH)) };
    }
    return opened;
  };
  const shopNamed = (slug: string): Shop => {
    const shop = open().store.shops.bySlug(slug);
    if (!shop) throw new UsageError(`there is no shop "${slug}" (see: nextdeal shop list)`);
    return shop;
  };
  const json = (v: unknown) => io.out(JSON.stringify(v, null, 2) + '\n');

  const cli = new Command('nextdeal')
    .description('Turns a sale at the till into a next-day check-in and a come-back invitation.')
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .exitOverride()
    .showHelpAfterError();
  cli.hook('postAction', () => void opened?.store.db.close());

  const shop = cli.command('shop').description('create and configure shops');
  shop
    .command('create')
    .description('create a shop; prints its slug, API key and webhook secret (shown only this once)')
    .requiredOption('--slug <slug>', 'short name used in URLs')
    .requiredOption('--name <name>', 'the name customers know')
    .option('--timezone <zone>', 'IANA time zone', 'Europe/Amsterdam')
    .option('--country <code>', 'country for local phone numbers', 'NL')
    .option('--locale <locale>', `message language (${locales.join(', ')})`, 'nl')
    .action((o) => {
      const shop = parse(shopOptions.pick({ slug: true, name: true, timezone: true, country: true, locale: true }), o);
      const { store } = open();
      if (store.shops.bySlug(shop.slug)) throw new UsageError(`a shop "${shop.slug}" exists already`);
      const created = store.shops.create(shop, Date.now());
      io.out(JSON.stringify({ slug: created.shop.slug, apiKey: created.apiKey, webhookSecret: created.webhookSecret }) + '\n');
    });

  shop
    .command('list')
    .description('list the shops and their settings')
    .action(() => json(open().store.shops.list().map(describe)));

  shop
    .command('show')
    .description("show one shop's settings")
    .requiredOption('--slug <slug>')
    .action((o) => json(describe(shopNamed(o.slug))));

  shop
    .command('update')
    .description("change a shop's settings")
    .requiredOption('--slug <slug>')
    .option('--name <name>')
    .option('--timezone <zone>', 'IANA time zone, e.g. Europe/Amsterdam')
    .option('--country <code>', 'country for local phone numbers, e.g. NL')
    .option('--locale <locale>', `message language (${locales.join(', ')})`)
    .option('--checkin-hour <hour>', 'local hour check-ins go out, 0-23 (default 10)')
    .option('--quiet-hours <from-to>', 'no messages between these local hours (default 20-9)')
    .option('--comeback-days <days>', 'days after a sale the come-back invitation goes out (default 30)')
    .option('--email-from <address>', 'sender address for this shop ("" to use EMAIL_FROM)')
    .option('--sms-from <sender>', 'SMS sender for this shop ("" to use TWILIO_FROM)')
    .action((o) => {
      const { slug, quietHours, ...changes } = parse(shopOptions.partial().required({ slug: true }), o);
      shopNamed(slug);
      const updated = open().store.shops.update(slug, {
        ...changes,
        ...(quietHours && { quietStart: quietHours[0], quietEnd: quietHours[1] }),
      });
      json(describe(updated!));
    });

  cli
    .command('dispatch')
    .description('send the messages that are due, once (the server does this every minute)')
    .option('--at <time>', 'act as if the clock showed this ISO 8601 time')
    .action(async (o) => {
      const at = o.at === undefined ? Date.now() : Date.parse(o.at);
      if (Number.isNaN(at)) throw new UsageError('--at: expected an ISO 8601 time, e.g. 2026-03-15T10:05:00+01:00');
      const { config, store } = open();
      const { dispatcher, close } = configuredDispatcher(config, store, createLogger('silent'));
      const report = await dispatcher.tick(at);
      await close();
      json({ at: new Date(at).toISOString(), ...report });
    });

  cli
    .command('sign')
    .description('print a Nextdeal-Signature header value for a JSON body (from --file or stdin), to try the webhook by hand')
    .requiredOption('--slug <slug>')
    .option('--file <path>', 'the body; stdin when absent')
    .action((o) => {
      const body = o.file ? readFileSync(o.file) : Buffer.from(io.stdin());
      io.out(sign(shopNamed(o.slug).webhookSecret, body, Math.floor(Date.now() / 1000)) + '\n');
    });

  cli
    .command('outbox')
    .description('show the newest messages the outbox wrote (when SMTP or Twilio is not configured)')
    .option('--last <n>', 'how many', '5')
    .action((o) => {
      const dir = loadConfig(io.env).OUTBOX_DIR;
      let files: string[] = [];
      try {
        files = readdirSync(dir).filter((f) => f.endsWith('.eml') || f.endsWith('.sms.json'));
      } catch {
        // no outbox yet
      }
      const newest = files.sort().slice(-Math.max(1, Number(o.last) || 5));
      if (newest.length === 0) return io.out(`the outbox (${dir}) is empty\n`);
      for (const f of newest) io.out(`--- ${join(dir, f)}\n${readFileSync(join(dir, f), 'utf8')}\n`);
    });

  return cli;
}

/** Runs the command line; returns the exit code. */
export async function run(argv: string[], io: Io): Promise<number> {
  try {
    await program(io).parseAsync(argv, { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
    if (err instanceof UsageError || err instanceof ConfigError) {
      io.err(`${err.message}\n`);
      return 1;
    }
    throw err;
  }
}

// Run when executed (also through npm's bin symlink), not when imported by a test.
if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) {
  const io: Io = {
    out: (s) => process.stdout.write(s),
    err: (s) => process.stderr.write(s),
    env: readEnv(),
    stdin: () => readFileSync(0, 'utf8'),
  };
  process.exitCode = await run(process.argv.slice(2), io);
}
