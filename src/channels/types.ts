// One small interface for every way a message leaves: vendor types stay inside the adapters.
import type { NotSent } from '../domain/not-sent.js';

export interface SmsOut {
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

export interface Channel<M> {
  /** smtp, twilio or outbox: for the start-up line and the message log. */
  readonly transport: 'smtp' | 'twilio' | 'outbox';
  send(message: M): Promise<{ providerId: string }>;
  close?(): Promise<void>;
}

export interface Channels {
  sms: Channel<SmsOut>;
  email: Channel<EmailOut>;
}

/**
 * A send that did not go out. `retry`: the provider may take it later (a timeout, 4xx SMTP, Twilio 429 or 5xx).
 * `permanent`: it never will (invalid number, 550 mailbox unknown); `optedOut` when the recipient said stop.
 * `reason` is what the owner is told (in their language); the message is the provider's own text, for the operator.
 */
export class SendFailure extends Error {
  readonly reason: NotSent;
  readonly kind: 'retry' | 'permanent';
  /** The provider's code (Twilio 21211, SMTP 550, ECONNREFUSED): logged, and shown beside the reason. */
  readonly code: string | undefined;
  readonly optedOut: boolean;

  constructor(f: { reason: NotSent; kind: 'retry' | 'permanent'; detail: string; code?: string | undefined; optedOut?: boolean }) {
    super(f.detail);
    this.reason = f.reason;
    this.kind = f.kind;
    this.code = f.code;
    this.optedOut = f.optedOut ?? false;
  }
}
