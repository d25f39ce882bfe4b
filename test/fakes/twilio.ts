// A local HTTP server standing in for Twilio's REST API: it records Messages.json calls and answers as Twilio does.
import { readFileSync } from 'node:fs';
import { type IncomingMessage, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { onCleanup } from '../helpers.js';

export const ACCOUNT_SID = 'AC' + 'a'.repeat(32);
export const AUTH_TOKEN = 'test-auth-token';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/vendor/${name}`, import.meta.url), 'utf8');
/** Twilio's documented 201 answer to a Messages create call (twilio-node's own integration spec). */
export const createdResponse = JSON.parse(fixture('twilio-messages-create-response.json'));
export const error21211 = fixture('twilio-error-21211.json');
export const error21610 = fixture('twilio-error-21610.json');

export interface TwilioCall {
  path: string;
  authorization: string | undefined;
  form: Record<string, string>;
}

export interface TwilioFake {
  baseUrl: string;
  calls: TwilioCall[];
  /** The next calls are answered with this status and body instead of 201. */
  answerNext(status: number, body: string): void;
  /** The next call gets no answer at all: the connection is dropped. */
  dropNext(): void;
}

const read = (req: IncomingMessage) =>
  new Promise<string>((ok) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => ok(body));
  });

export async function startTwilio(): Promise<TwilioFake> {
  const calls: TwilioCall[] = [];
  const answers: ({ status: number; body: string } | 'drop')[] = [];
  let sids = 0;
  const server = createServer(async (req, res) => {
    const form = Object.fromEntries(new URLSearchParams(await read(req)));
    calls.push({ path: req.url ?? '', authorization: req.headers.authorization, form });
    const answer = answers.shift();
    if (answer === 'drop') return void req.socket.destroy();
    res.setHeader('content-type', 'application/json');
    if (answer) return void res.writeHead(answer.status).end(answer.body);
    const sid = `SM${String(++sids).padStart(32, '0')}`;
    res.writeHead(201).end(JSON.stringify({ ...createdResponse, sid, to: form.To, from: form.From ?? null, body: form.Body, status: 'queued' }));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  onCleanup(() => new Promise<void>((done) => server.close(() => done())));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    answerNext: (status, body) => void answers.push({ status, body }),
    dropNext: () => void answers.push('drop'),
  };
}
