// Two ways a complaint never reached the owner (the reader's review of 5 December).
// A negation ran on to the end of a reply typed without punctuation: "Ik heb het niet nodig hij is kapot" read "kapot"
// as denied, a complaint said not to be, and the customer was thanked; so were "No need it broke already" and "I
// don't need it anymore it's broken". A new sentence typed on without a full stop now ends the negation, as a comma did.
// Its reviews: praise with a verb before its subject ("Nooit kreeg ik problemen"), "never once" and a verb of thinking
// before the negation ("Ik denk niet hij is kapot") stay happy; the second person is no subject ("Never felt you were
// rude" is praise).
import { describe, expect, it } from 'vitest';
import { classify, classifyWords, explain } from '../../src/domain/classify.js';
import { alerts } from '../../src/db/replies.js';

const owner = (text: string) => ({ class: classify(text), alerted: alerts(classify(text), text) });

describe('a negation ends where a new sentence is typed on without a full stop', () => {
  it.each([
    // the review's
    'Ik heb het niet nodig hij is kapot', 'No need it broke already', "I don't need it anymore it's broken",
    // typed without an apostrophe; the complaint after other negations, a verb, "want"
    'I dont need it anymore its broken', "I don't need it it's broken", 'Dont need it anymore it broke', 'Didn\'t need it it was broken',
    'Niet nodig hij lekt', 'Niet nodig het is stuk', 'Hoeft niet meer hij is al kapot', 'Ik hoef hem niet meer hij is kapot',
    'Niet meer nodig want hij is kapot', 'Ik heb geen tijd hij is kapot', 'Geen klachten hij is kapot', 'Niet tevreden hij is kapot',
    'Het werkt niet het is kapot', 'Nothing works it\'s broken', 'Never again it broke after a day', 'Not fixed it still leaks',
    'No clue it just stopped', 'Niet gerepareerd hij lekt nog',
    // a noun for the subject
    'Niet nodig de rits is kapot', 'Geen tijd de fiets is kapot', 'No need the zip broke', 'No need my bike is broken',
    'Niet slecht de remmen piepen', 'No complaints the brakes squeak',
    // what was read right before, and still is
    'Niet slecht maar hij lekt', 'Werkt niet meer sinds gisteren', 'Prima hij is kapot', 'Top maar kapot', 'niet blij hij doet het niet',
    'Ik heb het niet nodig, hij is kapot',
  ])('%j alerts the owner as a problem', (text) => {
    expect(owner(text)).toEqual({ class: 'problem', alerted: true });
    expect(classifyWords(text, 'comeback')).toBe('problem');
  });

  it.each([
    // praise typed on after a complaint denied (they alerted the owner as complaints said with a negation)
    'Geen klachten ik ben heel tevreden', 'No problems it works great', 'No complaints it\'s perfect', 'Zonder problemen hij rijdt top',
    'Geen klachten hij is super', 'Can\'t fault it it\'s brilliant', 'Geen pijn meer ik voel me top',
  ])('%j is happy', (text) => expect(owner(text)).toEqual({ class: 'positive', alerted: false }));

  it('still carries the negation into what is thought, asked or said with "dat", "of", "if"', () => {
    expect(explain("I don't think it's broken").because).toContain('broken, denied (domain: broken)');
    expect(explain('Ik denk niet dat hij kapot is').because).toContain('kapot, denied (domain: broken)');
    expect(classify('Ik weet niet of hij kapot is')).toBe('other');
    expect(classify('Not sure it fits')).toBe('other');
    // and a verb before its subject is no new sentence: "Nooit heb ik …"
    expect(explain('Nooit heb ik problemen gehad').class).toBe(explain('Nooit heb ik problemen gehad.').class);
  });
});

