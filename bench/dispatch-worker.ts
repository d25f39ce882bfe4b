// One dispatcher in a process of its own, for `bench/dispatch.ts --dispatchers N`: bench/dispatch.ts forks N of these
// (with its own node flags, so tsx loads this file too) on one database. Each opens the database as the server does
// (openDatabase), makes the real createDispatcher() with the outbox channels writing to one folder (SMS to the Twilio
// stand-in instead, when given its address), the real templates, metrics and a logger to a file of its own, and says
// it is ready; on "go" it ticks at the given time until a tick finds nothing due, and answers with what it sent, its
// wall time, its own CPU time and the errors of ticks that failed.
import { pino } from 'pino';
import { checkpointInBackground } from '../src/db/checkpointer.js';
import { openDatabase } from '../src/db/open.js';
import { createStore } from '../src/db/store.js';
import { createLogger } from '../src/log.js';
import { createMetrics } from '../src/metrics.js';
import { type TickReport, createDispatcher } from '../src/queue/dispatcher.js';
import { loadTemplates } from '../src/templates.js';
import { channelsFor } from './channels.js';

export interface WorkerStart { url?: string | undefined; path: string; outbox: string; twilio?: string | undefined; now: number; level: string; log: string }
/** `failed`: the error of each tick that threw (the count of ticks excludes them). */
export interface WorkerDone { sent: number; other: number; ticks: number; ms: number; cpuMs: number; failed: string[] }

const send = (m: unknown) => new Promise<void>((ok) => process.send!(m, () => ok()));

process.once('message', async (start: WorkerStart) => {
  const db = await openDatabase({ url: start.url, path: start.path });
  const stopCheckpoints = db.engine === 'sqlite' ? checkpointInBackground(db) : async () => {}; // as src/main.ts
  const store = createStore(db);
  const dispatcher = createDispatcher({
    store, channels: channelsFor(start.outbox, start.twilio), templates: loadTemplates(),
    log: createLogger(start.level, pino.destination({ dest: start.log, sync: true })), metrics: createMetrics(),
    emailFrom: 'nextdeal@example.test', publicUrl: 'https://deals.example.test', retryBaseSeconds: 60, pauseAfter: 5, pauseMinutes: 10, reconcileAfterMs: 600_000,
  });
  process.once('message', async () => {
    const cpu0 = process.cpuUsage(), t = performance.now();
    let sent = 0, other = 0, ticks = 0;
    const failed: string[] = [];
    for (;;) {
      let r: TickReport;
      try {
        r = await dispatcher.tick(start.now);
      } catch (err) {
        // As the server does (it logs "dispatch failed" and ticks again at the next minute), here at once. What the
        // failed tick had claimed and not yet recorded stays 'sending'; its sends under way still finish.
        failed.push((err as Error).message);
        if (failed.length >= 100) break;
        continue;
      }
      ticks++;
      sent += r.sent;
      other += r.failed + r.retrying + r.cancelled + r.expired + r.uncertain;
      if (r.sent + r.failed + r.retrying + r.cancelled + r.expired === 0 || ticks > 1000) break;
    }
    const ms = performance.now() - t, cpu = process.cpuUsage(cpu0);
    await send({ sent, other, ticks, ms, cpuMs: (cpu.user + cpu.system) / 1000, failed } satisfies WorkerDone);
    await stopCheckpoints();
    await store.close();
    process.disconnect();
  });
  await send('ready');
});
