// The answers a customer's phone or mailbox sends by itself, in the words phones and mailboxes use: what
// classify.ts looksAutomatic() recognises. A check-in goes out the morning after a sale, when many phones are driving
// or busy and answer it themselves; read by the reader, "…where I'm going" was praise and "Niet storen tijdens
// rijden" a complaint (an alert, and a "wat vervelend" to an answering phone).
// Only the stock wording: a customer's own words that start the same way ("I'm driving it every day, love it", "Ik ben
// op vakantie, de fiets werkt prima", "Sorry, I was driving, the bike is great") are read as any reply is.

/** "I'm", "I’m", "I am" (a phone's menus write the curly apostrophe, a person the straight one). */
const IM = "i['’]?m|i am";
/** "I'll", "I’ll", "I will". */
const ILL = "i['’]?ll|i will";

/**
 * Apple's driving auto-reply, sent to whoever texts while the iPhone thinks its owner drives (to Favourites by
 * default). iOS 11-14, "Do Not Disturb While Driving": "I'm driving with Do Not Disturb While Driving turned on. I'll
 * see your message when I get where I'm going." iOS 15 and later, the Driving Focus: "I'm driving with Focus turned on.
 * …" (or "with Driving Focus"), and, on later versions, "I'm not receiving notifications. If this is urgent, reply
 * "urgent" to send a notification through with your original message." The Dutch iPhone names the feature "Niet
 * storen tijdens autorijden" (iOS 11-14) and the Focus "Rijden" (iOS 15 and later), in the same sentence: "Ik rijd
 * met … ingeschakeld. Ik zie je bericht wanneer ik op mijn bestemming ben." (the sentence as Apple's English one says
 * it; its exact Dutch wording is in no source found, hence wanneer/als/zodra). Its second sentence alone says it
 * whatever the owner changed in the first; its first needs the feature's name ("I'm driving with the lights turned
 * on" is a customer's).
 */
const APPLE_DRIVING = [
  // the feature's name and "turned on" ("I'm driving with focus on the road, the bike is great" is a customer's)
  `^(?:${IM}) driving with (?:do not disturb(?: while driving)?|(?:driving )?focus) turned on\\b`,
  `\\b(?:${ILL}) see your message when i get where (?:${IM}) going\\b`,
  `\\bif (?:this|it) is urgent,? reply ["“']?urgent\\b`,
  `^ik rijd met ['‘’"]?(?:niet storen|focus|rijden|rij-?focus)[^.,!?]{0,40} (?:ingeschakeld|aan)(?:[.!]|$)`,
  '\\bik zie je bericht (?:wanneer|als|zodra) ik (?:op mijn bestemming|er) ben\\b',
  // any other Focus (iOS 15 and later), which tells a sender so: "… has notifications silenced with Focus"
  '\\bnotifications silenced with focus\\b', '\\bmeldingen (?:uitgeschakeld|stilgezet|op stil) met focus\\b',
];

/**
 * A declined call's text, chosen from the phone's list (and a driving mode's reply), when it is the whole message:
 * "I'm driving" alone is Samsung's, "I'm driving, love it" a customer's.
 * - iPhone, "Respond with Text": "Sorry, I can't talk right now." / "Sorry, ik kan nu niet praten."
 * - Android's quick responses: "Can't talk now. What's up?", "Can't talk now. Call me later?", "I'll call you right
 *   back.", "I'll call you later." (Dutch: "Kan nu niet praten. Wat is er?", "Kan nu niet praten. Later bellen?").
 * - Samsung's call-reject messages: "Sorry, I'm busy. Call back later.", "I'm driving.", "I'm in a meeting.", "I'm in
 *   class.", "I'm at the cinema." (Dutch: "Sorry, ik ben bezig. Bel later terug.", "Ik rijd.", "Ik zit in een
 *   vergadering.", …).
 * - Driving modes (Samsung's, Android Auto's, an app's): "I'm driving right now. I'll get back to you later.",
 *   "Driving, will reply later".
 * A call-back promised alone ("I'll call you later", "Ik bel je later") stays the reader's: said by a customer it may
 * well be a wish to talk, and the owner should hear of it. So does a call asked for ("Call me later?", "What's up?",
 * "Bel me later", "Later bellen?", "Wat is er?", after a "can't talk now" too: afterCantTalk): the declined-call texts
 * above answer a call, and nextdeal never calls, so whoever sends one to a check-in SMS chose it, and asks for a call.
 */
const BUSY_EN = [
  `(?:${IM}) (?:(?:currently )?driving|in a meeting|in class|at the (?:cinema|movies)|busy)` +
    '(?: right now| at the moment)?',
  "(?:i )?can['’]?t talk (?:right )?now", 'driving',
];
const LATER_EN = [
  `(?:${ILL}|and will) (?:get back to you|call you(?: right)? back|call you|text you|reply|respond)` +
    "(?: later| soon| asap| when (?:it is|it['’]s) safe(?: to do so)?| when i can)?",
  'will reply later',
];
const BUSY_NL = [
  'ik (?:rijd|ben (?:aan het )?(?:auto)?rijden|zit in de auto|ben onderweg|' +
    'zit in (?:een )?(?:vergadering|overleg|bespreking)|zit in de (?:les|bioscoop)|ben bezig)' +
    '(?: momenteel| nu| op dit moment)?',
  'ik kan (?:nu|op dit moment) niet (?:praten|opnemen|bellen)', 'kan nu niet praten',
];
const LATER_NL = [
  'ik bel (?:je|u) (?:later|zo|straks|direct|zo snel mogelijk)? ?terug', 'ik bel (?:je|u) (?:later|straks)',
  'ik (?:reageer|antwoord) (?:later|zo snel mogelijk)', 'bel later terug',
];
const sentence = (heads: string[], tails: string[]) =>
  `^(?:sorry[,.!]? *)?(?:${heads.join('|')})(?:[ ,.!?]+(?:${tails.join('|')}))?[ .!?]*$`;
