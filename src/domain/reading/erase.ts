// Whether a clause asks for the customer's data to be erased (a request under the GDPR, owed within a month):
// "verwijder mijn gegevens", "verwijder mn gegevns", "wis al mijn info", "haal me uit jullie bestand", "delete everything
// you have on me", "remove me from your database"; asked politely too ("Kunnen jullie mijn gegevens verwijderen?", "Can
// you delete my data?"); an account with the shop ("verwijder mijn account", "delete my account"); to be forgotten
// ("ik wil vergeten worden", "right to be forgotten"). Not data to be kept ("verwijder mijn gegevens niet", "don't
// delete my data"), nor asked whether it was done, which is a question for the owner to answer ("Hebben jullie mijn
// gegevens verwijderd?", "Have you deleted my data?", "Did you delete my data?"): the tense and the person of the verb
// tell, not the question mark. The clause comes as its words, folded and joined by spaces (clauses() in text.ts).
import { knownWord } from './sentiment.js';
import { typo } from './table.js';
import { wholeWords } from './text.js';

/**
 * The customer's data: "mijn gegevens", "m'n info", "mn data", and as typed in a hurry or said in Flemish "me gegevens",
 * "men gegevens" (but "me info" may be info sent to them: "kunnen jullie me info sturen over …").
 */
const MY = "(?:mijn|m'n|mn|men|onze|ons)";
/** Not a phone plan: "mijn data abonnement", "my data plan", "my data bundle". */
const PLAN = '(?! (?:plan|plans|bundle|bundles|package|allowance|limit|usage|cap|sim|abonnement|bundel|limiet|tegoed)\\b)';
/**
 * An account with the shop is its data of her: "verwijder mijn account", "delete my account"; not its password ("my
 * account password"), nor one elsewhere ("delete my account at amazon", "verwijder mijn account bij bol.com").
 */
const ACCOUNT = "(?<!\\b(?:uit|van|in|op|from|off|on|into|to) (?:mijn|m'n|mn|men|onze|ons|my|our) )(?:account|acount)(?! (?:password|wachtwoord|nummer|number|manager|managers|name|naam|holder|beheerder)\\b)"
  + "(?! (?:bij|at|on|op|with|met|for|voor|in|van) (?!(?:jullie|u|uw|je|you|your|ur|the shop|the store|de winkel)\\b))";
const DATA = `(?:(?:persoonlijke )?gegevens|persoonsgegevens|contactgegevens|klantgegevens|data${PLAN}|info|informatie|${ACCOUNT})`;
const MY_DATA = `(?:${MY} ${DATA}|(?:me|mij) (?:persoonlijke )?gegevens)`;
/** Told to erase (as often typed, "verwijderd mijn gegevens"), or asked to; not "wist" (knew) nor "wissel". */
const ERASE = '(?:verwijder|verwijdert|verwijderd|verwijderen|wis|wissen|schrap|schrappen|vernietig|vernietigen|delete|deleten)';
/** The same after what it erases, as Dutch puts it ("mijn gegevens verwijderen"), or as a wish ("Graag mijn gegevens verwijderd"). */
const ERASED = '(?:verwijderen|verwijderd|wissen|gewist|schrappen|geschrapt|vernietigen|vernietigd|weghalen|weggehaald|deleten|gedelete|gedeletet)';
/**
 * Nothing but a modal, an adverb or politeness: "haal me even uit het systeem", "ik wil graag uit jullie bestand"; not
 * an object ("kun je me de factuur uit het systeem halen").
 */
const ONLY = '(?:(?:wil|wilt|willen|wou|zou|zouden|moet|moeten|graag|echt|gewoon|ook|nu|even|maar|liever|meteen|direct|dus|toch|'
  + 'alsjeblieft|alstublieft|aub|svp|er|daar|hier|nou|zsm|asap|volledig|helemaal|definitief|voorgoed|permanent|compleet|dan|gelijk|per) )';
/** Done away with: "haal / gooi / smijt / doe mijn gegevens weg". */
const THROW = '(?:haal|gooi|smijt|doe|kieper|mieter)';
/** The shop's books, which a customer asks to be taken out of (not its list: "haal me van de lijst" is a stop). */
const BOOKS = '(?:systeem|systemen|bestand|bestanden|klantenbestand|database|databank|administratie|klantenadministratie|register)';
const MY_EN = '(?:my|our)';
const DATA_EN = `(?:(?:personal |contact |customer )?(?:data|details|info|information)${PLAN}|${ACCOUNT})`;
const ERASE_EN = '(?:delete|remove|erase|wipe|destroy|purge|get rid of)';
/** Told, as the clause's first word: "delete my data", "verwijder mijn gegevens", "haal me eruit". */
const COMMAND = '(?:delete|erase|remove|wipe|verwijder|wis|haal|gooi)';
/**
 * Asked for, by someone ("I want", "I really want", "I'd like", "can I get", "please have") or told first in the clause
 * ("make sure", "get", "Need my data deleted", "Hi, have my data deleted"); not a bare "like" or "need" ("looks like my
 * data got wiped", "need help my info got deleted"), nor "i love how", "how do i get".
 */
const WANT_EN = "(?<!\\b(?:why|do|did|would|said|think) )(?:(?:i|we|me and my \\S+)(?: \\S+){0,2} (?:want|wanna|need)|(?:i'd|id|we'd|i would|we would|would)(?: \\S+){0,2} (?:like|love)"
  + "|(?:can|could|may|would|will) (?:i|we|you)(?: guys| all| please)? (?:get|have)|(?:please|pls|plz|kindly) (?:\\S+ )?(?:have|get)"
  + "|^(?:(?:hi|hey|ok|okay|just|also|and|so|please|pls|plz|kindly|can you|could you) )*(?:make sure|ensure|get|have"
  + "|(?:need|want|would like)(?= (?:all )?(?:of )?(?:my|our)\\b)))(?! how\\b)";
const BOOKS_EN = '(?:database|databases|system|systems|records|files|file|books|crm)';

