// A till vendor's REST API on a loopback port: records each request and answers as the test says.
import { type IncomingHttpHeaders, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { onCleanup } from '../helpers.js';

export async function fakeVendorApi(answer: (path: string) => { status: number; body?: unknown }) {
  const requests: { path: string; headers: IncomingHttpHeaders }[] = [];
  const server = createServer((req, res) => {
    requests.push({ path: req.url ?? '', headers: req.headers });
    const { status, body } = answer(req.url ?? '');
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body ?? {}));
  }).listen(0, '127.0.0.1');
  await new Promise((ok) => server.once('listening', ok));
  onCleanup(() => new Promise<void>((done) => server.close(() => done())));
  /** Path and bearer token of each request, in order. */
  const calls = () => requests.map((r) => ({ path: r.path, authorization: r.headers.authorization }));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests, calls };
}
