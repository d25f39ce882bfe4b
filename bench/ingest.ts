// How many signed sales a second does the REAL server take? autocannon posts a NEW sale (unique id, a new customer
// with a unique Dutch mobile number and consent) signed with Nextdeal-Signature for that exact body at the current
// second, over 50 connections for 20 s, against `node dist/main.js` (fresh database, outbox channels), and the same
// requests against a bare express handler that only reads the JSON body and answers 201 (bench/bare-server.ts).
// Goals (issue 13): at least 40% of the bare handler's requests/s, p99 under 20 ms at half nextdeal's own rate (open
// loop; measured after 2 s at that rate, which let the server finish what the saturated run left; the bare handler is
// measured the same way beside it, as the machine's own floor), the server's peak RSS under 150 MB. The goal is judged
// against stock express; the bare handler runs a second time on the request classes nextdeal's server uses
// (src/http/server.ts: express's prototype swap spared), and the share of that is printed too.
// It then checks that the database holds a sale for every 201 and none twice, gives the CPU each sale costs (the
// server's processes, and PostgreSQL's), and, when the server is far below the goal, profiles it (--cpu-prof) and
// times each part of the sale handler on its own.
//
// On SQLite (the default) or PostgreSQL (--engine postgres: a throw-away cluster made for the run, or --database-url);
// on PostgreSQL, --instances 2 runs two servers on the one database, and the load is split between them.
//
//   npx tsx bench/ingest.ts                                   # bare, LOG_LEVEL=warn, LOG_LEVEL=info (~3 min)
//   npx tsx bench/ingest.ts --duration 10 --levels warn       # shorter
//   npx tsx bench/ingest.ts --profile yes|no                  # profile always / never (default: when below the goal)
//   npx tsx bench/ingest.ts --steady-rate 650 --steady-seconds 30   # the open-loop run at a rate of your choosing, longer
//   npx tsx bench/ingest.ts --settle-seconds 0                # the open-loop run measured from its first request (default: after 2 s)
//   npx tsx bench/ingest.ts --profile yes --profile-rate 700  # the profile taken open loop at 700 sales/s, not saturated
//   npx tsx bench/ingest.ts --node-args='--max-old-space-size=128'   # node flags for the real server (note the =)
//   npx tsx bench/ingest.ts --engine postgres --instances 2   # two servers on one throw-away PostgreSQL database
//   npx tsx bench/ingest.ts --levels warn --ceiling yes       # also what no database could win back (below)
//   npx tsx bench/ingest.ts --bare-classes no                 # without the second bare run (on nextdeal's request classes)
//   npx tsx bench/ingest.ts --engine postgres --database-url postgres://u:p@host:5432/postgres   # a server of your own
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { copyFileSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import { join } from 'node:path';
import { benchArgs } from './args.js';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import pg from 'pg';
import { type Database as Db, openDatabase } from '../src/db/open.js';
import { WINDOW_MS } from '../src/db/engines/sqlite.js';
import { createStore } from '../src/db/store.js';
import { normalisePhone } from '../src/domain/contact.js';
import { readSale } from '../src/http/sale-schema.js';
import type { Sale } from '../src/domain/sale.js';
import { sign, verifySignature } from '../src/http/signature.js';
import { createLogger } from '../src/log.js';
import { benchServer, createDatabase, describeServer, dropDatabases, engineOptions, freePort, serverCpu, type ServerCpu, withSetting } from './pg.js';
import { buildIfStale, cpuOf, describeMachine, machineTimes, root, saleJson, signedSale, withoutProviders } from './sale.js';
import { tally, totals, watchStatements } from './statements.js';

const { values: opt } = benchArgs(import.meta.url, {
  options: {
    duration: { type: 'string', default: '20' },
    connections: { type: 'string', default: '50' },
    levels: { type: 'string', default: 'warn,info' },
    profile: { type: 'string', default: 'auto' }, // auto: only when below the throughput goal
    'profile-rate': { type: 'string' }, // profile open loop at this rate (sales/s) instead of at saturation
    'steady-rate': { type: 'string' }, // the open-loop run's rate; by default half the throughput just measured
    'steady-seconds': { type: 'string', default: '10' },
    'settle-seconds': { type: 'string', default: '2' }, // at the open-loop rate before it is measured
    'node-args': { type: 'string' }, // for the real server; by default those of `npm start`
    instances: { type: 'string', default: '1' }, // servers on one database (PostgreSQL only)
    shops: { type: 'string', default: '1' }, // the sales spread over this many shops (each a writer of its own)
    ceiling: { type: 'string', default: 'no' }, // yes: also the server that answers sales without writing them
    'bare-classes': { type: 'string', default: 'yes' }, // also the bare handler on nextdeal's request classes
    ...engineOptions,
  },
});
const { engine, serverUrl } = await benchServer(opt);
// The server runs as `npm start` runs it: the node flags of package.json's start script.
const startScript = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { scripts: { start: string } }).scripts.start;
const NODE_ARGS = (opt['node-args'] ?? startScript.replace(/^(exec\s+)?node\s+/, '').replace(/\s*dist\/main\.js.*$/, '')).split(' ').filter(Boolean);
const DURATION = Number(opt.duration), CONNECTIONS = Number(opt.connections), LEVELS = opt.levels.split(',').filter(Boolean);
const INSTANCES = Number(opt.instances), SHOPS = Number(opt.shops);
if (!Number.isInteger(INSTANCES) || INSTANCES < 1) throw new Error('--instances: a whole number, 1 or more');
if (INSTANCES > 1 && engine !== 'postgres') throw new Error('--instances 2 needs --engine postgres: a SQLite database is one server\'s');
if (!Number.isInteger(SHOPS) || SHOPS < 1) throw new Error('--shops: a whole number, 1 or more');
// --ceiling yes: the real server once more, but answering each sale without writing it (bench/ceiling-server.ts), and
// both it and the bare handler at half their own rate, open loop: how far the goals are from what the HTTP side, the
// guards and validation allow on this machine whatever the database does. SQLite, one instance.
const CEILING = opt.ceiling === 'yes';
if (CEILING && (engine !== 'sqlite' || INSTANCES > 1)) throw new Error('--ceiling yes: SQLite and one instance only');
const GOAL_RATIO = 0.4, GOAL_P99_MS = 20, GOAL_RSS_MB = 150, PROFILE_SECONDS = 10, FIXED_SECONDS = Number(opt['steady-seconds']), SETTLE_SECONDS = Number(opt['settle-seconds']), SLUG = 'bench';
/** A second is calm when the hypervisor took less than this of a core in it (steal; see machineTimes). */
const CALM = 0.05;
const slugOf = (i: number) => (i === 0 ? SLUG : `${SLUG}-${i + 1}`);
const started = performance.now();
const work = mkdtempSync(join(os.tmpdir(), 'nextdeal-ingest-'));

// ---- helpers ----------------------------------------------------------------------------------------------------
const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms));
const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;
const pad = (s: string | number, n: number) => String(s).padStart(n);

/** VmRSS / VmHWM of a process, in kB. */
function memOf(pid: number): { rss: number; hwm: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
}

async function waitFor(check: () => Promise<boolean>, what: string, ms = 20_000) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check().catch(() => false)) return;
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function stop(child: ChildProcess) {
  if (child.exitCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await Promise.race([exited, sleep(15_000).then(() => child.kill('SIGKILL'))]);
}

// ---- the requests -----------------------------------------------------------------------------------------------
let seq = 0; // one counter for every request of every run: each sale id, phone number and e-mail address is new

interface Quantiles { p50: number; p90: number; p99: number; max: number; n: number }
const quantiles = (xs: number[]): Quantiles => {
  const s = Float64Array.from(xs).sort(), at = (p: number) => s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)] ?? NaN;
  return { p50: at(0.5), p90: at(0.9), p99: at(0.99), max: s[s.length - 1] ?? NaN, n: s.length };
};

/**
 * Where the requests go: the servers' base URLs and pids (one each per instance), the shops with their webhook
 * secrets (request i goes to shop i mod shops), and PostgreSQL's processes when the database is there.
 */
interface Target { bases: string[]; pids: number[]; shops: { slug: string; secret: string }[]; pgCpu: ServerCpu | null }

/** Request i: its shop, path, body and headers (signed for that body at the current second). */
function request(target: Target, i: number) {
  const shop = target.shops[i % target.shops.length]!;
  return signedSale(shop.slug, shop.secret, i);
}

