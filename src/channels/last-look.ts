// The last look before a message leaves for its provider. A channel's send may wait, after the dispatcher called it,
// for one of the few requests or connections it keeps to the provider (Twilio's IN_FLIGHT, the mail server's pool):
// behind slow answers, and for as long as its process is frozen. The dispatcher's look at its clocks (see
// src/queue/attempt.ts handOver) is therefore taken again at the last moment: once the send has its turn, right
// before its bytes go. Frozen while waiting (a paused VM), a send whose claim another instance may have taken since
// goes nowhere. Before, the first instance's waiting requests went the moment it woke: 32 customers texted twice.
// The look is handed down as an argument (handOver → Channel.send → its turn), not carried in an AsyncLocalStorage:
// on Node 20 one used once makes every promise of the process dearer, the sales' too (about 0.07 µs each).

/** Thrown by a last look (and only so): nothing was handed over. Channels pass it on as it is, never as the provider's answer. */
export class NotHandedOver extends Error {}

/** A send's last look at its claim: throws NotHandedOver when nothing may be handed over any more. */
export type LastLook = () => void;

/**
 * `n` at a time, the others waiting their turn, in order: each, given its turn, first takes its send's last look (if it
 * has one) and then goes.
 */
export function turns(n: number): <T>(go: () => Promise<T>, look?: LastLook) => Promise<T> {
  let free = n;
  const waiting: (() => void)[] = [];
  return async (go, look) => {
    if (free > 0) free--;
    else await new Promise<void>((next) => waiting.push(next));
    try {
      look?.();
      return await go();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else free++;
    }
  };
}
