// What every command group shares: the output, the database (opened on first use), and error handling.
import type { Command } from 'commander';
import { z } from 'zod';
import { type Config, loadConfig } from '../config.js';
import { openDb } from '../db/open.js';
import type { Shop } from '../db/shops.js';
import { createStore, type Store } from '../db/store.js';

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  env: NodeJS.ProcessEnv;
  stdin: () => string;
  /** Whether stdin is a terminal a person types on (else it is piped, or a file). */
  interactive?: boolean;
  /** Asks on the terminal without echoing the answer. */
  askSecret: (question: string) => Promise<string>;
}

/** A mistake the user can fix; shown without a stack trace. */
export class UsageError extends Error {}

/** Parses command options with zod; every problem is named by its option. */
export function parse<T extends z.ZodType>(schema: T, options: unknown): z.output<T> {
  const r = schema.safeParse(options);
  if (r.success) return r.data;
  throw new UsageError(r.error.issues.map((i) => `--${String(i.path[0]).replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())}: ${i.message}`).join('\n'));
}

export interface Context {
  io: Io;
  open(): { config: Config; store: Store };
  shopNamed(slug: string): Shop;
  json(v: unknown): void;
}

export function context(io: Io, cli: Command): Context {
  let opened: { config: Config; store: Store } | undefined;
  const open = () => {
    if (!opened) {
      const config = loadConfig(io.env);
      opened = { config, store: createStore(openDb(config.DATABASE_PATH)) };
    }
    return opened;
  };
  cli.hook('postAction', () => void opened?.store.db.close());
  return {
    io,
    open,
    shopNamed(slug) {
      const shop = open().store.shops.bySlug(slug);
      if (!shop) throw new UsageError(`there is no shop "${slug}" (see: nextdeal shop list)`);
      return shop;
    },
    json: (v) => io.out(JSON.stringify(v, null, 2) + '\n'),
  };
}