/** CPU seconds so far of all the target's server processes. */
const serversCpu = (t: Target, mainThread = false) => t.pids.reduce((a, pid) => a + cpuOf(pid, mainThread), 0);

interface Run {
  name: string;
  result: autocannon.Result;
  /** Latency of 2xx answers measured here (to 0.01 ms): all of them, and without each connection's first answer. */
  all: Quantiles;
  steady: Quantiles;
  first: Quantiles;
  /** 201 (a new sale) and 200 (the server took it for a sale it had: must not happen, every sale is new). */
  created: number;
  repeats: number;
  serverCpu: number; // CPU seconds of the server's processes (every instance) during the run
  pgCpu: { total: number; backends: number } | null; // CPU seconds of PostgreSQL's processes during the run
  loaderCpu: number; // CPU seconds of this process (autocannon, signing) during the run
  othersCpu: number; // CPU seconds of everything else on the machine during the run (other work competing)
  stealCpu: number; // CPU seconds the hypervisor took from this VM during the run (steal)
  /** VmRSS of the instance whose peak was highest (kB): the goal is per process. */
  rss: { min: number; max: number; mean: number; hwm: number };
}

async function cannon(name: string, target: Target, seconds: number, rate?: number): Promise<Run> {
  const samples = target.pids.map(() => [] as number[]);
  const sampler = setInterval(() => target.pids.forEach((pid, k) => samples[k]!.push(memOf(pid).rss)), 250);
  const cpu0 = serversCpu(target), pg = target.pgCpu?.begin(), self0 = process.cpuUsage(), machine0 = machineTimes();
  const seen = new Set<unknown>(), first: number[] = [], steady: number[] = [];
  let created = 0, repeats = 0;
  const urls = target.bases.map((b) => `${b}/v1/shops/${SLUG}/sales`);
  const result = await new Promise<autocannon.Result>((ok, fail) => autocannon({
    // Several URLs: autocannon gives connection k to URL k mod n (so each server gets half of them, and each connection
    // keeps its server, as behind a TCP load balancer). The path is set per request, for its shop.
    url: (urls.length === 1 ? urls[0]! : urls) as string,
    connections: CONNECTIONS,
    duration: seconds,
    pipelining: 1,
    ...(rate && { overallRate: rate }),
    requests: [
      {
        method: 'POST',
        setupRequest(req) {
          return { ...req, method: 'POST', ...request(target, ++seq) };
        },
      },
    ],
  }, (err, res) => (err ? fail(err) : ok(res))).on('response', (client, status, _bytes, ms) => {
    if (status === 201) created++;
    else if (status === 200) repeats++;
    if (status < 200 || status > 299) return;
    if (seen.has(client)) steady.push(ms);
    else seen.add(client), first.push(ms);
  }));
  clearInterval(sampler);
  const self = process.cpuUsage(self0), serverCpu = serversCpu(target) - cpu0, loaderCpu = (self.user + self.system) / 1e6;
  const pgCpu = pg?.end() ?? null;
  const machine = machineTimes(), stealCpu = machine.steal - machine0.steal;
  const othersCpu = Math.max(0, machine.busy - machine0.busy - serverCpu - loaderCpu - (pgCpu?.total ?? 0));
  const rssOf = (k: number) => {
    const xs = samples[k]!;
    return { min: Math.min(...xs), max: Math.max(...xs), mean: xs.reduce((a, b) => a + b, 0) / xs.length, hwm: memOf(target.pids[k]!).hwm };
  };
  const rss = target.pids.map((_, k) => rssOf(k)).sort((a, b) => b.hwm - a.hwm)[0]!;
  return {
    name, result, all: quantiles([...first, ...steady]), steady: quantiles(steady), first: quantiles(first), created, repeats,
    serverCpu, pgCpu, loaderCpu, othersCpu, stealCpu, rss,
  };
}

/**
 * Second by second from `at` (cores), to set beside the slow answers of each second: the hypervisor's steal, the
 * servers' main threads, and their other threads (SQLite's checkpointer, V8's GC helpers, libuv's pool). A timer for
 * each second, so that the samples do not drift behind the seconds they stand for.
 */
function secondBySecond(target: Target, at: number) {
  const steal: number[] = [], main: number[] = [], threads: number[] = [];
  const sample = () => ({ steal: machineTimes().steal, all: serversCpu(target), main: serversCpu(target, true) });
  let last = sample(), timer: NodeJS.Timeout;
  const next = () => {
    timer = setTimeout(() => {
      const now = sample();
      steal.push(now.steal - last.steal), main.push(now.main - last.main), threads.push(now.all - now.main - (last.all - last.main));
      (last = now), next();
    }, at + (steal.length + 1) * 1000 - performance.now());
  };
  next();
  return { stop: () => (clearTimeout(timer), { steal, main, threads }) };
}

/**
 * Requests at a steady rate (open loop: one every 1/rate s, whether or not earlier ones were answered), over at most
 * CONNECTIONS keep-alive sockets (to each server, taking turns request by request); latency counted from the moment a
 * request was due, so waiting for a socket counts too.
 * (autocannon's overallRate sends each second's quota in a burst at the start of the second, which measures the burst.)
 * The first `settle` seconds at that rate are not measured (but their answers are counted and checked): they follow a
 * saturated run, whose last second the server is still finishing (its search-index catch-up, a checkpoint of what it
 * wrote, its garbage). Their latency is given apart (`settling`).
 */
async function paced(target: Target, rate: number, seconds: number, settle = SETTLE_SECONDS) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const lat: number[] = [], wire: number[] = [], late: number[] = [], settling: number[] = [];
  const latBySecond: number[][] = []; // the measured answers again, by the second of the run they were due in
  let ok = 0, non2xx = 0, errors = 0, created = 0, repeats = 0;
  // The servers' own view (prom-client's default metrics on GET /metrics): event-loop delay and GC during this run.
  const scrape = async () => Promise.all(target.bases.map(async (b) => (await (await fetch(`${b}/metrics`)).text()).split('\n')));
  let cpu0 = 0, main0 = 0, machine0 = machineTimes(), self0 = process.cpuUsage(), pg: ReturnType<NonNullable<Target['pgCpu']>['begin']> | undefined, start = 0;
  let perSecond: ReturnType<typeof secondBySecond> | undefined;
  /** From here on measured: the CPU counters, and the event-loop histogram (it restarts at each scrape). */
  const measureFrom = (at: number) => {
    cpu0 = serversCpu(target), main0 = serversCpu(target, true), machine0 = machineTimes(), self0 = process.cpuUsage(), pg = target.pgCpu?.begin(), start = at;
    perSecond = secondBySecond(target, at);
    return scrape();
  };
  let turn = 0;
  const post = (due: number, measured: boolean) => new Promise<void>((done) => {
    const r = request(target, ++seq);
    let sent = 0;
    const req = http.request(target.bases[turn++ % target.bases.length] + r.path, {
      method: 'POST', agent, headers: { ...r.headers, 'content-length': Buffer.byteLength(r.body) },
    }, (res) => {
      res.resume();
      res.on('end', () => {
        if (res.statusCode === 201) created++;
        else if (res.statusCode === 200) repeats++;
        const ms = performance.now() - due;
        if (res.statusCode! < 200 || res.statusCode! >= 300) non2xx++;
        else if (!measured) ok++, settling.push(ms);
        else ok++, lat.push(ms), wire.push(performance.now() - sent), late.push(sent - due);
        if (measured) (latBySecond[Math.floor((due - start) / 1000)] ??= []).push(ms);
        done();
      });
    });
    req.on('error', () => void (errors++, done()));
    req.end(r.body);
    sent = performance.now();
  });
  const first = performance.now(), pending: Promise<void>[] = [], settled = Math.round(rate * settle);
  if (settled === 0) await measureFrom(first);
  for (let k = 0; k < rate * (settle + seconds); k++) {
    const due = first + (k * 1000) / rate, wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    if (k === settled && settled > 0) void measureFrom(due);
    pending.push(post(due, k >= settled));
  }
  await Promise.all(pending);
  agent.destroy();
  const took = (performance.now() - start) / 1000, serverCpu = serversCpu(target) - cpu0, self = process.cpuUsage(self0);
  const mainThreadCpu = serversCpu(target, true) - main0;
  const pgTotal = pg?.end().total ?? 0;
  const { steal: stealBySecond, main: mainBySecond, threads: threadsBySecond } = perSecond!.stop();
  const machine = machineTimes(), steal = (machine.steal - machine0.steal) / took;
  const others = Math.max(0, machine.busy - machine0.busy - serverCpu - pgTotal - (self.user + self.system) / 1e6) / took;
  // The answers due in the seconds the host left this VM alone (steal under CALM cores in it and in the second before,
  // whose backlog a second inherits): what the server does by itself.
  const calmSeconds = stealBySecond.flatMap((c, k) => (c < CALM && (stealBySecond[k - 1] ?? 0) < CALM && k < seconds ? [k] : []));
  const calm = { seconds: calmSeconds.length, lat: quantiles(calmSeconds.flatMap((k) => latBySecond[k] ?? [])) };
  const scraped = await scrape();
  // Over the instances: the worst event-loop delay, the GC of all of them.
  const value = (name: string) => Math.max(...scraped.map((m) => Number(m.find((l) => l.startsWith(`nextdeal_${name} `))?.split(' ')[1] ?? NaN)));
  const gc = (kind: string, what: 'sum' | 'count') =>
    scraped.reduce((a, m) => a + Number(m.find((l) => l.startsWith(`nextdeal_nodejs_gc_duration_seconds_${what}{kind="${kind}"}`))?.split(' ')[1] ?? 0), 0);
  const loop = { p99: value('nodejs_eventloop_lag_p99_seconds') * 1000, max: value('nodejs_eventloop_lag_max_seconds') * 1000 };
  return { rate, ok, non2xx, errors, created, repeats, slowBySecond: Array.from({ length: seconds }, (_, k) => (latBySecond[k] ?? []).filter((ms) => ms > GOAL_P99_MS).length), lat: quantiles(lat), settling: quantiles(settling), wire: quantiles(wire), late: quantiles(late), serverCpu, mainThreadCpu, pgCpu: pgTotal, seconds: took, others, steal, stealBySecond: stealBySecond.slice(0, seconds), mainBySecond: mainBySecond.slice(0, seconds), threadsBySecond: threadsBySecond.slice(0, seconds), calm, loop,
    minorGc: { n: gc('minor', 'count'), ms: gc('minor', 'sum') * 1000 }, majorGc: { n: gc('major', 'count'), ms: gc('major', 'sum') * 1000 } };
}
type Paced = Awaited<ReturnType<typeof paced>>;

