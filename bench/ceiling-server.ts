// What the rest of nextdeal allows, for bench/ingest.ts --ceiling: the real server (dist/, wired as src/main.ts wires
// it: config, the reply reader, the SQLite file and its checkpointer, metrics, the dispatcher's templates and channels,
// the whole express app with its guards, signature check and validation) except that a sale is answered without being
// written: `store.sales.record` computes the sale's fingerprint (pure CPU, as the real one does) and answers 201. No
// minute clock (the dispatcher would find nothing to do). So the distance between this server and the real one is what
// writing a sale costs, and this one's distance from the bare handler is what no database could win back.
// Plain JavaScript in a .ts file, so bench/ingest.ts runs it with plain node (no tsx loader in its memory), copied as
// ceiling-server.mjs, with the environment of the real server and ROOT, the repository:
//
//   cp bench/ceiling-server.ts /tmp/c.mjs && ROOT=$PWD PORT=3000 DATABASE_PATH=/tmp/x.db node /tmp/c.mjs
const dist = `${process.env.ROOT}/dist`;
const { loadConfig } = await import(`${dist}/config.js`);
const { createLogger } = await import(`${dist}/log.js`);
const { prepareReader } = await import(`${dist}/domain/classify.js`);
const { openDatabase } = await import(`${dist}/db/open.js`);
const { checkpointInBackground } = await import(`${dist}/db/checkpointer.js`);
const { createStore } = await import(`${dist}/db/store.js`);
const { fingerprint, fingerprintKey } = await import(`${dist}/db/fingerprint.js`);
const { createMetrics } = await import(`${dist}/metrics.js`);
const { configuredDispatcher } = await import(`${dist}/queue/dispatcher.js`);
const { createApp } = await import(`${dist}/http/app.js`);
const { serve } = await import(`${dist}/http/server.js`);

const config = loadConfig();
const log = createLogger(config.LOG_LEVEL);
prepareReader();
const db = await openDatabase({ path: config.DATABASE_PATH });
const stopCheckpoints = checkpointInBackground(db);
const store = createStore(db);
const key = await fingerprintKey(db);
let saleId = 0;
store.sales.record = async function () {
  fingerprint(key, arguments[1]); // (shop, sale, now, options): plain JavaScript, so no parameter list to type
  await null;
  return { outcome: 'created', response: { saleId: ++saleId, checkin: 'scheduled' } };
};
const metrics = createMetrics();
metrics.watch(store, Date.now);
const { templates, close } = configuredDispatcher(config, store, log, metrics);
const app = createApp({
  store, templates, log, now: Date.now, publicUrl: config.PUBLIC_URL, twilioAuthToken: config.TWILIO_AUTH_TOKEN,
  wake: () => {}, metrics, metricsToken: config.METRICS_TOKEN, trustProxy: config.TRUST_PROXY,
});
const server = await serve(app, config.PORT);
process.on('SIGTERM', () => {
  server.close(async () => {
    await close();
    await stopCheckpoints();
    await db.close();
    process.exit(0);
  });
  server.closeIdleConnections();
});
