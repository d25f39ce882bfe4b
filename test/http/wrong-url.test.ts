// A till integrator's mistakes in the URL: a vendor's own webhook pointed at the generic sale URL (Shopify retries, then
// switches the webhook off, and the owner never learns why), and the shop's slug typed with a capital.
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sign, signV2 } from '../../src/http/signature.js';
import { PUBLIC_URL, createShop, saleBody, startApp, testClock, testStore } from '../helpers.js';

async function setup() {
  const store = await testStore();
  const clock = testClock('2026-03-14T15:31:00+01:00');
  const { webhookSecret, shop } = await createShop(store);
  const base = await startApp(store, clock.now);
  const post = async (path: string, raw: string, headers: Record<string, string>) => {
    const res = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: raw });
    return { status: res.status, body: (await res.json()) as { error: string; message: string } };
  };
  return { store, clock, shop, webhookSecret, post };
}

const GENERIC = 'sign the body with Nextdeal-Signature, or send Authorization: Bearer <API key>';

describe("a vendor's delivery posted to the generic sale URL", () => {
  it('is answered 401 naming the vendor and the URL its webhooks go to, never the signature', async () => {
    const { post } = await setup();
    const order = JSON.stringify({ id: 820982911946154500, test: false, source_name: 'pos' });
    const hmac = createHmac('sha256', 'shpss_the_shops_key').update(order).digest('base64');
    const res = await post('/v1/shops/fietsenmaker/sales', order, { 'x-shopify-hmac-sha256': hmac, 'x-shopify-topic': 'orders/create' });
    expect(res).toEqual({
      status: 401,
      body: {
        error: 'unauthorized',
        message: `this looks like a Shopify webhook (it has X-Shopify-Hmac-Sha256): Shopify's webhooks go to ${PUBLIC_URL}/v1/shops/fietsenmaker/webhooks/shopify `
          + '(nextdeal shop connect shopify; nextdeal shop show lists the URL), not to this URL, which takes the generic sale signed with Nextdeal-Signature',
      },
    });
    expect(res.body.message).not.toContain(hmac);
    const others: [string, string][] = [['x-square-hmacsha256-signature', 'Square'], ['x-izettle-signature', 'Zettle'], ['x-loyverse-signature', 'Loyverse']];
    for (const [header, name] of others) {
      const answer = await post('/v1/shops/fietsenmaker/sales/1003/refund', '{}', { [header]: 'c2lnbmVk' });
      expect(answer.status, header).toBe(401);
      expect(answer.body.message, header).toMatch(new RegExp(`^this looks like a ${name} webhook .*/v1/shops/fietsenmaker/webhooks/${name.toLowerCase()} `));
    }
    // A request with no credential and no vendor's header is told what it always was.
    expect(await post('/v1/shops/fietsenmaker/sales', order, {})).toEqual({ status: 401, body: { error: 'unauthorized', message: GENERIC } });
  });
});

describe('a generic till that signs with a header named X-Signature', () => {
  it('is told to sign with Nextdeal-Signature or send the API key, not that it is a Lightspeed webhook, unless the shop is connected to Lightspeed', async () => {
    const { post, store, shop, clock } = await setup();
    const sale = JSON.stringify(saleBody({ id: 'x-sig' }));
    expect(await post('/v1/shops/Fietsenmaker/sales', sale, { 'x-signature': 't=1,v1=abc' })).toEqual({ status: 401, body: { error: 'unauthorized', message: GENERIC } });
    await store.tills.connect(shop.id, 'lightspeed', { secret: 'lightspeed-secret' }, clock.now());
    const lightspeed = await post('/v1/shops/fietsenmaker/sales/1003/refund', '{}', { 'x-signature': 'c2lnbmVk' });
    expect(lightspeed.status).toBe(401);
    expect(lightspeed.body.message).toMatch(new RegExp(`^this looks like a Lightspeed webhook \\(it has X-Signature\\): .*/v1/shops/fietsenmaker/webhooks/lightspeed `));
  });
});

describe("a shop's slug typed with capitals", () => {
  it('finds the shop (a slug is lower case), signed v1 or v2 over the path as posted', async () => {
    const { post, clock, webhookSecret } = await setup();
    const t = Math.floor(clock.now() / 1000);
    const v1 = JSON.stringify(saleBody({ id: 'caps-1' }));
    expect(await post('/v1/shops/Fietsenmaker/sales', v1, { 'nextdeal-signature': sign(webhookSecret, v1, t) })).toMatchObject({ status: 201 });
    const v2 = JSON.stringify(saleBody({ id: 'caps-2' }));
    const path = '/v1/shops/FIETSENMAKER/sales';
    expect(await post(path, v2, { 'nextdeal-signature': signV2(webhookSecret, 'POST', path, v2, t) })).toMatchObject({ status: 201 });
    expect(await post('/v1/shops/Nobody/sales', v1, { 'nextdeal-signature': sign(webhookSecret, v1, t) }))
      .toEqual({ status: 404, body: { error: 'unknown_shop', message: 'there is no shop "Nobody"' } });
  });

  it('is no new allowance of failed attempts: every case of the slug counts as the one shop', async () => {
    const { post } = await setup();
    const cases = ['fietsenmaker', 'Fietsenmaker', 'FIETSENMAKER', 'fIetsenmaker'];
    for (let n = 0; n < 60; n++) {
      expect((await post(`/v1/shops/${cases[n % cases.length]}/sales`, '{}', { authorization: 'Bearer wrong' })).status).toBe(401);
    }
    expect((await post('/v1/shops/fiEtsenmaker/sales', '{}', { authorization: 'Bearer wrong' })).status).toBe(429);
  });
});