// ---- 0. the machine, and dist/ -------------------------------------------------------------------------------------
const cpus = os.cpus();
const machine = describeMachine();
console.log(`machine: ${machine}`);
if (NODE_ARGS.length) console.log(`the real server runs as: node ${NODE_ARGS.join(' ')} dist/main.js`);
console.log(engine === 'sqlite' ? 'database: SQLite, a fresh file per run (WAL, synchronous=NORMAL, as openDatabase() sets it up)'
  : `database: ${await describeServer(serverUrl!)}; a fresh database per run`);
if (INSTANCES > 1 || SHOPS > 1) {
  console.log(`${INSTANCES} server${INSTANCES > 1 ? 's' : ''} (and ${INSTANCES} bare one${INSTANCES > 1 ? 's' : ''}), the ${CONNECTIONS} connections split between them by autocannon (connection k to server k mod ${INSTANCES}); ` +
    `${SHOPS} shop${SHOPS > 1 ? 's' : ''}, the sales taking turns`);
}
console.log(`NOTE: autocannon runs in this process on the same ${cpus.length}-core machine as the server${engine === 'postgres' ? ' and PostgreSQL' : ''} and competes with ${engine === 'postgres' ? 'them' : 'it'} for CPU`);
console.log(`      (CPU columns below, in cores: the server${INSTANCES > 1 ? 's' : ''}, ${engine === 'postgres' ? 'PostgreSQL, ' : ''}autocannon + signing in this process, and anything else running on the`);
console.log('      machine meanwhile); both servers get the same requests under the same handicap. Compare runs on a quiet machine.');

console.log(buildIfStale());

// ---- 1. the bare handler -------------------------------------------------------------------------------------------
interface Stored { sales: number; distinct: number; customers: number; messages: number }
interface Measured {
  runs: Run[]; idleRss: number; main: Run; stored?: Stored; logBytes?: number;
  /** At half the main run's rate, open loop (the bare handler always; the ceiling server with --ceiling). */
  steady?: Paced | undefined;
  /** Sales the database gained during the main run (counted before and after it). */
  storedInMain?: number;
}

/** `classes`: on the request classes nextdeal's server uses, which spare express's prototype swap (see bare-server.ts). */
async function bare(classes = false): Promise<Measured> {
  // Plain node, no loader: bench/bare-server.ts is written as plain JavaScript. As many as the real servers.
  const children = Array.from({ length: INSTANCES }, () => spawn(process.execPath, ['--input-type=module', '-e', readFileSync(join(root, 'bench/bare-server.ts'), 'utf8')], {
    cwd: root, env: { ...withoutProviders(process.env), NODE_ENV: 'production', PORT: '0', CLASSES: classes ? '1' : '0' }, stdio: ['ignore', 'pipe', 'inherit'],
  }));
  try {
    const ports = await Promise.all(children.map((child) => new Promise<number>((ok, fail) => {
      child.stdout!.on('data', (d: Buffer) => { const m = /listening (\d+)/.exec(d.toString()); if (m) ok(Number(m[1])); });
      child.once('exit', () => fail(new Error('bare server exited')));
    })));
    const target: Target = {
      bases: ports.map((p) => `http://127.0.0.1:${p}`), pids: children.map((c) => c.pid!),
      shops: Array.from({ length: SHOPS }, (_, i) => ({ slug: slugOf(i), secret: 'bare-secret' })), pgCpu: null,
    };
    const idleRss = Math.max(...target.pids.map((pid) => memOf(pid).rss));
    const warm = await cannon('warm-up', target, 2);
    const main = await cannon(`bare express (express.json${classes ? ', classes' : ''})${INSTANCES > 1 ? ` ×${INSTANCES}` : ''}`, target, DURATION);
    // At half its own rate, open loop, as the real server is judged: what this machine allows a server that does nothing.
    const steady = !classes ? await paced(target, halfOf(main), FIXED_SECONDS) : undefined;
    return { runs: [warm, main], idleRss, main, steady };
  } finally {
    await Promise.all(children.map(stop));
  }
}

// ---- 2. the real server --------------------------------------------------------------------------------------------
/** Where a run's data is: a SQLite file, or a database of its own on the PostgreSQL server. */
type Where = { path: string; url?: undefined } | { url: string; path?: undefined };

/** What the database holds; `sales` only, while a server writes to it. */
async function storedIn(where: Where, salesOnly = false): Promise<Stored> {
  const queries = { sales: 'SELECT count(*) FROM sales', distinct: 'SELECT count(*) FROM (SELECT DISTINCT shop_id, till_sale_id FROM sales) AS d', customers: 'SELECT count(*) FROM customers', messages: 'SELECT count(*) FROM messages' };
  const wanted = (salesOnly ? ['sales'] : Object.keys(queries)) as (keyof Stored)[];
  const out: Stored = { sales: 0, distinct: 0, customers: 0, messages: 0 };
  if (where.path !== undefined) {
    // Read-only: the server keeps writing (WAL lets a reader in), or has closed it.
    const db = new Database(where.path, { readonly: true, fileMustExist: true });
    for (const k of wanted) out[k] = db.prepare(queries[k]).pluck().get() as number;
    db.close();
  } else {
    const c = new pg.Client({ connectionString: where.url });
    await c.connect();
    for (const k of wanted) out[k] = Number((await c.query(queries[k])).rows[0].count);
    await c.end();
  }
  return out;
}

/**
 * A fresh data folder and database with the shops (made by the real CLI), and the real server on it: `instances`
 * processes, each on a port of its own (PostgreSQL: all on the one database).
 */
