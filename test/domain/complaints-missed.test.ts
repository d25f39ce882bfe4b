// Complaints the owner never heard of (a black-box review, reproduced by SMS): being charged twice ("U heeft mij twee
// keer laten betalen", "Jullie hebben me dubbel laten betalen") and being sorry to have bought it here ("Ik had het
// beter online kunnen kopen") read as happy, so the customer was thanked, the owner not alerted and the come-back
// invitation went; "Ik ben twee keer gepind", "I paid twice", "De verkoper heeft me afgezet" and "Het personeel was
// grof" read as nothing, with no e-mail to the owner. They are kinds of trouble in the domain table now (vocabulary.ts:
// TROUBLE), and alert the owner. Cheaper elsewhere is a word on the price, as "duur" is: the owner reads it, without
// an alert ("Bij de Gamma is het goedkoper" read as happy). Good news that names them denied stays good news.
import { describe, expect, it } from 'vitest';
import { classify, explain } from '../../src/domain/classify.js';
import { alerts } from '../../src/db/replies.js';

const owner = (text: string) => ({ class: classify(text), alerted: alerts(classify(text), text) });

describe('complaints the owner never heard of', () => {
  it.each([
    // the review's
    'U heeft mij twee keer laten betalen', 'Jullie hebben me dubbel laten betalen', 'Ik had het beter online kunnen kopen',
    'Ik ben twee keer gepind', 'I paid twice', 'De verkoper heeft me afgezet', 'Het personeel was grof',
    // charged twice
    'Ik moest twee keer betalen', 'Dubbel betaald', 'Ik heb 2 keer betaald', 'Twee keer afgeschreven van mijn rekening', 'Er is 2x gepind',
    'Twee keer van mijn rekening afgeschreven', 'They charged me twice', 'I was double-charged', 'I got billed twice',
    'Twee keer gepind, maar het geld is al teruggestort',
    // invoiced twice (the review of 5 Dec: "Ik ben 2x gefactureerd" read as nothing, with no alert)
    'Ik ben 2x gefactureerd', 'Goed, maar ik ben 2x gefactureerd', 'Ik ben twee keer gefactureerd', 'Dubbel gefactureerd', 'I was invoiced twice',
    'They invoiced me twice', 'Double invoiced', 'I was billed twice',
    // ripped off
    'Ik voel me afgezet', 'Afzetters!', 'Ik ben opgelicht', 'I got ripped off', 'Ze hebben te veel gerekend', 'Teveel betaald voor de reparatie',
    'Meer betaald dan afgesproken', 'They charged me too much',
    // rude staff, also beside praise
    'Onbeleefd personeel', 'Unfriendly staff', 'Mooie fiets, personeel grof', 'Top fiets, verkoper was grof', 'Great bike, unfriendly staff',
    'Goed geholpen maar de kassière was onbeschoft',
    // sorry to have bought it here
    'Had het beter bij de Gamma kunnen kopen', 'I should have bought it online', 'Ik had het elders moeten kopen',
  ])('%j alerts the owner as a problem', (text) => expect(owner(text)).toEqual({ class: 'problem', alerted: true }));

  it('says what it read', () => {
    expect(explain('U heeft mij twee keer laten betalen').because).toEqual(['twee keer laten betalen (domain: charged twice)']);
    expect(explain('De verkoper heeft me afgezet').because).toEqual(['verkoper heeft me afgezet (domain: ripped off)']);
    expect(explain('Het personeel was grof').because).toEqual(['personeel was grof (domain: rude staff)']);
    expect(explain('Ik had het beter online kunnen kopen').because).toEqual(['beter online kunnen kopen (domain: regret buying here)']);
  });
});

describe('cheaper elsewhere: a word on the price, for the owner to read', () => {
  it.each([
    'Bij de Gamma is het goedkoper', 'Online goedkoper', 'Elders goedkoper', 'Cheaper elsewhere', "It's cheaper online",
    'Top, wel elders goedkoper', 'Prima fiets, maar online is hij goedkoper',
  ])('%j is other, with no alert', (text) => expect(owner(text)).toEqual({ class: 'other', alerted: false }));

  it.each(['Goedkoper dan online, top', 'Goedkoper dan elders en super geholpen'])('%j, cheaper here, is good news', (text) => {
    expect(owner(text)).toEqual({ class: 'positive', alerted: false });
  });
});

