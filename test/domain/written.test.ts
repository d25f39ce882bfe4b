// Which language a reply is plainly written in, for the SMS it gets back (src/domain/reading/written.ts).
import { describe, expect, it } from 'vitest';
import { plainlyWrittenIn } from '../../src/domain/classify.js';

describe('plainlyWrittenIn', () => {
  it.each([
    ['Who is this? Sorry I don\'t speak Dutch', 'en'],
    ['Can I come in tomorrow?', 'en'],
    ['The zip is broken and I am not happy with it', 'en'],
    ['Wie is dit?', 'nl'],
    ['De fiets maakt weer een raar geluid', 'nl'],
    ['Kan ik volgende week langskomen?', 'nl'],
    ['Ik ben tevreden maar de prijs was hoog', 'nl'],
  ] as const)('%j is %s', (text, lang) => expect(plainlyWrittenIn(text)).toBe(lang));

  // Too little to tell, or words both languages share, or neither language: the till's (or the shop's) language stays.
  it.each(['STOP', 'ok', 'Top 👍', 'Thanks, all good', 'Super bedankt', 'Great service!', 'Dank je!', '10/10', 'La veste est déchirée, je suis très déçu', ''])(
    '%j is neither', (text) => expect(plainlyWrittenIn(text)).toBeNull());
});
