// How fast does the REAL dispatcher send? 100,000 due messages through the outbox channels (goal: at least 5,000 a
// second), 100,000 due SMS by the real Twilio client to a stand-in for Twilio's REST API in its own process on loopback
// (goal: at least 2,000 a second with one dispatcher, none twice), and 100,000 due e-mails through a local SMTP server
// (smtp-server in its own process on loopback, accepting without parsing); and what a tick costs with 1,000,000 future messages waiting (it must not grow with them): a tick
// that finds nothing due, and a tick that sends 1,000 due messages, each with 0 and with 1,000,000 future messages.
// On SQLite (the default) or PostgreSQL (--engine postgres); with --dispatchers N, N dispatchers in processes of their
// own drain the outbox backlog together from one database, and no message may reach the channel twice.
//
// Messages, their customers (phone, e-mail, consent) and sales (completed, sold the day before) are written straight
// into a database made by the real openDatabase() (SQLite: prepared INSERTs; PostgreSQL: multi-row INSERTs, in one
// transaction per 50,000 messages); then createDispatcher() runs with the real channels (smsOutbox/emailOutbox,
// smtpChannel), the real loadTemplates(), metrics and a logger at LOG_LEVEL (default info, as the server runs; written
// to a file), and tick(now) is called until nothing is due.
//
//   npx tsx bench/dispatch.ts                         # all of it (~3 min; SMTP with 10,000 e-mails)
//   npx tsx bench/dispatch.ts --only smtp --smtp-messages 100000     # the SMTP run at full size (~3.5 min)
//   npx tsx bench/dispatch.ts --messages 20000 --future 200000 --log-level warn --only outbox,tick
//   npx tsx bench/dispatch.ts --engine postgres --dispatchers 3 --only outbox   # 3 processes, throw-away PostgreSQL
//   npx tsx bench/dispatch.ts --engine postgres --dispatchers 3 --only twilio   # the same through the Twilio stand-in
//   npx tsx bench/dispatch.ts --engine postgres --database-url postgres://u:p@host/postgres   # a server of your own
import { type ChildProcess, fork, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Session } from 'node:inspector/promises';
import { benchArgs } from './args.js';
import { pino } from 'pino';
import { smtpChannel } from '../src/channels/email.js';
import { emailOutbox, smsOutbox } from '../src/channels/outbox.js';
import type { Channels } from '../src/channels/types.js';
import type { SqliteDb } from '../src/db/engines/sqlite.js';
import { checkpointInBackground } from '../src/db/checkpointer.js';
import { type Database, openDatabase } from '../src/db/open.js';
import { type Db, type Params, sql } from '../src/db/sql.js';
import { createStore, type Store } from '../src/db/store.js';
import { createLogger } from '../src/log.js';
import { createMetrics } from '../src/metrics.js';
import { IN_FLIGHT } from '../src/channels/twilio-http.js';
import { MESSAGE_CLAIM } from '../src/queue/attempt.js';
import { createDispatcher } from '../src/queue/dispatcher.js';
import { loadTemplates } from '../src/templates.js';
import { channelsFor } from './channels.js';
import type { WorkerDone, WorkerStart } from './dispatch-worker.js';
import { type ServerCpu, benchServer, createDatabase, describeServer, dropDatabases, engineOptions, loader, moveIdentities, serverCpu } from './pg.js';
import { describeMachine, machineTimes } from './sale.js';
import { tally, watchStatements } from './statements.js';

const { values: opt } = benchArgs(import.meta.url, {
  options: {
    messages: { type: 'string', default: '100000' },
    'smtp-messages': { type: 'string', default: '10000' }, // 100,000 take ~3 minutes on their own: --smtp-messages 100000 --only smtp
    only: { type: 'string', default: 'outbox,twilio,smtp,tick,profile' },
    future: { type: 'string', default: '1000000' },
    due: { type: 'string', default: '1000' }, // due messages in the "tick that sends" measurement
    'log-level': { type: 'string', default: 'info' },
    'email-share': { type: 'string', default: '0.2' }, // of the outbox run: e-mail (the rest SMS), as customers with a mobile number get SMS
    dispatchers: { type: 'string' }, // the outbox run by N dispatcher processes; unset: in this process (SQLite), 1 process (PostgreSQL)
    ...engineOptions,
  },
});
const { engine, serverUrl } = await benchServer(opt);
// SQLite without --dispatchers: the dispatcher in this process, as always; otherwise N processes of their own.
const DISPATCHERS = Number(opt.dispatchers ?? 1), IN_PROCESS = opt.dispatchers === undefined && engine === 'sqlite';
if (!Number.isInteger(DISPATCHERS) || DISPATCHERS < 1) throw new Error('--dispatchers: a whole number, 1 or more');
const MESSAGES = Number(opt.messages), FUTURE = Number(opt.future), DUE = Number(opt.due), LEVEL = opt['log-level'];
const EMAIL_SHARE = Number(opt['email-share']), SMTP_MESSAGES = Number(opt['smtp-messages']), ONLY = new Set(opt.only.split(','));
const GOAL_RATE = 5000, GOAL_TWILIO = 2000, HOUR = 3_600_000, DAY = 24 * HOUR;
const started = performance.now();
const work = mkdtempSync(join(os.tmpdir(), 'nextdeal-dispatch-'));
const templates = loadTemplates();
const metrics = createMetrics();
const log = createLogger(LEVEL, pino.destination({ dest: join(work, 'dispatch.log'), sync: true })); // as stdout to a file
const fmt = (n: number) => Math.round(n).toLocaleString('en');
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

