// A reply that asks, in so many words, to hear no more from the shop: "geen sms meer", "please stop texting me",
// "ik wil me afmelden", "haal me van de lijst", "laat me met rust". STOP means stop, also when it is not the SMS
// keyword: such a request opts the customer out, and the rest of the reply is read for the owner as any other.
// A clause is such a request when all its words belong to one ("stop", "berichten", "meer", "graag", "me", …) and
// they say it: an opt-out word not denied; "stop" about the messages ("stop met sms'en"), beside a complaint of them
// ("Ik krijg te veel berichten, stop"), or alone; the messages
// denied and no more wanted ("geen sms meer", "don't text me", "ik wil deze berichten niet meer"); taken off a list. Anything else in the clause ("de
// remmen stoppen niet", "stoppen met roken", "cancel my appointment", "ik krijg geen berichten") makes it no request.
// Nor is what only a person can read, which the owner gets as a question: the goods not to be sent ("Don't send it,
// I'll pick it up"), whether the messages stop ("Stoppen de berichten?"), getting none with a please ("Ik krijg geen
// mail meer aub"). An unsubscribed customer is a channel the shop has lost for good, and nobody saw it go.
import { asksErasureIn } from './erase.js';
import { KISS, keyword } from './keyword.js';
import { knownWord } from './sentiment.js';
import { tableHits } from './table.js';
import { type Clause, FRIENDLY_EMOJI, type Word, clauses, hasQuestionMark, isEmoji, negatesHere, wholeWords } from './text.js';
import { OPT_OUT, OPT_OUT_IN_A_SENTENCE, POLITE } from './vocabulary.js';

/** Stop words that, in a sentence, may be about something else ("de remmen stoppen"): alone, or about the messages. */
const STOPS = new Set(['stop', 'stoppen', 'ophouden']);
/** Opt-out words that mean nothing else, wherever they stand ("Great, unsubscribe me"). */
const UNMISTAKABLE = new Set([...OPT_OUT].filter((w) => !STOPS.has(w)));
/** The shop's messages, and sending them. */
const MESSAGES = new Set([
  'sms', 'smsje', 'smsjes', "sms'je", "sms'jes", "sms'en", 'smsen', "sms'sen", 'smssen', 'bericht', 'berichten', 'berichtje', 'berichtjes',
  'mail', 'mails', 'mailtje', 'mailtjes', 'email', 'emails', 'mailen', 'emailen', 'mailing', 'mailings', 'nieuwsbrief', 'nieuwsbrieven',
  'reclame', 'aanbiedingen', 'spam', 'appen', 'appjes', 'contact', 'sturen', 'versturen', 'stuur', 'stuurt',
  'text', 'texts', 'texting', 'txt', 'txts', 'message', 'messages', 'messaging', 'emailing', 'contacting', 'send', 'sending', 'newsletter',
  'newsletters', 'marketing', 'promo', 'promos', 'offers', 'ads', 'bothering', 'spamming', 'pestering', 'spammen', 'onzin', 'gezeur', 'nonsense',
]);
/**
 * What the shop's messages may be to the customer, but also what a customer misses ("Geen notificaties meer, hoe kan
 * dat?", "Stoppen jullie met de herinneringen? Die waren handig"): the messages only after an opt-out word that names
 * them ("Afmelden voor de APK herinnering", "unsubscribe from the reminders"), or "Stop met die herinneringen" (fromWhat).
 */
const REMINDERS = new Set(['herinnering', 'herinneringen', 'reminder', 'reminders', 'meldingen', 'notificaties', 'notifications', 'uitnodiging', 'uitnodigingen', 'invitations']);
/** Where a customer asks to be taken off. */
const LISTS = new Set([
  'lijst', 'mailinglijst', 'bestand', 'klantenbestand', 'nummer', 'systeem', 'database', 'administratie', 'list', 'mailinglist', 'number', 'system', 'records',
]);
/**
 * Where the shop keeps more than the customers to text: "haal het uit de administratie" is a bill, "remove it from your
 * records" a payment. Taken off these only the customer or their own number is: "Haal mijn nummer uit jullie systeem",
 * "remove me from your records".
 */