const ASKS = wholeWords([
  // "verwijder (al) mijn gegevens", "wis al mijn info", "kunnen jullie verwijderen alle gegevens"
  `${ERASE}(?: \\S+){0,3} ${MY_DATA}`, `${ERASE}(?: \\S+){0,3} (?:alle|al de) (?:persoonlijke )?(?:gegevens|persoonsgegevens|info|informatie)`,
  // "mijn gegevens verwijderen", "Graag mijn gegevens verwijderd", "haal mijn gegevens weg"
  `${MY_DATA}(?: \\S+){0,3} ${ERASED}`, `${THROW} (?:\\S+ ){0,2}${MY_DATA} (?:\\S+ ){0,3}weg`,
  // "mijn gegevens mogen weg", "mijn gegevens moeten weg"
  `${MY_DATA} (?:\\S+ ){0,2}(?:mogen|moeten|mag|moet|kunnen) (?:\\S+ ){0,2}weg`,
  // "verwijder alles wat jullie van mij hebben", "wis alles over mij"
  `${ERASE}(?: \\S+){0,2} alles(?: \\S+){0,4} (?:van|over) (?:mij|me|ons)`,
  // taken out of the books: "haal me uit jullie bestand", "haal mij uit het systeem", "kunnen jullie me uit het systeem
  // halen", "ik wil uit jullie klantenbestand verwijderd worden" (not "haal mijn nummer uit jullie systeem", a stop)
  `(?:haal|${ERASE}|gooi)(?: \\S+){0,2} (?:me|mij|ons|${MY_DATA}) ${ONLY}{0,3}(?:uit|van) (?:\\S+ ){0,2}${BOOKS}`,
  `(?:me|mij|ons|${MY_DATA}) ${ONLY}{0,3}(?:uit|van) (?:\\S+ ){0,2}${BOOKS} (?:\\S+ ){0,2}(?:${ERASED}|halen|gehaald)`,
  `(?:ik|wij|we) ${ONLY}{0,3}uit (?:\\S+ ){0,2}${BOOKS} (?:\\S+ ){0,2}(?:${ERASED}|gehaald)`,
  // "delete my data", "could you please remove all of my details", "erase my info"
  `${ERASE_EN}(?: \\S+){0,2} (?:all )?(?:of )?${MY_EN} ${DATA_EN}`, 
  // "erase all data you hold on me" (not "delete all the data on the card")
  `${ERASE_EN}(?: \\S+){0,2} all (?:the |your )?${DATA_EN}(?: \\S+){0,4} (?:on|about|of) (?:me|us)`,
  // "I want my data deleted", "get my details removed", "I'd like all my data to be erased": asked, not said to have
  // happened ("my data got wiped during the repair", "my info got deleted", "will my data be deleted?")
  // ("i need my data it was erased by you", "I need my data that you deleted": a new subject between, what was done)
  `${WANT_EN}(?: \\S+){0,2} (?:all )?(?:of )?${MY_EN} ${DATA_EN} (?:(?!(?:it|they|you|u|we|was|were|got|has|had|that|which)\\b)\\S+ ){0,2}(?:deleted|removed|erased|wiped)`,
  // "delete everything you have on me", "remove all the info you hold about me"
  `${ERASE_EN}(?: \\S+){0,2} (?:everything|all|anything|whatever)(?: \\S+){0,5} (?:on|about) (?:me|us)`,
  // "remove me from your database", "take me off your system", "delete my details from your records"
  `(?:${ERASE_EN}|take) (?:me|us|${MY_EN} ${DATA_EN})(?: \\S+){0,2} (?:from|off|out of) (?:\\S+ ){0,2}${BOOKS_EN}`,
  // to be forgotten, wished ("ik wil vergeten worden", "I want to be forgotten"), or the right to it claimed ("right to
  // be forgotten", "ik beroep me op het recht om vergeten te worden", "I want to exercise my right to be forgotten"; not
  // "what is the right to be forgotten?"); not "forget me" nor "vergeet mij (maar)", as often "count me out" ("Forget
  // me, I can't make it", "Vergeet mij maar voor zaterdag"): the owner reads those
  '(?:wil|wilt|willen|wens|wensen)(?: \\S+){0,2} vergeten (?:te )?worden', "(?<!\\b(?:don't|dont|not|never) )(?:want|wish|like|ask|demand) to be forgotten",
  "^(?:(?:under (?:the )?gdpr |under (?:the )?avg )?(?:i|we) (?:(?!(?:not|no|never|don't|dont|won't|wont|didn't|didnt|doesn't|doesnt|whether|if|what|about|read|learned|heard|mean)\\b)\\S+ ){0,4})?(?:(?:my|our|the) )?right to (?:be forgotten|erasure)",
  "^(?:(?:ik|wij|we) (?:(?!(?:niet|geen|nooit|of|wat|over|niks|niets|naar)\\b)\\S+ ){0,5})?(?:(?:mijn|ons|het|m'n) )?recht (?:om vergeten te worden|op vergetelheid|op vergeten worden)",
]);

/**
 * Data to be kept, said of the erasing itself: "don't delete my data", "do not remove my details", "verwijder mijn
 * gegevens niet", "mijn gegevens hoeven niet verwijderd te worden", "haal me niet uit het systeem". Not a negation
 * elsewhere in the clause: "Verwijder mijn gegevens ik wil geen sms meer" asks both.
 */
const KEEP_DATA = wholeWords([
  // "don't delete", "please do not remove", "I don't want you to delete", "I'd rather you didn't delete": only words of
  // asking between, not another request ("don't text me delete my data" asks both), nor the no a condition answers
  // ("Can I keep my points? If not please delete my data": IF_ANSWERED)
  `(?:don't|dont|do not|never|(?<!\\bif )not|didn't|didnt) (?:(?:please|ever|just|really|need to|have to|want you to|you|to) ){0,3}(?:${ERASE_EN}|take)`,
  `(?:no need to|rather you didn't|rather you didnt) (?:${ERASE_EN}|take)`,
  // "make sure my data wasn't deleted"
  `${MY_EN} ${DATA_EN} (?:\\S+ ){0,2}(?:wasn't|wasnt|weren't|werent|isn't|isnt|aren't|arent|not) (?:\\S+ )?(?:deleted|removed|erased|wiped)`,
  // "I don't want my data deleted", "no need to have my data deleted", "I never asked for my data to be deleted"
  `(?:don't|dont|do not|didn't|didnt|wouldn't|wouldnt|won't|wont|never|not|no need to|hate to) (?:(?:want|need|like|asked|ask|for|to|have|get|you|please|really|even|ever) ){0,4}`
    + `(?:all )?(?:of )?${MY_EN} ${DATA_EN} (?:\\S+ ){0,3}(?:deleted|removed|erased|wiped)`,
  // "verwijder mijn gegevens (alsjeblieft) niet", not "verwijder mijn gegevens niet meer sturen" (a stop beside it)
  `${ERASE}(?: \\S+){0,3} ${MY_DATA}(?: (?:alsjeblieft|alstublieft|aub|liever|nog|toch|maar))? (?:niet|nie|ni)(?! meer)`,
  `(?<!\\b(?:zo|indien) )(?:niet|nie|ni|nooit) (?:\\S+ ){0,2}(?:${ERASED}|weg)`,
  // "mijn gegevens mogen zo niet verwijderd worden": not "if not" but "not like that"; nor after she asks it kept or
  // back ("bewaar mijn gegevens zo niet verwijderd", "ik wil mijn account terug zo niet verwijderd")
  `\\bzo (?:niet|nie|ni) (?:\\S+ )?${ERASED} (?:worden|wordt|word)\\b`,
  // after a modal, "not like that" too: "mijn gegevens mogen zo niet weg", "ik wil mijn account zo niet verwijderen"
  `\\b(?:mogen|mag|moeten|moet|hoeven|hoeft|wil|wilt|willen|liever)\\b(?: \\S+){0,3} zo (?:niet|nie|ni) (?:\\S+ )?(?:${ERASED}|weg)\\b`,
  `\\b(?:bewaar|bewaren|houd|hou|behoud|terug)\\b(?: \\S+){0,3} (?:zo|indien) (?:niet|nie|ni) (?:\\S+ )?${ERASED}`,
  // "haal me niet uit het systeem", "ik wil niet uit jullie bestand"
  `(?:niet|nie|ni|nooit) (?:\\S+ )?(?:uit|van) (?:\\S+ ){0,2}${BOOKS}`,
  // "ik wil niet dat jullie mijn gegevens verwijderen"
  `(?:niet|nie|ni) dat (?:\\S+ ){0,3}${MY_DATA} (?:\\S+ ){0,2}(?:verwijder|wis|gewist|schrap|geschrapt)\\S*`,
  // "ik wil niet vergeten worden", "I don't want to be forgotten"
  '(?:niet|nie|ni|nooit) (?:\\S+ ){0,2}vergeten (?:te )?worden',
  "(?:don't|dont|not|never|wouldn't|wouldnt|won't|wont)(?: \\S+){0,2} (?:want|wish|like|ask) to be forgotten",
]);

/**
 * Data on a thing, not the shop's of the customer: "wis mijn data van de oude laptop", "can you wipe my data from the old
 * phone", "delete my info from the old card", "verwijder mijn gegevens van de harde schijf".
 */
const THINGS = '(?:telefoon|mobiel|gsm|laptop|computer|pc|tablet|ipad|iphone|kaart|schijf|harddisk|chip|sim|simkaart|toestel|apparaat|'
  + 'phone|card|drive|disk|device|chip|quote|invoice|factuur|offerte|usb|stick)';
/** Not the shop's own ("van jullie computer", "off your phone", "uit jullie kaartsysteem"): those are its books. */
const NOT_THEIRS = "(?!(?:jullie|uw|je|your|ur|the shop's|the store's|de winkel)\\b)";
/** A thing named at all: a question whether data will be erased from it lends no data to the next clause. */
const A_THING = wholeWords([`(?<!\\b(?:jullie|uw|your|je)(?: \\S+)? )${THINGS}`]);
const ON_A_THING = wholeWords([
  `(?:${DATA}|${DATA_EN}) (?:\\S+ )?(?:van|op|from|on|off) ${NOT_THEIRS}(?:(?!(?:jullie|uw|your|loyalty|member|membership|rewards|spaar|stempel)\\b)\\S+ ){0,2}${THINGS}(?! ?(?:${BOOKS}|${BOOKS_EN}|systeem|system))`,
]);

