// How many signed sales a second does the REAL server take? autocannon posts a NEW sale (unique id, a new customer
// with a unique Dutch mobile number and consent) signed with Nextdeal-Signature for that exact body at the current
// second, over 50 connections for 20 s, against `node dist/main.js` (fresh database, outbox channels), and the same
// requests against a bare express handler that only reads the JSON body and answers 201 (bench/bare-server.ts).
// Goals: at least 70% of the bare handler's requests/s, p99 under 20 ms, the server's peak RSS under 150 MB.
// It then checks that the database holds a sale for every 201, and, when the server is far below the goal, profiles
// it (--cpu-prof) and times each part of the sale handler on its own.
//
//   npx tsx bench/ingest.ts                                   # bare, LOG_LEVEL=warn, LOG_LEVEL=info (~2.5 min)
//   npx tsx bench/ingest.ts --duration 10 --levels warn       # shorter
//   npx tsx bench/ingest.ts --profile yes|no                  # profile always / never (default: when below the goal)
//   npx tsx bench/ingest.ts --node-args '--max-old-space-size=128'   # node flags for the real server
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, openSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import http from 'node:http';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { type Db, openDb } from '../src/db/open.js';
import { createStore } from '../src/db/store.js';
import { normalisePhone } from '../src/domain/contact.js';
import { saleSchema } from '../src/http/sale-schema.js';
import { sign, verifySignature } from '../src/http/signature.js';
import { createLogger } from '../src/log.js';
import { tally, watchStatements } from './statements.js';

const { values: opt } = parseArgs({
  options: {
    duration: { type: 'string', default: '20' },
    connections: { type: 'string', default: '50' },
    levels: { type: 'string', default: 'warn,info' },
    profile: { type: 'string', default: 'auto' }, // auto: only when below the throughput goal
    'node-args': { type: 'string' }, // for the real server; by default those of `npm start`
  },
});
// The server runs as `npm start` runs it: the node flags of package.json's start script.
const startScript = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { scripts: { start: string } }).scripts.start;
const NODE_ARGS = (opt['node-args'] ?? startScript.replace(/^node\s+/, '').replace(/\s*dist\/main\.js.*$/, '')).split(' ').filter(Boolean);
const DURATION = Number(opt.duration), CONNECTIONS = Number(opt.connections), LEVELS = opt.levels.split(',').filter(Boolean);
const GOAL_RATIO = 0.7, GOAL_P99_MS = 20, GOAL_RSS_MB = 150, PROFILE_SECONDS = 10, FIXED_SECONDS = 10, SLUG = 'bench';
const root = fileURLToPath(new URL('..', import.meta.url));
const started = performance.now();
const work = mkdtempSync(join(os.tmpdir(), 'nextdeal-ingest-'));

// ---- helpers ----------------------------------------------------------------------------------------------------
const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms));
const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;
const pad = (s: string | number, n: number) => String(s).padStart(n);

async function freePort(): Promise<number> {
  const s = createServer().listen(0, '127.0.0.1');
  await once(s, 'listening');
  const { port } = s.address() as AddressInfo;
  await new Promise((ok) => s.close(ok));
  return port;
}

/** VmRSS / VmHWM of a process, in kB. */
function memOf(pid: number): { rss: number; hwm: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
}

/** CPU seconds the whole machine has been busy (user, nice, system, irq, softirq, steal), all cores together. */
function machineBusy(): number {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  return (f[0]! + f[1]! + f[2]! + f[5]! + f[6]! + f[7]!) / 100;
}

/** CPU seconds (user + system) a process has used so far. */
function cpuOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
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

/** A new sale as a till posts it: unique id, a new customer with a unique 06 number and e-mail, consent for both. */
function saleJson(i: number): string {
  return JSON.stringify({
    id: `bench-${i}`,
    occurredAt: new Date().toISOString(),
    reason: 'voor mijn fietstochten',
    customer: {
      name: `Klant ${i}`,
      phone: `06 1${String(i % 10_000_000).padStart(7, '0')}`,
      email: `klant${i}@example.nl`,
      consent: { sms: true, email: true },
    },
    items: [{ name: 'Regenjas', sku: 'RJ-1', quantity: 1, unitPrice: 89.95 }],
    total: 89.95,
    currency: 'EUR',
  });
}

