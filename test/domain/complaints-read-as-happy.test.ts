// Complaints read as happy (the fourth black-box review, replies to a garage's check-in "Bevalt het?" / "Is the car
// running well?"): the customer was thanked, the owner never alerted, and the come-back invitation went as if all were
// well. How people say a defect, read in general ways: a thing gone ("De radio code is weg": the network had learned
// "is weg" from "de pijn is weg"), a cooler that blows warm (the lexicon scored "warm" +0.9), a time it stopped ("Liep
// goed tot gisteren"), something set against praise in words the reader does not know, a smell of fuel, a job left
// undone, a bill higher than expected; smoke, a breakdown by the road and a cry for help. And the other way round,
// happy replies that alerted the owner: a symptom gone ("Hij maakt geen geluid meer"), the messages wanted, someone
// else's car, a slip on the page's buttons.
import { describe, expect, it } from 'vitest';
import { classify, criesForHelp, explain } from '../../src/domain/classify.js';
import { alerts, replyClass } from '../../src/db/replies.js';

const owner = (text: string) => ({ class: classify(text), alerted: alerts(classify(text), text) });
/** A one-tap answer on the reply page with words beside it. */
const onPage = (answer: 'great' | 'unsure' | 'problem', comment: string) => {
  const cls = replyClass(answer, comment);
  return { class: cls, alerted: alerts(cls, comment) };
};

describe('a defect said beside praise or as news alerts the owner', () => {
  it.each([
    // the review's
    'Er is geld weg uit de auto', 'De radio code is weg', 'Rijdt goed, alleen de airco blaast warm', 'Liep goed tot gisteren',
    'Klopt het dat de distributieriem niet vervangen is', 'The radio code is gone', 'Runs lovely, the aircon blows warm though',
    'Good until yesterday', 'Heerlijk, alleen ruikt de auto naar benzine', 'Great job but you forgot to put the wheel trim back',
    'Prima, alleen de rekening was 100 euro hoger',
    // a thing gone, said otherwise
    'Mijn zonnebril is weg uit het dashboardkastje', 'De reservesleutel is kwijt', 'My sunglasses were gone from the glovebox',
    // a cooler that blows warm; a time it stopped; "though" at the end
    'Airco blaast alleen maar warme lucht', 'The aircon blows hot air', 'Werkte prima tot een paar dagen geleden', 'Worked fine until last week',
    'Ran great till this morning', 'Lovely service, the wipers squeak though',
    // praise, then a defect in words the reader has no list for
    'Rijdt goed, alleen de airco doet raar', 'Top, maar de deur sluit moeilijk', 'Netjes gedaan, maar de stoel staat anders',
    // a smell of fuel or burning; a job left undone; a bill higher than said
    'Smells of petrol since the service', 'Stinkt naar brandlucht', 'Ze zijn vergeten de dop terug te zetten',
    'De factuur was hoger dan afgesproken', 'The bill was higher than quoted', 'Prima, maar 80 euro duurder dan gezegd',
  ])('%j alerts the owner as a problem', (text) => expect(owner(text)).toEqual({ class: 'problem', alerted: true }));

  it.each([
    ['great', 'Alles top, maar de airco blaast warm'], ['great', 'Er is geld weg uit de auto'],
  ] as const)('"%s" on the page with %j alerts the owner as a problem', (answer, comment) => {
    expect(onPage(answer, comment)).toEqual({ class: 'problem', alerted: true });
  });

  it('says what it read', () => {
    expect(explain('De radio code is weg').because).toEqual(['code is weg (domain: wrong or missing)']);
    expect(explain('Rijdt goed, alleen de airco blaast warm').because).toEqual(['airco blaast warm (domain: does its job badly)']);
    expect(explain('Liep goed tot gisteren').because[0]).toBe('but then: "tot gisteren"');
    expect(explain('Heerlijk, alleen ruikt de auto naar benzine').because).toEqual(['ruikt de auto naar benzine (domain: danger)']);
  });
});

describe('what stays good news', () => {
  it.each([
    // a complaint or a symptom gone
    'De pijn is weg', 'Het lampje is weg', 'Noise is gone, great job', 'Het tikje is verdwenen, top',
    // warm as it should be; a "tot" to come; a price remark set against praise is read below
    'Jas is heerlijk warm', 'Coat is lovely and warm', 'Lekker warm binnen nu de verwarming weer werkt', 'Bedankt en tot ziens',
    'Tot nu toe prima', 'Goed geholpen, tot de volgende keer', 'So far so good, until next time', 'Dit is de weg naar huis, top',
    'Ze deden meer dan verwacht, top', 'Ik was vergeten te zeggen: top!',
  ])('%j is good news, with no alert', (text) => expect(owner(text)).toEqual({ class: 'positive', alerted: false }));

  it.each(['Goed maar wel duur', 'Love it, a bit pricey though', 'Prima, wel duur'])('%j, a word on the price, is for the owner to read, without an alert', (text) => {
    expect(owner(text)).toEqual({ class: 'other', alerted: false });
  });
});