/**
 * Data held by another firm, named last: "delete my data at google", "verwijder mijn gegevens bij google"; not with
 * anything after it but thanks or a please ("… en bij jullie", "… and stop", "… too": in doubt, asked). Only firms
 * named, unlike an account elsewhere (ACCOUNT): after data "at" and "bij" often say when ("bij gelegenheid", "bij
 * afmelding", "at once", "bij voorbaat dank"), or name the shop. No firm a shop may sell for or through (a phone shop's
 * KPN or Vodafone, an Apple, bol or Amazon seller), nor where it has a page of its own (WhatsApp, Facebook, Instagram):
 * "verwijder mijn gegevens bij vodafone" said to a phone shop, "verwijder mijn gegevens op facebook" said to one that
 * follows her there, ask it.
 */
const FIRMS = '(?:google|gmail|youtube|linkedin|microsoft|outlook|hotmail|yahoo|klarna|netflix|spotify)';
const ELSEWHERE = new RegExp(`(?:${DATA}|${DATA_EN}) (?:at|bij|with|on|op) ${FIRMS}(?: (?:please|pls|aub))?$`);
/** Only thanks or a please after the firm named: "… bij google aub, bedankt"; not "… and the store", "… en stop". */
const CLOSING = /^(?:(?:and|en|&) )?(?:thanks|thank you|thx|ty|bedankt|dank ?je(?: wel)?|dank u(?: wel)?|alvast bedankt|bij voorbaat dank|please|pls|aub|groetjes|groeten|mvg)(?: (?:in advance|alvast|a lot|so much|wel))?$/;
const elsewhere = (said: string[], i: number): boolean => ELSEWHERE.test(unslipped(said[i]!))
  && (i + 1 >= said.length || CLOSING.test(said[i + 1]!));

/**
 * Asked whether it will be done, not asked to do it: "will my data be deleted if i unsubscribe?", "wanneer worden mijn
 * gegevens verwijderd?", "worden mijn gegevens verwijderd als ik me afmeld?".
 */
const WILL_IT = wholeWords([
  `(?:will|when|are|r|is) (?:all )?(?:of )?${MY_EN} ${DATA_EN} (?:\\S+ ){0,2}(?:deleted|removed|erased|wiped)`,
  `^(?:wanneer |hoe |waarom )?(?:worden|wordt) (?:\\S+ ){0,2}${MY_DATA}`, `^wanneer (?:\\S+ ){0,3}${MY_DATA}`,
]);
/**
 * How she does it herself, however politely asked: "How do I delete my account (please)?", "Hoe verwijder ik mijn
 * gegevens?", "hoe verwijder ik mijn account aub", "Kan ik mijn account zelf verwijderen?" (not "Kan ik mijn gegevens
 * laten verwijderen?" nor "Mag ik mijn gegevens verwijderd hebben?", which ask it, as "how do i get my data deleted"
 * does not).
 */
const HOW_TO = wholeWords([
  `^(?:(?:hi|hey|hello|ok|okay|so|and|please|pls|plz|hallo|hoi)(?: \\S+)? )?(?:(?:how|where|when) (?:do|can|could|should|may) |(?:can|could|should|may) )(?:i|we)(?: \\S+)? ${ERASE_EN}(?: \\S+){0,2} (?:all )?(?:of )?${MY_EN} ${DATA_EN}`,
  `(?<!(?:^|\\b(?:please|pls|plz|just|(?:can|could|would|will) (?:you|u)) )(?:find|figure out|work out)(?: a)? )(?:how|the way|a way|button|option) to ${ERASE_EN} (?:all )?(?:of )?${MY_EN} ${DATA_EN}`, `\\bhow (?:i|we) (?:can |could |do |should )?${ERASE_EN} (?:all )?(?:of )?${MY_EN} ${DATA_EN}`,
  `^(?:hallo|hoi|dag|hey|hi) (?:hoe|waar) (?:(?:${ERASE}) (?:ik|we|wij)|(?:kan|kun|moet) (?:ik|we|wij) (?:(?!(?:laten|laat|vragen|verzoeken)\\b)\\S+ ){0,4}${ERASED})`, `\\bhoe (?:ik|we|wij) (?:verwijder\\b|(?:(?!(?:laten|laat)\\b)\\S+ ){0,3}(?:${ERASED}|verwijder(?! (?:mijn|m'n|mn|me|mij|ons|onze|alles|al)\\b)))`,
  `^(?:(?:hoe|waar|wanneer) )?(?:${ERASE}) (?:ik|we|wij)`, `^(?:(?:hoe|waar|wanneer) )?(?:kan|kun|moet|mag) (?:ik|we|wij) (?:(?!(?:laten|vragen|verzoeken)\\b)\\S+ ){0,4}${ERASED}(?! (?:hebben|krijgen)\\b)`,
]);

/**
 * Asked whether it was done, or said that it was, not asked to do: the perfect or the past of the erasing ("Hebben
 * jullie mijn gegevens verwijderd?", "Zijn mijn gegevens gewist?", "Ik heb mijn gegevens verwijderd", "Have you
 * deleted my data?", "Did you delete my data?", "Was my info removed?", "You deleted my details?"). Unless wished
 * ("Ik wil dat mijn gegevens verwijderd zijn", "Ik had graag mijn gegevens verwijderd gezien"), which asks it; a
 * wish to know whether it was done ("Ik wil weten of mijn gegevens verwijderd zijn", "Please
 * confirm you have deleted my data") asks the owner a question all the same. "Zorg dat mijn gegevens
 * verwijderd zijn", "Ik verwacht dat ze verwijderd zijn" are a wish too.
 */
const HAVE = new Set(['heb', 'hebt', 'heeft', 'hebben', 'had', 'hadden', 'ben', 'bent', 'is', 'zijn', 'zijt', 'was', 'waren', 'werd', 'werden']);
const DONE = new Set(['verwijderd', 'gewist', 'geschrapt', 'weggehaald', 'vernietigd', 'gedelete', 'gedeletet', 'gedeleted']);
/** "Gehaald" only out of something ("Ben ik uit het systeem gehaald?"), not fetched ("Ik heb de fiets gehaald, verwijder mijn gegevens"). */
const doneWord = (w: string, i: number, words: string[]) => DONE.has(w) || (w === 'gehaald' && words.slice(0, i).includes('uit'));
const DONE_EN = wholeWords([
  `(?:did|didn't|didnt) (?:you|u|ya|they|we|y'all|yall|someone|somebody|anyone|anybody|the shop)(?: \\S+)? ${ERASE_EN}`,
  `(?:have|has|had|haven't|havent|hasn't|hasnt) (?:you|u|they|we|y'all|yall|someone|somebody|anyone|anybody)(?: \\S+){0,2} (?:deleted|removed|erased|wiped)`,
  `(?:you've|youve|they've|theyve|you have|they have|i've|ive|i have)(?: \\S+){0,2} (?:deleted|removed|erased|wiped)`,
  'been (?:deleted|removed|erased|wiped)', '(?:was|were|is|are) (?:my|our|all|it|everything)(?: \\S+){0,2} (?:deleted|removed|erased|wiped)',
  '(?:you|u) (?:\\S+ )?(?:deleted|removed|erased|wiped)',
]);
/**
 * What English says was erased, after "have you", "did you": "have you deleted my data", "you removed me from your
 * database", "has my data been deleted".
 */
const ERASED_EN = wholeWords([
  `(?:deleted|removed|erased|wiped)(?: \\S+){0,2} (?:all )?(?:of )?${MY_EN} ${DATA_EN}`,
  `(?:deleted|removed|erased|wiped|taken) (?:me|us)(?: \\S+){0,2} (?:from|off|out of) (?:\\S+ ){0,2}${BOOKS_EN}`,
  // "is my data deleted yet", "has my data been deleted"
  `${MY_EN} ${DATA_EN} (?:\\S+ ){0,2}(?:deleted|removed|erased|wiped)`,
]);
const WISHED = new Set(['wil', 'wilt', 'willen', 'wou', 'wens', 'wensen', 'graag', 'gelieve', 'moet', 'moeten', 'aub', 'alsjeblieft', 'alstublieft',
  'svp', 'verzoek', 'please', 'pls', 'plz', 'want', 'wanna', 'like', 'need', 'must', 'should', 'request', 'demand', 'insist',
  'expect', 'ensure']);
/**
 * "Zorg (ervoor) dat mijn gegevens verwijderd zijn", "Ik verwacht / eis dat ze verwijderd zijn": a wish; not "ik had niet
 * verwacht dat mijn gegevens gewist waren", "ik maak me zorgen, zijn mijn gegevens gewist?".
 */