interface Quantiles { p50: number; p90: number; p99: number; max: number; n: number }
const quantiles = (xs: number[]): Quantiles => {
  const s = Float64Array.from(xs).sort(), at = (p: number) => s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)] ?? NaN;
  return { p50: at(0.5), p90: at(0.9), p99: at(0.99), max: s[s.length - 1] ?? NaN, n: s.length };
};

interface Run {
  name: string;
  result: autocannon.Result;
  /** Latency of 2xx answers measured here (to 0.01 ms): all of them, and without each connection's first answer. */
  all: Quantiles;
  steady: Quantiles;
  first: Quantiles;
  serverCpu: number; // CPU seconds of the server during the run
  loaderCpu: number; // CPU seconds of this process (autocannon, signing) during the run
  othersCpu: number; // CPU seconds of everything else on the machine during the run (other work competing)
  rss: { min: number; max: number; mean: number; hwm: number };
}

async function cannon(name: string, url: string, secret: string, pid: number, seconds: number, rate?: number): Promise<Run> {
  const samples: number[] = [];
  const sampler = setInterval(() => samples.push(memOf(pid).rss), 250);
  const cpu0 = cpuOf(pid), self0 = process.cpuUsage(), busy0 = machineBusy();
  const seen = new Set<unknown>(), first: number[] = [], steady: number[] = [];
  const result = await new Promise<autocannon.Result>((ok, fail) => autocannon({
    url,
    connections: CONNECTIONS,
    duration: seconds,
    pipelining: 1,
    ...(rate && { overallRate: rate }),
    requests: [
      {
        method: 'POST',
        setupRequest(req) {
          const body = saleJson(++seq);
          return { ...req, method: 'POST', body, headers: { 'content-type': 'application/json', 'nextdeal-signature': sign(secret, body, Math.floor(Date.now() / 1000)) } };
        },
      },
    ],
  }, (err, res) => (err ? fail(err) : ok(res))).on('response', (client, status, _bytes, ms) => {
    if (status < 200 || status > 299) return;
    if (seen.has(client)) steady.push(ms);
    else seen.add(client), first.push(ms);
  }));
  clearInterval(sampler);
  const self = process.cpuUsage(self0), serverCpu = cpuOf(pid) - cpu0, loaderCpu = (self.user + self.system) / 1e6;
  const othersCpu = Math.max(0, machineBusy() - busy0 - serverCpu - loaderCpu);
  const rss = { min: Math.min(...samples), max: Math.max(...samples), mean: samples.reduce((a, b) => a + b, 0) / samples.length, hwm: memOf(pid).hwm };
  return {
    name, result, all: quantiles([...first, ...steady]), steady: quantiles(steady), first: quantiles(first),
    serverCpu, loaderCpu, othersCpu, rss,
  };
}

/**
 * Requests at a steady rate (open loop: one every 1/rate s, whether or not earlier ones were answered), over at most
 * CONNECTIONS keep-alive sockets; latency counted from the moment a request was due, so waiting for a socket counts too.
 * (autocannon's overallRate sends each second's quota in a burst at the start of the second, which measures the burst.)
 */