const DECLINED = [sentence(BUSY_EN, LATER_EN), sentence(BUSY_NL, LATER_NL)];

/** A declined call's "can't talk now" opening a message, the iPhone's "Sorry," before it or not. */
const CANT_TALK = "^(?:sorry[,.!]? *)?(?:(?:ik )?kan (?:nu|op dit moment) niet (?:praten|opnemen|bellen)|(?:i )?can['’]?t talk (?:right )?now)\\b";

/**
 * A mailbox's (or a phone's) out-of-office, which the phones and mailboxes leave to their owner to write, so in the
 * words such replies open with: "Automatic reply:", "Out of office", "Automatisch antwoord", "This is an automated
 * message", "Dit is een automatisch bericht", or "I am away / on holiday / out of the office until …" and "Ik ben met
 * vakantie tot …", "… en lees mijn berichten niet" (as people fill them in: away until a date, with limited access,
 * reading nothing; Safe-mail's default text, "Thank you for your mail … I am on vacation and will be able to answer
 * my mails upon my return"). Never away without a return date or the mailbox's words ("Ik ben op vakantie, de fiets
 * werkt prima" is a customer on holiday).
 */
const MAILBOX = [
  '^(?:automatisch antwoord|auto-?reply|automatic reply|out of office|afwezigheidsbericht)\\b',
  // said, not asked ("This is an automated message? I never bought anything" is a customer's)
  '\\bthis is an? auto(?:mated|matic)(?:ally generated)? (?:message|reply|response)\\b(?! *\\?)',
  '\\bdit is een automatisch (?:bericht|antwoord|gegenereerd bericht)\\b(?! *\\?)',
  '\\bik ben (?:momenteel |tijdelijk |op dit moment )?(?:niet bereikbaar|afwezig)\\b',
  '\\bi am (?:currently )?(?:away|out of (?:the )?office)\\b', '\\bdit nummer is niet bereikbaar\\b',
  // a declined call's "can't talk now", with the iPhone's "Sorry," before it, whatever follows (what follows is the
  // customer's, read alone: afterCantTalk)
  CANT_TALK,
];
/**
 * Away until a day, in the words an out-of-office uses; not where a question is asked ("I'm on holiday until Monday,
 * can I bring it in on Tuesday?" is the customer's, and for the owner).
 */
const AWAY = [
  `\\b(?:${IM}) (?:currently )?(?:away|on (?:holiday|vacation|leave|annual leave)|out of (?:the )?office)` +
    ' (?:until|till|through|from|returning|and will (?:be able to answer|reply|respond|get back))\\b',
  `\\b(?:${IM}) (?:currently )?(?:on (?:holiday|vacation|leave)|away)\\b.*\\bwith (?:limited|no) access\\b`,
  '\\bik ben (?:momenteel )?(?:met|op) vakantie (?:tot|t/m|tot en met)\\b',
  '\\bik ben (?:momenteel )?(?:met|op) vakantie\\b.*\\b(?:lees|bekijk|check) (?:mijn )?(?:berichten|e-?mail|mail)\\b',
  '\\bik ben (?:momenteel )?(?:met|op) vakantie\\b.*\\bbeperkt toegang\\b',
  '\\bik ben (?:tot \\S+(?: \\S+)? )?afwezig\\b',
  `^(?:thanks|thank you) for your (?:message|e-?mail|text)[,.!]? *(?:${IM}) (?:currently )?away\\b`,
];

const STOCK = new RegExp([...APPLE_DRIVING, ...DECLINED, ...MAILBOX].join('|'), 'iu');
const AWAY_UNTIL = new RegExp(AWAY.join('|'), 'iu');
const CANT_TALK_OPENS = new RegExp(CANT_TALK, 'iu');

/** Whether a reply is in the words a phone or a mailbox answers with by itself (not whether a complaint is in it). */
export const automaticWording = (text: string): boolean => {
  const t = text.trim().replace(/\s+/gu, ' ');
  return STOCK.test(t) || (AWAY_UNTIL.test(t) && !t.includes('?'));
};

/**
 * The words after a declined call's "can't talk now" that opens a reply ("" when nothing follows it), null when none
 * opens it: they are the customer's, and are read alone ("Sorry, I can't talk right now, the brakes failed!" is a
 * complaint, "Sorry ik kan nu niet praten, bel me morgen even" a question, "…, love the bike!" praise).
 */
export const afterCantTalk = (text: string): string | null => {
  const t = text.trim().replace(/\s+/gu, ' ');
  const m = CANT_TALK_OPENS.exec(t);
  return m ? t.slice(m[0].length).replace(/^[\s,.;:!?-]+/u, '').trim() : null;
};
