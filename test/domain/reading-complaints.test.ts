// Complaints read as happy, or as nothing (a review acting as the customers of a bike shop and a pharmacy): the
// customer was thanked, the owner never alerted or never told at once, and the come-back invitation went as if all
// were well. A sad face typed in signs (":(") read as nothing, where "😢" alerts the owner; so did a pregnant customer
// unsure of a medicine.
import { describe, expect, it } from 'vitest';
import { classify, explain } from '../../src/domain/classify.js';
import { alerts } from '../../src/db/replies.js';

const owner = (text: string) => ({ class: classify(text), alerted: alerts(classify(text), text) });
const problem = { class: 'problem', alerted: true };
const question = { class: 'question', alerted: true };
const happy = { class: 'positive', alerted: false };
/** On the owner's list, without an alert: the owner reads it. */
const read = { class: 'other', alerted: false };

describe('a complaint read as nothing alerts the owner', () => {
  it.each(['The tyre is flat again :( second time this week', ':(', ':-(', '😢', ':((', ":'(", 'Nee :('])(
    '%j alerts the owner as a problem', (text) => expect(owner(text)).toEqual(problem),
  );

  it('reads ":(" as the emoji it stands for', () => {
    expect(explain(':(').because).toEqual(['🙁 (emoji)']);
    expect(explain(':-(').because).toEqual(['🙁 (emoji)']);
  });

  it.each([
    "Not sure it's right for me, I'm pregnant", 'Weet niet of het mag, ik ben zwanger', 'I am breastfeeding', 'Ik geef borstvoeding',
  ])('%j, a health question only the pharmacist can answer, alerts the owner as a question', (text) => expect(owner(text)).toEqual(question));
});

describe('what stays as it was', () => {
  it.each(['Let op:(zie foto) prima', 'My pregnant wife loves it'])('%j is good news, with no alert', (text) => expect(owner(text)).toEqual(happy));

  it.each([
    // a smile typed in signs is left as it was: taking it for praise would let a reply reach nobody
    ':)', 'Ok :)',
  ])('%j is for the owner to read, without an alert', (text) => expect(owner(text)).toEqual(read));
});
