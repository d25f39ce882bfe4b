// Where a sale's memory goes: what the app allocates for each signed sale, every object counted (also those the next
// scavenge collects, which a heap snapshot never shows), by package and by function. Each of them is work for the
// garbage collector, about a tenth of a sale's CPU (the README's profile). V8's sampling heap profiler, one sample
// every 1 KiB allocated, objects collected by either GC included.
//
// The app runs in this process, wired as src/main.ts wires it (dist/, a fresh SQLite file with its checkpointer,
// metrics on, a logger at warn); a child process posts the sales (each a new customer, as bench/ingest.ts does) over
// 20 keep-alive connections, so that the client's own objects are not counted. SQLite only: the allocation of the
// request path does not depend on the engine but for the driver.
//
//   npx tsx bench/alloc.ts                          # 4,000 sales to warm up, 10,000 sampled (~30 s)
//   npx tsx bench/alloc.ts --sales 20000 --top 40
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { Session } from 'node:inspector';
import os from 'node:os';
import { join } from 'node:path';
import { benchArgs } from './args.js';
import { buildIfStale, root, signedSale } from './sale.js';

const { values: opt, positionals } = benchArgs(import.meta.url, {
  options: { sales: { type: 'string', default: '10000' }, top: { type: 'string', default: '25' } },
  allowPositionals: true,
});
const CONNECTIONS = 20;

// ---- the child: posts sales [from, from + n) to the port, CONNECTIONS at a time, and exits --------------------------
if (positionals[0] === 'client') {
  const [port, secret, from, n] = [Number(positionals[1]), positionals[2]!, Number(positionals[3]), Number(positionals[4])];
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  let next = from;
  const post = (i: number) => new Promise<void>((done, fail) => {
    const { path, body, headers } = signedSale('bench', secret, i);
    http.request({ host: '127.0.0.1', port, method: 'POST', path, agent, headers }, (res) => {
      res.resume().on('end', () => (res.statusCode === 201 ? done() : fail(new Error(`sale ${i}: ${res.statusCode}`))));
    }).on('error', fail).end(body);
  });
  const connection = async () => { while (next < from + n) await post(next++); };
  await Promise.all(Array.from({ length: CONNECTIONS }, connection));
  process.exit(0);
}

// ---- the app, as main.ts wires it (dist/: what npm start runs) ----------------------------------------------------
console.log(buildIfStale());
const dist = (path: string) => import(join(root, 'dist', path));
const [{ openDatabase }, { createStore }, { createApp }, { createLogger }, { createMetrics }, { checkpointInBackground }, { loadTemplates }, { SERVER_LIMITS, serve }] = await Promise.all([
  dist('db/open.js'), dist('db/store.js'), dist('http/app.js'), dist('log.js'), dist('metrics.js'), dist('db/checkpointer.js'), dist('templates.js'), dist('http/server.js'),
]);
const work = mkdtempSync(join(os.tmpdir(), 'nextdeal-alloc-'));
const db = await openDatabase({ path: join(work, 'nextdeal.db') });
const stopCheckpoints = checkpointInBackground(db);
const store = createStore(db);
const { webhookSecret } = await store.shops.create({ slug: 'bench', name: 'Fietsenmaker Bench', timezone: 'Europe/Amsterdam', country: 'NL', locale: 'nl' }, Date.now());
const metrics = createMetrics();
const log = createLogger('warn', { write: () => {} });
const app = createApp({ store, templates: loadTemplates(), log, now: Date.now, publicUrl: 'http://127.0.0.1', twilioAuthToken: undefined, wake: () => {}, metrics });
const server = await serve(app, 0, SERVER_LIMITS, '127.0.0.1');
const port = (server.address() as { port: number }).port;

let posted = 0;
const load = (n: number) => new Promise<void>((done, fail) => {
  const child = fork(process.argv[1]!, ['client', String(port), webhookSecret, String(posted), String(n)], { execArgv: ['--import', 'tsx'] });
  posted += n;
  child.on('exit', (code) => (code === 0 ? done() : fail(new Error(`the client exited with ${code}`))));
});

const N = Number(opt.sales), WARM = 4000;
await load(WARM);
const session = new Session();
session.connect();
const post = <T>(method: string, params?: object) => new Promise<T>((ok, fail) => session.post(method, params, (e, r) => (e ? fail(e) : ok(r as T))));
await post('HeapProfiler.startSampling', { samplingInterval: 1024, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
await load(N);
const { profile } = await post<{ profile: { head: ProfileNode } }>('HeapProfiler.stopSampling');
session.disconnect();
await new Promise((ok) => server.close(ok));
await stopCheckpoints();
await db.close();
rmSync(work, { recursive: true, force: true });

// ---- what it says ---------------------------------------------------------------------------------------------------
interface ProfileNode { selfSize: number; callFrame: { functionName: string; url: string; lineNumber: number }; children: ProfileNode[] }
/** node_modules/<package>, dist/<file> (our code), node:<module>, or (native) for V8's built-ins. */
const where = (url: string) => url.replace(/^file:\/\//, '').replace(/.*\/node_modules\/((?:@[^/]+\/)?[^/]+).*/, '$1').replace(root, '') || '(native)';
const byOwner = new Map<string, number>(), byFunction = new Map<string, number>();
let total = 0;
const walk = (node: ProfileNode, caller: string) => {
  const f = node.callFrame, at = `${f.functionName || '(anonymous)'} ${where(f.url)}${f.url ? `:${f.lineNumber + 1}` : ''}`;
  const owner = where(f.url).replace(/^dist\/([^/]+)\/.*/, 'dist/$1/'); // our code by folder: dist/db/, dist/http/, …
  total += node.selfSize;
  byOwner.set(owner, (byOwner.get(owner) ?? 0) + node.selfSize);
  // A built-in (sort, RegExp, JSON.parse) is named with its caller, which decides how much it allocates.
  const key = f.url ? at : `${at} in ${caller}`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + node.selfSize);
  for (const child of node.children) walk(child, f.url ? at : caller);
};
walk(profile.head, '(root)');
const kb = (bytes: number) => `${(bytes / N / 1024).toFixed(2).padStart(6)} KB`;
const top = Number(opt.top);
console.log(`\n${N} sales (after ${WARM} to warm up), ${CONNECTIONS} connections: ${(total / N / 1024).toFixed(1)} KB allocated a sale`);
console.log('by owner (node_modules package, our dist/ folder, node: module, or V8 built-in):');
for (const [k, v] of [...byOwner].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`  ${kb(v)}  ${k}`);
console.log(`by function (top ${top}):`);
for (const [k, v] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`  ${kb(v)}  ${k.slice(0, 110)}`);
