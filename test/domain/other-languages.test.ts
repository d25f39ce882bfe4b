// Replies in a language the reader does not read (src/domain/reading/language.ts): 45 replies written as customers in
// the Low Countries write them in German, French, Spanish, Italian, Portuguese, Turkish, Polish, Romanian, Arabic,
// Russian, Ukrainian, Bulgarian, Chinese, Somali and Papiamento (test/fixtures/replies/other-languages.tsv), against
// the Dutch and English replies the reader was built for. Before, "La veste est déchirée, je suis très déçu" read as
// happy ("je" is Dutch) and reached nobody.
import { describe, expect, it } from 'vitest';
import { alerts } from '../../src/db/replies.js';
import { classifyWords, explain, otherLanguage } from '../../src/domain/classify.js';
import { readCorpus } from '../../src/domain/reading/corpus.js';

const foreign = readCorpus('other-languages').map((r) => ({ ...r, read: classifyWords(r.text), language: otherLanguage(r.text) }));
/** What the owner hears of at once: a problem or a question, or words the reader says it cannot read. */
const alerted = (r: (typeof foreign)[number]) => alerts(r.read, r.text);

describe('replies in a language the reader does not read', () => {
  it('reach the owner with an alert when they complain or ask, and none is read as happy unless it is', () => {
    const wanting = foreign.filter((r) => r.label !== 'positive');
    console.log(`other languages: ${foreign.filter((r) => r.language).length} of ${foreign.length} taken for another language; ` +
      `${wanting.filter(alerted).length} of ${wanting.length} complaints and questions alert the owner`);
    expect(wanting.filter((r) => !alerted(r)).map((r) => r.text)).toEqual([]);
    expect(foreign.filter((r) => r.read === 'positive' && r.label !== 'positive').map((r) => r.text)).toEqual([]);
  });

  it('are taken for another language, nearly all; what is missed is happy, or a language franc does not know', () => {
    expect(foreign.filter((r) => !r.language).map((r) => `${r.lang}: ${r.text}`)).toEqual([
      'de: Super Service, gerne wieder',
      'fr: Merci beaucoup, tout va bien',
      'fr: Parfait, rien à dire',
      'pap: E djaket a kibra, mi no ta kontentu',
    ]);
  });

  it('never takes one of the 185 held-out Dutch and English replies for another language', () => {
    expect(readCorpus('held-out').filter((r) => otherLanguage(r.text)).map((r) => r.text)).toEqual([]);
  });

  it.each([
    ['La veste est déchirée', 'fr'],
    ['Ceket yırtıldı, çok kötü', 'tr'],
    ['Куртка порвалась', 'und'],
    ['السترة ممزقة', 'und'],
  ])('reads %j as other, because only a person can read it', (text, language) => {
    expect(explain(text)).toEqual({ class: 'other', because: [`written in another language (${language}): only a person can read it`] });
  });

  it.each([
    'Remmen piepen nog steeds', 'The roof leaks', 'De pleisters blijven niet plakken', 'No issues whatsoever', 'Top, dank je!',
    'Gracias', // one word: too little to tell
    '👍👍', '', 'ok',
  ])('does not take %j for another language', (text) => {
    expect(otherLanguage(text)).toBeNull();
  });

  it('still reads a complaint it recognises in another language as a problem, and a question mark as a question', () => {
    expect(classifyWords('Die Jacke ist kaputt, ich bin sehr enttäuscht')).toBe('problem');
    expect(classifyWords('La veste est déchirée, je suis très déçu')).toBe('problem'); // "déçu"
    expect(classifyWords('Pas content du tout, la couleur est différente')).toBe('problem'); // "pas" opening a clause
    expect(classifyWords('Le vélo fait encore du bruit, pouvez-vous me rappeler?')).toBe('question');
  });
});
