// The phrases nextdeal shows customers outside the message templates, per language: its pages and one-tap answers.
// (The owner's pages have their own table: src/http/owner/phrases.ts.)
import type { StopChannel } from './domain/classify.js';
import { oneStop } from './domain/message-props.js';
import type { Voice } from './domain/sale.js';

/** How a consent link's sale was given back (Purchase.returned): money back, in whole or in part, or cancelled. */
type Returned = 'refunded' | 'voided';

/** What a customer stopped, as the pages say it: "geen {e-mail} meer". */
const nlStopped: Record<StopChannel, string> = { email: 'e-mail', sms: 'sms', all: 'sms en geen e-mail' };
const enStopped: Record<StopChannel, string> = { email: 'e-mail', sms: 'texts', all: 'texts or e-mail' };
/** The same after "won't get any more": "any more e-mails". */
const enMore: Record<StopChannel, string> = { email: 'e-mails', sms: 'texts', all: 'texts or e-mails' };

/** The channels a customer who just joined hears on (see Ways in src/db/confirmations.ts): the thanks page names only their ways to stop. */
export interface Ways { sms: boolean; email: boolean }
// Neither (texts and e-mail both reach nobody from here yet): nothing, rather than a way that is not hers.
// The e-mail's way is the link at the foot of every e-mail from the shop: not "the link in the e-mail", for the one
// e-mail she has (the confirmation) has none (the words review).
const nlStop = (shop: string, w: Ways) => {
  const link = `de afmeldlink onderaan elke e-mail van ${shop}`;
  return w.sms || w.email ? ` Afmelden kan altijd: ${w.sms && w.email ? `met STOP per sms, of met ${link}` : w.sms ? 'met STOP per sms' : `met ${link}`}.` : '';
};
const enStop = (shop: string, w: Ways) =>
  w.sms || w.email
    ? ` You can stop at any time: ${w.sms && w.email ? `reply STOP to a text, or use the unsubscribe link at the bottom of every e-mail from ${shop}` : w.sms ? 'reply STOP to a text' : `every e-mail from ${shop} has an unsubscribe link at the bottom`}.`
    : '';

/**
 * The numbers of the countries the join page texts a code to (--join-countries), as a person names them: "Nederlandse
 * en Belgische nummers", "Dutch and Belgian numbers"; a country with no word here by its name ("nummers uit
 * Oostenrijk"), and then all of them so ("nummers uit Nederland en Oostenrijk").
 */
const numbersOf: Record<string, [nl: string, en: string]> = {
  NL: ['Nederlandse', 'Dutch'], BE: ['Belgische', 'Belgian'], DE: ['Duitse', 'German'], FR: ['Franse', 'French'],
  LU: ['Luxemburgse', 'Luxembourg'], GB: ['Britse', 'British'], IE: ['Ierse', 'Irish'], ES: ['Spaanse', 'Spanish'],
  IT: ['Italiaanse', 'Italian'], AT: ['Oostenrijkse', 'Austrian'], CH: ['Zwitserse', 'Swiss'], DK: ['Deense', 'Danish'],
};
/** Countries English names with "the" (Intl.DisplayNames gives the name alone). */
const withThe = new Set(['NL', 'GB', 'US', 'PH', 'AE', 'DO', 'BS', 'GM', 'CF', 'KM', 'MV', 'MH', 'SB', 'SC', 'VA']);
const countryNumbers = (codes: readonly string[] | string, locale: 'nl' | 'en'): string => {
  // (Also as --join-countries writes them, "NL,BE".)
  const countries = typeof codes === 'string' ? codes.split(',').map((c) => c.trim().toUpperCase()) : codes;
  // en-GB: "Dutch, Belgian and German", as the pages' English is British ("tyres"), with no serial comma.
  const list = (words: string[]) => new Intl.ListFormat(locale === 'nl' ? 'nl' : 'en-GB', { type: 'conjunction' }).format(words);
  if (countries.every((c) => numbersOf[c])) return `${list(countries.map((c) => numbersOf[c]![locale === 'nl' ? 0 : 1]))} ${locale === 'nl' ? 'nummers' : 'numbers'}`;
  const named = new Intl.DisplayNames([locale], { type: 'region' });
  // English names some with its article: "numbers from the Netherlands and Poland", not "from Netherlands".
  const name = (c: string) => ((/^[A-Z]{2}$/.test(c) && named.of(c)) || c);
  const the = (c: string) => (locale === 'en' && withThe.has(c) ? `the ${name(c)}` : name(c));
  return `${locale === 'nl' ? 'nummers uit' : 'numbers from'} ${list(countries.map(the))}`;
};

const nlMinutes = (n: number) => (n === 1 ? '1 minuut' : `${n} minuten`);
const enMinutes = (n: number) => (n === 1 ? '1 minute' : `${n} minutes`);

