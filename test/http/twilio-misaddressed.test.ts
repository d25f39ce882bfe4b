// Twilio's replies refused for their signature are lost: Twilio does not deliver a refused webhook again. The operator
// must hear why, also behind a reverse proxy that passes the public host only in X-Forwarded-Host, and the request is refused all the same: a signature counts only over PUBLIC_URL + path.
import { request } from 'node:http';
import twilio from 'twilio';
import { expect, it } from 'vitest';
import { createLogger } from '../../src/log.js';
import { PUBLIC_URL, TWILIO_AUTH_TOKEN, messageSid, scenario } from '../helpers.js';

const PATH = '/v1/twilio/inbound';

async function behindProxy(trustProxy: number) {
  const lines: string[] = [];
  const s = await scenario({ appOptions: { trustProxy, log: createLogger('info', { write: (l: string) => void lines.push(l) }) } });
  const params: Record<string, string> = {
    MessageSid: messageSid(), AccountSid: `AC${'0a1b2c3d'.repeat(4)}`, From: '+31613572468', To: '+15005550006', Body: 'Stop, de remmen piepen nog steeds',
  };
  /** A reply signed for `signedFor` with `token`, passed on as a proxy does with `headers` (node:http: fetch sets Host itself). */
  const post = (signedFor: string, headers: Record<string, string>, token = TWILIO_AUTH_TOKEN, form = params) =>
    new Promise<{ status: number; text: string }>((done, fail) => {
      const signature = twilio.getExpectedTwilioSignature(token, signedFor, form);
      const req = request(s.base + PATH, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature, ...headers } }, (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (c: string) => void (text += c)).on('end', () => done({ status: res.statusCode!, text }));
      });
      req.on('error', fail).end(new URLSearchParams(form).toString());
    });
  const errors = () => lines.map((l) => JSON.parse(l)).filter((l) => l.level === 50);
  return { ...s, lines, post, errors, params };
}

const FORWARDED = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'nextdeal.fietsenmaker.example' };

it('refuses a reply Twilio signed for the address a proxy forwards, and logs both addresses as an error once a minute', async () => {
  const s = await behindProxy(1);
  const console = 'https://nextdeal.fietsenmaker.example/v1/twilio/inbound';
  for (let i = 0; i < 3; i++) {
    const res = await s.post(console, FORWARDED);
    expect(res.status).toBe(403);
    expect(res.text).toContain('X-Twilio-Signature does not match');
  }
  expect(s.errors()).toEqual([
    expect.objectContaining({ twilioPostsTo: console, expected: `${PUBLIC_URL}${PATH}`, msg: expect.stringContaining('Twilio posts to another address than PUBLIC_URL') }),
  ]);
  s.clock.advance(61_000);
  expect((await s.post(console, FORWARDED)).status).toBe(403);
  expect(s.errors()).toHaveLength(2);
  expect(await s.all('SELECT id FROM replies')).toEqual([]);
  expect(await s.one('SELECT sms_opted_out_at FROM customers')).toEqual({ sms_opted_out_at: null });
  // Nothing of the customer's, nor the signature, in what was logged.
  const logged = s.lines.join('\n');
  for (const secret of ['13572468', 'remmen', s.params.MessageSid]) expect(logged).not.toContain(secret);
  expect(logged).not.toMatch(/x-twilio-signature/i);
});

it('logs a signature made for PUBLIC_URL with another auth token as an error once a minute: check TWILIO_AUTH_TOKEN', async () => {
  const s = await behindProxy(1);
  const atPublicUrl = { 'x-forwarded-proto': 'https', 'x-forwarded-host': new URL(PUBLIC_URL).host };
  for (let i = 0; i < 2; i++) expect((await s.post(PUBLIC_URL + PATH, atPublicUrl, 'an-old-auth-token')).status).toBe(403);
  expect(s.errors()).toEqual([expect.objectContaining({ expected: `${PUBLIC_URL}${PATH}`, msg: expect.stringContaining('check TWILIO_AUTH_TOKEN') })]);
  expect(s.errors()[0].msg).not.toContain('set TRUST_PROXY');
  s.clock.advance(61_000);
  expect((await s.post(PUBLIC_URL + PATH, atPublicUrl, 'an-old-auth-token')).status).toBe(403);
  expect(s.errors()).toHaveLength(2);
  // Junk with no account in its form (a scanner's): no error, however often; the 403 is its request line.
  s.clock.advance(61_000);
  const { AccountSid: _, ...noAccount } = s.params;
  for (let i = 0; i < 2; i++) expect((await s.post(PUBLIC_URL + PATH, atPublicUrl, 'guessed', noAccount)).status).toBe(403);
  expect(s.errors()).toHaveLength(2);
  // A forgery for some other address, at another host: nothing to say.
  s.clock.advance(61_000);
  expect((await s.post('https://elders.example/v1/twilio/inbound', FORWARDED)).status).toBe(403);
  expect(s.errors()).toHaveLength(2);
  expect(await s.all('SELECT id FROM replies')).toEqual([]);
});

it('without TRUST_PROXY reads no forwarded address, and the error for a request to PUBLIC_URL\'s host says to set it', async () => {
  const s = await behindProxy(0);
  const console = 'https://nextdeal.fietsenmaker.example/v1/twilio/inbound';
  // A proxy that names the loopback address (nginx's proxy_pass): not PUBLIC_URL's host, so nothing is known.
  expect((await s.post(console, FORWARDED)).status).toBe(403);
  expect(s.errors()).toEqual([]);
  // One that passes PUBLIC_URL's host as Host, and the address Twilio posted to in X-Forwarded-Host, unread.
  expect((await s.post(console, { ...FORWARDED, host: new URL(PUBLIC_URL).host })).status).toBe(403);
  expect(s.errors()).toEqual([expect.objectContaining({ msg: expect.stringMatching(/check TWILIO_AUTH_TOKEN.*set TRUST_PROXY/) })]);
  expect(await s.all('SELECT id FROM replies')).toEqual([]);
});
