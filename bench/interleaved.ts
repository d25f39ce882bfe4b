// Two builds (or more) side by side under the same load at the same moments: on a VM whose speed moves by 30% from
// one minute to the next, runs one after the other compare the minutes more than the builds. Each tree's server
// (`node dist/main.js` as `npm start` runs it, a fresh SQLite file each) gets every n-th request of one open-loop
// stream of new signed sales; the figure is each server's CPU per sale (from /proc), and its latency.
//
// A tree is a checkout with dist/ built and node_modules; an older commit in a worktree beside this one:
//
//   git worktree add /tmp/nd-old 7b73012 && ln -s "$PWD/node_modules" /tmp/nd-old/ && (cd /tmp/nd-old && npm run build)
//   npx tsx bench/interleaved.ts --tree /tmp/nd-old --tree .            # 750 sales/s in all, 20 s, three rounds
//   npx tsx bench/interleaved.ts --tree /tmp/nd-old --tree . --rate 600 --seconds 30 --rounds 5
//   npx tsx bench/interleaved.ts --tree . --tree '. --single-threaded-gc'   # one build, node flags added for one server
//   npx tsx bench/interleaved.ts --engine postgres --tree /tmp/nd-old --tree .   # each on a database of its own, one throw-away cluster
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { benchArgs } from './args.js';
import { type ServerCpu, benchServer, createDatabase, dropDatabases, engineOptions, freePort, serverCpu } from './pg.js';
import { buildIfStale, cpuOf, root, signedSale, withoutProviders } from './sale.js';

const { values: opt } = benchArgs(import.meta.url, {
  options: {
    tree: { type: 'string', multiple: true, default: ['.'] },
    rate: { type: 'string', default: '750' }, // sales/s in all, split evenly
    seconds: { type: 'string', default: '20' },
    rounds: { type: 'string', default: '3' },
    ...engineOptions,
  },
});
const { engine, serverUrl } = await benchServer(opt);
// A tree may name node flags after its path, added to those of `npm start` for its server.
const specs = opt.tree.map((t) => { const [path, ...flags] = t.trim().split(/\s+/); return { tree: resolve(path!), flags }; });
const trees = specs.map((s) => s.tree), RATE = Number(opt.rate), SECONDS = Number(opt.seconds);
if (trees.includes(resolve(root))) console.log(buildIfStale());
const NODE_ARGS = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start
  .split(/\s+/).filter((a) => a.startsWith('--'));
console.log(`${trees.length} servers (node ${NODE_ARGS.join(' ')} dist/main.js), ${RATE} new signed sales/s in all (${(RATE / trees.length).toFixed(0)} each), open loop, ${SECONDS} s a round after 4 s to warm up; ${os.cpus().length} cores`);

interface Server { tree: string; flags: string[]; port: number; secret: string; child: ChildProcess; agent: http.Agent; latency: number[]; dir: string; pgCpu: ServerCpu | null }
async function start({ tree, flags }: { tree: string; flags: string[] }): Promise<Server> {
  const dir = mkdtempSync(join(os.tmpdir(), 'nextdeal-interleaved-')), port = await freePort();
  // On PostgreSQL, a database of its own for each server on the one cluster.
  const databaseUrl = engine === 'postgres' ? await createDatabase(serverUrl!) : undefined;
  const env = { ...withoutProviders(process.env), NODE_ENV: 'production', PORT: String(port), OUTBOX_DIR: join(dir, 'outbox'), LOG_LEVEL: 'warn', PUBLIC_URL: `http://127.0.0.1:${port}`,
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : { DATABASE_PATH: join(dir, 'nextdeal.db') }) };
  const created = JSON.parse(execFileSync(process.execPath, [join(tree, 'dist/cli.js'), 'shop', 'create', '--slug', 'bench', '--name', 'Fietsenmaker Bench',
    '--timezone', 'Europe/Amsterdam', '--country', 'NL', '--locale', 'nl'], { cwd: dir, env, encoding: 'utf8' })) as { webhookSecret: string };
  const child = spawn(process.execPath, [...NODE_ARGS, ...flags, join(tree, 'dist/main.js')], { cwd: tree, env, stdio: ['ignore', openSync(join(dir, 'server.log'), 'w'), 'inherit'] });
  for (let tries = 0; ; tries++) {
    if (await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false)) break;
    if (tries > 300) throw new Error(`the server of ${tree} did not start: see ${dir}/server.log`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const pgCpu = databaseUrl ? await serverCpu(databaseUrl) : null;
  return { tree, flags, port, secret: created.webhookSecret, child, agent: new http.Agent({ keepAlive: true, maxSockets: 50 }), latency: [], dir, pgCpu };
}

let seq = 0;
const post = (s: Server, due: number) => new Promise<void>((done, fail) => {
  const { path, body, headers } = signedSale('bench', s.secret, ++seq);
  http.request({ host: '127.0.0.1', port: s.port, method: 'POST', path, agent: s.agent, headers }, (res) => {
    res.resume().on('end', () => (res.statusCode === 201 ? (s.latency.push(performance.now() - due), done()) : fail(new Error(`${s.tree}: ${res.statusCode}`))));
  }).on('error', fail).end(body);
});
/** One open-loop stream at RATE, request k to server k mod n. */
async function stream(servers: Server[], seconds: number) {
  const start = performance.now(), pending: Promise<void>[] = [];
  for (let k = 0; k < RATE * seconds; k++) {
    const due = start + (k * 1000) / RATE, wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    pending.push(post(servers[k % servers.length]!, due));
  }
  await Promise.all(pending);
}

const at = (xs: number[], p: number) => Float64Array.from(xs).sort()[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;
for (let round = 1; round <= Number(opt.rounds); round++) {
  const servers: Server[] = [];
  for (const spec of specs) servers.push(await start(spec));
  try {
    await stream(servers, 4);
    for (const s of servers) s.latency = [];
    const before = servers.map((s) => cpuOf(s.child.pid!));
    const pg = servers.map((s) => s.pgCpu?.begin());
    await stream(servers, SECONDS);
    console.log(`round ${round}:`);
    servers.forEach((s, i) => {
      const cpu = cpuOf(s.child.pid!) - before[i]!;
      const backends = pg[i]?.end().backends; // PostgreSQL's backends for this server's database
      const perSale = (seconds: number) => ((seconds * 1e6) / s.latency.length).toFixed(0).padStart(5);
      console.log(`  ${[s.tree, ...s.flags].join(' ').padEnd(30)} ${perSale(cpu)} µs CPU a sale${backends === undefined ? '' : ` (PostgreSQL's backends ${perSale(backends)} µs)`}   latency p50 ${at(s.latency, 0.5).toFixed(1)}  p99 ${at(s.latency, 0.99).toFixed(1)} ms   (${s.latency.length} sales)`);
    });
  } finally {
    for (const s of servers) {
      s.child.kill('SIGTERM');
      s.agent.destroy();
    }
    await new Promise((r) => setTimeout(r, 500));
    for (const s of servers) rmSync(s.dir, { recursive: true, force: true });
  }
}
await dropDatabases();
