// WAL checkpoints off the request path. A checkpoint copies the write-ahead log into the database file and syncs
// it; done by the connection that commits, it stalls that request (and every other) for milliseconds. The server's
// connection therefore never checkpoints (wal_autocheckpoint = 0): a worker thread with its own connection does,
// four times a second, PASSIVE (it never blocks a writer).
//
// Four times a second rather than once: each checkpoint then has a quarter of the log to copy and to sync, and while it
// syncs, the server's writes to the log's file can stall (its thread waits in pwrite; bench/NOTES.md). At half the
// bench's throughput (about 2,000 sales a second), alternating with once a second in five pairs of runs on 2 December
// 2026, four pairs were better, the p99 met 20 ms in two runs against none, and the answers over 20 ms were 28% fewer;
// the saturated CPU a sale did not move. Idle, a checkpoint with nothing to copy costs a few microseconds.
//
// The log starts over from its beginning only when a writer finds every frame of it copied. A checkpoint takes 10-30
// ms, and sales that come more often than that always leave some uncopied: under a steady stream the log's file grew
// without end (450 MB in bench/ingest.ts's 22 s). So once the log holds restartFrames frames, the worker asks for the
// server's connection to be held free (SqliteDb.hold: transactions wait, the event loop does not), copies what is
// left (RESTART), and the writer's next transaction starts the log over: 5-25 ms once in every 256 MB written (at
// half the bench's throughput, where sales commit alone or a few together, some 25 MB a second with 1 KiB pages and
// 50-70 MB with 4 KiB ones: every 10 s or every 4-5 s, not every second, as at 64 MB).
// Left to SQLite's own locking, the writer would sleep in its busy handler meanwhile, the event loop with it: 24-40
// ms.
//
// The log's file keeps its size when the log starts over: the log is written again from its beginning, over what was
// copied. Cut back at 256 MB, as it was, the file was cut at every start over (65,536 frames of 4 KiB and 24 bytes
// each then, and what came in before the hold, were some 270-300 MB), by the server's connection in its next COMMIT: an
// ftruncate of 6-17 ms on the server's thread, every request waiting (perf trace at 700 sales/s), and the file then
// grown again. Only a file past twice what the log fills (a reader kept the log from starting over) is cut back.
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { SqliteDb } from './engines/sqlite.js';

const source = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
const db = new Database(workerData.path);
db.pragma('busy_timeout = 5000');
let asked = false; // for the connection to be held free, so as to start the log over
let notBefore = 0; // after a reader elsewhere kept the log from starting over, when to ask again
const timer = setInterval(() => {
  if (asked) return;
  try {
    const [{ log }] = db.pragma('wal_checkpoint(PASSIVE)');
    if (log >= workerData.restartFrames && Date.now() >= notBefore) (asked = true), parentPort.postMessage('restart');
  } catch {}
}, workerData.everyMs);
parentPort.on('message', (m) => {
  if (m === 'held') {
    // The server's connection waits: nothing to wait for but a reader elsewhere (a backup, another process), and not
    // long; while one reads, the log cannot start over, and the server is not held again for a while.
    db.pragma('busy_timeout = 100');
    try {
      const [{ busy }] = db.pragma('wal_checkpoint(RESTART)');
      if (busy) notBefore = Date.now() + workerData.retryMs;
    } catch {} finally { db.pragma('busy_timeout = 5000'); }
    asked = false;
    parentPort.postMessage('restarted');
  } else if (m === 'stop') {
    clearInterval(timer);
    db.pragma('wal_checkpoint(PASSIVE)');
    db.close();
    parentPort.close();
  }
});
`;

/** What the log's frames fill when the checkpointer has the log start over, whatever the size of the pages. */
export const RESTART_BYTES = 256 * 2 ** 20;
/** A frame's header in the log's file, before its page. */
const FRAME_HEADER_BYTES = 24;

/**
 * Starts checkpointing `db` in the background, every `everyMs`; past `restartFrames` the log starts over, tried again
 * `retryMs` after a reader elsewhere kept it from it. Returns how to stop.
 */
export function checkpointInBackground(db: SqliteDb, everyMs = 250, restartFrames?: number, retryMs = 30_000): () => Promise<void> {
  db.native.pragma('wal_autocheckpoint = 0');
  const frameBytes = FRAME_HEADER_BYTES + (db.native.pragma('page_size', { simple: true }) as number);
  restartFrames ??= Math.floor(RESTART_BYTES / frameBytes);
  db.native.pragma(`journal_size_limit = ${2 * restartFrames * frameBytes}`);
  const module = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(source, { eval: true, workerData: { path: db.file, everyMs, restartFrames, retryMs, module } });
  worker.unref();
  let stopping = false;
  /** The worker's next message, or its end. */
  const reply = () => new Promise<void>((resolve) => {
    const done = () => (worker.off('message', done), worker.off('exit', done), resolve());
    worker.on('message', done).on('exit', done);
  });
  worker.on('message', (m) => {
    if (m !== 'restart' || stopping) return;
    void db.hold(() => {
      const restarted = reply();
      worker.postMessage('held');
      return restarted;
    });
  });
  return async () => {
    stopping = true;
    worker.ref(); // keep the process up until the worker has finished its last checkpoint
    const exited = once(worker, 'exit');
    worker.postMessage('stop');
    await exited;
  };
}
