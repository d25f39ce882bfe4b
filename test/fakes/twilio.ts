// A local HTTP server standing in for Twilio's REST API: it records Messages.json calls and answers as Twilio does,
// keeps the messages it created so the Messages list (GET, filtered by To and From) returns them, and can misbehave
// the ways a provider does: an error answer, a dropped connection, or a request taken and never answered. It answers
// the account's own GET (/2010-04-01/Accounts/{AccountSid}.json, what nextdeal asks at start) as Twilio does: 401
// (Twilio 20003) unless asked with ACCOUNT_SID and AUTH_TOKEN, else the account, `active` unless told otherwise. Over plain
// HTTP, or over TLS with a certificate of its own (`tls: true`) that only TWILIO_CA_BUNDLE=standInCertificate trusts.
import { readFileSync } from 'node:fs';
import { type IncomingMessage, type RequestListener, createServer } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { onCleanup } from '../helpers.js';

export const ACCOUNT_SID = 'AC' + 'a'.repeat(32);
export const AUTH_TOKEN = 'test-auth-token';
/** nextdeal's settings for this account, its REST API at `baseUrl` (a stand-in's). */
export const twilioAccount = (baseUrl: string) => ({ TWILIO_ACCOUNT_SID: ACCOUNT_SID, TWILIO_AUTH_TOKEN: AUTH_TOKEN, TWILIO_FROM: '+15005550006', TWILIO_API_BASE_URL: baseUrl });

const fixture = (name: string) => readFileSync(new URL(`../fixtures/vendor/${name}`, import.meta.url), 'utf8');
/** Twilio's documented 201 answer to a Messages create call (twilio-node's own integration spec). */
export const createdResponse = JSON.parse(fixture('twilio-messages-create-response.json'));
export const error21211 = fixture('twilio-error-21211.json');
export const error21610 = fixture('twilio-error-21610.json');
/** The TLS stand-in's certificate (self-signed for 127.0.0.1, valid 2000-2126; its key is in the same folder, for tests only). */
export const standInCertificate = new URL('../fixtures/tls/twilio-standin.pem', import.meta.url).pathname;
const standInKey = new URL('../fixtures/tls/twilio-standin.key', import.meta.url).pathname;

export interface TwilioCall {
  method: string;
  path: string;
  authorization: string | undefined;
  form: Record<string, string>;
}

/**
 * What the next create call meets: an answer with this status and body; `drop`: the connection is reset once the
 * request is read, nothing created; `silent`: read and never answered, nothing created; `acceptSilently`: the
 * message is created (it will go out) and never answered; `acceptThenDrop`: created, then the connection is reset.
 */
type Next = { status: number; body: string } | 'drop' | 'silent' | 'acceptSilently' | 'acceptThenDrop' | Late;
/**
 * An answer that comes late: the request is read (and, with `created`, the message created: it goes out), and nothing
 * is answered until `after` settles; then `answer`: this status and body, `drop`, the connection reset, or `created`,
 * Twilio's 201 with the message (created then, if it was not with `created`: Twilio's list did not have it before).
 */
export interface Late {
  after: Promise<unknown>;
  created: boolean;
  answer: { status: number; body: string } | 'drop' | 'created';
}

export interface TwilioFake {
  baseUrl: string;
  /** Every call, the list calls (GET) included. */
  calls: TwilioCall[];
  /** Connections opened to it (for TLS: handshakes done). */
  connections(): number;
  /** The most requests it had at once, read and not yet answered. */
  mostAtOnce(): number;
  /** Messages Twilio created: these go out to the phone. */
  created: Record<string, unknown>[];
  answerNext(status: number, body: string): void;
  /** The next create call gets no answer at all: the connection is dropped after the request was read. */
  dropNext(): void;
  next(...what: Next[]): void;
  /**
   * What the account's GET meets from now on: the account with this status (`active`, `suspended`, `closed`), an
   * active trial account (`trial`), this answer, or `silent`, read and never answered. A wrong SID or token is refused
   * whatever this says.
   */
  account(answer: 'active' | 'suspended' | 'closed' | 'trial' | 'silent' | { status: number; body: string }): void;
}

/** Twilio's answer to a wrong account SID or auth token (error 20003; its wording as twilio-node's users quote it). */
export const error20003 = JSON.stringify({ code: 20003, detail: 'Your AccountSid or AuthToken was incorrect.', message: 'Authenticate', more_info: 'https://www.twilio.com/docs/errors/20003', status: 401 });

/**
 * Twilio's answer to Twilio's test credentials on any resource but the few they may use (error 20008, 403: its error
 * page, https://www.twilio.com/docs/errors/20008, and https://www.twilio.com/docs/iam/test-credentials): the account's GET.
 */
export const error20008 = JSON.stringify({ code: 20008, message: 'Resource not accessible with Test Account Credentials', more_info: 'https://www.twilio.com/docs/errors/20008', status: 403 });

/** The account's JSON as Twilio's Accounts resource gives it (twilio-node's AccountInstance): its auth token included. */
const accountJson = (status: string, type = 'Full') => ({
  auth_token: AUTH_TOKEN,
  date_created: 'Sun, 15 Mar 2015 02:08:47 +0000',
  date_updated: 'Wed, 25 Aug 2021 20:40:05 +0000',
  friendly_name: 'Fietsenmaker',
  owner_account_sid: ACCOUNT_SID,
  sid: ACCOUNT_SID,
  status,
  subresource_uris: {},
  type,
  uri: `/2010-04-01/Accounts/${ACCOUNT_SID}.json`,
});

