// Customers who answer the check-in with a score (src/domain/reading/score.ts). Before, "Service: 0" read as happy and
// reached nobody; "Cijfer: 1", "Ik geef jullie een 2" and "1 ster" as nothing, with no alert; "10/10" as nothing; and
// "Reparatie kostte 0 euro, top" alerted the owner as a complaint.
import { describe, expect, it } from 'vitest';
import { classify, explain } from '../../src/domain/classify.js';
import { scoreIn, scoreReading } from '../../src/domain/reading/score.js';

describe('a score as the reply', () => {
  it.each([
    // out of 10, as a Dutch school mark: 5 or less is a complaint, a 6 for the owner to read, 7 or more praise
    ['Service: 0', 'problem'], ['Cijfer: 1', 'problem'], ['Ik geef jullie een 2', 'problem'], ['Service 0/10', 'problem'],
    ['Cijfer 3 van de 10', 'problem'], ['3 out of 10', 'problem'], ['5/10', 'problem'], ['Rating: 2', 'problem'], ['Ik geef jullie een 0', 'problem'],
    ['Op een schaal van 1 tot 10 een 3', 'problem'], ['40/100', 'problem'], ['1/10', 'problem'], ['2', 'problem'], ['0', 'problem'],
    ['6/10', 'other'], ['cijfer: 6', 'other'], ['Ik vind het een 6', 'other'],
    ['10/10', 'positive'], ['Service: 10', 'positive'], ['8/10', 'positive'], ['7/10', 'positive'], ['een 8', 'positive'], ['Een 9!', 'positive'],
    ['Cijfer 7', 'positive'], ['Ik geef jullie een 9', 'positive'], ['Ik zou jullie een 9 geven', 'positive'], ['Ik zou een 10 geven', 'positive'], ['Jullie verdienen een 10', 'positive'],
    ['Een dikke 10', 'positive'], ['Dikke 10!', 'positive'], ['Een dikke tien', 'positive'], ['Een 10 met een griffel', 'positive'], ['Zeker een 9', 'positive'],
    ['Cijfer: 7,5', 'positive'], ['Een 8+', 'positive'], ['8.5/10', 'positive'], ['80/100', 'positive'], ['Score: 9', 'positive'], ['10', 'positive'],
    ["I'd give it a 9", 'positive'], ['Ten out of ten', 'positive'], ['Solid 8', 'positive'], ['On a scale of 1 to 10, 9', 'positive'],
    ['Op een schaal van 10: 9', 'positive'], ['9 op een schaal van 10', 'positive'], ['On a scale of 10, 3', 'problem'],
    // out of 5, in stars: 2 or less is a complaint, 3 for the owner to read, 4 or more praise
    ['1 ster', 'problem'], ['0 sterren', 'problem'], ['2 sterren', 'problem'], ['★★☆☆☆', 'problem'], ['2/5', 'problem'], ['1 star', 'problem'],
    ['Two stars', 'problem'], ['Zero stars', 'problem'], ['⭐⭐', 'problem'], ['Service: ⭐⭐', 'problem'],
    ['3 sterren', 'other'], ['3/5', 'other'], ["I'd rate it 3 out of 5", 'other'], ['⭐⭐⭐', 'other'],
    ['4 sterren', 'positive'], ['Vijf sterren!', 'positive'], ['★★★★☆', 'positive'], ['★★★★★', 'positive'], ['⭐⭐⭐⭐⭐', 'positive'], ['4/5', 'positive'],
    ['5 stars', 'positive'], ['Op een schaal van 1 tot 5: 4', 'positive'],
    // as customers who write German or French give them
    ['5 Sterne, alles super', 'positive'], ['2 étoiles', 'problem'], ['Note: 2/10', 'problem'],
  ] as const)('%j is %s', (text, cls) => expect(classify(text)).toBe(cls));

  it('says which score decided', () => {
    expect(explain('Service: 0')).toEqual({ class: 'problem', because: ['service: 0 (score: 0 of 10)'] });
    expect(explain('★★☆☆☆').because).toEqual(['★★☆☆☆ (score: 2 of 5)']);
    expect(explain('6/10').because[0]).toBe('6/10 (score: 6 of 10)');
  });

  it('draws the lines where the README says: half the marks or less a complaint, 70% or more praise', () => {
    expect([0, 5, 5.5, 6, 6.5, 7, 10].map((v) => scoreReading(v, 10))).toEqual(['problem', 'problem', 'other', 'other', 'other', 'positive', 'positive']);
    expect([0, 1, 2, 2.5, 3, 3.5, 4, 5].map((v) => scoreReading(v, 5))).toEqual(['problem', 'problem', 'problem', 'problem', 'other', 'positive', 'positive', 'positive']);
  });

  it('reads the lowest of several scores: what most needs the owner', () => {
    expect(scoreIn('Service: 9, prijs: 4')).toMatchObject({ value: 4, outOf: 10 });
    expect(classify('Vorige keer een 10, nu een 4')).toBe('problem');
  });
});