async function paced(url: string, secret: string, pid: number, rate: number, seconds: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const lat: number[] = [], wire: number[] = [], late: number[] = [];
  let ok = 0, non2xx = 0, errors = 0;
  const cpu0 = cpuOf(pid), busy0 = machineBusy(), self0 = process.cpuUsage();
  // The server's own view (prom-client's default metrics on GET /metrics): event-loop delay and GC during this run.
  const scrape = async () => (await (await fetch(new URL('/metrics', url))).text()).split('\n');
  await scrape(); // the event-loop histogram restarts at each scrape
  const post = (due: number) => new Promise<void>((done) => {
    const body = saleJson(++seq);
    let sent = 0;
    const req = http.request(url, {
      method: 'POST', agent,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'nextdeal-signature': sign(secret, body, Math.floor(Date.now() / 1000)) },
    }, (res) => {
      res.resume();
      res.on('end', () => {
        if (res.statusCode! >= 200 && res.statusCode! < 300) ok++, lat.push(performance.now() - due), wire.push(performance.now() - sent), late.push(sent - due);
        else non2xx++;
        done();
      });
    });
    req.on('error', () => void (errors++, done()));
    req.end(body);
    sent = performance.now();
  });
  const start = performance.now(), pending: Promise<void>[] = [];
  for (let k = 0; k < rate * seconds; k++) {
    const due = start + (k * 1000) / rate, wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    pending.push(post(due));
  }
  await Promise.all(pending);
  agent.destroy();
  const took = (performance.now() - start) / 1000, serverCpu = cpuOf(pid) - cpu0, self = process.cpuUsage(self0);
  const others = Math.max(0, machineBusy() - busy0 - serverCpu - (self.user + self.system) / 1e6) / took;
  const metrics = await scrape();
  const value = (name: string) => Number(metrics.find((l) => l.startsWith(`nextdeal_${name} `))?.split(' ')[1] ?? NaN);
  const gc = (kind: string, what: 'sum' | 'count') => Number(metrics.find((l) => l.startsWith(`nextdeal_nodejs_gc_duration_seconds_${what}{kind="${kind}"}`))?.split(' ')[1] ?? 0);
  const loop = { p99: value('nodejs_eventloop_lag_p99_seconds') * 1000, max: value('nodejs_eventloop_lag_max_seconds') * 1000 };
  return { rate, ok, non2xx, errors, lat: quantiles(lat), wire: quantiles(wire), late: quantiles(late), serverCpu, seconds: took, others, loop,
    minorGc: { n: gc('minor', 'count'), ms: gc('minor', 'sum') * 1000 }, majorGc: { n: gc('major', 'count'), ms: gc('major', 'sum') * 1000 } };
}
type Paced = Awaited<ReturnType<typeof paced>>;

// ---- 0. the machine, and dist/ -------------------------------------------------------------------------------------
const cpus = os.cpus();
const machine = `${cpus[0]?.model.trim()}, ${cpus.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, node ${process.version}, ${os.type()} ${os.release()}`;
console.log(`machine: ${machine}`);
if (NODE_ARGS.length) console.log(`the real server runs as: node ${NODE_ARGS.join(' ')} dist/main.js`);
console.log(`NOTE: autocannon runs in this process on the same ${cpus.length}-core machine as the server and competes with it for CPU`);
console.log('      (CPU columns below, in cores: the server, autocannon + signing in this process, and anything else running on the');
console.log('      machine meanwhile); both servers get the same requests under the same handicap. Compare runs on a quiet machine.');