async function realServer(level: string, extraNodeArgs: string[] = [], instances = INSTANCES, ceiling = false) {
  const dir = mkdtempSync(join(work, `${level}-`));
  const where: Where = engine === 'sqlite' ? { path: join(dir, 'nextdeal.db') } : { url: await createDatabase(serverUrl!) };
  const ports = await Promise.all(Array.from({ length: instances }, freePort));
  const envOf = (port: number) => ({
    ...withoutProviders(process.env), NODE_ENV: 'production', PORT: String(port), OUTBOX_DIR: join(dir, 'outbox'), LOG_LEVEL: level, PUBLIC_URL: `http://127.0.0.1:${port}`,
    ...(where.path !== undefined ? { DATABASE_PATH: where.path } : { DATABASE_URL: where.url }),
  });
  const shops = Array.from({ length: SHOPS }, (_, i) => {
    const created = JSON.parse(execFileSync(process.execPath, [join(root, 'dist/cli.js'), 'shop', 'create', '--slug', slugOf(i), '--name', `Fietsenmaker Bench ${i + 1}`,
      '--timezone', 'Europe/Amsterdam', '--country', 'NL', '--locale', 'nl'], { cwd: dir, env: envOf(ports[0]!), encoding: 'utf8' })) as { webhookSecret: string };
    return { slug: slugOf(i), secret: created.webhookSecret };
  });
  const logFiles = ports.map((_, k) => join(dir, `server${instances > 1 ? `-${k + 1}` : ''}.log`));
  // The ceiling server from a file of its own: with `-e`, its `--input-type=module` would pass to the checkpointer's worker.
  const script = ceiling ? join(dir, 'ceiling-server.mjs') : join(root, 'dist/main.js');
  if (ceiling) copyFileSync(join(root, 'bench/ceiling-server.ts'), script);
  const children = ports.map((port, k) => {
    const out = openSync(logFiles[k]!, 'w'); // the log goes to a file, as under a process manager: not through this process
    return spawn(process.execPath, [...NODE_ARGS, ...extraNodeArgs, script], { cwd: dir, env: { ...envOf(port), ROOT: root }, stdio: ['ignore', out, out] });
  });
  const bases = ports.map((port) => `http://127.0.0.1:${port}`);
  await Promise.all(bases.map((base) => waitFor(async () => (await fetch(`${base}/healthz`)).ok, 'the server to answer /healthz')));
  const target: Target = { bases, pids: children.map((c) => c.pid!), shops, pgCpu: where.url ? await serverCpu(where.url) : null };
  return { dir, children, target, logFiles, where };
}

let steadyRate: Paced | undefined;
/** Half a run's throughput, to the nearest 10 requests/s. */
const halfOf = (run: Run) => Math.max(10, Math.round(run.result.requests.mean / 2 / 10) * 10);

/** The ceiling server (--ceiling yes): saturated, then at half its rate, open loop. */
async function ceiling(): Promise<Measured> {
  const s = await realServer(LEVELS[0] ?? 'warn', [], 1, true);
  try {
    const idleRss = memOf(s.target.pids[0]!).rss;
    const warm = await cannon('warm-up', s.target, 2);
    const main = await cannon('nextdeal, sales not written', s.target, DURATION);
    return { runs: [warm, main], idleRss, main, steady: await paced(s.target, halfOf(main), FIXED_SECONDS) };
  } finally {
    await Promise.all(s.children.map(stop));
  }
}

async function real(level: string): Promise<Measured> {
  const s = await realServer(level);
  const runs: Run[] = [];
  let idleRss = 0, main: Run, storedInMain: number;
  try {
    idleRss = Math.max(...s.target.pids.map((pid) => memOf(pid).rss));
    runs.push(await cannon('warm-up', s.target, 2));
    await sleep(200); // the requests autocannon left in flight at its end
    const before = (await storedIn(s.where, true)).sales;
    runs.push((main = await cannon(`nextdeal LOG_LEVEL=${level}${INSTANCES > 1 ? ` ×${INSTANCES}` : ''}`, s.target, DURATION)));
    await sleep(200); // the requests autocannon left in flight at its end
    storedInMain = (await storedIn(s.where, true)).sales - before;
    // Below saturation: half the throughput just measured, at a steady pace.
    if (level === LEVELS[0]) steadyRate = await paced(s.target, Number(opt['steady-rate'] ?? halfOf(main)), FIXED_SECONDS);
  } finally {
    await Promise.all(s.children.map(stop));
  }
  // After the servers closed it: does the database hold a sale for every 201, and none twice?
  const stored = await storedIn(s.where);
  return { runs, idleRss, main, stored, storedInMain, logBytes: s.logFiles.reduce((a, f) => a + statSync(f).size, 0) };
}

const bareM = await bare();
const bareClassesM = opt['bare-classes'] === 'yes' ? await bare(true) : undefined;
const reals: Measured[] = [];
for (const level of LEVELS) reals.push(await real(level));
const ceilingM = CEILING ? await ceiling() : undefined;

// ---- 3. the figures ----------------------------------------------------------------------------------------------
const bodyBytes = Buffer.byteLength(saleJson(12_345));
console.log(`\neach request: POST /v1/shops/${SHOPS > 1 ? `<one of ${SHOPS} shops>` : SLUG}/sales with a new sale and a new customer (unique id, 06 number, e-mail; consent),`);
console.log(`~${bodyBytes} bytes of JSON signed for that body at the current second. ${CONNECTIONS} connections, ${DURATION} s per run after a 2 s warm-up.`);
console.log('The bare handler gets the same signed requests and reads them with express.json() (read + JSON.parse, as the webhook\'s');
console.log('express.raw + JSON.parse). Latency in ms: autocannon\'s p50/p90/p99/max (2xx only), and "steady" = measured here without');
console.log('each connection\'s first answer (node accepts a burst of new connections late while it is saturated, see below).\n');
const f1 = (v: number) => (v >= 100 ? v.toFixed(0) : v.toFixed(1));
const PG = engine === 'postgres';
console.log(`${'run'.padEnd(34)}${pad('req/s', 7)}${pad('p50', 6)}${pad('p90', 6)}${pad('p99', 6)}${pad('max', 6)}  steady p99${pad('max', 6)}${pad('2xx', 8)}${pad('non-2xx', 8)}${pad('errors', 7)}  server CPU${PG ? '  PostgreSQL' : ''}  autocannon  others   steal`);
const row = (r: Run) => {
  const l = r.result.latency, cores = (sec: number) => `${(sec / r.result.duration).toFixed(2)} cores`;
  console.log(`${r.name.padEnd(34)}${pad(r.result.requests.mean.toFixed(0), 7)}${pad(l.p50, 6)}${pad(l.p90, 6)}${pad(l.p99, 6)}${pad(l.max, 6)}  ${pad(f1(r.steady.p99), 10)}${pad(f1(r.steady.max), 6)}` +
    `${pad(r.result['2xx'], 8)}${pad(r.result.non2xx, 8)}${pad(r.result.errors, 7)}  ${cores(r.serverCpu).padStart(10)}` +
    `${PG ? `  ${(r.pgCpu ? cores(r.pgCpu.total) : r.name.startsWith('bare') ? '' : 'n/a').padStart(10)}` : ''}  ${cores(r.loaderCpu).padStart(10)}  ${cores(r.othersCpu).padStart(6)}  ${cores(r.stealCpu).padStart(6)}`);
};
row(bareM.main);
if (bareClassesM) row(bareClassesM.main);
for (const m of reals) row(m.main);
if (ceilingM) row(ceilingM.main);
if (steadyRate) {
  const p = steadyRate;
  console.log(`\nbelow saturation: ${reals[0]!.main.name} at a steady ${p.rate} req/s (${opt['steady-rate'] ? 'as asked' : 'half its throughput above'}; one request every ${(1000 / p.rate).toFixed(1)} ms,`);
  console.log(`open loop, ${FIXED_SECONDS} s after ${SETTLE_SECONDS} s at that rate to settle): p50 ${f1(p.lat.p50)}  p90 ${f1(p.lat.p90)}  p99 ${f1(p.lat.p99)}  max ${f1(p.lat.max)} ms; ${p.ok} 2xx, ${p.non2xx} non-2xx, ` +
    `${p.errors} errors; CPU: server ${(p.serverCpu / p.seconds).toFixed(2)} (its main thread ${(p.mainThreadCpu / p.seconds).toFixed(2)}), ${PG ? `PostgreSQL ${(p.pgCpu / p.seconds).toFixed(2)}, ` : ''}others ${p.others.toFixed(2)} cores; ` +
    `the hypervisor's steal ${p.steal.toFixed(2)} cores`);
  console.log(`  of which from writing the request to the answer: p50 ${f1(p.wire.p50)}  p99 ${f1(p.wire.p99)}  max ${f1(p.wire.max)} ms; ` +
    `this process late in sending: p99 ${f1(p.late.p99)}  max ${f1(p.late.max)} ms`);
  console.log(`  answers slower than ${GOAL_P99_MS} ms, by the second they were due in (bunched: a stall; spread: queueing): ${p.slowBySecond.join(' ')}`);
  const hundredths = (xs: number[]) => xs.map((c) => Math.round(c * 100)).join(' ');
  console.log(`  the hypervisor's steal in each of those seconds, hundredths of a core (the VM's cores taken by its host): ${hundredths(p.stealBySecond)}`);
  console.log(`  the server's main thread in each of those seconds, hundredths of a core: ${hundredths(p.mainBySecond)}`);
  console.log(`  its other threads (${engine === 'sqlite' ? 'the checkpointer, ' : ''}V8's GC helpers, libuv's pool): ${hundredths(p.threadsBySecond)}`);
  console.log(p.calm.seconds === 0
    ? `  no second of this run was calm (the host took ${CALM} of a core or more in it or in the second before)`
    : `  in the ${p.calm.seconds} of those seconds in which the host took under ${CALM} of a core (and in the second before): ` +
      `p50 ${f1(p.calm.lat.p50)}  p99 ${f1(p.calm.lat.p99)}  max ${f1(p.calm.lat.max)} ms (${p.calm.lat.n} answers; the goal is judged on all of them)`);
  if (SETTLE_SECONDS > 0) console.log(`  the ${SETTLE_SECONDS} s before, not measured (right after the saturated run): p50 ${f1(p.settling.p50)}  p99 ${f1(p.settling.p99)}  max ${f1(p.settling.max)} ms`);
  console.log(`  the server${INSTANCES > 1 ? 's\'' : '\'s'} own /metrics over this run: event-loop delay p99 ${f1(p.loop.p99)} ms, max ${f1(p.loop.max)} ms${INSTANCES > 1 ? ' (the worse instance)' : ''}; ` +
    `GC since start: ${p.minorGc.n} scavenges (${f1(p.minorGc.ms)} ms in all, ${f1(p.minorGc.ms / Math.max(1, p.minorGc.n))} ms each), ${p.majorGc.n} mark-compacts (${f1(p.majorGc.ms)} ms)`);
}
console.log(`(At ${CONNECTIONS} connections that never wait, latency = ${CONNECTIONS} / throughput on average (Little's law): p99 < ${GOAL_P99_MS} ms there needs more than ` +
  `${(CONNECTIONS / (GOAL_P99_MS / 1000)).toFixed(0)} req/s.)`);
