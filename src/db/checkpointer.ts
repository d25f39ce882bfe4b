// WAL checkpoints off the request path. A checkpoint copies the write-ahead log into the database file and syncs
// it; done by the connection that commits, it stalls that request (and every other) for milliseconds. The server's
// connection therefore never checkpoints (wal_autocheckpoint = 0): a worker thread with its own connection does,
// every second, PASSIVE (it never blocks a writer).
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { SqliteDb } from './engines/sqlite.js';

const source = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
const db = new Database(workerData.path);
db.pragma('busy_timeout = 5000');
const timer = setInterval(() => { try { db.pragma('wal_checkpoint(PASSIVE)'); } catch {} }, workerData.everyMs);
parentPort.once('message', () => { clearInterval(timer); db.pragma('wal_checkpoint(PASSIVE)'); db.close(); parentPort.close(); });
`;

/** Starts checkpointing `db` in the background; returns how to stop it. */
export function checkpointInBackground(db: SqliteDb, everyMs = 1000): () => Promise<void> {
  db.native.pragma('wal_autocheckpoint = 0');
  const module = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(source, { eval: true, workerData: { path: db.file, everyMs, module } });
  worker.unref();
  return async () => {
    worker.ref(); // keep the process up until the worker has finished its last checkpoint
    const exited = once(worker, 'exit');
    worker.postMessage('stop');
    await exited;
  };
}