const nl = {
  // One label for a purchase and a visit (a pharmacy's check-in asks how things are after it): the owner's list and
  // alert say what the customer tapped, and the answer is kept by its code alone.
  answers: { great: 'Top, alles goed', unsure: 'Weet ik nog niet', problem: 'Er is een probleem' },
  // `visit`: the sale came to nothing (a repair under warranty: cameToNothing), and the check-in said "was je bij …".
  // The item's words as the till has them, one or many ("Winterbanden"): asked in words that fit both ("Hoe bevalt je
  // Winterbanden?" did not).
  replyTitle: (item: string | null, visit = false) =>
    visit ? (item ? `Hoe gaat het na je bezoek voor ${item}?` : 'Hoe gaat het na je bezoek?') : item ? `Tevreden over je ${item}?` : 'Hoe bevalt je aankoop?',
  replyIntro: (shop: string) => `${shop} hoort graag hoe het gaat.`,
  commentLabel: 'Wil je er iets over kwijt? (mag ook leeg blijven)',
  pickAnswer: 'Tik daarna op wat het beste past:',
  thanksTitle: 'Dank je wel!',
  youWrote: 'Je schreef:',
  // The reply page opened again after she answered (the explorer's review: a blank form, no sign she had answered):
  // what she sent, that it arrived (thanksReceived), and that more can be said; her words stay with the shop.
  youChose: 'Je koos:',
  answerMore: 'Wil je iets toevoegen of een ander antwoord kiezen? Dat kan hieronder. Wat je al schreef, blijft bewaard.',
  addLabel: 'Nog iets toevoegen? (mag ook leeg blijven)',
  // `stopped`: she asked for no more of it in the same words ("Top, maar geen mails meer"): said before the greeting,
  // which signs off (a review: "Groet van …. Je krijgt geen e-mail meer van …" followed it).
  thanksPositive: (shop: string, stopped?: StopChannel | null) =>
    `Fijn om te horen. ${stopped ? `Je krijgt geen ${nlStopped[stopped]} meer van ${shop} en hoeft` : 'Je hoeft'} verder niets te doen. Groet van ${shop}.`,
  thanksOther: (shop: string) => `${shop} leest je antwoord en neemt contact met je op als dat nodig is.`,
  // `only`: she asked for no more messages beside it, and this is the one answer to come: "hierover" (unsubscribedButAnswered).
  thanksProblem: (shop: string, by: 'phone' | 'email', only = false) => `Wat vervelend. ${shop} ${by === 'phone' ? 'belt' : 'mailt'} je ${only ? 'hierover ' : ''}zo snel mogelijk.`,
  thanksQuestion: (shop: string, by: 'phone' | 'email') =>
    by === 'phone' ? `${shop} belt je zo snel mogelijk met een antwoord.` : `${shop} mailt je zo snel mogelijk een antwoord.`,
  // A problem or a question when the owner is told of none (no alert address): no promise of a call; a problem with a
  // word of sympathy all the same (`problem`), as the SMS's "wat vervelend" has.
  thanksReceived: (shop: string, problem = false) => `${problem ? 'Wat vervelend. ' : ''}Je antwoord is goed aangekomen bij ${shop}.`,
  notFoundTitle: 'Deze link werkt niet (meer)',
  // Past the limits on the reply page and the unsubscribe link (customer-pages.ts): what she sent now is not kept, what
  // she sent before is (`received`), and when to try again. `shop` null: a link that opens nothing (no shop known).
  tooManyTitle: 'Even geduld',
  tooManyText: (shop: string | null, minutes: number, received = false) =>
    received
      ? `Je eerdere antwoord is goed aangekomen bij ${shop}. Via deze pagina is net te vaak iets verstuurd, dus wat je nu stuurde is niet bewaard. Probeer het over ${nlMinutes(minutes)} nog eens.`
      : `Via deze pagina is net te vaak iets verstuurd, dus wat je stuurde is niet aangekomen. Probeer het over ${nlMinutes(minutes)} nog eens${shop ? `, of neem gewoon contact op met ${shop}` : ''}.`,
  notFoundText: 'De link is verlopen of niet helemaal goed overgenomen. Je kunt de winkel ook gewoon bellen of mailen.',
  // A sale's consent link opened again once confirmed (the receipt's QR scanned twice): what to do to change the choice.
  linkUsedTitle: 'Deze link is al gebruikt',
  linkUsedText: (shop: string) =>
    `Via deze link zijn al gegevens bevestigd, en hij werkt maar één keer. Wil je toch geen berichten meer van ${shop}? Antwoord STOP op de sms of tik op "Afmelden" in de e-mail. Iets anders veranderen? Vraag het in de winkel.`,
  unsubscribeTitle: 'Afmelden',
  unsubscribeText: (shop: string) => `Wil je geen e-mail meer van ${shop}?`,
  unsubscribeButton: 'Afmelden',
  unsubscribedTitle: 'Je bent afgemeld',
  unsubscribedText: (shop: string, what: StopChannel = 'email') => `Je krijgt geen ${nlStopped[what]} meer van ${shop}.`,
  // A stranger at the address ("Dit is niet mijn e-mailadres"): the address is unsubscribed.
  misdirectedTitle: 'Sorry!',
  misdirectedText: (shop: string) => `Deze e-mail was niet voor jou bedoeld. Dit e-mailadres krijgt geen e-mail meer van ${shop}.`,
  // A problem or a question with "no more mail" in the same words: the shop still answers that one, which the line before
  // says ("mailt je hierover", thanksProblem's `only`), naming the shop there (a review: three times, and "contact" twice).
  unsubscribedButAnswered: (_shop: string, what: StopChannel = 'email') => `Verder krijg je geen ${nlStopped[what]} meer van ons.`,
  // What the page asks (her contact, to be asked later), not how it is going: she reads it at the counter, before she
  // has used the thing (the words review).
  joinTitle: (shop: string, visit = false) => `Mag ${shop} je later vragen hoe ${visit ? 'het gaat na je bezoek' : 'het bevalt'}?`,
  // Nothing promised that may not come: a customer may be held out (the comparison group), a regular may have had a
  // check-in lately, a sale may be days old. And the invitation they agree to as well.
  // `mailOnly`: the form asks for an e-mail address only, where texts go nowhere yet and e-mail does (no number field).
  joinIntro: (shop: string, visit = false, mailOnly = false) => `Laat je ${mailOnly ? '' : 'nummer of '}e-mailadres achter, dan kan ${shop} je vragen ${visit ? 'hoe het gaat na je bezoek' : 'hoe je aankoop bevalt'}, en je later nog eens uitnodigen. Je kunt je altijd weer afmelden.`,
  // A consent link's sale the customer got money back for (in whole or in part), or that was cancelled: no check-in
  // will ask about it, so none is promised; consent for later messages may still be given.
  returnedTitle: (shop: string) => `Berichten van ${shop}`,
  returnedIntro: (shop: string, how: Returned, mailOnly = false) =>
    `${how === 'voided' ? 'Deze aankoop is geannuleerd' : 'Voor deze aankoop heb je geld teruggekregen'}, dus ${shop} vraagt je er niet naar. Laat je ${mailOnly ? '' : 'nummer of '}e-mailadres achter als ${shop} je na een volgende aankoop mag vragen hoe die bevalt, en je later nog eens mag uitnodigen. Je kunt je altijd weer afmelden.`,
  // Only the ways to stop that are hers: STOP for a number she confirmed, the e-mail's link for an address (both when
  // the shop may message her on both).
  returnedJoined: (shop: string, ways: Ways) => `${shop} mag je na een volgende aankoop vragen hoe die bevalt, en je later nog eens uitnodigen.${nlStop(shop, ways)}`,
  phone: 'Mobiel nummer',
  email: 'E-mailadres',
  consentSms: (shop: string) => `Ja, ${shop} mag me een sms sturen`,
  consentEmail: (shop: string) => `Ja, ${shop} mag me mailen`,
  whatBought: 'Wat heb je gekocht?',
  // Asked only where the till gave no reason; the purchase is named above it (aboutPurchase) or asked (whatBought).
  // A visit (a repair under warranty) was no purchase: why she came.
  whyChosen: (visit = false): string => (visit ? 'Waarom kwam je vandaag langs? (mag ook leeg blijven)' : 'Waarom heb je vandaag voor deze aankoop gekozen? (mag ook leeg blijven)'),
  send: 'Versturen',
  aboutPurchase: (shop: string, item: string | null, visit = false) =>
    visit ? `Het gaat om je bezoek aan ${shop}${item ? ` voor ${item}` : ''}.` : item ? `Het gaat om wat je bij ${shop} kocht: ${item}.` : `Het gaat om iets dat je bij ${shop} kocht.`,
  andMore: ' en meer',
  joinedTitle: 'Dank je wel!',
  joinedText: (shop: string, ways: Ways) => `${shop} mag je nu vragen hoe het bevalt, en je later nog eens uitnodigen.${nlStop(shop, ways)}`,
  needContact: 'Vul een mobiel nummer of e-mailadres in.',
  needAddress: 'Vul je e-mailadres in.',
  needConsent: 'Vink aan hoe we je mogen bereiken.',
  smsNeedsPhone: 'Vul ook je mobiele nummer in voor een sms.',
  emailNeedsAddress: 'Vul ook je e-mailadres in voor een e-mail.',
  badPhone: 'Dit mobiele nummer klopt niet.',
  badEmail: 'Dit e-mailadres klopt niet.',
  // The poster's QR code as a screen reader names it (it said "image", and nothing else).
  posterQr: (url: string) => `QR-code die ${url} opent`,
  // `mailOnly`: the page it points to asks for an e-mail address only (see joinIntro).
  posterText: (shop: string, mailOnly = false) => `Scan en laat je ${mailOnly ? 'e-mailadres' : 'nummer'} achter: dan kan ${shop} je vragen hoe je aankoop bevalt.`,
  // Double opt-in: the code page, the e-mailed link's page, and the limits.
  confirmNote: 'Je krijgt eerst een code per sms of een link per e-mail, om te bevestigen dat het echt jouw nummer of adres is.',
  confirmMailNote: 'Je krijgt eerst een link per e-mail, om te bevestigen dat het echt jouw adres is.',
  // Who keeps what, how long, and what to ask (AVG art. 13; the privacy review of 6 December: the page said none of it).
  keptNote: (shop: string, months: number, mailOnly = false) => `${shop} gebruikt je ${mailOnly ? 'adres' : 'nummer of adres'} alleen hiervoor, en wist je gegevens ${months} maanden na je laatste bezoek. Wil je weten wat er van je bewaard wordt, of het eerder laten wissen? Vraag het ${shop}.`,
  codeTitle: 'Vul je code in',
  // Before the title of a page that shows what is wrong with a form: a screen reader says it first, and a tab shows it.
  errorTitle: (title: string) => `Fout: ${title}`,
  codeSent: (shop: string, end: string) => `${shop} heeft je een sms gestuurd met een code van 6 cijfers (naar het nummer dat eindigt op ${end}). Vul die hier in.`,
  codeLabel: 'Code uit de sms',
  confirmButton: 'Bevestigen',
  wrongCode: (left: number) => `Deze code klopt niet. Je kunt het nog ${left} keer proberen.`,
  codeNotYet: 'De sms is nog onderweg. Wacht even en vul dan de code in.',
  startAgain: 'Verkeerd nummer? Begin opnieuw',
  /** `from`: the number the code comes from, when known. */
  noCode: (shop: string, from: string | null) => `Geen code gekregen? Heb je ooit STOP geantwoord op een sms van ${shop}, of van een andere winkel met hetzelfde nummer? Stuur dan eerst START naar ${from ?? 'dat nummer'} en vraag daarna opnieuw een code.`,
  notSentHere: (shop: string, channel: 'sms' | 'email') => `Let op: deze website verstuurt nog geen ${channel === 'sms' ? 'sms' : 'e-mail'} (dat is nog niet ingesteld), dus de ${channel === 'sms' ? 'code' : 'link'} komt niet aan. Vraag het in de winkel bij ${shop}.`,
  // The code page where no text goes out (no Twilio): nothing to type; e-mail instead where that does go out.
  noTextTitle: 'Aanmelden per sms kan hier nog niet',
  noMailTitle: 'Aanmelden per e-mail kan hier nog niet',
  // A number and an address, yes to both, where neither texts nor e-mail go out: nothing is sent, nor kept.
  noSendTitle: 'Aanmelden kan hier nog niet',
  nothingSentHere: (shop: string) => `Let op: deze website verstuurt nog geen sms en geen e-mail (dat is nog niet ingesteld), dus er komt geen code of link aan. Vraag het in de winkel bij ${shop}.`,
  emailInstead: (shop: string) => `Per e-mail kan het wel: vul je e-mailadres in en vink aan dat ${shop} je mag mailen. Je krijgt dan een link om te bevestigen.`,
  backToForm: 'Terug naar het formulier',
  // Yes to texts and e-mail where texts go nowhere yet: confirmed by e-mail, and the number, unconfirmed, not kept.
  numberNotKept: (shop: string) => `Sms'en kan ${shop} hier nog niet, dus je nummer bewaren we niet: je krijgt berichten per e-mail.`,
  checkMailTitle: 'Kijk in je mail',
  checkMailText: (shop: string, address: string) => `We sturen een e-mail naar ${address}. Tik op de link erin om te bevestigen dat ${shop} je mag mailen.`,
  noMail: (shop: string) => `Geen e-mail gekregen? Heb je je ooit afgemeld voor de mails van ${shop}? Dan mailen we je niet meer, ook niet hiervoor: vraag in de winkel of ${shop} je weer mag mailen.`,
  confirmMailTitle: 'Bevestig je e-mailadres',
  confirmMailText: (shop: string) => `Tik op de knop om te bevestigen dat ${shop} je mag mailen.`,
  askCounterTitle: 'Vraag het even aan de kassa',
  askCounterText: (shop: string) => `We kunnen je nu geen code sturen. Vraag het even aan de kassa van ${shop}: daar zetten ze je er zo in.`,
  codeVoid: (shop: string) => `Te vaak een verkeerde code ingevuld. Vraag het even aan de kassa van ${shop}: daar zetten ze je er zo in.`,
  cannotText: 'Naar dit nummer kunnen we geen sms sturen. Vul je e-mailadres in, of vraag het even aan de kassa.',
  // A mobile number of a country the shop does not text a code to (--join-countries): "we cannot text this number" made
  // a Belgian customer think her number was broken (the explorer's review); the limit is the shop's, and said so.
  foreignNumber: (countries: readonly string[] | string) =>
    `Hier kunnen alleen ${countryNumbers(countries, 'nl')} een code krijgen. Vul je e-mailadres in, of vraag het even aan de kassa.`,
};