describe('good news that names them stays good news', () => {
  it.each([
    'Ik hoefde niet dubbel te betalen', 'niet te veel betaald', 'Vriendelijk personeel, niet grof zoals elders', 'geen dubbele kosten',
    'twee keer gekocht, super tevreden', 'Twee keer geweest, top', "Wasn't charged twice, thanks", "Didn't pay too much",
    'Helemaal niet onvriendelijk, juist heel behulpzaam', 'Not rude at all', 'Ik hoef niet meer te betalen dan afgesproken',
    'Grof schuurpapier werkt top', 'De bezorger heeft me thuis afgezet, top', 'Ik had er beter twee kunnen kopen',
    'Grof geld, maar het is het waard', 'Ik hoefde niet twee keer te betalen', 'geen dubbele afschrijving',
    // paid in instalments, or as often as a service is due; cheaper here; the water turned off
    'Ik mocht in twee keer betalen, top', 'I pay twice a year for the service and it is great', 'Hier is het goedkoper dan online',
    'Het water werd afgezet en weer aangezet, netjes gedaan',
  ])('%j is good news, with no alert', (text) => expect(owner(text)).toEqual({ class: 'positive', alerted: false }));
});

// Praise that read as these complaints and alerted the owner (a review of the words above): a pill taken twice a day,
// work done beyond what was agreed, a coarse knit or tread, a lift home ("heeft me afgezet"), paying twice by choice or
// after a declined card, a sum worked out twice, a scam feared and found not to be, sorry not to have come here sooner.
// They read as before these words were added; who pays twice, is charged more than agreed or is treated rudely still alerts.
describe('praise that names these words stays praise', () => {
  it.each([
    'taken twice daily and it really helps', 'the pills taken twice a day work great', 'ze hebben meer gedaan dan afgesproken, top!',
    'they did more than agreed, brilliant', 'lekker grof gebreide trui, heel warm', 'de band heeft een grof profiel top',
    'de zool is lekker grof, goeie grip', 'jan heeft me afgezet, super service', 'de monteur bracht me naar huis en heeft me afgezet, top',
    'ik heb nu twee keer betaald met tikkie, werkt makkelijk', 'de monteur heeft het twee keer berekend en het klopte precies',
    'mijn pas werd geweigerd dus heb ik 2x gepind, geen probleem', "i'd pay twice as much for this service",
    'the double charging dock works perfectly', 'dacht dat het een scam was haha maar alles top',
  ])('%j is good news, with no alert', (text) => expect(owner(text)).toEqual({ class: 'positive', alerted: false }));

  it('"had ik dit maar eerder bij jullie moeten kopen" alerts nobody', () => {
    expect(owner('had ik dit maar eerder bij jullie moeten kopen').alerted).toBe(false);
    expect(owner('had ik dit maar eerder bij jullie moeten kopen').class).not.toBe('problem');
  });

  it.each([
    'De verkoper was grof tegen mij', 'grof behandeld door de kassière', 'Ik voelde me flink afgezet', 'Ze hebben meer gerekend dan afgesproken',
    'They charged me more than agreed', 'het is een scam', 'Had het beter bij de Gamma kunnen kopen', 'they charged my card twice',
  ])('%j still alerts the owner as a problem', (text) => expect(owner(text)).toEqual({ class: 'problem', alerted: true }));

  // The third review: the narrower words let these go unread ("other", nobody alerted).
  it.each([
    'jullie hebben me afgezet', 'ze hebben ons afgezet', 'jullie zijn grof', 'de bezorger was grof', 'ze was grof en ongeduldig', 'total scam',
    'dit is scam', 'the invoice came to more than agreed',
  ])('%j alerts the owner as a problem again', (text) => expect(owner(text)).toEqual({ class: 'problem', alerted: true }));

  it.each(['ze hebben me thuis afgezet, top', 'de man was grof gebouwd en vriendelijk', 'lekker grof gebreide trui, heel warm'])(
    '%j, no complaint, alerts nobody', (text) => expect(owner(text).alerted).toBe(false),
  );
});
