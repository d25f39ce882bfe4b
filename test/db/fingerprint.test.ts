// A sale's fingerprint is stored with it and compared with the fingerprint of every sale posted again under its id: a
// retry is taken for the same sale, other content is a conflict. So the fingerprint must come out the same as the
// day it was stored, whatever the code that makes it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, fingerprint } from '../../src/db/fingerprint.js';
import type { Sale } from '../../src/domain/sale.js';

/** How fingerprints were made until 4 December 2026: the value copied with its keys sorted, then JSON.stringify. */
const sortedCopy = (v: unknown): unknown =>
  v && typeof v === 'object' && !Array.isArray(v)
    ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortedCopy((v as Record<string, unknown>)[k])]))
    : Array.isArray(v) ? v.map(sortedCopy) : v;

const sale: Sale = {
  tillSaleId: 'till-0001',
  status: 'completed',
  occurredAt: 1_764_579_600_000,
  customer: { name: 'Anna de Vries', phone: '+31612345678', email: 'anna@example.nl', locale: 'nl', posCustomerId: 'c-42', consent: { sms: true } },
  reason: 'Fietstochten "in de regen" — €',
  items: [{ name: 'Regenjas', sku: null, quantity: 1, unitPrice: 89.95 }, { name: 'Bidon', sku: 'B-1', quantity: 2, unitPrice: null }],
  total: 89.95,
  currency: 'EUR',
  staff: null,
};

describe('a sale fingerprint', () => {
  it('is the one stored for the same sale before (vectors made by the code of 3 December 2026)', () => {
    expect(fingerprint('k3y', sale)).toBe('920473b65ec7f5dcfbe7a364f68748ad8b5f8e5086e854bb49b1ca21a9d37e13');
    expect(fingerprint('k3y', { ...sale, customer: null, items: [] })).toBe('35d348693132e4a1e0a416a533f648cce381cdb5d240413b49de427466ad7336');
    // The status is left out: a sale posted again as refunded is a refund of it, not a conflict.
    expect(fingerprint('k3y', { ...sale, status: 'refunded' })).toBe(fingerprint('k3y', sale));
  });

  it('of a Shopify order marked shipped is the one stored for it before nextdeal read that (6 December 2026): sent again, the same sale', () => {
    expect(fingerprint('k3y', { ...sale, shipped: true })).toBe('920473b65ec7f5dcfbe7a364f68748ad8b5f8e5086e854bb49b1ca21a9d37e13');
  });

  it('does not depend on the order of the keys, and does on every value', () => {
    const reordered = { staff: null, currency: 'EUR', total: 89.95, items: sale.items, reason: sale.reason, customer: sale.customer, occurredAt: sale.occurredAt, status: sale.status, tillSaleId: sale.tillSaleId };
    expect(fingerprint('k3y', reordered)).toBe(fingerprint('k3y', sale));
    expect(fingerprint('k3y', { ...sale, total: 89.96 })).not.toBe(fingerprint('k3y', sale));
    expect(fingerprint('k3y', { ...sale, customer: { ...sale.customer!, consent: { sms: true, email: false } } })).not.toBe(fingerprint('k3y', sale));
  });

  it('writes the JSON of a sorted copy, byte for byte, for any value', () => {
    // Keys that look like array indices come first in a JavaScript object, in numeric order: the sorted copy had them so.
    const key = fc.oneof(fc.string(), fc.constantFrom('0', '1', '2', '9', '10', '01', '4294967294', '4294967295', '-1', '__proto__'));
    const value = fc.letrec((tie) => ({
      leaf: fc.oneof(fc.string(), fc.double(), fc.integer(), fc.boolean(), fc.constant(null), fc.constant(undefined)),
      node: fc.oneof({ depthSize: 'small' }, tie('leaf'), fc.array(tie('node')), fc.dictionary(key, tie('node'))),
    })).node;
    fc.assert(fc.property(value, (v) => {
      expect(canonicalJson(v)).toBe(JSON.stringify(sortedCopy(v)));
    }), { numRuns: 2000 });
  });
});
