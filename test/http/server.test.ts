// The server's own limits, the classes it makes requests and responses from, and the start-up checks of PUBLIC_URL.
import { IncomingMessage, ServerResponse } from 'node:http';
import { connect } from 'node:net';
import express from 'express';
import { describe, expect, it } from 'vitest';
import { ConfigError, configWarnings, loadConfig } from '../../src/config.js';
import { SERVER_LIMITS, serve } from '../../src/http/server.js';
import { createLogger } from '../../src/log.js';
import { onCleanup, startApp, testStore } from '../helpers.js';

describe('the HTTP server', () => {
  it('has limits on how long a request may take, and a client sending its headers too slowly is cut off', async () => {
    expect(SERVER_LIMITS).toEqual({ headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, keepAliveTimeoutMs: 65_000 });
    const app = express().get('/', (_req, res) => void res.send('ok'));
    const server = await serve(app, 0, { headersTimeoutMs: 300, requestTimeoutMs: 600, keepAliveTimeoutMs: 1000 }, '127.0.0.1');
    onCleanup(() => new Promise<void>((done) => (server.closeAllConnections(), server.close(() => done()))));
    const { port } = server.address() as { port: number };
    const socket = connect(port, '127.0.0.1');
    socket.write('GET / HTTP/1.1\r\nHost: x\r\n'); // and then nothing more: a slowloris client
    const answer = await new Promise<string>((done) => {
      let text = '';
      socket.on('data', (d) => (text += d));
      socket.on('close', () => done(text));
    });
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
  });

  it("makes requests and responses with express's methods on them already, so that express never swaps their prototype", async () => {
    const app = express();
    const { request, response } = app;
    const seen: unknown[] = [];
    app.get('/:name', (req, res) => {
      // What express's swap would leave: the app's request and response; here they are the classes the server made.
      seen.push(Object.getPrototypeOf(req) === app.request, Object.getPrototypeOf(app.request) === IncomingMessage.prototype);
      seen.push(Object.getPrototypeOf(res) === app.response, Object.getPrototypeOf(app.response) === ServerResponse.prototype);
      seen.push(req.constructor !== IncomingMessage && req instanceof IncomingMessage, res.constructor !== ServerResponse);
      res.status(202).set('X-Seen', `${req.params.name} ${req.get('x-till')} ${req.query.q} ${req.path} ${req.ip} ${req.app === app}`).json({ ok: true });
    });
    const server = await serve(app, 0, SERVER_LIMITS, '127.0.0.1');
    onCleanup(() => new Promise<void>((done) => server.close(() => done())));
    const answer = await fetch(`http://127.0.0.1:${(server.address() as { port: number }).port}/kassa?q=1`, { headers: { 'x-till': 'T1' } });
    expect(answer.status).toBe(202);
    expect(answer.headers.get('x-seen')).toBe('kassa T1 1 /kassa 127.0.0.1 true');
    expect(await answer.json()).toEqual({ ok: true });
    expect(seen).toEqual([true, true, true, true, true, true]);
    // Express's methods came over whole, from its own request and response (and the app they belong to).
    for (const name of ['get', 'is', 'ip', 'path', 'query', 'app']) expect(name in app.request && name in request).toBe(true);
    for (const name of ['status', 'json', 'set', 'cookie', 'redirect', 'app']) expect(name in app.response && name in response).toBe(true);
  });
});

// Behind a proxy with TRUST_PROXY unset, every client has the proxy's address, and a guesser's slowed logins slow the
// owner's too. Nothing said so (the operator-side review).
describe('TRUST_PROXY', () => {
  it('is asked for in the log, once, when a request comes through a proxy while it is not set', async () => {
    const logs: string[] = [];
    const log = createLogger('warn', { write: (s) => void logs.push(s) });
    for (const trustProxy of [0, 1]) {
      const base = await startApp(await testStore(), Date.now, { log, trustProxy });
      for (let n = 0; n < 2; n++) await fetch(`${base}/login`, { headers: { 'x-forwarded-for': '203.0.113.7' } });
      await fetch(`${base}/login`);
    }
    expect(logs.filter((l) => l.includes('TRUST_PROXY is not set'))).toHaveLength(1);
  });
});

describe('PUBLIC_URL', () => {
  it('refuses a query string or a fragment, which would end up in the middle of every link', () => {
    for (const bad of ['https://deals.example.nl/?shop=1', 'https://deals.example.nl/#x']) {
      expect(() => loadConfig({ PUBLIC_URL: bad })).toThrow(ConfigError);
      expect(() => loadConfig({ PUBLIC_URL: bad })).toThrow(/PUBLIC_URL: expected a base URL without a query/);
    }
  });

  it('warns at start-up when it is not https, unless it is this machine, and when real messages would link to this machine', () => {
    expect(configWarnings(loadConfig({ PUBLIC_URL: 'http://deals.example.nl' }))).toEqual([expect.stringMatching(/^PUBLIC_URL is not https .*RFC 8058/)]);
    for (const fine of ['https://deals.example.nl', 'http://localhost:3000', 'http://127.0.0.1:3000']) expect(configWarnings(loadConfig({ PUBLIC_URL: fine }))).toEqual([]);
    expect(configWarnings(loadConfig({}))).toEqual([]);
    // Real messages with links to this machine: named, whichever channel sends them.
    const twilio = { TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}`, TWILIO_AUTH_TOKEN: 'token', TWILIO_FROM: '+31970100000' };
    const from = { EMAIL_FROM: 'winkel@deals.example.nl' };
    expect(configWarnings(loadConfig({ ...from, SMTP_URL: 'smtp://mail.example.nl:587' }))).toEqual([
      'PUBLIC_URL is http://localhost:3000, this machine, while SMTP sends real messages: their unsubscribe and reply links would point there; set PUBLIC_URL to the https address customers reach nextdeal at',
    ]);
    expect(configWarnings(loadConfig({ ...twilio, PUBLIC_URL: 'http://127.0.0.1:3000' }))).toEqual([expect.stringMatching(/^PUBLIC_URL is http:\/\/127\.0\.0\.1:3000, this machine, while Twilio sends real messages: .*Twilio's callbacks/)]);
    expect(configWarnings(loadConfig({ ...twilio, ...from, SMTP_URL: 'smtp://mail.example.nl:587', PUBLIC_URL: 'https://deals.example.nl' }))).toEqual([]);
    // docker-compose's Mailpit catches the e-mail: nothing real goes out, so its links may point here; but nothing
    // reaches a customer or an owner either, which the operator is told. A local postfix may relay to the world.
    expect(configWarnings(loadConfig({ SMTP_URL: 'smtp://mailpit:1025' }))).toEqual([
      'SMTP_URL is mailpit, a mail catcher: it keeps every e-mail and delivers none, to customers or to owners; set SMTP_URL to your mail server to send for real',
    ]);
    expect(configWarnings(loadConfig({ ...from, SMTP_URL: 'smtp://127.0.0.1:25' }))).toEqual([expect.stringMatching(/while SMTP sends real messages/)]);
  });
});
