// A real SMTP server on loopback that keeps what it receives, parsed; it can misbehave at a given step the ways a
// mail server does: refuse a sender or a recipient, hang at RCPT (before the message), or take the whole message and then say
// nothing or drop the connection (after it).
import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { onCleanup } from '../helpers.js';

export interface SmtpFake {
  url: string;
  mails: ParsedMail[];
  /** The next RCPT TO answers with this SMTP code and text instead of accepting. */
  refuseNext(code: number, text: string): void;
  /** Every RCPT TO of this address answers with this SMTP code and text (a mailbox that does not exist: 550). */
  refuseRecipient(address: string, code: number, text: string): void;
  /** Every MAIL FROM of this sender address answers with this SMTP code and text (as Postfix does a sender domain it cannot find: 450). */
  refuseSender(address: string, code: number, text: string): void;
  /**
   * Until set again (undefined: no more), every connection (at the greeting), every RCPT TO or every message (at the end
   * of DATA) is refused with this code and text: a relay refusing everything, as one set up wrong or blocked does.
   */
  refuseEvery(step: 'greeting' | 'rcpt' | 'data', refusal: { code: number; text: string } | undefined): void;
  /** The senders (MAIL FROM) the server was offered, refused or not, in order. */
  senders: string[];
  /** The next message meets this: `hangAtRcpt` never answers RCPT TO; `silentAfterData` keeps the whole message
   * and never answers it; `dropAfterData` keeps it and closes the connection without an answer. */
  next(what: 'hangAtRcpt' | 'silentAfterData' | 'dropAfterData'): void;
}

/** `delayMs`: how long each message takes to be accepted, like a busy server; `held`: accepted only once it settles; `port`: a given one. */
export async function startSmtp({ delayMs = 0, port = 0, held }: { delayMs?: number; port?: number; held?: Promise<unknown> } = {}): Promise<SmtpFake> {
  const mails: ParsedMail[] = [];
  const refusals: { code: number; text: string }[] = [];
  const misbehave: ('hangAtRcpt' | 'silentAfterData' | 'dropAfterData')[] = [];
  const hanging: (() => void)[] = [];
  const refusedSenders = new Map<string, { code: number; text: string }>();
  const refusedRecipients = new Map<string, { code: number; text: string }>();
  const senders: string[] = [];
  const every: Partial<Record<'greeting' | 'rcpt' | 'data', { code: number; text: string }>> = {};
  const refusal = (r: { code: number; text: string } | undefined) => r && Object.assign(new Error(r.text), { responseCode: r.code });
  const server: SMTPServer = new SMTPServer({
    authOptional: true,
    closeTimeout: 50, // a test's cleanup does not wait for a client's pooled connection
    disabledCommands: ['STARTTLS'],
    logger: false,
    onConnect(_session, callback) {
      callback(refusal(every.greeting));
    },
    onMailFrom(address, _session, callback) {
      senders.push(address.address);
      const r = refusedSenders.get(address.address);
      callback(r && Object.assign(new Error(r.text), { responseCode: r.code }));
    },
    onRcptTo(address, _session, callback) {
      if (misbehave[0] === 'hangAtRcpt') return void (misbehave.shift(), hanging.push(() => callback(new Error('closing'))));
      const r = refusedRecipients.get(address.address) ?? refusals.shift() ?? every.rcpt;
      if (!r) return callback();
      const err = Object.assign(new Error(r.text), { responseCode: r.code });
      callback(err);
    },
    onData(stream, session, callback) {
      const what = misbehave.shift();
      simpleParser(stream)
        .then((mail) => {
          if (every.data) return void callback(refusal(every.data));
          mails.push(mail);
          if (what === 'silentAfterData') return void hanging.push(() => callback(new Error('closing')));
          // The whole message is in; the connection goes down before the answer.
          if (what === 'dropAfterData') return void connectionOf(session.id)?.destroy();
          void Promise.resolve(held).then(() => setTimeout(callback, delayMs));
        })
        .catch(callback);
    },
  });
  /** The client's socket of a session (smtp-server keeps its connections; their sockets are not public). */
  const connectionOf = (id: string) =>
    [...(server as unknown as { connections: Set<{ id: string; _socket: { destroy(): void } }> }).connections].find((c) => c.id === id)?._socket;
  await new Promise<void>((ok) => server.listen(port, '127.0.0.1', ok));
  onCleanup(() => new Promise<void>((done) => (hanging.splice(0).forEach((h) => h()), server.close(() => done()))));
  const { port: listening } = server.server.address() as AddressInfo;
  return { url: `smtp://127.0.0.1:${listening}`, mails, refuseNext: (code, text) => void refusals.push({ code, text }),
    refuseSender: (address, code, text) => void refusedSenders.set(address, { code, text }),
    refuseRecipient: (address, code, text) => void refusedRecipients.set(address, { code, text }), senders,
    refuseEvery: (step, r) => void (r ? (every[step] = r) : delete every[step]), next: (what) => void misbehave.push(what) };
}