const WISHED_NL = /(?<!\b(?:niet|nooit|had|hadden|zoals|geen|me|mij|ons|je|zich|mijn|grote)(?: \S+){0,3}) (?:zorg|zorgen|zorgt|verwacht|verwachten|eis|eisen)(?: \S+){0,3} dat\b/;
const KNOW = new Set(['weten', 'bevestigen', 'bevestiging', 'checken', 'controleren', 'nagaan', 'know', 'confirm', 'confirmation', 'check', 'verify']);
/** A request after the how-to: "I don't know how to delete my account please do it for me". */
const AFTER_HOW = /\b(?:please|pls|plz|aub|can you|could you|kunnen jullie|kunt u)(?: (?:just|kindly|please|now|gewoon|even|aub))* (?:(?:delete|remove|erase|do|verwijder|wis) (?:it|that|them|het|dat|ze|die|my account|my data|mijn account|mijn gegevens)\b|(?:het|dat|ze|die) (?:(?:voor (?:mij|me|ons)|even|nu|aub|graag) )*(?:doen|verwijderen|wissen)\b)|(?:^|\b(?:please|pls|aub|graag|dan|en)) doe (?:het|dat) (?:maar|voor|aub|nu|even)\b/;
function done(clause: string): boolean {
  const words = clause.split(' ');
  const past = (words.some((w) => HAVE.has(w)) && words.some(doneWord)) || DONE_EN.test(clause) || WILL_IT.test(clause);
  const how = HOW_TO.exec(clause);
  return (how !== null && !AFTER_HOW.test(clause.slice(how.index + how[0].length)))
    || (past && (words.some((w) => KNOW.has(w)) || wantedBack(clause) || !(words.some((w) => WISHED.has(w)) || WISHED_NL.test(` ${clause}`))));
}
/**
 * Wanted back, what was erased: "mijn account is gewist door jullie ik wil hem terug", "my data was erased, I need it
 * back": lost data, a complaint; not "ik wil dat mijn gegevens verwijderd zijn, ik kom niet meer terug".
 */