const newest = (dir: string): number =>
  Math.max(0, ...readdirSync(dir, { withFileTypes: true }).map((e) => (e.isDirectory() ? newest(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs)));
const distAt = (() => { try { return statSync(join(root, 'dist/main.js')).mtimeMs; } catch { return 0; } })();
if (distAt < newest(join(root, 'src'))) {
  const t = performance.now();
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
  console.log(`built dist/ (npm run build, ${((performance.now() - t) / 1000).toFixed(1)} s)`);
} else console.log('dist/ is newer than src/: not rebuilt');

// ---- 1. the bare handler -------------------------------------------------------------------------------------------
interface Measured { runs: Run[]; idleRss: number; main: Run; stored?: { sales: number; customers: number; messages: number }; logBytes?: number }

async function bare(): Promise<Measured> {
  // Plain node, no loader: bench/bare-server.ts is written as plain JavaScript.
  const child = spawn(process.execPath, ['--input-type=module', '-e', readFileSync(join(root, 'bench/bare-server.ts'), 'utf8')], {
    cwd: root, env: { ...process.env, NODE_ENV: 'production', PORT: '0' }, stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((ok, fail) => {
    child.stdout!.on('data', (d: Buffer) => { const m = /listening (\d+)/.exec(d.toString()); if (m) ok(Number(m[1])); });
    child.once('exit', () => fail(new Error('bare server exited')));
  });
  try {
    const url = `http://127.0.0.1:${port}/v1/shops/${SLUG}/sales`;
    const idleRss = memOf(child.pid!).rss;
    const warm = await cannon('warm-up', url, 'bare-secret', child.pid!, 2);
    const main = await cannon('bare express (express.json)', url, 'bare-secret', child.pid!, DURATION);
    return { runs: [warm, main], idleRss, main };
  } finally {
    await stop(child);
  }
}

// ---- 2. the real server --------------------------------------------------------------------------------------------
/** A fresh data folder with one shop (made by the real CLI), and the real server on it. */
async function realServer(level: string, extraNodeArgs: string[] = []) {
  const dir = mkdtempSync(join(work, `${level}-`));
  const port = await freePort();
  const env = {
    ...process.env, NODE_ENV: 'production', PORT: String(port), DATABASE_PATH: join(dir, 'nextdeal.db'), OUTBOX_DIR: join(dir, 'outbox'),
    LOG_LEVEL: level, PUBLIC_URL: `http://127.0.0.1:${port}`,
  };
  const created = JSON.parse(execFileSync(process.execPath, [join(root, 'dist/cli.js'), 'shop', 'create', '--slug', SLUG, '--name', 'Fietsenmaker Bench',
    '--timezone', 'Europe/Amsterdam', '--country', 'NL', '--locale', 'nl'], { cwd: dir, env, encoding: 'utf8' })) as { webhookSecret: string };
  const logFile = join(dir, 'server.log');
  const out = openSync(logFile, 'w'); // the log goes to a file, as under a process manager: not through this process
  const child = spawn(process.execPath, [...NODE_ARGS, ...extraNodeArgs, join(root, 'dist/main.js')], { cwd: dir, env, stdio: ['ignore', out, out] });
  const base = `http://127.0.0.1:${port}`;
  await waitFor(async () => (await fetch(`${base}/healthz`)).ok, 'the server to answer /healthz');
  return { dir, child, base, secret: created.webhookSecret, logFile, dbPath: env.DATABASE_PATH, url: `${base}/v1/shops/${SLUG}/sales` };
}

let steadyRate: Paced | undefined;
async function real(level: string): Promise<Measured> {
  const s = await realServer(level);
  const runs: Run[] = [];
  let idleRss = 0, main: Run;
  try {
    idleRss = memOf(s.child.pid!).rss;
    runs.push(await cannon('warm-up', s.url, s.secret, s.child.pid!, 2));
    runs.push((main = await cannon(`nextdeal LOG_LEVEL=${level}`, s.url, s.secret, s.child.pid!, DURATION)));
    // Below saturation: half the throughput just measured, at a steady pace.
    if (level === LEVELS[0]) steadyRate = await paced(s.url, s.secret, s.child.pid!, Math.max(10, Math.round(main.result.requests.mean / 2 / 10) * 10), FIXED_SECONDS);
  } finally {
    await stop(s.child);
  }
  // Read-only, after the server closed it: does the database hold a sale for every 201?
  const db = new Database(s.dbPath, { readonly: true, fileMustExist: true });
  const one = (sql: string) => db.prepare(sql).pluck().get() as number;
  const stored = { sales: one('SELECT count(*) FROM sales'), customers: one('SELECT count(*) FROM customers'), messages: one('SELECT count(*) FROM messages') };
  db.close();
  return { runs, idleRss, main, stored, logBytes: statSync(s.logFile).size };
}

const bareM = await bare();
const reals: Measured[] = [];
for (const level of LEVELS) reals.push(await real(level));

// ---- 3. the figures ----------------------------------------------------------------------------------------------
const bodyBytes = Buffer.byteLength(saleJson(12_345));
console.log(`\neach request: POST /v1/shops/${SLUG}/sales with a new sale and a new customer (unique id, 06 number, e-mail; consent),`);
console.log(`~${bodyBytes} bytes of JSON signed for that body at the current second. ${CONNECTIONS} connections, ${DURATION} s per run after a 2 s warm-up.`);
console.log('The bare handler gets the same signed requests and reads them with express.json() (read + JSON.parse, as the webhook\'s');
console.log('express.raw + JSON.parse). Latency in ms: autocannon\'s p50/p90/p99/max (2xx only), and "steady" = measured here without');
console.log('each connection\'s first answer (node accepts a burst of new connections late while it is saturated, see below).\n');
const f1 = (v: number) => (v >= 100 ? v.toFixed(0) : v.toFixed(1));
console.log(`${'run'.padEnd(34)}${pad('req/s', 7)}${pad('p50', 6)}${pad('p90', 6)}${pad('p99', 6)}${pad('max', 6)}  steady p99${pad('max', 6)}${pad('2xx', 8)}${pad('non-2xx', 8)}${pad('errors', 7)}  server CPU  autocannon  others`);
const row = (r: Run) => {
  const l = r.result.latency, cores = (sec: number) => `${(sec / r.result.duration).toFixed(2)} cores`;
  console.log(`${r.name.padEnd(34)}${pad(r.result.requests.mean.toFixed(0), 7)}${pad(l.p50, 6)}${pad(l.p90, 6)}${pad(l.p99, 6)}${pad(l.max, 6)}  ${pad(f1(r.steady.p99), 10)}${pad(f1(r.steady.max), 6)}` +
    `${pad(r.result['2xx'], 8)}${pad(r.result.non2xx, 8)}${pad(r.result.errors, 7)}  ${cores(r.serverCpu).padStart(10)}  ${cores(r.loaderCpu).padStart(10)}  ${cores(r.othersCpu).padStart(6)}`);
};
row(bareM.main);
for (const m of reals) row(m.main);
if (steadyRate) {
  const p = steadyRate;
  console.log(`\nbelow saturation: ${reals[0]!.main.name} at a steady ${p.rate} req/s (half its throughput above; one request every ${(1000 / p.rate).toFixed(1)} ms,`);
  console.log(`open loop, ${FIXED_SECONDS} s): p50 ${f1(p.lat.p50)}  p90 ${f1(p.lat.p90)}  p99 ${f1(p.lat.p99)}  max ${f1(p.lat.max)} ms; ${p.ok} 2xx, ${p.non2xx} non-2xx, ` +
    `${p.errors} errors; CPU: server ${(p.serverCpu / p.seconds).toFixed(2)}, others ${p.others.toFixed(2)} cores`);
  console.log(`  of which from writing the request to the answer: p50 ${f1(p.wire.p50)}  p99 ${f1(p.wire.p99)}  max ${f1(p.wire.max)} ms; ` +
    `this process late in sending: p99 ${f1(p.late.p99)}  max ${f1(p.late.max)} ms`);
  console.log(`  the server's own /metrics over this run: event-loop delay p99 ${f1(p.loop.p99)} ms, max ${f1(p.loop.max)} ms; ` +
    `GC since start: ${p.minorGc.n} scavenges (${f1(p.minorGc.ms)} ms in all, ${f1(p.minorGc.ms / Math.max(1, p.minorGc.n))} ms each), ${p.majorGc.n} mark-compacts (${f1(p.majorGc.ms)} ms)`);
}
console.log(`(At ${CONNECTIONS} connections that never wait, latency = ${CONNECTIONS} / throughput on average (Little's law): p99 < ${GOAL_P99_MS} ms there needs more than ` +
  `${(CONNECTIONS / (GOAL_P99_MS / 1000)).toFixed(0)} req/s.)`);
console.log('\nfirst answer on each connection (all connections open at once at the start of a run):');
for (const m of [bareM, ...reals]) console.log(`  ${m.main.name.padEnd(34)} p50 ${f1(m.main.first.p50)} ms, max ${f1(m.main.first.max)} ms  (later answers: p50 ${f1(m.main.steady.p50)} ms)`);

console.log('\nthe server\'s memory (VmRSS when idle after start, sampled every 250 ms during the run; peak = VmHWM after the run):');
for (const m of [bareM, ...reals]) {
  const r = m.main.rss;
  console.log(`  ${m.main.name.padEnd(34)} idle ${mb(m.idleRss).padStart(6)}   during the run ${mb(r.min)}–${mb(r.max)} (mean ${mb(r.mean)})   peak ${mb(r.hwm)}`);
}
console.log('\nwhat was stored (the database opened read-only after the server stopped):');
for (const m of reals) {
  const extra = m === reals[0] && steadyRate ? steadyRate : { ok: 0, non2xx: 0, errors: 0 };
  const answered = m.runs.reduce((a, r) => a + r.result['2xx'], extra.ok), non2xx = m.runs.reduce((a, r) => a + r.result.non2xx + r.result.errors, extra.non2xx + extra.errors);
  const s = m.stored!;
  console.log(`  ${m.main.name.padEnd(34)} ${answered} answered 2xx (all runs on it, incl. warm-up), ${non2xx} non-2xx or errors; the database holds ` +
    `${s.sales} sales, ${s.customers} customers, ${s.messages} messages (${s.sales - answered} sale(s) more than 2xx counted: in flight when a run stopped, ` +
    `at most ${CONNECTIONS} a run); log ${(m.logBytes! / 1024).toFixed(0)} kB`);
}

console.log('\ngoals:');
let below = false;
for (const m of reals) {
  const r = m.main, ratio = r.result.requests.mean / bareM.main.result.requests.mean, hwm = r.rss.hwm / 1024;
  const extra = m === reals[0] && steadyRate ? steadyRate : { ok: 0, non2xx: 0, errors: 0 };
  const answered = m.runs.reduce((a, x) => a + x.result['2xx'], extra.ok), bad = m.runs.reduce((a, x) => a + x.result.non2xx + x.result.errors, extra.non2xx + extra.errors);
  if (ratio < GOAL_RATIO) below = true;
  console.log(`  ${r.name}:`);
  console.log(`    throughput ≥ ${GOAL_RATIO * 100}% of the bare handler — ${ratio >= GOAL_RATIO ? 'met' : 'NOT met'} (${r.result.requests.mean.toFixed(0)} / ${bareM.main.result.requests.mean.toFixed(0)} req/s = ${(ratio * 100).toFixed(1)}%)`);
  console.log(`    p99 < ${GOAL_P99_MS} ms at ${CONNECTIONS} connections — ${r.result.latency.p99 < GOAL_P99_MS ? 'met' : 'NOT met'} (${r.result.latency.p99} ms; steady ${f1(r.steady.p99)} ms` +
    `${m === reals[0] && steadyRate ? `; at a steady ${steadyRate.rate}/s: ${f1(steadyRate.lat.p99)} ms` : ''})`);
  console.log(`    peak RSS < ${GOAL_RSS_MB} MB — ${hwm < GOAL_RSS_MB ? 'met' : 'NOT met'} (${hwm.toFixed(0)} MB; idle after start ${mb(m.idleRss)})`);
  console.log(`    a 201 for (nearly) every request, and a sale stored for each — ${m.stored!.sales >= answered && bad === 0 ? 'yes' : 'NO'} (${bad} non-2xx/errors)`);
}
const [warnM, infoM] = [reals.find((m) => m.main.name.endsWith('=warn')), reals.find((m) => m.main.name.endsWith('=info'))];
if (warnM && infoM) {
  const d = infoM.main.result.requests.mean / warnM.main.result.requests.mean - 1;
  console.log(`\nLOG_LEVEL=info vs warn: ${d >= 0 ? '+' : ''}${(d * 100).toFixed(1)}% requests/s, p99 ${infoM.main.result.latency.p99} vs ${warnM.main.result.latency.p99} ms, ` +
    `server CPU per request ${((infoM.main.serverCpu / infoM.main.result['2xx']) * 1e6).toFixed(0)} vs ${((warnM.main.serverCpu / warnM.main.result['2xx']) * 1e6).toFixed(0)} µs; ` +
    `${(infoM.logBytes! / Math.max(1, infoM.stored!.sales)).toFixed(0)} bytes of log per sale at info (one pino-http line per request), ${warnM.logBytes} bytes in all at warn`);
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
  // Inclusive time of parts of the handler that are plain function calls, found by the names on the stack. (Express
  // middleware is left out: the chain runs inside each middleware's next(), so its inclusive time means little.)
  const parts: [string, (f: ProfileNode['callFrame']) => boolean][] = [
    ['store.sales.record (the whole transaction)', (f) => /db\/sales\.js$/.test(f.url) && f.functionName === 'record'],
    ['  sqliteTransaction self (BEGIN IMMEDIATE, COMMIT)', () => false], // filled in below from self time
    ['  upsertCustomer', (f) => f.functionName === 'upsertCustomer'],
    ['  plan (planMessages and its SQL)', (f) => /db\/sales\.js$/.test(f.url) && f.functionName === 'plan'],
    ['    planMessages (pure: schedule.ts, luxon)', (f) => f.functionName === 'planMessages'],
    ['  summary.track (cohort summaries)', (f) => /db\/summary\.js$/.test(f.url)],
    ['  fingerprint (canonical JSON + sha256)', (f) => f.functionName === 'fingerprint'],
    ['  dayNumber (luxon)', (f) => f.functionName === 'dayNumber'],
    ['saleSchema safeParse (zod, incl. phone and e-mail)', (f) => f.url.includes('node_modules/zod/')],
    ['  libphonenumber-js', (f) => f.url.includes('node_modules/libphonenumber-js/')],
    ['luxon, anywhere', (f) => f.url.includes('node_modules/luxon/')],
    ['shops.bySlug (every request)', (f) => f.functionName === 'bySlug'],
    ['verifySignature (HMAC)', (f) => f.functionName === 'verifySignature'],
    ['res.json (serialise and write the answer)', (f) => f.url.includes('node_modules/express/') && f.functionName === 'json'],
    ['prom-client', (f) => f.url.includes('node_modules/prom-client/')],
  ];
  // Every sample once, by where its own (top) frame is: these add up to 100%.
  const buckets: [string, (o: string, fn: string) => boolean][] = [
    ['SQLite: better-sqlite3 + src/db/* (native statement time counts to the JS caller)', (o) => o === 'better-sqlite3' || o.startsWith('src/db/')],
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
  incl.set('  sqliteTransaction self (BEGIN IMMEDIATE, COMMIT)', selfFn.get([...selfFn.keys()].find((k) => k.startsWith('sqliteTransaction ')) ?? '') ?? 0);
  console.log('  inclusive time of the handler\'s parts (a sample counts for every part on its stack):');
  for (const [name] of parts) console.log(`    ${name.padEnd(84)}${per(incl.get(name) ?? 0)}`);
  console.log('  self time by owner (top 15):');
  for (const [name, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`    ${name.slice(0, 84).padEnd(84)}${per(us)}`);
  console.log('  self time by function (top 20):');
  for (const [name, us] of [...selfFn].sort((a, b) => b[1] - a[1]).slice(0, 20)) console.log(`    ${name.slice(0, 84).padEnd(84)}${per(us)}`);
}

/** The sale handler's parts on their own, in this process, on a fresh database: what each costs per sale. */
function stages() {
  const dir = mkdtempSync(join(work, 'stages-'));
  const db: Db = openDb(join(dir, 'stages.db'));
  const counted = new Map<string, { n: number; ms: number }>();
  const statements = watchStatements(db);
  const store = createStore(db);
  const { shop, webhookSecret } = store.shops.create({ slug: SLUG, name: 'Fietsenmaker Bench', timezone: 'Europe/Amsterdam', country: 'NL', locale: 'nl' }, Date.now());
  const N = 4000, n = N / 2;
  const bodies = Array.from({ length: N }, () => Buffer.from(saleJson(++seq)));
  const t = Math.floor(Date.now() / 1000);
  const sigs = bodies.map((b) => sign(webhookSecret, b, t));
  const time = new Map<string, number>();
  const add = (k: string, ms: number) => time.set(k, (time.get(k) ?? 0) + ms);
  const log = createLogger('info', { write: () => {} });
  for (let round = 0; round < 2; round++) { // round 0 warms up (its sales are not counted)
    if (round === 1) time.clear(), statements.listen(tally(counted, 90));
    for (let i = round * n; i < (round + 1) * n; i++) {
      let t0 = performance.now();
      const found = store.shops.bySlug(SLUG)!;
      add('shops.bySlug (tillAuth, every request)', performance.now() - t0);
      t0 = performance.now();
      verifySignature(sigs[i]!, bodies[i]!, found.webhookSecret, t);
      add('verifySignature (HMAC-SHA256)', performance.now() - t0);
      t0 = performance.now();
      const body = JSON.parse(bodies[i]!.toString('utf8'));
      add('JSON.parse of the body', performance.now() - t0);
      t0 = performance.now();
      const parsed = saleSchema(shop.country).safeParse(body);
      add('saleSchema().safeParse (zod, incl. phone + e-mail)', performance.now() - t0);
      if (!parsed.success) throw new Error(JSON.stringify(parsed.error.issues));
      t0 = performance.now();
      normalisePhone(body.customer.phone, 'NL');
      add('  normalisePhone alone (libphonenumber-js/max)', performance.now() - t0);
      t0 = performance.now();
      const result = store.sales.record(shop, parsed.data, Date.now());
      add('store.sales.record (one IMMEDIATE transaction)', performance.now() - t0);
      t0 = performance.now();
      JSON.stringify((result as { answer: unknown }).answer);
      add('JSON.stringify of the answer', performance.now() - t0);
      t0 = performance.now();
      log.info({ req: { id: 'x', method: 'POST', path: '/v1/shops/bench/sales' }, res: { status: 201 }, ms: 1 }, 'request');
      add('one pino log line (to a null stream)', performance.now() - t0);
    }
  }
  statements.listen(null);
  db.close();
  console.log(`  per sale, mean of ${n} sales called directly (no HTTP, no express), after ${n} warm-up sales:`);
  for (const [k, ms] of time) console.log(`    ${k.padEnd(56)}${pad(((ms / n) * 1000).toFixed(0), 6)} µs`);
  const runs = [...counted.values()].reduce((a, c) => a + c.n, 0), stmtMs = [...counted.values()].reduce((a, c) => a + c.ms, 0);
  console.log(`  SQLite statements per sale: ${(runs / n).toFixed(1)} prepared statements run (plus what the triggers run), ${((stmtMs / n) * 1000).toFixed(0)} µs in them; by cost:`);
  for (const [sql, c] of [...counted].sort((a, b) => b[1].ms - a[1].ms).slice(0, 14)) {
    console.log(`    ${pad((c.n / n).toFixed(1), 4)}× ${pad(((c.ms / n) * 1000).toFixed(0), 4)} µs  ${sql}`);
  }
  // record() alone (statements not wrapped) with the pragmas that matter for a write: where COMMIT and checkpoints cost.
  console.log('  store.sales.record alone, per sale (mean, p99, max of the calls), as openDb() sets it up and with one pragma changed:');
  const variants: [string, string[]][] = [
    ['as openDb(): WAL, synchronous=NORMAL, checkpoint every 1000 pages', []],
    ['synchronous=OFF (no fsync at checkpoints)', ['synchronous = OFF']],
    ['wal_autocheckpoint=0 (no checkpoint on the request path)', ['wal_autocheckpoint = 0']],
  ];
  const sales = bodies.map((b) => saleSchema('NL').parse(JSON.parse(b.toString())));
  for (const [name, pragmas] of variants) {
    const vdb = openDb(join(dir, `${pragmas.join('-').replace(/\W+/g, '_') || 'default'}.db`));
    for (const p of pragmas) vdb.pragma(p);
    const vs = createStore(vdb);
    const vshop = vs.shops.create({ slug: SLUG, name: 'Fietsenmaker Bench', timezone: 'Europe/Amsterdam', country: 'NL', locale: 'nl' }, Date.now()).shop;
    for (const sale of sales.slice(0, n)) vs.sales.record(vshop, sale, Date.now());
    const took: number[] = [];
    for (const sale of sales.slice(n)) {
      const t0 = performance.now();
      vs.sales.record(vshop, sale, Date.now());
      took.push(performance.now() - t0);
    }
    const q = quantiles(took), mean = took.reduce((a, b) => a + b, 0) / took.length;
    console.log(`    ${name.padEnd(68)}${pad((mean * 1000).toFixed(0), 6)} µs  p99 ${pad((q.p99 * 1000).toFixed(0), 5)} µs  max ${pad(q.max.toFixed(1), 5)} ms`);
    vdb.close();
  }
}

if (opt.profile === 'yes' || (opt.profile === 'auto' && below)) {
  console.log(`\nwhere the time goes: the real server (LOG_LEVEL=${LEVELS[0]}) once more for ${PROFILE_SECONDS} s under node --cpu-prof:`);
  const profDir = join(work, 'profile');
  const s = await realServer(LEVELS[0] ?? 'warn', ['--cpu-prof', `--cpu-prof-dir=${profDir}`]);
  let prof: Run;
  try {
    prof = await cannon('profiled', s.url, s.secret, s.child.pid!, PROFILE_SECONDS);
  } finally {
    await stop(s.child);
  }
  await sleep(200);
  const file = readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) console.log('  (no profile was written)');
  else {
    console.log(`  ${prof.result['2xx']} sales at ${prof.result.requests.mean.toFixed(0)} req/s while profiling (the profiler costs some); the profile covers the server's whole life`);
    analyse(JSON.parse(readFileSync(join(profDir, file), 'utf8')) as Profile, prof.result['2xx']);
  }
  console.log('\nthe handler\'s parts on their own (a copy of what src/http/sales.ts does, timed piece by piece):');
  stages();
}

rmSync(work, { recursive: true, force: true });
console.log(`\nwhole run: ${((performance.now() - started) / 1000).toFixed(1)} s`);
