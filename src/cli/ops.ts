// nextdeal dispatch, sign, outbox, messages, backup, restore, copy: running the dispatcher by hand, trying nextdeal
// without accounts, sending a message again, and keeping and moving the database.
import { existsSync, lstatSync, readFileSync, readdirSync, readlinkSync, realpathSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { askProvider, loginPauseLifted } from '../channels/index.js';
import { providerSettingsMissing } from '../channels/unset.js';
import { type Config, int, loadConfig } from '../config.js';
import { CopyError, copyToPostgres } from '../db/copy.js';
import { SPAM_DAYS, SPAM_SEVERAL } from '../db/messages.js';
import { openPostgres } from '../db/engines/postgres.js';
import { openSqlite } from '../db/engines/sqlite.js';
import { type Erasures, type Refusals, backupTrouble, erasuresIn, inUse, isNextdealDatabase, keepErasures, keepRefusals, pgRestoreTrouble, refusalsIn, restoreFrom } from '../db/restore.js';
import { removeOutboxCopies } from '../channels/outbox.js';
import { hostAndName } from '../db/open.js';
import type { Store } from '../db/store.js';
import { tlsTrouble } from '../db/tls-trouble.js';
import { sign, signV2 } from '../http/signature.js';
import { createLogger } from '../log.js';
import { configuredDispatcher, dispatcherTime } from '../queue/dispatcher.js';
import { type Context, NO_SLUG, UsageError, parse, shopOption } from './context.js';
import { pauseView, pauseWarning } from './pauses.js';

/** What an operator does about a message that may or may not have reached the customer. */
function whatToDo(m: Record<string, unknown>, reconciles: boolean, erased: boolean): string {
  if (erased) return 'it may or may not have reached the customer, who was erased since: nobody is left to ask, and it is not sent again';
  const retry = `to send it again on purpose: npx nextdeal messages retry --id ${m.id}`;
  // A restore's: in doubt since the copy, which nothing looks up at the provider (README, "restore"): never "Twilio is asked".
  if (m.error === 'restored') {
    return `nextdeal was put back to an earlier copy in which it still waited: it may have gone out since, and it is not sent again by itself, nor looked for at the provider: ask the customer (or check the provider's logs) before resending; ${retry} (every such message: npx nextdeal messages retry --restored)`;
  }
  if (m.channel === 'sms' && reconciles) {
    return `it may or may not have reached the customer: nextdeal asks Twilio whether it went out (TWILIO_RECONCILE_MINUTES after the send) and sends it again only when Twilio has no record of it; ${retry}`;
  }
  return `it may or may not have reached the customer: check with them (or the provider's logs) before resending; ${retry}`;
}

/** How many messages in doubt `messages list --status uncertain` lists of every shop at once. */
const EVERY_SHOP = 5000;

/** A time with its date, hour and minute, and its offset: "2026-03-15 10:05" would be read in this machine's zone. */
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/;

export function opsCommands(cli: Command, { open, shopNamed, json, io }: Context): void {
  cli
    .command('dispatch')
    .description('send the messages that are due, once (the server does this every minute)')
    .option('--at <time>', 'act as if the clock showed this ISO 8601 time')
    .option('--outbox', 'write to the outbox (OUTBOX_DIR) what goes by a channel this process has no settings for, also where the service sends it through Twilio or SMTP: for trying things out; no customer gets it')
    .action(async (o) => {
      const given = o.at === undefined ? undefined : ISO_WITH_OFFSET.test(o.at) ? Date.parse(o.at) : Number.NaN;
      if (Number.isNaN(given)) throw new UsageError('--at: expected an ISO 8601 time with its offset, e.g. 2026-03-15T10:05:00+01:00');
      const { config, store } = await open();
      // Not on a pg_restored copy nobody took up, as the server does not start on one: it would send again what went
      // out after the dump (db/home.ts).
      const copy = await store.copyNotTakenUp();
      if (copy) throw new UsageError(`DATABASE_URL (${hostAndName(config.DATABASE_URL!)}): ${copy}`);
      if (!o.outbox) await refuseOutboxOfLiveInstallation(config, store);
      // Warnings (failed sends, a paused channel) to stderr; the report to stdout.
      const log = createLogger('warn', { write: (s: string) => io.err(s) });
      const { dispatcher, channels, close } = configuredDispatcher(config, store, log);
      // Twilio is asked about the account first, as the server does at its start (one request, sending nothing; none
      // when SMS goes to the outbox): with Twilio's test credentials no text is handed over (they are answered as sent,
      // and text nobody), and a passing check ends the pause of a refused login, put right since. Asked also when no
      // text is due: the operator hears of wrong credentials then, and a pause holds texts without any being due.
      const asking = askProvider(channels, store.health, 'sms').catch((err: unknown) => {
        io.err(`warning: could not check Twilio (${err instanceof Error ? err.message : String(err)})\n`);
        return null;
      });
      const real = await dispatcherTime(store, log);
      const at = given ?? real;
      // The first texts wait for its answer (src/channels/sms.ts), e-mails do not; a pause for a refused login would hold
      // them all, so its answer comes first then (at most TWILIO_TIMEOUT_SECONDS, Twilio silent).
      if ((await store.health.paused(real)).some((p) => p.channel === 'sms' && p.loginRefused)) await asking;
      const report = await dispatcher.tick(at, real);
      const asked = await asking;
      await close();
      if (asked && !asked.said.ok) io.err(`warning: ${asked.said.msg}\n`);
      if (asked?.lifted) io.err(`${loginPauseLifted('sms')}\n`);
      // A paused channel holds its messages, every count 0 (the operator review of 5 December): said, until when and why.
      const paused = await store.health.paused(real);
      // Texts to a country the Twilio account may not text (21408) wait, pausing no SMS: said too, with what to put right.
      const { country, trial } = await store.messages.waitingOnAccount();
      // Several texts held back by the carriers as possible spam (30007) in the days before the time dispatched at: only
      // registering the sender helps.
      const spam = await store.messages.spamFiltered(null, at);
      const spamSeveral = spam >= SPAM_SEVERAL;
      json({ at: new Date(at).toISOString(), ...report, ...(asked && !asked.said.ok && { twilioAccount: { code: asked.said.code ?? null } }), ...(paused.length > 0 && { channelsPaused: paused.map(pauseView) }), ...(country > 0 && { smsWaitingForGeoPermissions: country }), ...(trial > 0 && { smsWaitingForTrialAccount: trial }), ...(spamSeveral && { smsFilteredAsSpam: spam }) });
      for (const p of paused) io.err(pauseWarning(p));
      if (country > 0) {
        io.err(`warning: ${country === 1 ? '1 text waits' : `${country} texts wait`} because the Twilio account may not text that country (Twilio 21408): enable it in Twilio's console (Messaging, Settings, Geo permissions); texts to other countries go on, and one waiting longer than 48 hours expires\n`);
      }
      if (trial > 0) {
        io.err(`warning: ${trial === 1 ? '1 text waits' : `${trial} texts wait`} because the Twilio account is a trial one, which texts only the numbers verified in its console (Twilio 21608): upgrade it in Twilio's console; texts to verified numbers go on, and one waiting longer than 48 hours expires\n`);
      }
      if (spamSeveral) {
        io.err(`warning: the phone companies held back ${spam} texts of the last ${SPAM_DAYS} days as possible spam (Twilio 30007): register the sender with Twilio (the number's or sender ID's messaging registration in its console)\n`);
      }
    });

  shopOption(
    cli.command('sign').description('print a Nextdeal-Signature header value for a JSON body (from --file or stdin), to try the webhook by hand'),
    { required: true, description: 'the shop whose webhook secret signs it (see: nextdeal shop list)' },
  )
    .option('--file <path>', 'the body; stdin when absent')
    .option('--path <path>', 'sign with v2, for this request path (e.g. /v1/shops/<slug>/sales/<id>/refund): valid only there')
    .option('--method <method>', 'v2: the request method', 'POST')
    .action(async (o) => {
      const body = o.file ? readable(o.file, '--file') : Buffer.from(io.stdin());
      if (o.path !== undefined && !/^\/[^\s?#]*$/.test(o.path)) throw new UsageError('--path: expected the path the till posts to, e.g. /v1/shops/fietsenmaker/sales (no host, no query)');
      if (!/^[A-Za-z]+$/.test(o.method)) throw new UsageError('--method: expected an HTTP method such as POST');
      const secret = (await shopNamed(o.slug)).webhookSecret;
      const t = Math.floor(Date.now() / 1000);
      io.out((o.path === undefined ? sign(secret, body, t) : signV2(secret, o.method, o.path, body, t)) + '\n');
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
      const { last } = parse(z.object({ last: int(1, 1000) }), o);
      const newest = files.sort().slice(-last);
      if (newest.length === 0) return io.out(`the outbox (${dir}) is empty\n`);
      for (const f of newest) io.out(`--- ${join(dir, f)}\n${readFileSync(join(dir, f), 'utf8')}\n`);
    });

  const messages = cli.command('messages').description('the message log, and sending one again on purpose');
  shopOption(
    messages
      .command('list')
      .description("a shop's newest messages, e.g. the uncertain ones a crash or a silent provider left behind, with what to do; with --status uncertain and no --slug, every shop's"),
    { required: false, description: 'the shop' },
  )
    .option('--status <status>', `only this status: ${STATUSES.join(', ')}`)
    .action(async (o) => {
      // Messages in doubt, of every shop at once: after a crash, an installation of many shops learns whom to tell.
      const slug: string | undefined = o.slug;
      if (slug === undefined && o.status !== 'uncertain') throw new UsageError(NO_SLUG);
      // A mistyped status would list nothing, and read as "nothing is uncertain".
      if (o.status !== undefined && !STATUSES.includes(o.status)) throw new UsageError(`--status: expected one of ${STATUSES.join(', ')}`);
      const { store, config } = await open();
      const reconciles = Boolean(config.TWILIO_ACCOUNT_SID);
      let rows: Record<string, unknown>[];
      if (slug !== undefined) rows = await store.messages.list((await shopNamed(slug)).id, o.status ?? null);
      else {
        rows = await store.messages.uncertainEverywhere(EVERY_SHOP + 1);
        if (rows.length > EVERY_SHOP) {
          rows = rows.slice(0, EVERY_SHOP);
          io.err(`only the first ${EVERY_SHOP} messages in doubt are listed (by shop); list a shop's with --slug <slug>\n`);
        }
      }
      json(rows.map(({ erased, ...m }) => (m.status === 'uncertain' ? { ...m, whatToDo: whatToDo(m, reconciles, Number(erased) === 1) } : m)));
    });
  shopOption(
    messages
      .command('retry')
      .description('send a message again now: one that is uncertain (check first it did not arrive), failed or expired')
      .option('--id <message id>')
      .option('--restored', 'every message a restore held in doubt (check first they did not go out since the copy)'),
    { required: false, description: 'with --restored: only this shop' },
  )
    .action(async (o) => {
      if (o.restored) {
        if (o.id !== undefined) throw new UsageError('give --id or --restored, not both');
        const slug: string | undefined = o.slug;
        const shopId = slug ? (await shopNamed(slug)).id : 0;
        const n = await (await open()).store.messages.resendRestored(shopId, Date.now());
        return io.out(`${n} message(s) held in doubt by a restore will go out with the next dispatch (within a minute, or run: nextdeal dispatch)\n`);
      }
      if (o.id === undefined) throw new UsageError('--id: which message (see: nextdeal messages list), or --restored');
      const id = /^\d{1,15}$/.test(String(o.id)) ? Number(o.id) : null;
      if (id === null) throw new UsageError(`--id: expected a message's number, e.g. 12 (see: nextdeal messages list --slug <slug>)`);
      const { store } = await open();
      if (!(await store.messages.resend(id, Date.now()))) {
        // Said as it is (the operator review of 5 December: a mistyped id read as "not uncertain, failed or expired").
        const m = await store.messages.state(id);
        if (!m) throw new UsageError(`there is no message ${id} (see: nextdeal messages list --slug <slug>)`);
        if (m.erased) throw new UsageError(`message ${id} is not sent again: its customer was erased, and nobody is left to send it to`);
        throw new UsageError(`message ${id} is ${m.status}: only one that is uncertain, failed or expired is sent again (see: nextdeal messages list --slug <slug>)`);
      }
      io.out(`message ${o.id} will go out with the next dispatch (within a minute, or run: nextdeal dispatch)\n`);
    });

  cli
    .command('backup')
    .description('copy the database, consistently, while the server keeps running')
    .argument('<file>', 'where to write the copy (an earlier backup there is replaced)')
    .action(async (file: string) => {
      // PostgreSQL has its own tool for this, which knows its server and its versions: said before anything is opened,
      // also when the server cannot be reached (the operator review of 5 December).
      if (loadConfig(io.env).DATABASE_URL) throw new UsageError(PG_DUMP);
      // A database that is not there is refused by open(), naming it: never an empty one made and backed up. Copied as
      // it is, no migration applied: run from a new release before its server starts (README "Upgrading"), the backup is
      // the database before the upgrade, the one to go back to, and nothing is upgraded under the running server.
      const { store, config } = await open({ upgrade: false });
      // A name that is a symbolic link (to a backup disk mounted elsewhere) is written where it points, as before.
      const target = followed(file);
      if (!existsSync(dirname(target))) throw new UsageError(`there is no folder ${dirname(target)} to write the backup in`);
      const earlier = replaceable(target, config.DATABASE_PATH);
      // Written beside it, then renamed: a backup that fails halfway (a full disk) leaves last night's whole.
      const partial = `${target}.partial`;
      rmSync(partial, { force: true });
      try {
        const { pages } = await store.backup(partial).catch((err: { code?: string }) => {
          if (err?.code === 'SQLITE_FULL') throw new UsageError(`the disk of ${dirname(target)} is full: the backup did not fit, and nothing was replaced`);
          throw err;
        });
        renameSync(partial, target);
        // A nightly job writes the same name each night: replaced, and said so, where its mail shows it.
        if (earlier) io.err(`replaced the earlier backup ${file} (written ${earlier})\n`);
        io.out(`backed up ${config.DATABASE_PATH} (${pages} pages) to ${file}\n`);
      } finally {
        rmSync(partial, { force: true });
      }
    });

  cli
    .command('restore')
    .description('put a backup (nextdeal backup) back in place of the database; stop nextdeal first, every instance')
    .argument('[file]', 'the backup to restore')
    .option('--yes', 'replace the database: what it holds now and the copy lacks is gone')
    .option('--after-pg-restore', 'PostgreSQL: after pg_restore, before nextdeal starts on it, hold what may have gone out since the dump')
    .option('--again', 'with --after-pg-restore: also on a database nextdeal has run on since (a snapshot or point-in-time restore, which it cannot tell)')
    .action(async (file: string | undefined, o: { yes?: boolean; afterPgRestore?: boolean; again?: boolean }) => {
      if (o.again && !o.afterPgRestore) throw new UsageError('--again goes with --after-pg-restore (PostgreSQL): nextdeal restore --after-pg-restore --again');
      const config = loadConfig(io.env);
      /**
       * `replaced`: the refusals and erasures the replaced SQLite database held, kept (on PostgreSQL, pg_restore wrote a
       * new database, and the one it replaced is not read).
       */
      const holdInDoubt = async (replaced: { refusals: Refusals | null; erasures: Erasures | null } | null = null) => {
        const refusals = replaced?.refusals ?? null;
        // Opened as nextdeal opens it: a copy from an older release gets its migrations.
        const { store, config: opened } = await open();
        // First what may have gone out since, in doubt (a check-in that went, then a STOP to it, stays "may have gone",
        // not "not sent": the review of the fix); then the erasures (a message of theirs that may have gone out stays
        // so, and is sent again to nobody: there is nobody left); then the refusals, which cancel what waits (what is
        // retried in doubt is looked at again as it goes, and goes to nobody who refused).
        // On PostgreSQL (after pg_restore), the database is taken up in the same transaction (db/home.ts).
        const now = Date.now();
        const held = await (store.engine === 'postgres' ? store.takeUpRestored(now) : store.messages.holdRestored(now));
        const again = replaced?.erasures ? await keepErasures(store, replaced.erasures, now) : null;
        if (again) held.restored += again.restored;
        if (again) removeOutboxCopies(opened.OUTBOX_DIR, again);
        if (again && again.customers + again.alone > 0) {
          io.out(
            `erased again what was erased since the copy was written (customer erase, the retention purge), which the copy still held: ${again.customers} customer row(s), ` +
              `${again.alone} sale(s) with no customer${again.stopped > 0 ? `; kept ${again.stopped} STOP(s) or unsubscribe(s) of theirs (as keyed hashes, as the erasure did)` : ''}\n`,
          );
        }
        if (again && !again.logEmptied) {
          io.err('warning: the write-ahead log could not be emptied after erasing them again (another process was reading it): run nextdeal once more, or start it, and the next checkpoint empties it\n');
        }
        const kept = refusals ? await keepRefusals(store, refusals) : 0;
        if (kept > 0) {
          io.out(`kept ${kept} refusal(s) made since the copy was written (a STOP, an unsubscribe, a "no" the owner recorded, for a number or address the copy knows): nothing the copy planned goes to them on that channel\n`);
        }
        if (held.restored > 0) {
          io.out(
            `${held.restored} message(s) were due since and may have gone out already: they wait in doubt, not sent again (see: nextdeal messages list --slug <slug> --status uncertain; ` +
              `once you know they did not go: nextdeal messages retry --restored)\n`,
          );
        }
        if (held.interrupted > 0) {
          io.out(
            `${held.interrupted} message(s) were being sent as the copy was taken: in doubt as any interrupted send (an SMS is looked for in Twilio's records; ` +
              `an e-mail waits until you or the owner settle it: nextdeal messages retry --id <id>)\n`,
          );
        }
        const stops = refusals
          ? 'replies, and STARTs and consent given back'
          : 'replies and STOPs, and erasures (the database replaced was not read for them: erase again those you know of)';
        io.out(
          `not in the copy, and so gone: what reached nextdeal since it was written: sales, customers' ${stops}; ` +
            "and what was done with nextdeal's commands since: rotated API keys and webhook secrets (a till sending the new one is refused: run shop rotate again and give the tills the new ones), " +
            'shop settings (shop update, --holdout), connections, passwords, shops created, disabled or deleted (do them again), ' +
            (refusals
              ? 'and consent the owner recorded (a "no" is kept, a "yes" is undone: customer consent again); a STOP to a number the till changed since, and a "no" given at the till since are not kept: customer consent --sms no again\n'
              : 'and consent the owner recorded (customer consent again: a "no" recorded since is undone, and that customer\'s messages would go)\n'),
        );
      };
      if (config.DATABASE_URL) {
        if (o.afterPgRestore) {
          const trouble = await pgRestoreTrouble(config.DATABASE_URL, o.again).catch((err: Error & { code?: string }) => {
            // The server could not be reached or refused us: its words, never the URL (it holds the password).
            if (err.code) throw new UsageError(`DATABASE_URL (${hostAndName(config.DATABASE_URL!)}): PostgreSQL says: ${err.message}`);
            throw err;
          });
          if (trouble) throw new UsageError(`DATABASE_URL (${hostAndName(config.DATABASE_URL)}) cannot be taken up after pg_restore: ${trouble}`);
          // Held, and from then on the copy is this database's own: nextdeal starts on it (src/db/home.ts).
          return holdInDoubt();
        }
        throw new UsageError('on PostgreSQL, restore with its own tool: pg_restore --dbname=<an empty database> <file>, point DATABASE_URL at it, and before nextdeal starts on it run: nextdeal restore --after-pg-restore');
      }
      if (o.afterPgRestore) throw new UsageError('--after-pg-restore is for PostgreSQL (DATABASE_URL); on SQLite give the backup file: nextdeal restore <file>');
      if (file === undefined) throw new UsageError('which backup: nextdeal restore <file>');
      // The live database named as the backup: "restored 0 pages", and "everything since is gone" (the operator's review).
      if (existsSync(file) && existsSync(config.DATABASE_PATH) && realpathSync(file) === realpathSync(config.DATABASE_PATH)) {
        throw new UsageError(`${file} is the database itself (DATABASE_PATH): give the backup to restore in its place`);
      }
      const trouble = backupTrouble(file);
      if (trouble) throw new UsageError(`${file} cannot be restored: ${trouble}`);
      const path = config.DATABASE_PATH;
      const there = existsSync(path);
      if (there && inUse(path)) throw new UsageError(`${path} is in use (a running nextdeal, or another command): stop it, every instance, then restore`);
      const taken = new Date(statSync(file).mtimeMs).toISOString();
      if (there && !o.yes) {
        throw new UsageError(`this replaces ${path} with the copy ${file} (written ${taken}): everything since is gone from it. Run again with --yes to do it`);
      }
      // A customer's "no" given since the copy (to the shop, or to its owner) is not undone by going back in time.
      // Nor does it bring back a customer erased since: nothing of theirs is kept there, but which rows they were.
      const replaced = { refusals: refusalsIn(path), erasures: erasuresIn(path) };
      const { pages, movedAside } = await restoreFrom(file, path);
      if (movedAside) io.out(`${path} was no database SQLite could read: kept as ${movedAside}\n`);
      io.out(`restored ${pages} pages from ${file} (written ${taken}) to ${path}\n`);
      await holdInDoubt(replaced);
    });

  cli
    .command('copy')
    .description('move an installation from SQLite to PostgreSQL: every table, counted on both sides; nothing is written when anything fails')
    .requiredOption('--from <file>', 'the SQLite database file (stop nextdeal first: what it receives during the copy is not copied)')
    .requiredOption('--to <url>', 'the empty PostgreSQL database, postgres://user:password@host:5432/database')
    .action(async (o: { from: string; to: string }) => {
      if (!existsSync(o.from)) throw new UsageError(`--from: there is no file ${o.from}`);
      if (!/^postgres(ql)?:\/\//.test(o.to)) throw new UsageError('--to: expected a PostgreSQL URL, postgres://user:password@host:5432/database');
      // Looked at, read-only, before anything is written: an empty file would otherwise be given nextdeal's schema
      // and "copied" as 0 rows, and another file end in SQLite's own words.
      if (!isNextdealDatabase(o.from)) throw new UsageError(`--from: ${o.from} is not a nextdeal database (no schema_migrations table in it)`);
      // What a running server receives during the copy is not copied, and lost when the operator switches over.
      if (inUse(o.from)) throw new UsageError(`--from: ${o.from} is in use (a running nextdeal, or another command): stop it, every instance, then copy`);
      const from = openSqlite(o.from);
      const to = openPostgres(o.to, 2);
      try {
        const copied = await copyToPostgres(from, to, ({ table, rows }) => io.out(`${table}: ${rows}\n`));
        const total = copied.reduce((n, c) => n + c.rows, 0);
        io.out(`copied ${total} rows in ${copied.length} tables, counted on both sides; start nextdeal with DATABASE_URL set to the new database\n`);
      } catch (err) {
        if (err instanceof CopyError) throw new UsageError(`nothing was copied: ${err.message}`);
        // A TLS connection that failed (sslmode=require on a certificate node-postgres does not trust, or a server without
        // TLS): not PostgreSQL's words, and one of them has no code.
        const tls = tlsTrouble(err, o.to, '--to');
        if (tls) throw new UsageError(`nothing was copied: --to (${hostAndName(o.to)}): ${tls}`);
        // The server could not be reached or refused us: its words, never the URL (it holds the password).
        if ((err as { code?: string }).code) throw new UsageError(`nothing was copied: PostgreSQL says: ${(err as Error).message}`);
        throw err;
      } finally {
        await Promise.all([from.close(), to.close()]);
      }
    });
}

/**
 * `dispatch` run without the service's Twilio or SMTP settings (on another machine, from a shell without its .env)
 * wrote what is due by that channel to a local outbox, where no customer gets it, and said only "outbox": 5 (the
 * operator review of 4 December): refused, as the server refuses to start so (src/channels/unset.ts).
 */
async function refuseOutboxOfLiveInstallation(config: Config, store: Store): Promise<void> {
  const missing = await providerSettingsMissing(config, () => store.messages.counts());
  if (!missing) return;
  throw new UsageError(
    `${missing.why} Nothing was sent. ` +
      'Run it with the settings the service runs with (its .env, or the same environment), or with --outbox to write them to the outbox all the same (to try things out); ' +
      `when the installation no longer sends them on purpose, set OUTBOX_CHANNELS=${missing.channels.join(',')}`,
  );
}

const PG_DUMP = 'on PostgreSQL, back up with its own tool: pg_dump --format=custom --file=<file> "$DATABASE_URL"';

const STATUSES = ['scheduled', 'sending', 'sent', 'outbox', 'failed', 'expired', 'cancelled', 'uncertain'];

/** Where `file` really is: a symbolic link is followed (also to a file not there yet), as writing through it would. */
function followed(file: string): string {
  let path = resolve(file);
  for (let hops = 0; hops < 40 && lstatSync(path, { throwIfNoEntry: false })?.isSymbolicLink(); hops++) path = resolve(dirname(path), readlinkSync(path));
  return path;
}

/**
 * Whether `backup` may write over `file`: when it is not there (null), or is an earlier backup (a nextdeal database) or
 * an empty file (when it was written, as an ISO time). The database itself, or any other file, is refused: a mistyped
 * name must not destroy what it names.
 */
function replaceable(file: string, database: string): string | null {
  if (!existsSync(file)) return null;
  if (realpathSync(file) === realpathSync(database)) throw new UsageError(`${file} is the database itself: give the backup another name`);
  const stat = statSync(file);
  if (!stat.isFile() || (stat.size > 0 && !isNextdealDatabase(file))) {
    throw new UsageError(`${file} exists and is not an earlier backup of nextdeal's: nothing was written; give the backup another name, or remove that file first`);
  }
  return new Date(stat.mtimeMs).toISOString();
}

/** A file's bytes, or a usage error naming the option when it cannot be read. */
function readable(path: string, option: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    throw new UsageError(`${option}: cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
}
