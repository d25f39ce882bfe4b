// The outbox folder: where messages go when SMTP or Twilio is not set up. It holds customers' numbers, addresses and
// messages, so only its owner may read it, and it keeps working when an operator empties it by removing it.
import { mkdirSync, readdirSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it, vi } from 'vitest';
import { run } from '../../src/cli.js';
import { emailOutbox, smsOutbox } from '../../src/channels/outbox.js';
import { tempDir } from '../helpers.js';

/** The permission bits a file or folder gives its group and everyone else, in octal: '00' is none. */
const forOthers = (path: string) => (statSync(path).mode & 0o077).toString(8).padStart(2, '0');
const sms = (id: number) => ({ messageId: id, ref: `msg-${id}-checkin`, to: '+31613572468', from: null, body: 'Hoi Sanne' });

it('writes each message only its owner may read, in a folder only its owner may open (whatever the umask)', async () => {
  const dir = join(tempDir(), 'outbox');
  const previous = process.umask(0o022); // the usual umask of a shell or a systemd service
  try {
    const { providerId } = await smsOutbox(dir).send(sms(1));
    const mail = await emailOutbox(dir).send({ ref: 'msg-2-checkin', to: 'sanne@example.com', from: { name: 'Fietsenmaker', address: 'shop@example.test' }, replyTo: null, headers: {}, subject: 'Hoi', text: 'Hoi', html: '<p>Hoi</p>' } as never);
    const files = [providerId, mail.providerId].map((p) => join(dir, p.replace(/^outbox:/, '')));
    expect([forOthers(dir), ...files.map(forOthers)]).toEqual(['00', '00', '00']);
  } finally {
    process.umask(previous);
  }
});

it('keeps writing after its folder was removed while nextdeal runs (an operator emptying it)', async () => {
  const dir = join(tempDir(), 'outbox');
  const outbox = smsOutbox(dir);
  await outbox.send(sms(1));
  rmSync(dir, { recursive: true });
  await expect(outbox.send(sms(2))).resolves.toMatchObject({ providerId: expect.stringContaining('msg-2-checkin') });
});

it('makes the database file, its folder and a backup only its owner may read: they hold webhook secrets and every customer', async () => {
  const dir = tempDir();
  const previous = process.umask(0o022);
  try {
    const env = { DATABASE_PATH: join(dir, 'data', 'nextdeal.db'), OUTBOX_DIR: join(dir, 'data', 'outbox') };
    const cli = (args: string[]) => run(args, { out: () => {}, err: () => {}, env, stdin: () => '', askSecret: async () => '' });
    expect(await cli(['shop', 'create', '--slug', 'fietsenmaker', '--name', 'Fietsenmaker'])).toBe(0);
    expect(await cli(['backup', join(dir, 'copy.db')])).toBe(0);
    expect([join(dir, 'data'), env.DATABASE_PATH, join(dir, 'copy.db')].map(forOthers)).toEqual(['00', '00', '00']);
  } finally {
    process.umask(previous);
  }
});

it('leaves nothing behind when a message cannot be written (a full disk), and says why', async () => {
  const dir = join(tempDir(), 'outbox');
  mkdirSync(dir);
  vi.useFakeTimers({ toFake: ['Date'] });
  try {
    vi.setSystemTime(new Date('2026-12-04T10:05:00Z'));
    // Its temporary file is the kernel's full device: every write to it fails as on a full disk (ENOSPC).
    symlinkSync('/dev/full', join(dir, '2026-12-04T10-05-00-000Z-msg-1-checkin.sms.json.tmp'));
    await expect(smsOutbox(dir).send(sms(1))).rejects.toMatchObject({ code: 'ENOSPC', kind: 'retry', reason: 'outbox_unwritable' }); // not "a problem at the provider"
    expect(readdirSync(dir)).toEqual([]);
  } finally {
    vi.useRealTimers();
  }
});
