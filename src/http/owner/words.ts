// The owner's pages in the shop's language: the Dutch table (words-nl.ts) and the English one (words-en.ts), which
// has the same keys. Each figure has a note that says exactly how it is counted.
import type { Locale } from '../../domain/sale.js';
import { en } from './words-en.js';
import { nl } from './words-nl.js';

export const ownerWords: Record<Locale, typeof nl> = { nl, en };
export type OwnerWords = typeof nl;