describe('distress alerts the owner', () => {
  it.each([
    'Help me', 'Er komt rook uit de motorkap', 'Ik sta langs de weg', 'Help me alsjeblieft', 'Ik sta met pech op de vluchtstrook',
    'Broke down on the motorway', "I'm stranded on the hard shoulder", 'Er kwam witte rook uit de uitlaat', 'Er komt stoom uit de motor',
  ])('%j alerts the owner as a problem', (text) => expect(owner(text)).toEqual({ class: 'problem', alerted: true }));

  it('reads smoke and a breakdown in the domain table, not only as the network guesses', () => {
    expect(explain('Er komt rook uit de motorkap').because).toEqual(['komt rook (domain: danger)']);
    expect(explain('Ik sta langs de weg').because).toEqual(['langs de weg (domain: stranded or in need of help)']);
    expect(explain('Help me').because).toEqual(['help me (domain: stranded or in need of help)']);
  });

  it('"Can you help me?" asks, and alerts the owner as a question', () => {
    expect(owner('Can you help me?')).toEqual({ class: 'question', alerted: true });
  });

  it('"Help" alone stays the SMS keyword (carriers require it answered), and says it cries for help; "INFO" does not', () => {
    for (const text of ['Help', 'Help!', 'HELP', 'help!!', 'H E L P', 'Helppp']) {
      expect(classify(text)).toBe('help');
      expect(criesForHelp(text)).toBe(true);
    }
    for (const text of ['INFO', 'Info?', 'I N F O', 'Top, help!', 'Help me']) expect(criesForHelp(text)).toBe(false);
  });
});

describe('happy replies alert nobody', () => {
  it.each([
    'Graag blijven sturen', "I'm not the owner, this is my husband's car, he says it's fine", 'Geen rare geluiden meer, top', 'No more warning lights',
    'Ik ben niet de eigenaar, maar mijn vrouw is heel tevreden', 'Geen foutmeldingen meer', 'Het piepen is eindelijk gestopt',
  ])('%j is good news, with no alert', (text) => expect(owner(text)).toEqual({ class: 'positive', alerted: false }));

  // Given up (read as a problem again, as before a619615): a sound or a light none of which is left may be a radio, a
  // horn or a dashboard that gives none, and a stop said now may say when the noise goes ("stopt zodra ik rem"); an
  // alert the owner reads costs a call, a complaint read as happy is lost.
  it.each(['Eindelijk stopt het piepen', 'Hij maakt geen geluid meer', 'Geen lampjes meer op het dashboard'])(
    '%j alerts the owner, as before', (text) => expect(owner(text)).toEqual({ class: 'problem', alerted: true }),
  );

  it('"great" on the page with "Sorry verkeerde knop, alles goed" alerts nobody', () => {
    expect(onPage('great', 'Sorry verkeerde knop, alles goed')).toEqual({ class: 'positive', alerted: false });
  });

  it.each([
    'De radio geeft geen geluid meer', 'De lampjes doen het niet meer', 'De motor stopt steeds', 'Verkeerde band gemonteerd',
    'Ze hebben de verkeerde knop vervangen',
  ])('%j, a thing broken, still alerts the owner as a problem', (text) => expect(owner(text)).toEqual({ class: 'problem', alerted: true }));
});

// The review of the last hour's reading (a619615, e5ccc0e, cbcaa18) found complaints read as happy again, and praise
// that alerted the owner and told the customer "wat vervelend": a noise that stops when or for a while, no sound from
// a radio, a horn or a phone; "forgot to say thanks", a smell or a stain gone, a heater blowing warm, the tow truck
// praised, praise and then a plan ("but I'll be back for the tyres"), a price higher than expected but worth it.
describe('what the review of the last hour found', () => {
  it.each([
    'Het piepen stopt zodra ik rem', 'The noise stops when I accelerate', 'The rattle stops after 10 minutes', 'Het tikken stopt als de motor warm is',
    'Piepen stopt even en begint dan weer', 'Geen geluid meer', 'Geen geluid meer uit de radio', 'Radio: geen geluid meer', 'De claxon maakt geen geluid meer',
    'Mijn telefoon maakt geen geluid meer via bluetooth',
  ])('%j alerts the owner as a problem', (text) => expect(owner(text)).toEqual({ class: 'problem', alerted: true }));

  it.each([
    'Forgot to say thanks!', 'Forgot to mention, all perfect', 'Vergeten te zeggen: top service!', 'Sorry, vergeten te reageren, alles prima',
    'Het vieze luchtje is weg', 'Het gerammel is weg', 'The stain is gone!', 'De kachel blaast weer warm, top!', 'The heater blows warm now, thanks',
    'Jullie sleepdienst was super', 'The tow truck driver was great', 'Pechhulp was snel ter plaatse, top', 'SOS service was fantastisch',
    'Het motorlampje brandt niet meer', 'Ruikt niet meer naar brand', 'Sorry, we zijn vergeten te reageren, alles prima', 'We forgot to reply, all great',
  ])('%j is good news, with no alert', (text) => expect(owner(text)).toEqual({ class: 'positive', alerted: false }));

  it.each([
    "Excellent service, but I'll be back for the tyres", 'Fijn, maar ik kom nog voor de APK', 'Great job, though I need to book the MOT',
    'Iets duurder dan verwacht, prima werk',
  ])('%j is for the owner to read, without an alert', (text) => expect(owner(text)).toEqual({ class: 'other', alerted: false }));

  it.each(['Jullie zijn de wieldop vergeten', 'You forgot the wheel trim', 'Mijn portemonnee is weg uit de auto', 'The AC blows warm air'])(
    '%j, the shop\'s job left undone or a thing lost, still alerts the owner', (text) => expect(owner(text)).toEqual({ class: 'problem', alerted: true }),
  );

  it('"Prijs was hoger dan verwacht maar het was het waard" alerts nobody', () => {
    expect(owner('Prijs was hoger dan verwacht maar het was het waard').alerted).toBe(false);
  });
});

