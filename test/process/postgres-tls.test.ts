// What an operator sees who starts nextdeal, or runs a command, with sslmode=require in DATABASE_URL against a server
// whose certificate this machine does not trust, or one without TLS (the operator review of PostgreSQL, finding 3):
// one line, exit code 1, never a stack trace. Under `npm run test:postgres` the server without TLS is the tests' real
// PostgreSQL; otherwise, and for the certificate, a loopback stand-in that answers the client's SSLRequest.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { sslRequestAnswerer } from '../fakes/postgres-tls.js';
import { engine, migratedPostgres, onCleanup } from '../helpers.js';
import { environment, runCli } from './server.js';

const root = new URL('../../', import.meta.url).pathname;

/** Starts src/main.ts and waits for it to exit: its exit code and everything it wrote on stderr. */
function startExits(env: Record<string, string>): Promise<{ code: number | null; err: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: root, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  onCleanup(() => void (child.exitCode === null && child.kill('SIGKILL')));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, err })));
}

/** A PostgreSQL URL without TLS, asking for it: the real server's under test:postgres, else the stand-in's. */
async function withoutTls(): Promise<{ url: string; where: string }> {
  if (engine === 'postgres') {
    const url = await migratedPostgres();
    return { url: `${url}${url.includes('?') ? '&' : '?'}sslmode=require`, where: `${new URL(url).host}${new URL(url).pathname}` };
  }
  const port = await sslRequestAnswerer('plain');
  return { url: `postgres://nextdeal:s3cret-pw@127.0.0.1:${port}/nextdeal?sslmode=require`, where: `127.0.0.1:${port}/nextdeal` };
}

const lastLine = (err: string) => err.trimEnd().split('\n').at(-1);
const NO_TLS = ': the server does not take TLS connections, and sslmode=require asks for one: for a server without TLS (one on this machine or a private network) leave sslmode out of DATABASE_URL; else turn TLS on at the server';

describe('sslmode=require where TLS fails', () => {
  it('a server without TLS: the start says so in one line and exits 1, without a stack trace', async () => {
    const { url, where } = await withoutTls();
    const { env } = await environment({ DATABASE_URL: url });
    const started = await startExits(env);
    expect(started.code).toBe(1);
    expect(lastLine(started.err)).toBe(`nextdeal cannot start: DATABASE_URL (${where})${NO_TLS}`);
    expect(started.err).not.toMatch(/^\s+at /m);
    // nextdeal's own line, not node-postgres's nine of "SECURITY WARNING" about sslmode=require (an operator's review).
    expect(started.err.trim().split('\n')).toHaveLength(1);

    const command = await runCli(['shop', 'list'], env).done;
    expect(command.code).toBe(1);
    expect(lastLine(command.err)).toBe(`nextdeal cannot open the database: DATABASE_URL (${where})${NO_TLS}`);
    expect(command.err).not.toContain('SECURITY WARNING');
    expect(command.err).not.toMatch(/^\s+at /m);
  }, 60_000);

  it('a self-signed certificate: the start says so in one line, with what to do, and exits 1, without a stack trace or the password', async () => {
    const port = await sslRequestAnswerer('tls');
    const { env } = await environment({ DATABASE_URL: `postgres://nextdeal:s3cret-pw@127.0.0.1:${port}/nextdeal?sslmode=require` });
    const started = await startExits(env);
    expect(started.code).toBe(1);
    expect(lastLine(started.err)).toMatch(
      new RegExp(`^nextdeal cannot start: DATABASE_URL \\(127\\.0\\.0\\.1:${port}/nextdeal\\): the server's certificate is self-signed \\(DEPTH_ZERO_SELF_SIGNED_CERT\\), .*sslrootcert=<file>; or, .*uselibpqcompat=true&sslmode=require$`),
    );
    expect(started.err).not.toMatch(/^\s+at /m);
    expect(started.err).not.toContain('s3cret-pw');
    expect(started.err).not.toContain('SECURITY WARNING');
  }, 60_000);

  it('uselibpqcompat=true&sslmode=verify-ca without sslrootcert: the start says to add it, in one line, and exits 1, without a stack trace or the password', async () => {
    const port = await sslRequestAnswerer('tls');
    const { env } = await environment({ DATABASE_URL: `postgres://nextdeal:s3cret-pw@127.0.0.1:${port}/nextdeal?uselibpqcompat=true&sslmode=verify-ca` });
    const started = await startExits(env);
    expect(started.code).toBe(1);
    expect(lastLine(started.err)).toBe(
      `nextdeal cannot start: DATABASE_URL (127.0.0.1:${port}/nextdeal): uselibpqcompat=true&sslmode=verify-ca checks the server's certificate against the ` +
        "authority that signed it, and DATABASE_URL names none: add your provider's CA certificate to DATABASE_URL as sslrootcert=<file>",
    );
    expect(started.err).not.toMatch(/^\s+at /m);
    expect(started.err).not.toContain('s3cret-pw');
  }, 60_000);
});
