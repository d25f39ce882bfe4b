// Happy replies read as complaints, and messages never wanted read as an ordinary problem or question (a black-box
// explorer's, 7 December: a customer texting after her check-in, with a real server). A happy reply read as a problem
// got "Dank je, wat vervelend" back in the shop's name and the owner an alert to call back: "Niks aan de hand" and "Ik
// mis niks" were a negation nothing explained, "Ik kan niet meer zonder" and "Had niet gedacht dat hij zo goed zou
// zijn" too; "Sorry verkeerd getypt" and "mijn vorige fiets was gestolen" named a thing wrong or missing. Each family
// is read in general ways, with its real complaints beside it, which stay problems. "Ik heb hier niet om gevraagd" and
// "Where did you get my number?" were no unwanted messages, which let her invitation go once the owner tapped
// Afgehandeld; and "I don't speak Dutch" was a complaint said with a negation.
import { describe, expect, it } from 'vitest';
import { classify, explain, otherLanguage, unwantedBecause, unwantedReply } from '../../src/domain/classify.js';
import { alerts } from '../../src/db/replies.js';

const owner = (text: string) => ({ class: classify(text), alerted: alerts(classify(text), text) });

describe('happy replies that said so with a negation, a slip or a theft told are happy', () => {
  it.each([
    // the explorer's
    'Niks aan de hand, fiets rijdt prima', 'Ik kan niet meer zonder', 'Had niet gedacht dat hij zo goed zou zijn', 'Ik mis niks',
    'Sorry, verkeerd getypt. Alles top!', 'Oeps verkeerd, bedoelde: alles goed', 'Sorry verkeerd, ik wil wel berichten. Handschoenen zijn top',
    'Geweldig, mijn vorige fiets was gestolen dus blij dat ik weer kan fietsen',
    // nothing wrong, nothing missing
    'Niks aan de hand', 'Niets aan de hand, alles werkt', 'niks aan de hand hoor', 'Er is niks mis mee', 'Niets mis mee, top', 'niks mis mee',
    'Nothing wrong with it', 'Nothing wrong with it, rides great', 'nothing wrong at all', 'Ik mis niets', 'Er mist niks', 'Er ontbreekt niets',
    'Nothing missing', 'nothing is missing, all good', 'Geen klachten', 'geen klachten hoor', 'No complaints', 'no complaints at all',
    'niks op aan te merken', 'Nothing to complain about',
    // not to be without it any more
    'Ik kan niet meer zonder deze fiets', 'Kan niet meer zonder!', 'ik kan niet zonder', 'Wil niet meer zonder', "Can't live without it",
    "I can't do without it anymore", "Couldn't live without it",
    // better than expected
    'Had nooit gedacht dat hij zo fijn zou rijden', 'Had niet verwacht dat het zo goed zou zijn', 'Niet verwacht dat hij zo licht is, super',
    'had niet gedacht dat fietsen zo leuk kon zijn', "Didn't expect it to be this good", 'Never thought it would be so comfortable',
    "I didn't think it would be this good", 'Didnt expect it to be so good', 'Had nooit gedacht dat ik zo blij zou zijn',
    'Never expected such good service', "I wouldn't have thought it could be this comfortable", 'Nooit gedacht dat een fiets zo fijn kon zijn',
    // wished for nothing better
    'Had het niet beter kunnen wensen', 'Kon het niet beter wensen', "couldn't have wished for better",
    // a slip of the typing or the chat
    'Sorry verkeerd getypt alles goed', 'sorry verkeerd bericht, alles is goed', 'Sorry verkeerde knop, alles goed', 'sorry wrong text, all good',
    'Oops wrong text. All good!', 'sorry wrong chat, bike is great', 'Sorry wrong message, everything is fine', 'oeps verkeerde chat, fiets is top',
    // the previous one stolen
    'Mijn oude fiets is gestolen, blij met deze', 'Vorige fiets werd gejat, deze is top', 'my old one was stolen so happy to have a new one',
    'My previous bike was stolen, this one is great',
  ])('%j is happy, with no alert', (text) => expect(owner(text)).toEqual({ class: 'positive', alerted: false }));

  it('says what it read', () => {
    expect(explain('Niks aan de hand, fiets rijdt prima').because).toContain('niks aan de hand (domain: praise)');
    expect(explain('Ik kan niet meer zonder').because).toContain('niet meer zonder (domain: praise)');
    expect(explain('Ik mis niks').because).toContain('mis niks (domain: praise)');
  });
});