console.log('\nfirst answer on each connection (all connections open at once at the start of a run):');
for (const m of [bareM, ...reals]) console.log(`  ${m.main.name.padEnd(34)} p50 ${f1(m.main.first.p50)} ms, max ${f1(m.main.first.max)} ms  (later answers: p50 ${f1(m.main.steady.p50)} ms)`);

console.log(`\nthe server's memory (VmRSS when idle after start, sampled every 250 ms during the run; peak = VmHWM after the run${INSTANCES > 1 ? '; of the instance with the highest peak' : ''}):`);
for (const m of [bareM, ...reals, ...(ceilingM ? [ceilingM] : [])]) {
  const r = m.main.rss;
  console.log(`  ${m.main.name.padEnd(34)} idle ${mb(m.idleRss).padStart(6)}   during the run ${mb(r.min)}–${mb(r.max)} (mean ${mb(r.mean)})   peak ${mb(r.hwm)}`);
}

/** Over every run on a server (warm-up, main, and the steady one for the first level): answers by kind. */
const answers = (m: Measured) => {
  const extra = m === reals[0] && steadyRate ? steadyRate : { ok: 0, non2xx: 0, errors: 0, created: 0, repeats: 0 };
  return {
    ok: m.runs.reduce((a, r) => a + r.result['2xx'], extra.ok),
    created: m.runs.reduce((a, r) => a + r.created, extra.created),
    repeats: m.runs.reduce((a, r) => a + r.repeats, extra.repeats),
    bad: m.runs.reduce((a, r) => a + r.result.non2xx + r.result.errors, extra.non2xx + extra.errors),
    runs: m.runs.length + (m === reals[0] && steadyRate ? 1 : 0),
  };
};
console.log(`\nwhat was stored (counted in the database after the server${INSTANCES > 1 ? 's' : ''} stopped):`);
for (const m of reals) {
  const a = answers(m), s = m.stored!;
  console.log(`  ${m.main.name.padEnd(34)} ${a.created} answered 201 and ${a.repeats} answered 200 (a sale taken for one it had) over all runs on it, incl. warm-up; ` +
    `${a.bad} non-2xx or errors; the database holds ${s.sales} sales (${s.sales - s.distinct} stored twice), ${s.customers} customers, ${s.messages} messages ` +
    `(${s.sales - a.created} sale(s) more than 201s: in flight when a run stopped, at most ${CONNECTIONS} a run); log ${(m.logBytes! / 1024).toFixed(0)} kB`);
}

console.log('\nCPU per sale stored in the main run (CPU seconds ÷ sales the database gained meanwhile; on a machine with more cores,');
console.log('sales/s ≈ the cores given to each ÷ its CPU per sale, while the other keeps up):');
for (const m of reals) {
  const r = m.main, n = Math.max(1, m.storedInMain ?? r.created), us = (sec: number) => `${pad(((sec / n) * 1e6).toFixed(0), 5)} µs`;
  const cores = (sec: number) => `${(sec / r.result.duration).toFixed(2)} cores`;
  console.log(`  ${r.name.padEnd(34)} ${n} sales: nextdeal (${INSTANCES} process${INSTANCES > 1 ? 'es' : ''}) ${us(r.serverCpu)} (${cores(r.serverCpu)})` +
    (PG ? r.pgCpu ? `; PostgreSQL ${us(r.pgCpu.total)} (${cores(r.pgCpu.total)}), of which its backends for this database ${us(r.pgCpu.backends)}, the rest WAL writer, checkpointer, autovacuum, …; together ${us(r.serverCpu + r.pgCpu.total)}`
      : '; PostgreSQL: not on this machine (its processes are not in /proc), not measured' : ''));
}

/** A run at half a server's rate, open loop, in a line. */
const atHalf = (p: Paced) => `at half its rate (${p.rate}/s), open loop: p50 ${f1(p.lat.p50)}  p99 ${f1(p.lat.p99)}  max ${f1(p.lat.max)} ms` +
  ` (this process late in sending: p99 ${f1(p.late.p99)} ms; the ${SETTLE_SECONDS} s before, not measured: p99 ${f1(p.settling.p99)} ms)`;
console.log('\ngoals:');
let below = false;
for (const m of reals) {
  const r = m.main, ratio = r.result.requests.mean / bareM.main.result.requests.mean, hwm = r.rss.hwm / 1024;
  const a = answers(m), s = m.stored!;
  if (ratio < GOAL_RATIO) below = true;
  console.log(`  ${r.name}:`);
  console.log(`    throughput ≥ ${GOAL_RATIO * 100}% of the bare handler — ${ratio >= GOAL_RATIO ? 'met' : 'NOT met'} (${r.result.requests.mean.toFixed(0)} / ${bareM.main.result.requests.mean.toFixed(0)} req/s = ${(ratio * 100).toFixed(1)}%; ` +
    `the host stealing ${(r.stealCpu / r.result.duration).toFixed(2)} of a core in this run, ${(bareM.main.stealCpu / bareM.main.result.duration).toFixed(2)} in the bare handler's)`);
  if (bareClassesM) {
    const c = bareClassesM.main.result.requests.mean;
    console.log(`      (of the bare handler on the same request classes as nextdeal, which spare stock express's prototype swap: ${r.result.requests.mean.toFixed(0)} / ${c.toFixed(0)} req/s = ${((r.result.requests.mean / c) * 100).toFixed(1)}%)`);
  }
  if (m === reals[0] && steadyRate) {
    console.log(`    p99 < ${GOAL_P99_MS} ms at half its rate, open loop — ${steadyRate.lat.p99 < GOAL_P99_MS ? 'met' : 'NOT met'} (at a steady ${steadyRate.rate}/s: ` +
      `${f1(steadyRate.lat.p99)} ms, the server busy ${(steadyRate.serverCpu / steadyRate.seconds).toFixed(2)} of a core and the host stealing ${steadyRate.steal.toFixed(2)}; ` +
      `at ${CONNECTIONS} connections that never wait: ${r.result.latency.p99} ms, steady ${f1(r.steady.p99)} ms)`);
    // The same measure of the bare handler: where it misses the goal too, the machine (or this process, which sends
    // the requests on the same cores) is what the figure shows, not nextdeal.
    const b = bareM.steady!;
    console.log(`      (the bare handler ${atHalf(b)}${b.lat.p99 < GOAL_P99_MS ? '' : `: on this machine not even the bare handler meets ${GOAL_P99_MS} ms`})`);
  } else console.log(`    p99 at ${CONNECTIONS} connections: ${r.result.latency.p99} ms (steady ${f1(r.steady.p99)} ms; the goal is judged at half the rate, open loop)`);
  console.log(`    peak RSS < ${GOAL_RSS_MB} MB — ${hwm < GOAL_RSS_MB ? 'met' : 'NOT met'} (${hwm.toFixed(0)} MB${INSTANCES > 1 ? ' for the larger instance' : ''}; idle after start ${mb(m.idleRss)})`);
  const right = a.bad === 0 && a.repeats === 0 && s.sales === s.distinct && s.sales >= a.created && s.sales - a.created <= a.runs * CONNECTIONS;
  console.log(`    a 201 for every request, a sale stored for each, none twice — ${right ? 'yes' : 'NO'} ` +
    `(${a.bad} non-2xx/errors, ${a.repeats} answered 200, ${s.sales - s.distinct} duplicates; ${s.sales} stored for ${a.created} 201s)`);
}
const [warnM, infoM] = [reals.find((m) => m.main.name.includes('=warn')), reals.find((m) => m.main.name.includes('=info'))];
if (warnM && infoM) {
  const d = infoM.main.result.requests.mean / warnM.main.result.requests.mean - 1;
  console.log(`\nLOG_LEVEL=info vs warn: ${d >= 0 ? '+' : ''}${(d * 100).toFixed(1)}% requests/s, p99 ${infoM.main.result.latency.p99} vs ${warnM.main.result.latency.p99} ms, ` +
    `server CPU per request ${((infoM.main.serverCpu / infoM.main.result['2xx']) * 1e6).toFixed(0)} vs ${((warnM.main.serverCpu / warnM.main.result['2xx']) * 1e6).toFixed(0)} µs; ` +
    `${(infoM.logBytes! / Math.max(1, infoM.stored!.sales)).toFixed(0)} bytes of log per sale at info (one pino-http line per request), ${warnM.logBytes} bytes in all at warn`);
}

