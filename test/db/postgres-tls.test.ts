// DATABASE_URL with sslmode=require, what a managed PostgreSQL hands out, against a server whose certificate this
// machine does not trust, or a server without TLS: node-postgres reads require as verify-full, and the start ended in a
// stack trace (the operator review of PostgreSQL, finding 3). Now the refusal every other unreachable database gets,
// in one line naming DATABASE_URL (never its password), the cause and what to do; a command says it cannot open the
// database, not that it cannot start.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli.js';
import { ConfigError } from '../../src/config.js';
import { openDatabase } from '../../src/db/open.js';
import { sslRequestAnswerer } from '../fakes/postgres-tls.js';
import { standInCertificate } from '../fakes/twilio.js';
import { engine, migratedPostgres, tempDir } from '../helpers.js';

const refusal = async (url: string, by?: 'command') => {
  const err = await openDatabase({ url, path: '', by }).then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(ConfigError);
  return (err as Error).message;
};

const SELF_SIGNED =
  "the server's certificate is self-signed (DEPTH_ZERO_SELF_SIGNED_CERT), and node-postgres reads sslmode=require as verify-full " +
  '(a certificate signed by an authority this machine trusts, naming the host), unlike psql: add your provider\'s CA certificate to ' +
  "DATABASE_URL as sslrootcert=<file>; or, for libpq's meaning of require (encrypted, the certificate not checked), use uselibpqcompat=true&sslmode=require";

const NO_TLS = 'the server does not take TLS connections, and sslmode=require asks for one: for a server without TLS (one on this machine ' +
  'or a private network) leave sslmode out of DATABASE_URL; else turn TLS on at the server';

