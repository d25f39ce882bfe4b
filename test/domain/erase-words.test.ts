// An erasure asked in other words, and a question about the data that asks none (the reviews open since the 41st
// session). Missed: "haal me uit jullie bestand", "verwijder mn gegevens", "wis al mijn info", "delete everything you
// have on me", "remove me from your database" were a stop of the SMS alone or a reply for the owner to read, and the
// erasure the GDPR says is owed within a month reached nobody. Read into one: "Hebben jullie mijn gegevens
// verwijderd?", "Did you delete my data?" stopped both channels and told the owner to erase the data of a customer who
// asked whether it was done. The verb's tense and person tell them apart, not the question mark: "Kunnen jullie mijn
// gegevens verwijderen?" and "Can you delete my data?" ask it.
import { describe, expect, it } from 'vitest';
import { classify, explain, stopRequest, unwantedBecause, unwantedReply } from '../../src/domain/classify.js';

const noErasure = (text: string) => {
  expect(unwantedBecause(text)).not.toContain('erase');
  expect(unwantedReply(text)).toBe(false);
};
const erasure = (text: string) => {
  expect(unwantedBecause(text)).toContain('erase');
  expect(unwantedReply(text)).toBe(true);
};

describe('an erasure asked in other words', () => {
  it.each([
    // the review's
    ['haal me uit jullie bestand'], ['haal mij uit het systeem'], ['verwijder mn gegevens'], ["verwijder m'n gegevens"], ['wis al mijn info'],
    ['delete everything you have on me'], ['remove me from your database'], ['erase my info'],
    // informal, Flemish, typed in a hurry
    ['verwijder men gegevens'], ['Verwijder me gegevens aub'], ['verwijder mijn gegevns'], ['Verwijder mn gegvens a.u.b.'], ['Verwijderd mijn gegevens aub'],
    ['Graag mijn gegevens verwijderd'], ['haal mijn gegevens weg'], ['wis alles wat jullie over mij hebben'], ['Schrap mij uit het klantenbestand'],
    ['ik wil uit jullie klantenbestand verwijderd worden'], ['Ik wil dat mijn gegevens verwijderd worden'], ['Ik had graag mijn gegevens verwijderd gezien'],
    ['take me off your system'], ['remove me from your records'], ['I want my data deleted'], ['erase all data you hold on me'],
    ['Please wipe all of my personal information'], ['get rid of my data'],
    // a polite question is a request
    ['Kunnen jullie mijn gegevens verwijderen?'], ['Can you delete my data?'], ['could you please remove my details'], ['Kunt u mijn gegevens wissen?'],
    ['Kunnen jullie me uit het systeem halen?'], ['Would you delete all my info?'],
    // and a reminder of it
    ['Ik heb al 2x gevraagd mijn gegevens te verwijderen'], ['Ik heb de fiets gehaald verwijder mijn gegevens'],
  ])('%j asks for the data to be erased: both channels stop and the owner is told, as of "verwijder mijn gegevens"', (text) => {
    expect(unwantedBecause(text)).toContain('erase');
    expect([unwantedReply(text), classify(text), explain(text).class]).toEqual([true, 'problem', 'problem']);
  });

  it.each([['Geen sms meer, verwijder mn gegevns'], ['Haal me uit jullie bestand en stuur geen mails meer'], ['Stop texting me, erase my info']])(
    '%j, beside a stop, is the erasure too',
    (text) => {
      expect(stopRequest(text)).not.toBeNull();
      expect([unwantedReply(text), classify(text)]).toEqual([true, 'problem']);
    },
  );
});

describe('asked whether the data was erased, or why the shop has it: a question for the owner, no erasure and no stop', () => {
  it.each([
    ['Hebben jullie mijn gegevens verwijderd?'], ['Have you deleted my data?'], ['Waarom hebben jullie mijn gegevens?'], ['Did you delete my data?'],
    ['Zijn mijn gegevens al gewist?'], ['Ben ik uit jullie systeem verwijderd?'], ['Have you removed me from your database?'], ['Was my info removed?'],
    ['You deleted my details?'], ['Why do you have my data?'], ['Hoe lang bewaren jullie mijn gegevens?'],
    // no question mark, and a wish to know
    ['hebben jullie mijn gegevens al verwijderd'], ['Ik wil weten of mijn gegevens verwijderd zijn'], ['Please confirm you have deleted my data'],
    // typed in a hurry (frv42a)
    ['did yall delete my info'], ['have yall deleted my data?'],
  ])('%j', (text) => {
    expect(unwantedBecause(text)).toEqual([]);
    expect(stopRequest(text)).toBeNull();
    expect([unwantedReply(text), classify(text), explain(text).class]).toEqual([false, 'question', 'question']);
  });

  // Said as a complaint, or with thanks, it stays what the reader makes of it.
  it.each([
    ['Jullie hebben mijn gegevens verwijderd en nu werkt de garantie niet', 'problem'], ['Bedankt dat jullie mijn gegevens hebben verwijderd', 'positive'],
  ] as const)('%j stays %s', (text, reading) => {
    expect(unwantedBecause(text)).toEqual([]);
    expect(classify(text)).toBe(reading);
  });
});

describe('data to be kept, and other words about the books', () => {
  it.each([
    ['verwijder mn gegevens niet'], ['wis mijn info niet'], ['Verwijder me gegevens alsjeblieft niet'], ["don't remove me from your database"],
    ['ik wil niet uit jullie bestand'], ['ik wil niet dat jullie mn gegevens verwijderen'], ["Don't erase my info"],
  ])('%j keeps the data: no erasure', (text) => expect(unwantedBecause(text)).not.toContain('erase'));

  // Taken off denied after the verb, as Dutch says it, was a stop: she was unsubscribed for good for asking to stay.
  it.each([['Verwijder me niet van de lijst'], ['haal me niet uit het systeem'], ['Haal mij niet van de lijst hoor'], ['schrap me niet uit het bestand'],
    // the number, itself a list word, said before the denial (frv42a)
    ['haal mijn nummer niet uit het systeem'], ['verwijder mijn nummer niet van de lijst']])(
    '%j asks nothing to stop, nor to erase',
    (text) => {
      expect(stopRequest(text)).toBeNull();
      expect(unwantedReply(text)).toBe(false);
      expect(classify(text)).not.toBe('opt_out');
    },
  );
  it.each([['haal me van de lijst niet meer sturen'], ['Haal me nu van de lijst, niet meer sturen'], ['remove me from your list'],
    ['haal mijn nummer uit het systeem'], ['haal mijn nummer uit het systeem en stuur niet meer naar mijn nummer']])('%j still stops', (text) =>
    expect(classify(text)).toBe('opt_out'));

  it.each([
    // the number to text, a stop (stop-sentences.test.ts); a bill, a payment; information asked for or changed
    ['Haal mijn nummer uit jullie systeem'], ['remove my number from your records'], ['Remove it from your records, I paid already'],
    ['Haal het uit de administratie aub, ik heb al betaald'], ['Kunnen jullie me info sturen over het verwijderen van de oude accu?'],
    ['Kunnen jullie mijn gegevens aanpassen?'], ['Please remove all of us from the list'], ['schrap alle data in december'], ['Mijn gegevens kloppen niet'],
  ])('%j asks no erasure', (text) => expect(unwantedBecause(text)).not.toContain('erase'));
});

