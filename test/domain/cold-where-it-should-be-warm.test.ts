// Warm and cold said in praise, of the weather, or of a repair told, kept as the reader reads them. (Recorded before
// an attempt to teach it that a cooler that does not cool and cold where it should be warm are complaints; that attempt
// read other replies wrongly and was taken back, and these are read as they were.)
import { describe, expect, it } from 'vitest';
import { classify } from '../../src/domain/classify.js';

// As the reader reads them (recorded by running it over them), to be read the same after changes to it: praise with
// warm and cold words, the weather, heating warm again, a repair told ("The radiators were cold but now they're warm"),
// coolers cold again, complaints it already read. Some are misread, as they were, and are kept so:
// "Het is koud buiten maar de jas is top", "De kachel brandt weer, lekker warm" and "De koelkast is niet meer warm, top"
// alert the owner; "The house is cold again" does not (nor "The water runs cold", read as other since the network
// alone no longer makes a reply happy).
const BEFORE: Record<string, string[]> = {
  positive: [
    'Lekker warm jasje', 'Warm welkom, top', 'Koffie was heerlijk warm', 'The room is nice and warm again', 'De soep was lekker heet',
    'Warm onthaal en goed geholpen', 'Heerlijk warme sokken, dank je', 'De jas houdt me lekker warm', 'Super, het huis is weer warm',
    'De verwarming doet het weer, eindelijk warm', 'De radiatoren worden weer warm, top', 'The heating works again, lovely and warm',
    'The radiators are warm again, thanks', 'Nice warm coat, very happy', 'Warm welcome and great service',
    'The coffee was hot and the cake lovely', 'The soup was nice and hot', 'Lovely hot shower again, thanks',
    'The shower is hot again, brilliant', 'Cold day today, the coat was perfect', 'Het wordt kouder, goed dat ik de jas heb',
    'Lekker koud biertje', 'Nice cold beer and friendly staff', 'De wijn was lekker koel', 'Warme douche weer, dank jullie wel',
    'Warm water is er weer, top', 'De kachel blaast weer lekker warm',
    'The heater warms the room nicely', 'Lekker warme handschoenen, precies goed', 'Warme maaltijd, heerlijk',
    "The heater was cold before, now it's warm, thanks", "The radiators were cold but now they're warm, thanks",
    'The beer was cold, lovely', 'My cold is gone, thanks', 'Great medicine, my cold cleared up', 'The fridge is cold again, great',
    'Aircon is cold again, great job', 'De koelkast is weer lekker koud en de kachel weer warm', 'De vriezer wordt weer lekker koud',
    'Koelkast doet het weer, lekker koud',
  ],
  problem: [
    'De kachel brandt weer, lekker warm', 'Het is koud buiten maar de jas is top', 'De cv brandt weer, alles lekker warm',
    'Het was koud vandaag', 'Koud weer vandaag, maar alles goed', 'Brr, koud buiten', 'The boiler is fixed, hot water again',
    'De koelkast koelt niet meer', "The freezer isn't freezing", 'Fridge is warm again', 'De airco doet het weer niet',
    "The fridge isn't cold", 'The fridge is warm', 'De vriezer is warm', 'De verwarming was koud, nu weer warm, top',
    'The boiler is fixed, no more cold showers', 'The shower is no longer cold, thanks', "Radiators aren't cold anymore",
    'The food was not cold', 'De koelkast is niet meer warm, top',
  ],
  other: [
    'It was cold out today', 'Ice cold drinks, great service', 'De airco is nog niet koud', 'Vriezer is nog niet koud, even afwachten',
    'I had a cold', 'The house is cold again',
    // the network alone read these happy, which no longer makes a reply positive: the owner reads them (reader.ts)
    'Ik heb het eindelijk weer warm thuis', 'The water runs cold',
  ],
};

describe('warm and cold said otherwise read as they did', () => {
  it.each(Object.entries(BEFORE).flatMap(([cls, texts]) => texts.map((text) => [text, cls])))('%j stays %s', (text, cls) =>
    expect(classify(text)).toBe(cls));
});
