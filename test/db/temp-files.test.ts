// SQLite keeps its temporary data in memory (src/db/engines/sqlite.ts, temp_store): above all the undo copy a
// statement keeps of the pages it changes. Past 64 KiB SQLite would write that copy to a file in /var/tmp, and once the
// tables hold some thousands of rows most groups of sales get there: the file is then made, written page by page (some
// 300 writes for 20 sales) and deleted, with pages of customers' rows in it.
import { readdirSync, readlinkSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { createShop, engine, saleBody, testStore } from '../helpers.js';
import { readSale } from '../../src/http/sale-schema.js';

/** Watches this process's open files from another thread (the event loop is busy with the sales): SQLite's temporary files seen. */
function watchTempFiles() {
  const worker = new Worker(
    `const { readdirSync, readlinkSync } = require('node:fs');
     const { parentPort } = require('node:worker_threads');
     const seen = new Set();
     let stop = false;
     parentPort.on('message', () => { stop = true; });
     const look = () => {
       for (const fd of readdirSync('/proc/self/fd')) {
         try { const target = readlinkSync('/proc/self/fd/' + fd); if (target.includes('etilqs_')) seen.add(target); } catch {}
       }
       if (stop) parentPort.postMessage([...seen]); else setImmediate(look);
     };
     look();`,
    { eval: true },
  );
  return async (): Promise<string[]> => {
    const seen = new Promise<string[]>((resolve) => worker.once('message', resolve));
    worker.postMessage('stop');
    const files = await seen;
    await worker.terminate();
    return files;
  };
}

const canWatch = (() => {
  try {
    return readdirSync('/proc/self/fd').some((fd) => readlinkSync(`/proc/self/fd/${fd}`).length > 0);
  } catch {
    return false;
  }
})();

describe.skipIf(engine === 'postgres' || !canWatch)('SQLite\'s temporary data', () => {
  it('stays in memory: groups of sales open no temporary file', async () => {
    const store = await testStore();
    const { shop } = await createShop(store);
    const stop = watchTempFiles();
    let n = 0;
    for (let group = 0; group < 60; group++) {
      // Forty sales asked for at once share one transaction (group commit).
      await Promise.all(Array.from({ length: 40 }, async () => {
        n++;
        const read = readSale(saleBody({ id: `s-${n}`, occurredAt: new Date().toISOString(), customer: { name: `Klant ${n}`, phone: `06 3${String(n).padStart(7, '0')}`, consent: { sms: true } } }), 'NL', Date.now());
        if (!read.ok) throw new Error('the sale should be valid');
        expect((await store.sales.record(shop, read.sale, Date.now(), { warnings: read.warnings })).outcome).toBe('created');
      }));
    }
    expect(await stop()).toEqual([]);
  });
});
