// The owner's pages in Dutch. Every word the owner reads comes from here or from phrases-en.ts (typed `typeof nl`, so a
// key missing in English fails the build); codes (readings, statuses, why a message did not go out) are never shown raw.
import type { MessageStatus } from '../../db/messages.js';
import type { Cause } from './in-doubt.js';
import type { ReplyFilter } from '../../db/figures.js';
import type { Reading } from '../../db/replies.js';
import type { Keyword } from '../../domain/classify.js';
import type { NotSent } from '../../domain/not-sent.js';
import type { UndeliveredCode } from './format.js';
import type { ChannelName, MessageKind } from '../../domain/plan.js';

/** A count as Dutch writes it: 1.100 klanten. */
const num = (x: number): string => x.toLocaleString('nl-NL');

/** A group's share, with the count it is of; `pct` null for a group too small for a percentage (counts only). */
export interface Share {
  returned: number;
  customers: number;
  pct: string | null;
}

export const nl = {
  // logging in, and the frame
  loginTitle: 'Inloggen',
  shop: 'Winkel (korte naam)',
  password: 'Wachtwoord',
  logIn: 'Inloggen',
  logOut: 'Uitloggen',
  loginFailed: 'Winkel of wachtwoord klopt niet.',
  loginFailedName: 'Winkel of wachtwoord klopt niet. De korte naam van je winkel heeft geen spaties, soms wel streepjes (zoals garagebakker of garage-bakker): hij staat in het adres van je pagina, na /shops/.',
  forgotten: 'Wachtwoord vergeten? Vraag wie nextdeal voor je beheert om een nieuw in te stellen.',
  tooMany: (seconds: number) =>
    `Te veel mislukte pogingen vanaf dit adres. Probeer het over ${seconds < 90 ? `${seconds} seconden` : `${Math.ceil(seconds / 60)} minuten`} opnieuw.`,
  formExpired: 'Het formulier was verlopen. Probeer het nog eens.',
  // A tap (Afgehandeld, …) after the session ended: not done. Back on the page it was on after logging in.
  tapLost: 'Je was uitgelogd; je tik is niet bewaard. Log in en tik nog eens.',
  // A link to another shop's page while logged in to this one (an owner of two): `shop` is the name of hers.
  otherShop: (shop: string) => `Je bent ingelogd bij ${shop}. Deze link is van een andere winkel: log hieronder in bij die winkel om hem te openen (je wordt dan uitgelogd bij ${shop}).`,
  // A tap on a page of another shop than the one logged in to (an owner of two, who logged in to this one in another
  // tab: one session a browser): not done. `shop` is the name of hers; back on the page it was on after logging in.
  tapOtherShop: (shop: string) => `Je bent ingelogd bij ${shop}; de pagina waarop je tikte is van een andere winkel, dus je tik is niet uitgevoerd. Log hieronder in bij die winkel en tik nog eens (je wordt dan uitgelogd bij ${shop}).`,
  busy: 'Het is nu erg druk met inloggen. Probeer het over een paar seconden nog eens.',
  // The login page's title when it says something went wrong: a screen reader says it first.
  errorTitle: (title: string) => `Fout: ${title}`,
  nav: { overview: 'Overzicht', inbox: 'Antwoorden', messages: 'Berichten' },
  channels: { sms: 'sms', email: 'e-mail' } satisfies Record<ChannelName, string>,

  // the period
  period: 'Periode',
  days: (n: number) => `${n} dagen`,
  lastDays: (n: number) => `Laatste ${n} dagen`,
  otherDates: 'Andere data',
  from: 'Van',
  to: 'Tot en met',
  show: 'Toon',
  periodShown: (from: string, to: string) => `${from} – ${to}`,

  // who to call back, and every reply
  callTitle: 'Terugbellen',
  callNone: 'Niemand wacht op je. Mooi!',
  welcomeTitle: 'Nog geen verkopen',
  welcome: (shop: string) =>
    `De kassa heeft nog geen verkoop aan nextdeal doorgegeven. Zodra dat gebeurt, vraagt nextdeal de klant de volgende ochtend hoe het bevalt, namens ${shop}, en verschijnen hier de cijfers.`,
  welcomeNote:
    'Gebeurt er na een verkoop niets? Dan is de kassa waarschijnlijk nog niet gekoppeld. Vraag wie nextdeal voor je beheert om de kassa te koppelen. Heb je klanten zonder gegevens in de kassa? Zet de QR-poster hieronder bij de toonbank.',
  callMore: (n: number) => `Alle ${num(n)} op de lijst`,
  callNote:
    'Alles wat klanten schreven dat niet duidelijk tevreden is: eerst problemen, dan vragen, dan antwoorden die je zelf moet lezen, elk nieuwste eerst. "Afgehandeld" haalt het van de lijst; de uitnodiging om terug te komen wacht tot dan.',
  // What a folded explanation or section says on its one line (sections/fold.ts: on a phone, four screens, not eleven).
  callHow: 'Hoe werkt deze lijst?',
  countedHow: 'Hoe wordt dit geteld?',
  cohortCount: (n: number, unit: 'week' | 'month') => `${num(n)} ${unit === 'week' ? (n === 1 ? 'week' : 'weken') : n === 1 ? 'maand' : 'maanden'}`,
  readings: { problem: 'Probleem', question: 'Vraag', other: 'Lees zelf', positive: 'Tevreden' } satisfies Record<Reading, string>,
  keywords: { opt_out: 'Afgemeld (STOP)', opt_in: 'Weer aangemeld (START)', help: 'Vroeg om uitleg (HELP)' } satisfies Record<Keyword, string>,
  call: (number: string) => `Bel ${number}`,
  callGiven: (number: string) => `Bel ${number} (zelf opgegeven)`,
  callOnFile: (number: string) => `Bel ${number} (uit de kassa)`,
  bought: 'Kocht',
  afterInvitation: 'Kwam na de uitnodiging om terug te komen.',
  soldOn: (date: string) => `op ${date}`,
  why: 'Waarom',
  tapped: 'Gekozen',
  smsOptedOut: 'wil geen sms meer',
  emailOptedOut: 'wil geen e-mail meer',
  optedOut: 'wil geen berichten meer',
  dataErased: 'gegevens gewist',
  wantsNoMore: 'Wil geen berichten meer?',
  noMoreExplained: (name: string) => `nextdeal stuurt ${name} dan niets meer: geen sms en geen e-mail. Wat nog gepland stond, vervalt. Terugdraaien kan hier niet: alleen de klant zelf zet de sms weer aan, met START; vraagt de klant het jou, dan zet wie nextdeal beheert het terug.`,
  sendNoMore: 'Niets meer sturen',
  thisCustomer: 'deze klant',
  otherLanguage: 'andere taal of dialect',
  wrongNumber: (number: string) => `Verkeerd nummer: wie ${number} heeft, schreef dat het bericht niet voor hen was. Dat nummer is eraf gehaald en krijgt geen sms meer. Zet het juiste nummer in de kassa.`,
  wrongAddress: (address: string) => `Verkeerd e-mailadres: wie ${address} heeft, schreef dat de e-mail niet voor hen was. Dat adres is eraf gehaald en krijgt geen e-mail meer. Zet het juiste adres in de kassa.`,
  // `erase`: the customer asked for their data to go, which is owed within a month, not "if".
  // `stranger`: words to the shop's own number from a phone no customer has, never texted: no till's consent to put right.
  unwanted: (erase: boolean, stranger = false) => `${stranger ? 'Wil geen berichten (nooit toestemming, spam, of gegevens weg). Er gaat niets naartoe.' : 'Wil deze berichten niet (nooit toestemming, spam, of gegevens weg). Er gaat niets meer naartoe. Klopt de toestemming in de kassa niet, zet het daar goed.'} ${erase ? 'De gegevens moeten binnen een maand weg (AVG): vraag wie nextdeal beheert ze te wissen met customer erase.' : 'Moeten de gegevens weg, dan binnen een maand (AVG): wie nextdeal beheert, wist ze met customer erase.'}`,
  canStart: 'Eerder afgemeld voor sms. Wil de klant de berichten toch weer krijgen? Dan stuurt die START naar het nummer van de winkel.',
  noWords: '(geen tekst)',
  // A reply of a row with no sale: a text to the shop's own number from a phone no customer has (a new number, an erased customer).
  noSale: 'Een sms aan het nummer van de winkel, van een nummer zonder aankoop in nextdeal (nieuw, of gewist).',
  attachments: (n: number) => `Stuurde ${n === 1 ? 'een foto of ander bestand' : `${n} foto's of andere bestanden`} mee. nextdeal bewaart geen kopie: zie het berichtenlog van Twilio.`,
  handled: 'Afgehandeld',
  handledOn: (date: string) => `Afgehandeld op ${date}`,
  reopen: 'Terug op de lijst',
  handledNotice: (name: string) => `${name}: afgehandeld.`,
  wrongReading: 'Verkeerd gelezen?',
  thisIs: 'Dit is eigenlijk:',
  corrected: (readAs: string) => `Door jou aangepast; eerst gelezen als "${readAs}".`,
  inboxTitle: 'Antwoorden van klanten',
  inboxFilters: { all: 'Alle', open: 'Terugbellen', problem: 'Probleem', question: 'Vraag', other: 'Lees zelf', positive: 'Tevreden', keyword: 'STOP / START / HELP' } satisfies Record<ReplyFilter, string>,
  inboxNone: 'Geen antwoorden om te tonen.',
  inboxFromStart: 'Naar het begin van de lijst',
  inboxOpenNote:
    'Wat je nog moet afhandelen: eerst problemen, dan vragen, dan antwoorden die je zelf moet lezen, elk nieuwste eerst. Klopt de lezing niet, kies dan onder "Verkeerd gelezen?" wat het wel is: het antwoord verhuist naar de goede plek.',
  inboxNote:
    'Elk antwoord van een klant, nieuwste eerst, met hoe nextdeal het las en de aankoop waar het over gaat. Klopt het niet, kies dan onder "Verkeerd gelezen?" wat het wel is: het antwoord verhuist naar de goede lijst, en je correcties staan in de download, zodat de winkel er later van kan leren.',

  // "je" or "u" to the customers (Dutch shops; src/http/owner/overview.ts, voiceForm)
  voice: {
    title: 'Aanspreekvorm',
    je: '"Hoi Anna, gisteren kocht je …"',
    u: '"Beste Anna, gisteren kocht u …"',
    save: 'Opslaan',
    note: 'Geldt voor berichten die nog niet verstuurd zijn en voor de pagina\'s die je klanten zien.',
  },
  // does nextdeal help? (the hold-out; src/http/owner/sections/experiment.ts)
  experiment: {
    title: 'Helpt nextdeal?',
    verdicts: {
      // `nobody`: no new customer takes part yet (said once, here, not again below it).
      too_early: (when: string | null, nobody = false) =>
        when ? `Nog te vroeg om te zeggen. Rond ${when} is er een eerste antwoord.`
        : nobody ? 'Nog te vroeg om te zeggen: er doen nog geen nieuwe klanten mee.'
        : 'Nog te vroeg om te zeggen: er zijn nog te weinig nieuwe klanten in de vergelijking.',
      proven_helping: () => 'Ja, bewezen: de berichten brengen klanten terug.',
      proven_hurting: () => 'Nee: wie de berichten kreeg, kwam juist minder vaak terug (bewezen). Kijk de berichten na.',
      probably_helping: () => 'Waarschijnlijk wel, nog niet bewezen.',
      probably_not_helping: () => 'Waarschijnlijk niet: wie berichten kreeg, komt niet vaker terug.',
      no_clear_difference: () => 'Nog geen duidelijk verschil.',
    },
    // (Almost) no check-in went out to the customers compared (src/domain/experiment.ts, fewDelivered).
    notDelivered: (x: number, n: number) =>
      x === 0
        ? `Dit kan nog niet laten zien of nextdeal helpt: bij de klanten in de vergelijking is nog geen bericht aangekomen (bij 0 van de ${num(n)} in de groep met berichten ging de eerste check-in echt de deur uit). Beide groepen kregen dus niets, en elk verschil tussen hen is toeval.`
        : `Dit kan nog niet laten zien of nextdeal helpt: bijna geen bericht kwam aan bij de klanten in de vergelijking (bij ${num(x)} van de ${num(n)} in de groep met berichten ging de eerste check-in echt de deur uit). Dat is te weinig om iets te meten: elk verschil tussen de groepen is toeval.`,
    messaged: 'Kregen berichten',
    messagedNotDelivered: 'Zouden berichten krijgen',
    heldOut: 'Bewust niets gestuurd',
    cameBack: (x: number, n: number) => `${num(x)} van de ${num(n)} kwamen binnen 60 dagen terug`,
    cameBackWeighed: (n: number) => `kwam binnen 60 dagen terug, op basis van ${num(n)} klanten, per periode gewogen`,
    basedOn: (n: number) => `op basis van ${num(n)}`,
    perPeriod: 'Per periode, binnen 60 dagen',
    periodFrom: (date: string, share: number) => `vanaf ${date}, ${share}% buiten de berichten`,
    range: (lo: string, hi: string) => `waarschijnlijk tussen ${lo} en ${hi}`,
    difference: (d: string, lo: string, hi: string) => `Verschil: ${d} per 100 klanten (waarschijnlijk tussen ${lo} en ${hi}).`,
    extra: (n: string, lo: string, hi: string) => `Klanten die tot nu toe terugkwamen door de berichten: ongeveer ${n} dan zonder (tussen ${lo} en ${hi}).`,
    extraProbably: (n: string, lo: string, hi: string) => `Klanten die tot nu toe waarschijnlijk terugkwamen door de berichten: ongeveer ${n} dan zonder (tussen ${lo} en ${hi}).`,
    extraUnknown: (lo: string, hi: string) => `Of de berichten tot nu toe klanten hebben teruggebracht, is nog niet bekend: tussen ${lo} en ${hi} dan zonder.`,
    chance: (p: string) => `Kans dat de berichten helpen: ${p}.`,
    about: (p: string) => `ongeveer ${p}`,
    /** `n` customers (a number written out) more (sign 1) or fewer (-1); alone when it is none (0). */
    more: (n: string, sign: number) => (sign === 0 ? n : sign > 0 ? `${n} meer` : `${n} minder`),
    delivered: (x: number, n: number) => `Bij ${num(x)} van de ${num(n)} klanten die berichten kregen, ging de eerste check-in ook echt de deur uit.`,
    cost: (n: string, lo: string, hi: string) => `Wat het kost: ongeveer ${n} klant(en) per maand die wel waren teruggekomen als ze ook een bericht hadden gekregen (waarschijnlijk tussen ${lo} en ${hi}).`,
    // Past three years "over ongeveer 129 maand(en)" is no plan: said in years, with what makes it sooner (below half).
    narrow: (months: number, share: number) =>
      months > 36
        ? `Bij dit aantal nieuwe klanten duurt het meer dan ${Math.floor(months / 12)} jaar voor het verschil tot op 10 punten nauwkeurig is.${share < 50 ? ' Een groter deel bewust niets sturen (hieronder) maakt dat korter.' : ''}`
        : `Over ongeveer ${months} maand(en) is het verschil tot op 10 punten nauwkeurig, bij dit aantal nieuwe klanten.`,
    pace: (n: number) => `Nieuwe klanten in de vergelijking: ongeveer ${num(n)} per maand.`,
    paceSoon: 'Hoeveel nieuwe klanten er per maand bijkomen, wat het buiten houden kost en wanneer de marge smal genoeg is, staat hier zodra daar genoeg klanten voor meedoen.',
    narrowOff: 'Zolang de vergelijking uit staat, komen er geen nieuwe klanten bij, dus wordt de marge niet kleiner dan wat de klanten die al meedoen laten zien. Zet het buiten houden hieronder weer aan om hem kleiner te maken.',
    secondary: 'Na 30 en na 90 dagen (bijzaak)',
    within: (days: number) => `Binnen ${days} dagen`,
    // A group too small for a percentage (pct null): its counts only, as everywhere on the page.
    attribution: (a: Share, b: Share) => `Kwam terug binnen 14 dagen na een bericht: ${num(a.returned)} van de ${num(a.customers)} die berichten kregen${a.pct === null ? '' : ` (${a.pct})`}, ${num(b.returned)} van de ${num(b.customers)} die niets kregen (${b.pct === null ? '' : `${b.pct}; `}na het moment waarop het bericht zou zijn gegaan). In beide groepen telt het moment waarop het bericht ging of zou gaan, ook als het niet aankwam. Alleen ter beschrijving: het verschil tussen de groepen hierboven is wat telt.`,
    attributionWeighed: (a: Share, b: Share) => `Kwam terug binnen 14 dagen na een bericht, per periode gewogen zoals hierboven: ${a.pct === null ? `${num(a.returned)} van de ${num(a.customers)} die berichten kregen` : `${a.pct} van wie berichten kreeg (op basis van ${num(a.customers)} klanten)`}, ${b.pct === null ? `${num(b.returned)} van de ${num(b.customers)} die niets kregen (` : `${b.pct} van wie niets kreeg (op basis van ${num(b.customers)}; `}na het moment waarop het bericht zou zijn gegaan). In beide groepen telt het moment waarop het bericht ging of zou gaan, ook als het niet aankwam. Alleen ter beschrijving: het verschil tussen de groepen hierboven is wat telt.`,
    shareLabel: 'Hoeveel nieuwe klanten houd je bewust buiten de berichten?',
    shares: { 0: 'niemand (uit)', 10: '10%', 20: '20%', 30: '30%', 50: '50%' } as Record<number, string>,
    shareSave: 'Opslaan',
    shareNote: 'Hoe kleiner je winkel, hoe groter het deel dat je nodig hebt voor een snel antwoord: onder de 60 nieuwe klanten per maand geeft 30 tot 50% eerder een antwoord. Wie al meedoet, blijft in zijn groep; een wijziging begint een nieuwe periode.',
    off: 'Je houdt niemand buiten de berichten, dus nextdeal kan niet laten zien of het helpt.',
    offChoose: 'Kies hieronder een deel.',
    offSince: 'De vergelijking staat uit; hieronder wat ze tot nu toe liet zien.',
    none: 'Nog geen nieuwe klanten in de vergelijking.',
    // A channel whose messages reach nobody now (the outbox, a mail catcher): its customers get nothing either way, so
    // they are not drawn (experiments.ts, joining). Why it reaches nobody, the warnings above say.
    unreached: (sms: boolean, email: boolean) =>
      `Wie berichten via ${sms && email ? 'sms of e-mail' : sms ? 'sms' : 'e-mail'} zou krijgen, doet niet mee: ${sms && email ? "sms'en en e-mails" : sms ? "sms'en" : 'e-mails'} worden nu niet echt verstuurd. Zij krijgen hun berichten zoals iedereen, alleen komen die niet aan, dus valt er bij hen niets te vergelijken; ook later doen zij niet mee. Nieuwe klanten doen mee zodra die berichten echt verstuurd worden.`,
    // Too early: who takes part so far (matured or not), and when the first of them is compared.
    soFar: (messaged: number, heldOut: number) =>
      `Tot nu toe ${messaged + heldOut === 1 ? 'doet 1 nieuwe klant' : `doen ${num(messaged + heldOut)} nieuwe klanten`} mee: ${num(messaged)} ${messaged === 1 ? 'krijgt' : 'krijgen'} de berichten, ${num(heldOut)} ${heldOut === 1 ? 'krijgt' : 'krijgen'} bewust niets.`,
    // A group none of whose customers has had their 60 days yet, beside one that has: not "0 van 0".
    noneMatured: 'Nog niemand in deze groep had zijn 60 dagen',
    firstCounted: (when: string) => `Of een klant terugkomt, is pas 60 dagen na de eerste aankoop te zien. De eerste klant telt mee vanaf ${when}.`,
    standardized: 'Het deel dat je buiten de berichten houdt is onderweg veranderd, dus elke periode wordt apart vergeleken en elk percentage weegt de periodes in beide groepen even zwaar. Daarom is een percentage niet gewoon wie terugkwam gedeeld door het aantal klanten; de aantallen per periode staan hieronder.',
    why: 'Een klein deel van de nieuwe klanten (met toestemming) krijgt bewust geen check-in en geen uitnodiging. Zo is te zien of wie wel berichten krijgt vaker terugkomt. De loting gebeurt eerlijk en eenmalig, bij de eerste aankoop.',
    footnote: '"Bewezen" betekent: zo\'n groot verschil komt bij toeval minder dan 1 op de 20 keer voor, hoe vaak je ook kijkt. Tot die tijd is het "waarschijnlijk": een beschrijving, geen bewijs. We tellen alleen klanten van wie de eerste aankoop meer dan 60 dagen geleden is: hun 60 dagen zijn om.',
    violation: (n: number) => `Er ${n === 1 ? 'is 1 bericht' : `zijn ${n} berichten`} gestuurd aan een klant die niets had mogen krijgen. Dat is een fout in nextdeal: meld het.`,
    ratio: 'De verdeling over de groepen wijkt veel meer af dan toeval verklaart: er is iets mis. Meld het.',
    download: 'Download de cijfers per periode (CSV)',
    picture: 'Terugkomen binnen 60 dagen, per groep, met de marge',
    details: 'Hoe zeker, wat het kost, instellen',
    moreThan: (v: string) => `meer dan ${v}`,
    lessThan: (v: string) => `minder dan ${v}`,
  },

  // do customers come back?
  returnTitle: 'Komen klanten terug?',
  withinDays: (n: number) => `binnen ${n} dagen`,
  ofCustomers: (back: number, judged: number) => `${num(back)} van ${num(judged)} ${judged === 1 ? 'klant' : 'klanten'}`,
  outOf: (back: number, judged: number) => `${num(back)} van ${num(judged)}`,
  tooFew: 'te weinig klanten voor een percentage',
  tooEarly: 'te vroeg',
  knownOn: (date: string) => `bekend op ${date}`,
  returnSame: (judged: number, days: number, date: string) =>
    `Elk cijfer telt dezelfde ${judged === 1 ? 'klant' : `${num(judged)} klanten`}: wie in deze periode voor het eerst kocht, meer dan ${days} dagen geleden (tot en met ${date}): hun ${days} dagen zijn om.`,
  returnTooEarly: (n: number) => `${n === 1 ? '1 klant kocht' : `${num(n)} klanten kochten`} pas later voor het eerst: nog te vroeg om te zeggen, niet weg.`,
  returnNotYet: (customers: number, date: string) =>
    `${num(customers)} ${customers === 1 ? 'nieuwe klant' : 'nieuwe klanten'} in deze periode, maar van niemand zijn de 30 dagen na de eerste aankoop al om. Het eerste cijfer komt op ${date}.`,
  returnNone: 'Nog geen nieuwe klanten in deze periode.',
  returnNote:
    'Terugkomen: op een latere dag opnieuw gekocht, uiterlijk op de 30e, 60e of 90e dag na de eerste aankoop; een klant telt mee vanaf de dag daarna. Een tweede aankoop op dezelfde dag telt niet; terugbetaalde en geannuleerde verkopen tellen niet, een deels terugbetaalde wel.',

  // warnings
  pausedWarning: (channel: string, until: string, failures: number) =>
    `${channel} staat stil tot ${until}: het versturen mislukte ${failures} keer achter elkaar door een storing bij de aanbieder. De berichten wachten en gaan daarna alsnog uit.`,
  // A refused login (a wrong SMTP password, a wrong Twilio token) or sending number (Twilio 21212, 21606) is no storing
  // that passes: nothing goes until the person who runs nextdeal puts the setting right, and a message waiting longer
  // than 48 hours does not go at all.
  loginRefusedWarning: (channel: string, _until: string, failures: number) =>
    `${channel} gaat niet uit: de aanbieder weigerde ${failures} keer achter elkaar de instellingen van nextdeal (${channel === 'SMS' ? 'de inloggegevens of het afzendnummer' : 'de inloggegevens'}). Er gaat niets uit tot degene die nextdeal voor je beheert de instellingen herstelt: laat het die persoon nu weten. Een bericht dat langer dan 48 uur wacht, gaat niet meer uit.`,
  // The outbox (no SMTP or Twilio set up: messages written to files on the server) could not be written: no provider is
  // involved. `diskFull`: its code was ENOSPC (or EDQUOT), the server's disk (or its share of it) is full.
  outboxPausedWarning: (channel: string, until: string, failures: number, diskFull: boolean) =>
    `${channel} staat stil tot ${until}: nextdeal kon de berichten ${failures} keer achter elkaar niet opslaan op de server waarop het draait${diskFull ? ', omdat de schijf van die server vol is' : ''}. Dat is geen storing bij de aanbieder. Laat het degene die nextdeal voor je beheert nu weten. De berichten wachten tot het verholpen is.`,
  disabledWarning: (since: string) =>
    `Deze winkel gebruikt nextdeal niet meer sinds ${since}: er gaat niets meer uit in zijn naam en verkopen van de kassa worden geweigerd. Wat hier staat, blijft te lezen en te downloaden.`,
  geoWarning: (n: number) =>
    `${n === 1 ? 'Er wacht een sms' : `Er wachten ${n} sms'jes`}: Twilio weigert vanaf dit account naar het land van ${n === 1 ? 'die klant' : 'die klanten'} te sms'en (Geo Permissions). Laat degene die nextdeal voor je beheert dat land nu aanzetten bij Twilio; een sms die langer dan 48 uur wacht, gaat niet meer uit.`,
  trialWarning: (n: number) =>
    `${n === 1 ? 'Er wacht een sms' : `Er wachten ${n} sms'jes`}: het Twilio-account is een proefaccount, dat alleen sms't naar nummers die erin bevestigd zijn. Laat degene die nextdeal voor je beheert het account nu opwaarderen bij Twilio; een sms die langer dan 48 uur wacht, gaat niet meer uit.`,
  spamWarning: (n: number, days: number) =>
    `De telefoonmaatschappijen hielden ${n} sms'jes van de afgelopen ${days} dagen tegen als mogelijke spam (Twilio 30007): dat treft elke klant, niet één toestel. Laat degene die nextdeal voor je beheert de afzender nu registreren bij Twilio.`,
  resumeWarning: (until: string) =>
    `De berichten aan klanten wachten tot ${until}: nextdeal draaide een tijd niet. Zo kan de kassa eerst nasturen wat er intussen gebeurde, zoals een retour of een nieuwe aankoop.`,
  // Messages in doubt (in-doubt.ts). Texts that nextdeal looks up in Twilio's records settle themselves: the owner need
  // not phone anyone. `when`: around when Twilio is asked (null once past: asked at every minute until it answers).
  uncertainChecked: (n: number, causes: string, when: string | null) =>
    n === 1
      ? `1 sms is misschien aangekomen, misschien niet: ${causes}. nextdeal vraagt Twilio ${when ? `rond ${when}` : 'zo snel het kan'} of het verstuurd is. Zo ja, dan telt het als verstuurd; zo niet, dan verstuurt nextdeal het zelf opnieuw. Je hoeft niets te doen.`
      : `${num(n)} sms-berichten zijn misschien aangekomen, misschien niet: ${causes}. nextdeal vraagt Twilio ${when ? `rond ${when}` : 'zo snel het kan'} of ze verstuurd zijn. Wat verstuurd is, telt als verstuurd; de rest verstuurt nextdeal zelf opnieuw. Je hoeft niets te doen.`,
  // The rest: e-mail, a restore, texts Twilio's records could not settle (`unchecked`). Only the owner can.
  uncertainWarning: (n: number, causes: string, unchecked: number) =>
    n === 1
      ? `1 bericht is misschien aangekomen, misschien niet: ${causes}.${unchecked > 0 ? ' nextdeal kon het niet bij Twilio nagaan.' : ''} Het wordt niet vanzelf opnieuw verstuurd. Vraag het de klant, en kies dan bij het bericht.`
      : `${num(n)} berichten zijn misschien aangekomen, misschien niet: ${causes}.${
        // Only the texts are for Twilio: of 8 with 3 e-mails among them, "de sms-berichten" named all 8 (the review at scale).
        unchecked === n ? ' nextdeal kon ze niet bij Twilio nagaan.' : unchecked === 1 ? ' Eén daarvan is een sms die nextdeal niet bij Twilio kon nagaan.' : unchecked > 1 ? ` ${num(unchecked)} daarvan zijn sms-berichten die nextdeal niet bij Twilio kon nagaan.` : ''} Ze worden niet vanzelf opnieuw verstuurd. Vraag het de klanten, en kies dan bij elk bericht.`,
  inDoubtCauses: {
    interrupted: 'het versturen is onderbroken (bijvoorbeeld door een herstart)',
    no_answer_sms: 'Twilio gaf geen antwoord op het versturen',
    no_answer_email: 'de mailserver gaf geen antwoord op het versturen',
    restored: 'nextdeal is teruggezet naar een eerdere kopie',
  } satisfies Record<Cause, string>,
  inDoubtOr: ', of ',
  // On a text nextdeal looks up in Twilio's records, instead of the owner's choice.
  settleChecked: (when: string | null) =>
    `nextdeal vraagt Twilio ${when ? `rond ${when}` : 'zo snel het kan'} of dit bericht verstuurd is. Zo niet, dan verstuurt nextdeal het zelf opnieuw. Je hoeft niets te doen.`,
  uncertainLink: 'Bekijk ze',
  // Those in doubt from before the last seven days (log.ts), folded into one line on top of the messages page: tapped,
  // it opens on them, each with its choice.
  // `shown`: how many of them the line opens on (the newest; the page lists a hundred in doubt at most).
  olderInDoubt: (n: number, before: string, shown: number = n) =>
    n === 1
      ? `1 bericht van vóór ${before}: onzeker of het aankwam. Het wordt niet vanzelf opnieuw verstuurd. Tik hier om het te zien en te kiezen.`
      : `${num(n)} berichten van vóór ${before}: onzeker of ze aankwamen. Ze worden niet vanzelf opnieuw verstuurd. ${
        shown < n ? `Tik hier om de nieuwste ${num(shown)} te zien en bij elk te kiezen; de andere staan in de lijst met status "onzeker".` : 'Tik hier om ze te zien en bij elk te kiezen.'}`,
  // Those in doubt beyond the hundred the page lists, when all of those are recent: older than every one listed.
  moreInDoubt: (n: number) =>
    n === 1 ? 'Nog 1 ouder bericht is onzeker: het staat in de lijst met status "onzeker".' : `Nog ${num(n)} oudere berichten zijn onzeker: ze staan in de lijst met status "onzeker".`,
  settleAsk: 'Vraag de klant of het aankwam:',
  settleResend: 'Niet aangekomen: opnieuw versturen',
  settleArrived: 'Wel aangekomen',
  noAlerts: {
    catcher:
      'E-mails worden niet echt verstuurd: ze komen in een testpostvak (Mailpit), niet bij je klanten en niet bij jou, ook niet over problemen en vragen. Kijk daarom elke dag hieronder bij Terugbellen, en vraag wie nextdeal beheert om een echte mailserver in te stellen.',
    no_address:
      'Je krijgt geen e-mail als een klant een probleem of een vraag heeft: er is geen adres voor ingesteld. Kijk daarom elke dag hieronder bij Terugbellen, en vraag wie nextdeal beheert om je e-mailadres in te stellen.',
    outbox:
      'E-mails over problemen en vragen van klanten worden niet echt verstuurd: er is nog geen mailserver ingesteld, dus bewaart nextdeal ze als bestand op de server. Kijk daarom elke dag hieronder bij Terugbellen, en vraag wie nextdeal beheert om dat in te stellen.',
  },
  // Alerts to the shop's alert address that failed for good (src/db/alerts.ts refusedAt): the owner got none of them.
  alertsRefused: (n: number, address: string, why: string, last: string, addressFault: boolean) =>
    `${n === 1 ? 'De e-mail' : `${num(n)} e-mails`} aan jou over een probleem of een vraag van een klant ${n === 1 ? 'is' : 'zijn'} niet aangekomen bij ${address} (het laatst op ${last}): ${why}. ${
      addressFault
        ? 'Controleer of dat adres klopt, en vraag wie nextdeal beheert om het goede in te stellen met shop update --alert-email.'
        : 'Vraag wie nextdeal beheert om de mailserver na te kijken, en controleer of dat adres klopt (instellen met shop update --alert-email).'
    } Kijk tot dan elke dag hieronder bij Terugbellen: daar staan deze klanten.`,
  // Owner alerts in doubt (src/db/alerts.ts inDoubt): nothing sends them again, so the page says so.
  alertsInDoubt: (n: number) =>
    n === 1
      ? 'De e-mail aan jou over een probleem of vraag van een klant is misschien niet aangekomen: het versturen is onderbroken (bijvoorbeeld door een herstart) of de mailserver gaf geen antwoord. Kijk hieronder bij Terugbellen: daar staat de klant.'
      : `${num(n)} e-mails aan jou over problemen of vragen van klanten zijn misschien niet aangekomen: het versturen is onderbroken (bijvoorbeeld door een herstart) of de mailserver gaf geen antwoord. Kijk hieronder bij Terugbellen: daar staan deze klanten.`,
  // The join page sent customers to the counter for the shop's daily limits (src/db/confirmations.ts joinClosed):
  // `ceiling` is the limit on all sign-ups when that was it, else null (too many not confirmed).
  joinClosed: (since: string, until: string, ceiling: number | null) =>
    `Sinds ${since} werden klanten die zich via de QR-poster wilden aanmelden naar de kassa verwezen: ${
      ceiling === null
        ? 'te veel aanmeldingen van de afgelopen 24 uur zijn niet bevestigd (misschien misbruikt iemand de pagina)'
        : `de pagina nam in 24 uur ${num(ceiling)} aanmeldingen aan, het meeste voor één dag`
    }. De pagina gaat vanzelf weer open, uiterlijk ${until}. De QR-codes en links van een verkoop werken wel.`,
  // Over the period the figures below cover, and what those figures make of them.
  outboxWarning: (sms: number, email: number, span: string) =>
    `${[sms ? `${num(sms)} ${sms === 1 ? 'sms' : "sms'en"}` : '', email ? `${num(email)} ${email === 1 ? 'e-mail' : 'e-mails'}` : ''].filter(Boolean).join(' en ')} van ${span} ${sms + email === 1 ? 'is' : 'zijn'} niet echt verstuurd: klanten hebben ${sms + email === 1 ? 'het' : 'ze'} niet gekregen. Er is nog geen ${[sms ? 'sms-dienst (Twilio)' : '', email ? 'mailserver' : ''].filter(Boolean).join(' of ')} ingesteld, dus bewaarde nextdeal ${sms + email === 1 ? 'het' : 'ze'} als bestand op de server. De cijfers hieronder tellen ${sms + email === 1 ? 'het' : 'ze'} niet als verstuurd, gevraagd of uitgenodigd. Vraag wie nextdeal beheert om dat in te stellen.`,
  // The same, once the channel has been set up since: nothing to ask any more.
  outboxBefore: (sms: number, email: number, span: string) =>
    `${[sms ? `${num(sms)} ${sms === 1 ? 'sms' : "sms'en"}` : '', email ? `${num(email)} ${email === 1 ? 'e-mail' : 'e-mails'}` : ''].filter(Boolean).join(' en ')} van ${span} ${sms + email === 1 ? 'is' : 'zijn'} alleen als bestand op de server bewaard, voordat er een ${[sms ? 'sms-dienst (Twilio)' : '', email ? 'mailserver' : ''].filter(Boolean).join(' en een ')} ${sms && email ? 'waren' : 'was'} ingesteld: deze klanten hebben ${sms + email === 1 ? 'het' : 'ze'} niet gekregen. De cijfers hieronder tellen ${sms + email === 1 ? 'het' : 'ze'} niet als verstuurd, gevraagd of uitgenodigd.`,
  outboxDays: (n: number) => `de afgelopen ${num(n)} dagen`,
  outboxSpan: (from: string, to: string) => `${from} tot en met ${to}`,

  // the come-back invitation
  invitationTitle: 'Wat volgt op de uitnodiging om terug te komen?',
  // Invitations, not customers: a customer invited twice counts twice.
  invitationBack: (returned: number, judged: number) =>
    `Na ${num(returned)} van de ${num(judged)} ${judged === 1 ? 'uitnodiging' : 'uitnodigingen'} kocht de klant binnen 14 dagen opnieuw`,
  invitationTooFew: 'te weinig uitnodigingen voor een percentage',
  invitationRevenue: (purchases: number, amounts: string) => `Samen ${num(purchases)} ${purchases === 1 ? 'aankoop' : 'aankopen'}, voor ${amounts}.`,
  noAmount: 'zonder bedrag',
  invitationTooEarly: (n: number) => (n === 1 ? '1 uitnodiging is nog geen 14 dagen oud en telt nog niet mee.' : `${num(n)} uitnodigingen zijn nog geen 14 dagen oud en tellen nog niet mee.`),
  invitationNone: 'Nog geen uitnodigingen verstuurd in deze periode.',
  // Reported undelivered or failed by Twilio: in none of the figures above (migration 072).
  invitationUndelivered: (n: number) =>
    n === 1 ? '1 uitnodiging kwam volgens de sms-dienst niet aan (niet afgeleverd of mislukt) en telt niet mee.'
    : `${num(n)} uitnodigingen kwamen volgens de sms-dienst niet aan (niet afgeleverd of mislukt) en tellen niet mee.`,
  invitationNote:
    'Uitnodigingen die in deze periode zijn verstuurd, minstens 14 dagen geleden. Opnieuw gekocht: een aankoop (niet terugbetaald of geannuleerd) in de 14 dagen na de uitnodiging; het bedrag is het totaal van die aankopen zoals de kassa het doorgaf, min wat ervan is terugbetaald. Een uitnodiging die de sms-dienst (Twilio) als niet afgeleverd of mislukt meldde, telt niet mee: de klant kreeg hem niet. Dit beschrijft wat er gebeurde; het bewijst niet dat de uitnodiging het deed, want sommige klanten waren ook zo gekomen.',

  // did asking help?
  askedTitle: 'Helpt het om te vragen hoe het gaat?',
  askedSms: 'Gevraagd per sms',
  askedEmail: 'Gevraagd per e-mail',
  askedNone: 'Niet gevraagd (geen toestemming of contact)',
  askedUnreached: 'Niet bereikt (check-in niet aangekomen of niet verstuurd)',
  // The held-out customers, in no row: "did nextdeal help?" compares them.
  askedHeldOut: (n: number) => `${num(n)} ${n === 1 ? 'klant kreeg' : 'klanten kregen'} bewust geen berichten (de vergelijking van "Helpt nextdeal?" hierboven) en ${n === 1 ? 'staat' : 'staan'} hier niet bij.`,
  askedBack: (back: number, judged: number, customers: number) =>
    `${num(back)} van ${num(judged)} kwamen terug${customers > judged ? ` (${num(customers)} ${customers === 1 ? 'klant' : 'klanten'} in totaal, de rest te kort geleden)` : ''}`,
  askedTooEarly: (customers: number, days: number) => `${num(customers)} ${customers === 1 ? 'klant' : 'klanten'} van wie de ${days} dagen nog niet om zijn: te vroeg om te zeggen`,
  askedNobody: 'nog geen klanten',
  askedNote: (days: number) =>
    `Terugkomst binnen ${days} dagen van klanten van wie de check-in na hun eerste aankoop verstuurd is, naast klanten die we niet konden vragen omdat ze geen toestemming of geen contactgegevens gaven, en klanten die de check-in niet bereikte: de sms-dienst meldde hem niet afgeleverd of mislukt, de mailserver weigerde hem, het is onzeker of hij aankwam, hij is nog niet verstuurd, of ze kochten opnieuw voordat hij ging. Zo telt elke nieuwe klant in één rij. Let op: deze groepen verschillen in meer dan het bericht (wie toestemming geeft, is misschien al trouwer). De eerlijke vergelijking, met een groep die helemaal geen berichten krijgt, staat hierboven: "Helpt nextdeal?".`,
  customers: 'klanten',

  // check-ins
  checkinsTitle: 'Check-ins',
  sent: 'verstuurd',
  delivered: 'afgeleverd',
  failed: 'mislukt of niet afgeleverd', // also the log's filter, which shows the second as "verstuurd · niet afgeleverd"
  waiting: 'nog te versturen',
  replied: 'beantwoord',
  replyRate: 'antwoordpercentage',
  answers: 'Antwoorden',
  optOuts: 'afmeldingen',
  checkinsNote:
    'Check-ins gepland in deze periode, per kanaal. Verstuurd: aan de sms-dienst (Twilio) of de mailserver gegeven (niet wat alleen als bestand bewaard is); afgeleverd: de sms-dienst meldt dat de sms aankwam (alleen sms); mislukt: geweigerd of niet afgeleverd. Beantwoord: check-ins met minstens één antwoord; antwoordpercentage: beantwoord gedeeld door verstuurd, zonder wat de sms-dienst als niet afgeleverd of mislukt meldde (dat kon niemand beantwoorden); – als er niets te beantwoorden viel. Antwoorden: wat in deze periode binnenkwam; afmeldingen: wie zich in deze periode afmeldde, elk telefoonnummer of e-mailadres één keer (ook wie zich daarna weer aanmeldde; klanten met één gedeeld nummer, zoals een gezin, samen één keer).',

  // why do people buy?
  reasonsTitle: 'Waarom kopen mensen?',
  reason: 'Reden',
  returnRate: (days: number) => `terug binnen ${days}\u00a0d`,
  reasonsNote: (days: number) =>
    `De reden die klanten bij hun eerste aankoop in deze periode gaven, in kleine letters en zonder leestekens eromheen, met hoe vaak die voorkwam en welk deel van die klanten binnen ${days} dagen terugkwam (alleen klanten die lang genoeg geleden kochten).`,

  // cohorts
  cohortTitle: 'Per groep nieuwe klanten',
  cohortWeek: 'Week',
  cohortMonth: 'Maand',
  weeksLater: 'weken later',
  running: 'loopt nog: alleen de dagen tot nu',
  partial: '(deels)',
  partialTitle: 'begon voor de periode of loopt na het einde door: telt ook de klanten van die dagen',
  monthsLater: 'maanden later',
  cohortNote: (unit: 'week' | 'month') =>
    `Elke rij is een groep klanten met hun eerste aankoop in dezelfde ${unit === 'week' ? 'week' : 'maand'}. Elk vak: het deel van die groep dat ${unit === 'week' ? 'zoveel weken' : 'zoveel maanden'} later opnieuw iets kocht (kolom 0 is de ${unit === 'week' ? 'week' : 'maand'} van de eerste aankoop zelf: een tweede aankoop op een latere dag daarin). Een tweede aankoop op dezelfde dag telt niet. Leeg: dat ligt nog in de toekomst. Met een *: de ${unit === 'week' ? 'week' : 'maand'} loopt nog, het telt alleen de dagen tot nu. Grijs, met het aantal (1/6) in plaats van een percentage: een groep van minder dan 20 klanten, waarin één klant het percentage sterk zou veranderen. (deels): de ${unit === 'week' ? 'week' : 'maand'} begon voor de periode of loopt na het gekozen einde door, en telt ook de klanten van die dagen.`,

  // the till's customer data
  contactTitle: 'Klantgegevens van de kassa',
  contactIssues: (sales: number, phone: number, email: number) =>
    `${sales === 1 ? '1 verkoop in deze periode had' : `${num(sales)} verkopen in deze periode hadden`} een telefoonnummer of e-mailadres dat niet kan kloppen (${num(phone)} telefoon, ${num(email)} e-mail).`,
  unreachableNumbers: (n: number) =>
    `${n === 1 ? '1 klant kreeg' : `${num(n)} klanten kregen`} in deze periode geen sms: volgens de sms-dienst bestaat het nummer uit de kassa niet of kan het geen sms ontvangen (een vast nummer). Zet het juiste nummer in de kassa; de berichtenlijst zegt bij wie.`,
  contactNote:
    'Op dat nummer of adres krijgen die klanten geen bericht van nextdeal. Laat de klantgegevens in de kassa verbeteren: vaak is het een tikfout, een vast nummer in het veld voor mobiel, een adres zonder @, of wat de kassa invult voor een klant die niets opgaf (06 11111111, geen@geen.nl, het adres van de winkel zelf): laat het veld dan leeg.',

  // sales waiting for contact details
  waitingTitle: 'Wachten op contactgegevens',
  waitingCount: (n: number) => `${n === 1 ? '1 verkoop van de afgelopen week wacht' : `${num(n)} verkopen van de afgelopen week wachten`} tot de klant zelf een nummer of e-mailadres achterlaat.`,
  waitingNone: 'Geen verkopen zonder contactgegevens in de afgelopen week.',
  waitingSheet: 'QR-codes om te printen',
  waitingNote:
    'Verkopen waarbij de kassa geen klant kende. Laat de klant de QR-code scannen (of zet de link op de bon): dan laat de klant zelf nummer, toestemming en reden achter, en krijgt morgen de check-in. Een link werkt één keer en 7 dagen.',
  poster: 'QR-poster voor de toonbank',
  printHint: 'Print deze pagina met de printknop van je browser.',
  qrTo: (url: string) => `QR-code naar ${url}`,
  newestOf: (shown: number, all: number) => `Hier staan de nieuwste ${num(shown)} van de ${num(all)}; een gebruikte code maakt plaats voor de volgende.`,

  // messages
  messagesTitle: 'Berichten',
  search: 'Zoek op naam, telefoon of e-mail',
  status: 'Status',
  untilNow: 'tot nu',
  planned: 'gepland',
  held: 'wacht op jou: handel eerst het antwoord van de klant af',
  waitsUntil: (when: string) => `wacht tot ${when}`,
  nightWait: (sms: boolean): string => sms
    ? 'een bericht gaat niet \'s avonds of \'s nachts, ook niet waar het nummer van de klant vandaan komt: het wacht tot het daar dag is'
    : 'een bericht gaat niet \'s avonds of \'s nachts: het wacht tot het dag is',
  messagedRecentlyWait: 'je winkel stuurde minder dan een dag geleden al een bericht naar dit nummer of adres, ook als dat aan een andere klant met hetzelfde nummer of adres was (nooit twee binnen 24 uur): dit wacht tot die dag om is',
  numberBusyWait: 'een andere winkel heeft de klant net vanaf hetzelfde nummer ge-sms\'t: dit wacht tot een antwoord daarop niet meer hier terecht kan komen',
  statuses: { scheduled: 'gepland', sending: 'bezig', sent: 'verstuurd', failed: 'mislukt', expired: 'verlopen', cancelled: 'geannuleerd', uncertain: 'onzeker' } satisfies Record<MessageStatus, string>,
  deliveries: {
    accepted: 'aangenomen door Twilio', scheduled: 'ingepland bij Twilio', queued: 'in de wachtrij', sending: 'wordt verstuurd', sent: 'onderweg',
    delivered: 'afgeleverd', read: 'gelezen', undelivered: 'niet afgeleverd', failed: 'niet afgeleverd', canceled: 'geannuleerd door Twilio',
  },
  deliveryUnknown: 'onbekende melding van Twilio',
  outboxed: 'niet echt verstuurd (alleen als bestand bewaard)',
  kinds: { checkin: 'check-in', comeback: 'uitnodiging' } satisfies Record<MessageKind, string>,
  messagesNote: 'Wat er verstuurd is en wat er misging, nieuwste eerst, met de reden als iets niet verstuurd is. Wat geannuleerd is voordat het aan de beurt was (bijvoorbeeld na een terugbetaling of een STOP), staat meteen onder "geannuleerd", en bovenaan als je een klant zoekt, met de dag waarop het gepland stond. Kies "gepland" voor wat er nog komt.',
  // The text kept of a message, named by what became of it (log.ts said): received; handed over but perhaps not
  // received; or never sent (a retry waits, it failed, the outbox took it), whose text is written again when it goes.
  whatItSaid: 'Wat de klant kreeg',
  whatWentOut: 'Wat verstuurd werd',
  whatWasReady: 'Wat klaarstond (niet verstuurd)',
  plannedNote: 'Berichten die nog gepland staan, eerstvolgende eerst.',
  foundHeldOut: 'Krijgt bewust geen berichten: zit in de vergelijkingsgroep, die laat zien of nextdeal helpt (zie "Helpt nextdeal?" op het overzicht).',
  foundOptedOut: 'Heeft zich afgemeld: krijgt geen berichten meer.',
  foundNoConsent: 'Gaf bij de kassa geen toestemming voor sms of e-mail: krijgt geen berichten.',
  // A row with no sale: one a text to the shop's own number made, or one a till's lookup took its sale from (attach):
  // true of both, not "stuurde de winkel een sms" (frv45d).
  foundNoSale: 'Kocht (nog) niets: krijgt geen berichten.',
  foundNothingYet: 'Nog geen bericht in deze periode: kies een andere periode of "gepland".',
  more: 'Meer',
  olderInCsv: 'Oudere berichten staan in de download hieronder, of zoek op naam of nummer, of kies een andere periode.',
  errors: {
    expired: 'meer dan 48 uur te laat: niet meer verstuurd',
    refunded: 'de aankoop is (deels) terugbetaald',
    voided: 'de aankoop is geannuleerd',
    bought_again: 'kocht opnieuw (die aankoop krijgt een eigen uitnodiging)',
    checkin_moved: 'kocht opnieuw voor dit bericht ging: de vraag gaat over de nieuwe aankoop',
    contact_changed: 'een nieuwere aankoop gaf deze klant een ander nummer of adres: daar niet heen gestuurd',
    contact_corrected: 'de kassa stuurde de aankoop opnieuw met een verbeterd nummer of adres: niet naar het eerste gestuurd',
    opted_out: 'de klant heeft zich afgemeld',
    opted_out_keyword: 'de klant meldde zich af met STOP',
    opted_out_link: 'de klant meldde zich af via de link',
    opted_out_provider: 'het nummer is afgemeld bij Twilio',
    consent_withdrawn: 'de klant trok de toestemming in',
    consent_withdrawn_shared: 'de toestemming voor dit nummer of adres werd bij de kassa ingetrokken, bij een andere aankoop met hetzelfde nummer of adres',
    no_address: 'geen adres meer bekend',
    own_number: "dit is een nummer waar nextdeal zelf vanaf sms't (van deze of een andere winkel), niet dat van de klant: daar gaat geen sms heen",
    machine_number: 'dit is het nummer van een apparaat (097: een meter, een alarm, een auto), dat niemand leest: daar gaat geen sms heen',
    erased: 'de gegevens van de klant zijn gewist',
    shop_disabled: 'de winkel is gestopt met nextdeal',
    complaint_late: 'het antwoord van de klant, gelezen als een probleem, was niet binnen 14 dagen na de geplande tijd van deze uitnodiging afgehandeld: ze vervalt, want zo laat komt ze uit de lucht vallen (en blijft vervallen als je het antwoord later anders leest)',
    quiet_hours: 'het wachtte tot het geen avond of nacht meer was waar het gelezen wordt',
    messaged_recently: 'je winkel had minder dan een dag eerder al een bericht naar dit nummer of adres gestuurd: dit wachtte tot die dag om was, en was toen te laat',
    number_busy: 'een andere winkel had de klant net vanaf hetzelfde nummer ge-sms\'t: dit wachtte tot een antwoord daarop niet meer hier terecht kon komen, en was toen te laat',
    held_out: 'de klant hoort bij de vergelijkingsgroep die niets krijgt (dit had nooit gepland mogen zijn: meld het)',
    interrupted: 'het versturen werd onderbroken: kijk na of het aankwam voor je opnieuw verstuurt',
    in_doubt: 'de aanbieder nam het bericht aan maar gaf geen antwoord: misschien is het aangekomen, misschien niet',
    restored: 'nextdeal is teruggezet naar een eerdere kopie waarin dit bericht nog wachtte: misschien ging het al; vraag het de klant voor je opnieuw verstuurt',
    unreachable: 'de aanbieder was niet bereikbaar; er is niets verstuurd',
    rate_limited: 'de aanbieder vroeg om rustiger aan te doen',
    provider_error: 'storing bij de aanbieder',
    outbox_unwritable: 'nextdeal kon het bericht niet in zijn outbox-map schrijven (een volle schijf?); er is niets verstuurd',
    region_not_enabled: "het Twilio-account mag (nog) niet naar dit land sms'en: laat degene die nextdeal beheert het land aanzetten (Geo Permissions); het bericht wacht tot 48 uur",
    trial_account: "het Twilio-account is een proefaccount, dat alleen naar nummers sms't die erin bevestigd zijn: laat degene die nextdeal beheert het account opwaarderen; het bericht wacht tot 48 uur",
    provider_auth: 'de aanbieder weigert de instellingen (de inloggegevens of het afzendnummer): laat ze nakijken',
    sender_refused: 'de mailserver weigert het afzenderadres waarmee de winkel mailt: laat het nakijken door wie nextdeal beheert',
    invalid_number: 'dit telefoonnummer bestaat niet',
    not_mobile: 'dit nummer kan geen sms ontvangen',
    unsubscribed_at_provider: 'het nummer is afgemeld bij de aanbieder',
    mailbox_full: 'de mailbox van de klant is vol: het wordt later opnieuw geprobeerd (tot 48 uur)',
    recipient_deferred: 'de mailserver van de klant nam het nu niet aan: het wordt later opnieuw geprobeerd (tot 48 uur)',
    mailbox_unknown: 'dit e-mailadres bestaat niet',
    rejected: 'geweigerd door de aanbieder',
    undelivered: 'niet afgeleverd',
    render_failed: 'het bericht kon niet worden opgesteld: laat de sjablonen nakijken',
    no_alert_address: 'de winkel heeft geen adres voor meldingen',
    no_access_token: 'geen toegang tot de kassa om de klant op te zoeken',
    unknown_customer: 'de kassa kent deze klant niet',
    lookup_failed: 'de kassa gaf geen antwoord',
  } satisfies Record<NotSent, string>,
  // A text Twilio handed on that did not arrive, by its code (Twilio's error dictionary): what it means, and what to do.
  // Any other code reads as errors.undelivered.
  undeliveredBecause: {
    30003: 'de telefoon stond uit of had geen bereik; je hoeft niets te doen',
    30005: 'dit nummer bestaat niet (meer) of is niet in gebruik: zet het juiste nummer in de kassa',
    30006: 'dit nummer kan geen sms ontvangen (een vaste lijn, of de telefoonmaatschappij is niet bereikbaar): zet het juiste nummer in de kassa',
    30007: 'de telefoonmaatschappij hield de sms tegen als mogelijke spam; gebeurt dat vaker, laat wie nextdeal beheert dan de afzender registreren',
    30008: 'niet afgeleverd door een onbekende fout bij de telefoonmaatschappij',
  } satisfies Record<UndeliveredCode, string>,
  download: 'Download (CSV)',
  empty: 'Nog niets in deze periode.',

  // error pages (src/http/errors.ts)
  errorPages: {
    notFound: ['Niet gevonden', 'Deze pagina bestaat niet, of is niet van jouw winkel.'],
    formExpired: ['Formulier verlopen', 'Het formulier was verlopen. Ga terug, laad de pagina opnieuw en probeer het nog eens.'],
    logInFirst: ['Log eerst in', 'Je bent niet (meer) ingelogd.'],
    badRequest: ['Dat lukte niet', 'Wat de browser stuurde, konden we niet lezen.'],
    tooLarge: ['Te groot', 'Wat de browser stuurde, is te groot.'],
    tooMany: ['Even wachten', 'Te veel verzoeken achter elkaar. Probeer het zo opnieuw.'],
    internal: ['Er ging iets mis', 'Er ging bij ons iets mis. Probeer het zo nog eens.'],
  },
  toLogin: 'Naar inloggen',
  toStart: 'Naar het begin',
};
