// A refund she has not got is what the shop owes her, a complaint; one she got is none (frv50e). "I still haven't got
// my refund" read warm ("refund, denied": a return denied is good news) and the owner thanked a customer waiting for
// her money; "Refund received, thanks!" alerted him about a return that was done.
import { describe, expect, it } from 'vitest';
import { classify } from '../../src/domain/classify.js';
import { alerts } from '../../src/db/replies.js';

const owner = (text: string) => ({ class: classify(text), alerted: alerts(classify(text), text) });

describe('a refund she has not got is a complaint', () => {
  it.each([
    // the task's
    "I still haven't got my refund", "I haven't got my refund yet", "Haven't received my money back",
    'Ik heb mijn geld nog niet terug',
    // in other words, both languages, typos, no punctuation
    "I didn't get a refund", "Haven't got my money back yet", 'Never got my refund', 'I never received my refund',
    "Didn't receive my refund", 'didnt get my money back', 'havent recieved my refund yet', 'Money not back yet',
    'Geld nog niet terug', 'mijn geld is nog niet terug', 'Nog geen terugbetaling gehad',
    'Ik heb mijn geld nog niet teruggekregen',
  ])('%j is a problem', (text) => expect(owner(text)).toEqual({ class: 'problem', alerted: true }));

  it.each([
    // already read so
    'Still waiting for my refund', 'No refund yet', 'Ik heb mijn geld nog steeds niet terug', 'Nog geen geld terug ontvangen',
    'Ik wacht nog steeds op mijn geld', 'Het geld is nog niet teruggestort', 'Refund denied', 'I want my money back',
    'Ik wil mijn geld terug', 'Ik kreeg geen geld terug', 'I got no refund', 'Krijg ik mijn geld terug',
    'Refund received but the new one is broken too',
  ])('%j stays a problem', (text) => expect(owner(text)).toEqual({ class: 'problem', alerted: true }));

  it.each([
    // a return she did not need is still good news; money she got besides no complaint
    "Didn't have to send it back", "I don't need a refund", 'Hoef het niet terug te sturen', 'Geen geld terug nodig',
    'geen kosten voor mij kreeg zelfs geld terug',
  ])('%j stays positive', (text) => expect(owner(text)).toEqual({ class: 'positive', alerted: false }));
});

describe('a refund she got is no complaint', () => {
  it.each([
    'Refund received, thanks!', 'I got my refund, all good', 'Money back received thanks', 'Geld terug gekregen, top',
    'Got my money back thanks', 'Refund ontvangen, bedankt', 'Ik heb mijn geld terug gekregen, dank',
    'Got my refund quickly, great service', 'Thanks for the refund',
  ])('%j is positive', (text) => expect(owner(text)).toEqual({ class: 'positive', alerted: false }));

  it.each(['Got my refund', 'Refund received', 'Geld terug ontvangen'])('%j is other',
    (text) => expect(owner(text)).toEqual({ class: 'other', alerted: false }));

  it.each(['Wanneer krijg ik mijn geld terug?', 'Is mijn geld al terug?', 'Where is my refund?'])('%j stays a question or a problem',
    (text) => expect(['question', 'problem']).toContain(classify(text)));
});