// The review of these (frv42a): a customer who asked nothing of the kind was unsubscribed from both channels, told so,
// and the owner told to erase her data, her words buried under "Unwanted messages": a complaint that data was lost, data
// she wants kept, data on a phone or a card, an invoice out of the system, a question about what will happen, a data plan.
describe('no erasure asked, so none read', () => {
  it.each([
    // lost data, a complaint or a question for the owner
    ['my data got wiped during the repair!!'], ['all my data was erased after the repair'], ["my info got deleted, I can't log in anymore"],
    ['my data got deleted from the app, can you help'], ['my details were removed from the loyalty app??'],
    // the data kept
    ["I don't want my data deleted"], ['I dont want my details removed'], ["i don't need my info deleted, thanks"], ['no need to have my data deleted'],
    ["please don't have my details removed"], ["I'd hate to have my data deleted"], ['I never asked for my data to be deleted'],
    ["please don't take me off your system"],
    // something else out of the system
    ['kun je me de factuur uit het systeem halen'], ['kunnen jullie mij de bon uit het systeem halen en mailen?'], ['haal voor mij de bon uit het systeem aub'],
    ['ik wil mijn adres uit het systeem verwijderd hebben, ik ben verhuisd'], ['ik wil de fiets uit het systeem verwijderd hebben'],
    // what will happen
    ['will my data be deleted if i unsubscribe?'], ['r my details deleted?'], ['wanneer worden mijn gegevens verwijderd?'],
    ['worden mijn gegevens verwijderd als ik me afmeld?'],
    // data on a phone, a laptop, a card, a document
    ['can you wipe my data from the old phone before recycling it'], ['can you wipe all the data on my phone before the repair?'],
    ['wis mijn data van de oude laptop aub'], ['wis mijn info van de oude kaart'], ['delete all the data on the card please'],
    ['remove all the details from the quote'], ['please remove all the information from the old ticket'], ['delete my info from the old phone please'],
    ['verwijder mijn gegevens van de harde schijf voor je hem weggooit'],
    // a phone plan
    ['I want to get rid of my data plan'], ['please delete my data bundle'], ['can you remove my data plan from the contract'],
  ])('%j: nothing stops, and no erasure is owed', (text) => {
    expect(unwantedBecause(text)).not.toContain('erase');
    expect(stopRequest(text)).toBeNull();
    expect(unwantedReply(text)).toBe(false);
  });

  it.each([['will my data be deleted if i unsubscribe?'], ['wanneer worden mijn gegevens verwijderd?'], ['is my data deleted yet'], ['has my data been deleted']])(
    '%j is a question for the owner',
    (text) => expect(classify(text)).toBe('question'),
  );

  it.each([
    ["I'd like my data deleted"], ['I want all my data to be erased'], ['please have my details removed'], ['make sure my data is deleted'],
    ['delete my data from your system'], ['verwijder mijn gegevens uit jullie systeem'], ['haal me even uit het systeem'], ['ik wil graag uit jullie bestand verwijderd worden'],
  ])('%j still asks the erasure', (text) => expect(unwantedBecause(text)).toContain('erase'));
});

// "Zorg dat … verwijderd zijn" read as the perfect ("zijn … verwijderd", already done): a question, both channels went
// on and no month was owed (the review of these, frv42a).
describe('an erasure asked as what must be so', () => {
  it.each([
    ['Zorg dat mijn gegevens verwijderd zijn'], ['zorg ervoor dat mijn gegevens gewist zijn'], ['Ik verwacht dat mijn gegevens binnen een maand verwijderd zijn'],
    ['Ik eis dat mijn gegevens verwijderd zijn'], ['Make sure my data is deleted'],
  ])('%j asks for the data to be erased', (text) => {
    expect(unwantedBecause(text)).toContain('erase');
    expect([unwantedReply(text), classify(text)]).toEqual([true, 'problem']);
  });
  it('"Hebben jullie ervoor gezorgd dat mijn gegevens verwijderd zijn?" asks whether it was done', () =>
    expect([unwantedBecause('Hebben jullie ervoor gezorgd dat mijn gegevens verwijderd zijn?'), classify('Hebben jullie ervoor gezorgd dat mijn gegevens verwijderd zijn?')])
      .toEqual([[], 'question']));
});

// Missed: asked with a pronoun after a question about the data, or as done away with ("gooi … weg"), read as a
// question or a thank-you, nothing stopped and no month was owed (the review of these, frv42a, finding 4).
// The review of the mends (frv42f): read as erasures, both channels stopped and a month owed, of a customer who asked
// none ("Looks like my data got wiped during the repair"); missed, an erasure the session's start read right ("wis mijn
// gegevens van jullie computer": a thing of the shop's is its books).
describe('the review of the mends', () => {
  it.each([
    ['Looks like my data got wiped during the repair'], ['seems like all my data was erased'], ['just like that my data got deleted'],
    ['pls help my data got wiped after the repair'], ['need help my info got deleted from the app'], ['please check my data got deleted after update'],
    ['did you get my data deleted?'], ["make sure my data wasn't deleted"], ['ik had niet verwacht dat mijn gegevens gewist waren'],
    ['ik maak me zorgen zijn mijn gegevens gewist'],
    ["Did you get my info from the form? Please delete it, there was a typo, I'll fill it in again"],
    ['Hebben jullie mijn gegevens via de mail gekregen? Verwijder die maar, ik stuur een nieuwe'],
  ])('%j asks no erasure', noErasure);
  it.each([
    ['wis mijn gegevens van jullie computer'], ['delete my details off your phone'], ['remove my details from your computer'],
    ['verwijder mijn gegevens op jullie pc'], ['remove my details from your ticket system'], ['verwijder mijn gegevens van jullie kaart systeem'],
    ['remove my data from your bike database'], ['delete my details from the loyalty card'], ['verwijder mijn gegevens op de pas'],
    ['verwijder mij volledig uit jullie systeem'], ['haal me helemaal uit het bestand'], ['kunt u mij definitief uit uw bestand verwijderen'],
    ['haal me dan voorgoed uit het systeem'], ['Will my data be deleted? Please delete it'],
  ])('%j asks for the data to be erased', erasure);
});

// The third review (frv42h): conditionals and fears read as requests, a will-it question about a thing lending its
// data to "Delete it then"; and missed, erasures the session's start read right ("Kunnen jullie ervoor zorgen dat mijn
// gegevens verwijderd zijn") or the round before did ("Where did you get my details from? Delete them now").
describe('the third review', () => {
  it.each([
    ['als jullie me helemaal uit het systeem halen verlies ik dan mijn garantie?'], ['ik hoop niet dat jullie me helemaal uit het systeem halen'],
    ['wat gebeurt er als jullie me volledig uit het systeem verwijderen?'], ['Will my data be removed from the old laptop? Please remove it'],
    ['i love how my data got wiped'], ['i like how my data got wiped'],
    ['how do i get my data deleted'], ['did i get my data deleted?'],
  ])('%j asks no erasure', noErasure);
  it.each([
    ['Kunnen jullie ervoor zorgen dat mijn gegevens verwijderd zijn'], ['zorg wel dat mijn gegevens gewist zijn'], ['Ik verwacht van jullie dat mijn gegevens verwijderd zijn'],
    ['Zorg jij ervoor dat mijn gegevens verwijderd zijn'], ['Where did you get my details from? Delete them now'], ['How did you get my data? Delete it'],
    ['Hoe hebben jullie mijn gegevens gekregen? Verwijder ze'], ['Need my data deleted asap'], ['Want my data deleted'], ['Would like my data deleted'],
    ['Hi please make sure my data is deleted'], ['can you make sure my data is deleted'], ['ok get my data deleted'], ["I'd very much like my data deleted"],
    ['I really really want my data deleted'], ['We want our data deleted'], ['Could you guys get my data deleted'],
    ['Will my data be deleted if I unsubscribe? Please delete it then'],
  ])('%j asks for the data to be erased', erasure);
});

