// Not yet of her own answer, or of her being ready, is no complaint (frv50e): "Haven't replied yet, sorry, all good"
// alerted the owner as if the shop had not answered her.
import { describe, expect, it } from 'vitest';
import { classify } from '../../src/domain/classify.js';

describe('not yet of her own answer', () => {
  it.each(["Haven't replied yet, sorry, all good", 'Nog niet gereageerd omdat ik het druk had', "I can't answer yet",
    'Ik ben nog niet klaar'])('%j is no problem', (text) => expect(classify(text)).not.toBe('problem'));
  it.each(["Haven't heard back yet", 'No reply yet to my email', 'Jullie hebben nog niet gereageerd',
    "You haven't replied yet", 'Nog niet klaar', 'De fiets is nog niet klaar', 'Not ready yet', 'No answer yet'])(
    '%j stays a problem', (text) => expect(classify(text)).toBe('problem'));
});

describe('her regret with a reason', () => {
  it.each(['Helaas geen tijd gehad om te reageren want ik lag in het ziekenhuis door de fiets'])(
    '%j stays a problem', (text) => expect(classify(text)).toBe('problem'));
});
