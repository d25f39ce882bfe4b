// What a sale's refunds make of it: still a sale for what was kept, or refunded, or voided.
import { describe, expect, it } from 'vitest';
import { type Refund, afterRefunds } from '../../src/domain/refunds.js';

const part = (amount: number, currency: string | null = null): Refund => ({ status: 'refunded', amount, currency });
const whole: Refund = { status: 'refunded', amount: null, currency: null };
const voided: Refund = { status: 'voided', amount: null, currency: null };

describe('afterRefunds', () => {
  it.each([
    ['no refund', 89.95, 'EUR', [], { status: 'completed', refunded: null }],
    ['a part', 89.95, 'EUR', [part(30)], { status: 'completed', refunded: 30 }],
    ['parts, summed in hundredths', 89.95, 'EUR', [part(0.1), part(0.2)], { status: 'completed', refunded: 0.3 }],
    ['parts that come to all of it', 89.95, 'EUR', [part(30), part(59.95)], { status: 'refunded', refunded: null }],
    ['more than all of it', 89.95, 'EUR', [part(100)], { status: 'refunded', refunded: null }],
    ['a refund of all of it', 89.95, 'EUR', [part(30), whole], { status: 'refunded', refunded: null }],
    ['a void, after any refund', 89.95, 'EUR', [whole, part(30), voided], { status: 'voided', refunded: null }],
    ['a part in the same currency, written otherwise', 89.95, 'EUR', [part(30, 'eur')], { status: 'completed', refunded: 30 }],
    ['a part in another currency: cannot be weighed', 89.95, 'EUR', [part(30, 'USD')], { status: 'refunded', refunded: null }],
    ['a part of a sale without a total', null, 'EUR', [part(30)], { status: 'refunded', refunded: null }],
    ['a part of a sale of nothing', 0, null, [part(1)], { status: 'refunded', refunded: null }],
    ['a part of nothing', 89.95, 'EUR', [part(0)], { status: 'refunded', refunded: null }],
  ] as const)('%s', (_name, total, currency, refunds, expected) => {
    expect(afterRefunds(total, currency, refunds)).toEqual(expected);
  });
});