// The fourth look (frv42k): a polite "if you could" lost (no alert, nothing stopped); a fear or a consequence in mid-clause,
// "Got my details?" (her sending), a worry, "I didn't want my data deleted" read as erasures.
describe('the fourth look', () => {
  it.each([
    ['If you could delete my data that would be great'], ['als het kan verwijder mijn gegevens'], ['Indien mogelijk mijn gegevens verwijderen aub'],
    ['If possible delete my data'], ['if you could please delete my data'], ['Als het kan wil ik graag dat jullie mijn gegevens verwijderen'],
    // with a condition or a reason (the review of 3a0c278, frv42l)
    ['Please delete my data if you still have it'], ['Can you delete my data if you still have it?'], ["Delete my data if that's still possible"],
    ['Verwijder mijn gegevens als jullie die nog houden'], ['Please delete my data even if I lose my warranty'], ['Verwijder mijn gegevens want ik vrees voor spam'],
    ["Delete my data because I'm worried about hackers"], ['Verwijder mijn gegevens want ik ben bang voor hackers'],
  ])('%j asks for the data to be erased', erasure);
  it.each([
    ['verlies ik mijn garantie als jullie me uit het bestand halen'], ['moet ik opnieuw betalen als jullie me uit het systeem halen?'], ['krijg ik nog korting als jullie me uit het systeem halen?'],
    ['do I lose my warranty if you remove me from your database?'], ['wat als jullie me uit het systeem halen?'], ['ik hoop echt niet dat jullie me uit het systeem halen'],
    ['ik ben echt bang dat jullie me uit het systeem halen'], ["I hope you won't take me off your system"], ["I'm worried you will remove me from your system"],
    ['Got my details? Delete it'], ['we hadden eigenlijk wel verwacht dat onze gegevens gewist waren'], ['we maken ons zorgen dat onze gegevens gewist zijn'],
    ["I didn't want my data deleted"], ["I don't think I want my data deleted"], ['i never said i want my data deleted'], ['why would i want my data deleted'],
  ])('%j asks no erasure', noErasure);
});

describe('an erasure asked with a pronoun, or thrown away', () => {
  it.each([
    ['Waarom hebben jullie mijn gegevens? Verwijder ze!'], ['Why do you have my data? Delete it now'], ['Hebben jullie mijn gegevens nog? Gooi ze weg'],
    ['Hoe komen jullie aan mijn gegevens? Verwijder ze'], ['Hebben jullie nog gegevens van mij? Dan wil ik dat die verwijderd worden'],
    ['gooi mijn gegevens weg'], ['smijt mijn gegevens weg'], ['doe mijn gegevens weg aub'], ['mijn gegevens mogen weg'],
  ])('%j asks for the data to be erased', (text) => {
    expect(unwantedBecause(text)).toContain('erase');
    expect([unwantedReply(text), classify(text)]).toEqual([true, 'problem']);
  });
  it.each([
    ['my info is wrong, please delete it and add the new one'], ['Hebben jullie mijn gegevens nog? Verwijder het bericht'], ['gooi mijn gegevens niet weg'],
    ['mijn gegevens mogen niet weg'],
  ])('%j asks no erasure', (text) => expect(unwantedBecause(text)).not.toContain('erase'));
});

// A fear or a condition read only at the head of the clause (865643f) made a fear of erasure an erasure when a word came
// before it ("Eigenlijk ben ik bang dat …", "Hi I'm worried …"), and a question with its condition after the verb one;
// "zorgen" read as a fear lost "ik maak me zorgen dus verwijder …". Now the fear and the condition are read anywhere in
// the clause, without what goes only with a request: its reason, a concession, a polite condition, what led to it (the
// review of 865643f, frv43a).
describe('a fear or a condition anywhere in the clause, beside a request', () => {
  it.each([
    ['Eigenlijk ben ik bang dat jullie mijn gegevens wissen'], ['Eerlijk gezegd ben ik bang dat jullie mijn gegevens verwijderen'],
    ['ik ben echt heel erg bang dat jullie mijn gegevens verwijderen'], ["Honestly I'm worried you will delete my data"],
    ["To be honest I'm afraid you will erase my data"], ["Hi I'm worried you'll delete my data"], ['Ik ben bang voor het verwijderen van mijn gegevens'],
    ['Will you delete my data if I lose my warranty?'], ["Do you delete my data if I don't pay?"], ['Verwijderen jullie mijn gegevens als ik mijn garantie verlies?'],
    ['Wissen jullie mijn gegevens wanneer de garantie verloopt?'], ['Can you delete my data if I still have a warranty?'],
    ['Could you delete my data if I lose my warranty'], ['Ik maak me zorgen dat jullie mijn gegevens verwijderen'],
  ])('%j asks no erasure', noErasure);
  it.each([
    ['ik maak me zorgen dus verwijder mijn gegevens'], ["I'm worried so delete my data"], ['I still want my data deleted if possible'],
    ['I still get your texts so delete my data if you can'], ['ik krijg nog steeds mails dus verwijder mijn gegevens als het kan'],
    ['Delete my data even if I lose the discount'], ['Verwijder mijn gegevens ook als ik mijn korting verlies'],
    ["Remove me from your database because I'm worried about spam"], ['Haal me uit jullie bestand want ik maak me zorgen over spam'],
    ['Kunnen jullie ervoor zorgen dat mijn gegevens verwijderd zijn'], ['I want my data deleted'],
  ])('%j asks for the data to be erased', erasure);
});

// The fifth look (erase43): an account, to be forgotten, were words for the owner to read, and the erasure owed within a
// month reached nobody.
describe('the fifth look: an account, or to be forgotten', () => {
  it.each([
    ['verwijder mijn account'], ['delete my account'], ['please delete my account'], ['kunnen jullie mijn account verwijderen?'],
    ['ik wil vergeten worden'], ['I want to be forgotten'], ['right to be forgotten'], ['recht om vergeten te worden'],
    ['delete my account with you'],
  ])('%j asks for the data to be erased: both channels stop and the owner is told', (text) => {
    expect(unwantedBecause(text)).toContain('erase');
    expect([unwantedReply(text), classify(text)]).toEqual([true, 'problem']);
  });
  it.each([
    ['vergeet mij niet'], ["don't forget me"], ['forget me not'],
    // "forget me" is as often "count me out" ("Forget me, I can't make it"): the owner reads it (frv43c)
    ['forget me'], ["Forget me, I can't make it"], ['Never mind, forget me'],
    // "vergeet mij (maar)" is as often "count me out" ("Vergeet mij maar voor zaterdag"): the owner reads it (frv43b)
    ['vergeet mij'], ['Vergeet mij maar voor zaterdag'], ['I forgot my account password'], ['verwijder mijn account niet'],
    ['ik ben mijn account vergeten'], ['did you delete my account?'], ['forget about it'], ['vergeet het maar'], ['I do not want to be forgotten'],
    ['Ik wil niet vergeten worden'], ['what is the right to be forgotten?'], ['delete my account at amazon'], ['verwijder mijn account bij bol.com'],
  ])('%j asks no erasure', noErasure);
});

