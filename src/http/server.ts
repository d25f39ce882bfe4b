// The HTTP server's own limits: how long a client may take to send its request. Without them, a client that sends
// its headers a byte a minute (slowloris) keeps a connection, and memory, for as long as it likes.
import { type Server, createServer } from 'node:http';
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

/** Listens on `port` (and `host`, all interfaces by default) with the limits above; resolves once listening. */
export function serve(app: Express, port: number, limits: ServerLimits = SERVER_LIMITS, host?: string): Promise<Server> {
  const server = createServer(
    {
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
