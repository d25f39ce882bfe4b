// The owner's pages in the shop's language: the Dutch phrases (phrases-nl.ts) and the English ones (phrases-en.ts), which
// have the same keys. Each figure has a note that says exactly how it is counted.
import type { Locale } from '../../domain/sale.js';
import { en } from './phrases-en.js';
import { nl } from './phrases-nl.js';

export const ownerPhrases: Record<Locale, typeof nl> = { nl, en };
export type OwnerPhrases = typeof nl;
