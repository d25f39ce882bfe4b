// A short "not now" to the come-back invitation: "Nee dank je", "No thx", "Nu even niet", "Maybe later", "Ik heb al een
// afspraak", "Ik kom wel als het nodig is", "Nee hoor, alles is goed". To the invitation it declines, and says nothing
// is wrong; to the check-in ("Bevalt het?") it is read as any reply (a "Nee, nu even niet" there may be a complaint).
// Only a reply made of these phrases and nothing else is one: a word more ("Nee, hij lekt weer", "No thanks, the last
// repair failed", "Nee, nooit meer"), a question mark or an emoji other than a friendly one, and it is read as any reply.
import { FRIENDLY_EMOJI, fold } from './text.js';

const NO = '(?:nee+|neen|neuh|no+|nope|nah)';
const THANKS = "(?:(?:toch |alsnog )?(?:dank (?:je|u|jullie)(?: wel)?|dankjewel|dankuwel|bedankt)(?: hoor| voor het aanbod)?|"
  + "thanks?(?: anyway| though| for the offer)?|thank you(?: anyway| though)?|thx|thnx|thanx|tnx|ty|merci)";
/** What declines: each matches a whole run of words. */
const DECLINES = [
  // no, no thanks: "nee hoor", "nee dank je", "no thx", "nope thanks"
  `${NO}(?: (?:hoor|joh|sorry))?(?: ${THANKS})?`,
  // not now, not needed: "nu even niet", "niet nodig", "hoeft niet", "voorlopig niet", "not right now", "no need"
  '(?:(?:nu|momenteel|voorlopig|op dit moment|deze keer|dit keer)(?: even| nog)?|even|nog) niet(?: nodig)?(?: hoor)?',
  '(?:is )?niet (?:nu|nodig)(?: hoor)?', 'hoeft (?:nu |nog )?(?:even )?niet(?: hoor)?',
  // not needed, said of the offer: "Ik hoef dit niet", "hoef het nu niet", "Hoef ik niet", "Ik heb het niet nodig", "I
  // don't need it"; "meer", "anymore": to the invitation no more needed (to the check-in each is read as any reply)
  "(?:(?:ik )?hoef (?:dit|het|dat|'t|t)|(?:dit|het|dat) hoef ik|hoef ik) (?:(?:nu|nog|even|voorlopig|echt) )*niet(?: (?:meer|nodig|hoor))?",
  "(?:(?:ik )?heb (?:dit|het|dat|'t|t)|(?:dit|het|dat) heb ik|heb ik) (?:(?:nu|nog|even|voorlopig|echt) )*niet (?:meer )?nodig(?: hoor)?",
  "(?:i )?(?:don't|dont|do not) need (?:it|this|that|one|anything)(?: (?:right now|now|at the moment|for now|at all|anymore|any more|thanks))?",
  '(?:not|none) (?:right now|now|at the moment|at present|yet|for now|this time|needed|necessary)',
  'no need(?: (?:right now|for now|at the moment))?',
  // later: "misschien later", "een andere keer", "maybe another time"
  '(?:misschien|wellicht|mogelijk) (?:later|een andere keer|een volgende keer)', '(?:later|een andere keer) misschien', 'een andere keer',
  '(?:maybe|perhaps|possibly) (?:later|another time|next time|some other time)', '(?:later|another time) maybe', '(?:some )?other time',
  // an appointment already: "ik heb al een afspraak", "already booked", "I already have an appointment"
  '(?:ik )?(?:heb|had) al (?:een )?afspraak(?: (?:staan|gemaakt|gepland))?', '(?:ik )?(?:sta|ben) al (?:ingepland|geboekt)',
  '(?:het )?(?:staat|is) al (?:gepland|ingepland|geboekt)',
  "(?:i )?(?:already have|have already got|already got|already made|have already made|'ve already got|'ve already made) (?:an|one|my)"
    + ' appointment',
  "(?:i have|i've got|i've|got) (?:an|one) (?:appointment )?already", "(?:i'm |i am )?already booked(?: in)?",
  // when it is needed: "ik kom wel als het nodig is", "ik laat het wel weten", "I'll let you know"
  '(?:ik )?kom (?:wel )?(?:(?:langs|terug) )?(?:als|wanneer) (?:het|dat) (?:nodig is|weer nodig is)',
  '(?:ik )?kom (?:wel )?(?:(?:langs|terug) )?(?:als|wanneer) ik (?:iets|het|jullie) (?:nodig heb|weer nodig heb)',
  '(?:ik )?(?:meld me wel|laat (?:het |wel |het wel |wel iets |iets )?weten)',
  "(?:i'll|i will) (?:let you know|be in touch|come (?:back |by |in )?when (?:i need to|needed|it's needed|i need it))",
];
/** Words that may stand beside a decline, but do not make one alone: thanks, all is well, a sign-off, a kiss. */
const BESIDE = [
  THANKS, 'sorry', 'hoor', '(?:alles|het) (?:is |gaat )?(?:goed|prima|in orde|top)', 'alles (?:werkt|rijdt|loopt) (?:nog )?(?:goed|prima)',
  "(?:it's |it is |everything's |everything is |all is |all )(?:good|fine|well)", 'everything (?:works|is working) (?:fine|well)',
  '(?:groet(?:en|jes)?|gr|mvg|cheers)', '(?:x+|(?:xo)+x?|ta)',
];
const alt = (xs: string[]) => `(?:${xs.join('|')})`;
const WHOLE = new RegExp(`^(?:${alt(BESIDE)} )*${alt(DECLINES)}(?: ${alt([...DECLINES, ...BESIDE])})*$`, 'u');
/** Friendly emoji that may close it; any other one ("Nee 😡") is for the reader as a whole. */
const FRIENDLY = new RegExp(FRIENDLY_EMOJI, 'gu');

/** The words of a reply that only declines the come-back invitation ("nee dank je, nu even niet"), else null. */
export function declines(text: string): string | null {
  if (/[?？¿]/u.test(text) || text.length > 120) return null;
  const friendly = fold(text).replace(FRIENDLY, ' ');
  if (/\p{Extended_Pictographic}|\d/u.test(friendly)) return null;
  const words = friendly.replace(/[^\p{L}'\s]+|'(?!\p{L})/gu, ' ').trim().split(/\s+/u).join(' ');
  return words && WHOLE.test(words) ? words : null;
}