console.log(`machine: ${describeMachine()}`);
console.log(`dispatcher: createDispatcher() with the real templates, metrics, LOG_LEVEL=${LEVEL} (one "message sent" line each at info, to a file);`);
console.log(`claims ${MESSAGE_CLAIM} messages at a time (src/queue/attempt.ts MESSAGE_CLAIM); the Twilio channel has ${IN_FLIGHT} requests in flight at most (src/channels/twilio-http.ts), the rest of a claim waiting its turn`);
console.log(engine === 'sqlite' ? 'database: SQLite, a file per run made by openDatabase() (WAL, synchronous=NORMAL)' : `database: ${await describeServer(serverUrl!)}; a database per run`);
console.log(`outbox run: ${IN_PROCESS ? 'the dispatcher in this process' : `${DISPATCHERS} dispatcher process${DISPATCHERS > 1 ? 'es' : ''} (bench/dispatch-worker.ts) on one database`}\n`);

// ---- seeding ------------------------------------------------------------------------------------------------------
let nextCustomer = 1, nextSale = 1, nextMessage = 1;

function seeder(db: Db, shopId: number) {
  const tables = {
    customers: ['id', 'shop_id', 'name', 'phone', 'email', 'sms_consent', 'email_consent', 'details_at', 'created_at'],
    sales: ['id', 'shop_id', 'till_sale_id', 'customer_id', 'occurred_at', 'local_day', 'reason', 'items', 'total', 'currency', 'status', 'fingerprint', 'response', 'received_at'],
    messages: ['id', 'shop_id', 'customer_id', 'sale_id', 'kind', 'channel', 'key', 'status', 'due_at', 'next_attempt_at', 'created_at'],
  } as const;
  const items = JSON.stringify([{ name: 'Regenjas', sku: 'RJ-1', quantity: 1, unitPrice: 89.95 }, { name: 'Fietsbel', sku: 'FB-1', quantity: 1, unitPrice: 6.95 }]);
  /**
   * `count` messages due at `dueOf(i)`, each with its sale; a new customer per `perCustomer` messages (a sale's
   * check-in and come-back invitation share the sale when `perSale` is 2). Written 50,000 messages a transaction.
   */
  return async (count: number, dueOf: (i: number) => number, channelOf: (i: number) => 'sms' | 'email', perSale = 1, perCustomer = 1) => {
    const t = performance.now();
    let customer = 0, sale = 0;
    for (let from = 0; from < count; from += 50_000) {
      await db.transaction(async (tx) => {
        const rows = loader(tx, tables);
        for (let i = from; i < Math.min(count, from + 50_000); i++) {
          const due = dueOf(i);
          if (i % perCustomer === 0) {
            customer = nextCustomer++;
            await rows.add('customers', [customer, shopId, `Klant ${customer} de Vries`, `+3161${String(customer % 10_000_000).padStart(7, '0')}`, `klant${customer}@example.nl`, 1, 1, due - DAY, due - DAY]);
          }
          if (i % perSale === 0) {
            sale = nextSale++;
            await rows.add('sales', [sale, shopId, `T${sale}`, customer, due - DAY, Math.floor((due - DAY) / DAY), 'voor mijn fietstochten', items, 96.9, 'EUR', 'completed', `fp-${sale}`, '{}', due - DAY]);
          }
          const id = nextMessage++;
          await rows.add('messages', [id, shopId, customer, sale, perSale === 2 && i % 2 === 1 ? 'comeback' : 'checkin', channelOf(i), `bench:${id}`, 'scheduled', due, due, due - DAY]);
        }
        await rows.flush();
      });
    }
    await moveIdentities(db, ['customers', 'sales', 'messages']);
    return performance.now() - t;
  };
}

const stopCheckpoints: (() => Promise<void>)[] = [];