// "Do it" after asking when the data will be erased was a question for the owner: the erasure asked reached nobody.
describe('the fifth look: "do it" after asking when', () => {
  it.each([
    ['Wanneer worden mijn gegevens verwijderd? Doe het nu'], ['When will my data be deleted? Do it now'],
    // a request after a question about a condition: the imperative is said to the shop, and all it can delete is her data
    // (she deletes the app herself)
    ['Will my data be deleted if I delete the app? Delete it then'],
  ])('%j asks for the data to be erased: both channels stop and the owner is told', (text) => {
    expect(unwantedBecause(text)).toContain('erase');
    expect([unwantedReply(text), classify(text)]).toEqual([true, 'problem']);
  });
  it.each([['Is the bike ready? Do it now'], ['Do you have my data? Do it now']])('%j asks no erasure', noErasure);
  it('"When will my data be deleted?" alone asks when, a question for the owner', () => {
    noErasure('When will my data be deleted?');
    expect(classify('When will my data be deleted?')).toBe('question');
  });
});

// A lost-data complaint ("i need my data it was erased by you") and a question answered no ("need my data deleted? no")
// stopped both channels of a customer who never asked, and told the owner an erasure was owed.
describe('the fifth look: lost data, a question answered no', () => {
  it.each([
    ['i need my data it was erased by you'], ['I need my data that you deleted'], ['need my data deleted? no'], ['verwijder mijn gegevens? nee'],
  ])('%j asks no erasure', noErasure);
  it('"Verwijder mijn gegevens. Nee, echt" still asks it: a no that goes on answers nothing', () => erasure('Verwijder mijn gegevens. Nee, echt'));
});

// Asked how she erases it herself ("How do I delete my data?", "Hoe verwijder ik mijn gegevens?") stopped both channels
// and told the owner an erasure was owed: a question for the owner, as "how do i get my data deleted" was.
describe('the fifth look: how she does it herself', () => {
  it.each([
    ['How do I delete my data?'], ['Hoe verwijder ik mijn gegevens?'], ['How do I delete my account?'], ['Kan ik mijn account zelf verwijderen?'],
    ['Verwijder ik mijn gegevens als ik me afmeld?'],
  ])('%j asks no erasure: a question for the owner', (text) => {
    noErasure(text);
    expect(classify(text)).toBe('question');
  });
  it.each([
    ['How do I delete my data? I want it gone'], ['How do I delete my account? Do it for me'], ['Kunnen jullie mijn account verwijderen?'],
    ['Kan ik mijn gegevens laten verwijderen?'],
  ])('%j asks for the data to be erased', erasure);
});

// A condition in a clause of its own, what would follow in the next (or the one before): read as a request to erase,
// both channels stopped for a customer asking what she would lose (older than this session).
describe('a condition in a clause of its own', () => {
  it.each([
    ['als jullie me helemaal uit het systeem halen, verlies ik dan mijn garantie?'], ['When you delete my data, will I lose my warranty'],
    ['Will I lose my warranty, if you delete my data?'], ['Verlies ik mijn garantie, als jullie mijn gegevens verwijderen?'],
    ['If you delete my data, do I still get the discount?'], ['Als jullie mijn gegevens wissen, moet ik dan opnieuw betalen?'],
    ['If you delete my data, what happens to my warranty?'],
  ])('%j asks no erasure', noErasure);
  it.each([
    ['Als het kan, verwijder mijn gegevens'], ['If you could delete my data, that would be great'], ['If you still have my data, please delete it'],
    ['Delete my data, even if I lose my warranty'], ['Verwijder mijn gegevens. Als ik mijn garantie verlies, jammer dan'],
    ["If you're reading this, delete my data"], ['Thanks for the bike. If you can, delete my data'],
  ])('%j asks for the data to be erased', erasure);
});

// The review of this session's erasure readings (frv43b): an account that is only where something is removed from, a
// fear inside a reason, "forget me" in other senses, a how-to asked politely, "die kras weg" were erasures; a request
// with a fear after it ("delete my data im worried about hackers") and "Mag ik vragen …" were lost.
describe('the review of the fifth look', () => {
  it.each([
    ['Kunnen jullie het oude telefoonnummer in mijn account verwijderen?'], ['You charged me twice, please remove it from my account'],
    ['verwijder deze bestelling uit mijn account'], ['Graag het oude adres in mijn account verwijderd'], ['Please remove my account manager from the emails'],
    ["I'm asking because I'm worried you'll delete my data"], ['Ik bel omdat ik bang ben dat jullie mijn gegevens verwijderen'],
    ["Forget me for Saturday, can't make it"], ['Forget us this week, we are away'], ['vergeet me even ik bel later terug'],
    ['How do I delete my account please?'], ['hoe verwijder ik mijn account aub'], ['Can I delete my account please?'], ['Should I delete my account?'],
    ['Jullie hebben mijn gegevens toch? Ik wil die kras weg voor zaterdag'], ["I don't really want to be forgotten"],
  ])('%j asks no erasure', noErasure);
  it.each([
    ['verwijder mijn gegevens ik ben bang voor hackers'], ['delete my data im worried about hackers'], ["Delete my data I hope you don't sell it"],
    ['Mag ik vragen mijn gegevens te verwijderen?'], ['Mag ik mijn gegevens verwijderd hebben aub'], ['get rid of my account'],
    ['How do I delete my account? Do it for me'],
  ])('%j asks for the data to be erased', erasure);
});

// A bare "no" at the end was read as a question answered even after a request: "Delete my details please, no thanks"
// reached nobody (frv43b). Only after a question mark.
describe('a bare no after a request', () => {
  it.each([['Delete my details please, no thanks'], ['Delete my data. No'], ['Verwijder mijn gegevens!! NEE']])('%j asks for the data to be erased', erasure);
  it.each([['need my data deleted? no'], ['verwijder mijn gegevens? nee']])('%j asks no erasure', noErasure);
});

// A condition after a request read as what would follow lost "Delete my data if it's still there" and "Delete my data
// when the warranty ends" (read right at the session's start; frv43b): told to do it, the condition says when.
describe('a request told with a condition of when', () => {
  it.each([
    ["Delete my data if it's still there"], ['Please delete my details if they are still on your system'], ['Verwijder mijn gegevens als ze er nog zijn'],
    ['Delete my data when the warranty ends'], ['verwijder mijn gegevens als ik mijn fiets terug krijg'], ["Delete my account I don't care if I lose the points"],
  ])('%j asks for the data to be erased', erasure);
  it.each([['Delete my data if I lose my warranty?'], ['Verwijderen jullie mijn gegevens als ik mijn garantie verlies?'], ['Will I lose my warranty if it is still there']])(
    '%j asks no erasure', noErasure,
  );
});

