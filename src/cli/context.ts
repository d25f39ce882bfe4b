// What every command group shares: the output, the database (opened on first use), and error handling.
import { existsSync } from 'node:fs';
import { type Command, Option } from 'commander';
import { z } from 'zod';
import { type Config, loadConfig } from '../config.js';
import { openDatabase } from '../db/open.js';
import type { Shop } from '../db/shops.js';
import { createStore, type Store } from '../db/store.js';
import { upgradeRefusal } from '../db/upgrade-guard.js';
import type { TxtLookup } from '../channels/dmarc.js';
import { delivering } from '../channels/index.js';

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  env: NodeJS.ProcessEnv;
  stdin: () => string;
  /** Whether stdin is a terminal a person types on (else it is piped, or a file). */
  interactive?: boolean;
  /** Asks on the terminal without echoing the answer. */
  askSecret: (question: string) => Promise<string>;
  /** DNS for the checks that only warn (a sender domain's DMARC policy); without it they are not made (tests). */
  dns?: TxtLookup;
}

/** A mistake the user can fix; shown without a stack trace. Exits 1, or with a code of its own (shop create's 3, 4). */
export class UsageError extends Error {
  constructor(message: string, readonly exitCode = 1) {
    super(message);
  }
}

/** What a command that must name a shop says when it names none. */
export const NO_SLUG = "--slug: required: the shop's slug, e.g. --slug fietsenmaker";

/**
 * The shop a command names: --slug <slug>, its short name. The commands once differed (`shop …` and `sign` took
 * --slug; `customer …`, `replies …`, `purge` and `experiment` --shop), and an operator who wrote the one where the
 * other was asked was refused ("required option '--shop <slug>' not specified"). Each takes both now: --shop is the
 * same, not shown in --help, and is read into `slug` before the action runs (given both, they must agree).
 * `required`: refused without it (NO_SLUG), before the database is opened.
 */
export function shopOption(c: Command, o: { required: boolean; description?: string }): Command {
  return c
    .option('--slug <slug>', o.description ?? "the shop's short name (see: nextdeal shop list)")
    .addOption(new Option('--shop <slug>').hideHelp())
    .hook('preAction', (command) => {
      const { slug, shop } = command.opts<{ slug?: string; shop?: string }>();
      if (slug !== undefined && shop !== undefined && slug !== shop) throw new UsageError('give --slug (or --shop, the same), not both');
      if (shop !== undefined) command.setOptionValue('slug', shop).setOptionValue('shop', undefined);
      if (o.required && (slug ?? shop) === undefined) throw new UsageError(NO_SLUG);
    });
}

/** An option as given on the command line, from its field: alertEmail → --alert-email. */
export const optionName = (field: string): string => `--${field.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())}`;

/**
 * Parses command options with zod; every problem is named by its option (or as `name` names a field: a file's lines
 * name it as the file does).
 */
export function parse<T extends z.ZodType>(schema: T, options: unknown, name = optionName): z.output<T> {
  const r = schema.safeParse(options);
  if (r.success) return r.data;
  throw new UsageError(r.error.issues.map((i) => `${name(String(i.path[0]))}: ${i.message}`).join('\n'));
}

export interface Context {
  io: Io;
  /**
   * The configuration and the database it names, opened (and migrated) on first use, closed after the command. A SQLite
   * file that is not there is refused, naming it: a command run without the service's settings (a cron job) would
   * otherwise make an empty database and answer from it. Only a command that starts an installation (`shop create`)
   * passes `create`, and says on stderr that it made one. Migrations an upgrade applied are said on stderr too; but
   * none is applied under a server (of the release before) running on the database: the command refuses, changing
   * nothing (db/upgrade-guard.ts). `upgrade: false` opens it as it is, applying nothing (`backup`: the copy to go back
   * to is the one from before the upgrade).
   */
  open(o?: { create?: boolean; upgrade?: boolean }): Promise<{ config: Config; store: Store }>;
  /** The SQLite file the configuration names when it is not there (null on PostgreSQL, or when it is). */
  missingDatabase(): string | null;
  shopNamed(slug: string): Promise<Shop>;
  /** Prints `v` as JSON, its times as ISO 8601 (see isoTimes). */
  json(v: unknown): void;
  /** Closes the database if a command opened it (run() calls it however the command ended). */
  close(): Promise<void>;
}

export function context(io: Io, cli: Command): Context {
  let opened: Promise<{ config: Config; store: Store }> | undefined;
  const missingDatabase = () => {
    const config = loadConfig(io.env);
    return config.DATABASE_URL || config.DATABASE_PATH === ':memory:' || existsSync(config.DATABASE_PATH) ? null : config.DATABASE_PATH;
  };
  const open = (o: { create?: boolean; upgrade?: boolean } = {}) =>
    (opened ??= (async () => {
      const config = loadConfig(io.env);
      const missing = missingDatabase();
      if (missing && !o.create) throw new UsageError(noDatabase(missing));
      const upgrade = o.upgrade ?? true;
      const refused = upgrade ? await upgradeRefusal({ url: config.DATABASE_URL, path: config.DATABASE_PATH }) : null;
      if (refused) throw new UsageError(refused);
      const upgraded = (said: string[]) => io.err(said.map((line) => `${line}\n`).join(''));
      const store = createStore(await openDatabase({ url: config.DATABASE_URL, path: config.DATABASE_PATH, upgraded, migrate: upgrade, by: 'command' }), delivering(config), config.TWILIO_FROM);
      if (missing) io.err(`created a new database at ${missing}\n`);
      return { config, store };
    })());
  const close = async () => {
    const o = await opened?.catch(() => undefined);
    opened = undefined;
    await o?.store.close();
  };
  cli.hook('postAction', close);
  return {
    io,
    open,
    missingDatabase,
    close,
    async shopNamed(slug) {
      const shop = await (await open()).store.shops.bySlug(slug);
      if (!shop) throw new UsageError(`there is no shop "${slug}" (see: nextdeal shop list)`);
      return shop;
    },
    json: (v) => io.out(JSON.stringify(v, isoTimes, 2) + '\n'),
  };
}

/**
 * The times in what a command prints, as ISO 8601 (UTC), as the sale's answer and `dispatch`'s `at` give them: a
 * field named `at`, or ending in `At` or `Until`, that holds a number (milliseconds since 1970, as the database keeps
 * them). `messages list --status uncertain` printed "claimedAt": 1796455448397, the time to look up in Twilio's
 * console, and `dispatch` "waitingUntil" beside its ISO `at` (the operator review of 5 December).
 */
export function isoTimes(key: string, value: unknown): unknown {
  return typeof value === 'number' && Number.isFinite(value) && (key === 'at' || /[a-z](At|Until)$/.test(key)) ? new Date(value).toISOString() : value;
}

/** Why a command will not run on a SQLite file that is not there, and what to do. */
export function noDatabase(path: string): string {
  return `there is no database at ${path} (DATABASE_PATH): run this with the settings the server runs with (DATABASE_PATH, or DATABASE_URL), or start a new installation with: nextdeal shop create`;
}
