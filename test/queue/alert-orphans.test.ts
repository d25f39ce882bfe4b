// An owner's alert whose dispatcher died while it waited for the mail server (kill -9, a crash, the machine gone): the
// customer was promised a call, and the owner must hear of it. Before, the sweep took every such alert for one in
// doubt and nothing sent it again: 40 complaints claimed at once, 4 through the mail server's pool when the instance
// was killed, 36 never reached it and nobody ever read them. Now one never handed over (no address kept) goes again.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { configuredDispatcher } from '../../src/queue/dispatcher.js';
import { startSmtp } from '../fakes/smtp.js';
import { PUBLIC_URL, onCleanup, scenario, silent, tempDir } from '../helpers.js';

const AFTERNOON = Date.parse('2026-03-14T16:00:00+01:00'); // Sanne's check-in is not due yet
const MINUTE = 60_000;
const OWNER = 'eigenaar@fietsenmaker.example';

/** The scenario, a customer's complaint queued as an alert, a mail server on loopback, and instances' dispatchers. */
async function complained() {
  const s = await scenario();
  const smtp = await startSmtp();
  const config = loadConfig({ OUTBOX_DIR: tempDir(), PUBLIC_URL, SMTP_URL: smtp.url });
  const instance = () => {
    const { dispatcher, close } = configuredDispatcher(config, s.store, silent);
    onCleanup(close);
    return dispatcher;
  };
  const customerId = (await s.one<{ id: number }>('SELECT id FROM customers')).id;
  await s.store.replies.record({ shopId: s.shop.shop.id, customerId, messageId: null, saleId: null, channel: 'sms', providerId: 'SM1', answer: null, body: 'De rits is kapot', at: s.clock.now() });
  const alert = () => s.one<{ status: string; attempts: number; error: string | null }>('SELECT status, attempts, error FROM alerts');
  /** The addresses the mail server took an e-mail for. */
  const mailed = () => smtp.mails.map((m) => m.to && !Array.isArray(m.to) && m.to.text);
  /** A dispatcher claims the alert at `at` (and, `handedOver`, keeps its address, the last step before the mail server), and dies. */
  const claimedAndDied = async (at: number, { handedOver = false } = {}) => {
    const [id] = await s.store.alerts.claim(at, 10, at);
    expect(id).toBeDefined();
    if (handedOver) expect(await s.store.alerts.keep(id!, OWNER, at)).toBe(true);
  };
  return { ...s, instance, alert, mailed, claimedAndDied };
}

describe("an owner's alert whose dispatcher died", () => {
  it('before handing it over: another instance sends it once after the lease, its try given back', async () => {
    const s = await complained();
    await s.claimedAndDied(AFTERNOON);
    const other = s.instance();
    await other.tick(AFTERNOON + 5 * MINUTE); // within the lease: the claim may still be a live dispatcher's
    expect(s.mailed()).toEqual([]);
    await other.tick(AFTERNOON + 11 * MINUTE);
    expect(s.mailed()).toEqual([OWNER]);
    expect(await s.alert()).toEqual({ status: 'sent', attempts: 1, error: null });
    await other.tick(AFTERNOON + 12 * MINUTE);
    await other.tick(AFTERNOON + 30 * MINUTE);
    expect(s.mailed()).toEqual([OWNER]);
  });
});