const en: typeof nl = {
  answers: { great: 'Great, all good', unsure: 'Not sure yet', problem: 'There is a problem' },
  replyTitle: (item, visit) =>
    visit ? (item ? `How are things after your visit for ${item}?` : 'How are things after your visit?') : item ? `Happy with your ${item}?` : 'How is your purchase working out?',
  replyIntro: (shop) => `${shop} would love to hear how it goes.`,
  commentLabel: 'Anything you would like to tell us? (optional)',
  pickAnswer: 'Then tap what fits best:',
  thanksTitle: 'Thank you!',
  youWrote: 'You wrote:',
  youChose: 'You chose:',
  answerMore: 'Would you like to add something or choose another answer? You can do so below. What you wrote is kept.',
  addLabel: 'Anything to add? (optional)',
  thanksPositive: (shop, stopped) =>
    `Good to hear. ${stopped ? `You won't get any more ${enMore[stopped]} from ${shop}, and there's` : 'There is'} nothing else you need to do. Kind regards from ${shop}.`,
  thanksOther: (shop) => `${shop} will read your answer and get in touch if needed.`,
  thanksProblem: (shop, by, only) => `Sorry to hear that. ${shop} will ${by === 'phone' ? 'call' : 'e-mail'} you ${only ? 'about this ' : ''}as soon as possible.`,
  thanksQuestion: (shop, by) => (by === 'phone' ? `${shop} will call you with an answer as soon as possible.` : `${shop} will e-mail you an answer as soon as possible.`),
  thanksReceived: (shop, problem) => `${problem ? 'Sorry to hear that. ' : ''}Your answer has reached ${shop}.`,
  notFoundTitle: 'This link does not work (any more)',
  tooManyTitle: 'One moment, please',
  tooManyText: (shop, minutes, received) =>
    received
      ? `Your earlier answer has reached ${shop}. Too much was sent through this page just now, so what you sent now was not kept. Please try again in ${enMinutes(minutes)}.`
      : `Too much was sent through this page just now, so what you sent did not arrive. Please try again in ${enMinutes(minutes)}${shop ? `, or just get in touch with ${shop}` : ''}.`,
  notFoundText: 'The link has expired or was not copied completely. You can always call or e-mail the shop.',
  linkUsedTitle: 'This link has already been used',
  linkUsedText: (shop) =>
    `Details were already confirmed through this link, and it works only once. Rather get no more messages from ${shop}? Reply STOP to the text or tap "Unsubscribe" in the e-mail. Anything else to change? Just ask in the shop.`,
  unsubscribeTitle: 'Unsubscribe',
  unsubscribeText: (shop) => `No more e-mail from ${shop}?`,
  unsubscribeButton: 'Unsubscribe',
  unsubscribedTitle: 'You are unsubscribed',
  unsubscribedText: (shop, what = 'email') => `You will get no more ${enStopped[what]} from ${shop}.`,
  misdirectedTitle: 'Sorry!',
  misdirectedText: (shop) => `That e-mail was not meant for you. This address will get no more e-mail from ${shop}.`,
  unsubscribedButAnswered: (_shop, what = 'email') => `Apart from that, you won't get any more ${enMore[what]} from them.`,
  joinTitle: (shop, visit) => `May ${shop} ask you later how ${visit ? 'things are after your visit' : "it's going"}?`,
  joinIntro: (shop, visit, mailOnly) => `Leave your ${mailOnly ? '' : 'number or '}e-mail address, and ${shop} may ask you ${visit ? 'how things are after your visit' : 'how your purchase is going'}, and invite you back later. You can stop at any time.`,
  returnedTitle: (shop) => `Messages from ${shop}`,
  returnedIntro: (shop, how, mailOnly) =>
    `${how === 'voided' ? 'This purchase was cancelled' : 'You got money back for this purchase'}, so ${shop} will not ask you about it. Leave your ${mailOnly ? '' : 'number or '}e-mail address if ${shop} may ask you how your next purchase is going, and invite you back later. You can stop at any time.`,
  returnedJoined: (shop, ways) => `After your next purchase, ${shop} may ask you how it is going, and invite you back later.${enStop(shop, ways)}`,
  phone: 'Mobile number',
  email: 'E-mail address',
  consentSms: (shop) => `Yes, ${shop} may text me`,
  consentEmail: (shop) => `Yes, ${shop} may e-mail me`,
  whatBought: 'What did you buy?',
  whyChosen: (visit) => (visit ? 'Why did you come in today? (optional)' : 'What made you buy it today? (optional)'),
  send: 'Send',
  aboutPurchase: (shop, item, visit) =>
    visit ? `This is about your visit to ${shop}${item ? ` for ${item}` : ''}.` : item ? `This is about what you bought at ${shop}: ${item}.` : `This is about something you bought at ${shop}.`,
  andMore: ' and more',
  joinedTitle: 'Thank you!',
  joinedText: (shop, ways) => `${shop} may now ask you how it is going, and invite you back later.${enStop(shop, ways)}`,
  needContact: 'Fill in a mobile number or an e-mail address.',
  needAddress: 'Fill in your e-mail address.',
  needConsent: 'Tick how we may contact you.',
  smsNeedsPhone: 'Fill in your mobile number too, for a text.',
  emailNeedsAddress: 'Fill in your e-mail address too, for an e-mail.',
  badPhone: 'This mobile number does not look right.',
  badEmail: 'This e-mail address does not look right.',
  posterQr: (url) => `QR code that opens ${url}`,
  posterText: (shop, mailOnly) => `Scan and leave your ${mailOnly ? 'e-mail address' : 'number'}: then ${shop} can ask you how your purchase is going.`,
  confirmNote: 'First you get a code by text or a link by e-mail, to confirm that the number or address is really yours.',
  confirmMailNote: 'First you get a link by e-mail, to confirm that the address is really yours.',
  keptNote: (shop, months, mailOnly) => `${shop} uses your ${mailOnly ? 'address' : 'number or address'} only for this, and erases your details ${months} months after your last visit. To find out what they keep about you, or to have it erased sooner, ask ${shop}.`,
  codeTitle: 'Enter your code',
  errorTitle: (title) => `Error: ${title}`,
  codeSent: (shop, end) => `${shop} has sent you a text with a 6-digit code (to the number ending in ${end}). Enter it here.`,
  codeLabel: 'Code from the text',
  confirmButton: 'Confirm',
  wrongCode: (left) => `This code is not right. You can try ${left} more ${left === 1 ? 'time' : 'times'}.`,
  codeNotYet: 'The text is still on its way. Wait a moment, then enter the code.',
  startAgain: 'Wrong number? Start again',
  noCode: (shop, from) => `No code? If you ever answered STOP to a text from ${shop}, or from another shop texting from the same number, first text START to ${from ?? 'that number'}, then ask for a code again.`,
  notSentHere: (shop, channel) => `Please note: this website sends no ${channel === 'sms' ? 'texts' : 'e-mails'} yet (none is set up), so the ${channel === 'sms' ? 'code' : 'link'} will not arrive. Ask in the shop at ${shop}.`,
  noTextTitle: 'Signing up by text does not work here yet',
  noMailTitle: 'Signing up by e-mail does not work here yet',
  noSendTitle: 'Signing up does not work here yet',
  nothingSentHere: (shop) => `Please note: this website sends no texts or e-mails yet (none is set up), so no code or link will arrive. Ask in the shop at ${shop}.`,
  emailInstead: (shop) => `E-mail does work: fill in your e-mail address and tick that ${shop} may e-mail you. You then get a link to confirm.`,
  backToForm: 'Back to the form',
  numberNotKept: (shop) => `${shop} cannot text from here yet, so your number is not kept: you get messages by e-mail.`,
  checkMailTitle: 'Check your e-mail',
  checkMailText: (shop, address) => `We are sending an e-mail to ${address}. Tap the link in it to confirm that ${shop} may e-mail you.`,
  // (The shop's name never made possessive: "O'Brien's Books's".)
  noMail: (shop) => `No e-mail? If you've ever unsubscribed from e-mails from ${shop}, we can't e-mail you, not even this once. Ask in the shop if you'd like their e-mails again.`,
  confirmMailTitle: 'Confirm your e-mail address',
  confirmMailText: (shop) => `Tap the button to confirm that ${shop} may e-mail you.`,
  askCounterTitle: 'Please ask at the counter',
  askCounterText: (shop) => `We cannot send you a code right now. Please ask at the counter of ${shop}: they can add you there.`,
  codeVoid: (shop) => `The wrong code was entered too often. Please ask at the counter of ${shop}: they can add you there.`,
  cannotText: 'We cannot text this number. Fill in your e-mail address, or ask at the counter.',
  foreignNumber: (countries) => `Only ${countryNumbers(countries, 'en')} can get a code here. Fill in your e-mail address instead, or ask at the counter.`,
};

