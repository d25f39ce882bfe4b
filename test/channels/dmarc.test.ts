// A shop's own sender address on a domain that publishes DMARC "reject" or "quarantine": its e-mail is refused or put
// in spam after nextdeal's SMTP server took it, unseen. The operator is told when they set it. DNS is a real DNS server
// on loopback (UDP), asked by node's own resolver, as the command asks the system's.
import { createSocket } from 'node:dgram';
import { Resolver } from 'node:dns/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli.js';
import { dmarcPolicy } from '../../src/channels/dmarc.js';
import { tempDir } from '../helpers.js';

/** TXT records by name; any other name does not exist (NXDOMAIN). */
const zone: Record<string, string[][]> = {
  '_dmarc.strict.test': [['v=DMARC1; p=reject; rua=mailto:dmarc@strict.test']],
  '_dmarc.spam.test': [['v=DMARC1;p=quarantine;pct=100']],
  '_dmarc.open.test': [['v=DMARC1; p=none']],
  // One record in two strings, beside a TXT record that is not DMARC's.
  '_dmarc.split.test': [['v=DMARC1; ', 'p=reject'], ['google-site-verification=abc']],
  // Subdomains without a record of their own go by the parent's sp=, else its p=.
  '_dmarc.parent.test': [['v=DMARC1; p=none; sp=reject']],
  '_dmarc.plain.test': [['v=DMARC1; p=quarantine']],
  // Below a public suffix: the organisational domain is example.co.uk, not co.uk; a record with no policy goes by it.
  '_dmarc.example.co.uk': [['v=DMARC1; p=quarantine; sp=reject']],
  '_dmarc.nopolicy.example.co.uk': [['v=DMARC1; rua=mailto:x@example.co.uk']],
  // Two DMARC records: none applies (RFC 7489).
  '_dmarc.twice.test': [['v=DMARC1; p=reject'], ['v=DMARC1; p=none']],
  'strict.test': [['v=spf1 -all']],
};
const asked: string[] = [];
const server = createSocket('udp4');

/** The name a DNS query asks about, and where its question ends. */
function question(q: Buffer): { name: string; end: number } {
  const labels: string[] = [];
  let at = 12;
  while (q[at]! > 0) {
    labels.push(q.subarray(at + 1, at + 1 + q[at]!).toString('ascii'));
    at += 1 + q[at]!;
  }
  return { name: labels.join('.').toLowerCase(), end: at + 5 };
}

server.on('message', (q, peer) => {
  const { name, end } = question(q);
  asked.push(name);
  const records = zone[name] ?? [];
  const answers = records.map((strings) => {
    const rdata = Buffer.concat(strings.map((s) => Buffer.concat([Buffer.from([s.length]), Buffer.from(s, 'ascii')])));
    const head = Buffer.alloc(12);
    head.writeUInt16BE(0xc00c, 0); // the name: a pointer to the question's
    head.writeUInt16BE(16, 2); // TXT
    head.writeUInt16BE(1, 4); // IN
    head.writeUInt32BE(60, 6);
    head.writeUInt16BE(rdata.length, 10);
    return Buffer.concat([head, rdata]);
  });
  const header = Buffer.alloc(12);
  header.writeUInt16BE(q.readUInt16BE(0), 0);
  header.writeUInt16BE(name in zone ? 0x8180 : 0x8183, 2); // an answer; NXDOMAIN
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(answers.length, 6);
  server.send(Buffer.concat([header, q.subarray(12, end), ...answers]), peer.port, peer.address);
});

let dns: Resolver;
beforeAll(async () => {
  await new Promise<void>((resolve) => server.bind(0, '127.0.0.1', resolve));
  dns = new Resolver({ timeout: 1000, tries: 1 });
  dns.setServers([`127.0.0.1:${(server.address() as AddressInfo).port}`]);
});
afterAll(() => server.close());

