#!/usr/bin/env node
// The `nextdeal` command. Each group of commands lives in src/cli/.
import { readFileSync, realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { Command, CommanderError } from 'commander';
import { opsCommands } from './cli/ops.js';
import { type Io, UsageError, context } from './cli/context.js';
import { privacyCommands } from './cli/privacy.js';
import { repliesCommands } from './cli/replies.js';
import { shopCommands } from './cli/shop.js';
import { ConfigError, readEnv } from './config.js';

export type { Io } from './cli/context.js';

export function program(io: Io): Command {
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
  return cli;
}
/** Reads a line from the terminal with echo off, for passwords. */
function askSecret(question: string): Promise<string> {
  if (!process.stdin.isTTY) return Promise.reject(new UsageError('no terminal to ask on: use --password-stdin'));
  return new Promise((resolve) => {
    process.stdout.write(question);
    const stdin = process.stdin;
    let answer = '';
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    const onData = (key: string) => {
      if (key === '\u0003') process.exit(130); // Ctrl-C
      if (key === '\r' || key === '\n') {
        stdin.setRawMode(false);
        stdin.pause();
        stdin.off('data', onData);
        process.stdout.write('\n');
        resolve(answer);
      } else if (key === '\u007f') answer = answer.slice(0, -1);
      else answer += key;
    };
    stdin.on('data', onData);
  });
}

/** Runs the command line; returns the exit code. */
export async function run(argv: string[], io: Io): Promise<number> {
  try {
    await program(io).parseAsync(argv, { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
    if (err instanceof UsageError || err instanceof ConfigError) {
      io.err(`${err.message}\n`);
      return 1;
    }
    throw err;
  }
}

// Run when executed (also through npm's bin symlink), not when imported by a test.
if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) {
  const io: Io = {
    out: (s) => process.stdout.write(s),
    err: (s) => process.stderr.write(s),
    env: readEnv(),
    stdin: () => readFileSync(0, 'utf8'),
    askSecret,
  };
  process.exitCode = await run(process.argv.slice(2), io);
}
