// One small interface for every way a message leaves: vendor types stay inside the adapters.
import type { LastLook } from './last-look.js';
import type { NotSent } from '../domain/not-sent.js';

export interface SmsOut {
  messageId: number; // the row in the messages table: Twilio's status callback carries it back
  createdAt?: number; // when that row was made: the callback carries it too, as the id alone may name another row by then
  ref: string; // our message id, for file names and logs
  to: string; // E.164
  from: string | null; // null: the configured sender
  body: string;
}

export interface EmailOut {
  ref: string;
  to: string;
  from: { name: string; address: string };
  replyTo: string | null;
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
}

/** A message that went to the provider without an answer: what to look for in its records. */
export interface SentInDoubt {
  to: string;
  from: string | null;
  body: string;
  /** When the send began: a match is at most a few minutes older. */
  since: number;
}

export interface Channel<M> {
  /** smtp, twilio or outbox: for the start-up line and the message log. */
  readonly transport: 'smtp' | 'twilio' | 'outbox';
  /**
   * `lastLook`: the dispatcher's look at its claim, taken last thing before the message leaves, once it has a request
   * or connection to the provider (src/channels/last-look.ts); it throws NotHandedOver when nothing may go.
   */
  send(message: M, lastLook?: LastLook): Promise<{ providerId: string }>;
  /**
   * Asks the provider whether a send in doubt went out after all (Twilio's Messages list): its id when it did, null
   * when the provider has no such message. Only channels whose provider can be asked have it.
   */
  reconcile?(sent: SentInDoubt): Promise<{ providerId: string } | null>;
  /** A setting allowed but unwise, said at start beside the check (SMTP_URL letting the login go unencrypted). */
  readonly caution?: string;
  /**
   * Where an SMTP channel connects (SMTP_URL's host and port, nodemailer's default port where it names none) and
   * whether with TLS from the start (smtps://): the start-up check names them when the port does not speak as the URL
   * expects.
   */
  readonly server?: { host: string; port: number; tls: boolean };
  /** Logs in to the provider and out again, sending nothing; throws the SendFailure a send would meet. */
  check?(): Promise<void>;
  close?(): Promise<void>;
}

export interface Channels {
  sms: Channel<SmsOut>;
  email: Channel<EmailOut>;
}

/**
 * A send that did not (certainly) go out. `retry`: it definitely did not, and the provider may take it later (refused
 * or failed connections, a timeout before the message was written, SMTP 4xx, Twilio 429, 500 or 503, a full sender
 * queue; our configuration refused: an SMTP login, Twilio's credentials or From number, the sender at MAIL FROM). `permanent`: it never will
 * (invalid number, 550 mailbox unknown); `optedOut` when the recipient said stop. `in_doubt`: the message was written
 * and no answer came (a read timeout, a reset after writing), or a gateway answered for the provider (502, 504): it
 * may have gone out, so it is never sent again by itself. `reason` is what the owner is told (in their language); the
 * message is the provider's own text (kept with the message for the operator, never in the channel's health).
 */
export class SendFailure extends Error {
  readonly reason: NotSent;
  readonly kind: 'retry' | 'permanent' | 'in_doubt';
  /** The provider's code (Twilio 21211, SMTP 550, ECONNREFUSED): logged, and shown beside the reason. */
  readonly code: string | undefined;
  readonly optedOut: boolean;
  /** About the sender alone (Twilio 21212, 21606, 21611; SMTP at MAIL FROM): a shop's own, if it sent from its own. */
  readonly ofSender: boolean;
  /**
   * About that one recipient, not the provider's health (SMTP at RCPT TO: a full mailbox, no such user): it never counts
   * toward the channel's pause.
   */
  readonly ofRecipient: boolean;

  constructor(f: {
    reason: NotSent; kind: SendFailure['kind']; detail: string; code?: string | undefined; optedOut?: boolean; ofSender?: boolean; ofRecipient?: boolean;
  }) {
    super(f.detail);
    this.reason = f.reason;
    this.kind = f.kind;
    this.code = f.code;
    this.optedOut = f.optedOut ?? false;
    this.ofSender = f.ofSender ?? false;
    this.ofRecipient = f.ofRecipient ?? false;
  }
}
