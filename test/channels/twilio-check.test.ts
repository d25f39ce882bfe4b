// What the server says of Twilio as it starts (src/main.ts logs checkTwilio's answer): it asks for the account once,
// sending nothing, so that a wrong account SID or auth token, or an account Twilio suspended, shows at start and not
// the next morning, when every check-in fails. Against the Twilio stand-in on loopback, through the channel the
// server makes from its settings.
import { describe, expect, it } from 'vitest';
import { checkTwilio, channelsFrom } from '../../src/channels/index.js';
import { loadConfig } from '../../src/config.js';
import { ACCOUNT_SID, AUTH_TOKEN, startTwilio, twilioAccount } from '../fakes/twilio.js';
import { tempDir } from '../helpers.js';
import { freePort } from '../process/server.js';

const said = (env: Record<string, string>) => checkTwilio(channelsFrom(loadConfig({ OUTBOX_DIR: tempDir(), ...env })));

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
      msg: "Twilio refused nextdeal's login (Twilio 20003): SMS wait and are tried again, and no customer gets one until TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN (the Account SID and Auth Token in Twilio's console) are put right and nextdeal is restarted",
    };
    expect(await said({ ...twilioAccount(twilio.baseUrl), TWILIO_AUTH_TOKEN: 'pasted-the-test-token' })).toEqual(refused);
    expect(await said({ ...twilioAccount(twilio.baseUrl), TWILIO_ACCOUNT_SID: `AC${'b'.repeat(32)}` })).toEqual(refused);
    expect(twilio.calls.map((c) => c.method)).toEqual(['GET', 'GET']);
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

  it('Twilio out of reach, silent past TWILIO_TIMEOUT_SECONDS, or failing: says it could not ask, with the code', async () => {
    const reach = "SMS wait and are tried again; check that this machine reaches Twilio's API (TWILIO_API_BASE_URL, HTTP_PROXY, TWILIO_CA_BUNDLE) if this goes on";
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
