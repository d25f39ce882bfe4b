// "Not yet" of what the shop owes her (fix50e). A web shop's customer whose parcel never came wrote "Nog niet
// geleverd" and nobody was alerted: not yet delivered, answered, called back or ready is a complaint, as not yet
// helped is; not yet collected or paid is her own doing, and so are not yet used or opened: nothing to alert on.
import { describe, expect, it } from 'vitest';
import { classify } from '../../src/domain/classify.js';
import { alerts } from '../../src/db/replies.js';

const owner = (text: string) => ({ class: classify(text), alerted: alerts(classify(text), text) });

describe('not yet of what the shop owes her is a complaint', () => {
  it.each([
    // the task's
    'Nog niet geleverd', 'Not delivered yet', "Haven't received it yet", 'Nog niks ontvangen',
    'Nog geen reactie gehad op mijn mail', "Haven't heard back yet", 'Nog geen bericht ontvangen', 'Nog niet gebeld',
    'Nog niet klaar', 'Nog niks gemerkt', 'Merk nog niks',
    // in other words, both languages, typos, no punctuation
    'nog niet geleverd', 'Not delivered yet!!', 'Nog niet bezorgd', 'Pakket nog niet binnen',
    'nog niks gekregen', 'nog niet verzonden', 'Not shipped yet', 'havent received it yet', 'Order not arrived yet',
    'Nog geen antwoord op mijn vraag', 'No answer yet', 'No reply yet to my email', 'Nog niet teruggebeld',
    'Nog niet gebeld terwijl dat beloofd was',
    "Haven't been called back yet", 'Not called yet', 'De fiets is nog niet klaar', 'Fiets nog niet klaar',
    'Repair not finished yet', 'Not ready yet', 'Nog niet af', 'Nog niet terugbetaald', "Haven't been refunded yet",
    'nog niks van gemerkt', 'Merk er nog niets van', "Haven't noticed anything yet",
  ])('%j is a problem', (text) => expect(owner(text)).toEqual({ class: 'problem', alerted: true }));

  it.each([
    // already read so
    'Nog steeds niet ontvangen', 'Still not ready', 'nog steeds niet klaar', 'Still no response',
    'Het pakket is nog steeds niet aangekomen', "Still haven't received my order", 'nog niet geleverd helaas',
    'Helaas nog geen antwoord gehad', 'Helaas nog geen reactie op mijn mail',
  ])('%j stays a problem', (text) => expect(owner(text)).toEqual({ class: 'problem', alerted: true }));

  it.each([
    // her own doing, or not yet of using or knowing: collecting and paying are hers
    'nog niet gebruikt', 'nog niet aan toe gekomen', 'Nog niet opgehaald', 'Fiets nog niet opgehaald',
    'Nog niet betaald', 'Not opened yet', 'Nog niet klaar met testen', 'Kan nog geen antwoord geven',
    'Ik kan er nog geen antwoord op geven, nog niet gebruikt', 'Ben er nog niet klaar mee',
    'Nog niet gemerkt of het helpt', 'Nog niet binnen geweest', 'Nog niet over nagedacht',
  ])('%j is other', (text) => expect(owner(text)).toEqual({ class: 'other', alerted: false }));
});
