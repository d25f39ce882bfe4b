// The HTTP server's own limits: how long a client may take to send its request. Without them, a client that sends
// its headers a byte a minute (slowloris) keeps a connection, and memory, for as long as it likes. And the classes it
// makes each request and response from: express's own, so that express need not change them (see expressClasses).
import { IncomingMessage, type Server, ServerResponse, createServer } from 'node:http';
import type { Express } from 'express';

export interface ServerLimits {
  /** Time to send the request's headers: a till or a phone needs milliseconds. */
  headersTimeoutMs: number;
  /** Time to send the whole request, body included (a large vendor webhook on a slow line). */
  requestTimeoutMs: number;
  /** An idle keep-alive connection is closed after this (behind a proxy, keep it above the proxy's idle timeout). */
  keepAliveTimeoutMs: number;
}

export const SERVER_LIMITS: ServerLimits = { headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, keepAliveTimeoutMs: 65_000 };

type Classes = { IncomingMessage: typeof IncomingMessage; ServerResponse: typeof ServerResponse };
const made = new WeakMap<Express, Classes>();

/** A subclass of `base` carrying every property of `proto`'s prototype chain down to `base.prototype`. */
function carrying<T extends typeof IncomingMessage | typeof ServerResponse>(base: T, proto: object): T {
  const chain: object[] = [];
  for (let p: object | null = proto; p !== base.prototype; p = Object.getPrototypeOf(p)) {
    if (p === null) throw new Error(`express's ${base.name} methods are not on a ${base.name}`);
    chain.unshift(p);
  }
  const Made = class extends (base as typeof IncomingMessage) {} as unknown as T;
  for (const p of chain) Object.defineProperties(Made.prototype, Object.getOwnPropertyDescriptors(p));
  return Made;
}

/**
 * Request and response classes for node's HTTP server with the app's express methods (`req.get`, `res.status`, …)
 * already on their prototypes, which then become the app's `request` and `response`. Express gives every request and
 * response those methods by swapping the object's prototype (`Object.setPrototypeOf` in `app.handle`), and V8 runs an
 * object whose prototype changed after it was made on slow paths, in node's own HTTP code as much as in ours: an
 * express app with helmet and express.raw took 216 µs of CPU a request, 66 µs with these classes (bench/ingest.ts
 * runs its bare handler both ways; the issue is nodejs/node#37457 and expressjs/express#5998). Born with the right
 * prototype, the swap changes nothing.
 */
export function expressClasses(app: Express): Classes {
  let classes = made.get(app);
  if (!classes) {
    classes = { IncomingMessage: carrying(IncomingMessage, app.request), ServerResponse: carrying(ServerResponse, app.response) };
    app.request = classes.IncomingMessage.prototype as Express['request'];
    app.response = classes.ServerResponse.prototype as Express['response'];
    made.set(app, classes);
  }
  return classes;
}

/** Listens on `port` (and `host`, all interfaces by default) with the limits above; resolves once listening. */
export function serve(app: Express, port: number, limits: ServerLimits = SERVER_LIMITS, host?: string): Promise<Server> {
  const server = createServer(
    {
      ...expressClasses(app),
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      // How often node looks for requests past those limits (its default, 30 s, would let them run that much longer).
      connectionsCheckingInterval: Math.min(1000, limits.headersTimeoutMs / 2),
    },
    app,
  );
  return new Promise((ready, fail) => {
    server.once('error', fail).listen(port, host, () => ready(server));
  });
}