const BOOKS = new Set(['systeem', 'database', 'administratie', 'system', 'records', 'klantenbestand']);
const MINE = new Set(['me', 'mij', 'mijn', "m'n", 'my', 'ons', 'us']);
const REMOVE = new Set(['haal', 'verwijder', 'verwijderen', 'verwijdert', 'schrap', 'wis', 'remove', 'take', 'off', 'delete']);
/** Taken off, alone in a reply and not denied: "Remove me", "Verwijder mij aub"; not "Verwijder mij niet", "Haal me op". */
const REMOVE_ME = new Set(['remove', 'verwijder', 'verwijderen', 'schrap', 'wis', 'delete']);
const ME = new Set(['me', 'mij']);
/** "No more", "again", or asking: what makes denied messages a wish ("geen sms meer", "don't text me"). */
const NO_MORE = new Set([
  'meer', 'weer', 'ooit', 'voortaan', 'langer', 'nooit', 'more', 'anymore', 'again', 'ever', 'longer', 'never', 'dont', "don't",
  'wil', 'wilt', 'hoef', 'hoeven', 'liever', 'wens', 'wensen', 'want', 'wish', 'need', 'rather', 'prefer', 'please', 'pls', 'plz', 'aub', 'graag', 'svp', 'alsjeblieft', 'alstublieft',
]);
/** What asks, politely: "please", "graag". A stop said so is a request wherever it stands ("Please stop. Car is fine"). */
const ASK = new Set(['please', 'pls', 'plz', 'aub', 'graag', 'svp', 'alsjeblieft', 'alstublieft']);
/** Words that say nothing besides who asks, whom to stop and how politely. */
const FILLER = new Set([
  ...POLITE, ...NO_MORE, 'ik', 'jij', 'ons', 'we', 'jullie', 'uw', 'mijn', 'de', 'het', 'die', 'deze', 'dit', 'dat', 'een', 'al', 'alle', 'alles',
  'van', 'voor', 'met', 'op', 'aan', 'uit', 'maar', 'en', 'ermee', 'er', 'mee', 'nu', 'meteen', 'direct', 'hierbij', 'bij', 'hoe', 'kan', 'kun',
  'kunt', 'mag', 'zou', 'zo', 'dus', 'gewoon', 'hoor', 'nee', 'neen', 'niet', 'nie', 'ni', 'geen', 'ontvangen', 'krijgen', 'ontvang', 'krijg', 'heb', 'hebben', 'kunnen', 'ok', 'oke', 'okay',
  'sorry', 'i', 'my', 'us', 'your', 'the', 'these', 'this', 'that', 'those', 'it', 'anything', 'all', 'from', 'for', 'with', 'to', 'but', 'and', 'now', 'asap',
  'how', 'can', 'could', 'do', 'does', 'may', 'would', 'like', 'so', 'just', 'no', 'not', 'receive', 'any', 'sent', 'doe', 'doen', 'nodig',
  'needed', 'te', 'hiermee', 'daarmee', 'punt', 'uitroepteken', 'nothanks', 's', 'v', 'p', 'hoeft', 'willen', 'hier', 'soort', 'zulke', "i'd",
  // "Jullie mogen stoppen", "Stop nou eens", "Gelieve mij niet meer…", "niet dat jullie me nog sms'en" (but "nog geen" is not yet: asksToStop)
  'mogen', 'moogt', 'nou', 'eens', 'toch', 'gelieve', 'nog', 'be', 'already', 'eraf',
  // in the other languages customers write ("Abmelden bitte", "Plus de SMS svp", "Je veux me désabonner")
  'bitte', 'danke', 'merci', 'veux', 'voudrais', 'moi', 'ich', 'mich', 'mir', 'will', 'mochte', 'de', 'des',
]);
/** Opt-out words of other languages, and as typed in a hurry ("Unsub"): they mean nothing else in Dutch or English. */
const FOREIGN = new Set(['abmelden', 'abbestellen', 'desabonner', 'desinscrire', 'desinscription', 'desabonnement', 'unsub', 'unsubcribe', 'unsuscribe', 'unsubscibe']);
/** Said in a phrase: read as the stop word it means. */
const PHRASES: [RegExp, string][] = [
  [/\b(?:laat|laten) (?:me|mij|ons) (?:met|in) rust\b|\bleave (?:me|us) alone\b/g, 'stopall'],
  [/\b(?:niet|nie|ni) (?:meer )?(?:mee )?lastig (?:te )?vallen\b|\bval (?:me|mij|ons) (?:niet|nie|ni) (?:meer )?lastig\b/g, 'stopall'],
  [/\bhoud? (?:(?:nou|nu|eens|toch|er ?mee|daar ?mee|hier ?mee) )*op\b/g, 'stop'],
  [/\bopt (?:(?:me|us) )?out\b/g, 'optout'],
  // separable and passive: "meld me af", "schrijf mij uit", "ik wil afgemeld worden"
  [/\bmeld (?:me|mij|ons) (?:(?:nu|even) )?af\b|\bafgemeld (?:worden|zijn)\b/g, 'afmelden'],
  [/\bschrijf (?:me|mij|ons) (?:(?:nu|even) )?uit\b|\buitgeschreven (?:worden|zijn)\b/g, 'uitschrijven'],
  [/\bstuur (?:(?:me|mij|ons) (?:niks|niets) meer\b|(?:niks|niets) meer\b(?! op\b))|\b(?:niet|nooit) meer (?:(?:benaderd|gestoord|gecontacteerd|lastig gevallen) (?:te )?worden|benaderen)\b/g, 'stopall'],
  // "Niet meer storen aub" opening the clause: "ik wil u niet meer storen" is the customer minding the shop
  [/^(?:(?:graag|aub|alsjeblieft|svp|gelieve) )?(?:(?:me|mij|ons) )?(?:niet|nooit) meer (?:te )?(?:storen|contacteren)\b/g, 'stopall'],
  // passive, as "ik wil niet meer ge-sms't worden", "I don't want to be texted" say "niet meer sms'en" ("ik werd niet
  // ge-sms't", "you never texted me" say how it was)
  [/\bge ?(?:sms'?[td]|smst) (?:te )?worden\b|\bbe texted\b/g, "sms'en"], [/\bge ?e? ?mail[dt] (?:te )?worden\b|\bbe (?:e ?)?mailed\b/g, 'mailen'],
  [/\bge ?app?t (?:te )?worden\b/g, 'appen'], [/\bbe (?:messaged|contacted)\b/g, 'messaging'],
  // had enough of them: "enough with the texts", "genoeg met die berichten" (what follows must be the messages)
  [/\b(?:(?:i've|ive|i have) )?(?:had )?enough (?:with|of)\b|\bgenoeg (?:met|van)\b/g, 'stop met'],
  // taken off, where the list goes without saying: "Take me off", "Haal me eraf"
  [/^(?:(?:please|pls) )?take (?:me|us) off(?= (?:please|pls|thanks|now|asap)|$)|^haal (?:me|mij|ons) (?:er ?af|eraf)(?= (?:aub|graag|alsjeblieft|svp|nu)|$)/g, 'remove me from the list'],
  [/\bstoor (?:me|mij|ons) (?:niet|nooit) meer\b|\b(?:wil|hoef) (?:niks|niets) meer (?:van (?:jullie|u|je) )?(?:horen|ontvangen)\b|\b(?:don't|dont|do not) want to hear from (?:you|u)\b/g, 'stopall'],
  // what a customer does not care for: "Ik stel geen prijs op deze berichten", "geen behoefte aan die sms'jes", "Ik
  // zit niet te wachten op jullie berichten", "I'd rather not get these": read as "wil geen" (only the messages may follow)
  [/\bstel(?:t|len)? (?:er |het )?geen prijs (?:meer )?op\b|\b(?:heb |hebben )?geen behoefte (?:meer )?aan\b|\bzit(?:ten)? (?:echt |helemaal |totaal )?niet te wachten op\b/g, 'wil geen'],
  [/\bstel(?:t|len)? ((?:\S+ ){1,3})niet (?:zo |erg |echt )?op prijs\b/g, 'wil $1niet'],
  // "I'd prefer not to receive these": "these" (those, them) are the messages
  [/\b(?:rather|prefer) not (?:to )?(?:get|receive) (?:these|those|them|any)(?: anymore| any more)?$/g, 'rather not receive messages'],
  [/\b(?:rather|prefer) not (?:to )?(?:get|receive)\b/g, 'rather not receive'],
  // alone, as a request: "Kappen!", "Kap ermee", "Hoeft niet meer", "Geen interesse", "Not interested", "Niet
  // geïnteresseerd" (and as often typed, "geintresseerd"); and the messages as "dit", "deze", "this", "these" no
  // longer received: "Ik wil dit niet meer ontvangen", "I don't want to receive these anymore". Not "die", "het",
  // "them", "that", which may be the goods ("I don't want to receive them anymore", "Ik wil die niet meer ontvangen"),
  // nor any of them not received, or got, or never again: "Ik hoef dit niet (meer)", "Wil dit niet meer", "Ik wil deze
  // niet meer krijgen", "I don't want to get this again", "Ik wil dit niet ontvangen" (an order not to deliver) answer
  // "Bevalt het?" as well (the goods, or a treatment: a problem for the owner, a complaint a silent stop would lose; to
  // the come-back invitation "Ik hoef dit niet" declines it), nor a word more ("… that again like this", "Ik wil dit
  // niet meer meemaken", "Niet geïnteresseerd in de garantie"), nor an emoji but a friendly one ("… 😡" is what she
  // feels, for the owner). As "stop", such a clause is a request only with nothing but politeness beside it: "Wil
  // dit niet meer ontvangen, graag geld terug" is the complaint it is, as "Stop, de rits is kapot".
  [new RegExp(`^(?:${[
    '(?:kappen|kap (?:er ?mee|nou|nu))', '(?:het )?hoeft niet meer', '(?:ik heb )?geen interesse', "(?:i'm |i am )?not interested",
    '(?:ik ben )?(?:niet|nie) (?:meer )?geint(?:e?r)+e?s{1,2}eerd',
    '(?:(?:ik )?(?:wil|hoef|wens) (?:dit|deze)|(?:dit|deze) (?:wil|hoef|wens) ik) (?:echt |gewoon )?(?:(?:niet|nie) meer|niet langer) (?:te )?ontvangen',
    "(?:i )?(?:(?:don't|dont|do not) (?:want|wish) to receive (?:these|this) (?:anymore|any more)|no longer (?:want|wish) to receive (?:these|this))",
  ].join('|')})(?: (?:aub|alsjeblieft|alstublieft|graag|svp|please|pls|plz|nu|nou|hoor|dan|meer|anymore|bedankt|dankjewel|dankuwel|dank (?:je|u)(?: wel)?|thanks|thank you|thx|ty|(?:${FRIENDLY_EMOJI})+))*$`, 'gu'), 'stop'],
  // German and French: "keine SMS mehr", "plus de messages", "ne plus m'envoyer", "arrêtez"; the texts or the e-mails
  // named stop only those, as "geen sms meer" and "geen mails meer" do ("Keine Mails mehr bitte" stopped the SMS too)
  // French only as French says it ("plus de", "ne plus"): "email plus sms graag" asks for both
  [/\bkeine sms(?: mehr)?\b|\b(?:ne plus (?:de )?|plus de )sms\b/g, 'geen sms meer'],
  [/\bkeine (?:e ?mails?|mails?)(?: mehr)?\b|\b(?:ne plus (?:de |d')?|plus (?:de |d'))(?:e ?mails?|mails?)\b/g, 'geen mails meer'],
  [/\bkeine (?:nachrichten|werbung)(?: mehr)?\b|\b(?:ne plus (?:de |d')?|plus (?:de |d'))messages?\b|\b(?:ne )?plus m'envoyer\b/g, 'stopall'],
  [/\barret(?:ez|er|e)\b/g, 'stop'],
];

/**
 * What a reply carries besides what the customer says: "Verstuurd vanaf mijn iPhone", a greeting and a name at the
 * end ("Stop mvg Sanne de Vries", "Stop\nSanne", "Stop - Jan") or a name before it ("Sanne: stop"), and a kiss or a
 * thanks to close with ("Stop x", "Geen sms meer xx", "Stop ta", "Stop please thx"); only at the very end: "2x
 * gebeld" and "De X-box" are no kisses.
 */
const SIGNATURE = [
  KISS,
  /^\s*(?:verstuurd|verzonden) (?:vanaf|met|via) (?:mijn|m'n) .*$|^\s*sent (?:from|with) my .*$|^\s*get outlook for .*$/gimu,
  /(?:^|[\s,.;!-])(?:met )?(?:vriendelijke |hartelijke |lieve |kind |best |warm )?(?:groet(?:en|jes)?|gr|grt|grtz|mvg|m\.v\.g|vg|regards|cheers)\.?(?:[\s,.-]+[\p{L}'.-]+){0,4}[\s.!]*$/iu,
  /\n\s*\p{Lu}[\p{L}'.-]*(?:\s+(?:van|de|der|den|\p{Lu}[\p{L}'.-]*)){0,3}\s*$/u,
  /\s[-–—]+\s*\p{Lu}[\p{L}'.-]*(?:\s+\p{Lu}[\p{L}'.-]*)?\s*$/u,
  /^\s*\p{Lu}[\p{L}'.-]*\s*:\s*/u,
];
const unsigned = (text: string) => SIGNATURE.reduce((t, re) => t.replace(re, ''), text);
/** A kiss or a short thanks to sign off with ("x", "xx", "xoxo", "ta", "thx"). */
const KISSES = ['x', 'xx', 'xxx', 'xxxx', 'xxxxx', 'xo', 'xox', 'xoxo', 'xoxox', 'ta', 'thx', 'thnx', 'thanx'];
/** Words a signature is made of besides names: the greeting, the phone's own line, a name's little words. */
const SIGNING = new Set([
  'met', 'vriendelijke', 'hartelijke', 'lieve', 'kind', 'best', 'warm', 'groet', 'groeten', 'groetjes', 'gr', 'grt', 'grtz', 'mvg', 'm', 'v', 'g',
  'vg', 'regards', 'cheers', 'verstuurd', 'verzonden', 'vanaf', 'via', 'mijn', "m'n", 'sent', 'from', 'with', 'my', 'get', 'outlook', 'for',
  'iphone', 'ipad', 'android', 'samsung', 'galaxy', 'huawei', 'xiaomi', 'pixel', 'mobiel', 'mobile', 'van', 'de', 'der', 'den',
  ...KISSES,
]);
/**
 * `text` without its signature, when what is taken off is only a signature: its words, and names (words neither
 * lexicon knows). Not "Stop\nKapot", "Stop - Te Klein", "Bedankt\nSTOP" or "Klacht: stop", which look like one.
 */
function withoutSignature(text: string): string | null {
  const after = unsigned(text);
  if (after === text) return null;
  const left = clauses(after).flat().map((w) => w.text);
  const taken = clauses(text).flat().map((w) => w.text);
  for (const w of left) taken.splice(taken.indexOf(w), 1);
  const said = (w: string) => tableHits([{ text: w, negated: false }], { known: knownWord, value: () => 0 }).length > 0;
  return taken.every((w) => SIGNING.has(w) || (!knownWord(w) && !said(w) && !OPT_OUT.has(w) && !FOREIGN.has(w) && !/\d/.test(w))) ? after : null;
}
/** "Hou maar op", "Meld me maar af": this "maar" softens, where elsewhere it opens a clause set against the one before. */
// "Stopt u maar" asks the shop to stop, as "stop" does (where "stopt weer", "stopt nog" say the car stalls).
const softened = (text: string) => text.replace(/\b(houd?|meld (?:me|mij)|schrijf (?:me|mij)|stuur(?: (?:me|mij))?|stop) maar\b/giu, '$1')
  .replace(/\bstopt (?:u|jullie) maar\b/giu, 'stop')
  // "Stopt u met sms", "Stopt u alstublieft met sms'en": asked of the shop, as "stop met sms"
  .replace(/\bstopt (?:u|jullie)(?= (?:(?:alstublieft|aub|svp|graag|nu) )*(?:met|de|die)\b)/giu, 'stop');

const words = (c: Clause) => c.map((w) => w.text);

/**
 * Who wonders whether to stop, rather than asks the shop to: "Kan ik ermee stoppen?", "Mag ik stoppen", "Ik stop
 * ermee" (a pharmacy's customer, about the medicine), "Stop?". Whether that is about the messages only a person can
 * tell (mayAskToStop).
 */
const FIRST_PERSON = new Set(['ik', 'i']);
/** Asked of the shop ("Kunt u stoppen?", "Can you stop"), or how to ("Hoe kan ik stoppen?"): a request after all. */
const OF_THE_SHOP = new Set(['u', 'jullie', 'jij', 'je', 'you', 'hoe', 'how']);
/** "Ik wil stoppen", "I want to stop": a wish, where "ik stop ermee" only says what the customer does. */
const WISH = new Set(['wil', 'wilt', 'want', 'graag', 'liever', 'wens', 'wensen', 'rather', 'prefer']);
const wonders = (c: Clause, asked: boolean) => {
  const has = (set: Set<string>) => c.some((w) => set.has(w.text));
  return !has(OF_THE_SHOP) && !has(WISH) && (has(FIRST_PERSON) || asked);
};

/**
 * The messages named before their denial, as Dutch says it: "Ik wil deze berichten niet meer", "stuur dit niet meer",
 * "Ik hoef deze sms'jes niet" (messages named after the denial are the ones it denies: the rule beside this one).
 */
function deniedAfter(clause: Clause): boolean {
  const named = clause.findIndex((w) => MESSAGES.has(w.text));
  const denied = clause.findIndex((w, i) => i > named && negatesHere(w));
  // "sturen jullie het niet op?", "mailen jullie niet?", "jullie sturen niet": the shop as who sends, a question about
  // sending; not "mailen jullie mij niet meer aub", which asks for no more
  const byTheShop = [clause[named - 1], clause[named + 1]].some((w) => w !== undefined && SENDER.has(w.text))
    && !['meer', 'more'].includes(clause[denied + 1]?.text ?? '');
  return named >= 0 && denied > named && !byTheShop && !clause.slice(denied).some((w) => MESSAGES.has(w.text));
}
/** Who sends, when the customer asks whether the shop does. */
const SENDER = new Set(['jullie', 'u', 'je', 'jij', 'you']);
/** What makes denied messages a wish, more than politeness: "geen mail hier" and "kunnen jullie me geen sms sturen?" ask none. */
const NO_MORE_SAID = new Set([...NO_MORE].filter((w) => !ASK.has(w)));
/** Asking the shop whether it can: "kunnen jullie niet gewoon mailen?" wants the e-mail ("kunnen jullie ophouden" is a stop). */
const CAN = new Set(['kunnen', 'kan', 'kun', 'kunt', 'can', 'could']);
/** Told not to stop, the stop word's own denial after it: "stop er niet mee", "stop alsjeblieft niet", "stop de berichten niet". */
const BEFORE_DENIAL = new Set(['er', 'mee', 'ermee', 'daarmee', 'hiermee', 'alsjeblieft', 'alstublieft', 'aub', 'please', 'toch', 'nou', 'de', 'die', 'deze', 'het']);

/** Getting (having) the messages, which a customer may say is so ("I don't receive messages", "ik heb geen berichten") rather than ask. */
const RECEIVE = new Set(['receive', 'ontvangen', 'krijgen', 'ontvang', 'krijg', 'heb', 'hebben']);
/**
 * What makes getting them a wish: "ik wil geen berichten ontvangen", "I don't want to receive", "Ik krijg liever geen
 * sms", "Ik ontvang graag geen sms meer", "Ik heb geen sms meer nodig". Not a please: "Ik krijg geen mail meer aub" may
 * be a complaint that the mail stopped coming as much as a request (unclearStop).
 */
const WISHED = new Set([...WISH, 'willen', 'hoef', 'hoeft', 'hoeven', 'wish', 'like', 'nodig', 'need', 'needed']);
/**
 * "I don't receive messages", "we ontvangen geen berichten meer": whether the customer gets them says how it is, and
 * asks nothing; unless wished ("ik wil geen berichten ontvangen", "I don't want to receive") or said as a request,
 * the denial first ("Geen sms meer ontvangen").
 */
const getsOrNot = (clause: Clause) => clause.some((w) => RECEIVE.has(w.text)) && !clause.some((w) => WISHED.has(w.text)) && !negatesHere(clause[0]!);

/**
 * Asked whether the messages stop, not asked to stop them: "Stoppen de berichten?", "Stopt de nieuwsbrief?", "Do the
 * texts stop?". A question of its own, the stop not told ("Stop met sms'en?" opens with it), nobody asked to
 * ("Kunnen jullie stoppen met sms'en?"), no wish, no please and no leave ("Ik wil stoppen met de berichten?", "Please
 * stop?", "Kunnen de berichten stoppen?", "Mogen de berichten stoppen?", "Could the texts stop?"), and not the
 * customer's own stop ("Kan ik stoppen met de sms?": wonders).
 */
const WHETHER_STOPS = new Set([...STOPS, 'stopt']);
const MAY = new Set([...CAN, 'mag', 'mogen', 'may', 'might']);
const asksWhetherTheyStop = (c: Clause) => c.at(-1)?.asks === true && c.some((w) => WHETHER_STOPS.has(w.text) && !w.negated)
  && c.some((w) => MESSAGES.has(w.text)) && c[0]?.text !== 'stop'
  && !c.some((w) => OF_THE_SHOP.has(w.text) || WISH.has(w.text) || ASK.has(w.text) || FIRST_PERSON.has(w.text) || MAY.has(w.text));

/**
 * Whether a clause may ask to hear no more, where only a person can tell: getting none of the messages said with a
 * please, or asked ("Ik krijg geen mail meer aub", "Ik ontvang geen sms meer aub", "Krijg ik geen mail meer?": a
 * complaint that the mail stopped coming, a sloppy request, or a customer who wonders whether they were taken off),
 * and asked whether the messages stop (asksWhetherTheyStop). Such a clause unsubscribes nobody, and is no problem
 * either: the owner reads it as a question (mayAskToStop) and decides. Only when it says nothing else: "Ook krijg ik
 * geen sms meer aub", "Ook geen mail ontvangen?" are complaints, beside one before.
 */
export function unclearStop(c: Clause): boolean {
  if (!c.every((w) => FILLER.has(w.text) || MESSAGES.has(w.text) || WHETHER_STOPS.has(w.text) || isEmoji(w.text))) return false;
  const noneGot = c.some((w) => MESSAGES.has(w.text) && w.negated) && getsOrNot(c) && (c.at(-1)?.asks === true || c.some((w) => ASK.has(w.text)));
  return noneGot || asksWhetherTheyStop(c);
}

/**
 * The goods sent, not the messages: "Don't send it, I'll pick it up", "Please don't send it, I'll collect it", "Stuur
 * het niet op", "Don't send them, I'll come by": "it", "het", "them" sent are the parcel or the mended bike, which the
 * customer comes to fetch (the messages are "this" and "these": "stuur dit niet meer", "don't send me these messages";
 * "het sturen" is the sending); so is what is posted or shipped ("Niet opsturen aub", "Don't ship it"). Anything sent
 * is the goods beside something else ("Don't send me anything, I'll pick it up"), the messages when nothing else is
 * said or no more is ("Don't send me anything, thanks", "Don't send me anything anymore"). Only told not to, and said
 * in no other words: a request about the order, which the owner reads as a question (goodsClauses).
 */
const SENDING = new Set(['send', 'sending', 'stuur', 'stuurt', 'sturen', 'versturen']);
const POSTING = new Set(['opsturen', 'ship', 'shipping']);
const THE_GOODS = new Set(['it', 'het', 'them', 'ze', 'hem']);
const AGAIN = new Set(['meer', 'weer', 'ooit', 'voortaan', 'langer', 'nooit', 'more', 'anymore', 'again', 'ever', 'longer', 'never']);
function sendsTheGoods(c: Clause, alone: boolean): boolean {
  if (!c.some(negatesHere) || !c.every((w) => FILLER.has(w.text) || SENDING.has(w.text) || POSTING.has(w.text) || THE_GOODS.has(w.text) || isEmoji(w.text))) return false;
  const anything = (w: Word | undefined) => w?.text === 'anything' && !alone && !c.some((v) => AGAIN.has(v.text));
  return c.some((w) => POSTING.has(w.text)) || c.some((w, i) => SENDING.has(w.text) && (THE_GOODS.has(c[i + 1]?.text ?? '') || anything(c[i + 1])
    || (ME.has(c[i + 1]?.text ?? '') && anything(c[i + 2])) || (c[i - 2]?.text === 'het' && negatesHere(c[i - 1]!))));
}
/** Which clauses of a reply ask the shop not to send the goods (sendsTheGoods). */
export function goodsClauses(parts: Clause[]): boolean[] {
  const idle = parts.map(quiet);
  return parts.map((c, i) => sendsTheGoods(c, idle.every((yes, k) => k === i || yes)));
}

/** A stop word's own denial from `i` on, past the words that may stand between ("stop er niet mee"); not "stop, niet meer sturen". */
function toldNot(clause: Clause, i: number): boolean {
  let k = i;
  while (clause[k] && (BEFORE_DENIAL.has(clause[k]!.text) || (MESSAGES.has(clause[k]!.text) && !negatesHere(clause[k]!)))) k++;
  // not "stop, niet meer sturen", nor "stop de sms niet nodig" (not needed: the messages)
  return clause[k] !== undefined && negatesHere(clause[k]!) && !['meer', 'more', 'nodig', 'needed'].includes(clause[k + 1]?.text ?? '');
}
const HERE = new Set(['hier']);

/** The stop word and what asks, nothing else: "Please stop", "Stoppen graag"; not "ik wil graag stoppen" (the pills?). */
const politely = (clause: Clause) => clause.some((w) => ASK.has(w.text)) && clause.every((w) => ASK.has(w.text) || STOPS.has(w.text) || isEmoji(w.text));

/** Preposition after an opt-out word, and what it opts out of follows: "Afmelden voor de APK herinnering", "unsubscribe from the reminders". */
const FROM = new Set(['voor', 'van', 'uit', 'for', 'from', 'of']);
/**
 * Where what an opt-out word opts out of begins, when that names the messages (whatever else it says of them: "de APK
 * herinnering"); else the clause's length. Not "afmelden voor de afspraak" (an appointment to cancel, for the owner).
 */
function fromWhat(clause: Clause): number {
  const opts = (w: Word | undefined) => w !== undefined && UNMISTAKABLE.has(w.text) && !w.negated;
  const at = clause.findIndex((w, i) => FROM.has(w.text) && (opts(clause[i - 1]) || (ME.has(clause[i - 1]?.text ?? '') && opts(clause[i - 2]))));
  if (at >= 0 && clause.slice(at).some((w) => MESSAGES.has(w.text) || REMINDERS.has(w.text))) return at;
  // "Stop met die herinneringen", told (the clause opens with it): what is left is a stop alone, which a question is
  // not ("Stop met die herinneringen?": asksToStop); not "Stoppen jullie met de herinneringen?"
  const told = clause[0]?.text === 'stop' && clause[1]?.text === 'met' && clause.slice(2).some((w) => REMINDERS.has(w.text))
    && clause.slice(2).every((w) => REMINDERS.has(w.text) || FILLER.has(w.text) || w.text === 'apk');
  return told ? 1 : clause.length;
}

/**
 * Taken off the list denied, as Dutch says it after the verb: "Verwijder me niet van de lijst", "haal me niet uit het
 * systeem", "haal mijn nummer niet uit het systeem" (data to be kept, not a stop); not a denial after the list ("haal
 * me van de lijst niet meer sturen"). The list is the one taken off ("uit het systeem"), not the number taken off it.
 */
const OFF = new Set(['uit', 'van', 'from', 'off', 'of']);
function offTheListDenied(clause: Clause): boolean {
  const off = clause.findIndex((w, i) => LISTS.has(w.text) && clause.slice(Math.max(0, i - 3), i).some((b) => OFF.has(b.text)));
  return clause.slice(0, off >= 0 ? off : clause.findIndex((w) => LISTS.has(w.text))).some(negatesHere);
}

/**
 * Whether a clause asks to hear no more; `alone`: nothing but politeness stands beside it in the reply; `asked`: the
 * reply asks a question ("Stop?"); `why`: another clause complains of the messages, which a stop is then about ("Ik
 * krijg te veel berichten, stop").
 */
function asksToStop(whole: Clause, alone: boolean, asked: boolean, why: boolean): boolean {
  const clause = whole.slice(0, fromWhat(whole));
  if (sendsTheGoods(clause, alone)) return false;
  if (!clause.every((w) => FILLER.has(w.text) || isEmoji(w.text) || OPT_OUT.has(w.text) || STOPS.has(w.text) || FOREIGN.has(w.text) || OPT_OUT_IN_A_SENTENCE.has(w.text) || MESSAGES.has(w.text)
    || LISTS.has(w.text) || REMOVE.has(w.text))) return false;
  const has = (set: Set<string>) => clause.some((w) => set.has(w.text));
  const said = (set: Set<string>) => clause.some((w) => set.has(w.text) && !w.negated);
  // "Don't stop", "niet afmelden": told not to stop.
  if (clause.some((w) => w.negated && (OPT_OUT.has(w.text) || OPT_OUT_IN_A_SENTENCE.has(w.text)))) return false;
  // "Stop niet met de sms'jes", "stop nooit": told not to stop, as the imperative says it (but "stop, niet meer sturen").
  if (clause.some((w, i) => STOPS.has(w.text) && toldNot(clause, i + 1))) return false;
  // "Haal het uit de administratie": taken off the shop's books is the customer, or nothing to stop
  if (has(BOOKS) && !has(MINE)) return false;
  // "nog geen sms", "nog niet": not yet, which asks nothing
  if (clause.some((w, i) => w.text === 'nog' && clause[i + 1] !== undefined && negatesHere(clause[i + 1]!))) return false;
  return said(UNMISTAKABLE) || said(FOREIGN)
    || (said(STOPS) && (((alone || why || politely(clause)) && !wonders(clause, asked)) || has(MESSAGES)))
    || (said(OPT_OUT_IN_A_SENTENCE) && has(MESSAGES))
    || ((clause.some((w) => MESSAGES.has(w.text) && w.negated) || (!has(STOPS) && deniedAfter(clause))) && (alone || has(NO_MORE)) && !getsOrNot(clause)
      && (has(NO_MORE_SAID) || !(has(HERE) || (has(CAN) && has(SENDER)))))
    || (said(REMOVE) && has(LISTS) && !offTheListDenied(clause))
    || (alone && said(REMOVE_ME) && has(ME) && !clause.some(negatesHere));
}

/**
 * A stop word in a reply that asks nothing else of the kind ("love it, stop", "cancel please"): only a person can read
 * what the customer wants. Not a stop that is denied ("can't stop wearing it") or about something else ("stoppen met
 * roken", "stop met fietsen": "met" and not the messages).
 */
export function mayAskToStop(parts: Clause[]): string | null {
  const unclear = parts.find(unclearStop);
  if (unclear) return words(unclear).join(' ');
  // "Verwijder me", "delete me" beside other words ("de fiets is top, verwijder me", "sorry verkeerde knop, verwijder
  // me"): alone a stop (asksToStop), beside them perhaps a photo or a queue she means; read as a stop it was lost
  // (positive, or 'other': no alert), so a person reads it.
  const removeMe = parts.find((c) => c.some((w) => REMOVE_ME.has(w.text) && !w.negated) && c.some((w) => ME.has(w.text))
    && !c.some(negatesHere) && c.every((w) => REMOVE_ME.has(w.text) || ME.has(w.text) || FILLER.has(w.text) || isEmoji(w.text)));
  if (removeMe) return words(removeMe).join(' ');
  for (const c of parts) {
    const text = (i: number) => (c[i]?.text === 'opt' && c[i + 1]?.text === 'out' ? 'optout' : c[i]?.text ?? '');
    const about = (i: number) => !(STOPS.has(text(i)) && text(i + 1) === 'met' && !MESSAGES.has(text(i + 2)));
    const at = c.findIndex((w, i) => !w.negated && (OPT_OUT.has(text(i)) || OPT_OUT_IN_A_SENTENCE.has(text(i))) && about(i));
    if (at >= 0) return text(at);
  }
  return null;
}

/** The messages a request names: the SMS ("geen sms meer"), the e-mail ("geen mails meer"), or both ("geen berichten meer"). */
export type StopChannel = 'sms' | 'email' | 'all';
const SMS_WORDS = new Set(['sms', 'smsje', 'smsjes', "sms'je", "sms'jes", "sms'en", 'smsen', "sms'sen", 'smssen', 'appen', 'appjes', 'text', 'texts', 'texting', 'txt', 'txts']);
const MAIL_WORDS = new Set([
  'mail', 'mails', 'mailtje', 'mailtjes', 'email', 'emails', 'mailen', 'emailen', 'mailing', 'mailings', 'nieuwsbrief', 'nieuwsbrieven', 'emailing',
  'newsletter', 'newsletters', 'mailinglijst', 'mailinglist',
]);
/** Every message, whichever way it comes: "geen berichten meer", "stop alles", "laat me met rust". */
const ALL_WORDS = new Set(['all', 'bericht', 'berichten', 'berichtje', 'berichtjes', 'message', 'messages', 'messaging', 'contact', 'contacting', 'alles', 'everything', 'stopall']);
/** What the asking clauses name (null: nothing, so the channel the request came in on). */
function channelOf(asking: Clause[]): StopChannel | null {
  const said = (set: Set<string>) => asking.some((c) => c.some((w) => set.has(w.text)));
  const sms = said(SMS_WORDS);
  const email = said(MAIL_WORDS);
  return (sms && email) || (!sms && !email && said(ALL_WORDS)) ? 'all' : sms ? 'sms' : email ? 'email' : null;
}

export interface StopRequest {
  /** The words that ask it, as read ("geen sms meer"). */
  words: string;
  /** The messages it names; null when it names none ("Stop", "afmelden"): the channel it came in on. */
  channel: StopChannel | null;
  /** The reply's other clauses, for the owner to read ("" when there are none). */
  rest: string;
}

/** A clause with its phrases read as the stop words they mean ("laat me met rust" is "stopall"). */
const phrased = (c: Clause): Clause => clauses(PHRASES.reduce((s, [re, w]) => s.replace(re, w), words(c).join(' ')))[0] ?? c;

/**
 * A complaint about the messages themselves, as the reason to stop them: "Ik krijg te veel berichten", "die sms'jes
 * zijn irritant", "too many texts"; not denied ("ik krijg niet te veel berichten", "de sms kwam niet aan").
 */
const TOO_MUCH = /\b(?:(?:te|zo|too|so) (?:veel|vaak|many|much|often)|teveel|irritant|irritante|vervelend|vervelende|annoying|irritating)\b/;
const NOUNS = new Set([...MESSAGES].filter((w) => SMS_WORDS.has(w) || MAIL_WORDS.has(w) || ALL_WORDS.has(w)));
const aboutTheMessages = (c: Clause) => c.some((w) => NOUNS.has(w.text)) && TOO_MUCH.test(words(c).join(' ')) && !c.some((w) => w.negated);

/** A clause that says nothing but politeness, or stop. */
const quiet = (c: Clause) => c.every((w) => FILLER.has(w.text) || isEmoji(w.text) || STOPS.has(w.text));

/** Reads the clauses of a reply: which of them ask to hear no more. `asked`: the reply has a question mark. */
export function stopClauses(parts: Clause[], asked: boolean): boolean[] {
  // "Ik zit niet te wachten op een mail maar op mijn fiets": waiting, for something else than the messages.
  const elsewhere = (i: number) => parts[i + 1]?.[0]?.text === 'maar' && parts[i + 1]?.[1]?.text === 'op';
  const read = parts.map((c, i) => phrased(elsewhere(i) ? c.filter((w, k) => !(w.text === 'op' && c[k - 1]?.text === 'wachten')) : c));
  // Another clause that only says stop as well ("Geen interesse, stop", "Stop. Stop!") leaves this one alone.
  const idle = read.map(quiet);
  const why = read.map(aboutTheMessages);
  // (unclearStop on the clause as written: its question mark is its own)
  return read.map((c, i) => !unclearStop(parts[i]!) && asksToStop(c, idle.every((yes, k) => k === i || yes), asked, why.some((yes, k) => k !== i && yes)));
}

/** The request to hear no more in a reply, and the rest of it; null when it asks nothing of the kind. */
export function stopRequest(text: string): StopRequest | null {
  const plain = softened(text);
  const unsignedText = withoutSignature(plain);
  // An SMS keyword, or a STOP on its line, with a kiss after it: "STOPP x", "Stp ta", "Bedankt\nSTOP x".
  const unkissed = plain.replace(KISS, '');
  if (unkissed !== plain && keyword(unkissed) === 'opt_out') return { words: unkissed.trim(), channel: null, rest: '' };
  return requestIn(plain) ?? (unsignedText === null ? null : requestIn(unsignedText)) ?? (unkissed === plain ? null : requestIn(unkissed));
}

function requestIn(text: string): StopRequest | null {
  const parts = clauses(text);
  const found = stopClauses(parts, hasQuestionMark(text));
  if (!found.includes(true)) return null;
  // Beside a request, the messages denied say which it is about too: "geen sms en geen mails meer"; and those
  // complained of, as why ("Ik krijg te veel mails, stop").
  const asks = found.map((yes, i) => yes || aboutTheMessages(parts[i]!)
    || (parts[i]!.every((w) => FILLER.has(w.text) || w.text === 'ook' || MESSAGES.has(w.text)) && parts[i]!.some((w) => w.negated && MESSAGES.has(w.text))));
  // Politeness cut off by its dots ("Stop a.u.b." is "stop a", "u", "b") is nothing for the owner to read.
  const idle = (c: Clause) => c.every((w) => FILLER.has(w.text) || isEmoji(w.text));
  const said = (keep: boolean) => parts.filter((c, i) => asks[i] === keep && (keep || !idle(c))).map((c) => words(c).join(' '));
  return { words: said(true).join(', '), channel: channelOf(parts.filter((_, i) => asks[i]).map(phrased)), rest: said(false).join('. ') };
}

// Whoever got the message says it was not for them: "verkeerd nummer", "wrong number", "dit is niet mijn nummer
// (meer)", "ik ken u niet", "Sanne woont hier niet"; not "de jas is niet van mij" nor "die knop ken ik niet". The till
// has a wrong number, and a stranger is being texted in the shop's name: the number is to be texted no more, and the
// owner told, to put the right one in.

/** Said of whoever was written to, by either channel. */
const NOT_ME = [
  'ik ken (?:u|jou|je|jullie)(?: winkel)? niet', "(?:don't|dont|do not) know you", 'woont hier niet', "(?:doesn't|does not|dont|don't) live here",
  'heb (?:daar |bij jullie |bij u |er )?nooit iets gekocht', "(?:never|didn't|did not) (?:bought|buy) anything",
  // "Ik ben nooit in die winkel geweest", "never been to your shop"; not "ik was nog nooit in jullie winkel geweest"
  // (before this visit) nor "nooit in zo'n mooie winkel geweest"
  'ben (?:nog )?nooit (?:in|bij) (?:die|deze|jullie|uw|jouw|je|dat|dit|de) (?:winkel|zaak|apotheek|shop)s? geweest', 'ben (?:daar |er |bij jullie |bij u )?(?:nog )?nooit geweest',
  '(?:never|not) been (?:to|in) (?:your|this|that) (?:shop|store|pharmacy)(?! before)',
];
/** Said of the number, by SMS; of the address, on the e-mail's page: each is only about the one it came by. */
const NOT_MINE = {
  sms: ["niet (?:meer )?(?:mijn|m'n|ons) (?:nummer|nr)", '(?:not|no longer) my (?:number|phone)', 'nummer is niet (?:meer )?van (?:mij|ons)'],
  email: ["niet (?:meer )?(?:mijn|m'n|ons) (?:e )?(?:mailadres|mail adres|email adres|emailadres)", '(?:not|no longer) my (?:(?:e )?mail|email)(?: address)?'],
};
/** "Verkeerd nummer", but not "het verkeerde nummer besteld" (a size, a part): no goods in the clause. */
const WRONG_PERSON = {
  sms: wholeWords(['verkeerde? (?:nummer|nr|persoon)', 'wrong (?:number|person|nr)']),
  email: wholeWords(['verkeerde? (?:persoon|(?:e )?mailadres|emailadres)', 'wrong (?:person|(?:e )?mail address|email address)']),
};
const GOODS = wholeWords(['besteld', 'gekocht', 'gekregen', 'geleverd', 'ontvangen', 'ordered', 'bought', 'received', 'delivered', 'maat', 'size']);

/**
 * Said as what the clause says ("ik ken jullie niet", "nooit iets gekocht bij jullie"), not as the start of praise
 * ("ik ken jullie winkel niet zo goed, maar …", "nooit iets gekocht dat zo goed is", "never bought anything this good").
 */
const saidSo = (phrases: string[]) => new RegExp(`(?:${wholeWords(phrases).source})(?! (?:zo|dat|wat|erg|goed|alleen|behalve|that|this|so|as|good|well)\\b)`);
const SAID_SO = { sms: saidSo([...NOT_ME, ...NOT_MINE.sms]), email: saidSo([...NOT_ME, ...NOT_MINE.email]) };
/**
 * "Ik heb niks gekocht (bij jullie)", only as all there is to say (beside what says so too): "ik heb niks gekocht, mijn
 * vrouw wel", "niks gekocht, alleen mijn fiets laten maken", "ik heb niets gekocht dat kapot is" and "ik heb nog niks
 * gekocht" are customers.
 */
const NOTHING_BOUGHT = saidSo(['heb (?:daar |bij jullie |bij u |er )?(?:niks|niets) (?:bij (?:jullie|u) )?gekocht']);
/**
 * But the number is a household's: "niet mijn nummer, maar van mijn vrouw", "but it's my husband's phone"; or whoever
 * answers is of the customer's household: "Ik ben niet Piet maar zijn vrouw", "I'm not Dave, I'm his wife".
 */
const FAMILY = '(?:vrouw|man|partner|moeder|vader|zoon|dochter|vriend|vriendin|wife|husband|mother|father|son|daughter|mum|mom|dad)';
const HOUSEHOLD = new RegExp(`^(?:maar|but) (?:het is |it's |it is |die is |dat is |i'm |i am |ik ben |hier is )?(?:van |de |the )?(?:mijn|m'n|my|zijn|z'n|haar|his|her) ${FAMILY}\\b`
  + `|\\b(?:ik ben|i'm|im|i am|this is|it's|it is|dit is|het is|hier is|met) (?:zijn|z'n|haar|his|her) ${FAMILY}\\b`);

/**
 * The number said to be someone else's: "this number belongs to someone else now", "dit nummer is van iemand anders".
 * Not that a number is wrong ("Uw nummer klopt niet, ik kon niet terugbellen", "Your number is wrong"): that may be
 * the shop's, which the customer called; a customer read as a stranger is taken off for good, unseen.
 * (A name denied, "Ik ben niet Piet", is no proof either: "It's not Fixed", "Ik ben niet Akkoord", "Ik ben niet Piet,
 * Piet is mijn vader" are customers; the owner reads those.)
 */
const SOMEONE_ELSE = '(?:iemand anders|someone else|somebody else)';
const NUMBER_WRONG = {
  sms: new RegExp([
    `\\b(?:dit|this|mijn|my|m'n) (?:telefoon ?|phone )?(?:nummer|nr|number) (?:is|belongs to|hoort bij|is van|belongs) (?:nu |now |tegenwoordig )?(?:van |to )?${SOMEONE_ELSE}\\b`,
    `^(?:(?:this|that|it)(?:'s| is) )?${SOMEONE_ELSE}(?:'s) (?:number|phone)\\b`,
  ].join('|')),
  email: new RegExp(`\\b(?:dit|this|mijn|my|m'n) (?:e ?)?(?:adres|address|mailadres|emailadres|mail address)(?: \\S+){0,1} (?:is|belongs to|hoort bij|is van|belongs) (?:nu |now |tegenwoordig )?(?:van |to )?${SOMEONE_ELSE}\\b`),
};
/** Another number a customer may say is wrong: on the receipt, the order, the part; or the shop's, called. */
const OTHER_NUMBER = wholeWords(['factuur', 'bon', 'kassabon', 'bestelling', 'order', 'invoice', 'receipt', 'artikel', 'onderdeel', 'part', 'kenteken', 'rekening', 'pakket', 'maat', 'size',
  'bel', 'bellen', 'belde', 'belden', 'gebeld', 'terugbellen', 'call', 'calling', 'called', 'calls', 'uw', 'jullie', 'your']);

/** But they did come: "ik heb niks gekocht, alleen geruild", "niets gekocht, wel online besteld". */
const CAME = wholeWords(['geruild', 'omgeruild', 'ruilen', 'teruggebracht', 'retour', 'online', 'webshop', 'website', 'exchanged', 'returned']);

/**
 * Whether a reply says the message reached the wrong person: by SMS the wrong number (not "dit is niet mijn
 * e-mailadres", which is about the address), on the e-mail's page the wrong address.
 */
export function wrongNumber(text: string, channel: 'sms' | 'email'): boolean {
  const said = clauses(text).map((c) => words(c).join(' '));
  if (said.some((c) => HOUSEHOLD.test(c) || CAME.test(c))) return false;
  const wrong = (c: string) => SAID_SO[channel].test(c) || (WRONG_PERSON[channel].test(c) && !GOODS.test(c))
    || (NUMBER_WRONG[channel].test(c) && !said.some((o) => OTHER_NUMBER.test(o)));
  return said.some(wrong) || (said.some((c) => NOTHING_BOUGHT.test(c)) && said.every((c) => NOTHING_BOUGHT.test(c) || wrong(c)));
}

/**
 * The customer says they never agreed to hear from the shop, calls its messages spam, or asks for their data to be
 * removed: "ik heb nooit toestemming gegeven", "dit is spam", "ongevraagde sms", "hoe komen jullie aan mijn nummer",
 * "verwijder mijn gegevens", "I never signed up". Trust is at stake: they are texted no more, and the owner is told
 * at once (the till may have a wrong number, or consent was ticked for them). Not "spam" in a wish to hear no more
 * that asks nothing else ("stop met die spam": stopRequest), nor consent given ("je hebt toestemming").
 */
const MESSAGES_WORD = '(?:sms\\S*|berichte?n?|berichtjes?|mails?|e-?mails?|reclame|spam)';
/** Said in one of a reply's clauses (its words joined by spaces; `asked`, which of them end in a question mark). */
const inAClause = (re: RegExp) => (said: string[], _asked: boolean[]): boolean => said.some((c) => re.test(c));
/** The customer's number or address, as "where did you get …" names it. */
const MY_CONTACT = "(?:mijn|m'n|mn|dit|ons|onze) (?:nummer|telefoonnummer|06 ?nummer|gsm ?nummer|nr|gegevens|adres|e-?mail\\S*)";
const MY_CONTACT_EN = '(?:my|this|our) (?:number|phone number|mobile number|cell number|details|contact details|data|info|email|e-mail|email address|address)';
/** Either test. */
const eitherOf = (...tests: ((said: string[], asked: boolean[]) => boolean)[]) => (said: string[], asked: boolean[]): boolean =>
  tests.some((t) => t(said, asked));
/** The messages named as never asked for: "ik heb nooit om deze sms'jes gevraagd", "I didn't ask for these texts". */
const NEVER_ASKED_FOR_THEM = wholeWords([
  `(?:niet|nooit) (?:om|voor) (?:deze |die |jullie |dit soort |zulke |al die )?${MESSAGES_WORD} (?:ge)?vraagd`,
  `${MESSAGES_WORD}(?: \\S+){0,3} (?:nooit|niet) (?:om|voor) (?:ge)?vraagd`,
  `om (?:deze |die |jullie |al die |zulke )?${MESSAGES_WORD} (?:heb ik|hebben we|hebben wij) (?:nooit|niet|helemaal niet) (?:ge)?vraagd`,
  `(?:never|didn't|didnt|did not|don't|dont|do not) (?:ever )?ask(?:ed)? for (?:these |those |this |the |your |any |all these |all your )?(?:texts?|messages?|sms|emails?|e-mails?|mails?|spam|marketing)`,
]);
/**
 * Never asked for "this", said alone or beside only what asks who writes or what this is ("Wat is dit? Ik heb hier niet
 * om gevraagd", "Niet om gevraagd", "I never asked for this"): of the messages. Beside anything else it is as often
 * about the goods or a bill ("Die nieuwe ketting heb ik nooit om gevraagd en nu moet ik 80 euro betalen", "You charged
 * me for a new chain, I never asked for it", "Ik heb hier niet om gevraagd, de jas is te klein"), and reads as the
 * reader reads it; so does what someone else never asked for ("hij heeft hier nooit om gevraagd") and a thing named
 * ("ik heb niet om een bon gevraagd", "I didn't ask for a bag").
 */
const NEVER_ASKED_FOR_THIS = new RegExp([
  '^(?:(?:ik|we|wij) (?:heb|hebben) (?:hier|daar|dit|dat) |(?:hier|daar) (?:heb ik|hebben we) |(?:heb )?(?:hier )?)'
    + '(?:nooit|niet|helemaal niet|echt niet|never|nooit ofte nimmer) (?:om|voor) (?:ge)?vraagd(?: (?:hoor|joh|eigenlijk|he|ofzo))?$',
  "^(?:i |we )?(?:never|didn't|didnt|did not|have never|never ever) ask(?:ed)? for (?:this|that|these|them|any of this)(?: (?:at all|ever|though|mate))?$",
  '^(?:not|never) asked for$',
].join('|'));
/**
 * What may stand beside never asked for "this": who writes, what this is, a greeting, an apology, a bare "Stop" ("Stop,
 * ik heb hier nooit om gevraagd": both channels stop, as for "Stop. Where did you get my number?").
 */
const WHO_IS_THIS = new RegExp('^(?:(?:(?:en |and )?(?:wat|wie|what|who)(?: is| zijn|\'s| are| bent)? (?:dit|dat|this|that|u|jij|je|jullie|you|this number|dit nummer)'
  + '(?: (?:eigenlijk|nou|dan|weer|now|again|please))?)|huh|eh|hallo|hoi|hi|hello|hey|sorry|pardon|excuse me|huh wat'
  + '|stop|stoppen|stop (?:aub|please|pls|nu|now|ermee)|hou op)$');
function neverAsked(said: string[]): boolean {
  if (said.some((c) => NEVER_ASKED_FOR_THEM.test(c))) return true;
  return said.some((c) => NEVER_ASKED_FOR_THIS.test(c)) && said.every((c) => NEVER_ASKED_FOR_THIS.test(c) || WHO_IS_THIS.test(c));
}

/**
 * Where the shop got the number or address, asked: "hoe komen jullie aan mijn nummer", "Where did you get my number?",
 * "waar hebben jullie mijn nummer vandaan", "how did you get my email", "who gave you my number". Not where she answers
 * it herself after it, or says it is fine: "Who gave you my number? Oh my husband did, all good thanks" (a question).
 */
const WHERE_FROM = wholeWords([
  'hoe (?:komen|komt|kom|kwam|kwamen) (?:jullie|u|je|jij) (?:\\S+ )?aan (?:mijn|m\'n|dit|ons) (?:nummer|telefoonnummer|gegevens|adres|e-?mail\\S*)',
  `(?:how|where) (?:did|do|have|has|does) (?:you|u|ya|you guys|they|your shop|the shop)(?: \\S+)? (?:get|got|gotten|find|found|obtain|obtained) ${MY_CONTACT_EN}`,
  `who gave (?:you|u|you guys|them) ${MY_CONTACT_EN}`,
  `waar (?:hebben|heb|heeft|hebt|halen|haal|haalt|komt) (?:jullie|u|je|jij|ze)(?: \\S+)? ${MY_CONTACT}(?: \\S+)? vandaan`,
  `hoe (?:hebben|heeft|hebt|heb) (?:jullie|u|je|jij)(?: \\S+)? ${MY_CONTACT}(?: \\S+)? (?:gekregen|gevonden|verkregen|achterhaald)`,
  `wie heeft (?:jullie|u|je|jou) ${MY_CONTACT}(?: \\S+)? gegeven`,
]);
const ANSWERED = /^(?:oh|ah|ach|aha|o|oja|oh ja|oh wait|oh wacht|never ?mind|nvm|laat maar|already|found it)\b|\b(?:all good|alles goed|geen probleem|no problem|is goed|that's fine|thats fine|geeft niet|no worries)\b/;
function askedWhereFrom(said: string[], asked: boolean[]): boolean {
  const at = said.findIndex((c) => WHERE_FROM.test(c));
  // alone, or beside who writes, never asked for this, "stop", or the data to be removed ("Hoe komen jullie aan mijn
  // gegevens? Verwijder ze"): beside anything else ("Where did you get my number? Anyway the bike is broken", "… the
  // bike is fine btw") she asks, and the owner answers
  return at >= 0 && !said.slice(at + 1).some((c) => ANSWERED.test(c)) && (asksErasureIn(said, asked)
    || said.every((c) => WHERE_FROM.test(c) || WHO_IS_THIS.test(c) || NEVER_ASKED_FOR_THIS.test(c) || NEVER_ASKED_FOR_THEM.test(c)));
}

/** The messages unwanted, by what the reply's clauses say: consent never given, spam, or the data to be removed. */
const UNWANTED_BY = {
  no_consent: eitherOf(inAClause(wholeWords([
    // consent never given: "nooit toestemming (voor) gegeven", "zonder mijn toestemming"; not "geen idee of ik toestemming
    // gaf, maar prima" nor "niet nodig om toestemming te vragen"
    '(?:geen|nooit) toestemming(?: \\S+){0,3} (?:gegeven|gevraagd)', '(?:nooit|niet)(?: \\S+){0,3} toestemming(?: \\S+){0,2} (?:gegeven|gevraagd)',
    'toestemming(?: \\S+){0,3} (?:nooit|niet)(?: \\S+)? gegeven', 'zonder (?:mijn |onze |enige )?toestemming',
    "(?:nooit|nergens) (?:voor )?(?:aangemeld|ingeschreven)",
    // and in English; not "I never agree with reviews", "I didn't agree with my wife", "no permission needed"
    'never (?:signed up|subscribed|opted in|consented|gave (?:you )?(?:my )?(?:permission|consent))', "(?:didn't|did not) (?:sign up|subscribe|opt in|consent)",
    "(?:never|didn't|did not) agree(?:d)? to (?:this|these|that|receive|receiving|be|being|any|your|messages|texts)", 'without (?:my |any )?(?:permission|consent)',
  ])), neverAsked, askedWhereFrom),
  // the messages called so: "dit is spam", "wat een spam", "ongevraagde sms"; not "geen spam hoor", "in mijn spam
  // terecht", "dacht eerst dat dit spam was", "even ongevraagd een compliment"
  spam: inAClause(wholeWords([
    `ongevraagde? ${MESSAGES_WORD}`, `ongewenste? ${MESSAGES_WORD}`, '(?:dit|dat|het) is (?:gewoon |echt |pure |weer )?spam', 'wat een spam',
    'jullie spammen', 'gespamd', '^spam$',
    "(?:this|that|it)(?:'s| is) (?:just )?spam", 'unsolicited',
  ])),
  // data to be erased (erase.ts): "verwijder mijn gegevens", "haal me uit jullie bestand", "delete everything you have on
  // me"; asked over two clauses too: "Waarom hebben jullie mijn gegevens? Verwijder ze!"
  erase: asksErasureIn,
};
export type Unwanted = keyof typeof UNWANTED_BY;

/**
 * What a reply says of the messages, of never agreed to, spam and data to be removed: those it says (none: not
 * unwanted). Data to be removed not where it is said to be kept ("verwijder mijn gegevens niet", "don't delete my
 * data, I need them for the warranty"), nor asked whether it was ("Hebben jullie mijn gegevens verwijderd?"): an
 * erasure the owner would be told is owed (erase.ts).
 */
export function unwantedBecause(text: string): Unwanted[] {
  const parts = clauses(text);
  const said = parts.map((c) => words(c).join(' '));
  const asked = parts.map((c) => c.at(-1)?.asks === true);
  return (Object.keys(UNWANTED_BY) as Unwanted[]).filter((k) => UNWANTED_BY[k](said, asked));
}

/** Whether a reply says the messages are unwanted: never agreed to, spam, or data to be removed. */
export const unwanted = (text: string): boolean => unwantedBecause(text).length > 0;
