// Cold back after an airco or a fridge was mended (a black-box review: a garage's "Airco service", "airco blies warm";
// the customer tapped "great" and wrote "Super, eindelijk weer koel", was told "Wat vervelend" and the owner alerted
// as about a problem, because the lexicon finds "koel" cold). Cold from what should cool is good news; cold from
// anything else, a cooler that does not cool, and cold said of food or a welcome stay what they were.
import { describe, expect, it } from 'vitest';
import { classify } from '../../src/domain/classify.js';
import { alerts, replyClass } from '../../src/db/replies.js';

/** A one-tap answer on the reply page with words beside it. */
const onPage = (answer: 'great' | 'unsure' | 'problem', comment: string) => {
  const cls = replyClass(answer, comment);
  return { class: cls, alerted: alerts(cls, comment) };
};

describe('cold back from what should cool is good news', () => {
  it('reads the review\'s "great" with "Super, eindelijk weer koel" as happy, without an alert', () =>
    expect(onPage('great', 'Super, eindelijk weer koel')).toEqual({ class: 'positive', alerted: false }));

  it.each([
    'Super, eindelijk weer koel', 'Top, de airco is eindelijk weer koel', 'Super, de airco blaast weer koud', 'Airco blaast weer lekker koud',
    'De koelkast is weer koud, top', 'Super, eindelijk weer koud in de auto',
  ])('%j is praise', (text) => expect(classify(text)).toBe('positive'));
});

// Read by the reader before this change (its readings recorded by running it over them), and read the same after: cold
// as a complaint (heating, a boiler, food, a welcome, a cooler that does not cool), cold beside praise, and praise.
// Some are misread (a missed "De vriezer wordt niet koud"), as they were: this change is not about them.
const BEFORE: Record<string, string[]> = {
  problem: [
    // the review's shape (a word of praise, one cold word beside it), and a complaint all the same: praise with a "great"
    // tap cannot outweigh one cold word in general
    'Prima, het eten was koud', 'Super service, koffie was koud', 'Top geholpen, wel een koel onthaal', 'Super, de radiator blijft koud',
    'De verwarming blijft koud', 'Koffie was koud', 'Het eten was koud', 'Airco blaast nog steeds niet koud', 'Airco koelt niet',
    'Still not cold', "The fridge isn't cooling", 'Eten was lauw en koud', 'Koud onthaal', 'Cold reception at the desk',
    'De verwarming is weer koud', 'De radiatoren worden niet warm, huis blijft koud', 'Het eten was weer koud',
    'De soep was koud toen hij kwam', 'Ketel doet het niet, douche blijft koud', 'De cv is koud', 'De kachel blijft koel',
    'Koelkast koelt niet meer', 'De airco koelt weer niet', 'De airco koelt niet meer, blaast alleen warm',
    'Ontvangst was koel en afstandelijk', 'De ontvangst was weer koel', 'Weer een koel onthaal', 'Super, maar de pizza was koud',
    'Prima service, maar het eten was koud', 'Lekker gegeten, alleen de friet was koud', 'Koud en ongezellig',
    'Het water wordt niet warm, blijft koud', 'De vloerverwarming blijft koud', 'Airco blaast weer warm', 'De airco koelt weer slecht',
    'Eindelijk weer koud, de verwarming is weer stuk', 'The heating is still cold', 'Boiler broken, radiators cold',
    'The aircon is not cooling', 'The freezer stopped getting cold', 'Great service but the food was cold', 'Heater blows cold air',
    'Aircon still blows warm', 'The fridge is not cold again', 'Goed geholpen, maar de airco blaast nog steeds warm',
    'Prima, maar de koffie was koud', 'Good but slow and ugly', 'Het is koud buiten maar de jas is top',
    'Koude handen ondanks de handschoenen', 'De koelkast maakt herrie maar koelt wel', 'Rijdt goed, alleen de airco blaast warm',
    'Runs lovely, the aircon blows warm though', "Screen flickers when it's cold", 'Er lekt koelvloeistof',
    'Lekker koel biertje, maar de bediening was koel', 'Helaas weer koud', 'Weer koud eten gekregen',
    'Eindelijk weer koel, maar de motor maakt herrie', 'Airco wordt niet eindelijk weer koud',
    'Koelkast is weer koud maar de vriezer doet het niet', 'De airco blaast weer koud maar maakt herrie',
    'Niet eindelijk weer koel', 'De airco blaast weer koud, de verwarming is stuk',
  ],
  question: [
    'Eindelijk weer koud? Nee hoor, nog steeds warm',
  ],
  other: [
    'The food was cold', 'Coffee was cold', 'Radiators are cold again', 'De airco is nog niet weer koel',
  ],
  positive: [
    'De vriezer wordt niet koud', 'De koelkast is weer warm', 'The shower runs cold again', 'Super, alles werkt weer',
    'Top, de airco doet het weer', 'Lekker koel', 'nice and cool', 'Airco koelt weer', 'De kachel blaast weer warm, top!',
    'Super, de airco is weer lekker koel', 'Alles top', 'Cool!', 'Fijne jas, lekker warm', 'Super, eindelijk weer warm',
    'De verwarming doet het weer, lekker warm',
  ],
};

describe('cold said otherwise reads as it did', () => {
  it.each(Object.entries(BEFORE).flatMap(([cls, texts]) => texts.map((text) => [text, cls])))('%j stays %s', (text, cls) => {
    expect(classify(text)).toBe(cls);
    expect(replyClass('great', text)).toBe(cls);
  });
});