/** Where a run's database is: a SQLite file, or a database of its own on the PostgreSQL server. */
interface Target { path: string; url?: string | undefined }

/** A fresh database with one shop; with `watch`, its statements can be timed (see ./statements.ts). */
async function fresh(name: string, watch = false) {
  const target: Target = { path: join(work, `${name}.db`), ...(engine === 'postgres' && { url: await createDatabase(serverUrl!) }) };
  const opened = await openDatabase(target);
  // As the server runs it (src/main.ts): SQLite's checkpoints in a worker thread, not in the dispatcher's commits.
  if (opened.engine === 'sqlite') stopCheckpoints.push(checkpointInBackground(opened));
  const statements = watch ? watchStatements(opened) : null;
  const db: Database = statements ? statements.db : opened;
  const store = createStore(db);
  const shop = (await store.shops.create({ slug: 'fietsenmaker', name: 'Fietsenmaker Bench', timezone: 'Europe/Amsterdam', country: 'NL', locale: 'nl' }, Date.now())).shop;
  // The dispatcher ticks at the real time: without quiet hours, so that a run at night sends as one by day does.
  await store.shops.update(shop.slug, { quietStart: 0, quietEnd: 0 });
  return { db, store, statements, seed: seeder(db, shop.id), target };
}

/** SQLite's own handle, for pragmas. */
const native = (db: Db) => (db as SqliteDb).native;

/** The query plan of a statement, a line per step: SQLite's EXPLAIN QUERY PLAN, PostgreSQL's EXPLAIN. */
async function planOf(db: Db, text: string, params?: Params): Promise<string[]> {
  if (db.engine === 'sqlite') return (await db.all<{ detail: string }>(sql(`EXPLAIN QUERY PLAN ${text}`), params)).map((p) => p.detail);
  return db.values<string>(sql(`EXPLAIN ${text}`), params);
}

function dispatcherOn(store: Store, channels: Channels) {
  return createDispatcher({
    store, channels, templates, log, metrics,
    emailFrom: 'nextdeal@example.test', publicUrl: 'https://deals.example.test', retryBaseSeconds: 60, pauseAfter: 5, pauseMinutes: 10, reconcileAfterMs: 600_000,
  });
}

const byStatus = async (db: Db) =>
  Object.fromEntries((await db.all<{ status: string; n: number }>(sql('SELECT status, count(*) AS n FROM messages GROUP BY status ORDER BY status'))).map((r) => [r.status, Number(r.n)]));
const countOf = async (db: Db, query: string) => Number(await db.value(sql(query)));

/** Ticks at `now` until nothing is due; returns the time, the CPU time of this process and what the ticks reported. */
async function drain(store: Store, channels: Channels, now: number) {
  const dispatcher = dispatcherOn(store, channels);
  const cpu0 = process.cpuUsage(), t = performance.now(), steal0 = machineTimes().steal;
  let sent = 0, other = 0, ticks = 0;
  for (;;) {
    const r = await dispatcher.tick(now);
    ticks++;
    sent += r.sent;
    other += r.failed + r.retrying + r.cancelled + r.expired + r.uncertain;
    if (r.sent + r.failed + r.retrying + r.cancelled + r.expired === 0 || ticks > 1000) break;
  }
  const ms = performance.now() - t, cpu = process.cpuUsage(cpu0), stealMs = (machineTimes().steal - steal0) * 1000;
  return { ms, cpuMs: (cpu.user + cpu.system) / 1000, stealMs, sent, other, ticks };
}

const results: { name: string; line: string; goal?: string }[] = [];

// ---- 1. outbox --------------------------------------------------------------------------------------------------
/**
 * N dispatcher processes (bench/dispatch-worker.ts, run by the same node and tsx as this bench) on one database, each
 * ready (database open, templates loaded) before any is told to go: the time runs from "go" to the last one done.
 */