const read = (req: IncomingMessage) =>
  new Promise<string>((ok) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => ok(body));
  });

/**
 * `now`: the clock Twilio stamps its messages with (the test's clock); `tls`: https, with the stand-in's certificate;
 * `answerAfterMs`: each message created is answered that long after its request was read; `held`: only once it settles.
 */
export async function startTwilio({ now = Date.now, tls = false, answerAfterMs = 0, held }: { now?: () => number; tls?: boolean; answerAfterMs?: number; held?: Promise<unknown> } = {}): Promise<TwilioFake> {
  const calls: TwilioCall[] = [];
  const created: Record<string, unknown>[] = [];
  const answers: Next[] = [];
  const hanging = new Set<IncomingMessage>();
  let account: Parameters<TwilioFake['account']>[0] = 'active';
  const login = `Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64')}`;
  let sids = 0;
  const create = (form: Record<string, string>) => {
    const at = new Date(now()).toUTCString().replace('GMT', '+0000');
    const message = {
      ...createdResponse,
      sid: `SM${String(++sids).padStart(32, '0')}`,
      to: form.To,
      from: form.From ?? null,
      messaging_service_sid: form.MessagingServiceSid ?? null,
      body: form.Body,
      status: 'queued',
      date_created: at,
      date_updated: at,
      date_sent: null, // as Twilio's: a message waiting in its queue has not been sent (nor has one still being sent)
    };
    created.push(message);
    return message;
  };
  let atOnce = 0, mostAtOnce = 0;
  const handle: RequestListener = async (req, res) => {
    mostAtOnce = Math.max(mostAtOnce, ++atOnce);
    res.on('close', () => void atOnce--);
    const url = new URL(req.url ?? '/', 'http://x');
    const form = req.method === 'GET' ? Object.fromEntries(url.searchParams) : Object.fromEntries(new URLSearchParams(await read(req)));
    calls.push({ method: req.method ?? '', path: url.pathname, authorization: req.headers.authorization, form });
    res.setHeader('content-type', 'application/json');
    if (req.method === 'GET' && /^\/2010-04-01\/Accounts\/[^/]+\.json$/.test(url.pathname)) {
      if (req.headers.authorization !== login) return void res.writeHead(401).end(error20003);
      if (account === 'silent') return void hanging.add(req);
      if (typeof account === 'object') return void res.writeHead(account.status).end(account.body);
      return void res.writeHead(200).end(JSON.stringify(account === 'trial' ? accountJson('active', 'Trial') : accountJson(account)));
    }
    if (req.method === 'GET') {
      // The Messages list, newest first, filtered as Twilio filters it (DateSent> is on or after that day, and leaves
      // out a message not sent yet).
      const sentSince = (m: Record<string, unknown>) =>
        !form['DateSent>'] || (m.date_sent !== null && Date.parse(String(m.date_sent)) >= Date.parse(form['DateSent>'].slice(0, 10)));
      const messages = created
        .filter((m) => (!form.To || m.to === form.To) && (!form.From || m.from === form.From) && sentSince(m))
        .reverse();
      return void res.writeHead(200).end(JSON.stringify({ messages, next_page_uri: null, page: 0, page_size: 100, start: 0, end: messages.length, uri: url.pathname }));
    }
    const answer = answers.shift();
    if (answer === 'drop') return void req.socket.destroy();
    if (answer === 'silent') return void hanging.add(req);
    if (answer === 'acceptSilently') return void (create(form), hanging.add(req));
    if (answer === 'acceptThenDrop') return void (create(form), req.socket.destroy());
    if (answer && 'after' in answer) {
      const made = answer.created ? create(form) : null;
      await answer.after;
      if (answer.answer === 'created') return void res.writeHead(201).end(JSON.stringify(made ?? create(form)));
      return void (answer.answer === 'drop' ? req.socket.destroy() : res.writeHead(answer.answer.status).end(answer.answer.body));
    }
    if (answer) return void res.writeHead(answer.status).end(answer.body);
    const message = create(form);
    if (answerAfterMs > 0) await new Promise((r) => setTimeout(r, answerAfterMs));
    await held;
    res.writeHead(201).end(JSON.stringify(message));
  };
  const server = tls ? createTlsServer({ key: readFileSync(standInKey), cert: readFileSync(standInCertificate) }, handle) : createServer(handle);
  let connections = 0;
  server.on(tls ? 'secureConnection' : 'connection', () => void connections++);
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  onCleanup(
    () =>
      new Promise<void>((done) => {
        for (const req of hanging) req.socket.destroy();
        server.closeAllConnections();
        server.close(() => done());
      }),
  );
  return {
    baseUrl: `${tls ? 'https' : 'http'}://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    connections: () => connections,
    mostAtOnce: () => mostAtOnce,
    created,
    answerNext: (status, body) => void answers.push({ status, body }),
    dropNext: () => void answers.push('drop'),
    next: (...what) => void answers.push(...what),
    account: (answer) => void (account = answer),
  };
}
