// Wires everything: config → database → channels → HTTP → the dispatcher's clock; shuts down in order.
import { DateTime } from 'luxon';
import { randomUUID } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import cron from 'node-cron';
import { askProviders, delivering, describeChannels } from './channels/index.js';
import { providerSettingsMissing } from './channels/unset.js';
import { type Config, ConfigError, configWarnings, loadConfig, mailCatcher, unknownSettings } from './config.js';
import { checkpointInBackground } from './db/checkpointer.js';
import { SEARCH_EVERY_MS } from './db/figures.js';
import { runningInstance } from './db/instances.js';
import { hostAndName, openDatabase } from './db/open.js';
import { createStore } from './db/store.js';
import { readableByOthers } from './db/file-modes.js';
import { namesServer, othersOnFile, serverUpgradeRefusal } from './db/upgrade-guard.js';
import { createApp } from './http/app.js';
import { SERVER_LIMITS, serve } from './http/server.js';
import { makeFolder, unmakeFolder } from './folders.js';
import { alwaysSaid, createLogger } from './log.js';
import { createMetrics } from './metrics.js';
import { prepareReader } from './domain/classify.js';
import { configuredDispatcher, dispatcherTime } from './queue/dispatcher.js';
import { retention } from './retention.js';

/**
 * A stop signal within this long of the first is the same stop, passed on by npm (see stop, below): npm passes it on
 * at once, so the two are handled together, however busy the server is; a person's second press comes later.
 */
const SAME_STOP_MS = 250;

/** The usual reasons the server cannot listen, as a message that says what to change, not a stack trace. */
function listenError(err: NodeJS.ErrnoException, port: number, host: string | undefined): Error {
  const why: Record<string, string> = {
    EADDRINUSE: `another program listens on port ${port} already (another nextdeal?): stop it, or set PORT to a free port`,
    EACCES: `this user may not listen on port ${port} (below 1024 takes root): set PORT to 3000, say, and let a proxy take port 80 or 443`,
    EADDRNOTAVAIL: `${host} is not an address of this machine: set HOST to one of its addresses, or leave it unset for all of them`,
  };
  const reason = err.code && why[err.code];
  return reason ? new ConfigError(`nextdeal cannot start: ${err.code === 'EADDRNOTAVAIL' ? 'HOST' : 'PORT'}: ${reason} (${err.code})`) : err;
}

/**
 * Whether the server can listen on PORT, asked before the database is opened (and upgraded): a port another program
 * (an old nextdeal left running) holds stops the start with the database as it was, not after its migrations.
 */
function portFree(port: number, host: string | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (err: NodeJS.ErrnoException) => reject(listenError(err, port, host)));
    probe.listen({ port, host }, () => probe.close(() => resolve()));
  });
}

/**
 * The outbox folder, when a channel writes there: made now and written to once, so that a folder nextdeal may not write
 * to stops the start instead of every message failing later while the service looks healthy.
 */
const outboxUsed = (config: Config) => !(config.SMTP_URL && config.TWILIO_ACCOUNT_SID && config.OUTBOX_CHANNELS.length === 0);

/**
 * What a start refused after checkOutbox undoes: the folders it made, so that a refused start (the port in use, the
 * database out of reach) leaves nothing on disk (an operator's review). Nothing once the server listens.
 */
let undoOnRefusal = () => {};

function checkOutbox(config: Config): void {
  if (!outboxUsed(config)) return;
  const probe = join(config.OUTBOX_DIR, `.write-test-${randomUUID()}`); // replicas sharing the folder may share a pid
  try {
    const made = makeFolder(config.OUTBOX_DIR, 0o700);
    undoOnRefusal = () => unmakeFolder(config.OUTBOX_DIR, made);
    writeFileSync(probe, '');
    rmSync(probe, { force: true });
  } catch (err) {
    throw new ConfigError(`nextdeal cannot start: OUTBOX_DIR (${config.OUTBOX_DIR}), where messages go while SMTP or Twilio is not set up: ${(err as Error).message}`);
  }
}