// The third look at this session's readings (frv43c): asked how, in other words; "If you delete my data can I still …";
// a request beside "I still get your texts"; a fear, then please; the right to be forgotten claimed at length.
describe('the third look at the fifth', () => {
  it.each([
    ['how to delete my account?'], ['Please how do I delete my account'], ['Could you tell me how to delete my account?'], ['Hallo hoe verwijder ik mijn account'],
    ['If you delete my data can I still get repairs'], ['Als jullie mijn gegevens verwijderen kan ik dan nog garantie krijgen'],
  ])('%j asks no erasure', noErasure);
  it.each([
    ['I still get your texts. If you could delete my data please'], ['Als u mijn gegevens wilt verwijderen, ik krijg nog steeds reclame'],
    ["I'm worried about spam please delete my data"], ['I want to exercise my right to be forgotten'], ['Under GDPR I invoke my right to be forgotten'],
    ['Ik wil gebruik maken van mijn recht om vergeten te worden'], ['Is it possible to delete my data?'],
  ])('%j asks for the data to be erased', erasure);
});

// Read as a polite request, "If you would delete my data" lost what would follow it: a customer asking what she would
// lose was unsubscribed from both channels (the polite condition set aside in 260f27e, before its review).
describe('a polite condition with what would follow', () => {
  it.each([
    ['If you would delete my data would I lose my warranty'], ['If you would delete my data, would I lose my warranty?'],
    ['Als u mijn gegevens wilt verwijderen verlies ik dan mijn garantie?'], ['Als jullie mijn gegevens zouden verwijderen verlies ik dan mijn garantie'],
  ])('%j asks no erasure', noErasure);
});

// The fourth look (frv43d): a polite condition beside what would follow it without a question mark, a please in the
// middle of a fear, a right to be forgotten doubted, were erasures; a how-to beside a request, and "please find a way to
// delete my data", were lost.
describe('the fourth look at the fifth', () => {
  it.each([
    ['If you would delete my data, would I lose my warranty'], ['Als u mijn gegevens wilt verwijderen, verlies ik dan mijn garantie'],
    ["If you'd delete my account, I'd lose all my points"], ["I'm worried please tell me you won't delete my data"],
    ["I don't think I have the right to be forgotten"], ['Ik weet niet of ik het recht op vergetelheid heb'],
  ])('%j asks no erasure', noErasure);
  it.each([
    ['Please find a way to delete my data'], ["I don't know how to delete my account please do it for me"],
    ["I'm not sure how to delete my account, can you delete it for me?"], ['Hoe verwijder ik mijn account? Verwijder het voor mij aub'],
    ['I still get your texts. If you could delete my data please'], ["If you could delete my data, I'd be grateful"],
    ['Is my bike ready? If you could delete my data please, I still get texts'],
  ])('%j asks for the data to be erased', erasure);
});

// The fifth look (frv43e): a please or a "can you" after a how-to that asks her own way to do it, "Did you find a way to
// delete my data", Dutch "hoe ik verwijder mijn …" were erasures; a request after a fear and an opener, a need of the
// right, "Als u mijn gegevens wilt verwijderen, krijg ik geen reclame meer", "kunt u het voor mij doen" were lost.
describe('the fifth look at the fifth', () => {
  it.each([
    ['How do I delete my account please I want to do it myself'], ['How do I delete my data please help me do it'],
    ['Did you find a way to delete my data'], ['Weet u hoe ik verwijder mijn gegevens'],
  ])('%j asks no erasure', noErasure);
  it.each([
    ["I'm worried about spam please if you could delete my data"], ['I need to use my right to be forgotten'],
    ['Als u mijn gegevens wilt verwijderen, krijg ik geen reclame meer'], ['Ik weet niet hoe ik mijn gegevens kan verwijderen, kunt u het voor mij doen'],
  ])('%j asks for the data to be erased', erasure);
});

// The forty-fourth session's look (fix44a, and its review frv44a): what she would lose because it erases, lost data
// wanted back and data at another firm were erasures: both channels stopped for a customer who asked none, and the
// owner told to erase her data (the data she wants back). A fear of a thing named, then the request told without a
// please ("bang voor hackers verwijder mijn gegevens"), reached nobody. What the shop does when she unsubscribes, how
// she unsubscribes and deletes, and a delete to be made again stay requests: she is leaving, or the owner reads the
// rest (in doubt, nothing more goes; read otherwise, they lost real requests, and "… and make a new one please" read
// as happy, with no alert).
describe('the forty-fourth session\'s look', () => {
  it.each([
    // what she would lose, the erasing only its reason
    ['Will I lose my warranty because you delete my data?'], ['Do I lose my points because you delete my account?'],
    ['Verlies ik mijn garantie omdat jullie mijn gegevens verwijderen?'],
    // lost data wanted back
    ['mijn account is gewist door jullie ik wil hem terug'], ['mijn gegevens zijn verwijderd ik wil ze terug'],
    // data at another firm
    ['delete my data at google'], ['verwijder mijn gegevens bij google'], ['Can you delete my data at yahoo?'],
    // nor a fear of the erasing itself
    ['bang voor het verwijderen van mijn gegevens'], ["I'm afraid you'll delete my data"],
  ])('%j asks no erasure', noErasure);
  it.each([
    // what the shop does when she leaves, or how she leaves and deletes
    ['If I unsubscribe, will you delete my data?'], ['Do you delete my data when I unsubscribe?'], ['Als ik me afmeld, verwijderen jullie dan mijn gegevens?'],
    ['Would you be so kind to delete my data when I unsubscribe'], ['when i unsubscribe will you delete my data i dont want you to keep it'],
    ['Als ik me afmeld verwijderen jullie dan mijn gegevens, want dat wil ik'], ['How do I unsubscribe and delete my account?'],
    ['Hoe meld ik me af en verwijder ik mijn account?'], ["I'll lose my points because I want you to delete my account, thats fine"],
    // a fear of a thing named, then told
    ['bang voor hackers verwijder mijn gegevens'], ['ik ben bang voor hackers verwijder mijn gegevens'], ['worried about spam delete my data'],
    // asked of the shop, or told, beside leaving; another condition
    ['If I unsubscribe, can you delete my data?'], ['If I unsubscribe, please delete my data'], ['Will you delete my data?'],
    ['Delete my data when I unsubscribe'], ['Kunnen jullie mijn gegevens verwijderen als ik me afmeld?'], ['Will you delete my data if I send you my ID?'],
    // asked after the question, or with a please in it
    ['If I unsubscribe, will you delete my data? Please do'], ['If I unsubscribe, will you also delete my data? I want that'],
    ['Will you please delete my data when I unsubscribe'], ['how do i unsubscribe and delete my account? do it for me'],
    ['How do I unsubscribe and delete my account, please do it for me'],
    // a reason that is not what she would lose
    ['Please delete my data because I get too many texts'], ["I'm writing because I want you to delete my data"],
    ['Ik stuur dit omdat ik wil dat jullie mijn gegevens verwijderen'],
    // something else beside the delete, or no new one
    ['Kunnen jullie mijn account verwijderen en mijn gegevens wissen?'], ['Can you delete my account and stop texting me?'],
    ['Kunnen jullie mijn account verwijderen? Ik maak geen nieuwe aan'], ["Delete my account and make sure I don't get texts again"],
    // told after the how-to, not asked
    ['How do I unsubscribe? And please delete my account'], ['Please unsubscribe me and delete my data'], ['Meld me af en verwijder mijn account'],
    // gone for good, or the shop's own
    ['Ik wil dat mijn gegevens verwijderd zijn, ik kom niet meer terug'], ['delete my data at once'], ['verwijder mijn gegevens bij jullie'],
    ['Verwijder mijn gegevens bij voorbaat dank'], ['Delete my data at your shop'], ['verwijder mijn gegevens bij google en bij jullie'],
  ])('%j asks for the data to be erased', erasure);
  it.each([
    // a question of what would follow, without a question mark; lost data, a complaint
    ['If you delete my data can I still get repairs', 'question'], ['Als jullie mijn gegevens verwijderen kan ik dan nog garantie krijgen', 'question'],
    ['i need my data it was erased by you', 'problem'], ['my account was deleted by you i want it back', 'problem'],
    ['Mijn account is gewist door jullie, ik wil hem terug', 'problem'], ['Jullie hebben mijn gegevens verwijderd en nu werkt de garantie niet', 'problem'],
  ] as const)('%j is a %s for the owner', (text, reading) => {
    noErasure(text);
    expect(classify(text)).toBe(reading);
  });
  it('"If you delete my data I will be happy" still asks it: nothing follows that she asks', () => erasure('If you delete my data I will be happy'));
});

