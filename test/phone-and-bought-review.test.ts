// The review (frv46d) of a phone read with words around it and of what the owner is shown as bought: what it found
// (each failed before its patch), and, as "documents", what it pinned as it is.
import { describe, expect, it } from 'vitest';
import { normalisePhone } from '../src/domain/contact.js';
import { boughtItems } from '../src/domain/purchase.js';
import { itemNames } from '../src/http/owner/format.js';
import { readRefund } from '../src/http/sales.js';

const line = (name: string, unitPrice: number | null, quantity = 1) => ({ name, sku: null, quantity, unitPrice });

describe('F1 a number with an extension is read as a mobile to text, the extension dropped', () => {
  // New in da7a8c4: with a LABEL word beside it, a mobile number WITH an extension is read; the comment on LABEL says
  // only "+44 7911 123456 ext" with no extension was meant.
  it.each([['mob +44 7911 123456 ext 12', 'NL'], ['+44 7911 123456 ext 12 (mob)', 'GB'], ['0612345678 ext 23 (mobiel)', 'NL']])(
    'refuses %s (%s)', (raw, country) => {
      expect(normalisePhone(raw, country).ok).toBe(false);
    });
  // Pre-existing (f2bdd14 too): the first parse (extract: false) takes the extension and drops it.
  it.each([['0612345678 ext 23', 'NL'], ['+44 7911 123456 ext 12', 'GB'], ['0612345678 x23', 'NL'], ['0612345678 #23', 'NL']])(
    '(pre-existing) refuses %s (%s)', (raw, country) => {
      expect(normalisePhone(raw, country).ok).toBe(false);
    });
});

describe('F2 a one-letter word is read as a label', () => {
  // "(m)" after a number on a till is as often "man"/"moeder" as "mobiel"; "M:" before it is the vCard-like label.
  it.each([['0612345678 (m)'], ['0612345678 M'], ['0612345678 (t)']])('refuses %s', (raw) => {
    expect(normalisePhone(raw, 'NL').ok).toBe(false);
  });
  it('documents: a label before the number with a colon is read', () => {
    expect(normalisePhone('M: 0612345678', 'NL')).toEqual({ ok: true, value: '+31612345678' });
  });
});

describe('F3 the owner is shown nothing for a sale of only lines the messages do not name', () => {
  it.each([
    [[line('Diversen', 25)], 25],
    [[line('Aanbetaling', 500)], 500],
    [[line('Borg', 100)], 100],
    [[line('Bezorging', 45)], 45],
  ])('%j: the card still names what the till rang up', (items, total) => {
    expect(itemNames(JSON.stringify(items), total)).not.toBe('');
  });
});

describe('F4 a trade-in or a return is not shown to the owner at all', () => {
  it('documents: an e-bike with an old bike traded in reads "E-bike" only', () => {
    expect(boughtItems([line('E-bike', 2400), line('Inruil oude fiets', -300)], 2100).map((i) => i.name)).toEqual(['E-bike']);
    expect(boughtItems([line('Schoenen maat 42', 80, -1), line('Schoenen maat 43', 80)], 0).map((i) => i.name)).toEqual(['Schoenen maat 43']);
    expect(boughtItems([line('Huur e-bike 1 dag', 25), line('Borg', 100)], 125).map((i) => i.name)).toEqual(['Huur e-bike 1 dag']);
  });
});

describe('F5 a refund body with "id": null under the API key', () => {
  it('documents: was a 400 at f2bdd14, now voids the sale in the path (as "id" left out does)', () => {
    expect(readRefund({ id: null, status: 'voided' }, 'sale-1', false)).toMatchObject({ ok: true, refund: { status: 'voided' } });
    expect(readRefund({ id: null }, 'sale-1', true)).toMatchObject({ ok: false, issues: [{ field: 'id' }] });
  });
});