async function start(): Promise<void> {
  const config = loadConfig();
  checkOutbox(config);
  const log = createLogger(config.LOG_LEVEL);
  // That it started, where, where messages go, what it upgraded and that it stopped: said at any LOG_LEVEL but silent.
  const said = alwaysSaid(log);
  // The reader of customers' replies learns from the labelled replies that ship with nextdeal: now, not during the
  // first reply's transaction (and a missing file stops the start, not a reply).
  prepareReader();
  await portFree(config.PORT, config.HOST);
  // SQLite: not the migrations of a new release under a server of the release before still running on the file.
  const refused = config.DATABASE_URL ? null : await serverUpgradeRefusal(config.DATABASE_PATH, (why) => log.warn(why));
  if (refused) throw new ConfigError(`nextdeal cannot start: ${refused}`);
  // SQLite: another server on the file (started by mistake) is said once this one listens, not refused.
  const others = config.DATABASE_URL ? null : othersOnFile(config.DATABASE_PATH);
  const db = await openDatabase({
    url: config.DATABASE_URL, path: config.DATABASE_PATH, poolSize: config.DATABASE_POOL_SIZE, upgraded: (lines) => lines.forEach((line) => said.info(line)),
  });
  const store = createStore(db, delivering(config), config.TWILIO_FROM);
  // PostgreSQL: not on a pg_restored copy that `restore --after-pg-restore` has not taken up (its dispatcher would send
  // again what went out after the dump), asked as `dispatch` asks it. The first start on a database writes which one
  // it is (db/home.ts).
  const copy = await store.copyNotTakenUp();
  if (copy) {
    await db.close();
    throw new ConfigError(`nextdeal cannot start: DATABASE_URL (${hostAndName(config.DATABASE_URL!)}): ${copy}`);
  }
  // Started without the settings of a provider it has sent through (moved to another machine without its .env): every
  // message due by that channel would go to the outbox, where no customer gets it, and never again once they are back.
  const missing = await providerSettingsMissing(config, () => store.messages.counts());
  if (missing) {
    await db.close();
    throw new ConfigError(`nextdeal cannot start: ${missing.why} Set ${missing.settings} as the service had ${missing.settings.includes(' and ') ? 'them' : 'it'} (its .env, or the same environment), then start it again; or, when it no longer sends them on purpose, set OUTBOX_CHANNELS=${missing.channels.join(',')}.`);
  }
  // SQLite: checkpoints off the request path. PostgreSQL checkpoints by itself.
  const stopCheckpoints = db.engine === 'sqlite' ? checkpointInBackground(db) : async () => {};
  // SQLite: new customers into the search index five times a second, a few at a time (see indexSearch).
  // Said once as it starts failing (its cause, no stack) and once as it works again.
  const stopIndexing = store.figures.indexSearch(
    SEARCH_EVERY_MS,
    (err) => log.warn({ code: (err as { code?: string }).code, reason: (err as Error).message }, 'search index catch-up failed: tried again five times a second, said again once it works (meanwhile the owner\'s search may miss the newest customers)'),
    () => log.info('search index catch-up works again'),
  );
  // PostgreSQL: a server that did not allow the unaccent extension (migrations/postgres/076) searches names as before.
  if (!(await store.figures.searchIgnoresAccents())) {
    log.warn('the owner\'s search does not ignore accents ("zoe" does not find Zoë): PostgreSQL did not allow the unaccent extension when nextdeal upgraded this database (see the README, "Growing beyond one machine")');
  }
  const metrics = createMetrics();
  metrics.watch(store, Date.now);
  const { dispatcher, channels, templates, close } = configuredDispatcher(config, store, log, metrics);
  // At start and at every tick, the server says it runs: in a row of its own, which `restore --after-pg-restore` reads
  // (src/db/instances.ts), and in the one all instances share. After a downtime (nextdeal stopped, its database down), the
  // check-ins and invitations wait for the tills to re-send what happened meanwhile (chores.alive).
  const instance = runningInstance(db);
  const alive = async (at: number) => {
    // Only `restore --after-pg-restore` reads it: a failed write (a row it cannot read, no right to delete) is said, and
    // stops neither the start nor the minute's work.
    await instance.say(at).catch((err: unknown) => log.warn({ err }, 'could not say that this instance runs: restore --after-pg-restore may not see it'));
    const down = await store.chores.alive(at);
    if (down) {
      const until = new Date(down.until).toISOString();
      log.warn({ downMinutes: Math.round(down.down / 60_000), until }, 'nextdeal was not running, or not reaching its database: check-ins and invitations wait until then, so that tills can first re-send what happened meanwhile (a return, a refund, a customer coming back)');
    }
  };
  const tick = () =>
    dispatcherTime(store, log)
      .then(async (at) => (await alive(at), dispatcher.tick(at)))
      .catch((err) => log.error({ err }, 'dispatch failed'));
  const app = createApp({
    store,
    templates,
    log,
    now: Date.now,
    publicUrl: config.PUBLIC_URL,
    twilioAuthToken: config.TWILIO_AUTH_TOKEN,
    wake: () => void tick(),
    metrics,
    metricsToken: config.METRICS_TOKEN,
    trustProxy: config.TRUST_PROXY,
    sharedFrom: config.TWILIO_FROM,
    emailFrom: config.EMAIL_FROM,
    retentionMonths: config.RETENTION_MONTHS,
    emailUndelivered: channels.email.transport === 'outbox' ? 'outbox' : mailCatcher(config) ? 'catcher' : undefined,
    smsUndelivered: channels.sms.transport === 'outbox' ? 'outbox' : undefined,
    twilioLookUpMinutes: channels.sms.reconcile ? config.TWILIO_RECONCILE_MINUTES : undefined,
    dispatcherTrouble: dispatcher.trouble,
  });

  await alive(await dispatcherTime(store, log));

  const server = await serve(app, config.PORT, SERVER_LIMITS, config.HOST).catch(async (err: NodeJS.ErrnoException) => {
    await instance.gone().catch(() => undefined);
    throw listenError(err, config.PORT, config.HOST);
  });
  undoOnRefusal = () => {};
  // The database by engine and place, never the URL's password.
  const database = db.engine === 'sqlite' ? `sqlite ${config.DATABASE_PATH}` : `postgres ${hostAndName(config.DATABASE_URL!)}`;
  said.info({ port: config.PORT, publicUrl: config.PUBLIC_URL, database }, `nextdeal listening on port ${config.PORT}`);
  said.info(`channels: ${describeChannels(channels, config)}`);
  for (const warning of [...configWarnings(config), ...unknownSettings(process.env)]) log.warn(warning);
  if (others) {
    log.warn(namesServer(others)
      ? `${config.DATABASE_PATH} (DATABASE_PATH) was in use as this server started: ${others}. Two servers on one SQLite file take turns at its write lock (a till is then answered 503, SQLITE_BUSY) and each sends links with its own PUBLIC_URL: stop the one started by mistake`
      : `${config.DATABASE_PATH} (DATABASE_PATH) was open in another process as this server started (a command, a backup, or a tool such as a sqlite3 shell or Litestream; \`fuser\` or \`lsof\` on the file names it): one that holds SQLite's write lock for long makes tills wait (503, SQLITE_BUSY)`);
  }
  const exposed = readableByOthers(db.engine === 'sqlite' ? config.DATABASE_PATH : null, outboxUsed(config) ? config.OUTBOX_DIR : null);
  if (exposed) log.warn(exposed);
  // Restarted once the login a provider refused was put right (SMTP_URL's user and password, Twilio's Account SID and
  // Auth Token): the pause for that refused login ends as the provider takes it here, asked in the background (out of
  // reach, it stops nothing). For SMS only a refused login's pause, and only for an active account, not a trial one;
  // a refused From number's pause, as any other, ends with CHANNEL_PAUSE_MINUTES (askProviders).
  void askProviders(channels, store.health, log);
  // `shop update` refuses it since 7eaa5c8; a shop given it before still takes the replies to the shared number.
  const claiming = config.TWILIO_FROM ? await store.shops.sendingFrom(config.TWILIO_FROM) : [];
  if (claiming.length > 0) {
    log.warn({ shops: claiming }, `TWILIO_FROM is also the own --sms-from of ${claiming.join(', ')}: replies to it are read as replies to ${claiming.length === 1 ? 'that shop' : 'those shops'} only, and those of every other shop's customers (their problems, their STOPs) reach nobody. Run: npx nextdeal shop update --slug <slug> --sms-from ""`);
  }
  // Every minute, each instance at a second of its own, so that instances sharing a database do not all claim at once.
  let jittered: NodeJS.Timeout | undefined;
  const clock = cron.schedule('* * * * *', () => void (jittered = setTimeout(tick, Math.random() * 20_000)), { name: 'dispatch' });
  // Once a month (src/retention.ts): customers who have not bought in RETENTION_MONTHS are erased (AVG/GDPR). Asked
  // every hour, and now: a month whose night the server was down for is purged at the first chance after.
  const stopPurging = new AbortController();
  const purge = retention(store, { months: config.RETENTION_MONTHS, outboxDir: config.OUTBOX_DIR, signal: stopPurging.signal }, log);
  // After it, as it starts and every hour: come-back invitations held by a reply already handled are let go as its
  // handling would have (chores.letGoHandled; an erasure before 5ce3b45 left them held, never to go). Counts only.
  const letGo = async () => {
    if (stopPurging.signal.aborted) return;
    try {
      const now = Date.now();
      const done = await store.chores.letGoHandled(now, DateTime.fromMillis(now).minus({ months: config.RETENTION_MONTHS }).toMillis());
      if (!done || done.letGo + done.lapsed + done.heldAgain === 0) return;
      log.info(done, 'come-back invitations held by replies already handled: let go (late: past their time, they expire unsent), lapsed, or held on by an open reply');
    } catch (err) {
      log.error({ err }, 'letting go invitations held by handled replies failed');
    }
  };
  let purging = purge().then(letGo);
  const purges = cron.schedule('30 * * * *', () => (purging = purge().then(letGo)), { name: 'retention', noOverlap: true });
  void tick(); // what fell due while the server was down goes out now, not in a minute

  // SIGTERM: take no new requests, let those under way and the sends under way finish (for at most
  // SHUTDOWN_TIMEOUT_SECONDS), then close the database. A second signal stops at once; but not one right after the
  // first: under `npm start` a terminal's Ctrl-C (or a stop sent to the whole process group, as systemd does)
  // reaches the server, and npm passes it on too, a few milliseconds later: the same stop.
  let stopping: number | null = null;
  const stop = async (signal: string) => {
    if (stopping !== null) {
      if (Date.now() - stopping < SAME_STOP_MS) return void log.info({ signal }, 'stop signal again at once (npm passes on what the terminal sent): the same stop; one more, later, would stop at once');
      log.warn({ signal }, 'second signal: stopping now');
      process.exit(1);
    }
    stopping = Date.now();
    said.info({ signal }, 'shutting down');
    const deadline = setTimeout(() => {
      log.error({ seconds: config.SHUTDOWN_TIMEOUT_SECONDS }, 'shutdown took too long: stopping now');
      process.exit(1);
    }, config.SHUTDOWN_TIMEOUT_SECONDS * 1000);
    deadline.unref();
    // A purge under way stops after its batch (a few tenths of a second); what it did not reach waits for the next.
    stopPurging.abort();
    await Promise.all([clock.stop(), purges.stop()]);
    clearTimeout(jittered);
    // The dispatcher claims nothing more from now; the sends it has claimed finish while the server closes.
    const drained = dispatcher.stop();
    const closed = new Promise((done) => server.close(done));
    // Keep-alive connections close as soon as their request is answered, rather than after their timeout.
    const idle = setInterval(() => server.closeIdleConnections(), 50);
    server.closeIdleConnections();
    await closed;
    clearInterval(idle);
    await drained;
    await purging;
    await close();
    await stopIndexing();
    await stopCheckpoints();
    await instance.gone().catch((err) => log.warn({ err }, 'could not take back this instance\'s word that it runs: restore --after-pg-restore waits 3 minutes for it'));
    await db.close();
    said.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', (s) => void stop(s));
  process.on('SIGINT', (s) => void stop(s));
}

start().catch((err: unknown) => {
  undoOnRefusal();
  if (!(err instanceof ConfigError)) throw err;
  console.error(err.message);
  process.exit(1);
});
