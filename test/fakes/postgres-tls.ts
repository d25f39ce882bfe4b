// A loopback server that answers a PostgreSQL client's first request, the SSLRequest, as a server would, and no
// more: `tls`, "S" and a TLS handshake with a self-signed certificate (the Twilio stand-in's, made out to 127.0.0.1
// only); `plain`, "N", as a server without TLS. What node-postgres makes of that is all a test of the TLS failures
// needs: no PostgreSQL with TLS is at hand.
import { readFileSync } from 'node:fs';
import { type AddressInfo, type Socket, createServer } from 'node:net';
import { TLSSocket } from 'node:tls';
import { onCleanup } from '../helpers.js';
import { standInCertificate } from './twilio.js';

const cert = readFileSync(standInCertificate);
const key = readFileSync(new URL('../fixtures/tls/twilio-standin.key', import.meta.url));

/** Starts one; its port. Closed when the test ends. */
export async function sslRequestAnswerer(answer: 'tls' | 'plain'): Promise<number> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    socket.once('data', () => {
      if (answer === 'plain') return void socket.end('N');
      socket.write('S');
      new TLSSocket(socket, { isServer: true, cert, key }).on('error', () => {});
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onCleanup(() => {
    for (const s of sockets) s.destroy();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return (server.address() as AddressInfo).port;
}
