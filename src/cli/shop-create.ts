// nextdeal shop create: a new shop, and what a script that runs it again is told.
import type { Command } from 'commander';
import { DEFAULT_HOLDOUT, type Shop } from '../db/shops.js';
import { holdoutShares } from '../domain/holdout.js';
import { type Locale, locales } from '../domain/sale.js';
import { readFileSync } from 'node:fs';
import { type Context, UsageError, optionName, parse, shopOption } from './context.js';
import { sameZone, shopOptions, smsNameNote } from './shop-settings.js';

/**
 * The exit codes of shop create besides 0 (created: its API key and webhook secret are on stdout, shown only then) and
 * 1 (an error: a bad option, no database): a creation script run again tells a shop its first run made from a failure
 * without matching English text (the review of a vendor hosting many shops). Not 0 for a shop that is there already,
 * even as given: a script that takes 0 for "the key and secret are on stdout" would store nothing, or "null", for the till.
 */
export const EXISTS_ALREADY = 3;
/** The slug is taken by a shop with other settings than given, or a disabled one: nothing changed. */
export const EXISTS_OTHERWISE = 4;

/**
 * A country's time zone, for the countries with one: a shop created without --timezone gets its country's, and one in
 * a country with several (or not here) must say which. Before, every shop got Amsterdam's: a New York customer's
 * check-in came at 4 in the morning.
 */
const ZONE_OF: Record<string, string> = {
  NL: 'Europe/Amsterdam', BE: 'Europe/Brussels', LU: 'Europe/Luxembourg', DE: 'Europe/Berlin', FR: 'Europe/Paris',
  AT: 'Europe/Vienna', CH: 'Europe/Zurich', IT: 'Europe/Rome', DK: 'Europe/Copenhagen', SE: 'Europe/Stockholm',
  NO: 'Europe/Oslo', FI: 'Europe/Helsinki', IE: 'Europe/Dublin', GB: 'Europe/London', PL: 'Europe/Warsaw', CZ: 'Europe/Prague',
};

/**
 * The language of a new shop's messages when --locale is not given: Dutch in the Netherlands and Belgium (Flanders and
 * Brussels: a Walloon shop gives --locale), English elsewhere, the only other templates. Before, every shop got Dutch: a
 * Berlin or London shop's customers were asked "Hoe bevalt je aankoop?" (the review of a vendor hosting many shops).
 */
const localeOf = (country: string): Locale => (country === 'NL' || country === 'BE' ? 'nl' : 'en');

/** Which language a shop created without --locale took, from its country (said for all but NL, the plain case). */
function localeNote(slug: string, country: string, locale: string, formal: number): string {
  const other = locale === 'nl' ? 'en' : 'nl';
  const taken = locale === 'nl' ? `Dutch (--locale nl)${formal ? ', saying "u" (--formal on)' : ''}` : 'English (--locale en)';
  return `no --locale, so this shop in ${country} writes to its customers in ${taken}, unless a sale gives a customer's own language; for ${other === 'nl' ? 'Dutch' : 'English'} ones, give --locale ${other}, or change it with: shop update --slug ${slug} --locale ${other}`;
}

/** The settings shop create takes; those not given are the country's, or nextdeal's defaults. */
const creating = shopOptions.pick({ slug: true, name: true, timezone: true, country: true, locale: true, holdout: true, alertEmail: true, formal: true }).partial({ alertEmail: true, formal: true });
/** The settings a shop that is there already is compared by, when given (the options' names: the zod fields). */
const COMPARED = ['name', 'timezone', 'country', 'locale', 'holdout', 'alertEmail', 'formal'] as const;

/** What became of a shop to create: made (its key and secret, shown only now), or there already (the exit code says how). */
export type Outcome =
  | { exit: 0; slug: string; apiKey: string; webhookSecret: string; notes: string[] }
  | { exit: typeof EXISTS_ALREADY | typeof EXISTS_OTHERWISE; slug: string; message: string };

/**
 * Creates the shop `given` describes (its options, only those given), or says how the one with its slug differs from
 * it. A bad setting is a UsageError naming it, thrown before the database is opened (nor made).
 */