/** The same in "u" (see Voice): what a pharmacy or a Flemish shop says to its customers. */
const nlU: typeof nl = {
  ...nl,
  replyTitle: (item, visit) =>
    visit ? (item ? `Hoe gaat het na uw bezoek voor ${item}?` : 'Hoe gaat het na uw bezoek?') : item ? `Tevreden over uw ${item}?` : 'Hoe bevalt uw aankoop?',
  commentLabel: 'Wilt u er iets over kwijt? (mag ook leeg blijven)',
  thanksTitle: 'Dank u wel!',
  youWrote: 'U schreef:',
  youChose: 'U koos:',
  answerMore: 'Wilt u iets toevoegen of een ander antwoord kiezen? Dat kan hieronder. Wat u al schreef, blijft bewaard.',
  addLabel: 'Wilt u nog iets toevoegen? (mag ook leeg blijven)',
  thanksPositive: (shop, stopped) =>
    `Fijn om te horen. ${stopped ? `U krijgt geen ${nlStopped[stopped]} meer van ${shop} en hoeft` : 'U hoeft'} verder niets te doen. Met vriendelijke groet van ${shop}.`,
  thanksOther: (shop) => `${shop} leest uw antwoord en neemt contact met u op als dat nodig is.`,
  thanksProblem: (shop, by, only) => `Wat vervelend. ${shop} ${by === 'phone' ? 'belt' : 'mailt'} u ${only ? 'hierover ' : ''}zo snel mogelijk.`,
  thanksQuestion: (shop, by) => (by === 'phone' ? `${shop} belt u zo snel mogelijk met een antwoord.` : `${shop} mailt u zo snel mogelijk een antwoord.`),
  thanksReceived: (shop, problem) => `${problem ? 'Wat vervelend. ' : ''}Uw antwoord is goed aangekomen bij ${shop}.`,
  notFoundText: 'De link is verlopen of niet helemaal goed overgenomen. U kunt de winkel ook gewoon bellen of mailen.',
  tooManyText: (shop, minutes, received) =>
    received
      ? `Uw eerdere antwoord is goed aangekomen bij ${shop}. Via deze pagina is net te vaak iets verstuurd, dus wat u nu stuurde is niet bewaard. Probeert u het over ${nlMinutes(minutes)} nog eens.`
      : `Via deze pagina is net te vaak iets verstuurd, dus wat u stuurde is niet aangekomen. Probeert u het over ${nlMinutes(minutes)} nog eens${shop ? `, of neemt u gewoon contact op met ${shop}` : ''}.`,
  linkUsedText: (shop) =>
    `Via deze link zijn al gegevens bevestigd, en hij werkt maar één keer. Wilt u toch geen berichten meer van ${shop}? Antwoord STOP op de sms of tik op "Afmelden" in de e-mail. Iets anders veranderen? Vraag het in de winkel.`,
  unsubscribeText: (shop) => `Wilt u geen e-mail meer van ${shop}?`,
  unsubscribedTitle: 'U bent afgemeld',
  unsubscribedText: (shop, what = 'email') => `U krijgt geen ${nlStopped[what]} meer van ${shop}.`,
  misdirectedTitle: 'Excuses!',
  misdirectedText: (shop) => `Deze e-mail was niet voor u bedoeld. Dit e-mailadres krijgt geen e-mail meer van ${shop}.`,
  unsubscribedButAnswered: (_shop, what = 'email') => `Verder krijgt u geen ${nlStopped[what]} meer van ons.`,
  joinTitle: (shop, visit) => `Mag ${shop} u later vragen hoe ${visit ? 'het gaat na uw bezoek' : 'het bevalt'}?`,
  joinIntro: (shop, visit, mailOnly) => `Laat uw ${mailOnly ? '' : 'nummer of '}e-mailadres achter, dan kan ${shop} u vragen ${visit ? 'hoe het gaat na uw bezoek' : 'hoe uw aankoop bevalt'}, en u later nog eens uitnodigen. U kunt zich altijd weer afmelden.`,
  returnedIntro: (shop, how, mailOnly) =>
    `${how === 'voided' ? 'Deze aankoop is geannuleerd' : 'Voor deze aankoop heeft u geld teruggekregen'}, dus ${shop} vraagt u er niet naar. Laat uw ${mailOnly ? '' : 'nummer of '}e-mailadres achter als ${shop} u na een volgende aankoop mag vragen hoe die bevalt, en u later nog eens mag uitnodigen. U kunt zich altijd weer afmelden.`,
  returnedJoined: (shop, ways) => `${shop} mag u na een volgende aankoop vragen hoe die bevalt, en u later nog eens uitnodigen.${nlStop(shop, ways)}`,
  consentSms: (shop) => `Ja, ${shop} mag mij een sms sturen`,
  consentEmail: (shop) => `Ja, ${shop} mag mij mailen`,
  whatBought: 'Wat heeft u gekocht?',
  whyChosen: (visit) => (visit ? 'Waarom kwam u vandaag langs? (mag ook leeg blijven)' : 'Waarom heeft u vandaag voor deze aankoop gekozen? (mag ook leeg blijven)'),
  aboutPurchase: (shop, item, visit) =>
    visit ? `Het gaat om uw bezoek aan ${shop}${item ? ` voor ${item}` : ''}.` : item ? `Het gaat om wat u bij ${shop} kocht: ${item}.` : `Het gaat om iets dat u bij ${shop} kocht.`,
  andMore: ' en meer',
  joinedTitle: 'Dank u wel!',
  joinedText: (shop, ways) => `${shop} mag u nu vragen hoe het bevalt, en u later nog eens uitnodigen.${nlStop(shop, ways)}`,
  needConsent: 'Vink aan hoe we u mogen bereiken.',
  needAddress: 'Vul uw e-mailadres in.',
  smsNeedsPhone: 'Vul ook uw mobiele nummer in voor een sms.',
  emailNeedsAddress: 'Vul ook uw e-mailadres in voor een e-mail.',
  posterText: (shop, mailOnly) => `Scan en laat uw ${mailOnly ? 'e-mailadres' : 'nummer'} achter: dan kan ${shop} u vragen hoe uw aankoop bevalt.`,
  confirmNote: 'U krijgt eerst een code per sms of een link per e-mail, om te bevestigen dat het echt uw nummer of adres is.',
  confirmMailNote: 'U krijgt eerst een link per e-mail, om te bevestigen dat het echt uw adres is.',
  keptNote: (shop, months, mailOnly) => `${shop} gebruikt uw ${mailOnly ? 'adres' : 'nummer of adres'} alleen hiervoor, en wist uw gegevens ${months} maanden na uw laatste bezoek. Wilt u weten wat er van u bewaard wordt, of het eerder laten wissen? Vraag het ${shop}.`,
  codeTitle: 'Vul uw code in',
  codeSent: (shop, end) => `${shop} heeft u een sms gestuurd met een code van 6 cijfers (naar het nummer dat eindigt op ${end}). Vul die hier in.`,
  wrongCode: (left) => `Deze code klopt niet. U kunt het nog ${left} keer proberen.`,
  codeNotYet: 'De sms is nog onderweg. Wacht u even en vul dan de code in.',
  noCode: (shop, from) => `Geen code ontvangen? Heeft u ooit STOP geantwoord op een sms van ${shop}, of van een andere winkel met hetzelfde nummer? Stuur dan eerst START naar ${from ?? 'dat nummer'} en vraag daarna opnieuw een code.`,
  notSentHere: (shop, channel) => `Let op: deze website verstuurt nog geen ${channel === 'sms' ? 'sms' : 'e-mail'} (dat is nog niet ingesteld), dus de ${channel === 'sms' ? 'code' : 'link'} komt niet aan. Vraag het in de winkel bij ${shop}.`,
  emailInstead: (shop) => `Per e-mail kan het wel: vul uw e-mailadres in en vink aan dat ${shop} u mag mailen. U krijgt dan een link om te bevestigen.`,
  numberNotKept: (shop) => `Sms'en kan ${shop} hier nog niet, dus uw nummer bewaren we niet: u krijgt berichten per e-mail.`,
  checkMailTitle: 'Kijk in uw mail',
  checkMailText: (shop, address) => `We sturen een e-mail naar ${address}. Tik op de link erin om te bevestigen dat ${shop} u mag mailen.`,
  noMail: (shop) => `Geen e-mail ontvangen? Heeft u zich ooit afgemeld voor de mails van ${shop}? Dan mailen wij u niet meer, ook niet hiervoor: vraag in de winkel of ${shop} u weer mag mailen.`,
  confirmMailTitle: 'Bevestig uw e-mailadres',
  confirmMailText: (shop) => `Tik op de knop om te bevestigen dat ${shop} u mag mailen.`,
  askCounterTitle: 'Vraagt u het even aan de kassa',
  askCounterText: (shop) => `We kunnen u nu geen code sturen. Vraagt u het even aan de kassa van ${shop}: daar zetten ze u er zo in.`,
  codeVoid: (shop) => `Te vaak een verkeerde code ingevuld. Vraagt u het even aan de kassa van ${shop}: daar zetten ze u er zo in.`,
  cannotText: 'Naar dit nummer kunnen we geen sms sturen. Vul uw e-mailadres in, of vraag het even aan de kassa.',
  foreignNumber: (countries) =>
    `Hier kunnen alleen ${countryNumbers(countries, 'nl')} een code krijgen. Vul uw e-mailadres in, of vraag het even aan de kassa.`,
};

/**
 * The phrases as they are shown: a sentence that ends on a shop name with a stop of its own ("… & Zn.") ends once, as
 * in messages ("Je krijgt geen e-mail meer van … & Zn.", not "Zn..").
 */
const oneStopEach = (t: typeof nl): typeof nl =>
  Object.fromEntries(Object.entries(t).map(([k, v]) => [k, typeof v === 'function' ? (...a: unknown[]) => oneStop((v as (...a: unknown[]) => string)(...a)) : v])) as typeof nl;

export const phrases: Record<Voice, typeof nl> = { nl: oneStopEach(nl), 'nl-u': oneStopEach(nlU), en: oneStopEach(en) };
