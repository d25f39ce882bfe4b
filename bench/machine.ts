// What this machine charges, apart from nextdeal: the figures the others are read against.
// - A wake-up: the same small piece of work (hashing and allocating, about what a sale's JavaScript does), done
//   back to back and done after a 1 ms sleep each time. On a machine that charges nothing for a wake the two cost the
//   same CPU; a VM whose core is given to something else while a process sleeps returns it with cold caches.
//   A server at half its rate sleeps between most requests.
// - The hypervisor's steal while both cores are kept busy: the share of the machine its host takes away.
// - A small write to a file (pwrite): what each page of a COMMIT costs in system calls.
//
//   npx tsx bench/machine.ts                 # ~20 s
//   npx tsx bench/machine.ts --rounds 5      # more rounds, alternating, for a noisy hour
import { createHash } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { benchArgs } from './args.js';
import { Worker } from 'node:worker_threads';
import { describeMachine, machineTimes } from './sale.js';

const { values: opt } = benchArgs(import.meta.url, { options: { rounds: { type: 'string', default: '3' } } });
const ROUNDS = Number(opt.rounds), N = 2000;

const payload = Buffer.alloc(1024, 7);
const kept: unknown[] = [];
/** About 300 µs of hashing and allocating, some of it kept a while (as a server's requests keep their objects). */
function work() {
  for (let i = 0; i < 60; i++) createHash('sha256').update(payload).digest();
  kept.push(Array.from({ length: 300 }, (_, i) => ({ i, s: `x${i}` })));
  if (kept.length > 50) kept.shift();
}

/** CPU µs per piece of work, with `between` awaited after each. */
async function cpuPerWork(between: () => Promise<void>) {
  const c0 = process.cpuUsage();
  for (let k = 0; k < N; k++) work(), await between();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / N;
}

console.log(`machine: ${describeMachine()}\n`);
console.log(`1. a wake-up: CPU for the same work (${N} times), back to back against after a 1 ms sleep each time`);
for (let r = 0; r < ROUNDS; r++) {
  const awake = await cpuPerWork(() => new Promise((resolve) => setImmediate(resolve)));
  const slept = await cpuPerWork(() => new Promise((resolve) => setTimeout(resolve, 1)));
  console.log(`   round ${r + 1}: back to back ${awake.toFixed(0)} µs, after a sleep ${slept.toFixed(0)} µs: a wake costs ${(slept - awake).toFixed(0)} µs (${((slept / awake - 1) * 100).toFixed(0)}% more)`);
}

console.log('\n2. the hypervisor\'s steal, both cores kept busy for 5 s (a thread each)');
const spin = `const until = Date.now() + 5000; let x = 0; while (Date.now() < until) x++; require('node:worker_threads').parentPort.postMessage(x);`;
const before = machineTimes(), t0 = performance.now();
await Promise.all(Array.from({ length: os.cpus().length }, () => new Promise((resolve) => new Worker(spin, { eval: true }).once('message', resolve))));
const seconds = (performance.now() - t0) / 1000, after = machineTimes();
const steal = (after.steal - before.steal) / seconds, busy = (after.busy - before.busy) / seconds;
console.log(`   this VM's processes ran ${busy.toFixed(2)} cores; its host took ${steal.toFixed(2)} cores (steal, ${((steal / os.cpus().length) * 100).toFixed(0)}% of the machine)`);

console.log('\n3. a write of one 4 KB page to a file (pwrite, 100,000 times)');
const dir = mkdtempSync(join(os.tmpdir(), 'nd-machine-')), fd = openSync(join(dir, 'pages'), 'w'), page = Buffer.alloc(4096, 1);
const c0 = process.cpuUsage(), w0 = performance.now();
for (let i = 0; i < 100_000; i++) writeSync(fd, page, 0, page.length, (i % 1000) * page.length);
const c = process.cpuUsage(c0);
console.log(`   ${(((performance.now() - w0) * 1000) / 100_000).toFixed(2)} µs a write (CPU: user ${(c.user / 100_000).toFixed(2)}, system ${(c.system / 100_000).toFixed(2)} µs)`);
closeSync(fd);
rmSync(dir, { recursive: true });
