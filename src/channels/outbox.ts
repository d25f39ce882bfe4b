// The outbox: every message written to a folder instead of sent, so nextdeal runs without any account.
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { mailOptions } from './email.js';
import { type Channel, type EmailOut, SendFailure, type SmsOut } from './types.js';

/**
 * Writes the file under a temporary name, then renames it: a failed write leaves no message behind, to try again. The
 * folder is made when it is missing, also when someone removed it while nextdeal runs; what is made there only its
 * owner may read (folder 0700, files 0600): customers' numbers, addresses and messages.
 */
async function writeAtomically(dir: string, name: string, data: string | Buffer): Promise<string> {
  const path = join(dir, name);
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await writeFile(`${path}.tmp`, data, { mode: 0o600 });
    await rename(`${path}.tmp`, path);
    return path;
  } catch (err) {
    // What was written of it (nothing, or part of it, on a full disk) goes: it holds a customer's number and words.
    await rm(`${path}.tmp`, { force: true }).catch(() => undefined);
    const code = (err as NodeJS.ErrnoException).code ?? 'EIO';
    throw new SendFailure({ reason: 'outbox_unwritable', kind: 'retry', detail: `${code}: ${(err as Error).message}`, code });
  }
}

const stamp = () => new Date().toISOString().replace(/[:.]/g, '-');

/** SMS as <time>-<ref>.sms.json: { to, from, body }. */
export function smsOutbox(dir: string): Channel<SmsOut> {
  return {
    transport: 'outbox',
    async send(m) {
      const file = `${stamp()}-${m.ref}.sms.json`;
      await writeAtomically(dir, file, JSON.stringify({ to: m.to, from: m.from, body: m.body }, null, 2) + '\n');
      return { providerId: `outbox:${file}` };
    },
  };
}

/** E-mail as <time>-<ref>.eml: the complete message as it would have gone out, readable by any mail program. */
export function emailOutbox(dir: string): Channel<EmailOut> {
  const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    transport: 'outbox',
    async send(m) {
      const file = `${stamp()}-${m.ref}.eml`;
      const info = await composer.sendMail(mailOptions(m)).catch((err: Error) => {
        throw new SendFailure({ reason: 'provider_error', kind: 'retry', detail: `composing the e-mail: ${err.message}`, code: 'outbox' });
      });
      await writeAtomically(dir, file, info.message as Buffer);
      return { providerId: `outbox:${file}` };
    },
  };
}

/** A message, as its outbox file names it: its id and when it was made (an id alone may be another message's by now). */
export interface OutboxMessage {
  id: number;
  createdAt: number;
}

/** What an erasure leaves to go from the outbox: messages and alerts by id, confirmation messages by where they went. */
export interface OutboxCopies {
  messageFiles: readonly OutboxMessage[];
  alertIds: readonly number[];
  destinations: readonly string[];
  /** Confirmation messages by their own id (a deleted shop's: all of them, whoever they went to). */
  confirmationIds?: readonly number[];
}

/** The outbox's files; none when there is no outbox folder (nothing was ever written there). */
function filesIn(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/**
 * The message an outbox file is of: …-msg-<id>-<when it was made>-<kind>…, or …-msg-<id>-<kind>… as written before
 * nextdeal named the time too (createdAt null). The id alone is not the message's: SQLite gives a deleted shop's last
 * ids again, and a restore puts the ids back to the copy's, so another customer's message may have it by now.
 */
const messageOf = (file: string): { id: number; createdAt: number | null } | null => {
  const [, id, createdAt] = /-msg-(\d+)-(?:(\d+)-)?[a-z]/.exec(file) ?? [];
  return id ? { id: Number(id), createdAt: createdAt === undefined ? null : Number(createdAt) } : null;
};

/** The ids the outbox's files name: messages (…-msg-<id>-…), alerts (…-alert-<id>.eml), confirmations (…-confirm-<id>.…). */
export function outboxIds(dir: string): { messageIds: number[]; alertIds: number[]; confirmationIds: number[] } {
  const ids = { messageIds: [] as number[], alertIds: [] as number[], confirmationIds: [] as number[] };
  for (const f of filesIn(dir)) {
    const [, kind, id] = /-(msg|alert|confirm)-(\d+)[-.]/.exec(f) ?? [];
    if (id) ids[kind === 'msg' ? 'messageIds' : kind === 'alert' ? 'alertIds' : 'confirmationIds'].push(Number(id));
  }
  return ids;
}

/**
 * Deletes the outbox's copies of an erased customer: their messages (…-msg-<id>-<when made>-<kind>…: both must be the
 * message's; a file written before the time was in the name, by its id alone), the owner's alerts about
 * their replies (…-alert-<id>.eml), which quote their name, number and words, and the public pages' confirmation
 * messages to their number or address (…-confirm-<id>…, found by whom they went to: the request behind one is deleted
 * a day after its time). Returns how many went.
 */
export function removeOutboxCopies(dir: string, c: OutboxCopies): number {
  const messages = new Set(c.messageFiles.map((m) => m.id));
  const made = new Set(c.messageFiles.map((m) => `${m.id}-${m.createdAt}`));
  const isMine = (f: string) => {
    const m = messageOf(f);
    return m !== null && (m.createdAt === null ? messages.has(m.id) : made.has(`${m.id}-${m.createdAt}`));
  };
  const alerts = new Set(c.alertIds);
  const confirmations = new Set(c.confirmationIds);
  const destinations = new Set(c.destinations.map((d) => d.toLowerCase()));
  const copies = filesIn(dir).filter(
    (f) =>
      isMine(f) ||
      alerts.has(Number(/-alert-(\d+)\.eml$/.exec(f)?.[1])) ||
      confirmations.has(Number(/-confirm-(\d+)\./.exec(f)?.[1])) ||
      (/-confirm-\d+\./.test(f) && destinations.size > 0 && destinations.has(recipientOf(join(dir, f)))),
  );
  for (const f of copies) rmSync(join(dir, f), { force: true });
  return copies.length;
}

/** Whom an outbox file went to: an SMS file's `to`, an e-mail's To header (lower case); '' when it cannot be read. */
function recipientOf(path: string): string {
  try {
    const text = readFileSync(path, 'utf8');
    if (path.endsWith('.json')) return String((JSON.parse(text) as { to?: unknown }).to ?? '').toLowerCase();
    const to = /^To: *(.*)$/im.exec(text.slice(0, text.search(/\r?\n\r?\n/)))?.[1] ?? '';
    return (/<([^>]+)>/.exec(to)?.[1] ?? to).trim().toLowerCase();
  } catch {
    return '';
  }
}
