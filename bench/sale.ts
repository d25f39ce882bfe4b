// What the ingest benches share: the sale they post (as a till sends it, signed), dist/ built from the current src/, and a
// process's CPU.
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sign } from '../src/http/signature.js';

/** The repository's root. */
export const root = fileURLToPath(new URL('..', import.meta.url));

/** Sale `i` as a till posts it: unique id, a new customer with a unique 06 number and e-mail, consent for both. */
export function saleJson(i: number): string {
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

/** Sale `i` for the shop `slug` as a till posts it: path, body, and headers signed for that body at the current second. */
export function signedSale(slug: string, secret: string, i: number) {
  const body = saleJson(i);
  return { path: `/v1/shops/${slug}/sales`, body, headers: { 'content-type': 'application/json', 'nextdeal-signature': sign(secret, body, Math.floor(Date.now() / 1000)) } };
}

/** Runs `npm run build` when a file in src/ is newer than dist/main.js; says which. */
export function buildIfStale(): string {
  const newest = (dir: string): number =>
    Math.max(0, ...readdirSync(dir, { withFileTypes: true }).map((e) => (e.isDirectory() ? newest(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs)));
  const distAt = (() => { try { return statSync(join(root, 'dist/main.js')).mtimeMs; } catch { return 0; } })();
  if (distAt >= newest(join(root, 'src'))) return 'dist/ is newer than src/: not rebuilt';
  const t = performance.now();
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
  return `built dist/ (npm run build, ${((performance.now() - t) / 1000).toFixed(1)} s)`;
}

/** The machine as every bench prints it first: its CPU and cores, memory, node and kernel. */
export function describeMachine(): string {
  const cpus = os.cpus();
  return `${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${cpus.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, node ${process.version}, ${os.type()} ${os.release()}`;
}

/**
 * CPU seconds, all cores together, since boot: the whole machine busy (user, nice, system, irq, softirq), and the
 * hypervisor's steal: time this VM's cores were ready to run but the host ran something else. Steal is no process's
 * work here; it is the machine taken away, and a run suffers for it as from any other competitor.
 */
export function machineTimes(): { busy: number; steal: number } {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  return { busy: (f[0]! + f[1]! + f[2]! + f[5]! + f[6]!) / 100, steal: f[7]! / 100 };
}

/**
 * CPU seconds (user + system) a process has used so far, all its threads; with `mainThread`, only the thread that
 * runs its JavaScript (not the worker threads, V8's GC helpers or libuv's pool).
 */
export function cpuOf(pid: number, mainThread = false): number {
  const fields = readFileSync(mainThread ? `/proc/${pid}/task/${pid}/stat` : `/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
}

/**
 * The environment a bench's servers run with: the shell's, without Twilio's or a mail server's settings (the server
 * then asks Twilio at start, and a maintainer's own account would be asked). The benches measure the outbox channels.
 */
export const withoutProviders = (env: NodeJS.ProcessEnv): NodeJS.ProcessEnv =>
  Object.fromEntries(Object.entries(env).filter(([name]) => !/^(TWILIO_|SMTP_)/.test(name)));