if (ceilingM) {
  const bareRate = bareM.main.result.requests.mean, cRate = ceilingM.main.result.requests.mean, goalRate = GOAL_RATIO * bareRate;
  const cCpu = ceilingM.main.serverCpu / Math.max(1, ceilingM.main.result['2xx']);
  const real0 = reals[0]!, realCpu = real0.main.serverCpu / Math.max(1, real0.storedInMain ?? real0.main.created);
  console.log(`\nwhat no database could win back (--ceiling: ${ceilingM.main.name} = the real server answering each sale without writing it, bench/ceiling-server.ts):`);
  console.log(`  bare express                       ${atHalf(bareM.steady!)}`);
  console.log(`  ${ceilingM.main.name.padEnd(34)} ${cRate.toFixed(0)} req/s = ${((cRate / bareRate) * 100).toFixed(1)}% of bare, ${(cCpu * 1e6).toFixed(0)} µs of CPU an answer ` +
    `(${real0.main.name}: ${(realCpu * 1e6).toFixed(0)} µs a sale); peak RSS ${mb(ceilingM.main.rss.hwm)}`);
  console.log(`  ${''.padEnd(34)} ${atHalf(ceilingM.steady!)}`);
  // At the ceiling server's CPU rate (cores), throughput ≈ cores ÷ CPU per sale: what a sale may add to reach the goal.
  const allowed = cCpu * (cRate / goalRate - 1);
  console.log(allowed > 0
    ? `  ${GOAL_RATIO * 100}% of bare is ${goalRate.toFixed(0)} req/s: writing a sale may then add about ${(allowed * 1e6).toFixed(0)} µs of the server's CPU; it adds ${((realCpu - cCpu) * 1e6).toFixed(0)} µs now`
    : `  ${GOAL_RATIO * 100}% of bare is ${goalRate.toFixed(0)} req/s: out of reach even without writing sales`);
}

// ---- 4. where the time goes --------------------------------------------------------------------------------------
interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }
interface Profile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number }

/** What a frame belongs to: a package, a file of nextdeal, a part of node, or V8 itself. */
function owner(url: string, fn: string): string {
  if (!url) return fn.startsWith('(') ? fn : `(native) ${fn || 'anonymous'}`;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
  if (pkg) return pkg;
  const own = /\/dist\/(.+)\.js$/.exec(url)?.[1];
  if (own) return `src/${own}.ts`;
  return url.replace(/^node:/, 'node:');
}