describe('a PostgreSQL connection whose TLS fails', () => {
  it('refuses to start on a self-signed certificate under sslmode=require, saying why and what to do, without the password', async () => {
    const port = await sslRequestAnswerer('tls');
    const said = await refusal(`postgres://nextdeal:s3cret-pw@127.0.0.1:${port}/nextdeal?sslmode=require`);
    expect(said).toBe(`nextdeal cannot start: DATABASE_URL (127.0.0.1:${port}/nextdeal): ${SELF_SIGNED}`);
  });

  it('refuses to start on a server without TLS under sslmode=require: leave sslmode out', async () => {
    const port = await sslRequestAnswerer('plain');
    expect(await refusal(`postgres://nextdeal:s3cret-pw@127.0.0.1:${port}/nextdeal?sslmode=require`)).toBe(`nextdeal cannot start: DATABASE_URL (127.0.0.1:${port}/nextdeal): ${NO_TLS}`);
  });

  it('says when the certificate does not name the host, and that sslrootcert names the authority to trust', async () => {
    const port = await sslRequestAnswerer('tls'); // made out to 127.0.0.1 only
    const said = await refusal(`postgres://nextdeal:s3cret-pw@localhost:${port}/nextdeal?sslmode=verify-full&sslrootcert=${standInCertificate}`);
    expect(said).toBe(
      `nextdeal cannot start: DATABASE_URL (localhost:${port}/nextdeal): the server's certificate does not name the host localhost (ERR_TLS_CERT_ALTNAME_INVALID): ` +
        "connect by a name the certificate has; or, to check the authority but not the name (libpq's verify-ca), use uselibpqcompat=true&sslmode=verify-ca with sslrootcert=<file>",
    );
  });

  it('a command says it cannot open the database, in the same words, exit code 1', async () => {
    const port = await sslRequestAnswerer('tls');
    let err = '';
    const code = await run(['shop', 'list'], {
      out: () => {}, err: (s) => void (err += s), env: { DATABASE_URL: `postgres://nextdeal:s3cret-pw@127.0.0.1:${port}/nextdeal?sslmode=require` }, stdin: () => '', askSecret: async () => '',
    });
    expect({ code, err }).toEqual({ code: 1, err: `nextdeal cannot open the database: DATABASE_URL (127.0.0.1:${port}/nextdeal): ${SELF_SIGNED}\n` });
  });

  it("says, under sslmode=verify-full, to name the authority in sslrootcert, never to drop the check with libpq's require", async () => {
    const port = await sslRequestAnswerer('tls');
    const said = await refusal(`postgres://nextdeal:s3cret-pw@127.0.0.1:${port}/nextdeal?sslmode=verify-full`);
    expect(said).toBe(
      `nextdeal cannot start: DATABASE_URL (127.0.0.1:${port}/nextdeal): the server's certificate is self-signed (DEPTH_ZERO_SELF_SIGNED_CERT): ` +
        "add your provider's CA certificate to DATABASE_URL as sslrootcert=<file>",
    );
  });

  it('says, in one line without the password, that uselibpqcompat=true&sslmode=verify-ca needs sslrootcert, at start, in a command and in copy --to', async () => {
    const port = await sslRequestAnswerer('tls');
    const url = `postgres://nextdeal:s3cret-pw@127.0.0.1:${port}/nextdeal?uselibpqcompat=true&sslmode=verify-ca`;
    const why = (setting: string) =>
      `uselibpqcompat=true&sslmode=verify-ca checks the server's certificate against the authority that signed it, and ${setting} names none: ` +
      `add your provider's CA certificate to ${setting} as sslrootcert=<file>`;
    expect(await refusal(url)).toBe(`nextdeal cannot start: DATABASE_URL (127.0.0.1:${port}/nextdeal): ${why('DATABASE_URL')}`);

    let err = '';
    const io = { out: () => {}, err: (s: string) => void (err += s), env: { DATABASE_URL: url }, stdin: () => '', askSecret: async () => '' };
    expect(await run(['shop', 'list'], io)).toBe(1);
    expect(err).toBe(`nextdeal cannot open the database: DATABASE_URL (127.0.0.1:${port}/nextdeal): ${why('DATABASE_URL')}\n`);

    const file = join(tempDir(), 'nextdeal.db');
    await (await openDatabase({ path: file })).close();
    err = '';
    expect(await run(['copy', '--from', file, '--to', url], { ...io, env: {} })).toBe(1);
    expect(err).toBe(`nothing was copied: --to (127.0.0.1:${port}/nextdeal): ${why('--to')}\n`);
  });

  it.skipIf(engine !== 'postgres')('refuses so on the real PostgreSQL server of the tests, which has no TLS', async () => {
    const url = await migratedPostgres();
    const said = await refusal(`${url}${url.includes('?') ? '&' : '?'}sslmode=require`);
    expect(said).toMatch(/^nextdeal cannot start: DATABASE_URL \([^)]+\): the server does not take TLS connections, and sslmode=require asks for one: /);
    expect(said).toBe(`nextdeal cannot start: DATABASE_URL (${new URL(url).host}${new URL(url).pathname}): ${NO_TLS}`);
  });
});

describe('`nextdeal copy --to` a PostgreSQL whose TLS fails', () => {
  it('says why, naming --to, and copies nothing', async () => {
    const file = join(tempDir(), 'nextdeal.db');
    await (await openDatabase({ path: file })).close();
    const [tls, plain] = [await sslRequestAnswerer('tls'), await sslRequestAnswerer('plain')];
    const copy = async (port: number) => {
      let err = '';
      const code = await run(['copy', '--from', file, '--to', `postgres://nextdeal:s3cret-pw@127.0.0.1:${port}/nextdeal?sslmode=require`], {
        out: () => {}, err: (s) => void (err += s), env: {}, stdin: () => '', askSecret: async () => '',
      });
      return { code, err };
    };
    expect(await copy(tls)).toEqual({ code: 1, err: `nothing was copied: --to (127.0.0.1:${tls}/nextdeal): ${SELF_SIGNED.replace('DATABASE_URL', '--to')}\n` });
    expect(await copy(plain)).toEqual({ code: 1, err: `nothing was copied: --to (127.0.0.1:${plain}/nextdeal): ${NO_TLS.replace('DATABASE_URL', '--to')}\n` });
  });
});