export async function createShop(open: Context['open'], given: Record<string, unknown>, name = optionName): Promise<Outcome> {
  const country = String(given.country ?? 'NL').toUpperCase();
  const timezone = given.timezone ?? ZONE_OF[country];
  if (!timezone) {
    // A country that is none (--country XX) is the mistake to name first, not the time zone it cannot give.
    parse(shopOptions.pick({ country: true }), { country }, name);
    throw new UsageError(`${name('timezone')}: give the shop's time zone (e.g. America/New_York); nextdeal cannot tell it from the country ${country}`);
  }
  const parsed = parse(creating, { country, locale: localeOf(country), holdout: DEFAULT_HOLDOUT, ...given, timezone }, name);
  // Flemish shops say "u" to their customers, as a rule.
  const shop = { ...parsed, alertEmail: parsed.alertEmail ?? null, formal: parsed.formal ?? (parsed.country === 'BE' ? 1 : 0) };
  const { store } = await open({ create: true });
  const there = await store.shops.bySlug(shop.slug);
  if (there) return exists(there, given, parsed, name);
  // Another process that made the same slug meanwhile (two lines of one script run side by side): as though before.
  const created = await store.shops.create(shop, Date.now()).catch(async (e: unknown) => {
    const made = await store.shops.bySlug(shop.slug);
    if (made) return made;
    throw e;
  });
  if (!('apiKey' in created)) return exists(created, given, parsed, name);
  const notes = [
    smsNameNote(shop),
    given.locale === undefined && shop.country !== 'NL' ? localeNote(shop.slug, shop.country, shop.locale, shop.formal) : null,
    shop.alertEmail ? null : `no --alert-email, so a customer's problem or question reaches the owner by no e-mail, only on their page, and a customer who answers a check-in e-mail writes to EMAIL_FROM; set one with: shop update --slug ${shop.slug} --alert-email <address>`,
  ].filter((n): n is string => n !== null);
  return { exit: 0, slug: created.shop.slug, apiKey: created.apiKey, webhookSecret: created.webhookSecret, notes };
}

/**
 * A shop whose slug was given to create one: as given (each setting given is the shop's), nothing to do; else what
 * differs, nothing changed. Settings not given are not compared: a shop whose owner chose "u" on their page since is
 * still the one a script without --formal made.
 */
function exists(shop: Shop, given: Record<string, unknown>, parsed: Partial<Record<(typeof COMPARED)[number], unknown>>, option: (k: string) => string): Outcome {
  const shown = (k: string, v: unknown) => (k === 'formal' ? (v ? 'on' : 'off') : JSON.stringify(v ?? ''));
  // A zone an older version stored as typed ("europe/kyiv"), or by ICU's older name (Europe/Kiev), is the one given.
  const same = (k: (typeof COMPARED)[number]) => (k === 'timezone' ? sameZone(String(parsed[k]), shop.timezone) : parsed[k] === shop[k]);
  const differ = COMPARED.filter((k) => given[k] !== undefined && !same(k)).map((k) => `${option(k)} ${shown(k, shop[k])} (given: ${shown(k, parsed[k])})`);
  if (shop.disabledAt !== null) differ.push(`it is disabled, since ${new Date(shop.disabledAt).toISOString()} (shop enable --slug ${shop.slug} takes it back)`);
  if (differ.length === 0) {
    return { exit: EXISTS_ALREADY, slug: shop.slug, message: `a shop "${shop.slug}" exists already, as given: nothing to do (its API key and webhook secret are not shown again; shop rotate gives new ones)` };
  }
  const message = `a shop "${shop.slug}" exists already, not as given: ${differ.join('; ')}. Nothing changed: shop update --slug ${shop.slug} changes its settings; a new shop needs a --slug of its own`;
  return { exit: EXISTS_OTHERWISE, slug: shop.slug, message };
}

/** The fields of a line of `shop create --from`: the options' names, as shop show names the settings. */
const FIELDS: readonly string[] = ['slug', 'name', 'timezone', 'country', 'locale', 'holdout', 'alertEmail', 'formal'];

/**
 * One line of `shop create --from`, created as one `shop create` would be: its outcome as one JSON line, with its exit
 * code (1 and the error for a bad line, which does not stop the rest).
 */
async function createLine(open: Context['open'], text: string, line: number): Promise<Record<string, unknown> & { exit: number }> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    return { line, exit: 1, error: `not JSON (${(e as Error).message}): one object a line, such as {"slug": "s0001", "name": "Shop 1", "country": "GB"}` };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { line, exit: 1, error: 'not a JSON object: one a line, such as {"slug": "s0001", "name": "Shop 1", "country": "GB"}' };
  // A field that is null is not given, as a spreadsheet's empty cell (and as `shop show` prints an unset one): "holdout":
  // null read as 0 turned the hold-out off without a word (the review of b966686). An empty holdout is no share.
  const given: Record<string, unknown> = Object.fromEntries(Object.entries(parsed).filter(([, v]) => v !== null));
  const slug = typeof given.slug === 'string' ? { slug: given.slug } : {};
  if (typeof given.holdout === 'string' && given.holdout.trim() === '') {
    return { line, ...slug, exit: 1, error: 'holdout: empty; give a share (0 is off) or leave the field out for the default' };
  }
  const unknown = Object.keys(given).filter((k) => !FIELDS.includes(k));
  if (unknown.length > 0) return { line, ...slug, exit: 1, error: `${unknown.map((k) => JSON.stringify(k)).join(', ')}: no such field; the fields are ${FIELDS.join(', ')}` };
  const required = ['slug', 'name'].filter((k) => given[k] === undefined);
  if (required.length > 0) return { line, ...slug, exit: 1, error: required.map((k) => `${k}: required`).join('\n') };
  try {
    const { slug, exit, ...done } = await createShop(open, given, (k) => k);
    return { line, slug, exit, ...done };
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    return { line, ...slug, exit: 1, error: e.message };
  }
}