function analyse(profile: Profile, requests: number) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<string, number>(), selfFn = new Map<string, number>(), incl = new Map<string, number>();
  // Inclusive time of parts of the handler, found by the names (or files) on the stack. (Express middleware is left
  // out: the chain runs inside each middleware's next(), so its inclusive time means little.) An async function is on
  // the stack only until its first await; after that, the code that resumes is, without its callers: so a part counts
  // its own code and what it calls synchronously, and the store's parts are counted by file.
  const parts: [string, (f: ProfileNode['callFrame']) => boolean][] = [
    ['src/db/sales.js (record, recordIn, plan: the sale\'s transaction)', (f) => /db\/sales\.js$/.test(f.url)],
    ['  src/db/customers.js (upsertCustomer, consent)', (f) => /db\/customers\.js$/.test(f.url)],
    ['  planMessages (pure: schedule.ts, luxon)', (f) => f.functionName === 'planMessages'],
    ['  src/db/summary.js (cohort summaries)', (f) => /db\/summary\.js$/.test(f.url)],
    ['  fingerprint (canonical JSON + sha256)', (f) => f.functionName === 'fingerprint'],
    ['  dayNumber (luxon)', (f) => f.functionName === 'dayNumber'],
    ['src/db/engines/* (statements, BEGIN/COMMIT, locks)', (f) => /db\/engines\//.test(f.url)],
    [engine === 'sqlite' ? '  better-sqlite3 (the statements themselves)' : '  pg, pg-protocol, pg-pool (the driver)', (f) => /node_modules\/(better-sqlite3|pg|pg-protocol|pg-pool|pg-types)\//.test(f.url)],
    ['readSale (zod, incl. phone and e-mail)', (f) => f.functionName === 'readSale' || f.url.includes('node_modules/zod/')],
    ['  libphonenumber-js', (f) => f.url.includes('node_modules/libphonenumber-js/')],
    ['luxon, anywhere', (f) => f.url.includes('node_modules/luxon/')],
    ['shops.bySlugForWebhook (every request; read once a second)', (f) => f.functionName === 'bySlugForWebhook'],
    ['verifySignature (HMAC)', (f) => f.functionName === 'verifySignature'],
    ['res.json (serialise and write the answer)', (f) => f.url.includes('node_modules/express/') && f.functionName === 'json'],
    ['prom-client', (f) => f.url.includes('node_modules/prom-client/')],
  ];
  // Every sample once, by where its own (top) frame is: these add up to 100%.
  const buckets: [string, (o: string, fn: string) => boolean][] = [
    [engine === 'sqlite' ? 'SQLite: better-sqlite3 + src/db/* (native statement time counts to the JS caller)' : 'PostgreSQL client: pg, pg-protocol, pg-pool + src/db/* (the server\'s time is not here)',
      (o) => o === 'better-sqlite3' || /^(pg|pg-protocol|pg-pool|pg-types|pg-connection-string|pgpass|postgres-array|postgres-bytea|postgres-date|postgres-interval|split2)$/.test(o) || o.startsWith('src/db/')],
    ['luxon (time zones: Intl formatToParts)', (o) => o === 'luxon'],
    ['zod + libphonenumber-js (validation)', (o) => o === 'zod' || o === 'libphonenumber-js'],
    ['request log: pino, pino-http, sonic-boom', (o) => /^(pino|pino-http|pino-std-serializers|sonic-boom|thread-stream|on-exit-leak-free)$/.test(o)],
    ['helmet', (o) => o === 'helmet'],
    ['express-rate-limit + ip-address', (o) => o === 'express-rate-limit' || o === 'ip-address'],
    ['express, router, body parsing', (o) => /^(express|router|body-parser|raw-body|type-is|content-type|iconv-lite|finalhandler|send|on-finished|depd|mime-types|media-typer|qs|parseurl|path-to-regexp|debug|accepts|negotiator|proxy-addr|forwarded|ipaddr.js|statuses|http-errors|cookie-signature|etag|fresh|range-parser|vary|encodeurl|escape-html|merge-descriptors|utils-merge|setprototypeof|inherits|bytes|unpipe|destroy|ee-first|toidentifier|mime-db|safe-buffer|safer-buffer|content-disposition|serve-static|cookie)$/.test(o)],
    ['node http/net/stream + socket writes', (o) => /^node:(_http|http|net|internal\/(streams|http|stream_base|timers|process\/task_queues)|stream|events|timers)/.test(o) || o === '(native) writev' || o.startsWith('(native) ')],
    ['crypto (HMAC, sha256, randomUUID)', (o) => o.startsWith('node:internal/crypto') || o === 'node:crypto'],
    ['src/domain, src/http (own code, not SQL)', (o) => /^src\/(domain|http)\//.test(o)],
    ['garbage collector', (o) => o === '(garbage collector)'],
  ];
  const bucketed = new Map<string, number>();
  let total = 0, idle = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    const node = byId.get(id)!;
    const f = node.callFrame;
    if (f.functionName === '(idle)') return void (idle += dt);
    total += dt;
    const o = owner(f.url, f.functionName);
    self.set(o, (self.get(o) ?? 0) + dt);
    const fnKey = `${f.functionName || '(anonymous)'}  ${o}${f.url ? `:${f.lineNumber + 1}` : ''}`;
    selfFn.set(fnKey, (selfFn.get(fnKey) ?? 0) + dt);
    const b = buckets.find(([, match]) => match(o, f.functionName))?.[0] ?? 'other (startup, timers, V8, ...)';
    bucketed.set(b, (bucketed.get(b) ?? 0) + dt);
    const hit = new Set<string>();
    for (let n: ProfileNode | undefined = node; n; n = byId.get(parent.get(n.id) ?? -1)) {
      for (const [name, match] of parts) if (match(n.callFrame)) hit.add(name);
    }
    for (const name of hit) incl.set(name, (incl.get(name) ?? 0) + dt);
  });
  const per = (us: number) => `${pad((us / 1000).toFixed(0), 6)} ms ${pad(((us / total) * 100).toFixed(1), 5)}%  ${pad((us / requests).toFixed(0), 5)} µs/request`;
  console.log(`  busy ${(total / 1e6).toFixed(1)} s of CPU over ${requests} requests (${(total / requests).toFixed(0)} µs each); idle ${(idle / 1e6).toFixed(1)} s`);
  console.log('  CPU by where it is spent (self time, each sample once: adds up to 100%):');
  for (const [name, us] of [...bucketed].sort((a, b) => b[1] - a[1])) console.log(`    ${name.slice(0, 84).padEnd(84)}${per(us)}`);
  console.log('  inclusive time of the handler\'s parts (a sample counts for every part on its stack):');
  for (const [name] of parts) console.log(`    ${name.padEnd(84)}${per(incl.get(name) ?? 0)}`);
  console.log('  self time by owner (top 15):');
  for (const [name, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`    ${name.slice(0, 84).padEnd(84)}${per(us)}`);
  console.log('  self time by function (top 20):');
  for (const [name, us] of [...selfFn].sort((a, b) => b[1] - a[1]).slice(0, 20)) console.log(`    ${name.slice(0, 84).padEnd(84)}${per(us)}`);
}

/** The bench's shop in a store of the handler's parts (the real server's is made by the CLI). */
const benchShop = (store: ReturnType<typeof createStore>) =>
  store.shops.create({ slug: SLUG, name: 'Fietsenmaker Bench', timezone: 'Europe/Amsterdam', country: 'NL', locale: 'nl' }, Date.now());

/** The sale handler's parts on their own, in this process, on a fresh database: what each costs per sale. */
async function stages() {
  const dir = mkdtempSync(join(work, 'stages-'));
  /** A fresh database as the server opens it (openDatabase: migrations); on PostgreSQL with `setting` for its sessions. */
  const open = async (name: string, setting?: string): Promise<Db> => {
    if (engine === 'sqlite') return openDatabase({ path: join(dir, `${name}.db`) });
    const url = await createDatabase(serverUrl!);
    return openDatabase({ url: setting ? withSetting(url, setting) : url, path: '' });
  };
  const counted = new Map<string, { n: number; ms: number }>();
  const statements = watchStatements(await open('stages'));
  const db = statements.db;
  const store = createStore(db);
  const { shop, webhookSecret } = await benchShop(store);
  const N = 4000, n = N / 2;
  const bodies = Array.from({ length: N }, () => Buffer.from(saleJson(++seq)));
  const t = Math.floor(Date.now() / 1000);
  const sigs = bodies.map((b) => sign(webhookSecret, b, t));
  const time = new Map<string, number>();
  const add = (k: string, ms: number) => time.set(k, (time.get(k) ?? 0) + ms);
  const log = createLogger('info', { write: () => {} });
  const recordLabel = engine === 'sqlite' ? 'store.sales.record (one IMMEDIATE transaction)' : 'store.sales.record (one transaction, the shop\'s lock)';
  let recordCpu = 0; // µs of this process's CPU in store.sales.record, the counted round
  for (let round = 0; round < 2; round++) { // round 0 warms up (its sales are not counted)
    if (round === 1) time.clear(), (recordCpu = 0), statements.listen(tally(counted, 90));
    for (let i = round * n; i < (round + 1) * n; i++) {
      let t0 = performance.now();
      const found = (await store.shops.bySlugForWebhook(SLUG, Date.now()))!;
      add('shops.bySlugForWebhook (tillAuth; read once a second)', performance.now() - t0);
      t0 = performance.now();
      verifySignature(sigs[i]!, bodies[i]!, found.webhookSecret, t);
      add('verifySignature (HMAC-SHA256)', performance.now() - t0);
      t0 = performance.now();
      const body = JSON.parse(bodies[i]!.toString('utf8'));
      add('JSON.parse of the body', performance.now() - t0);
      t0 = performance.now();
      const read = readSale(body, shop.country, Date.now());
      add('readSale (zod, incl. phone + e-mail)', performance.now() - t0);
      if (!read.ok) throw new Error(JSON.stringify(read.issues));
      t0 = performance.now();
      normalisePhone(body.customer.phone, 'NL');
      add('  normalisePhone alone (libphonenumber-js/max)', performance.now() - t0);
      t0 = performance.now();
      const cpu0 = process.cpuUsage();
      const result = await store.sales.record(shop, read.sale, Date.now(), { warnings: read.warnings });
      add(recordLabel, performance.now() - t0);
      const cpu = process.cpuUsage(cpu0);
      recordCpu += cpu.user + cpu.system;
      t0 = performance.now();
      JSON.stringify('answer' in result ? result.answer : null);
      add('JSON.stringify of the answer', performance.now() - t0);
      t0 = performance.now();
      log.info({ req: { id: 'x', method: 'POST', path: '/v1/shops/bench/sales' }, res: { status: 201 }, ms: 1 }, 'request');
      add('one pino log line (to a null stream)', performance.now() - t0);
    }
  }
  statements.listen(null);
  await db.close();
  console.log(`  per sale, mean of ${n} sales called directly (no HTTP, no express), one after the other, after ${n} warm-up sales:`);
  for (const [k, ms] of time) {
    console.log(`    ${k.padEnd(56)}${pad(((ms / n) * 1000).toFixed(0), 6)} µs`);
    // Its time is mostly waiting: on SQLite each call, coming right after the one before, waits for company before
    // its COMMIT (group commit); on PostgreSQL, for the server's answers.
    if (k === recordLabel) {
      console.log(`      ${"of which this process's CPU".padEnd(54)}${pad((recordCpu / n).toFixed(0), 6)} µs (the rest waiting: ${engine === 'sqlite'
        ? `mostly the ${WINDOW_MS} ms each call, right after the one before, waits for company before its COMMIT, src/db/engines/sqlite.ts` : 'for the server\'s answers'})`);
    }
  }
  const { n: runs, ms: stmtMs } = totals(counted);
  console.log(engine === 'sqlite'
    ? `  SQLite statements per sale: ${(runs / n).toFixed(1)} prepared statements run (plus what the triggers run), ${((stmtMs / n) * 1000).toFixed(0)} µs in them; by cost:`
    : `  PostgreSQL statements per sale: ${(runs / n).toFixed(1)} run (plus what the triggers run, and BEGIN, the lock, COMMIT), ${((stmtMs / n) * 1000).toFixed(0)} µs in them ` +
      '(each a round trip to the server); by cost:');
  for (const [sql, c] of [...counted].sort((a, b) => b[1].ms - a[1].ms).slice(0, 14)) {
    console.log(`    ${pad((c.n / n).toFixed(1), 4)}× ${pad(((c.ms / n) * 1000).toFixed(0), 4)} µs  ${sql}`);
  }
  const sales = bodies.map((b) => {
    const read = readSale(JSON.parse(b.toString()), 'NL', Date.now());
    if (!read.ok) throw new Error(JSON.stringify(read.issues));
    return read.sale;
  });
  await returningStatements(open, sales.slice(0, n));
  // record() alone (statements not timed) with the settings that matter for a write: where COMMIT and checkpoints cost.
  const variants: [string, string[]][] = engine === 'sqlite'
    ? [
        ['as openDatabase(): WAL, synchronous=NORMAL, checkpoint every 1000 pages', []],
        ['synchronous=OFF (no fsync at checkpoints)', ['synchronous = OFF']],
        ['wal_autocheckpoint=0 (no checkpoint on the request path)', ['wal_autocheckpoint = 0']],
      ]
    : [
        ['as the server is set up (see its settings at the top)', []],
        ['synchronous_commit=off (COMMIT does not wait for the WAL flush)', ['synchronous_commit=off']],
      ];
  console.log(`  store.sales.record alone, per sale (mean, p99, max of the calls; wall time, waits included, as above), as ${engine === 'sqlite' ? 'openDatabase() sets it up' : 'the server runs'} and with one setting changed:`);
  for (const [name, settings] of variants) {
    const vdb = await open(settings.join('-').replace(/\W+/g, '_') || 'default', engine === 'postgres' ? settings[0] : undefined);
    if (vdb.engine === 'sqlite') for (const p of settings) vdb.native.pragma(p);
    const vs = createStore(vdb);
    const vshop = (await benchShop(vs)).shop;
    for (const sale of sales.slice(0, n)) await vs.sales.record(vshop, sale, Date.now());
    const took: number[] = [];
    for (const sale of sales.slice(n)) {
      const t0 = performance.now();
      await vs.sales.record(vshop, sale, Date.now());
      took.push(performance.now() - t0);
    }
    const q = quantiles(took), mean = took.reduce((a, b) => a + b, 0) / took.length;
    console.log(`    ${name.padEnd(68)}${pad((mean * 1000).toFixed(0), 6)} µs  p99 ${pad((q.p99 * 1000).toFixed(0), 5)} µs  max ${pad(q.max.toFixed(1), 5)} ms`);
    await vdb.close();
  }
  if (engine === 'sqlite') await commitPages(join(dir, 'pages.db'), sales);
}

/**
 * The bench's sales all come from new customers; a shop's regulars come back. The statements of a customer's second
 * sale (two days after the first) and third (the day after that), on a fresh database of the engine under test.
 */
async function returningStatements(open: (name: string) => Promise<Db>, sales: Sale[]) {
  const watched = watchStatements(await open('returning'));
  const store = createStore(watched.db);
  const shop = (await benchShop(store)).shop;
  const DAY = 86_400_000, now = Date.now();
  const line: string[] = [];
  for (const [visit, daysAgo] of [[1, 3], [2, 1], [3, 0]] as const) {
    const counted = new Map<string, { n: number; ms: number }>();
    if (visit > 1) watched.listen(tally(counted, 90));
    for (const sale of sales) await store.sales.record(shop, { ...sale, tillSaleId: `${sale.tillSaleId}-${visit}`, occurredAt: now - daysAgo * DAY }, now);
    watched.listen(null);
    const { n: runs, ms } = totals(counted);
    if (visit > 1) line.push(`${visit === 2 ? 'second' : 'third'} sale ${(runs / sales.length).toFixed(1)} statements, ${((ms / sales.length) * 1000).toFixed(0)} µs in them`);
  }
  await watched.db.close();
  console.log(`  a returning customer (${sales.length} customers, each buying again two days after their first sale, and the day after that): ${line.join('; ')}`);
}

/**
 * What a COMMIT writes: the pages a sale's transaction changes, each a frame appended to the write-ahead log (and
 * copied into the file at the next checkpoint). A sale committed alone writes one page of every table and index it
 * touches; sales committed together (group commit, under load) share the pages they both change.
 */
async function commitPages(path: string, sales: Sale[]) {
  const db = await openDatabase({ path });
  if (db.engine !== 'sqlite') throw new Error('SQLite only');
  db.native.pragma('wal_autocheckpoint = 0');
  const store = createStore(db);
  const shop = (await benchShop(store)).shop;
  const half = Math.floor(sales.length / 2);
  for (const sale of sales.slice(0, half)) await store.sales.record(shop, sale, Date.now());
  const pageSize = db.native.pragma('page_size', { simple: true }) as number;
  const treeOf = db.native.prepare('SELECT name FROM dbstat WHERE pageno = ?').pluck();
  /** The pages `write` appends to an emptied write-ahead log, by the table or index they belong to. */
  const written = async (write: () => Promise<unknown>) => {
    db.native.pragma('wal_checkpoint(TRUNCATE)');
    await write();
    const wal = readFileSync(`${path}-wal`);
    const trees = new Map<string, number>();
    for (let at = 32; at + 24 <= wal.length; at += 24 + pageSize) {
      const tree = (treeOf.get(wal.readUInt32BE(at)) as string | undefined) ?? '(free list)';
      trees.set(tree, (trees.get(tree) ?? 0) + 1);
    }
    return trees;
  };
  const count = (trees: Map<string, number>) => [...trees.values()].reduce((a, b) => a + b, 0);
  const LONE = 50, GROUP = 20;
  const lone: Map<string, number>[] = [];
  for (const sale of sales.slice(half, half + LONE)) lone.push(await written(() => store.sales.record(shop, sale, Date.now())));
  const together = await written(() => Promise.all(sales.slice(half + LONE, half + LONE + GROUP).map((sale) => store.sales.record(shop, sale, Date.now()))));
  const byTree = new Map<string, number>();
  for (const trees of lone) for (const [tree, n] of trees) byTree.set(tree, (byTree.get(tree) ?? 0) + n / LONE);
  const counts = lone.map(count).sort((a, b) => a - b);
  console.log(`  pages a COMMIT writes to the write-ahead log (${pageSize} bytes each), after ${half} sales: a sale committed alone ` +
    `${(counts.reduce((a, b) => a + b, 0) / LONE).toFixed(1)} (mean of ${LONE}; ${counts[0]}–${counts[LONE - 1]}), ${GROUP} committed together ` +
    `${count(together)} (${(count(together) / GROUP).toFixed(1)} a sale). A lone sale's, by table and index (mean):`);
  const lines = [...byTree].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([tree, n]) => `${tree}${+n.toFixed(1) !== 1 ? ` ×${+n.toFixed(1)}` : ''}`);
  for (let i = 0; i < lines.length; i += 5) console.log(`    ${lines.slice(i, i + 5).join(', ')}`);
  await db.close();
}