describe('a score beside words', () => {
  it.each([
    // the words say more: a complaint beside a good score still reaches the owner
    ['8/10 maar de remmen piepen weer', 'problem'], ['Een 9, maar de fiets rammelt', 'problem'], ['2 stars, the zip broke', 'problem'],
    ['Een 9, maar het duurde lang', 'problem'], ['10/10 maar wel duur', 'other'], ['Prima, een 6', 'other'],
    // words the network reads as a complaint beside a good score: a score is no praise in words, the owner is alerted
    ['Een 9, de ketting zwabbert', 'problem'], ['9/10 the chain slips', 'problem'], ['8/10, de versnelling hapert wel', 'problem'],
    ['Rating 9, but the chain slips', 'problem'],
    // a poor score is a complaint, whatever praise stands beside it
    ['Service: 0 maar de fiets is top', 'problem'], ['Two stars. Slow service', 'problem'],
    ['10/10 would recommend', 'positive'], ['10 out of 10, would buy again', 'positive'], ['In 2 dagen klaar, 10/10', 'positive'],
    ['Fiets opgehaald, een 9 voor de service', 'positive'], ['Prima geholpen, 9/10', 'positive'], ['Top, een 10!', 'positive'],
  ] as const)('%j is %s', (text, cls) => expect(classify(text)).toBe(cls));

  it.each([
    // a STOP, a question and a wrong number are read as before
    ['10/10 maar stop met sms\'en', 'opt_out'], ['Een 2. Geen sms meer', 'opt_out'], ['10/10, kan ik hem op 40 graden wassen?', 'question'],
    // a poor score with a question is a complaint first, as trouble is
    ['Een 4, waarom duurde het zo lang?', 'problem'],
  ] as const)('%j is %s', (text, cls) => expect(classify(text)).toBe(cls));
});

describe('a reply that says what was bought beside a score', () => {
  // "Ik heb 2 banden gekocht, een 9" alerted the owner: the network had learned "ik heb", "banden" and "twee" from
  // complaints, and read the purchase as one; a clause that only says what was bought is now left to the score.
  it.each([
    ['Ik heb 2 banden gekocht, een 9', 'positive'], ['2 banden gekocht, een 9', 'positive'], ['Twee pakjes gekocht, een 8', 'positive'],
    ['Ik heb gisteren bij jullie 3 flessen gekocht, 9/10', 'positive'], ['Ik heb 2 schoenen gekocht, een 9', 'positive'],
    ['Ik heb een fiets gekocht, een 9', 'positive'], ['I bought two bottles, 9/10', 'positive'], ['Two bottles bought, 9/10', 'positive'],
    ['Ik heb 2 paar schoenen gekocht, 4 sterren', 'positive'], ['Ik heb 2 banden gekocht', 'other'],
    // a poor score, or a complaint beside the purchase, still alerts the owner
    ['Ik heb 2 banden gekocht, een 2', 'problem'], ['Ik heb 2 banden gekocht, de ketting zwabbert', 'problem'],
    ['Ik heb 2 banden gekocht die na een dag zwabberen', 'problem'], ['Bought 4 tyres, one is already flat', 'problem'],
    // what was bought, said with a word of how it went: no purchase alone ("Kapotte lamp gekocht" read as other)
    ['Kapotte lamp gekocht', 'problem'], ['Ik heb een kapotte fiets gekocht', 'problem'], ['Slechte fiets gekocht', 'problem'],
    ['Een 2 voor de service', 'problem'], ['Service: 2', 'problem'], ['2/10', 'problem'], ['Ik geef het een 2', 'problem'],
  ] as const)('%j is %s', (text, cls) => expect(classify(text)).toBe(cls));

  it('says the score decided, not the purchase', () => {
    expect(explain('Ik heb 2 banden gekocht, een 9')).toEqual({ class: 'positive', because: ['een 9 (score: 9 of 10)'] });
  });
});

describe('numbers that are no score', () => {
  it.each([
    '2 banden', '0 euro', 'om 10 uur', 'na 3 dagen', 'Kostte 2 euro', 'Ik kom om 10 uur', 'Ik heb 2 banden gekocht', '1 van de 2 schoenen knelt',
    'Reparatie: 45 euro', 'Reparatie 8,50', 'Service 24/7', 'Bel me op 0613572468', 'Bel me op 06 13572468', 'Opgehaald op 10/10', 'Op 3/5 gebracht',
    'Geleverd 10/10/2026', 'Het duurde 5/10 minuten', '3 van de 10 schroeven ontbraken', '1 op 10 klanten heeft dit', 'Er zit een acht in mijn wiel',
    'Kan ik over 6 weken weer terecht', 'Do you have these in a size 9', 'Can I wash it at 40?', 'Ik heb een 2 persoons bed gekocht',
    'Ik geef jullie 2 weken', 'Ik kreeg 2 banden', 'Mijn zoon is 10', 'Hij is 10 jaar', 'Het is 10 over 5', 'Om 10:30 opgehaald', 'Een 10 minuten wachten',
    'Kamer 5', 'Maat: 8', '#1', 'Nr 1!', 'Reparatie 10,-', 'Reparatie €10', 'Service 10%', 'Klachten: 0', '0 klachten', 'Nul problemen', 'De 2e keer kapot', 'Top ⭐⭐', 'Super bedankt ⭐', 'Trui is na 1 keer wassen gekrompen',
  ])('%j gives no score', (text) => expect(scoreIn(text)).toBeNull());

  it.each([
    // "0" before a price or a time is no count of none ("geen"), and so no complaint
    ['Reparatie kostte 0 euro, top', 'positive'], ['Kostte geen cent, top', 'positive'], ['It cost nothing, great', 'positive'],
    ['Geen cent waard', 'problem'], ['Kostte geen cent maar hij is kapot', 'problem'],
    // as before: a count of none before what it counts
    ['0 klachten', 'positive'], ['Nul problemen', 'positive'], ['Service: nul', 'problem'],
    ['Achterband was binnen 2 dagen weer plat', 'problem'], ['Do you have these in a size 9', 'question'],
  ] as const)('%j is %s', (text, cls) => expect(classify(text)).toBe(cls));
});
