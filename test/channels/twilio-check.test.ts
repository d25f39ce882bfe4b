// What the server says of Twilio as it starts (src/main.ts logs checkTwilio's answer): it asks for the account once,
// sending nothing, so that a wrong account SID or auth token, or an account Twilio suspended, shows at start and not
// the next morning, when every check-in fails. Against the Twilio stand-in on loopback, through the channel the
// server makes from its settings.
import { describe, expect, it, vi } from 'vitest';
import { askProviders, checkTwilio, channelsFrom } from '../../src/channels/index.js';
import { loadConfig } from '../../src/config.js';
import { hashPassword } from '../../src/domain/password.js';
import { createLogger } from '../../src/log.js';
import { configuredDispatcher } from '../../src/queue/dispatcher.js';
import { ACCOUNT_SID, AUTH_TOKEN, type TwilioFake, error20008, startTwilio, twilioAccount } from '../fakes/twilio.js';
import { all, createShop, messageSid, onCleanup, ownerClient, postSale, postTwilio, saleBody, startApp, tempDir, testStore, twimlMessage } from '../helpers.js';
import { freePort } from '../process/server.js';

const said = (env: Record<string, string>) => checkTwilio(channelsFrom(loadConfig({ OUTBOX_DIR: tempDir(), ...env })));

/**
 * A shop with `sales` check-ins by SMS due on 15 March, and the dispatcher the server makes from its settings, sending
 * through the stand-in (its account's GET answered `account`), pausing SMS after 2 failures in a row.
 */
async function sendingThrough(account: Parameters<TwilioFake['account']>[0], sales: number, env: Record<string, string> = {}) {
  const twilio = await startTwilio();
  twilio.account(account);
  const store = await testStore();
  const { shop, webhookSecret } = await createShop(store);
  const sold = Date.parse('2026-03-14T15:31:00+01:00');
  const base = await startApp(store, () => sold);
  const config = loadConfig({ ...twilioAccount(twilio.baseUrl), OUTBOX_DIR: tempDir(), PUBLIC_URL: 'http://localhost:3000', CHANNEL_PAUSE_AFTER: '2', ...env });
  const { dispatcher, channels, close } = configuredDispatcher(config, store, createLogger('silent'));
  onCleanup(close);
  for (let n = 1; n <= sales; n++) {
    await postSale(base, 'fietsenmaker', webhookSecret, saleBody({ id: `s${n}`, customer: { name: 'Sanne', phone: `06${40_000_000 + n}`, consent: { sms: true } } }), sold);
  }
  return { twilio, store, shop, dispatcher, channels, base };
}

