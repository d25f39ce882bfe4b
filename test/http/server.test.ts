// The server's own limits and the start-up checks of PUBLIC_URL.
import { connect } from 'node:net';
import express from 'express';
import { describe, expect, it } from 'vitest';
import { ConfigError, configWarnings, loadConfig } from '../../src/config.js';
import { SERVER_LIMITS, serve } from '../../src/http/server.js';
import { onCleanup } from '../helpers.js';

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
});

describe('PUBLIC_URL', () => {
  it('refuses a query string or a fragment, which would end up in the middle of every link', () => {
    for (const bad of ['https://deals.example.nl/?shop=1', 'https://deals.example.nl/#x']) {
      expect(() => loadConfig({ PUBLIC_URL: bad })).toThrow(ConfigError);
      expect(() => loadConfig({ PUBLIC_URL: bad })).toThrow(/PUBLIC_URL: expected a base URL without a query/);
    }
  });

  it('warns at start-up when it is not https, unless it is this machine', () => {
    expect(configWarnings(loadConfig({ PUBLIC_URL: 'http://deals.example.nl' }))).toEqual([expect.stringMatching(/^PUBLIC_URL is not https .*RFC 8058/)]);
    for (const fine of ['https://deals.example.nl', 'http://localhost:3000', 'http://127.0.0.1:3000']) expect(configWarnings(loadConfig({ PUBLIC_URL: fine }))).toEqual([]);
    expect(configWarnings(loadConfig({}))).toEqual([]);
  });
});