// Found by its review (frv44a): requests lost by the look's first rules (a question beside a report that
// unsubscribing fails, a please or a wish before or after, a delete made again for someone else, a how-to with "i want
// it gone", lost data wanted back read from any "terug", a loss asked and then told to go ahead, the firm and the shop
// too), and anything removed "by you" read as her complaint.
describe('the review of the forty-fourth session\'s look', () => {
  it.each([
    ["Will you delete my data? When I unsubscribe it doesn't work"], ['Would you delete my data please? When I unsubscribe the texts still come'],
    ['Verwijderen jullie mijn gegevens aub? Als ik me afmeld werkt het niet'], ['Will you delete my data asap. If I unsubscribe nothing happens'],
    ['Please, if I unsubscribe, will you delete my data'], ['If I unsubscribe, will you delete my data? Ok do it'],
    ['If I unsubscribe, will you delete my data? If yes do it'],
    // a delete to be made again asks it too ("… and make a new one please" was read as happy, no alert): the owner reads
    // the rest
    ['Kunnen jullie mijn account verwijderen en opnieuw aanmaken?'], ['Delete my account and make a new one please'],
    ['Delete my account and make a new one for my wife'], ['Verwijder mijn account en maak een nieuwe aan op naam van mijn vrouw'],
    ['verlies ik mijn garantie omdat jullie mijn gegevens verwijderen? maakt niet uit verwijder ze maar'],
    ['how do i unsubscribe and delete my data i want it gone'],
    ['ik wil dat mijn gegevens verwijderd zijn ik wil niet meer terug komen'], ['ik wil mijn geld terug mijn gegevens moeten verwijderd zijn'],
    ['Will I lose my warranty because you delete my data? Please do it anyway'], ['Do I lose my points because you delete my account? Fine, delete it'],
    ['delete my data at google and you too'], ['verwijder mijn gegevens bij google en jullie ook'],
    // a firm a shop may sell for or through, or the shop's WhatsApp
    ['delete my data at vodafone'], ['verwijder mijn gegevens bij kpn aub'], ['verwijder mijn gegevens op whatsapp'], ['delete my data at apple'],
    ['delete my data at google too'], ['verwijder mijn gegevens bij google ook'], ['verwijder mijn gegevens op facebook'], ['delete my data at amazon'], ['remove my data on instagram, I followed your page'],
  ])('%j asks for the data to be erased', erasure);
  it.each([['the virus was removed by you'], ['de oude software is door jullie verwijderd'], ['my data was deleted by you as asked, thanks']])(
    '%j is no complaint of data lost', (text) => expect(classify(text)).not.toBe('problem'));
});

// Found by its second review (frv44c): lost data wanted back is a complaint in Dutch as in English, a loss asked then
// told to go ahead in other words, a fear of losing what the erasing costs, the firm and the shop's own system, and an
// erasure by the shop said with no complaint in it.
describe('the second review of the forty-fourth session\'s look', () => {
  it.each([
    ['mijn account is door jullie gewist ik wil hem terug'], ['jullie hebben mijn account verwijderd ik wil het terug'],
    ['mijn account is verwijderd ik wil mijn punten terug'], ['mijn account is verwijderd, ik wil hem terug!!'],
  ])('%j is a complaint for the owner, no erasure', (text) => {
    noErasure(text);
    expect(classify(text)).toBe('problem');
  });
  it.each([
    ['Will I lose my warranty because you delete my data? ok delete it'], ['Will I lose my warranty because you delete my data? delete it anyway'],
    ['Will I lose my warranty because you delete my data? go ahead'], ['Will I lose my warranty because you delete my data? I still want it deleted'],
    ['Will I lose my warranty because you delete my data? i dont care'], ['verlies ik mijn garantie omdat jullie mijn gegevens verwijderen? maakt niet uit'],
    ['verlies ik mijn garantie omdat jullie mijn gegevens verwijderen? verwijder maar'], ['verlies ik mijn garantie omdat jullie mijn gegevens verwijderen? ga je gang'],
    ['verlies ik mijn garantie omdat jullie mijn gegevens verwijderen? ik wil het toch'],
    ['verwijder mijn gegevens bij google en uit jullie systeem'], ['delete my data at google and in your system'], ['delete my data at google and everywhere'],
    ['verwijder mijn gegevens bij google en overal'], ['delete my data at google. Yours too'],
    ['worried about the hackers delete my data'], ['bang voor het hacken verwijder mijn gegevens'],
  ])('%j asks for the data to be erased', erasure);
  it.each([
    ['afraid of losing my points delete my account?'], ['bang voor verlies van garantie verwijder mijn gegevens?'], ['worried about my warranty delete my data?'],
  ])('%j asks no erasure', noErasure);
  it.each([
    ['my data was deleted by you, got it'], ['my old messages were removed by you, much better'], ['my data was deleted by you like i requested'],
    ['mijn oude gegevens zijn door jullie verwijderd, alles werkt weer'],
  ])('%j is no complaint of data lost', (text) => expect(classify(text)).not.toBe('problem'));
});