async function inProcesses(n: number, target: Target, dir: string, twilio: string | undefined, now: number, pgCpu: ServerCpu | null) {
  const file = fileURLToPath(new URL('./dispatch-worker.ts', import.meta.url));
  const workers = Array.from({ length: n }, () => fork(file, [], { execArgv: process.execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
  const next = <T>(w: ChildProcess) => new Promise<T>((ok, fail) => {
    const exited = (code: number | null) => fail(new Error(`a dispatcher process exited (${code}) before it answered`));
    w.once('exit', exited);
    w.once('message', (m) => (w.off('exit', exited), ok(m as T)));
  });
  const ready = workers.map((w) => next<string>(w));
  workers.forEach((w, i) => w.send({ ...target, outbox: dir, twilio, now, level: LEVEL, log: join(work, `dispatch-${i + 1}.log`) } satisfies WorkerStart));
  await Promise.all(ready);
  const done = workers.map((w) => next<WorkerDone>(w));
  const pg = pgCpu?.begin(), t = performance.now();
  for (const w of workers) w.send('go');
  const reports = await Promise.all(done);
  const ms = performance.now() - t, pgUsed = pg?.end() ?? null;
  await Promise.all(workers.map((w) => (w.exitCode === null && w.signalCode === null ? once(w, 'exit') : undefined)));
  return { ms, reports, pg: pgUsed };
}

/** Tick errors by message, most frequent first: "deadlock detected ×3; …". */
function errorsOf(failed: string[]): string {
  const n = new Map<string, number>();
  for (const m of failed) n.set(m, (n.get(m) ?? 0) + 1);
  return [...n].sort((a, b) => b[1] - a[1]).map(([m, k]) => `${m} ×${k}`).join('; ');
}

/** The outbox's files by message (each is named …-msg-<id>-<when made>-<kind>.sms.json or .eml): a message written twice was handed to the channel twice. */
function outboxFiles(dir: string) {
  const files = readdirSync(dir).filter((f) => f.endsWith('.sms.json') || f.endsWith('.eml'));
  const ids = new Set(files.map((f) => /-msg-(\d+)-/.exec(f)?.[1]));
  return { files: files.length, messages: ids.size, twice: files.length - ids.size };
}

/** The Twilio stand-in (bench/twilio-standin.ts) in its own process: its address, and what it created, by row. */
async function startTwilio() {
  const child = fork(fileURLToPath(new URL('./twilio-standin.ts', import.meta.url)), [], { execArgv: process.execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const { port } = (await once(child, 'message'))[0] as { port: number };
  const count = async () => { child.send('count'); return (await once(child, 'message'))[0] as { created: number; messages: number; twice: number; cpuMs: number }; };
  return { url: `http://127.0.0.1:${port}`, count, stop: () => child.disconnect() };
}

/**
 * Run 1 (outbox: SMS and e-mail to files) or 1b (twilio: every message an SMS, by the real Twilio client to the
 * stand-in over loopback HTTP): MESSAGES due messages drained by one dispatcher, or by DISPATCHERS processes.
 */
async function sendRun(run: 'outbox' | 'twilio') {
  const now = Date.now();
  const { db, store, seed, target } = await fresh(run);
  const dir = join(work, `${run}-files`);
  const twilio = run === 'twilio' ? await startTwilio() : null;
  // Due in the last 40 hours (not expired: 48 h), oldest first; for the outbox every 1/EMAIL_SHARE-th one an e-mail.
  const every = EMAIL_SHARE > 0 && !twilio ? Math.round(1 / EMAIL_SHARE) : Infinity;
  const seedMs = await seed(MESSAGES, (i) => now - 40 * HOUR + Math.floor((i * 39 * HOUR) / MESSAGES), (i) => (i % every === every - 1 ? 'email' : 'sms'));
  const emails = await countOf(db, "SELECT count(*) FROM messages WHERE channel = 'email'");
  console.log(twilio
    ? `\n1b. Twilio: ${fmt(MESSAGES)} due SMS, seeded in ${secs(seedMs)}, through twilioChannel (the twilio client on src/channels/twilio-http.ts: node's own HTTP, up to ${IN_FLIGHT} kept-alive connections) to the stand-in\n` +
      '    (bench/twilio-standin.ts, a process of its own on 127.0.0.1: reads each form, answers 201 with a message resource)'
    : `1. outbox: ${fmt(MESSAGES)} due messages (${fmt(MESSAGES - emails)} SMS → .sms.json, ${fmt(emails)} e-mail → .eml), seeded in ${secs(seedMs)}`);
  let rate: number, sent: number;
  const standin0 = (await twilio?.count())?.cpuMs ?? 0;
  if (IN_PROCESS) {
    const r = await drain(store, channelsFor(dir, twilio?.url), now);
    rate = (r.sent / r.ms) * 1000, sent = r.sent;
    console.log(`   sent ${fmt(r.sent)} in ${secs(r.ms)} (${r.ticks} tick${r.ticks > 1 ? 's' : ''}): ${fmt(rate)} messages/s; ${(r.cpuMs / r.ms).toFixed(2)} cores of CPU in this process, ` +
      `${((r.cpuMs / r.sent) * 1000).toFixed(0)} µs a message; the hypervisor's steal ${(r.stealMs / r.ms).toFixed(2)} cores`);
  } else {
    const pgCpu = target.url ? await serverCpu(target.url) : null;
    const r = await inProcesses(DISPATCHERS, target, dir, twilio?.url, now, pgCpu);
    // Counted by what reached the channel (the outbox's files, one per message; what Twilio created): a tick that
    // failed does not report what it had sent.
    sent = twilio ? (await twilio.count()).messages : outboxFiles(dir).messages, rate = (sent / r.ms) * 1000;
    const cpuMs = r.reports.reduce((a, x) => a + x.cpuMs, 0);
    console.log(`   sent ${fmt(sent)} in ${secs(r.ms)} by ${DISPATCHERS} dispatcher process${DISPATCHERS > 1 ? 'es' : ''}: ${fmt(rate)} messages/s; ` +
      `each reported ${r.reports.map((x) => `${fmt(x.sent)} sent (${x.ticks} tick${x.ticks > 1 ? 's' : ''}${x.failed.length ? ` and ${x.failed.length} failed` : ''}, ${secs(x.ms)})`).join(', ')}`);
    const failed = r.reports.flatMap((x) => x.failed);
    if (failed.length > 0) {
      console.log(`   ${failed.length} tick${failed.length > 1 ? 's' : ''} FAILED (the server logs "dispatch failed" and ticks again; so did these): ${errorsOf(failed)}`);
    }
    console.log(`   CPU per message: dispatchers ${((cpuMs / Math.max(1, sent)) * 1000).toFixed(0)} µs (${(cpuMs / r.ms).toFixed(2)} cores)` +
      (engine === 'postgres'
        ? r.pg ? `; PostgreSQL server ${((r.pg.total / Math.max(1, sent)) * 1e6).toFixed(0)} µs (${((r.pg.total * 1000) / r.ms).toFixed(2)} cores; its backends for this database ` +
            `${((r.pg.backends / Math.max(1, sent)) * 1e6).toFixed(0)} µs, the rest WAL writer, checkpointer, autovacuum, …)` : '; PostgreSQL server: not on this machine, not measured'
        : ''));
  }
  const out = twilio ? { ...(await twilio.count()), what: 'messages created by Twilio' } : { ...outboxFiles(dir), what: 'files written' };
  if ('cpuMs' in out) console.log(`   the stand-in used ${fmt(((out.cpuMs - standin0) / Math.max(1, sent)) * 1000)} µs of CPU per message`);
  const total = 'created' in out ? out.created : out.files, status = await byStatus(db);
  console.log(`   ${fmt(total)} ${out.what} for ${fmt(out.messages)} messages: ${fmt(out.twice)} handed to the channel twice; statuses ${JSON.stringify(status)}`);
  const goal = twilio ? GOAL_TWILIO : GOAL_RATE, where = twilio ? 'Twilio stand-in' : 'outbox';
  results.push({ name: run, line: `${fmt(rate)}/s`, goal: `${where} ≥ ${fmt(goal)} messages/s — ${rate >= goal ? 'met' : 'NOT met'} (${fmt(rate)}/s` +
    `${IN_PROCESS ? ', one dispatcher' : `, ${DISPATCHERS} process${DISPATCHERS > 1 ? 'es' : ''}`}${engine === 'postgres' ? ', PostgreSQL' : ''})` });
  const right = out.twice === 0 && out.messages === MESSAGES && (status.sent ?? 0) === MESSAGES;
  results.push({ name: 'duplicates', line: '', goal: `${where}: every message handed to the channel once, none twice, and recorded sent — ${right ? 'met' : 'NOT met'} ` +
    `(${fmt(out.twice)} twice; ${fmt(total)} ${out.what} for ${fmt(out.messages)} messages, ${fmt(status.sent ?? 0)} recorded sent in the database, of ${fmt(MESSAGES)})` });
  twilio?.stop();
  await db.close();
  rmSync(dir, { recursive: true, force: true });
}
if (ONLY.has('outbox')) await sendRun('outbox');
if (ONLY.has('twilio')) await sendRun('twilio');

// ---- 2. SMTP --------------------------------------------------------------------------------------------------------
/** smtp-server in its own process on loopback: accepts every message, reads the data without parsing it. */
async function startSmtp(): Promise<{ url: string; child: ChildProcess; received: () => Promise<number> }> {
  const source = `
    import { SMTPServer } from 'smtp-server';
    let received = 0;
    const server = new SMTPServer({
      authOptional: true, disabledCommands: ['STARTTLS'], logger: false, disableReverseLookup: true,
      onData(stream, _session, callback) { stream.on('end', () => { received++; callback(); }); stream.resume(); },
    });
    server.listen(0, '127.0.0.1', () => console.log('listening ' + server.server.address().port));
    process.on('message', () => process.send({ received }));
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', source], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  const port = await new Promise<number>((ok, fail) => {
    child.stdout!.on('data', (d: Buffer) => { const m = /listening (\d+)/.exec(d.toString()); if (m) ok(Number(m[1])); });
    child.once('exit', () => fail(new Error('the SMTP server exited')));
  });
  const received = () => new Promise<number>((ok) => { child.once('message', (m: { received: number }) => ok(m.received)); child.send('count'); });
  return { url: `smtp://127.0.0.1:${port}`, child, received };
}
if (ONLY.has('smtp')) {
  const now = Date.now();
  const { db, store, seed } = await fresh('smtp');
  const seedMs = await seed(SMTP_MESSAGES, (i) => now - 40 * HOUR + Math.floor((i * 39 * HOUR) / SMTP_MESSAGES), () => 'email');
  const smtp = await startSmtp();
  console.log(`\n2. SMTP: ${fmt(SMTP_MESSAGES)} due e-mails (seeded in ${secs(seedMs)}) through smtpChannel (nodemailer, pool of 4 connections, as`);
  console.log('   configured in src/channels/email.ts) to smtp-server in another process on 127.0.0.1, which reads each message and accepts it');
  const email = smtpChannel({ url: smtp.url, timeoutMs: 30_000 });
  const r = await drain(store, { sms: smsOutbox(join(work, 'unused')), email }, now);
  await email.close?.();
  const got = await smtp.received(), rate = (r.sent / r.ms) * 1000;
  console.log(`   sent ${fmt(r.sent)} in ${secs(r.ms)} (${r.ticks} tick${r.ticks > 1 ? 's' : ''}): ${fmt(rate)} messages/s; ${(r.cpuMs / r.ms).toFixed(2)} cores of CPU in this process; ` +
    `the SMTP server received ${fmt(got)}; statuses ${JSON.stringify(await byStatus(db))}`);
  results.push({ name: 'smtp', line: `${fmt(rate)}/s`, goal: `SMTP: ${fmt(rate)} messages/s (the issue sets no number; reported)` });
  smtp.child.kill('SIGTERM');
  await db.close();
}

// ---- 3. a tick with 1,000,000 future messages --------------------------------------------------------------------
if (ONLY.has('tick')) {
  const now = Date.now();
  const { db, store, seed } = await fresh('tick');
  const dir = join(work, 'tick-outbox');
  const channels = { sms: smsOutbox(dir), email: emailOutbox(dir) };
  const dispatcher = dispatcherOn(store, channels);
  const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return (s[(s.length - 1) >> 1]! + s[s.length >> 1]!) / 2; };
  const emptyTick = async () => {
    const times: number[] = [];
    for (let i = 0; i < 5; i++) await dispatcher.tick(now); // warm
    for (let i = 0; i < 50; i++) {
      const t = performance.now();
      await dispatcher.tick(now);
      times.push(performance.now() - t);
    }
    return median(times);
  };
  const rounds: number[][] = [];
  const sendingTick = async () => {
    const times: number[] = [];
    rounds.push(times);
    for (let round = 0; round < 8; round++) {
      await seed(DUE, (i) => now - 10 * HOUR + i, () => 'sms');
      if (db.engine === 'postgres') await db.exec('ANALYZE messages'); // as autovacuum would have by then: the claim's plan depends on it
      const t = performance.now();
      const r = await dispatcher.tick(now);
      if (round >= 3) times.push(performance.now() - t); // rounds 0-2 warm this dispatcher up (its closures are new)
      if (r.sent !== DUE) throw new Error(`expected ${DUE} sent, got ${JSON.stringify(r)}`);
    }
    return median(times);
  };
  const size = () => countOf(db, "SELECT count(*) FROM messages WHERE status = 'scheduled'");
  const e0 = await emptyTick(), s0 = await sendingTick();
  const waiting0 = await size();
  const tSeed = performance.now();
  if (db.engine === 'sqlite') native(db).pragma('cache_size = -262144'); // 256 MB while loading only
  // 1,000,000 future messages: a check-in and a come-back invitation for each of 500,000 sales of 250,000 customers,
  // due from an hour from now to 30 days ahead.
  await seed(FUTURE, (i) => now + HOUR + Math.floor((i * 30 * DAY) / FUTURE), (i) => (i % 5 === 4 ? 'email' : 'sms'), 2, 4);
  if (db.engine === 'sqlite') native(db).pragma('cache_size = -2000'); // back to the default the server runs with
  else await db.exec('ANALYZE'); // as autovacuum would after a load this size
  const seedMs = performance.now() - tSeed;
  const waiting1 = await size();
  const e1 = await emptyTick(), s1 = await sendingTick();
  console.log(`\n3. the tick's cost with future messages waiting (${fmt(FUTURE)} seeded in ${secs(seedMs)}; medians: an empty tick of 50, a sending tick of 5):`);
  console.log(`   ${'scheduled and not due'.padEnd(26)}${'tick, nothing due'.padStart(20)}${`tick sending ${fmt(DUE)} due`.padStart(26)}${'per message'.padStart(14)}`);
  for (const [k, [waiting, e, s]] of ([[waiting0, e0, s0], [waiting1, e1, s1]] as const).entries()) {
    console.log(`   ${fmt(waiting).padEnd(26)}${`${e.toFixed(2)} ms`.padStart(20)}${`${s.toFixed(1)} ms`.padStart(26)}${`${((s / DUE) * 1000).toFixed(0)} µs`.padStart(14)}` +
      `   (each: ${rounds[k]!.map((x) => x.toFixed(0)).join(', ')} ms)`);
  }
  // Not messages but the same tick: the sweep's requeueLookups looks at every row of lookups (there is no index for
  // it), and a till with customer look-ups (Square, Lightspeed, Loyverse) leaves one row per sale there for good.
  const sales = await countOf(db, 'SELECT count(*) FROM sales');
  const lookups = Math.min(sales, FUTURE / 2);
  await db.run(sql(`INSERT INTO lookups (shop_id, sale_id, vendor, customer_ref, status, next_attempt_at, attempts, created_at)
    SELECT shop_id, id, 'square', 'C' || id, 'sent', @at, 1, @at FROM sales ORDER BY id LIMIT @n`), { at: now - DAY, n: lookups });
  if (db.engine === 'postgres') await db.exec('ANALYZE lookups');
  const e2 = await emptyTick();
  await db.exec("CREATE INDEX bench_lookups_claimed ON lookups(claimed_at) WHERE status IN ('sending', 'uncertain')");
  const e3 = await emptyTick();
  console.log(`   ${`+ ${fmt(lookups)} finished look-ups`.padEnd(26)}${`${e2.toFixed(2)} ms`.padStart(20)}   (the sweep's requeueLookups scans lookups: no index)`);
  console.log(`   ${'  and a partial index*'.padEnd(26)}${`${e3.toFixed(2)} ms`.padStart(20)}   *CREATE INDEX … ON lookups(claimed_at) WHERE status IN ('sending', 'uncertain')`);
  const flat = (a: number, b: number, slack: number) => b <= a * 1.5 + slack;
  results.push({ name: 'tick', line: '', goal: `a tick does not grow with ${fmt(FUTURE)} future messages — ${flat(e0, e1, 0.5) && flat(s0, s1, 5) ? 'met' : 'NOT met'} ` +
    `(nothing due: ${e0.toFixed(2)} → ${e1.toFixed(2)} ms; ${fmt(DUE)} due: ${s0.toFixed(1)} → ${s1.toFixed(1)} ms)` });
  console.log(`   how the claim finds due messages (${db.engine === 'sqlite' ? 'EXPLAIN QUERY PLAN' : 'EXPLAIN'} of src/db/queue.ts claim, messages):`);
  const claim = `UPDATE messages SET status = 'sending', claimed_at = @now, attempts = attempts + 1
      WHERE id IN (SELECT id FROM messages WHERE status = 'scheduled' AND next_attempt_at <= @now AND held_by IS NULL
        AND channel NOT IN (SELECT channel FROM channel_health WHERE paused_until > @now) ORDER BY next_attempt_at LIMIT @limit
        ${db.engine === 'postgres' ? 'FOR UPDATE SKIP LOCKED' : ''}) RETURNING id`;
  for (const line of await planOf(db, claim, { now, limit: 16 })) console.log(`     ${line}`);
  for (const [name, text] of [
    ['markOrphans (messages)', "UPDATE messages SET status = 'uncertain' WHERE status = 'sending' AND claimed_at < 0"],
    ['requeueLookups (lookups), with the index above', "UPDATE lookups SET status = 'scheduled' WHERE status IN ('sending', 'uncertain') AND claimed_at < 0"],
    ['markOrphans (alerts)', "UPDATE alerts SET status = 'uncertain' WHERE status = 'sending' AND claimed_at < 0"],
  ] as const) {
    console.log(`   ${name}: ${(await planOf(db, text)).map((l) => l.trim()).join('; ')}`);
  }
  await db.close();
}

// ---- 4. where the time goes ------------------------------------------------------------------------------------
interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }
const outboxGoal = results.find((r) => r.name === 'outbox');
if (ONLY.has('profile') && (outboxGoal?.goal?.includes('NOT met') || !ONLY.has('outbox'))) {
  const n = Math.min(MESSAGES, 5_000);
  const now = Date.now();
  const f = await fresh('profile', true);
  await f.seed(n, (i) => now - 10 * HOUR + i, () => 'sms');
  const dir = join(work, 'profile-outbox');
  const dispatcher = dispatcherOn(f.store, { sms: smsOutbox(dir), email: emailOutbox(dir) });
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  const counted = new Map<string, { n: number; ms: number }>();
  f.statements?.listen(tally(counted, 96));
  const t = performance.now();
  const r = await dispatcher.tick(now);
  const ms = performance.now() - t;
  f.statements?.listen(null);
  const { profile } = (await session.post('Profiler.stop')) as { profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] } };
  session.disconnect();
  console.log(`\n4. where the time goes: ${fmt(r.sent)} SMS through the outbox in one tick, under the CPU profiler and with every statement timed`);
  console.log('   (the claim, health.succeeded and markSent show in the SQL; the profile sees compose, load and the outbox by name)');
  console.log(`   (${fmt((r.sent / ms) * 1000)}/s like this; ${((ms / r.sent) * 1000).toFixed(0)} µs of wall time per message)`);
  console.log(`   SQL per message (count, time${engine === 'postgres' ? ` from sending to the answer, round trip and waiting for a pooled connection included; ${MESSAGE_CLAIM} at once` : ''}):`);
  for (const [sql, c] of [...counted].sort((a, b) => b[1].ms - a[1].ms).filter(([, c]) => c.n > 0).slice(0, 9)) {
    console.log(`     ${(c.n / r.sent).toFixed(2).padStart(5)}× ${((c.ms / r.sent) * 1000).toFixed(0).padStart(4)} µs  ${sql}`);
  }
  const byId = new Map(profile.nodes.map((x) => [x.id, x]));
  const parent = new Map<number, number>();
  for (const x of profile.nodes) for (const c of x.children ?? []) parent.set(c, x.id);
  const owner = (url: string, fn: string) =>
    !url ? (fn.startsWith('(') ? fn : `(native) ${fn}`) : url.includes('/bench/') ? '(this bench: timing the statements)' : (/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1] ?? /\/(src\/.+)\.ts$/.exec(url)?.[1] ?? url);
  // Inclusive time of the dispatcher's steps (a sample counts for every step on its stack).
  const steps: [string, (f: ProfileNode['callFrame']) => boolean][] = [
    ['messages.load (the message with customer and sale)', (f) => f.functionName === 'load' && f.url.includes('/db/messages')],
    ['compose (props, template, SMS fitting)', (f) => f.functionName === 'compose'],
    ['  messageProps (Intl: local dates, "zaterdag 14 maart")', (f) => f.functionName === 'messageProps'],
    ['outbox writeAtomically (mkdir, write .tmp, rename)', (f) => f.functionName === 'writeAtomically'],
    ['markSent (transaction: message, sale, customer)', (f) => f.url.includes('/db/messages') && f.functionName === ''],
    ['luxon, anywhere', (f) => f.url.includes('node_modules/luxon/')],
    ['pino (the "message sent" log line)', (f) => f.url.includes('node_modules/pino')],
  ];
  const self = new Map<string, number>(), incl = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0, node = byId.get(id)!;
    if (node.callFrame.functionName === '(idle)' || node.callFrame.functionName === '(program)') return;
    total += dt;
    const o = owner(node.callFrame.url, node.callFrame.functionName);
    self.set(o, (self.get(o) ?? 0) + dt);
    const hit = new Set<string>();
    for (let x: ProfileNode | undefined = node; x; x = byId.get(parent.get(x.id) ?? -1)) for (const [name, match] of steps) if (match(x.callFrame)) hit.add(name);
    for (const h of hit) incl.set(h, (incl.get(h) ?? 0) + dt);
  });
  const per = (us: number) => `${(us / r.sent).toFixed(0).padStart(5)} µs/message ${((us / total) * 100).toFixed(1).padStart(5)}%`;
  console.log(`   CPU of this thread: ${(total / 1000).toFixed(0)} ms, ${(total / r.sent).toFixed(0)} µs per message; by step (inclusive):`);
  for (const [name] of steps) console.log(`     ${name.padEnd(58)}${per(incl.get(name) ?? 0)}`);
  console.log(engine === 'sqlite'
    ? '   by owner (self time; "(native) run/get/all" are SQLite statements, the others file-system calls):'
    : '   by owner (self time; pg and pg-protocol are the driver, the server\'s own time is not in this process):');
  for (const [name, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(`     ${name.slice(0, 58).padEnd(58)}${per(us)}`);
  await f.db.close();
}

console.log('\ngoals:');
for (const r of results) if (r.goal) console.log(`  ${r.goal}`);
for (const stop of stopCheckpoints) await stop();
await dropDatabases();
rmSync(work, { recursive: true, force: true });
console.log(`\nwhole run: ${secs(performance.now() - started)}`);