describe('Twilio asked at start', () => {
  it('asks for the account once with its SID and token, sending nothing, and says that Twilio took them', async () => {
    const twilio = await startTwilio();
    expect(await said(twilioAccount(twilio.baseUrl))).toEqual({ ok: true, msg: "Twilio took nextdeal's login (TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN): its account is active" });
    expect(twilio.calls).toEqual([{
      method: 'GET', path: `/2010-04-01/Accounts/${ACCOUNT_SID}.json`, authorization: `Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64')}`, form: {},
    }]);
    expect(twilio.created).toEqual([]);
  });

  it('a wrong auth token or account SID: says Twilio refused the login and which settings to put right, never the token', async () => {
    const twilio = await startTwilio();
    const refused = {
      ok: false,
      code: 'Twilio 20003',
      msg: "Twilio refused nextdeal's login (Twilio 20003): SMS wait and are tried again, and no customer gets one until TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN (the Account SID and Auth Token in Twilio's console) are put right and nextdeal is restarted (if they are right, see in Twilio's console whether the account was suspended or closed: Twilio refuses its login too)",
    };
    expect(await said({ ...twilioAccount(twilio.baseUrl), TWILIO_AUTH_TOKEN: 'pasted-the-test-token' })).toEqual(refused);
    expect(await said({ ...twilioAccount(twilio.baseUrl), TWILIO_ACCOUNT_SID: `AC${'b'.repeat(32)}` })).toEqual(refused);
    expect(twilio.calls.map((c) => c.method)).toEqual(['GET', 'GET']);
  });

  // The task of 6 December: Twilio's test credentials (a second SID and token every account has) were said to be a
  // refused login. With them Twilio answers the account's GET 20008 (403) and a send as if it sent, to nobody.
  it("Twilio's test credentials: says so, that no customer gets a text, and which settings take the live ones", async () => {
    const twilio = await startTwilio();
    twilio.account({ status: 403, body: error20008 });
    expect(await said(twilioAccount(twilio.baseUrl))).toEqual({
      ok: false,
      code: 'Twilio 20008',
      msg: `TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN are Twilio's test credentials (Twilio 20008): with them Twilio texts nobody, so no customer gets an SMS; they wait and are tried again until TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN are set to the live Account SID and Auth Token (in Twilio's console, not its "Test credentials") and nextdeal is restarted`,
    });
  });

  // What Twilio documents ("Test inputs for SMS"): with test credentials a send from the magic +15005550006 (the
  // stand-in's TWILIO_FROM) is answered 201 and goes to nobody. Marked sent, the shop would think its customers got
  // their texts: once the check found test credentials, no send is made; the texts wait, paused as for a refused login.
  it('with test credentials no text is marked sent: none is handed to Twilio, they wait, and SMS pauses as for a refused login', async () => {
    const { twilio, store, shop, dispatcher, channels } = await sendingThrough({ status: 403, body: error20008 }, 3);
    const checked = checkTwilio(channels);
    const at = Date.parse('2026-03-15T10:00:00+01:00');
    expect(await dispatcher.tick(at)).toMatchObject({ sent: 0, retrying: 3, failed: 0 });
    expect((await checked)?.code).toBe('Twilio 20008');
    expect(twilio.calls.map((c) => c.method)).toEqual(['GET']);
    expect(twilio.created).toEqual([]);
    expect(await all(store.db, "SELECT status, error FROM messages WHERE kind = 'checkin'")).toEqual(Array(3).fill({ status: 'scheduled', error: 'provider_auth' }));
    expect((await store.health.paused(at)).map((p) => ({ channel: p.channel, lastError: p.lastError, cause: p.cause }))).toEqual([{ channel: 'sms', lastError: 'Twilio 20008', cause: 'login' }]);
    await store.sessions.setPassword(shop.id, await hashPassword('correct horse battery'));
    const owner = ownerClient(await startApp(store, () => at + 60_000));
    await owner.logIn('fietsenmaker', 'correct horse battery');
    expect(await (await owner.get('/shops/fietsenmaker')).text()).toContain('SMS gaat niet uit: de aanbieder weigerde 3 keer achter elkaar de instellingen van nextdeal');
  });

  // Its review: a send that waited for the check went at once when it ended, without the look a send takes after a wait:
  // a check-in went out seconds after the customer's STOP was confirmed to her ("Je bent afgemeld").
  it("a send that waited for the check looks again before it goes: a STOP meanwhile stops it", async () => {
    const { twilio, store, dispatcher, channels, base } = await sendingThrough('silent', 1, { TWILIO_TIMEOUT_SECONDS: '2' });
    const send = channels.sms.send.bind(channels.sms);
    let given = 0;
    channels.sms.send = (m, look) => (given++, send(m, look));
    const checked = checkTwilio(channels);
    const ticking = dispatcher.tick(Date.parse('2026-03-15T10:00:00+01:00'));
    await vi.waitFor(() => expect([given, twilio.calls.length]).toEqual([1, 1]), { timeout: 10_000, interval: 5 });
    const stop = await postTwilio(base, '/v1/twilio/inbound', { MessageSid: messageSid(), From: '+31640000001', To: '+15005550006', Body: 'STOP', NumMedia: '0' });
    expect(twimlMessage(stop.text)).toMatch(/Je bent afgemeld/);
    expect(await ticking).toMatchObject({ sent: 0, cancelled: 1 });
    expect((await checked)?.ok).toBe(false); // Twilio silent: the check gave up, and the send went on to its look
    expect(twilio.created).toEqual([]);
    expect(await all(store.db, "SELECT status, error FROM messages WHERE kind = 'checkin'")).toEqual([{ status: 'cancelled', error: 'opted_out' }]);
  });

  // A send Twilio answers 20008 (with test credentials Twilio takes every parameter of a send "except for
  // MessagingServiceSid", and answers 20008 to what they may not use): it waits as a refused login's, and after it no
  // send is handed over.
  it('a send Twilio answers 20008: the text waits, counted toward a pause of a refused login; the next is not handed over', async () => {
    const { twilio, store, dispatcher } = await sendingThrough('active', 1);
    twilio.answerNext(403, error20008);
    expect((await dispatcher.tick(Date.parse('2026-03-15T10:00:00+01:00'))).retrying).toBe(1);
    expect(await all(store.db, "SELECT status, error FROM messages WHERE kind = 'checkin'")).toEqual([{ status: 'scheduled', error: 'provider_auth' }]);
    expect(await all(store.db, 'SELECT channel, failures, last_error FROM channel_health')).toEqual([{ channel: 'sms', failures: 1, last_error: 'login_refused:Twilio 20008' }]);
    expect((await dispatcher.tick(Date.parse('2026-03-15T10:10:00+01:00'))).retrying).toBe(1);
    expect(twilio.calls.filter((c) => c.method === 'POST')).toHaveLength(1);
    expect(twilio.created).toEqual([]);
  });

  it('an account Twilio does not know (404): names TWILIO_ACCOUNT_SID', async () => {
    const twilio = await startTwilio();
    twilio.account({ status: 404, body: JSON.stringify({ code: 20404, message: `The requested resource /2010-04-01/Accounts/${ACCOUNT_SID}.json was not found`, more_info: 'https://www.twilio.com/docs/errors/20404', status: 404 }) });
    expect(await said(twilioAccount(twilio.baseUrl))).toEqual({
      ok: false,
      code: 'Twilio 20404',
      msg: "Twilio knows no account TWILIO_ACCOUNT_SID (Twilio 20404): SMS wait and are tried again, and no customer gets one until TWILIO_ACCOUNT_SID is put right (the Account SID in Twilio's console) and nextdeal is restarted",
    });
  });

  it('an account Twilio suspended or closed: says so, the login itself being right', async () => {
    const twilio = await startTwilio();
    twilio.account('suspended');
    expect(await said(twilioAccount(twilio.baseUrl))).toEqual({
      ok: false,
      code: 'account suspended',
      msg: "Twilio's account in TWILIO_ACCOUNT_SID is suspended (account suspended): no SMS goes out until it is active again (see Twilio's console: its billing, or Twilio's message about it); they wait and are tried again",
    });
    twilio.account('closed');
    expect(await said(twilioAccount(twilio.baseUrl))).toEqual({
      ok: false,
      code: 'account closed',
      msg: "Twilio's account in TWILIO_ACCOUNT_SID is not active (account closed): no SMS goes out through it; set TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN to an active account's and restart nextdeal",
    });
  });

  // Its review: Twilio's error pages say an account not active is answered 20005, 10001 or 20403 (not only a 200 with
  // its status), which read as a refused login or Twilio out of reach; a trial account was "active", and every
  // customer's text then fails (21608); a 404 that is not Twilio's own named the account SID, not the base URL.
  it('an account not active by Twilio\'s error codes, a trial account, a 404 not from Twilio: says which', async () => {
    const twilio = await startTwilio();
    const notActive = (code: number, status: number) => {
      twilio.account({ status, body: JSON.stringify({ code, message: 'Account not active', more_info: `https://www.twilio.com/docs/errors/${code}`, status }) });
      return said(twilioAccount(twilio.baseUrl));
    };
    for (const [code, status] of [[20005, 403], [10001, 400], [20403, 403]] as const) {
      expect(await notActive(code, status)).toEqual({
        ok: false,
        code: `Twilio ${code}`,
        msg: `Twilio's account in TWILIO_ACCOUNT_SID is not active (Twilio ${code}): no SMS goes out through it; set TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN to an active account's and restart nextdeal`,
      });
    }
    twilio.account('trial');
    expect(await said(twilioAccount(twilio.baseUrl))).toEqual({
      ok: false,
      code: 'account trial',
      msg: "Twilio's account in TWILIO_ACCOUNT_SID is a trial account (account trial): it texts only the numbers verified in Twilio's console, so customers' texts wait (Twilio 21608), each up to 48 hours, until the account is upgraded",
    });
    twilio.account({ status: 404, body: '<h1>Not Found</h1>' });
    expect(await said(twilioAccount(twilio.baseUrl))).toMatchObject({ ok: false, code: 'HTTP 404', msg: expect.stringContaining('check TWILIO_API_BASE_URL (or the proxy in HTTP_PROXY) if set, then TWILIO_ACCOUNT_SID') });
  });

  it('Twilio out of reach, silent past TWILIO_TIMEOUT_SECONDS, or failing: says it could not ask, with the code', async () => {
    const reach = "this changes nothing for texts, which go as they would without it (none while SMS is paused), and one that cannot reach Twilio waits and is tried again; check that this machine reaches Twilio's API (TWILIO_API_BASE_URL, HTTP_PROXY, TWILIO_CA_BUNDLE) if this goes on";
    const nobody = `http://127.0.0.1:${await freePort()}`;
    expect(await said(twilioAccount(nobody))).toEqual({ ok: false, code: 'ECONNREFUSED', msg: `could not ask Twilio about the account in TWILIO_ACCOUNT_SID (ECONNREFUSED): ${reach}` });
    const twilio = await startTwilio();
    twilio.account('silent');
    expect(await said({ ...twilioAccount(twilio.baseUrl), TWILIO_TIMEOUT_SECONDS: '1' })).toEqual({ ok: false, code: 'ETIMEDOUT', msg: `could not ask Twilio about the account in TWILIO_ACCOUNT_SID (ETIMEDOUT): ${reach}` });
    twilio.account({ status: 503, body: JSON.stringify({ code: 20503, message: 'Service Unavailable', more_info: 'https://www.twilio.com/docs/errors/20503', status: 503 }) });
    expect(await said(twilioAccount(twilio.baseUrl))).toEqual({ ok: false, code: 'Twilio 20503', msg: `could not ask Twilio about the account in TWILIO_ACCOUNT_SID (Twilio 20503): ${reach}` });
  });

  it('asks nothing when SMS goes to the outbox: Twilio unset, or OUTBOX_CHANNELS=sms', async () => {
    const twilio = await startTwilio();
    expect(await said({})).toBeNull();
    expect(await said({ ...twilioAccount(twilio.baseUrl), OUTBOX_CHANNELS: 'sms' })).toBeNull();
    expect(twilio.calls).toEqual([]);
  });
});

