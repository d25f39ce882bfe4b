// The baseline for bench/ingest.ts: a bare express app that reads the JSON body with express.json() (which reads
// the bytes and JSON.parses them, as the real webhook does with express.raw + JSON.parse) and answers 201 `{}` to
// any POST. No security headers, no request log, no auth, no database: what express on this machine does at best.
// With CLASSES=1, node's server makes its requests and responses from the classes nextdeal's server gives it (express's
// methods on them already, so express does not swap their prototypes: src/http/server.ts, expressClasses; needs
// dist/): the same handler without that cost of stock express, for comparison.
// Plain JavaScript in a .ts file, so bench/ingest.ts runs it with plain node (no tsx loader in its memory):
//
//   node --input-type=module -e "$(cat bench/bare-server.ts)"   # from the repository; prints "listening <port>"
import { createServer } from 'node:http';
import express from 'express';

const app = express();
app.disable('x-powered-by');
app.post('/{*path}', express.json({ limit: '64kb' }), (_req, res) => {
  res.status(201).json({});
});
const classes = process.env.CLASSES === '1' ? (await import(`${process.cwd()}/dist/http/server.js`)).expressClasses(app) : {};
const server = createServer(classes, app).listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const address = server.address();
  console.log(`listening ${typeof address === 'object' && address ? address.port : process.env.PORT}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
