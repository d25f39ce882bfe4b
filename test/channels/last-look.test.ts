// The turns a channel's sends wait for (Twilio's requests, the mail server's connections) and the last look each send
// takes when its turn comes: its own claim's, whichever send freed the turn for it.
import { describe, expect, it } from 'vitest';
import { NotHandedOver, turns } from '../../src/channels/last-look.js';

describe('a send waiting its turn', () => {
  it('takes its own last look when its turn comes, not that of the send before it, and one stopped by it frees its turn', async () => {
    const inTurn = turns(1);
    const seen: string[] = [];
    let answer!: () => void;
    const first = inTurn(() => new Promise<void>((ok) => (answer = ok)), () => void seen.push('first looks'));
    const stale = () => {
      seen.push('second looks');
      throw new NotHandedOver();
    };
    const stopped = inTurn(async () => void seen.push('second goes'), stale);
    const third = inTurn(async () => void seen.push('third goes'), () => void seen.push('third looks'));
    await new Promise((ok) => setImmediate(ok));
    expect(seen).toEqual(['first looks']);
    answer();
    await first;
    await expect(stopped).rejects.toBeInstanceOf(NotHandedOver);
    await third;
    expect(seen).toEqual(['first looks', 'second looks', 'third looks', 'third goes']);
  });
});
