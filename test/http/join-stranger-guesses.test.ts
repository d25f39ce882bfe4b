// A stranger who knows a customer's number cannot stop them joining (a security review, December 2026). Asking again
// for a number that has its code gives a page of its own that takes the same code; wrong codes typed there used to
// count against the customer's code, so five of them voided it for the day. Now each page has its own tries, as many
// as any page (fewer would tell a stranger that somebody asked with the number today), and a request gives out only
// a few later pages (from each receipt's link its own), so the code stays unguessable: at most
// MAX_GUESSES + (LATER_PAGES + links × LATER_LINK_PAGES) × MAX_GUESSES wrong codes at one code, whatever the pages.
import { describe, expect, it } from 'vitest';
import { LATER_LINK_PAGES, LATER_PAGES, MAX_GUESSES } from '../../src/db/confirmations.js';
import { PUBLIC_URL, saleBody, scenario } from '../helpers.js';

const NUMBER = '+31612348888';
const NOW = '2026-03-14T15:32:00+01:00';

const postForm = (url: string, form: Record<string, string>) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString(), redirect: 'manual' });

/** A shop whose till sold something to a customer it does not know: the receipt carries the consent link /c/<code>. */
async function world() {
  const s = await scenario({ sale: { customer: null, reason: null } });
  const receipt = (s.sale.consentUrl as string).replace(PUBLIC_URL, s.base);
  const form = { phone: '06 12348888', sms: 'yes' };
  const pageToken = (page: string) => /action="\/j\/([\w-]+)"/.exec(page)?.[1];
  /** Posts the join page's form (or the receipt's) with the number; the token of the code page it answers with. */
  const ask = async (url = `${s.base}/shops/fietsenmaker/join`) => {
    const res = await postForm(url, form);
    expect(res.status).toBe(200);
    return pageToken(await res.text())!;
  };
  const typeCode = (token: string, code: string) => postForm(`${s.base}/j/${token}`, { code });
  const texts = () => s.sms.sent.filter((m) => m.to === NUMBER);
  const code = () => /\b(\d{6})\b/.exec(texts()[0]!.body)![1]!;
  /** Wrong codes on a page until it is void: "try n more times", then the counter. */
  const guessUntilVoid = async (token: string, tries: number) => {
    for (let i = 1; i <= tries; i++) {
      const res = await typeCode(token, String(i).padStart(6, '0'));
      expect(res.status).toBe(i < tries ? 400 : 429);
      expect(await res.text()).toContain(i < tries ? `Je kunt het nog ${tries - i} keer proberen.` : 'Te vaak een verkeerde code ingevuld.');
    }
  };
  return { ...s, receipt, form, ask, typeCode, texts, code, guessUntilVoid, join: `${s.base}/shops/fietsenmaker/join` };
}

describe('a stranger who types a customer\'s number and guesses on the page they get', () => {
  it('voids only their own page: the customer types the code on theirs and joins', async () => {
    const w = await world();
    const customers = await w.ask();
    await w.tick(NOW);
    expect(w.texts()).toHaveLength(1);
    const strangers = await w.ask();
    expect(strangers).not.toBe(customers);
    // The review's repro: five wrong codes on the stranger's page (the page is void after MAX_GUESSES of them).
    for (let i = 1; i <= 5; i++) expect([400, 429]).toContain((await w.typeCode(strangers, `00000${i}`)).status);
    // The customer's page still asks for the code, and takes it.
    expect(await (await fetch(`${w.base}/j/${customers}`)).text()).toContain('Vul je code in');
    const joined = await w.typeCode(customers, w.code());
    expect(joined.status).toBe(200);
    expect(await joined.text()).toContain('Fietsenmaker Test mag je nu vragen hoe het bevalt');
    expect(await w.one('SELECT phone, sms_consent FROM customers WHERE phone = ?', NUMBER)).toEqual({ phone: NUMBER, sms_consent: 1 });
    expect(w.texts()).toHaveLength(1); // the one code
  });

  it('leaves the receipt\'s link working with the code the customer got', async () => {
    const w = await world();
    await w.ask(); // the customer's first page, closed and gone
    await w.tick(NOW);
    await w.guessUntilVoid(await w.ask(), MAX_GUESSES);
    const viaReceipt = await w.ask(w.receipt);
    const joined = await w.typeCode(viaReceipt, w.code());
    expect(joined.status).toBe(200);
    expect(await w.one('SELECT c.phone FROM sales s JOIN customers c ON c.id = s.customer_id WHERE s.id = ?', w.sale.saleId)).toEqual({ phone: NUMBER });
    expect(w.texts()).toHaveLength(1);
  });

  it('leaves a customer who lost their page able to ask again and join with the same code', async () => {
    const w = await world();
    await w.ask();
    await w.tick(NOW);
    await w.guessUntilVoid(await w.ask(), MAX_GUESSES);
    const again = await w.ask();
    expect((await w.typeCode(again, w.code())).status).toBe(200);
    expect(w.texts()).toHaveLength(1);
  });

  it('also when the stranger asked first: the customer asks again and joins with the code that came', async () => {
    const w = await world();
    const strangers = await w.ask();
    await w.tick(NOW);
    await w.guessUntilVoid(strangers, MAX_GUESSES);
    const customers = await w.ask();
    expect((await w.typeCode(customers, w.code())).status).toBe(200);
  });
});