// The task of 6 December: e-mail's pause for a refused login ended once the restarted server's login passed; SMS's
// went on until CHANNEL_PAUSE_MINUTES ended, the owner's page saying SMS was paused, though the token was put right.
describe('a passing check of Twilio at start', () => {
  const at = Date.parse('2026-03-15T10:00:00+01:00');
  /** SMS paused, its last failure `code` (`login`: a refused login's, or its From number's); asked, as the server starts. */
  async function pausedThenAsked(code: string, cause: 'login' | 'provider', account: 'active' | 'trial' | 'suspended') {
    const twilio = await startTwilio();
    twilio.account(account);
    const store = await testStore();
    for (let i = 0; i < 5; i++) await store.health.failed('sms', code, at, 5, 24 * 60 * 60_000, cause);
    const lines: string[] = [];
    await askProviders(channelsFrom(loadConfig({ OUTBOX_DIR: tempDir(), ...twilioAccount(twilio.baseUrl) })), store.health, createLogger('info', { write: (l: string) => void lines.push(l) }));
    const said = lines.map((l) => JSON.parse(l) as { msg: string }).map((l) => l.msg);
    return { paused: (await store.health.paused(at + 60_000)).map((p) => p.lastError), said };
  }

  it("ends SMS's pause for a refused login (a wrong token, test credentials), and says so", async () => {
    for (const code of ['Twilio 20003', 'Twilio 20008']) {
      expect(await pausedThenAsked(code, 'login', 'active')).toEqual({
        paused: [],
        said: ["Twilio took nextdeal's login (TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN): its account is active", 'SMS had its login refused before: it goes again'],
      });
    }
  });

  it('ends no pause for a refused From number, nor for Twilio failing; nor any when the account is a trial or suspended one', async () => {
    expect(await pausedThenAsked('Twilio 21606', 'login', 'active')).toMatchObject({ paused: ['Twilio 21606'], said: [expect.stringContaining('its account is active')] });
    expect(await pausedThenAsked('Twilio 21212', 'login', 'active')).toMatchObject({ paused: ['Twilio 21212'] });
    expect(await pausedThenAsked('Twilio 20003', 'provider', 'active')).toMatchObject({ paused: ['Twilio 20003'] });
    expect(await pausedThenAsked('Twilio 20003', 'login', 'trial')).toMatchObject({ paused: ['Twilio 20003'], said: [expect.stringContaining('is a trial account')] });
    expect(await pausedThenAsked('Twilio 20003', 'login', 'suspended')).toMatchObject({ paused: ['Twilio 20003'], said: [expect.stringContaining('is suspended')] });
  });
});
