// The dispatcher's log names the shop of each message it warns about, by its short name (not personal data): an
// operator of many shops learns from it which shops to tell of sends in doubt. Before, a send in doubt was logged with
// its message number, kind and channel only, and sends cut off by a dispatcher that died as a count (the vendor review,
// finding 5).
import { describe, expect, it } from 'vitest';
import { SendFailure } from '../../src/channels/types.js';
import { createLogger } from '../../src/log.js';
import { createShop, postSale, run, saleBody, scenario, testDispatcher } from '../helpers.js';

const MORNING = '2026-03-15T10:00:00+01:00';

async function logged() {
  const s = await scenario();
  const lines: Record<string, unknown>[] = [];
  const d = testDispatcher(s.store, {}, { log: createLogger('info', { write: (l) => void lines.push(JSON.parse(l)) }) });
  const tick = (iso: string) => d.dispatcher.tick(Date.parse(iso));
  const said = (msg: string) => lines.filter((l) => String(l.msg).startsWith(msg));
  return { ...s, d, tick, lines, said };
}

describe("the dispatcher's log", () => {
  it('names the shop of a send in doubt', async () => {
    const s = await logged();
    const timeout = () => new SendFailure({ reason: 'in_doubt', kind: 'in_doubt', detail: 'no answer after the message' });
    s.d.sms.failNext(timeout());
    s.d.email.failNext(timeout());
    expect(await s.tick(MORNING)).toMatchObject({ uncertain: 1 });
    expect(s.said('sent in doubt')).toEqual([expect.objectContaining({ shop: 'fietsenmaker', kind: 'checkin' })]);
  });

  it('names the shops of sends a dispatcher that died cut off, with how many each', async () => {
    const s = await logged();
    const other = await createShop(s.store, { slug: 'bakker', name: 'Bakker Jansen' });
    await postSale(s.base, 'bakker', other.webhookSecret, saleBody({ id: 'b-1' }), s.clock.now());
    // Each shop's check-in and invitation were being handed over when their dispatcher died.
    await run(s.store.db, "UPDATE messages SET status = 'sending', claimed_at = 1, recipient = '+31613572468', content = 'hallo'");
    expect(await s.tick(MORNING)).toMatchObject({ uncertain: 4 });
    const [cutOff] = s.said('sends cut off mid-send');
    expect(cutOff).toMatchObject({ uncertain: 4, shops: { fietsenmaker: 2, bakker: 2 } });
  });
});