describe('the code stays unguessable however many pages are asked for', () => {
  it(`gives out ${LATER_PAGES} later pages from the join page and ${LATER_LINK_PAGES} from a receipt's link, each with ${MAX_GUESSES} tries, then sends the visitor to the counter`, async () => {
    const w = await world();
    const first = await w.ask();
    await w.tick(NOW);
    for (let i = 0; i < LATER_PAGES; i++) await w.guessUntilVoid(await w.ask(), MAX_GUESSES);
    const refused = await postForm(w.join, w.form);
    expect(refused.status).toBe(429);
    expect(await refused.text()).toContain('We kunnen je nu geen code sturen.');
    // The receipt's link has pages of its own (a stranger with only the number has no receipt), as few.
    for (let i = 0; i < LATER_LINK_PAGES; i++) await w.guessUntilVoid(await w.ask(w.receipt), MAX_GUESSES);
    expect((await postForm(w.receipt, w.form)).status).toBe(429);
    // The first page has its own tries all along: all the pages together, with one receipt's link, took
    // 5 + (5 + 1 × 3) × 5 = 45 wrong codes (30 with the number only).
    expect(MAX_GUESSES + (LATER_PAGES + 1 * LATER_LINK_PAGES) * MAX_GUESSES).toBe(45);
    await w.guessUntilVoid(first, MAX_GUESSES);
    expect((await w.typeCode(first, w.code())).status).toBe(429);
    expect(await w.all("SELECT id FROM sales WHERE till_sale_id LIKE 'join:%'")).toEqual([]);
    expect(w.texts()).toHaveLength(1);
  });
});

describe('what a stranger sees says nothing of who asked before', () => {
  it('every page has the same tries: a stranger cannot tell from "try n more times" that the customer asked today', async () => {
    const left = async (customerAskedFirst: boolean) => {
      const w = await world();
      if (customerAskedFirst) await w.ask(); // the customer, ten minutes earlier, not typed the code yet
      await w.tick(NOW);
      const strangers = await w.ask();
      await w.tick('2026-03-14T15:42:00+01:00'); // the code went (to the customer's phone) in either case
      const res = await w.typeCode(strangers, '000001');
      expect(res.status).toBe(400);
      return /Je kunt het nog (\d+) keer proberen\./.exec(await res.text())?.[1];
    };
    const fresh = await left(false);
    expect(fresh).toBe(String(MAX_GUESSES - 1));
    expect(await left(true)).toBe(fresh);
  });
});

describe('a receipt\'s link is the customer\'s own', () => {
  it('a stranger who uses the link on their own receipt with the customer\'s number leaves the customer\'s receipt link working', async () => {
    const w = await world();
    await w.ask(); // the customer's first page, closed and gone
    await w.tick(NOW);
    // The stranger bought something at the same shop: their own receipt, with its own link.
    const other = await w.post(saleBody({ id: 'sale-2', customer: null, reason: null }));
    const strangersReceipt = (other.body.consentUrl as string).replace(PUBLIC_URL, w.base);
    for (let i = 0; i < LATER_LINK_PAGES; i++) await w.ask(strangersReceipt);
    expect((await postForm(strangersReceipt, w.form)).status).toBe(429); // their own link's pages are used up
    // The customer's receipt link still gives a page, which takes the code.
    const viaReceipt = await w.ask(w.receipt);
    expect((await w.typeCode(viaReceipt, w.code())).status).toBe(200);
    expect(await w.one('SELECT c.phone FROM sales s JOIN customers c ON c.id = s.customer_id WHERE s.id = ?', w.sale.saleId)).toEqual({ phone: NUMBER });
    expect(w.texts()).toHaveLength(1);
  });
});
