// The HTTP under the twilio client: node's own http(s) with a pool of kept-alive connections, given to the client as
// its `httpClient` (twilio-node's documented way to bring one's own). Its own (axios, which merges a copy of its
// config for every request) made the twilio client 36% of the dispatcher's CPU; with this one, 20%, and a message
// costs 506-537 µs of CPU instead of 834-866 (bench/dispatch.ts --only twilio, alternating runs, 2 December).
// It keeps what the channel relies on: no retries and no redirects (we retry on our own schedule), one deadline for
// the whole exchange, and on a failure without an answer the request itself (`err.request`), which tells "never
// reached Twilio" from "in doubt". As twilio-node's own client: HTTP_PROXY, TWILIO_CA_BUNDLE.
import http from 'node:http';
import https from 'node:https';
import type { RequestClient } from 'twilio';
import createHttpsProxyAgent from 'https-proxy-agent';

export interface TwilioHttpOptions {
  /** The whole exchange, from its turn to go (see IN_FLIGHT) to the answer's last byte. */
  timeoutMs: number;
  /** Certificates to trust instead of the system's (a PEM bundle), for a TLS-inspecting proxy. */
  ca?: Buffer | undefined;
  /** An HTTP proxy the https requests tunnel through (CONNECT), e.g. http://proxy.internal:3128. */
  proxy?: string | undefined;
}

/** What twilio-node hands its HTTP client (lib/base/BaseTwilio.js: request). */
interface TwilioRequest {
  method: string;
  uri: string;
  username?: string;
  password?: string;
  authStrategy?: { getAuthString(): Promise<string> };
  headers?: Record<string, string>;
  params?: Record<string, unknown>;
  data?: Record<string, unknown>;
}

interface TwilioResponse {
  statusCode: number;
  body: string;
  headers: http.IncomingHttpHeaders;
}

/** Form fields as twilio-node's own client writes them: a list as the key repeated, undefined left out. */
function form(fields: Record<string, unknown>): string {
  const out = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) if (x !== undefined) out.append(k, String(x));
  return out.toString();
}

/**
 * Requests in flight at most, and connections kept open for the next (twilio-node keeps 5 of its 20, so every batch
 * opened 15 again, each a TLS handshake). The dispatcher claims messages two batches at a time (src/queue/attempt.ts
 * MESSAGE_CLAIM): what is asked for beyond these waits, in order, for the next free one, in the SMS channel (sms.ts,
 * where a send looks at its claim once it has its turn). Its deadline starts once it goes, here, so that a wait behind
 * slow answers is not taken for Twilio's own silence. And Twilio answers 429
 * (error 20429) to an account that makes too many requests at once: a dispatcher never makes more than these.
 */
export const IN_FLIGHT = 32;

export function twilioHttp(o: TwilioHttpOptions): RequestClient {
  const pool = { keepAlive: true, maxSockets: IN_FLIGHT, maxFreeSockets: IN_FLIGHT, ...(o.ca && { ca: o.ca }) };
  // agent-base's Agent, which node's http takes as one (its types do not say so).
  const tunnel = o.proxy ? (createHttpsProxyAgent(o.proxy) as unknown as http.Agent) : undefined;
  // As twilio-node: the proxy for https only (plain http is a stand-in on this machine, in tests and benches).
  const agents = { 'http:': new http.Agent(pool), 'https:': tunnel ?? new https.Agent(pool) };

  // IN_FLIGHT exchanges at most come down here: the SMS channel (sms.ts) gives each request its turn first.
  async function request(r: TwilioRequest): Promise<TwilioResponse> {
    const url = new URL(r.uri);
    if (r.params) url.search = form(r.params);
    const body = r.data ? form(r.data) : undefined;
    const headers: http.OutgoingHttpHeaders = { ...r.headers };
    if (r.username && r.password) headers.Authorization = `Basic ${Buffer.from(`${r.username}:${r.password}`).toString('base64')}`;
    else if (r.authStrategy) headers.Authorization = await r.authStrategy.getAuthString();
    if (body !== undefined) headers['Content-Length'] = Buffer.byteLength(body);
    const tls = url.protocol === 'https:';
    return new Promise((resolve, reject) => {
      // A tunnel's TLS is made by the proxy agent, from these options: the CA bundle rides along.
      const req = (tls ? https : http).request(url, { method: r.method.toUpperCase(), headers, agent: agents[tls ? 'https:' : 'http:'], ...(tunnel && o.ca && { ca: o.ca }) });
      const fail = (err: Error) => reject(Object.assign(err, { request: req }));
      const deadline = setTimeout(() => req.destroy(Object.assign(new Error(`no answer within ${o.timeoutMs / 1000} s`), { code: 'ETIMEDOUT' })), o.timeoutMs);
      req.on('error', (err) => (clearTimeout(deadline), fail(err)));
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          clearTimeout(deadline);
          resolve({ statusCode: res.statusCode!, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers });
        });
        res.on('error', (err) => (clearTimeout(deadline), fail(err)));
      });
      req.end(body);
    });
  }
  // Only request() is called by the REST resources; the rest of RequestClient is axios's.
  return { request } as unknown as RequestClient;
}
