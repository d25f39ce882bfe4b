// Counts on the owner's pages as the shop's language writes them: 1.100 in Dutch, 1,100 in English, in sentences and
// tables alike (money already was: € 1.234,50). A busy shop's figures read at a glance.
import { describe, expect, it } from 'vitest';
import type { Shop } from '../../src/db/shops.js';
import { context } from '../../src/http/owner/format.js';
import { cohort } from '../../src/http/owner/sections/cohort.js';
import { checkins, reasons } from '../../src/http/owner/sections/figures.js';

const shop = { slug: 'fietsenmaker', name: 'Fietsenmaker', timezone: 'Europe/Amsterdam', country: 'NL', locale: 'nl' } as Shop;
const text = (h: { value: string }) => h.value.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim();

describe('counts of a thousand and more', () => {
  for (const [locale, big, back] of [['nl', '1.100', '367 van 1.100 klanten'], ['en', '1,100', '367 of 1,100 customers']] as const) {
    it(`are written the ${locale === 'nl' ? 'Dutch' : 'English'} way: ${big}`, () => {
      const c = context({ ...shop, locale }, 'csrf', locale, Date.parse('2026-06-30T12:00:00+02:00'), '');
      const why = text((reasons(c, [{ reason: 'cadeau', customers: 1100, judged: 1100, back: 367, rate: 33.4 }])));
      expect(why).toContain(`cadeau ${big} 33% ${back}`);
      const sent = text((checkins(c, { channels: [{ channel: 'sms', total: 12_345, sent: 12_345, answerable: 12_342, delivered: 12_001, failed: 3, waiting: 0, replied: 1_500 }], replies: [], optOuts: [] })));
      expect(sent).toContain(locale === 'nl' ? '12.345' : '12,345');
      const groups = text((cohort(c, { unit: 'month', columns: 1, rows: [{ cohort: 676, size: 2_048, cells: [50], current: null, partial: false }] })));
      expect(groups).toContain(locale === 'nl' ? '2.048' : '2,048');
    });
  }
});