// Its review (frv-reader3): praise read as a complaint, the owner alerted and the customer answered "wat vervelend":
// a Dutch verb before its subject after "nooit", "never once" + a subject, a verb of thinking or saying before "niet".
describe('5a58d84: a verb before its subject, or "never once", is no new sentence', () => {
  it.each([
    'Nooit kreeg ik problemen', 'Nooit kreeg ik problemen met de fiets', 'Nooit werd ik teleurgesteld', 'Nooit merkte ik problemen',
    'Nooit zag ik roest', 'Nooit kreeg ik last van de remmen', 'Geen moment kreeg ik spijt', 'Nooit voelde ik me teleurgesteld',
    'Never once it broke down', 'Never once I had a problem', 'In two years not once it broke', 'Not once I was disappointed',
    'Ik denk niet hij is kapot', 'Ik geloof niet hij is kapot', 'Ik hoop niet hij gaat kapot', "I'm not saying it's broken",
  ])('%j is happy, as it was', (text) => expect(owner(text)).toEqual({ class: 'positive', alerted: false }));
});

describe('after "nooit", "never once", a verb of thinking or saying, or "unless", a subject carries the negation on', () => {
  it.each([
    // a Dutch verb before its subject after a negation of how often
    'Nog nooit kreeg ik klachten', 'Nooit ervoer ik problemen', 'Geen enkele keer stond ik met pech', 'Nog nooit stond ik met pech langs de weg',
    // "never once" and the like before a subject
    'Not once the chain came off', 'Never I was disappointed', 'Geen moment ik had spijt', 'Nooit ik heb problemen gehad',
    'Geen enkele keer hij was kapot',
    // a verb of thinking, fearing or saying anywhere in the clause before the subject
    'Ik verwacht niet hij gaat kapot', 'Ik denk niet het is stuk', 'Ik denk niet de rits is kapot', 'Ik bedoel niet hij is kapot',
    'Niet bang hij gaat kapot', 'Ik dacht niet hij was kapot', 'I never thought it was broken', "I didn't say it was broken",
    'I never said it was broken', "I wouldn't say it's broken", 'Nobody said it was broken', 'Ik zei niet hij is kapot',
    // what may yet happen
    'Geen probleem mocht hij kapot gaan', 'Geen klachten tenzij hij kapot gaat', 'No complaints unless it breaks',
  ])('%j is happy, as it was before the run-on reading', (text) => expect(owner(text)).toEqual({ class: 'positive', alerted: false }));

  it.each([
    // what the run-on reading is for, kept: a word before the subject that is no verb, or "never again"
    'Niet nodig hij lekt', 'Niet tevreden hij is kapot', 'Nooit tevreden hij is kapot', 'Never again it broke after a day', 'Ik kom nooit hij is kapot',
  ])('%j alerts the owner as a problem', (text) => {
    expect(owner(text)).toEqual({ class: 'problem', alerted: true });
    expect(classifyWords(text, 'comeback')).toBe('problem');
  });

  it('keeps "Geen klachten ik ben tevreden" happy', () => expect(owner('Geen klachten ik ben tevreden')).toEqual({ class: 'positive', alerted: false }));

  // The review of the mend: with the second person a subject, praise of the staff alerted the owner.
  it.each([
    'Never felt you were rude', 'I never felt you were rude', 'Never once felt you were pushy or rude', 'Not once felt you were rude',
    'Never had the feeling you were rude', "I've never had the sense you were rude", 'Never noticed your staff were rude',
    'Nooit gedacht u bent onbeschoft', 'Nooit gemerkt u bent onvriendelijk', 'Nooit gemerkt uw personeel is onvriendelijk',
    'Nooit gemerkt jullie personeel is onvriendelijk', 'Nooit ervaren jullie zijn onvriendelijk', 'Nooit het gevoel gehad u was onbeschoft',
    'Ik heb nooit het gevoel gehad jullie zijn onbeschoft', 'Nooit de indruk gehad jullie zijn duur', 'Niet duur jullie zijn goedkoop',
  ])('%j, praise of the staff, does not alert the owner', (text) => expect(owner(text).alerted).toBe(false));
});