// A breakdown said as the customer says it, or by who came for the car: "Breakdown on the A2" read as happy, "Had to
// call the ANWB" as nothing (no alert), "Ik moest de wegenwacht bellen" as a request to be called (the customer was
// thanked for a question).
describe('a breakdown, or the breakdown service called out, alerts the owner as a problem', () => {
  it.each([
    'Breakdown on the A2', 'Had to call the ANWB', 'Pech onderweg', 'Ik moest de wegenwacht bellen', 'Had a breakdown on the A2 this morning',
    'Breakdown for the second time', 'We had to call the AA', 'Moest de sleepdienst laten komen',
  ])('%j alerts the owner as a problem', (text) => expect(owner(text)).toEqual({ class: 'problem', alerted: true }));

  it('says what it read', () => {
    expect(explain('Ik moest de wegenwacht bellen').because).toEqual(['moest de wegenwacht bellen (domain: stranded or in need of help)']);
    expect(explain('Breakdown on the A2').because).toEqual(['breakdown on the a2 (domain: stranded or in need of help)']);
  });

  // A breakdown of the bill, and the service called out before and no more, alerted the owner as a breakdown since
  // 1f48191 (the review of the breakdowns): they read as before, and a lone "breakdown" is a car's only where it says so.
  it.each([
    ['Thanks for the breakdown, very helpful', 'positive'], ['Thanks for the itemised breakdown', 'positive'],
    ['Appreciate the breakdown on the invoice', 'positive'], ["Before I had to call the breakdown service every month, now it's perfect", 'positive'],
    ['Breakdown', 'other'],
    // and a breakdown got of the bill, or nerves, since bacdd88 (the review of the mends)
    ['Got a breakdown of the costs, very clear, thanks', 'positive'], ['Got a breakdown of the invoice by email, all good', 'positive'],
    ['Had a breakdown of the parts and labour, fair price', 'positive'], ['I had a breakdown of the work explained to me, great service', 'positive'],
    ['Thanks for explaining, I got a breakdown on the invoice', 'positive'],
    ['I almost had a breakdown when I saw how clean the car was, thank you!', 'positive'], ['Loved the breakdown on my way out, thanks Pieter', 'positive'],
    ['Got a breakdown, very clear, thanks', 'positive'], ['Got a breakdown on my bill, very clear thanks', 'positive'],
    ['Had a breakdown explained by Jan, great service', 'positive'], ['Got a breakdown from the pharmacist of how to take them, very helpful', 'positive'],
    // and the breakdown service called for something else
    ['ANWB gebeld om lidmaatschap te verlengen, auto rijdt top', 'positive'], ['Mijn vrouw belde de ANWB voor haar eigen auto, de onze rijdt top', 'positive'],
    ['Wegenwacht gebeld voor de caravan, auto is top', 'positive'],
  ] as const)('%j reads as before: %s', (text, reading) => expect(owner(text).class).toBe(reading));

  it.each([
    'De wegenwacht was snel, top', 'The breakdown service was great', 'Breakdown cover through you is handy', 'Thanks for the clear breakdown of the costs',
    'The cost breakdown was helpful', 'ANWB keuring was prima', 'Rijdt weer als een zonnetje, geen pech meer',
  ])('%j, the help praised or a breakdown of costs, is good news, with no alert', (text) => {
    expect(owner(text)).toEqual({ class: 'positive', alerted: false });
  });

  it.each(['Gelukkig hoefde ik de wegenwacht niet te bellen', 'Should I call the ANWB if it happens again?', 'Moet ik de ANWB bellen als het weer gebeurt?'])(
    '%j is read as before, a question', (text) => expect(owner(text)).toEqual({ class: 'question', alerted: true }),
  );
});