// Found by its third review (frv44d): told to go ahead in words the second review's missed ("toch maar doen", which
// "maar" parts in two; "kan me niet schelen", "whatever", "still delete it", "either way"), and another firm's data
// with anything but thanks after it ("… and the store", "… en uit het systeem", "… and my account here",
// "… and stop"): erasures at the session's start, lost at its head.
describe('the third review of the forty-fourth session\'s look', () => {
  it.each([
    ['verlies ik mijn garantie omdat jullie mijn gegevens verwijderen? toch maar doen'],
    ['verlies ik mijn garantie omdat jullie mijn gegevens verwijderen? toch maar verwijderen'],
    ['verlies ik mijn garantie omdat jullie mijn gegevens verwijderen? maakt niet uit hoor'],
    ['verlies ik mijn garantie omdat jullie mijn gegevens verwijderen? kan me niet schelen verwijder ze'],
    ['verlies ik mijn garantie omdat jullie mijn gegevens verwijderen? dan maar geen garantie'],
    ['Will I lose my warranty because you delete my data? whatever'], ['Will I lose my warranty because you delete my data? still delete it'],
    ['Will I lose my warranty because you delete my data? delete it either way'],
    ['Will I lose my warranty because you delete my data? I dont care about the warranty just delete it'],
    ['delete my data at google and the store'], ['verwijder mijn gegevens bij google en uit het systeem'], ['verwijder mijn gegevens bij google en uw bestand'],
    ['delete my data at google and my account here'], ['delete my data at google, stop'], ['verwijder mijn gegevens bij google en stop'],
  ])('%j asks for the data to be erased', erasure);
  it.each([
    ['verlies ik mijn garantie omdat jullie mijn gegevens verwijderen? toch maar niet'], ['Will I lose my warranty because you delete my data? still don\'t delete it'],
    ['delete my data at google. thanks in advance'], ['verwijder mijn gegevens bij google aub, bedankt'],
  ])('%j asks no erasure', noErasure);
});

// The forty-fifth session's look: a condition on her own question's answer ("Can I keep my points? If not please delete
// my data", "… repairs, if yes delete it") read as a "not" that keeps the data, or as what would follow, lost the
// request; what she would lose because the shop erases, asked by its order without a question mark ("Do I lose my
// points because you delete my account"), was read as the erasure itself; her records erased acknowledged with an ok,
// and viruses wiped beside a laptop wanted back, were complaints of lost data.
describe('the forty-fifth session\'s look: a condition on her answer, a question by its order, an ok', () => {
  it.each([
    // asked on the answer to her question (in doubt, asked)
    ['Can I keep my points? If not please delete my data'], ['Can I keep my points? If not please delete it'], ['Can I keep my points? If not, delete it'],
    ['Can I keep my points? If not delete my account'], ['can i keep my points? if no delete it'], ['Will I lose my points? If not delete my account'],
    ['Kan ik mijn punten houden? Zo niet, verwijder ze maar'], ['If not please delete my data'],
    ['if you delete my data can i still get repairs, if yes delete it'], ['if you delete my data can i still get repairs if yes delete it'],
    ['If you delete my data can I still get repairs? If yes, delete it'], ['if you delete my account can i still use my points, if not delete it anyway'],
    ['Als jullie mijn gegevens verwijderen kan ik dan nog garantie krijgen, zo ja verwijder ze'],
    ['als jullie mijn gegevens verwijderen kan ik dan nog garantie krijgen zo ja doe het maar'], ['Will my data be deleted if I unsubscribe? If so do it'],
    ['can i still get repairs if you delete my data? if yes then delete it'], ['Kan ik mijn punten houden? zo niet dan verwijder ze'],
    // not minding what she loses, told without a comma as with one
    ['i dont care if i lose my points delete my account'], ['Het maakt me niet uit als ik mijn punten verlies verwijder mijn account'],
    ["I don't care if I lose my warranty just delete my data"],
  ])('%j asks for the data to be erased', erasure);
  it.each([
    // as before: told, or asked with something after the question
    ["I don't care if I lose my points, delete my account"], ['Kan ik mijn punten houden? Zo niet, verwijder mijn gegevens'],
    ['Kan ik mijn punten houden? Anders verwijder mijn gegevens'], ['Can I keep my points? If yes please delete my data'],
    ['Do I lose my points because I want you to delete my account'], ['Will I lose my warranty because you delete my data please do it anyway'],
    ['Do I lose my points because you delete my account, if so delete it anyway'], ['Do I lose my points because you delete my account and stop texting me'],
    ['Verlies ik mijn garantie omdat jullie mijn gegevens verwijderen en dan wil ik dat'], ['I lose my points because you delete my account'],
  ])('%j still asks for the data to be erased', erasure);
  it.each([
    ["Can I keep my points? If not, don't delete my data"], ['Kan ik mijn punten houden? Zo niet, verwijder mijn gegevens niet'],
    ['Kan ik mijn punten houden? Zo niet, dan niet verwijderen'], ['if you delete my data can i still get repairs, if not dont delete it'],
    ['Can I keep my points? If not please call me'], ['i dont care if i lose my points dont delete my account'],
    ['Will I lose my warranty because you delete my data?'], ['Do I lose my points if you delete my account'],
    ['Is my bike ready? If not please delete it'], ['Can I keep my points? If not please delete the app'],
    ['do i lose my points because you delete my account? if so never mind'],
  ])('%j still asks no erasure', noErasure);
  it.each([
    // what she would lose because the shop erases, asked by its order: the question mark does not tell
    ['Do I lose my points because you delete my account'], ['do i lose my points because u delete my account'],
    ['Will I lose my warranty because you delete my data'], ['Verlies ik mijn garantie omdat jullie mijn gegevens verwijderen'],
    ['verlies ik mn punten omdat jullie mn account verwijderen'], ['Raak ik mijn punten kwijt omdat jullie mijn account verwijderen'],
    // what would follow asked is no praise, a thanks beside it
    ['if you delete my data can i still get repairs, if yes thanks'],
  ])('%j is a question for the owner, no erasure', (text) => {
    noErasure(text);
    expect(classify(text)).toBe('question');
  });
  it.each([
    ['ok my data was removed by you'], ['cool my data was deleted by you'], ['okay my data was deleted by you'], ['ok, my data was removed by you'],
    ['my data was removed by you, ok'], ['alright my info was removed by you'],
    ['de virussen zijn gewist, ik wil mn laptop nu terug'], ['het virus is verwijderd, ik wil mijn telefoon terug'], ['de spyware is verwijderd ik wil mijn pc nu terug'],
  ])('%j is no complaint of data lost, nor an erasure', (text) => {
    noErasure(text);
    expect(classify(text)).not.toBe('problem');
  });
  it.each([
    ['i need my data it was erased by you'], ['mijn fotos zijn door jullie gewist'], ['ok my photos were deleted by you'], ['ok mijn fotos zijn door jullie gewist'],
    ['ok my data was deleted by you but i need it back'], ['ok my data was deleted by you and i never asked'], ['ok so my data was deleted by you'],
    ['de virussen en mijn fotos zijn gewist, ik wil ze terug'], ['mijn fotos zijn gewist, ik wil mn laptop terug'], ['alles is gewist ik wil mn laptop terug'],
  ])('%j is still a complaint for the owner', (text) => {
    noErasure(text);
    expect(classify(text)).toBe('problem');
  });
});

