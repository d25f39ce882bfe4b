// The last look before a message leaves for its provider. A channel's send may wait, after the dispatcher called it,
// for one of the few requests or connections it keeps to the provider (Twilio's IN_FLIGHT, the mail server's pool):
// behind slow answers, and for as long as its process is frozen. The dispatcher's look at its clocks (see
// src/queue/attempt.ts handOver) is therefore taken again at the last moment: once the send has its turn, right
// before its bytes go. Frozen while waiting (a paused VM), a send whose claim another instance may have taken since
// goes nowhere. Before, the first instance's waiting requests went the moment it woke: 32 customers texted twice.
import { AsyncLocalStorage } from 'node:async_hooks';

/** Thrown by a last look (and only so): nothing was handed over. Channels pass it on as it is, never as the provider's answer. */
export class NotHandedOver extends Error {}

const looks = new AsyncLocalStorage<() => void>();

/** Calls `send` so that the channel under it calls `look` last thing before its bytes go (look throws NotHandedOver to stop). */
export const withLastLook = <T>(look: () => void, send: () => Promise<T>): Promise<T> => looks.run(look, send);

/**
 * `n` at a time, the others waiting their turn, in order: each, given its turn, first takes the last look of the send
 * it is part of (if any) and then goes.
 */
export function turns(n: number): <T>(go: () => Promise<T>) => Promise<T> {
  let free = n;
  const waiting: (() => void)[] = [];
  return async (go) => {
    if (free > 0) free--;
    else await new Promise<void>((next) => waiting.push(next));
    try {
      looks.getStore()?.();
      return await go();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else free++;
    }
  };
}