if (opt.profile === 'yes' || (opt.profile === 'auto' && below)) {
  console.log(`\nwhere the time goes: the real server (LOG_LEVEL=${LEVELS[0]}, one instance) once more for ${PROFILE_SECONDS} s under node --cpu-prof:`);
  const profDir = join(work, 'profile');
  const s = await realServer(LEVELS[0] ?? 'warn', ['--cpu-prof', `--cpu-prof-dir=${profDir}`], 1);
  const rate = opt['profile-rate'] === undefined ? undefined : Number(opt['profile-rate']);
  let sales: number, how: string;
  try {
    if (rate === undefined) {
      const prof = await cannon('profiled', s.target, PROFILE_SECONDS);
      sales = prof.result['2xx'], how = `at ${prof.result.requests.mean.toFixed(0)} req/s, saturated`;
    } else {
      const prof = await paced(s.target, rate, PROFILE_SECONDS);
      sales = prof.created, how = `open loop at ${rate}/s: p99 ${prof.lat.p99.toFixed(1)} ms`;
    }
  } finally {
    await Promise.all(s.children.map(stop));
  }
  await sleep(200);
  const file = readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) console.log('  (no profile was written)');
  else {
    console.log(`  ${sales} sales ${how} while profiling (the profiler costs some); the profile covers the server's whole life`);
    analyse(JSON.parse(readFileSync(join(profDir, file), 'utf8')) as Profile, sales);
  }
  console.log('\nthe handler\'s parts on their own (a copy of what src/http/sales.ts does, timed piece by piece):');
  await stages();
}

await dropDatabases();
rmSync(work, { recursive: true, force: true });
console.log(`\nwhole run: ${((performance.now() - started) / 1000).toFixed(1)} s`);