describe('dmarcPolicy', () => {
  it("reads a domain's policy, its parent's for a subdomain without one, and none where none is published", async () => {
    expect(await dmarcPolicy('strict.test', dns)).toBe('reject');
    expect(await dmarcPolicy('Spam.Test', dns)).toBe('quarantine');
    expect(await dmarcPolicy('open.test', dns)).toBe('none');
    expect(await dmarcPolicy('split.test', dns)).toBe('reject');
    expect(await dmarcPolicy('winkel.parent.test', dns)).toBe('reject');
    expect(await dmarcPolicy('winkel.plain.test', dns)).toBe('quarantine');
    expect(await dmarcPolicy('nothing.test', dns)).toBeNull();
    expect(await dmarcPolicy('shop.example.co.uk', dns)).toBe('reject');
    expect(await dmarcPolicy('nopolicy.example.co.uk', dns)).toBe('reject');
    expect(await dmarcPolicy('example.co.uk', dns)).toBe('quarantine');
    expect(await dmarcPolicy('twice.test', dns)).toBeNull();
  });

  it('throws when no DNS server answers', async () => {
    const silent = new Resolver({ timeout: 200, tries: 1 });
    const closed = createSocket('udp4');
    await new Promise<void>((resolve) => closed.bind(0, '127.0.0.1', resolve));
    silent.setServers([`127.0.0.1:${(closed.address() as AddressInfo).port}`]);
    await expect(dmarcPolicy('strict.test', silent)).rejects.toMatchObject({ code: expect.stringMatching(/^E/) });
    closed.close();
  });
});

describe('shop update --email-from', () => {
  const cli = async () => {
    const dir = tempDir();
    const env = { DATABASE_PATH: join(dir, 'nextdeal.db'), OUTBOX_DIR: join(dir, 'outbox'), EMAIL_FROM: 'nextdeal@mail.example.net' };
    return async (args: string[], lookup = dns) => {
      let out = '';
      let err = '';
      const code = await run(args, { out: (s) => void (out += s), err: (s) => void (err += s), env, stdin: () => '', askSecret: async () => '', dns: lookup });
      return { code, out, err };
    };
  };

  it('warns when the domain refuses or puts in spam what the SMTP server does not sign for it, and sets the address all the same', async () => {
    const exec = await cli();
    await exec(['shop', 'create', '--slug', 'x', '--name', 'X', '--alert-email', 'eigenaar@open.test']);
    const refused = await exec(['shop', 'update', '--slug', 'x', '--email-from', 'winkel@strict.test']);
    expect(refused.code).toBe(0);
    expect(JSON.parse(refused.out).emailFrom).toBe('winkel@strict.test');
    expect(refused.err).toContain('warning: strict.test publishes a DMARC policy "reject": e-mail from winkel@strict.test that your SMTP server does not sign for strict.test (DKIM) is refused by customers\' mail servers');
    expect(refused.err).toContain('or leave --email-from unset ("")');
    expect((await exec(['shop', 'update', '--slug', 'x', '--email-from', 'winkel@spam.test'])).err).toContain("is put in customers' spam");
  });

  it('says nothing for a domain without such a policy, nor for the domain of EMAIL_FROM, which the operator sends from already', async () => {
    const exec = await cli();
    await exec(['shop', 'create', '--slug', 'x', '--name', 'X', '--alert-email', 'eigenaar@open.test']);
    expect((await exec(['shop', 'update', '--slug', 'x', '--email-from', 'winkel@open.test'])).err).toBe('');
    expect((await exec(['shop', 'update', '--slug', 'x', '--email-from', 'winkel@nothing.test'])).err).toBe('');
    const before = asked.length;
    expect((await exec(['shop', 'update', '--slug', 'x', '--email-from', 'winkel@MAIL.example.net'])).err).toBe('');
    expect(asked.length).toBe(before);
  });

  it('says it could not check when DNS does not answer', async () => {
    const exec = await cli();
    await exec(['shop', 'create', '--slug', 'x', '--name', 'X', '--alert-email', 'eigenaar@open.test']);
    const silent = new Resolver({ timeout: 200, tries: 1 });
    silent.setServers(['127.0.0.1:9']); // nothing listens: refused, or no answer
    const res = await exec(['shop', 'update', '--slug', 'x', '--email-from', 'winkel@strict.test'], silent);
    expect(res.code).toBe(0);
    expect(res.err).toMatch(/^note: could not look up whether strict\.test accepts mail your SMTP server sends in its name \(DNS: E[A-Z]+\)/);
  });
});
