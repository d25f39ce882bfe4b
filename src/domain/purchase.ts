// What a sale bought, as a message names it: the main thing first (the line worth most), then the other things; not
// what a receipt holds besides the products (a discount, a deposit, points, VAT, "Diversen", a 10-cent bag beside a
// bike), nor a line brought back or scanned and taken off again.
import type { SaleItem } from './sale.js';

/** A name as compared with the lists below: lower case, without accents, its words of letters only ("10% Korting": "korting"). */
const fold = (name: string): string =>
  name.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^\p{L}]+/gu, ' ').trim();

/**
 * Receipt lines that are no product the customer bought, Dutch and English: named, they make a message say "kocht je
 * Korting en meer". Only as the WHOLE name, its numbers and signs left out ("Korting 10%", "10% korting", "Omzet 21%
 * BTW", "BTW 21%"): a name that only starts or ends with one is a product ("Delivery bike", "Bakfiets delivery", "Borg
 * ring 14k goud", "Punten slijpen", "Tax-free fiets", "Vat 200 liter", "Shipping box", "Regenjas met korting"), and so
 * is a charge the shop sells as its work ("Arbeidskosten", "Reparatiekosten") or a compound of zegels ("Postzegels").
 * "Tip" and "Porto" are not here: "Tip-Ex", a port wine.
 */
const NOT_PRODUCTS = new Set([
  'korting', 'kortingsbon', 'kortingscode', 'klantkorting', 'personeelskorting', 'kassakorting', 'actiekorting', 'extra korting',
  'discount', 'staff discount', 'customer discount', 'coupon',
  'statiegeld', 'statiegeldbon', 'emballage', 'borg', 'deposit', 'bottle deposit', 'leeggoed',
  'spaarpunten', 'spaarpunten ingewisseld', 'punten', 'punten ingewisseld', 'bonuspunten', 'zegels', 'spaarzegels', 'koopzegels', 'airmiles',
  'loyalty', 'loyalty points', 'loyalty points redeemed', 'points', 'points redeemed', 'stempelkaart',
  'btw', 'omzet', 'omzet btw', 'vat', 'tax', 'sales tax', 'accijns',
  'diversen', 'divers', 'overig', 'overige', 'overigen', 'misc', 'miscellaneous', 'various', 'sundries', 'open bedrag', 'open prijs', 'open amount',
  'service charge', 'servicekosten', 'bedieningsgeld', 'fooi', 'gratuity',
  'bezorgkosten', 'bezorging', 'verzendkosten', 'verzending', 'verpakkingskosten', 'shipping', 'delivery', 'postage', 'handling', 'handling fee',
  'administratiekosten', 'transactiekosten', 'pinkosten', 'toeslag', 'surcharge', 'fee',
  'afronding', 'afrondingsverschil', 'rounding', 'aanbetaling', 'vooruitbetaling', 'down payment', 'wisselgeld',
  // what a pharmacy or a garage adds to the bill ("Eigen risico", "Milieutoeslag")
  'eigen risico', 'eigen bijdrage', 'receptregel', 'receptregelvergoeding', 'milieutoeslag', 'milieuheffing', 'verwijderingsbijdrage',
]);

/** Bought as a product, but named only when nothing else was: the gift card someone bought as a present. */
const GIFT_CARDS = ['cadeaubon', 'cadeaukaart', 'cadeaucheque', 'giftcard', 'gift card', 'gift voucher', 'tegoedbon', 'waardebon', 'voucher'];
/** A carrier bag at the till: its whole name is these words ("Plastic tas", "Papieren draagtasje"); not "Fietstas". */
const BAG_WORDS = new Set(['tas', 'tasje', 'tassen', 'draagtas', 'draagtasje', 'boodschappentas', 'zak', 'zakje', 'bag', 'bags', 'carrier', 'shopping', 'carrierbag']);
const BAG_MODIFIERS = new Set(['plastic', 'papieren', 'paper', 'katoenen', 'cotton', 'herbruikbare', 'reusable', 'grote', 'kleine', 'large', 'small', 'extra']);

/** Whether a folded name starts with one of `terms` ("Cadeaubon 25"), or ends with one after at most one other word. */
function named(folded: string, terms: readonly string[]): boolean {
  const words = folded.split(' ');
  return terms.some((t) => {
    const n = t.split(' ').length;
    return folded === t || folded.startsWith(`${t} `) || (words.length <= n + 1 && folded.endsWith(` ${t}`));
  });
}

const isBag = (folded: string): boolean => {
  const words = folded.split(' ');
  return BAG_WORDS.has(words.at(-1)!) && words.every((w) => BAG_WORDS.has(w) || BAG_MODIFIERS.has(w));
};

/** How a line is told apart from another: its name as the till wrote it, in any case and spacing ("maat 42" is not "maat 43"). */
const keyOf = (name: string): string => name.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();

