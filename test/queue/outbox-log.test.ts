// The outbox (no SMTP or Twilio set up) writes a message to a file: nobody gets it. The log said "message sent",
// "via": "outbox", and "alert sent" (the operator's review of 5 December), where the metrics, `dispatch` and the
// owner's page all say "outbox", never "sent" (README: the outbox). Now the log says "written to the outbox".
import { expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { configuredDispatcher } from '../../src/queue/dispatcher.js';
import { PUBLIC_URL, onCleanup, scenario, tempDir } from '../helpers.js';

it('says a check-in, an owner\'s alert and a join page\'s code the outbox took were written to the outbox, not sent', async () => {
  const s = await scenario(); // Sanne: SMS and e-mail; the owner's alerts to eigenaar@fietsenmaker.example
  const lines: string[] = [];
  const config = loadConfig({ OUTBOX_DIR: tempDir(), PUBLIC_URL });
  const { dispatcher, close } = configuredDispatcher(config, s.store, createLogger('info', { write: (l) => void lines.push(l) }));
  onCleanup(close);
  const customerId = (await s.one<{ id: number }>('SELECT id FROM customers')).id;
  // A customer at the counter asks the join page for a code by SMS.
  const asked = await fetch(`${s.base}/shops/fietsenmaker/join`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'phone=06+87654321&sms=yes' });
  expect(asked.status).toBe(200);
  await s.store.replies.record({ shopId: s.shop.shop.id, customerId, messageId: null, saleId: null, channel: 'sms', providerId: 'SM1', answer: null, body: 'De rits is kapot', at: s.clock.now() });
  const report = await dispatcher.tick(Date.parse('2026-03-15T10:00:00+01:00'));
  expect(report).toMatchObject({ sent: 0, outbox: 1, alerts: 1, confirmations: 1 });
  const said = lines.map((l) => JSON.parse(l) as { msg: string; via?: string; kind?: string });
  expect(said.filter((l) => l.via === 'outbox').map((l) => l.msg).sort()).toEqual(['alert written to the outbox', 'confirmation written to the outbox', 'message written to the outbox']);
  expect(said.find((l) => l.msg === 'message written to the outbox')).toMatchObject({ kind: 'checkin', via: 'outbox' });
  expect(said.filter((l) => / sent$/.test(l.msg))).toEqual([]);
});
