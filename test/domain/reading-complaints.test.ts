// Complaints read as happy, or as nothing (a review acting as the customers of a bike shop and a pharmacy): the
// customer was thanked, the owner never alerted or never told at once, and the come-back invitation went as if all
// were well. The network alone read "Ik voel me slechter" happy (it learned "voel me" from "Voel me al een stuk
// beter"), and "Mijn band is weer zacht", "Hij rijdt zwaar", "Gave me the runs" with it; heartburn still there, a tyre
// flat again with a ":(", a pregnant customer unsure of a medicine read as nothing. Each is read in a general way:
// the network alone no longer makes a reply happy, the words customers use are in the table, a sad face typed in signs
// is the emoji it stands for, something still had with nothing good said is a complaint.
import { describe, expect, it } from 'vitest';
import { classify, classifyWords, explain } from '../../src/domain/classify.js';
import { alerts } from '../../src/db/replies.js';

const owner = (text: string) => ({ class: classify(text), alerted: alerts(classify(text), text) });
const problem = { class: 'problem', alerted: true };
const question = { class: 'question', alerted: true };
const happy = { class: 'positive', alerted: false };
/** On the owner's list, without an alert: the owner reads it. */
const read = { class: 'other', alerted: false };

describe('what the network alone reads as happy is no good news', () => {
  it.each([
    // the review's: a bike shop's and a pharmacy's customers
    'Ik voel me slechter', 'Gave me the runs', 'Mijn band is weer zacht', 'Ketting is weer droog', 'Hij rijdt zwaar',
    // said otherwise, in both languages
    'Voel me nog slechter dan eerst', 'Het is erger geworden', 'I feel worse', 'Feeling worse since I started them', 'Voel me beroerder',
    'They gave me the runs', 'Got the runs from these', 'Makes me sleepy', 'Mijn achterband loopt steeds zacht', 'Voorband is alweer zacht',
    'Is weer zacht', 'Tyre is soft again', 'My tyre keeps going soft', 'Band is weer plat', 'The tyres went flat', 'De ketting is al droog',
    'My chain is already dry', 'Chain is dry again', 'Fiets fietst zwaar', 'Hij rijdt nog steeds zwaar', 'Schakelt zwaar', 'Bike rides heavy',
    "It's heavy to pedal",
  ])('%j alerts the owner as a problem', (text) => expect(owner(text)).toEqual(problem));

  it('says what it read: the table, no longer the network', () => {
    expect(explain('Ik voel me slechter').because).toEqual(['slechter (domain: worse)']);
    expect(explain('Mijn band is weer zacht').because).toEqual(['band is weer zacht (domain: leaks)']);
    expect(explain('Hij rijdt zwaar').because).toEqual(['rijdt zwaar (domain: does its job badly)']);
  });

  it.each(['Voel me anders', 'Hij rijdt anders', 'Voel me wat slapjes'])(
    '%j, which only the network reads as happy, is for the owner to read (it was thanked and reached nobody)',
    (text) => {
      expect(owner(text)).toEqual(read);
      expect(explain(text).because[0]).toBe('only the network reads it happy: no good news in its own words');
    },
  );
});

describe('a complaint read as nothing alerts the owner', () => {
  it.each([
    // the review's
    'The tyre is flat again :( second time this week', 'Still got heartburn', 'Still getting heartburn tbh', 'Nog steeds hoofdpijn',
    'Heb nog steeds last van mijn rug', ':(', ':-(', '😢',
    // said otherwise: a sad face typed in signs, the symptom still there, something still had in words the table does not know
    ':((', ":'(", 'Nee :(', 'Flat again', 'Still have heartburn', 'Nog steeds maagzuur', 'Heb nog steeds brandend maagzuur', 'Still got reflux',
    'Still getting spots', 'Krijg nog steeds puistjes', 'Still suffering', 'Still having trouble sleeping',
  ])('%j alerts the owner as a problem', (text) => expect(owner(text)).toEqual(problem));

  it('reads ":(" as the emoji it stands for', () => {
    expect(explain(':(').because).toEqual(['🙁 (emoji)']);
    expect(explain(':-(').because).toEqual(['🙁 (emoji)']);
    expect(explain('Still getting spots').because).toEqual(['still getting (domain: still had)', 'nothing good said beside it']);
  });

  it.each([
    "Not sure it's right for me, I'm pregnant", 'Weet niet of het mag, ik ben zwanger', 'I am breastfeeding', 'Ik geef borstvoeding',
  ])('%j, a health question only the pharmacist can answer, alerts the owner as a question', (text) => expect(owner(text)).toEqual(question));
});

describe('what stays as it was', () => {
  it.each([
    // the review's
    'Voel me al een stuk beter', 'Nog steeds blij mee', 'Still works great', 'Top, bedankt!', 'Prima', 'Werkt goed', 'Thanks!', '😊',
    // a thing said to work or a trouble gone, which only the network reads as happy: good news in the reply's own words
    'Werkt', 'It works', 'Alles werkt', 'All working', 'Doet het weer', 'Hij rijdt weer', 'Works again', 'Helemaal opgelost',
    'Het gerammel is weg', 'The stain is gone!',
    // sayings the network alone read as happy, in the table now
    'Loopt gesmeerd', 'Dat zit wel snor', 'Hij is weer als vanouds', 'Slaap weer beter sinds de pillen', 'Battery lasts all day', 'Nailed it',
    'Ben er zeer over te spreken',
    // the new words where they are no complaint
    'Lekker zacht', 'De band is lekker zacht', 'Blijft lekker droog', 'Rijdt niet zwaar meer, top', 'Zware fiets maar fijn', 'Heartburn is gone',
    'No more heartburn', 'Maagzuur is weg', 'Great for the runs I do', 'Heb nog steeds geen klachten', 'Still have it and love it',
    'Krijg nog steeds complimenten', 'My pregnant wife loves it', 'Let op:(zie foto) prima',
  ])('%j is good news, with no alert', (text) => expect(owner(text)).toEqual(happy));

  it.each([
    // not worse is no better (after a medicine), and "could be worse" is "not too bad"
    'Ik voel me niet slechter', 'Could be worse', 'Kan erger', 'Het kan slechter',
    'Still getting used to it', 'Still getting the hang of it', 'Still have to try it', 'Still got mine from 2015',
    // a smile typed in signs is left as it was: taking it for praise would let a reply reach nobody
    ':)', 'Ok :)',
  ])('%j is for the owner to read, without an alert', (text) => expect(owner(text)).toEqual(read));

  it('"Nee hoor" is a problem to the check-in and declines the come-back invitation, as before', () => {
    expect(classifyWords('Nee hoor', 'checkin')).toBe('problem');
    expect(classifyWords('Nee hoor', 'comeback')).toBe('other');
  });

  it('answers typed long are the answers: "Yess", "Jaaa" to the check-in are happy (only the network read "Yess" so), "Neee" is no', () => {
    for (const yes of ['Yess', 'Jaaa', 'Yepp', 'Jaaa hoor']) expect(classifyWords(yes, 'checkin')).toBe('positive');
    for (const no of ['Neee', 'Nooo', 'Neeee hoor']) {
      expect(classifyWords(no, 'checkin')).toBe('problem');
      expect(classifyWords(no, 'comeback')).toBe('other');
    }
  });
});
