// The outbox: every message written to a folder instead of sent, so nextdeal runs without any account.
import { readdirSync, rmSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { mailOptions } from './email.js';
import { type Channel, type EmailOut, SendFailure, type SmsOut } from './types.js';

const made = new Set<string>();

/** Writes the file under a temporary name, then renames it: a failed write leaves no message behind, to try again. */
async function writeAtomically(dir: string, name: string, data: string | Buffer): Promise<string> {
  try {
    if (!made.has(dir)) {
      await mkdir(dir, { recursive: true });
      made.add(dir);
    }
    const path = join(dir, name);
    await writeFile(`${path}.tmp`, data);
    await rename(`${path}.tmp`, path);
    return path;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'EIO';
    throw new SendFailure({ reason: 'provider_error', kind: 'retry', detail: `${code}: ${(err as Error).message}`, code });
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

/**
 * Deletes the outbox's copies of these messages (files named …-msg-<id>-<kind>…): an erased customer's messages must
 * not stay behind as files. Returns how many went.
 */
export function removeOutboxCopies(dir: string, messageIds: readonly number[]): number {
  if (messageIds.length === 0) return 0;
  const ids = new Set(messageIds);
  let files: string[];
  try {
    files = readdirSync(dir);
  } catch {
    return 0; // no outbox folder: nothing was ever written there
  }
  const copies = files.filter((f) => ids.has(Number(/-msg-(\d+)-/.exec(f)?.[1])));
  for (const f of copies) rmSync(join(dir, f), { force: true });
  return copies.length;
}
