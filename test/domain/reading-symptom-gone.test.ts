// A pharmacy's customer answering the check-in that a symptom went away ("The pain is gone", "Sneezing stopped", "Het
// niezen is gestopt") was read as a problem: the owner alerted, a card on "To call back", and the customer answered
// "it has reached us" instead of thanks. The table read "pain, gone", but the network, which learned "pain", "headache"
// and "stopped" from complaints, read a problem near-certain and overruled it; and "sneezing", "niezen" were in no list,
// so "stopped" beside them was a thing that stopped working (and "niet gestopt" a stop denied: good news). Now the
// network does not read a complaint the table reads as gone, with the words that say so, and the colds, hay fever and
// aches customers name are in the table. Whatever says the complaint is still there, back, went only for a while,
// stopped someone, or that a thing stopped working, stays a complaint (the close cases below read as before, or
// better where they said).
import { describe, expect, it } from 'vitest';
import { classify, explain } from '../../src/domain/classify.js';
import { alerts } from '../../src/db/replies.js';

const owner = (text: string) => ({ class: classify(text), alerted: alerts(classify(text), text) });
const happy = { class: 'positive', alerted: false };
const problem = { class: 'problem', alerted: true };

describe('a symptom gone is good news', () => {
  it.each([
    // the pharmacy's customers
    'The pain is gone', 'The pain stopped', 'Pain stopped', 'The pain has stopped', 'The headache has stopped', 'My headache stopped',
    'Headache stopped within an hour', 'Much better thanks, sneezing has stopped', 'Sneezing stopped', 'Het niezen is gestopt, top', 'Niezen is gestopt',
    // the colds, hay fever and aches customers name, gone, none any more or easing
    'My migraine stopped', 'Geen niesbuien meer', 'Ik nies niet meer', 'Ik hoef niet meer te niezen', 'The sneezing has eased', 'Niezen is minder',
    'My hay fever has gone', 'The rash has cleared', 'Cough has cleared up', 'The aching has stopped', 'The ache is gone', 'Toothache has stopped',
    'Stomach ache has gone', 'My backache stopped', 'De tabletten hebben het niezen gestopt', 'the noise stopped',
    // read right before, and still
    'Coughing stopped', 'The coughing has stopped', 'The itching has stopped', 'De pijn is gestopt', 'De hoofdpijn is gestopt', 'De jeuk is gestopt',
    'The pain is gone, thanks', 'Sore throat is gone', 'Keelpijn is weg', 'De keelpijn is over', 'Mijn verkoudheid is weg', 'My congestion has cleared',
    'Congestion is gone', 'Headaches have stopped', 'Hooikoorts is weg', 'Blocked nose is gone', 'Loopneus is gestopt', 'De pijn is weg, bedankt',
    'The pain is gone, thanks for a great tip', 'The headache has been gone for two days now, thanks', 'Earache is gone thanks',
  ])('%j is good news, with no alert', (text) => expect(owner(text)).toEqual(happy));

  it('says what it read: the symptom gone, no longer the network', () => {
    expect(explain('The pain is gone').because[0]).toBe('pain, gone (domain: skin or body)');
    expect(explain('The headache has stopped').because).toEqual(['headache, gone (domain: skin or body)']);
    expect(explain('Niezen is gestopt').because).toEqual(['niezen, gone (domain: skin or body)']);
  });
});