/**
 * The products a sale bought, the main one first: the line worth most (quantity × unit price), when the till gave
 * every price; else in the till's order. A price of 0 is one the till was not given ("Fiets" at €0 beside a €35 lock),
 * unless the sale came to 0 (`total`: a repair under warranty). Left out: a line of less than no value (a discount), a
 * line brought back (a negative quantity, in an exchange) and the line it takes off at its price (scanned, then taken
 * off again; not a bike traded in for less, nor a defect swapped when nothing else was bought),
 * and what is no product (NOT_PRODUCTS). A gift card counts only when no other product was bought, and a line of no
 * value in a sale of nothing, or a bag cheaper than another line (or of no known price), only when nothing else was,
 * not even a gift card: a leather "Tas" dearer than the purse beside it is the product. The same product on two lines
 * is one. Empty when nothing is left: the message then says "iets", "something".
 */
export function purchases(items: readonly SaleItem[], total: number | null = null): SaleItem[] {
  return productsBought(items, total, false);
}

/**
 * What a sale bought as its owner is shown it (the alert, a reply's card, a consent link waiting), by the messages' rule
 * (purchases): no discount, deposit or other line that is no product, no line brought back or taken off; the main one
 * first. Unlike a message, which names one thing, every product: a gift card or a carrier bag beside another product
 * is kept, as the owner may want to know of it ("Regenjas, Cadeaubon 25").
 */
export function boughtItems(items: readonly SaleItem[], total: number | null = null): SaleItem[] {
  const bought = productsBought(items, total, true);
  // Nothing a message names ("Diversen", "Aanbetaling", "Borg" alone): the owner is shown what the till rang up, not
  // "–" as if it had sent no lines; still no line brought back or of less than no value.
  return bought.length > 0 ? bought : items.filter((i) => i.quantity > 0 && (i.unitPrice === null || i.unitPrice >= 0));
}

/** purchases(), or with `every` boughtItems(). */
function productsBought(items: readonly SaleItem[], total: number | null, every: boolean): SaleItem[] {
  const linesOf = () => items.map((item) => ({ item, key: keyOf(item.name), left: item.quantity }));
  const lines = linesOf();
  // A line taken off (-1) takes off the line it reverses (+1): the same product, by name or by SKU, at the same unit
  // price; without prices, only in a sale that came to nothing. A bike traded in for less than the one bought takes
  // nothing off: "Fiets" 1200 and "Fiets" 300 × -1 bought a bike.
  const samePrice = (a: SaleItem, b: SaleItem) =>
    a.unitPrice === null && b.unitPrice === null ? total !== null && total <= 0 : a.unitPrice === b.unitPrice;
  for (const back of lines.filter((l) => l.left < 0)) {
    for (const l of lines) {
      if (back.left >= 0) break;
      if (l.left <= 0 || !(l.key === back.key || (l.item.sku !== null && l.item.sku === back.item.sku)) || !samePrice(l.item, back.item)) continue;
      const taken = Math.min(l.left, -back.left);
      l.left -= taken;
      back.left += taken;
    }
  }
  const kept = productsOf(lines, total, every);
  // Nothing left: a defect swapped for the same ("Regenjas" × 1 and × -1) took home what it bought, as it is named.
  return kept.length > 0 ? kept : productsOf(linesOf(), total, every);
}

/** The products of what is left of each line, the main one first (see purchases); `every`: of every rank. */
function productsOf(lines: readonly { item: SaleItem; key: string; left: number }[], total: number | null, every: boolean): SaleItem[] {
  // What is left of each product, on one line each (the first), with its worth (null: the till gave no price).
  const bought = new Map<string, { item: SaleItem; quantity: number; value: number | null; folded: string }>();
  for (const l of lines) {
    if (!(l.left > 0)) continue;
    const price = l.item.unitPrice === 0 && total !== 0 ? null : l.item.unitPrice;
    const value = price === null ? null : l.left * price;
    const had = bought.get(l.key);
    if (had) {
      had.quantity += l.left;
      had.value = had.value === null || value === null ? null : had.value + value;
    } else bought.set(l.key, { item: l.item, quantity: l.left, value, folded: fold(l.item.name) });
  }
  // (A name without a letter, "12345", is a code typed where the name goes: no name to say either.)
  const worth = [...bought.values()].filter((b) => (b.value === null || b.value >= 0) && b.folded !== '' && !NOT_PRODUCTS.has(b.folded));
  type Bought = (typeof worth)[number];
  const cheaper = (b: Bought) => b.value === null || worth.some((o) => o.value !== null && o.value > b.value!);
  // What is named: the products; with none, the gift cards (a carrier bag beside one is no "en meer"); with none, the rest.
  const rank = (b: Bought) => (b.value === 0 || (isBag(b.folded) && cheaper(b)) ? 2 : named(b.folded, GIFT_CARDS) ? 1 : 0);
  const first = Math.min(...worth.map(rank));
  const products = every ? worth : worth.filter((b) => rank(b) === first);
  if (products.every((b) => b.value !== null)) products.sort((a, b) => b.value! - a.value!); // stable: the till's order among equals
  return products.map((b) => b.item);
}