// The review of the forty-fifth session's look: the condition on her answer only where what she keeps or loses is what
// an erasure takes (not "Can I keep the case? If not delete it", nor on a reset: "Will I lose my data if you reset the
// phone? If not go ahead"); an ok only where nothing else is said; viruses wiped only where no data of hers is wanted back.
describe('the review of the forty-fifth session\'s look', () => {
  it.each([
    ['Can I keep my appointment? If not delete it'], ['can i keep my booking if not delete it'], ['Can I keep my old phone? If not please wipe it'],
    ['Can I keep the case? If not delete it'], ['kan ik mijn fotos houden? zo niet verwijder ze'], ['Will I lose my warranty if you open it? If not do it'],
    ['Will I lose my data if you reset the phone? If not go ahead'], ['Verlies ik mijn foto\'s als jullie hem resetten? Zo niet, ga je gang'],
    ['Do I keep my warranty if the screen is replaced? If not delete it'],
  ])('%j asks no erasure', noErasure);
  it.each([
    ['Do you keep my data? If so delete it'], ['Will I lose my points if I unsubscribe? If so delete it anyway'],
    ['Kan ik mijn punten houden als ik me afmeld? Zo niet, verwijder ze maar'], ['Can I keep my points if I unsubscribe? If not, delete it'],
  ])('%j asks for the data to be erased', erasure);
  it.each([
    ['ok my account was deleted by you and you still text me'], ['ok my data was deleted by you even though i said keep it'],
    ['ok my data was deleted by you and my warranty is void'], ['ok my data was removed by you again'], ['ok my data was deleted by u smh'],
    ['ok my data was deleted by you, unbelievable'], ['ok my account was deleted by you and my points too'],
    ['het virus is verwijderd, ik wil mijn bestanden terug'], ['het virus is gewist maar ik wil mijn foto\'s terug'],
    ['de virussen zijn verwijderd ik wil mijn contacten terug'], ['Het virus heeft mijn laptop gewist, ik wil mijn bestanden terug'],
  ])('%j is still a complaint for the owner', (text) => {
    noErasure(text);
    expect(classify(text)).toBe('problem');
  });
  it.each([['ok cool my data was deleted by you'], ['my account was deleted by you ok']])('%j is no complaint', (text) => {
    expect(classify(text)).not.toBe('problem');
  });
});

// Its second review: a warranty, points or discount named in another question ("Is the repair covered by warranty? If
// not go ahead"), her data or warranty lost to the repair ("Will I lose my data? If not go ahead"), a condition of
// another removal ("if you remove the battery"), "zo niet" as "not like that", and something of hers erased beside the
// viruses: no erasure asked, or the complaint kept.
describe('the second review of the forty-fifth session\'s look', () => {
  it.each([
    ['Is the repair covered by warranty? If not go ahead anyway'], ['Valt de reparatie onder de garantie? Zo niet, doe het maar toch'],
    ['Heb ik nog garantie? Zo niet, doe het maar'], ['Is it still under warranty? If yes please'], ['Krijg ik korting op de reparatie? Zo ja graag'],
    ['Can I pay with my points? If so do it'], ['kan ik met mijn punten betalen zo ja doe het maar'],
    ['Will I lose my data? If not go ahead'], ['Raak ik mijn gegevens kwijt? Zo niet, ga je gang'], ['Will I lose my warranty? If not go ahead'],
    ['Verlies ik mijn garantie? Zo niet, ga je gang'], ['Do I keep my data? If so please do it'],
    ['Will I lose my warranty if you remove the battery? If not go ahead'], ['Will I lose my discount if I cancel my appointment? If not do it'],
    ['Can I keep my account if I cancel my order? If not go ahead'],
    ['ik hoop dat mijn gegevens zo niet verwijderd worden'], ['mijn gegevens mogen zo niet verwijderd worden'], ['bewaar mijn gegevens zo niet verwijderd'],
  ])('%j asks no erasure', noErasure);
  it.each([
    ['Will I lose my data? If not delete it'], ['Can I keep my points? If not please delete my data'], ['Kan ik mijn punten houden? Zo niet, verwijder ze maar'],
  ])('%j still asks for the data to be erased', erasure);
  it('a complaint of something of hers erased beside the viruses still reaches the owner', () => {
    const text = 'jullie hebben de virussen verwijderd en mijn agenda ook ik wil mijn agenda terug';
    noErasure(text);
    expect(classify(text)).toBe('problem');
  });
});

// Its third review: a go-ahead after "Can I keep my points?" answered yes is to keep them; whether her data goes in the
// repair, then a go-ahead, is for the repair; "zo niet" after a modal is "not like that"; her agenda or music wiped with
// the virus, wanted back, is still a loss. A second answer reads the question before the first.
describe('the third review of the forty-fifth session\'s look', () => {
  it.each([
    ['Can I keep my points? If so please do'], ['Can I keep my account? If yes please'], ['Kan ik mijn korting houden? Zo ja graag'],
    ['kan ik mijn punten houden zo ja doe maar'], ['Kan ik mijn punten houden als ik me afmeld? Zo ja, doe maar'],
    ['Kan ik mijn punten nog houden? Zo ja graag, zo niet ook goed'],
    ['Will my data be deleted during the repair? If so go ahead'], ['Worden mijn gegevens gewist bij de reparatie? Zo ja, doe maar'],
    ['Will my data be erased when you reset it? If yes go ahead'],
    ['mijn gegevens mogen zo niet weg'], ['ik wil mijn gegevens zo niet gewist hebben'],
  ])('%j asks no erasure', noErasure);
  it.each([
    ['Can I keep my points? If so, delete my data'], ['Can I keep my account? If yes please do, otherwise delete it'],
    ['Have you deleted my data? If yes thanks, if not do it now'], ['Will my data be deleted if I unsubscribe? If so do it'],
    ['Kan ik mijn punten houden? Zo ja graag, anders verwijder ze'],
  ])('%j asks for the data to be erased', erasure);
  it.each([
    ['mijn agenda is samen met het virus verwijderd ik wil hem terug'], ['de virussen zijn verwijderd, ik wil mijn muziek terug'],
  ])('%j is still a complaint for the owner', (text) => {
    noErasure(text);
    expect(classify(text)).toBe('problem');
  });
});

// Its fourth review: a go-ahead for the repair after a question of her points (more said after it, or the points of
// another time: "after the repair", "bij de inruil"), her data said not to be deleted then a go-ahead, and "zo niet" as
// "not like that" beside bewaren or liever: no erasure asked.
describe('the fourth review of the forty-fifth session\'s look', () => {
  it.each([
    ['Will I lose my points? If not go ahead and book me in'], ['Can I keep my points? If not go ahead and replace it'],
    ['Verlies ik mijn punten? Zo niet, doe maar en bel me'], ['Do I lose my points? If not please do it, i need the phone by friday'],
    ['Do I keep my account after the repair? If not go ahead'], ['Behoud ik mijn punten na de reparatie? Zo niet, ga je gang'],
    ['Houd ik mijn punten bij de inruil? Zo niet, doe maar'], ['Will my data be deleted? If not go ahead'],
    ['Worden mijn gegevens gewist? Zo niet, ga je gang'], ['Will my data be deleted? If so go ahead and fix it'],
    ['graag mijn gegevens bewaren zo niet gewist'], ['mijn account liever zo niet verwijderen'],
  ])('%j asks no erasure', noErasure);
  it.each([
    ['Have you deleted my data yet? If not, go ahead and do it'], ['Will my account be deleted? If not go ahead and delete it'],
    ['Zijn mijn gegevens gewist? Zo niet, doe maar'], ['Will my data be deleted? If so go ahead'],
  ])('%j still asks for the data to be erased', erasure);
});