describe('a symptom not gone, back, gone for a while, or a thing stopped, stays a complaint', () => {
  it.each([
    // not gone
    'The pain is not gone', "The pain isn't gone", 'The pain has not stopped', "The pain hasn't stopped", 'The pain never stopped', 'Pain not stopped',
    'The headache has not stopped', "My headache hasn't gone", 'De pijn is niet weg', 'De pijn is nog niet weg', 'De pijn is niet gestopt',
    'De hoofdpijn is niet gestopt', 'Toothache is not gone', 'The rash has not cleared', "The rash hasn't cleared up", 'Keelpijn is nog niet over',
    'Mijn verkoudheid is niet over', 'De verkoudheid is niet weg', 'De keelpijn is niet over', "My sore throat hasn't gone", 'My hay fever is no better',
    'De hooikoorts is niet minder', 'Pain is gone? No it is not',
    // these were read as good news: a stop denied, gone for a while, a stop that held someone back
    'Sneezing has not stopped', "Sneezing hasn't stopped yet", 'Het niezen is niet gestopt', 'Niezen is nog niet gestopt', 'De pijn was even weg',
    'De jeuk is tijdelijk weg', 'The itching stopped me sleeping', "Backache hasn't stopped", "I can't sleep", "Can't sleep",
    // back again, or gone for a while only
    'The pain stopped but came back', 'The pain stopped but it came back', 'Pain stopped for an hour then came back worse', 'Migraine came back',
    'My migraine is back', 'The headache stopped and started again', 'The pain stopped and then started again', 'De hoofdpijn stopte en begon weer',
    'De hoofdpijn begon weer', 'De pijn kwam weer terug', 'De pijn is gestopt maar kwam terug', 'Pain only stopped for an hour',
    'The headache only stopped for a bit', 'Headache stopped for an hour', 'De pijn is maar even weg geweest', 'Pain stopped, only for a bit though',
    'Pain stopped, but only for an hour', 'De pijn is weg, maar helaas maar even', 'Headache gone. For an hour.', 'Niezen is gestopt, voor een uurtje',
    'The pain stopped, for now', 'The sneezing stopped for a day then came back', 'Pijn gestopt voor een uur, daarna erger',
    'The pain stopped me sleeping', 'The pain stops me from sleeping', 'The headache stopped me from working', 'De pijn hield me wakker',
    'The pain stops when I take it but comes back',
    // gone, and something else wrong
    'Headache stopped, now I feel dizzy', 'Headache stopped but now I feel sick', 'Sneezing stopped but my eyes itch', 'The pain is gone but I have a rash',
    'The pain is gone but now I have a rash', 'No pain but the bleeding has not stopped', 'The headache is gone but I feel nauseous',
    'The pain stopped but the swelling is worse', 'The pain is gone but it gave me diarrhoea', "Pain stopped but I can't sleep",
    'Hoofdpijn is gestopt, nu ben ik duizelig', 'Niezen gestopt maar nu hoofdpijn', 'Niezen gestopt maar mijn ogen jeuken',
    'De pijn is weg maar ik heb uitslag', 'Geen pijn maar het bloeden is niet gestopt', 'De hoofdpijn is weg maar nu ben ik misselijk',
    'De keelpijn is weg maar ik hoest nog steeds', 'My congestion cleared but now I have a cough', 'Sore throat cleared up but the cough is worse',
    'Migraines stopped but I feel sick all day', 'Sore throat gone, but I lost my voice', "The cough stopped, but the fever didn't",
    'The sneezing stopped but the rash did not', 'Pain gone, bleeding not', 'De pijn is weg, het bloeden niet', 'Ik nies minder maar mijn neus loopt nog steeds',
    'Niezen is minder maar nog steeds aanwezig', 'Sneezing eased but I am still congested', "The pain stopped, the medicine didn't help though",
    'Pain stopped but not thanks to the tablets', 'The pain has gone worse', 'The pain is going nowhere',
    // a thing, or the customer, stopped: no symptom gone
    'The medicine stopped working', 'The tablets stopped working', 'It stopped working after a day', 'The pump stopped', 'My inhaler stopped',
    'My inhaler stopped working', 'The nebuliser stopped', 'Het medicijn werkt niet meer', 'De pomp is gestopt', 'Mijn inhaler is gestopt',
    'Mijn pufje is gestopt met werken', 'Het is na een dag gestopt met werken', 'De neusspray is gestopt met werken', 'The spray stopped working, still sneezing',
    'Stopped taking it because of the pain', 'I stopped because it gave me a headache', 'I stopped taking them, headache got worse',
    'Had to stop, the pain was too much', 'Gestopt met innemen vanwege de pijn', 'Ik ben gestopt want ik kreeg hoofdpijn',
    'Ik ben gestopt, ik kreeg er hoofdpijn van', 'Gestopt met de neusspray, ik moest er van niezen', 'I had to stop the spray, it made me sneeze',
    'The pain stopped after I stopped taking it', 'The pain stopped when I stopped the tablets', 'De pijn stopte pas toen ik stopte met de tabletten',
    // still there, worse, brought on
    'Still sneezing', 'Still congested', 'Still got a headache', 'Nog steeds hoofdpijn', 'Nog steeds verkouden', 'Ik nies nog steeds', 'I keep sneezing',
    'Makes me sneeze', 'I sneeze more since using it', 'Sneezing a lot since the spray', 'Veel last van niezen', 'Ik moet veel niezen sinds ik het gebruik',
    'My congestion is worse', 'Nog steeds verstopte neus', 'Verkoudheid is erger geworden', 'Verkoudheid is erger', 'Mijn keelpijn is erger',
    'Sore throat is worse', 'Sore throat still there', 'Hooikoorts is nog steeds erg', 'My hay fever is not better',
    "Hay fever is worse this year, the tablets don't help", 'Headaches every day since I started', 'Gives me headaches', 'I get migraines from it',
    // asked (the owner is alerted all the same)
    'Is the pain supposed to stop?', 'Wanneer stopt de hoofdpijn?', 'Moet de pijn stoppen?', 'When will the sneezing stop?',
  ])('%j alerts the owner as a problem', (text) => expect(owner(text)).toEqual(problem));

  it.each([
    'Stop', 'Stop met sturen, de pijn is weg', 'Stop sturen, hoofdpijn is gestopt', 'Stop texting me, the pain is gone', 'Please stop, the headache stopped',
    'Stop met sms, niezen is gestopt', 'Geen sms meer, de pijn is weg', 'Stop the messages please, pain stopped',
  ])('%j still stops the messages', (text) => expect(classify(text)).toBe('opt_out'));

  it('"Headache stopped?" is still a question', () => expect(owner('Headache stopped?')).toEqual({ class: 'question', alerted: true }));
});