/** `shop create --from <file>`: each line's outcome on stdout; the exit code the worst of them (1, then 4), else 0. */
async function createFrom(open: Context['open'], io: Context['io'], from: string): Promise<void> {
  let text: string;
  try {
    text = from === '-' ? io.stdin() : readFileSync(from, 'utf8');
  } catch (e) {
    throw new UsageError(`--from: cannot read ${from} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  // Read as UTF-8, a file in another encoding (Latin-1's "Café") had its letters replaced by "�", which every message
  // then carried in the shop's name: refused instead, as a UTF-16 one is (the review of b966686).
  if (text.includes('\uFFFD')) throw new UsageError(`--from: ${from} is not UTF-8 (a letter could not be read): save it as UTF-8`);
  const lines = text.split(/\r?\n/).map((t, i) => ({ t: t.trim(), n: i + 1 })).filter(({ t }) => t !== '');
  if (lines.length === 0) throw new UsageError(`--from: ${from} holds no shops: one JSON object a line, such as {"slug": "s0001", "name": "Shop 1", "country": "GB"}`);
  const count = { 0: 0, 1: 0, [EXISTS_ALREADY]: 0, [EXISTS_OTHERWISE]: 0 } as Record<number, number>;
  const failed: number[] = [];
  for (const { t, n } of lines) {
    const result = await createLine(open, t, n);
    io.out(JSON.stringify(result) + '\n');
    count[result.exit] = (count[result.exit] ?? 0) + 1;
    if (result.exit === 1) failed.push(n);
  }
  const summary = `${lines.length} lines: ${count[0]} created, ${count[EXISTS_ALREADY]} there already as given, ${count[EXISTS_OTHERWISE]} there already not as given, ${count[1]} failed${failed.length ? ` (line ${failed.slice(0, 20).join(', ')}${failed.length > 20 ? ', …' : ''})` : ''}`;
  const exit = count[1] ? 1 : count[EXISTS_OTHERWISE] ? EXISTS_OTHERWISE : 0;
  if (exit !== 0) throw new UsageError(summary, exit);
  io.err(`${summary}\n`);
}

export function createCommand(shop: Command, { open, io }: Context): void {
  shopOption(
    shop
      .command('create')
      .description(`create a shop; prints its slug, API key and webhook secret (shown only this once); exits ${EXISTS_ALREADY} when a shop with the slug exists already as given, ${EXISTS_OTHERWISE} when with other settings (nothing changed)`),
    { required: false, description: 'short name used in URLs (required)' },
  )
    .option('--name <name>', 'the name customers know (required)')
    .option('--timezone <zone>', "IANA time zone (default: the country's, where it has one)")
    .option('--country <code>', 'country for local phone numbers (default: NL)')
    .option('--locale <locale>', `message language (${locales.join(', ')}; default: nl in NL and BE, else en)`)
    .option('--holdout <percent>', `new customers held out to measure whether nextdeal helps: ${holdoutShares.join(', ')} (0: off; default: ${DEFAULT_HOLDOUT})`)
    .option('--alert-email <address>', "where customers' problems and questions reach the owner, at once")
    .option('--formal <on|off>', 'say "u" rather than "je" in Dutch messages and pages (default: on in Belgium, else off)')
    .option('--from <file>', `many shops in one go: a file ("-": stdin) of one JSON object a line, with the options as fields (${FIELDS.join(', ')}); prints one JSON line for each, with its exit code`)
    .action(async (o) => {
      const { from, shop: _, ...given } = o; // --shop: read into slug (shopOption)
      if (from !== undefined) {
        if (Object.keys(given).length > 0) throw new UsageError(`--from: each shop's settings go in the file, not beside it (${Object.keys(given).map(optionName).join(', ')})`);
        return createFrom(open, io, from);
      }
      const missing = ['slug', 'name'].filter((k) => given[k] === undefined);
      if (missing.length > 0) throw new UsageError(missing.map((k) => `${optionName(k)}: required (or --from <file>, for many shops)`).join('\n'));
      const done = await createShop(open, given);
      if (done.exit !== 0) throw new UsageError(done.message, done.exit);
      for (const note of done.notes) io.err(`note: ${note}\n`);
      io.out(JSON.stringify({ slug: done.slug, apiKey: done.apiKey, webhookSecret: done.webhookSecret }) + '\n');
    });
}
