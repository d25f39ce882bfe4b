#!/usr/bin/env node
// The `nextdeal` command. Each group of commands lives in src/cli/.
import { readFileSync, realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { Command, CommanderError } from 'commander';
import { experimentCommands } from './cli/experiment.js';
import { opsCommands } from './cli/ops.js';
import { type Context, type Io, UsageError, context } from './cli/context.js';
import { privacyCommands } from './cli/privacy.js';
import { repliesCommands } from './cli/replies.js';
import { Interrupted, readSecret } from './cli/secret.js';
import { shopCommands } from './cli/shop.js';
import { ConfigError, readEnv } from './config.js';
import { systemDns } from './channels/dmarc.js';

export type { Io } from './cli/context.js';

export const program = (io: Io): Command => commands(io).cli;

/** The command line and the context its commands share. */
function commands(io: Io): { cli: Command; ctx: Context } {
  const cli = new Command('nextdeal')
    .description('Turns a sale at the till into a next-day check-in and a come-back invitation.')
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .exitOverride()
    .showHelpAfterError();
  const ctx = context(io, cli);
  shopCommands(cli, ctx);
  opsCommands(cli, ctx);
  privacyCommands(cli, ctx);
  repliesCommands(cli, ctx);
  experimentCommands(cli, ctx);
  return { cli, ctx };
}
/** Runs the command line; returns the exit code. */
export async function run(argv: string[], io: Io): Promise<number> {
  const { cli, ctx } = commands(io);
  try {
    await cli.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
    if (err instanceof Interrupted) return 130;
    if (err instanceof UsageError || err instanceof ConfigError) {
      io.err(`${err.message}\n`);
      return err instanceof UsageError ? err.exitCode : 1;
    }
    throw err;
  } finally {
    // A command that fails skips commander's postAction hook; an open PostgreSQL pool would then keep the process
    // alive for its idle timeout (10 s) after the error.
    await ctx.close();
  }
}

// Run when executed (also through npm's bin symlink), not when imported by a test.
if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) {
  const io: Io = {
    out: (s) => process.stdout.write(s),
    err: (s) => process.stderr.write(s),
    env: readEnv(),
    stdin: () => readFileSync(0, 'utf8'),
    interactive: process.stdin.isTTY === true,
    askSecret: (question) => readSecret(process.stdin, (s) => process.stdout.write(s), question),
    dns: systemDns(),
  };
  process.exitCode = await run(process.argv.slice(2), io);
}