const BACK = /\b(?:wil|wilt|willen|wou|want|wanna|need)(?: (?:graag|ik|i|we|wel|really|just|echt))* (?:hem|het|ze|m|die|dat|it|them|those|(?:mijn|m'n|mn|my|our|onze|ons) \S+)(?: (?:graag|wel|nu|now|asap|please|pls|aub))? (?:terug|back)\b/;
const ERASED_WORD = /\b(?:verwijderd|gewist|geschrapt|weggehaald|vernietigd|gedelete|gedeletet|gedeleted|deleted|removed|erased|wiped)\b/;
const wantedBack = (clause: string): boolean => {
  const m = ERASED_WORD.exec(clause);
  const back = m === null ? null : BACK.exec(clause.slice(m.index));
  return back !== null && !(wantedGone(clause.slice(0, m!.index)) && !HER_DATA.test(clause) && !LOST_BESIDE.test(clause) && HANDED_IN.test(back[0]));
};
/** What she handed in, wanted back: "ik wil mn laptop terug"; not her agenda, music or games ("… ik wil hem terug"). */
const HANDED_IN = /\b(?:laptop|computer|pc|telefoon|mobiel|gsm|tablet|ipad|iphone|toestel|apparaat|phone|device|macbook|mac|nummer|number)\b/;
/**
 * What was erased was wanted gone, so what she wants back is what she handed in: "de virussen zijn gewist, ik wil mn
 * laptop nu terug", "the malware was removed, I want my phone back"; not with her data lost beside it ("de virussen en
 * mijn fotos zijn gewist, ik wil ze terug").
 */
const WANTED_GONE = /\b(?:virus|virussen|viruses|virusje|malware|spyware|adware|bloatware|trojan|trojans|trojaans|spam|popups|rommel|troep|junk)\b/;
const HER_DATA = /\b(?:gegevens|data|info|account|acount|foto\S*|photos?|pictures?|files?|bestanden|contacten|contacts|documenten|documents?|berichten|messages|apps?|whatsapp|e-?mails?|mails|notities|notes|spullen|stuff|alles|everything)\b/;
const wantedGone = (erased: string): boolean => WANTED_GONE.test(erased) && !HER_DATA.test(erased);
// something of hers erased beside them, whatever it is ("jullie hebben de virussen verwijderd en mijn agenda ook, ik wil
// mijn agenda terug", "the malware was removed along with my games")
const LOST_BESIDE = /\b(?:and|en|but|maar|plus|also|ook|with|met|along with|samen met)(?: (?:all|al|alle))? (?:my|mijn|mn|m'n|our|onze)\b/;
/** Whether a clause wants back what was erased, a complaint: "mijn account is gewist door jullie ik wil hem terug". */
export const wantsErasedBack = (clause: string): boolean => wantedBack(unslipped(clause)) && !KEEP_DATA.test(clause);

/** "gegevns", "gegvens", "gegevenss": a slip of "gegevens" (not "gegeven", a word), read as it. */
const DATA_WORD = 'gegevens';
const dataTyped = (w: string) => w !== 'gegeven' && w.length > 5 && !knownWord(w) && typo(DATA_WORD, w, true);
const unslipped = (clause: string) => clause.split(' ').map((w) => (dataTyped(w) ? DATA_WORD : w)).join(' ');

/**
 * The data the shop holds named in one clause ("my info is wrong" is not) and its erasing asked, with a pronoun, in the next: "Waarom hebben jullie mijn gegevens?
 * Verwijder ze!", "Why do you have my data? Delete it now", "Hebben jullie mijn gegevens nog? Gooi ze weg", "… Dan wil
 * ik dat ze verwijderd worden". Nothing but politeness or haste after the pronoun: not "verwijder het bericht".
 */
const NAMES_DATA = wholeWords([
  `(?:hebben|hebt|heeft|bewaren|bewaart|houden|komen|kwamen|have|has|keep|store|hold|(?:how|where|why|when) (?:\\S+ ){0,2}(?:get|got)) (?:\\S+ ){0,3}`
    + `(?:${MY_DATA}|${MY_EN} ${DATA_EN}|(?:gegevens|data|info) (?:van|over) (?:mij|me|ons))`,
]);
const HASTE = '(?: (?:aub|alsjeblieft|alstublieft|graag|svp|dan|maar|meteen|nu|direct|dus|ook|even|please|pls|plz|now|asap|immediately|then|right away))*';
const IT = '(?:ze|die|dat|het|deze|it|them|that|those)';
const ERASE_IT = new RegExp([
  `^(?:(?:en|dan|and|then|please|pls|graag|aub|just|(?:can|could|would|will) (?:you|u)|(?:kunnen|kunt|kun|willen|wilt|wil) (?:jullie|u|je)) )*(?:${ERASE}|${ERASE_EN}) ${IT}${HASTE}(?: (?:for|voor) (?:me|mij|us|ons))?${HASTE}$`,
  `^(?:(?:en|dan|graag|aub) )*${THROW} ${IT} (?:\\S+ )?weg${HASTE}$`,
  `\\b(?:ik wil|wil ik|i want) (?:graag )?(?:dat )?(?:ze|die|it|them) (?:\\S+ ){0,2}(?:${ERASED}|deleted|removed|erased)\\b`,
  `\\b(?:ik wil|wil ik|i want) (?:graag )?(?:dat )?(?:ze|die|it|them) (?:(?:nu|meteen|echt|gewoon|allemaal|all|now|asap) )?(?:gone|weg)\\b`,
].join('|'));

/**
 * Told to do it, said after asking whether the data will be, or was, erased: "Wanneer worden mijn gegevens verwijderd?
 * Doe het nu", "When will my data be deleted? Do it now"; not after another question ("Is the bike ready? Do it now").
 */
const DO_IT = new RegExp(`^(?:(?:en|dan|and|then|please|pls|graag|aub|just|(?:can|could|would|will) (?:you|u)|(?:kunnen|kunt|kun|willen|wilt|wil) (?:jullie|u|je)) )*(?:doe|do|doen) ${IT}${HASTE}(?: (?:for|voor) (?:me|mij|us|ons))?${HASTE}$|^(?:kunnen|kunt|kun|willen|wilt|wil) (?:jullie|u|je) ${IT}(?: (?:voor (?:mij|me|ons)|even|nu|aub|graag|maar|dan|alsjeblieft|alstublieft))* doen${HASTE}$`);

/**
 * A bare no that ends the reply after a question (`asked`: the clauses that end in a question mark): the clause before
 * was a question answered, not a request ("need my data deleted? no"). Not a no that goes on ("Verwijder mijn gegevens.
 * Nee, echt"), nor one after a request ("Delete my details please, no thanks", "Delete my data. No").
 */
const NO = /^(?:no|nee|neen|nope|nah|nothanks)$/;
const answeredNo = (said: string[], asked: boolean[], i: number): boolean => i === said.length - 2 && asked[i] === true && NO.test(said[i + 1]!);

/** Whether a reply's clauses (their words joined by spaces) ask, one of them or two together, for the customer's data to be erased. */
export function asksErasureIn(said: string[], asked: boolean[] = []): boolean {
  return said.some((c, i) => (asksErasure(c, withItsCondition(said, asked, i), asked[i], lastAsked(said, i)) && !answeredNo(said, asked, i)
    && !elsewhere(said, i))
    || (i > 0 && !done(c) && ((namesData(said[i - 1]!) && ERASE_IT.test(c)) || (DO_IT.test(c) && erasedAsked(said[i - 1]!))))
    // what she would lose asked, then told all the same: "Will I lose my warranty because you delete my data? Please do it anyway"
    // ("… ? toch maar doen": "maar" parts the clause, so the next one is read with it)
    || (i > 0 && !done(c) && (toldAllTheSame(c) || (i + 1 < said.length && toldAllTheSame(`${c} ${said[i + 1]}`)))
      && said.slice(Math.max(0, i - 2), i).some(lostAsked))
    || (!done(c) && toldIfAnswered(said, asked, i)));
}

/**
 * Told to erase it on the answer to her question of what she keeps or loses, or of what would follow an erasure: "Can I
 * keep my points? If not please delete it", "If you delete my data can I still get repairs, if yes delete it", "… ? If
 * not, delete it", "… ? Zo niet, verwijder ze maar" (in doubt, asked: the owner answers the question and erases).
 */
const BY_ITS_ORDER = /^(?:(?:and|so|but|en|maar|dus) )?(?:(?:do|does|will|would|can|could|shall|should|am) (?:i|we)|(?:verlies|verliezen|raak|raken|houd|hou|houden|behoud|kan|kun|mag) (?:ik|we|wij))\b/;
const KEEPS = /\b(?:keep|houden|behouden|hou|houd|behoud)\b/;
const KEPT_BY_HER = /\b(?:points|punten|spaarpunten|korting|discount|warranty|garantie|account|acount|data|details|info|information|gegevens|persoonsgegevens)\b/;
// a condition of something else than her leaving or an erasure ("if you open it", "if the screen is replaced", "als
// jullie hem resetten"; not "if I unsubscribe", "als ik me afmeld", "if you delete my account")
const HER_RECORD = '(?:account|acount|data|details|info|information|gegevens|membership|subscription|lidmaatschap|abonnement)';
const OF_LEAVING = [
  '\\b(?:unsubscribe|unsubscribing|afmeld|afmelden|uitschrijf|uitschrijven|leave|quit|stop|stoppen)\\b',
  // "if you delete my account", "als ik mijn abonnement opzeg"; not "if you remove the battery", "if I cancel my order"
  `\\b(?:cancel|delete|remove|erase|wipe|opzeg|opzeggen|verwijder|verwijderen|wis|wissen)\\b(?: \\S+){0,2} ${HER_RECORD}\\b`,
  `\\b(?:account|acount|data|gegevens|lidmaatschap|abonnement)(?: \\S+){0,3} (?:opzeg|opzeggen|verwijder|verwijdert|verwijderen|verwijderd|wis|wist|wissen|gewist)\\b`,
  // "if you delete it", "als ik opzeg", at the condition's end
  '\\b(?:delete|erase|verwijder|verwijderen|wis|wissen) (?:it|them|het|ze)$', '\\b(?:cancel|opzeg|opzeggen)$',
];
const OTHER_CONDITION = new RegExp(`\\b(?:if|als|indien|wanneer|when)\\b(?!.*(?:${OF_LEAVING.join('|')}))`);
// what she keeps or loses, said so: not a question of her warranty, points or discount alone ("Is the repair covered by
// warranty? If not go ahead", "Krijg ik korting? Zo ja, doe het maar", "Can I pay with my points? If so do it")
const LOYALTY = /\b(?:points|punten|spaarpunten|account|acount)\b/;
const NAMES_ERASURE = /\b(?:delete|deleted|remove|removed|erase|erased|wipe|wiped|gone|verwijder\S*|wis|wissen|gewist|weg|schrap\S*)\b/;
const LOSES = /\b(?:lose|losing|verlies|verliezen|kwijt)\b/;
const IF_ANSWERED_WITHIN = / (?:if|zo|indien) (?:not|no|yes|so|niet|nee|ja) /;
const IF_YES = /^(?:(?:en|maar|and|but|so) )?(?:if|als|indien|zo) (?:yes|so|ja)\b/;
const ANOTHER_TIME = new RegExp(`\\b(?:if|als|indien|wanneer|when|during|while|after|tijdens|(?:bij|na|met|door|with|by) (?:de|het|the))\\b(?!.*(?:${OF_LEAVING.join('|')}))`);
const THANKS_ONLY = /^(?:thanks?|thx|ty|thank you|cheers|bedankt|dank ?je(?: wel)?|dankjewel|dank u(?: wel)?|groetjes|groet|gr|mvg)$/;
const STOPS = /\b(?:stop|stoppen|unsubscribe|afmelden|no more|niks meer|niets meer)\b/;
const WILL_BE_ERASED = /\b(?:will|would|going to)\b.*\b(?:be|get)\b|\b(?:worden|wordt|word|gaan|gaat)\b/;
function toldIfAnswered(said: string[], asked: boolean[], i: number): boolean {
  const c = said[i]!;
  // "…, if not, delete it": the condition a clause of its own; "… repairs if yes delete it": in the question's clause
  const alone = i > 1 && IF_ANSWERED.test(said[i - 1]!) && said[i - 1]!.replace(IF_ANSWERED, '') === '';
  const within = IF_ANSWERED_WITHIN.exec(c);
  // the question before its first answer: "Can I keep my account? If yes please do, otherwise delete it"
  const bare = (k: number) => k >= 0 && IF_ANSWERED.test(said[k]!) && said[k]!.replace(IF_ANSWERED, '') === '';
  let q = alone ? i - 2 : i - 1;
  while (!within && q > 0 && (IF_ANSWERED.test(said[q]!) || bare(q - 1))) q -= bare(q - 1) ? 2 : 1;
  const [question, isAsked] = within ? [c.slice(0, within.index), false] : [said[q] ?? '', asked[q] === true];
  if (!alone && !within && (i === 0 || !IF_ANSWERED.test(c))) return false;
  const told = alone ? c : (within ? c.slice(within.index + 1) : c).replace(IF_ANSWERED, '').replace(/^ (?:(?:then|dan|just|gewoon) )?/, '');
  // answered yes ("if so", "zo ja"): a go-ahead after "Can I keep my points?" is to keep them, not to erase
  const yes = alone ? IF_YES.test(said[i - 1]!) : within ? / (?:yes|so|ja) $/.test(within[0]) : IF_YES.test(c);
  const named = NAMES_ERASURE.test(told);
  // a go-ahead that names no erasure, with more said after it, is of that ("If not go ahead and book me in", "… , fix
  // it"); of her data not erased, of what comes ("Will my data be deleted? If not go ahead": the repair)
  const after = said.slice(i + 1);
  const more = after.some((s) => NAMES_ERASURE.test(s) || DO_IT.test(s) || ERASE_IT.test(s));
  const last = more || after.every((s) => THANKS_ONLY.test(s) || STOPS.test(s));
  const notErased = !more && !yes && WILL_BE_ERASED.test(question) && /^(?:go ahead|ga (?:je|uw) gang)\b|^doe(?: maar)?$/.test(told.replace(CONSENT, ''));
  const asksIt = asksWhatWouldFollow(question) || lostAsked(question)
    // whether it was or will be erased, then a go-ahead that names none: not of another time or cause ("Will my data
    // be deleted during the repair? If so go ahead", "Worden mijn gegevens gewist bij de reparatie? Zo ja, doe maar")
    || (erasedAsked(question) && (named || (!ANOTHER_TIME.test(question) && last && !notErased)))
    // what she keeps or loses by an erasure (her points, warranty, discount), asked bare: not of a thing of hers
    // ("Can I keep the case? If not delete it") nor on another condition ("Will I lose my photos if you reset it? If
    // not, go ahead": the reset is what she consents to)
    || ((LOSES.test(question) || KEEPS.test(question)) && (isAsked || BY_ITS_ORDER.test(question))
      && KEPT_BY_HER.test(question) && !OTHER_CONDITION.test(question) && (named || (last && !ANOTHER_TIME.test(question)))
      // her data or warranty lost, asked bare, is as often the repair's ("Will I lose my data? If not go ahead",
      // "Raak ik mijn gegevens kwijt? Zo niet, ga je gang"): an erasure only where the answer's request names one
      && (named || (LOYALTY.test(question) && !(yes && KEEPS.test(question) && !LOSES.test(question)))))
    // "can i still get repairs if you delete my data? if yes then delete it", the condition after what would follow
    || (isAsked && ASKS.test(unslipped(question)) && WHAT_FOLLOWS.test(unslipped(question)));
  return asksIt && [told, told.replace(CONSENT, '')].flatMap((t) => [t, t.replace(ANYHOW, '')])
    .some((t) => ERASE_IT.test(t) || DO_IT.test(t) || GO_AHEAD.test(t) || WANTS_IT.test(t));
}

/**
 * Told after the question, so a request all the same: "Will I lose my warranty because you delete my data? Please do
 * it anyway", "… I want that".
 */
const WANTS_IT = /^(?:(?:yes|ja|so|and|en|dan|if so|if yes|zo ja|indien ja|please|pls|plz|just|fine|ok|okay) )*(?:(?:please|pls|plz|graag|aub)(?: (?:do|do it|do that|doen|ja|yes))?$|do it\b|do that\b|doe(?: (?:het|dat))?(?: (?:maar|toch|aub|graag|anyway|nu))*$|do it anyway\b|i want (?:that|it)(?: (?:too|as well|done|please|pls))?$|i want you to (?:do|delete|remove|erase)\b|(?:i'd|id|i would) (?:really )?like (?:that|it)\b|dat wil ik(?: (?:graag|wel|ook|echt|heel graag))?$|i (?:don't|dont|do not) want (?:you to keep|you keeping|you holding)\b)/;
/** Whatever she loses: "… maakt niet uit verwijder ze maar", "… I don't care, delete it". */
const NEVER_MIND = "(?:het )?maakt (?:me )?niet (?:uit|zoveel uit)|(?:it )?(?:doesn't|doesnt|does not) matter|(?:i )?(?:don't|dont|do not) care"
  + "(?: about (?:the |my |that |it )?(?:warranty|garantie|points|punten|discount|korting))?|(?:het )?kan me (?:niet|niks|niets) schelen|whatever";
const ANYWAY = new RegExp(`^(?:${NEVER_MIND}|boeit niet|prima) `);
/** Said alone, whatever she loses: "… ? maakt niet uit", "… ? I don't care". */
const ANYWAY_ALONE = new RegExp(`^(?:${NEVER_MIND}|boeit (?:me )?niet`
  + '|(?:dan|then) (?:maar )?(?:geen|zonder|no|without) (?:\\S+ )?(?:garantie|punten|korting|warranty|points|discount))(?: (?:hoor|joh|then|dan))?$');
/** Told to go ahead: "… ? ok delete it", "… ? delete it anyway", "… ? go ahead", "… ? verwijder maar", "… ? ik wil het toch". */
const CONSENT = /^(?:(?:ok|okay|oke|fine|yes|ja|prima|never mind|nevermind|then|dan|so|just|still|please|pls) )+/;
const ANYHOW = /(?: (?:anyway|anyways|all the same|regardless|either way|in any case|toch|hoe dan ook|in elk geval|sowieso))+$/;
const GO_AHEAD = /^(?:go ahead|verwijder|wis|delete|erase|ga (?:je|uw) gang|(?:verwijder|wis|delete|remove|erase) maar|toch (?:maar )?(?:verwijderen|wissen|doen)|i (?:still )?want (?:it|them|that) (?:deleted|removed|erased|gone)|ik wil (?:het|dat|ze) toch(?: (?:verwijderd|weg|gewist))?)(?: (?:anyway|toch|maar|please|pls|aub|graag))*$/;
const toldAllTheSame = (c: string): boolean => ANYWAY_ALONE.test(c) || [c, c.replace(ANYWAY, '')]
  .flatMap((t) => [t, t.replace(CONSENT, '').replace(ANYHOW, '')])
  .some((t) => WANTS_IT.test(t) || DO_IT.test(t) || ERASE_IT.test(t) || GO_AHEAD.test(t));

/**
 * The clause before names the data the shop holds of her (not what she sent it: "Hebben jullie mijn gegevens via de mail
 * gekregen? Verwijder die maar, ik stuur een nieuwe"), or asks whether it will be erased ("Will my data be deleted?
 * Please delete it").
 */
const SENT = /\b(?:via|through|form|formulier|sent|gestuurd|opgestuurd|doorgestuurd)\b/;
function namesData(clause: string): boolean {
  const c = unslipped(clause);
  return !SENT.test(c) && (NAMES_DATA.test(c) || erasedAsked(clause));
}
const erasedAsked = (clause: string): boolean => asksWhetherErased(clause) && !A_THING.test(unslipped(clause));

/**
 * Whether a clause (its words joined by spaces) asks for the customer's data to be erased; what would follow read in
 * `context`, the clause with what it is a condition of (withItsCondition); `asked`, whether it ends in a question mark.
 */
function asksErasure(clause: string, context = clause, asked = false, last = true): boolean {
  const c = unslipped(clause);
  return ASKS.test(c) && !KEEP_DATA.test(c) && !ON_A_THING.test(c) && !ifSo(unslipped(context), asked, last) && !done(c);
}

/**
 * A clause that is a condition, with the clauses beside it, where what would follow is said: "als jullie me uit het
 * systeem halen, verlies ik dan mijn garantie?", "Will I lose my warranty, if you delete my data?", "If you would delete
 * my data, would I lose my warranty". Any other clause alone; and a polite request so worded when what is beside it
 * does not follow from it ("I still get your texts. If you could delete my data please", "Als u mijn gegevens wilt
 * verwijderen, ik krijg nog steeds reclame", "When you get a chance please delete my data, I still get texts").
 * `asked`: which clauses end in a question mark.
 */
const CONDITION = /^(?:(?:en|maar|and|but) )?(?:als|indien|wanneer|if|in case|when)\b/;
const POLITE_IF = /^(?:(?:en|maar|and|but) )?(?:als|indien|wanneer|if|when) (?:(?:you|u|jullie|je) (?:\S+ ){0,3}?(?:could|would|wilt|wil|willen|zou|zouden|zoudt)\b|(?:you'd|youd|u'd)\b|(?:you|u) (?:get|have) a (?:chance|moment)\b)/;
/**
 * A condition on the answer to her question, not one of what would follow: "Can I keep my points? If not please delete
 * my data", "… ? If so delete it", "… ? Zo niet, verwijder mijn gegevens". What she asked is the owner's to answer; the
 * request stands as told (in doubt, asked).
 */
const IF_ANSWERED = /^(?:(?:en|maar|and|but|so) )?(?:(?:if|als|indien|zo) (?:not|no|yes|so|niet|nee|ja)|zoniet|otherwise|anders)\b/;
/** What would follow, said as a clause of its own: "would I …", "I'd lose …", "verlies ik dan …", "wat …"; not "I'd be grateful". */
const FOLLOWS = /^(?:(?:then|so|dan|en|and) )?(?:(?:would|will|can|could|do|does|shall|should|must|am) (?:i|we)\b|(?:i|we) (?:would|will|won't|wont|wouldn't|wouldnt) (?!be (?:very |so |really )?(?:grateful|thankful|happy|glad))|(?:i'd|we'd|i'll|we'll) (?!be |stop |appreciate)|(?:what|wat) |(?!(?:ik|we|wij|dank|bedankt)\b)\S+ (?:ik|we|wij)\b(?! u dankbaar| je dankbaar| jullie dankbaar))/;
/**
 * What follows a polite request only when asked, or naming what she would lose ("would I lose my warranty", "verlies ik
 * dan mijn garantie"): Dutch puts the verb first after any "als" ("Als u mijn gegevens wilt verwijderen, krijg ik geen
 * reclame meer" is a request and what it is for).
 */
const QUESTIONED = /^(?:(?:then|so|dan|en|and) )?(?:(?:would|will|can|could|do|does|shall|should|must|am) (?:i|we)\b|(?:what|wat) )|\b(?:dan|toch|right|lose|losing|verlies|verliezen|kwijt|warranty|garantie|korting|points|punten)\b/;
function withItsCondition(said: string[], asked: boolean[], i: number): string {
  const c = said[i]!;
  if (!CONDITION.test(c) || IF_ANSWERED.test(c)) return c;
  const [before, after] = [said[i - 1] ?? '', said[i + 1] ?? ''];
  const follows = asked[i + 1] === true || (FOLLOWS.test(after) && QUESTIONED.test(after)) || ((asked[i] === true || asked[i - 1] === true) && FOLLOWS.test(before));
  return !POLITE_IF.test(c) || follows ? said.slice(Math.max(0, i - 1), i + 2).join(' ') : c;
}

/**
 * What would follow, or is feared, not asked: "als jullie me helemaal uit het systeem halen, verlies ik dan mijn
 * garantie?", "Verwijderen jullie mijn gegevens als ik mijn garantie verlies?", "ik hoop niet dat jullie me uit het
 * systeem halen", "Eigenlijk ben ik bang dat jullie mijn gegevens wissen", "what happens if you delete my data". Read in
 * the clause without what only goes with a request (BESIDE_THE_ASK); a fear only before the request, not after it
 * ("delete my data im worried about hackers"), and a reason set aside only when the request stands without it ("I'm
 * asking because I'm worried you'll delete my data" is a fear).
 */
function ifSo(clause: string, asked: boolean, last: boolean): boolean {
  const [reason, ...others] = BESIDE_THE_ASK;
  const unreasoned = clause.replace(reason!, '');
  if (lostForIt(clause, unreasoned, asked, last)) return true;
  const read = others.reduce((c, beside) => c.replace(beside, ''), ASKS.test(unreasoned) ? unreasoned : clause);
  if (WHAT_FOLLOWS.test(read) && (asked || !TOLD.test(read))) return true;
  const fear = FEAR.exec(read);
  const ask = ASKS.exec(read);
  return fear !== null && (ask === null || (fear.index < ask.index && !PLEASE.test(read.slice(fear.index, ask.index))
    && !fearedThing(read.slice(fear.index + fear[0].length, ask.index) + read.slice(ask.index).split(' ')[0]!)));
}
/**
 * What she would lose asked, the erasing only its reason: "Will I lose my warranty because you delete my data?",
 * "Verlies ik mijn garantie omdat jullie mijn gegevens verwijderen?" (not "I'm writing because I want you to delete my
 * data", which asks it).
 */
const lostAsked = (clause: string): boolean => { const c = unslipped(clause); return ASKS.test(c) && LOST.test(c) && !KEEP_DATA.test(c) && !done(c); };
/**
 * Asked by its order, no question mark: "Do I lose my points because you delete my account", "Verlies ik mijn garantie
 * omdat jullie mijn gegevens verwijderen", as "If you delete my data can I still get repairs" is; only where the
 * reason is the shop's erasing and nothing after it ("… because I want you to delete my account", "… because you
 * delete my data please do it anyway" ask it).
 */
const SHOP_ERASING = new RegExp(`^ ?(?:because|cause|coz|cuz|since|omdat|aangezien) (?:you|u|jullie|je|the shop|de winkel)`
  + `(?: (?:will|would|zullen|gaan|then|dan))? (?:(?:${ERASE_EN}|${ERASE})(?: \\S+){0,2} (?:all )?(?:of )?(?:${MY_EN} ${DATA_EN}|${MY_DATA})`
  + `|(?:\\S+ ){0,2}${MY_DATA} ${ERASED})(?: (?:then|dan|now|nu))?$`);
const lostForIt = (clause: string, unreasoned: string, asked: boolean, last: boolean): boolean => !ASKS.test(unreasoned)
  && unreasoned !== clause && FOLLOWS.test(unreasoned) && LOST.test(unreasoned)
  && (asked || (last && BY_ITS_ORDER.test(unreasoned) && SHOP_ERASING.test(clause.slice(unreasoned.length))));
/**
 * Nothing said after the clause, in its own words, but a condition on its answer: "Do I lose my points because you
 * delete my account" ends the reply, or "…, if so delete it" follows (not "… and stop texting me", "… en dan wil ik
 * dat").
 */
const lastAsked = (said: string[], i: number): boolean => i === said.length - 1 || IF_ANSWERED.test(said[i + 1]!);
const LOST = /\b(?:lose|losing|verlies|verliezen|kwijt|warranty|garantie|korting|points|punten)\b/;
/**
 * A fear of something named, then the request told: "bang voor hackers verwijder mijn gegevens", "worried about spam
 * delete my data", as "I'm worried about spam please delete my data" is; not a fear of the erasing ("bang voor het
 * verwijderen van mijn gegevens", "bang dat jullie mijn gegevens verwijderen").
 */
const FEARED_THING = new RegExp(`^ (?:voor|of|about) (?!(?:you|u|jullie)\\b|(?:het|the) \\S*(?:verwijder|wissen|wis|delet|eras|remov|wip))(?:\\S+ ){1,3}${COMMAND}$`);
/** Not a fear of losing what the erasing would cost her: "afraid of losing my points delete my account?". */
const fearedThing = (said: string): boolean => FEARED_THING.test(said) && !LOST.test(said);
/**
 * A please that opens the request ends the fear's reach: "I'm worried about spam please delete my data"; not one
 * between ("I'm worried please tell me you won't delete my data").
 */
const PLEASE = /\b(?:please|pls|plz|kindly|aub|alsjeblieft|alstublieft|graag)(?: (?:just|now|kindly|can you|could you|would you|will you|if you could|if you would|if you can|i want|i would like|i'd like|you must|make sure to|kunnen jullie|kunt u|wil je|wilt u|zo snel mogelijk|zsm|als het kan|i|we))* $/;
const WHAT_FOLLOWS = new RegExp([
  // a condition with what would follow, in either order (not "If you could delete my data", "als het kan verwijder mijn gegevens")
  '^(?=.*\\b(?:verlies|verliezen|garantie|gebeurt|gebeuren|krijg|korting|blijft|houden|betalen|betaal|lose|warranty|happens|happen|still|pay)\\b)'
    + '.*\\b(?:als|indien|wanneer|if|in case|when)\\b',
  '^(?:(?:en|maar|of|and|but|so) )?(?:wat gebeurt|what happens|what if|wat als|stel dat)\\b',
].join('|'));
// Told to do it, a condition after it says when, not what would follow: "Delete my data when the warranty ends",
// "verwijder mijn gegevens als ik mijn fiets terug krijg" (not "Verwijderen jullie mijn gegevens als …?", nor "Delete my
// data if I lose my warranty?", asked).
const TOLD = new RegExp(`^(?:(?:please|pls|plz|just|now|graag|aub|nu) )*${COMMAND}\\b`);
// a fear or a hope it will not be ("Eerlijk gezegd ben ik bang dat …", "Hi I'm worried you'll …")
const FEAR = /\b(?:hoop (?:\S+ )?niet|bang|vrees|(?:maak|maakt|maken) (?:\S+ ){0,4}?zorgen dat|worried|afraid|hope you (?:won't|wont|don't|dont|will not))\b/;

// What goes only with a request, and says nothing of what would follow it: a reason after it ("Delete my data because
// I'm worried about hackers", "want ik ben bang voor spam"; not English "I want"), a concession ("even if I lose my
// warranty", "ook als ik mijn korting verlies"), a polite condition ("if you still have it", "als jullie die nog
// houden", "if that's still possible", "als het kan", "if it's still there"), and what led to it ("ik maak me zorgen
// dus verwijder …", "I still get your texts so delete …"), or told she does not mind what she loses, then told ("i dont
// care if i lose my points delete my account", as with a comma; "het maakt me niet uit als ik mijn punten verlies
// verwijder mijn account"). The reason first.
const BESIDE_THE_ASK = [
  /\b(?:because|cause|coz|cuz|since|omdat|aangezien|want (?:ik|wij|we|jullie|u|het|dat|er|mijn|m'n|mn|ze|die|dit))\b.*$/,
  /\b(?:even if|even when|even though|ook als|zelfs als|ook al)\b.*$/,
  /\b(?:if|als|indien|wanneer|when) (?:you|jullie|je|u) (?:(?!(?:delete|remove|erase|wipe|verwijder\S*|wis|wist|wissen|haal|halen)\b)\S+ ){0,3}?(?:have|has|hebben|hebt|heeft|houden|bewaren|hold|keep|can|kan|kunt|kunnen)\b(?: (?:it|them|ze|die|dat|those|any))?/g,
  /\b(?:if|als|indien) (?:(?:that|it|het|dat)(?:'?s| is)? )?(?:still |nog )?(?:possible|mogelijk|kan|mag|can)\b(?: is)?|\b(?:indien|zo|waar) mogelijk\b/g,
  // "if it's still there", "if they are still on your system", "als ze er nog zijn"
  /\b(?:if|als|indien) (?:it|they|ze|die|het|dat)(?:'?s|'re| is| are| zijn)? (?:er )?(?:still|nog) (?:there|er|daar|on|in|op|bij|zijn)\b(?: (?:your|jullie|uw|the|het|de) \S+)?/g,
  new RegExp(`^.*?\\b(?:so|dus|daarom|therefore) (?=(?:please |pls |graag |aub )?${COMMAND}\\b)`),
  new RegExp(`^(?:${NEVER_MIND}) (?:if|als|of|whether) (?:\\S+ ){1,6}?(?=(?:please |pls |just |gewoon |graag |aub )?${COMMAND} ${MY_EN}|${COMMAND} ${MY}\\b)`),
];

/**
 * Whether a clause asks, or says, that the customer's data was erased ("Hebben jullie mijn gegevens verwijderd?", "Ik
 * wil weten of mijn gegevens gewist zijn", "Please confirm you have deleted my data"): a question for the owner.
 */
export function asksWhetherErased(clause: string): boolean {
  const c = unslipped(clause);
  return (ASKS.test(c) || ERASED_EN.test(c)) && !KEEP_DATA.test(c) && done(c);
}

/**
 * Whether a clause asks what would follow an erasure, without a question mark: "If you delete my data can I still get
 * repairs", "Als jullie mijn gegevens verwijderen kan ik dan nog garantie krijgen": no erasure asked (ifSo), a
 * question for the owner.
 */
const ASKED_BY_HER = /\b(?:can|could|will|would|do|does|shall|should|must|am) (?:i|we)\b|\b\S+ (?:ik|we|wij) dan\b/;
export function asksWhatWouldFollow(clause: string): boolean {
  const c = unslipped(clause);
  return (ASKS.test(c) && CONDITION.test(c) && WHAT_FOLLOWS.test(c) && ASKED_BY_HER.test(c) && !KEEP_DATA.test(c))
    || lostForIt(c, c.replace(BESIDE_THE_ASK[0]!, ''), false, true);
}

/**
 * Whether a clause says the shop erased her data, a complaint of data lost: "i need my data it was erased by you",
 * "mijn account is door jullie gewist". Not asked whether it was ("Hebben jullie mijn gegevens verwijderd?",
 * asksWhetherErased).
 */
const BY_THE_SHOP = /\b(?:deleted|removed|erased|wiped) by (?:you|u|ya|the shop|the store)\b|\b(?:verwijderd|gewist|weggehaald|geschrapt) door (?:jullie|u|jou|de winkel)\b|\bdoor (?:jullie|u) (?:verwijderd|gewist|weggehaald|geschrapt)\b/;
/** Hers, not a virus or a scratch ("the virus was removed by you"); not as she asked ("… as asked", "zoals gevraagd"). */
const HERS = /\b(?:my|mijn|m'n|mn|our|onze|ons|me|mij|gegevens|data|info|account|acount|details)\b/;
const AS_ASKED = /\b(?:(?:as|like) (?:i )?(?:asked|requested|wanted)|as agreed|zoals (?:ik )?(?:gevraagd|afgesproken|vroeg|wilde)|thanks|thank you|bedankt|dank|got it|confirmed|np|no problem|(?:that's|thats|that is) (?:ok|okay|fine)|much better|werkt (?:alles )?weer)\b/;
export const saysErasedByTheShop = (clause: string): boolean => BY_THE_SHOP.test(clause) && HERS.test(clause) && !AS_ASKED.test(clause) && !KEEP_DATA.test(clause);
/**
 * The reply ends saying it was as she asked, or thanks: "my data was deleted by you, got it"; not with a loss beside
 * it ("my data was wiped by you, np, but i need my photos back").
 */
const STILL_LOST = /\b(?:but|maar|need|nodig|terug|back|kwijt|lost|missing|gone|weg)\b/;
export const fineWithIt = (said: string[]): boolean => (AS_ASKED.test(said[said.length - 1] ?? '') || acknowledges(said))
  && !said.some((c) => STILL_LOST.test(c));
/**
 * Her records erased, acknowledged with an ok before or after and nothing else said: "ok my data was removed by you",
 * "cool my data was deleted by you", "my account was deleted by you, ok". Not her files ("ok my photos were deleted by
 * you", as "mijn fotos zijn door jullie gewist" is a loss), nor with a why or a never asked ("ok my data was deleted by
 * you why", "… and I never asked"); not "great" or "mooi", as often said bitterly.
 */
const ACK = '(?:(?:ah|oh) )?(?:ok|okay|oke|okee|okey|oki|cool|alright|allright|prima|top)';
const ACK_FIRST = new RegExp(`^${ACK}(?: (?!(?:so|dus|but|maar|wait)\\b)|$)`);
const ACK_ALONE = new RegExp(`^${ACK}(?: (?:then|dan|dus|thx|thanks|bedankt))?$`);
const RECORDS = /\b(?:data|details|info|information|gegevens|persoonsgegevens|contactgegevens|klantgegevens|account|acount)\b/;
const NOT_RECORDS = /\b(?:foto\S*|photos?|pictures?|files?|bestanden|contacten|contacts|documenten|documents?|berichten|messages|apps?|muziek|music|videos?|alles|everything)\b/;
const UNASKED = /\b(?:why|waarom|how|hoe|what|wat|wtf|huh|seriously|serieus|echt|really|not|niet|never|nooit|didn't|didnt|without|zonder|geen|no)\b/;
const ACK_LAST = new RegExp(`\\b(?:you|u|jullie|verwijderd|gewist|weggehaald|geschrapt) ${ACK}$`);
// nothing else said: her records erased by the shop, an ok before or after ("… and you still text me", "… again", "…
// wth", "… i guess" say more)
const BY_YOU_EN = '(?:deleted|removed|erased|wiped) by (?:you|u|ya|the shop|the store)';
const BY_YOU_NL = '(?:(?:verwijderd|gewist|weggehaald|geschrapt) door (?:jullie|u|jou|de winkel)|door (?:jullie|u|jou|de winkel) (?:verwijderd|gewist|weggehaald|geschrapt))';
const ONLY_ERASED = new RegExp(`^(?:${ACK} ){0,2}(?:(?:my|our) (?:\\S+ )?(?:data|details|info|information|account|acount) (?:was|were|has been|have been|got|is|are) ${BY_YOU_EN}`
  + `|(?:mijn|m'n|mn|onze|ons) (?:\\S+ )?(?:gegevens|persoonsgegevens|contactgegevens|klantgegevens|info|account|acount) (?:is|zijn|werd|werden) ${BY_YOU_NL})(?: ${ACK})?$`);
const acknowledges = (said: string[]): boolean => [ACK_FIRST.test(said[0] ?? ''), ACK_ALONE.test(said.at(-1) ?? ''), ACK_LAST.test(said.at(-1) ?? '')]
  .includes(true)
  && said.some((c) => RECORDS.test(c)) && !said.some((c) => NOT_RECORDS.test(c) || UNASKED.test(c))
  && said.some((c) => ONLY_ERASED.test(c)) && said.every((c) => ONLY_ERASED.test(c) || ACK_ALONE.test(c));