describe('their neighbours, real complaints, stay problems', () => {
  it.each([
    // the explorer's
    'Niks aan de hand zei de monteur maar hij piept nog', 'ik kan niet meer fietsen, de ketting is eraf',
    'had niet gedacht dat hij zo snel kapot zou gaan', 'ik mis een onderdeel', 'verkeerde maat gekocht', 'sorry maar alles is verkeerd',
    'gestolen uit de winkel?',
    // nothing wrong, as someone else said it
    'Volgens de monteur niks aan de hand, maar hij lekt nog', 'Jullie zeiden dat er niks aan de hand was', 'Niks aan de hand zei de monteur',
    // without, of what it cannot be done without
    'ik kan niet meer fietsen', 'Ik kan niet meer zonder pijn lopen', 'Ik kan niet zonder hulp opstappen',
    // worse than expected (it read "lekken" as denied, and thanked her)
    'Had niet verwacht dat hij na een week al zou lekken', "Didn't expect it to break so soon", 'Never thought it would break after a week',
    'Had niet gedacht dat de rits na 2 dagen zou scheuren', "Didn't expect it to leak", 'Never thought it would be this bad',
    'Had niet verwacht dat het zo lang zou duren', "Didn't expect it to take so long",
    // a thing missing, something wrong
    'ik mis nog een schroef', 'Er mist een schroef', 'Ik mis de bel', 'Sorry verkeerde maat', 'Verkeerd geleverd', 'Jullie stuurden een verkeerd bericht',
    'wrong size', 'sorry wrong size', 'Nothing works', 'Nothing is right',
    // a theft told: when, or of the new one
    'Mijn fiets is gestolen', 'Mijn nieuwe fiets is vorige week gestolen', 'My bike was stolen last night', 'My 2 week old bike was stolen',
    'vorige week gestolen', 'Mijn fiets is vorige week gestolen', 'Fiets is gestolen uit jullie stalling',
  ])('%j alerts the owner as a problem', (text) => expect(owner(text)).toEqual({ class: 'problem', alerted: true }));

  it('still denies what is thought now, and what was never thought', () => {
    expect(classify('Ik denk niet dat hij kapot is')).toBe('positive');
    expect(classify('Ik verwacht niet dat hij kapot gaat')).toBe('positive');
    expect(classify('I never thought it was broken')).toBe('positive');
    expect(classify("I don't expect it to break")).toBe('positive');
  });
});

const neverWanted = (text: string) => ({ class: classify(text), unwanted: unwantedReply(text), why: unwantedBecause(text) });

describe('never asked for, and where the number came from, are messages never wanted', () => {
  it.each([
    // the explorer's, and what was read so already
    'Wat is dit? Ik heb hier niet om gevraagd', 'Where did you get my number?', 'Hoe komen jullie aan mijn nummer?', 'I never signed up for this',
    // never asked for "this", alone or beside what asks who writes
    'Ik heb hier nooit om gevraagd', 'ik heb hier nooit om gevraagd hoor', 'Niet om gevraagd', 'Hier heb ik nooit om gevraagd!',
    'Wie is dit? Ik heb hier niet om gevraagd', 'I never asked for this', "I didn't ask for this", "Didn't ask for this. Who is this?",
    'What is this? I never asked for this',
    // the messages named
    "Ik heb nooit om deze sms'jes gevraagd", 'Om deze berichten heb ik nooit gevraagd', "I didn't ask for these texts", "I didn't ask for these messages",
    // where the number came from
    'where did you get my email', 'How did you get my number?', 'how did you get this number', 'Who gave you my number?',
    'Waar hebben jullie mijn nummer vandaan?', 'waar heb je mijn nummer eigenlijk vandaan', 'Hoe hebben jullie mijn nummer gekregen?',
    'Wie heeft jullie mijn nummer gegeven?',
    // beside a bare "Stop": both channels stop, not the SMS alone with a promise of contact
    'Stop, ik heb hier nooit om gevraagd', 'Stop. I never asked for this',
  ])('%j: never wanted, both channels stop and the owner is told', (text) => {
    expect(neverWanted(text)).toEqual({ class: 'problem', unwanted: true, why: ['no_consent'] });
  });

  it.each([
    // a thing named, or said beside the goods or a bill, or of someone else (taken back once: bba0d2bd)
    ['ik heb niet om een bon gevraagd', 'problem'], ["I didn't ask for a bag", 'problem'], ['ik had om een andere kleur gevraagd', 'problem'],
    ['Die nieuwe ketting heb ik nooit om gevraagd en nu moet ik 80 euro betalen', 'problem'],
    ['You charged me for a new chain, I never asked for it', 'problem'], ['Ik heb hier niet om gevraagd, de jas is te klein', 'problem'],
    ['Ze hebben een nieuwe band gezet, daar heb ik niet om gevraagd', 'problem'], ['I never asked for a new chain', 'problem'],
    ['Stop, mijn man is overleden, hij heeft hier nooit om gevraagd', 'problem'], ['Stop! Ik heb hier niet om gevraagd, de jas is te klein', 'problem'],
    // where something else came from; the question answered by herself
    ['Where did you get the part from?', 'question'], ['Waar hebben jullie die ketting vandaan?', 'question'],
    ['Who gave you my number? Oh my husband did, all good thanks', 'question'],
  ] as const)('%j is no message never wanted: %s', (text, cls) => {
    expect(neverWanted(text)).toEqual({ class: cls, unwanted: false, why: [] });
  });
});

describe('not reading the message\'s language is a question for the owner, no complaint', () => {
  it.each([
    ["I don't speak Dutch", null], ['Ik spreek geen Nederlands', null], ['Ich spreche kein Niederländisch', 'de'],
    ["Who is this? Sorry I don't speak Dutch", null], ['Sorry, I dont speak dutch', null], ["I don't understand Dutch, what does this say", null],
    ['No dutch sorry', null], ['English please', null], ['Je ne parle pas néerlandais', 'fr'], ['Ik spreek niet goed Nederlands', null],
    ['I only speak English', null],
  ] as const)('%j alerts the owner as a question (written in another language: %s)', (text, lang) => {
    expect(owner(text)).toEqual({ class: 'question', alerted: true });
    expect(otherLanguage(text)).toBe(lang);
  });

  it.each([
    "Sorry I don't speak Dutch but the bike is broken", "I don't speak Dutch, the zip broke", 'Ik spreek geen Nederlands, de fiets is kapot',
    'Ich spreche kein Niederländisch, das Fahrrad ist kaputt',
  ])('%j, with a complaint beside it, alerts the owner as a problem', (text) => expect(owner(text)).toEqual({ class: 'problem', alerted: true }));
});
