// `customer erase --phone` (and export, consent) with the phone as the operator has it off a receipt or the till's
// customer card, words and all: "0201234567 (vast)" was answered with the till's advice ("--phone: holds more than a
// phone number: send only the number"), and "+31 20 123 4567 ext 12" was read as the landline without saying so.
import { describe, expect, it } from 'vitest';
import { run } from '../src/cli.js';
import { createShop, postSale, saleBody, startApp, tempDir, testStore } from './helpers.js';

/**
 * A shop whose till sold to Gerrit (his landline with a word beside it: left out), and twice to Truus (a landline,
 * plain and with an extension).
 */
async function shop() {
  const store = await testStore();
  const { webhookSecret } = await createShop(store);
  const base = await startApp(store, Date.now);
  const sell = async (id: string, customer: Record<string, unknown>) => {
    const res = await postSale(base, 'fietsenmaker', webhookSecret, saleBody({ id, customer: { consent: { email: true }, ...customer } }));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as { warnings?: { field: string; message: string }[] };
  };
  const gerrit = await sell('s1', { name: 'Gerrit Vast', phone: '0201234567 (vast)', email: 'gerrit@example.com' });
  expect(gerrit.warnings).toEqual([{ field: 'customer.phone', message: expect.stringMatching(/: left out$/) }]);
  await sell('s2', { name: 'Truus Toestel', phone: '+31 20 765 4321 ext 12', email: null });
  await sell('s3', { name: 'Truus Toestel', phone: '020 7654321', email: null });
  const env = { ...(store.db.engine === 'sqlite' ? { DATABASE_PATH: store.db.file } : { DATABASE_URL: store.db.url }), OUTBOX_DIR: tempDir() };
  const cli = async (...args: string[]) => {
    let [out, err] = ['', ''];
    const code = await run(args, { out: (s) => void (out += s), err: (s) => void (err += s), env, stdin: () => '', askSecret: async () => '' });
    return { code, out, err };
  };
  return { cli };
}

describe('customer erase --phone, the phone as written on the receipt', () => {
  it('reads the one number beside words, says so and that a sale with it written so kept no phone, and erases by it', async () => {
    const { cli } = await shop();
    // Gerrit's own sale kept no phone: by his number, nobody; the CLI says why, and where to find him.
    expect(await cli('customer', 'erase', '--slug', 'fietsenmaker', '--phone', '0201234567 (vast)')).toEqual({
      code: 1,
      out: '',
      err:
        '--phone: read as +31201234567, the one number in "0201234567 (vast)". A till\'s sale with the phone written so holds none ' +
        '(nextdeal left it out), so its customer is not found by it: find them by --email, or the sale by --sale <id>\n' +
        'shop "fietsenmaker" has no customer with the phone number +31201234567\n',
    });
    expect(await cli('customer', 'erase', '--slug', 'fietsenmaker', '--email', 'gerrit@example.com')).toMatchObject({ code: 0, out: expect.stringMatching(/^erased 1 customer row, 1 sale,/) });
    // Truus's landline, written with a word beside it as on her card: her row holds it.
    expect(await cli('customer', 'erase', '--slug', 'fietsenmaker', '--phone', '0207654321 (vast)')).toMatchObject({
      code: 0, out: expect.stringMatching(/^erased 1 customer row, 2 sales,/), err: expect.stringMatching(/^--phone: read as \+31207654321, the one number in "0207654321 \(vast\)"\./),
    });
  });

  it('says what it read of a number with an extension, and refuses two numbers, naming them', async () => {
    const { cli } = await shop();
    expect(await cli('customer', 'export', '--slug', 'fietsenmaker', '--phone', '+31 20 765 4321 ext 12')).toMatchObject({
      code: 0, err: '--phone: read as +31207654321 (what stands beside the number left aside)\n',
    });
    expect(await cli('customer', 'erase', '--slug', 'fietsenmaker', '--phone', '020 7654321 / 06 12345678')).toEqual({
      code: 1, out: '', err: '--phone: "020 7654321 / 06 12345678" holds 2 phone numbers (+31207654321, +31612345678): give one of them, and each other one in a run of its own\n',
    });
    expect(await cli('customer', 'erase', '--slug', 'fietsenmaker', '--phone', '06-123')).toEqual({ code: 1, out: '', err: '--phone: not a valid phone number (local numbers are read as NL)\n' });
    expect(await cli('customer', 'export', '--slug', 'fietsenmaker', '--phone', '020 7654321')).toMatchObject({ code: 0, err: '' });
  });
});
