// The last look before a message leaves for its provider. A channel's send may wait, after the dispatcher called it,
// for one of the few requests or connections it keeps to the provider (Twilio's IN_FLIGHT, the mail server's pool):
// behind slow answers, and for as long as its process is frozen. The dispatcher's look at its clocks (see
// src/queue/attempt.ts handOver) is therefore taken again at the last moment: once the send has its turn, right
// before its bytes go. Frozen while waiting (a paused VM), a send whose claim another instance may have taken since
// goes nowhere. Before, the first instance's waiting requests went the moment it woke: 32 customers texted twice.
// The look is handed down as an argument (handOver → Channel.send → its turn), not carried in an AsyncLocalStorage:
// on Node 20 one used once makes every promise of the process dearer, the sales' too (about 0.07 µs each).

/**
 * Thrown by a last look, and by the dispatcher's own steps around it (src/queue/attempt.ts): nothing was handed over.
 * Channels pass it on as it is, never as the provider's answer.
 */
export class NotHandedOver extends Error {}

/**
 * A send's last look at its claim: throws NotHandedOver when nothing may be handed over any more. `afterWait`, when the
 * send has one, is taken too by a send that had to wait for its turn, once it has it: the customer may have said STOP
 * while it waited, behind slow answers. It rejects with NotHandedOver likewise. A send that went at once does not take
 * it: its batch was looked at just before (for a customer's message, see src/queue/looks.ts: looked at in the database
 * again only when that look is older than a bound, and then together with every send still waiting).
 */
export interface LastLook {
  (): void;
  afterWait?: () => Promise<void>;
}

/** A send waiting for its turn, in whichever channel: its look, and how it leaves the wait. */
interface Waiting {
  look?: LastLook;
  turn(): void;
  refuse(err: unknown): void;
  line: Waiting[];
}
/** Every send waiting for a turn, in every channel of the process (see lookAgain). */
const waitingAnywhere = new Set<Waiting>();

/**
 * `n` at a time, the others waiting their turn, in order: each, given its turn, first takes its send's last look (if it
 * has one; one that waited, its look after the wait too) and then goes.
 */
export function turns(n: number): <T>(go: () => Promise<T>, look?: LastLook) => Promise<T> {
  let free = n;
  const line: Waiting[] = [];
  return async (go, look) => {
    let waited = false;
    if (free > 0) free--;
    else {
      await new Promise<void>((turn, refuse) => {
        const w = { look, turn, refuse, line };
        line.push(w);
        waitingAnywhere.add(w);
      });
      waited = true;
    }
    try {
      look?.();
      if (waited) await look?.afterWait?.();
      return await go();
    } finally {
      const next = line.shift();
      if (next) {
        waitingAnywhere.delete(next);
        next.turn();
      } else free++;
    }
  };
}

/** The last looks of the sends still waiting for their turn, in every channel of the process (see src/queue/looks.ts). */
export const waitingLooks = (): Set<LastLook> => new Set([...waitingAnywhere].flatMap((w) => (w.look ? [w.look] : [])));

/**
 * Every send still waiting for its turn takes its last look now, not once it has its turn: one that may no longer go
 * (its dispatcher stopping) leaves the wait at once, NotHandedOver, and is put back at once, rather than held
 * 'sending' behind the sends under way until the process exits, to be taken for a send in doubt.
 */
export function lookAgain(): void {
  for (const w of [...waitingAnywhere]) {
    try {
      w.look?.();
    } catch (err) {
      waitingAnywhere.delete(w);
      w.line.splice(w.line.indexOf(w), 1);
      w.refuse(err);
    }
  }
}
