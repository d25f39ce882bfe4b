// An owner's alert whose dispatcher died while it waited for the mail server (kill -9, a crash, the machine gone): the
// customer was promised a call, and the owner must hear of it. Before, the sweep took every such alert for one in
// doubt and nothing sent it again: 40 complaints claimed at once, 4 through the mail server's pool when the instance
// was killed, 36 never reached it and nobody ever read them. Now one never handed over (no address kept) goes again,
// and one perhaps handed over goes again once: the owner may get it twice, never not at all.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { hashPassword } from '../../src/domain/password.js';
import { configuredDispatcher } from '../../src/queue/dispatcher.js';
import { startSmtp } from '../fakes/smtp.js';
import { PUBLIC_URL, onCleanup, ownerClient, scenario, silent, tempDir } from '../helpers.js';

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

  it('after handing it over (perhaps it went, perhaps it waited in the pool): it goes again once', async () => {
    const s = await complained();
    await s.claimedAndDied(AFTERNOON, { handedOver: true });
    const other = s.instance();
    await other.tick(AFTERNOON + 11 * MINUTE);
    expect(s.mailed()).toEqual([OWNER]);
    expect(await s.alert()).toEqual({ status: 'sent', attempts: 2, error: null });
    await other.tick(AFTERNOON + 30 * MINUTE);
    expect(s.mailed()).toEqual([OWNER]);
  });

  it('twice after handing it over, with a refusal to retry between: not sent a third time (the review of the join codes)', async () => {
    const s = await complained();
    await s.claimedAndDied(AFTERNOON, { handedOver: true });
    await s.store.chores.sweep(AFTERNOON + MINUTE, AFTERNOON + 11 * MINUTE);
    const [id] = await s.store.alerts.claim(AFTERNOON + 11 * MINUTE, 10, AFTERNOON + 11 * MINUTE); // sent again: the mail server says later
    await s.store.alerts.markRetry(id!, AFTERNOON + 13 * MINUTE, 'provider_error', '421', AFTERNOON + 11 * MINUTE);
    await s.claimedAndDied(AFTERNOON + 13 * MINUTE, { handedOver: true }); // the try after it is cut off too
    await s.instance().tick(AFTERNOON + 24 * MINUTE);
    await s.instance().tick(AFTERNOON + 40 * MINUTE);
    expect(s.mailed()).toEqual([]);
    expect(await s.alert()).toMatchObject({ status: 'uncertain', error: 'interrupted' });
  });

  it("twice after handing it over: it is in doubt, not sent a third time, and the owner's page says so", async () => {
    const s = await complained();
    await s.claimedAndDied(AFTERNOON, { handedOver: true });
    await s.store.chores.sweep(AFTERNOON + MINUTE, AFTERNOON + 11 * MINUTE); // another instance's sweep
    expect(await s.alert()).toEqual({ status: 'scheduled', attempts: 1, error: 'interrupted' });
    await s.claimedAndDied(AFTERNOON + 11 * MINUTE, { handedOver: true }); // the instance sending it again dies too
    await s.instance().tick(AFTERNOON + 22 * MINUTE);
    await s.instance().tick(AFTERNOON + 40 * MINUTE);
    expect(s.mailed()).toEqual([]);
    expect(await s.alert()).toEqual({ status: 'uncertain', attempts: 2, error: 'interrupted' });

    await s.store.sessions.setPassword(s.shop.shop.id, await hashPassword('correct horse battery'));
    const owner = ownerClient(s.base);
    await owner.logIn('fietsenmaker', 'correct horse battery');
    /** The warning's words on the owner's overview, without markup; '' when there is none. */
    const warning = async () => {
      const page = await (await owner.get('/shops/fietsenmaker')).text();
      const start = page.indexOf('id="alerts-in-doubt"');
      return start < 0 ? '' : page.slice(start, page.indexOf('</section>', start)).replace(/^[^>]*>/, '').replace(/<[^>]+>/g, '');
    };
    expect(await warning()).toBe(
      'De e-mail aan jou over een probleem of vraag van een klant is misschien niet aangekomen: het versturen is onderbroken (bijvoorbeeld door een herstart) of de mailserver gaf geen antwoord. Kijk hieronder bij Terugbellen: daar staat de klant.',
    );
    // Once the owner has called the customer back and marked the reply handled, it is said no more.
    const reply = await s.one<{ id: number }>('SELECT id FROM replies');
    expect(await s.store.replies.handle((await s.store.shops.bySlug('fietsenmaker'))!, reply.id, s.clock.now())).toBe('handled');
    expect(await warning()).toBe('');
  });
});
