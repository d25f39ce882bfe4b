// The domain table: what customers write about things that went wrong, which general sentiment lexicons miss
// ("de lamp doet het niet meer", "remmen piepen", "gave me a rash", "still the same noise"), by kind of trouble,
// and the few words that undo a complaint or say "not sure yet". A phrase is whole words, folded (lower case, no
// accents); "piep*" also matches longer words (piept, piepen), "*ing" any word ending so, and "…" up to two words of
// any kind ("gaat … uit": "gaat steeds uit"), "$" the end of the clause and "^" its start. Add the words customers use here; add whole replies, labelled, to
// test/fixtures/replies/train.tsv.

/** Paid twice for one thing, as customers say it: "twee keer" and what was paid, "2x gepind", "dubbel afgeschreven". */
const TWICE = ['twee keer', '2 keer', '2x', 'tweemaal', 'twee maal', '2 maal', 'dubbel'];
const CHARGED = ['betaald', 'betalen', 'laten betalen', 'moeten betalen', 'te betalen', 'gepind', 'afgeschreven', 'van … afgeschreven', 'afgerekend',
  'gerekend', 'berekend', 'in rekening gebracht', 'geincasseerd', 'gefactureerd'];
const CHARGED_TWICE = TWICE.flatMap((twice) => CHARGED.map((charged) => `${twice} ${charged}`));
/** Paid or charged, beside "more than agreed": "Meer betaald dan afgesproken", "They charged me more than agreed" (done more than agreed is praise). */
const CHARGED_MORE = ['betaald', 'betalen', 'gerekend', 'berekend', 'afgerekend', 'gefactureerd', 'gekost', 'kostte', 'kosten', 'rekening'];
const CHARGED_MORE_EN = ['charged', 'paid', 'billed', 'bill', 'cost', 'costs', 'invoiced', 'invoice', 'price'];
/** Sorry to have bought it `where`: "Ik had het beter online kunnen kopen", "Had het bij de Gamma moeten kopen". */
const regret = (where: string) => [`beter ${where} kunnen kopen`, `beter ${where} kunnen halen`, `beter ${where} kunnen bestellen`, `beter ${where} gekocht`,
  `beter ${where} besteld`, `${where} moeten kopen`, `${where} moeten halen`, `${where} moeten bestellen`];

/**
 * Who comes for a car that broke down: called out, the car broke down ("Had to call the ANWB", "Ik moest de wegenwacht
 * bellen"). The Dutch and Belgian services are called in either language, the English ones in English only.
 */
const RESCUERS_NL = ['anwb', 'wegenwacht', 'pechhulp', 'sleepdienst', 'takeldienst', 'bergingsdienst', 'touring', 'vab'];
const RESCUERS_EN = ['aa', 'rac', 'green flag', 'recovery', 'breakdown service', 'roadside assistance', 'tow truck'];
/** Roads a car breaks down on: "Breakdown on the A2", "on the M25", "op de N201" (a letter, then a figure). */
/** What a breakdown of what was paid is written on: "a breakdown on the invoice" is no car broken down. */
const BILLS = ['invoice', 'bill', 'receipt', 'quote', 'estimate', 'factuur'];
const ROADS = ['a', 'm', 'n', 'e'].flatMap((road) => [1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => `${road}${n}*`));

/**
 * A tyre that loses air, as a bike shop's customers say it: "Mijn band is weer zacht", "achterband loopt zacht", "the
 * tyre is soft again". Only the tyre: "zacht" alone is praise of a towel or a shoe ("Lekker zacht"), and so may a strap
 * be, said so ("de band is lekker zacht": 'not trouble'); "weer zacht" alone is the tyre again.
 */
const TYRES = ['band', 'banden', 'achterband', 'voorband', 'binnenband', 'fietsband', 'autoband'];
const SOFTLY = ['lekker', 'heerlijk', 'fijn', 'mooi', 'super', 'zalig'];
/**
 * A bike that is heavy to ride, or a part heavy to move: "Hij rijdt zwaar", "fietst nog steeds zwaar", "schakelt
 * zwaar", "de rits gaat zwaar" (not "zwaar" alone: "zware fiets" may be what was asked for; "rijdt niet zwaar" is none).
 */
const HEAVY = ['rijdt', 'rijden', 'reed', 'fietst', 'fietsen', 'fietste', 'trapt', 'trappen', 'trapte', 'loopt', 'lopen', 'liep', 'draait', 'draaien',
  'draaide', 'schakelt', 'schakelen', 'schakelde', 'stuurt', 'sturen', 'stuurde', 'gaat', 'gaan', 'ging', 'remt', 'remmen', 'trekt', 'sluit', 'opent']
  .flatMap((rides) => [`${rides} zwaar`, `${rides} …! zwaar`]);

/** Said of the customer's previous one ('an aside'), or, before a time, of when (`${PREVIOUS} ${SPELLS}`). */
const PREVIOUS = ['vorige', 'vorig', 'oude', 'eerdere', 'previous', 'old', 'last', 'former'];
const SPELLS = ['dag', 'dagen', 'week', 'weken', 'weekend', 'maand', 'maanden', 'jaar', 'nacht', 'keer', 'day', 'days', 'week', 'weeks', 'weekend',
  'month', 'months', 'year', 'years', 'night', 'time'];
const STOLEN = ['gestolen', 'gejat', 'stolen', 'nicked'];
/** What says a reply was a slip of the customer's ("Sorry verkeerd", "Oops wrong text"). */
export const SLIPS = ['sorry', 'oeps', 'oepsie', 'oops', 'whoops', 'woops', 'sry', 'excuus', 'excuses', 'pardon'];
/** Of those, the ones that say nothing but the slip. */
const OOPS = ['oeps', 'oepsie', 'oops', 'whoops', 'woops'];
/** Not to be without it any more: "Ik kan niet meer zonder", "Can't live without it". */
const WITHOUT_IT = ['niet meer zonder', 'kan niet zonder', 'kon niet zonder', 'kunnen niet zonder', 'wil niet zonder',
  ...["can't", 'cant', 'cannot', "couldn't", 'couldnt'].flatMap((cannot) => [`${cannot} live without`, `${cannot} do without`, `${cannot} be without`]),
  'can not live without', 'could not live without', "wouldn't be without", 'wouldnt be without', 'would not be without', "won't be without"];
const IT = ['hem', 'haar', 'ze', 'het', 'dit', 'dat', 'deze', 'die', 'jullie', 'it', 'them', 'this', 'these', 'one', 'him', 'her', 'you'];
const THE = ['mijn', "m'n", 'mn', 'de', 'onze', 'my', 'the', 'our', 'your'];
/**
 * Nothing wrong, nothing missing: praise (PRAISE). Said by someone else in its clause (SAID_BY_OTHERS: "Niks aan de
 * hand zei de monteur", "Jullie zeiden dat er niks aan de hand was"), a complaint as before: she may not agree.
 */
export const NOTHING_WRONG = ['niks aan de hand', 'niets aan de hand', 'helemaal niks aan de hand', 'helemaal niets aan de hand',
  ...['mis', 'mist', 'miste', 'ontbreekt', 'ontbrak'].flatMap((miss) => ['niks', 'niets', 'helemaal niks', 'helemaal niets', 'er niks', 'er niets']
    .map((none) => `${miss} ${none}`)), 'er mist niks', 'er mist niets', 'er ontbreekt niks', 'er ontbreekt niets'];
export const SAID_BY_OTHERS = new Set(['zei', 'zeiden', 'zegt', 'zeggen', 'gezegd', 'volgens', 'beweerde', 'beweren', 'beweert', 'said', 'says',
  'told', 'claimed', 'claims', 'according']);

/** What of the shop's is slow when a customer says so: "slow delivery", "de levering was traag" (TROUBLE, 'unhappy'). */
const SLOW_WHAT_EN = ['delivery', 'deliveries', 'service', 'shipping', 'response', 'responses', 'reply', 'replies', 'repair', 'staff', 'support',
  'communication', 'customer service', 'dispatch', 'refund', 'reaction', 'answer', 'answers', 'answering', 'responding', 'replying', 'shop',
  'store', 'mechanic', 'mechanics', 'workshop', 'team'];
const SLOW_WHAT_NL = ['levering', 'bezorging', 'verzending', 'service', 'klantenservice', 'reparatie', 'afhandeling', 'reactie', 'personeel',
  'hulp', 'communicatie', 'terugbetaling'];
export const TROUBLE: Record<string, string[]> = {
  'broken': ['kapot', 'kaputt', 'casse', 'cassee', 'abime', 'abimee', 'stuk', 'defect', 'gebroken', 'afgebroken', 'begeven', 'broken', 'broke', 'faulty', 'defective', 'dead', 'died', 'dies',
    // to break, as an expectation tells it ("Didn't expect it to break so soon", "Never thought it would break")
    'to break', 'would break', 'zou breken'],
  'stopped working': ['stopped', 'gestopt', 'stopt', 'stopte', 'stops', 'stopt ermee', 'stopt met werken', 'houdt op met', 'hield op met', 'houdt ermee op', 'hield ermee op', 'uitgevallen', 'valt … uit', 'gaat … uit', 'vastgelopen', 'loopt … vast', 'crash*',
    'disconnect*', 'valt … weg', 'drains', 'drained', 'leeg', 'vanzelf', 'by itself', 'keeps *ing', 'keep *ing', 'kept *ing', 'is zwart', 'blijft zwart',
    'zwart scherm', 'black screen', 'screen is black', 'goes black', 'flikkert', 'flikkeren', 'flickers', 'flickering', 'unresponsive',
    'reageert niet',
    // a battery empty, not a price ("no charge" is free: SPARED)
    'no charge left', 'holds no charge', 'hold no charge', 'has no charge', 'keeps no charge'],
  'leaks': ['lek', 'lekt', 'lekken', 'lekke', 'lekkage', 'leak*', 'water gets in', 'loopt leeg', 'puncture', 'flat tyre', 'flat tire',
    // a tyre that goes soft or flat ("Mijn band is weer zacht", "weer plat", "The tyre is flat again", "tyre keeps going soft")
    ...TYRES.map((tyre) => `${tyre} …! zacht`), 'weer zacht', 'platte band', 'band … plat', 'weer plat', 'flat again', 'soft again', 'went flat', 'gone flat', 'goes flat', 'going flat',
    'went soft', 'goes soft', 'going soft', ...['tyre', 'tire', 'tyres', 'tires'].flatMap((tyre) => [`${tyre} …! flat`, `${tyre} …! soft`]),
    'werd … nat', 'word … nat', 'wordt … nat', 'nat geworden', 'got wet', 'get wet', 'gets wet'],
  'noise': ['piep*', 'gepiep', 'kraak*', 'kraken', 'krakend', 'gekraak', 'rammel*', 'geratel', 'ratel*', 'tikt', 'tikken', 'tikkend', 'klikt',
    'zoemt', 'bromt', 'lawaai', 'herrie', 'squeak*', 'squeal*', 'creak*', 'rattl*', 'clicking', 'clunk*', 'grind*', 'buzz*', 'crackl*', 'noise', 'noisy'],
  'stuck or loose': ['los', 'loose', 'eraf', 'came off', 'fell off', 'falls off', 'came apart', 'fell apart', 'falls apart', 'fallen apart', 'falling apart', 'coming apart', 'valt uit elkaar', 'viel uit elkaar', 'uit elkaar gevallen', 'undone', 'wobbl*', 'wiebel*', 'slingert', 'slingeren', 'slag in', 'buckled',
    'stuck', 'jammed', 'zit vast', 'klem', 'klemt'],
  'does its job badly': ['strepen', 'streaks', 'trekt naar', 'pulls to', 'overheat*', 'oververhit', 'te warm', 'te heet', 'too hot', 'erg warm',
    // what should cool blows warm: "de airco blaast warm", "the aircon blows warm" (a warm coat is no complaint: sentiment.ts);
    // only the airco named (a heater should: "De kachel blaast weer warm, top!")
    ...['airco', 'aircon', 'airconditioning', 'ac', 'koeling', 'klimaatregeling', 'climate'].flatMap((cooler) => ['blaast', 'blies', 'blazen', 'blows',
      'blowing', 'blew', 'koelt', 'cools', 'geeft'].flatMap((blows) => ['warm', 'warme lucht', 'heet', 'lauw', 'hot', 'warm air']
      .flatMap((warm) => [`${cooler} ${blows} ${warm}`, `${cooler} ${blows} … ${warm}`, `${cooler} is ${blows} ${warm}`, `${blows} de ${cooler} ${warm}`]))),
    'schuur*', 'rubs', 'rubbing', 'ongelijk', 'uneven', 'aan een kant', 'one side',
    // heavy to ride or to move ("Hij rijdt zwaar", "Fiets fietst zwaar", "rides heavy"); a chain gone dry ("Ketting is
    // weer droog": "droog" alone is a coat's praise, "Blijft lekker droog")
    ...HEAVY, 'weer zwaar', 'zwaar te trappen', 'zwaar trappen', 'rides heavy', 'rides heavily', 'heavy to ride', 'heavy to pedal', 'hard to pedal',
    'pedals heavy', 'steers heavy', 'heavy again', 'ketting …! droog', 'droge ketting', 'weer droog', 'chain …! dry', 'dry chain', 'dry again'],
  'damage': ['scheur', 'gescheurd', 'barst', 'gebarsten', 'gat', 'kras', 'krasje', 'krassen', 'deuk', 'beschadigd', 'versleten', 'gerafeld',
    'gekrompen', 'uitgelopen', 'verkleurd', 'pluist', 'cracked', 'crack', 'torn', 'hole', 'scratch*', 'damaged', 'dent', 'worn out', 'frayed',
    'snapped', 'shrank', 'shrunk', 'faded', 'patchy', 'roest', 'roestig', 'rusty', 'rusted', 'ingezakt', 'slijt', 'slijten', 'sleet', 'slijtage', 'vlek', 'vlekken', 'stained',
    'losgeraakt', 'wonky', 'tore', 'ripped', 'scheurt', 'krast', 'scheef', 'scheve', 'crooked', 'lopsided',
    // what a florist's or a greengrocer's customers find
    'verwelkt', 'verlept', 'slap', 'beschimmeld', 'schimmel', 'rot', 'rotte', 'bedorven', 'zuur', 'wilted', 'withered', 'mouldy', 'moldy', 'rotten', 'gone off'],
  'danger': ['vlam', 'vlam gevat', 'in brand', 'brand gevlogen', 'smeult', 'gesmolten', 'vonken', 'kortsluiting', 'ontploft',
    'caught fire', 'on fire', 'smoking', 'melted', 'sparks', 'sparked', 'short circuit', 'exploded', 'electric shock', 'wordt warm',
    // hotter said with a word between ("wordt heel warm"), but not "wordt lekker warm", as a heater should
    'wordt heel warm', 'wordt erg warm', 'wordt zo warm', 'wordt heel heet', 'wordt erg heet', 'wordt zo heet', 'gets very hot', 'gets really hot',
    'wordt heet', 'gets hot', 'gets warm', 'got hot', 'heats up', 'rookt', 'rookte', 'smoke', 'smoke came out',
    // smoke as a noun ("er komt rook uit de motorkap"; "rook" alone is also "smelled", "ik rook" "I smoke"), steam, a smell of fuel or burning
    'komt rook', 'kwam rook', 'komt …! rook', 'kwam …! rook', 'rook uit', 'rook onder', 'rook bij', 'rook van', 'rookwolk*', 'rookpluim*', 'rookontwikkeling',
    'witte rook', 'blauwe rook', 'zwarte rook', 'veel rook', 'komt stoom', 'kwam stoom', 'stoom uit', 'steam coming', 'steam from', 'steaming',
    ...['ruikt', 'rook', 'stinkt', 'stonk', 'smells', 'smelled', 'smelt', 'stinks', 'stank'].flatMap((smells) => ['benzine', 'diesel', 'gas', 'olie',
      'brand', 'verbrand', 'verbrande', 'schroei', 'rook', 'petrol', 'fuel', 'burning', 'oil', 'smoke', 'burnt'].flatMap((what) =>
      [`${smells} …! naar ${what}`, `${smells} naar ${what}`, `${smells} …! of ${what}`, `${smells} of ${what}`, `${smells} like ${what}`, `${smells} …! like ${what}`])),
    'benzinelucht', 'benzinegeur', 'brandlucht', 'brandgeur', 'schroeilucht', 'gaslucht', 'burning smell', 'smell of burning', 'smell of petrol', 'smell of fuel', 'schok', 'schokken', 'geschokt',
    'shock', 'opgezwollen', 'opgezet', 'swollen', 'bulging', 'ingeklapt', 'klapte in', 'klapte … in', 'collapsed', 'gedronken', 'ingeslikt',
    'doorgeslikt', 'swallowed', 'benauwd', 'kan niet ademen', "can't breathe", 'ziek geworden', 'got sick', 'made me sick'],
  // Stranded, or crying for help: "Ik sta langs de weg", "broke down on the motorway", "Help me" (the whole message
  // "Help" is the SMS keyword: classify.ts). Only a clause that opens with "help me" is one: "Can you help me?" asks.
  // (not the help that came, which customers praise: "Jullie sleepdienst was super", "The tow truck driver was great",
  // "Pechhulp was snel ter plaatse", "SOS service was fantastisch")
  'stranded or in need of help': ['langs de weg', 'kant van de weg', 'op de vluchtstrook', 'vluchtstrook', 'pech',
    'weggesleept', 'gestrand', 'sta stil', 'stond stil', 'staat stil op', 'stilgevallen', 'stil komen te staan',
    'stranded', 'broke down', 'broken down', 'side of the road', 'hard shoulder', 'towed away', 'had to be towed', 'got towed', 'was towed',
    'call the aa', 'call the rac',
    // a car broken down ("Breakdown on the A2", "a breakdown on the way home", "another breakdown"); not a breakdown of
    // the bill ("Thanks for the breakdown", "Got a breakdown, very clear"): 'not trouble'. Not "had a breakdown" alone
    // either, which is as often the bill explained ("Had a breakdown explained by Jan, great service").
    'another breakdown', 'second breakdown', 'breakdown again',
    'breakdown for the second time', 'breakdown for the third time', '^ breakdown today', '^ breakdown yesterday', '^ breakdown this morning',
    ...['the motorway', 'the highway', 'the road', 'my way', 'the way home', 'the way to work', 'the ring road',
      ...ROADS.map((road) => `the ${road}`)].map((where) => `breakdown on ${where}`),
    // the breakdown service that had to come ("Had to call the ANWB", "Ik moest de wegenwacht bellen"); not the service
    // praised ("De wegenwacht was snel, top"), nor "gelukkig hoefde ik de wegenwacht niet te bellen", nor one called for
    // something else ("ANWB gebeld om lidmaatschap te verlengen, auto rijdt top": only a call that had to be made)
    'called the aa', 'called the rac',
    ...[...RESCUERS_NL, ...RESCUERS_EN].flatMap((who) => [`had to call ${who}`, `had to call the ${who}`, `had to ring the ${who}`]),
    'had to call a tow truck', 'had to call a tow',
    ...RESCUERS_NL.flatMap((who) => [`moest de ${who} bellen`, `moesten de ${who} bellen`, `moest ${who} bellen`, `${who} moeten bellen`,
      `${who} laten komen`, `${who} moest komen`, `${who} erbij moeten halen`]),
    ...['help me', 'help mij', 'help ons', 'help us', 'please help', 'help please', 'help alsjeblieft', 'help aub', 'help svp'].map((help) => `^ ${help}`),
    'noodgeval', 'noodsituatie'],
  'skin or body': [
    // "zeer" is "pain" only where it ends the clause or names where: "het doet zeer", not "doet zeer goed werk"
    'doet zeer $', 'doen zeer $', 'deed zeer $', 'deden zeer $', 'doet het zeer $', 'doet echt zeer $', 'doet nog zeer $', 'doet nog steeds zeer',
    'doet zeer aan', 'doet zeer bij', 'doen zeer aan', 'doen zeer bij',
    'hoest', 'hoesten', 'cough*', 'uitslag', 'jeuk*', 'blaar', 'blaren', 'allergi*', 'irritatie', 'misselijk', 'duizelig', 'bloedt', 'bloeden', 'bloeding', 'bloedneus', 'bleeding', 'bleeds', 'slaperig', 'suf', 'sufferig', 'drowsy', 'pijn', '*pijn', 'last … van', 'prikt',
    'prikken', 'brandt', 'bijwerking*', 'rash', 'itch*', 'blister*', 'allerg*', 'irritat*', 'nause*', 'dizzy', 'headache', 'pain', 'painful', 'hurt*', 'sore', 'burning',
    'stinging', 'side effect*', 'diarree', 'diarrhea', 'diarrhoea', 'overgeven', 'overgegeven', 'vomit*', 'ben gevallen', 'i fell',
    // what a pharmacy's customers took something for, still there or brought on ("Still got heartburn" after Gaviscon,
    // "Gave me the runs" after an antibiotic; not "the runs" a runner does in new shoes)
    'sleepy', 'heartburn', 'maagzuur', 'zuurbranden', 'reflux', 'indigestion', 'constipat*', 'obstipatie', 'verstopping', 'buikkramp*', 'kramp', 'krampen',
    'cramp', 'cramps', 'bloated', 'opgeblazen gevoel', 'buikloop', 'koorts', 'fever', 'loopneus', 'runny nose', 'verstopte neus', 'blocked nose',
    'stuffy nose', ...['gave me', 'given me', 'got', 'had', 'have', 'has', 'having', 'getting'].map((got) => `${got} the runs`)],
  // Worse than before, the thing or the customer ("Ik voel me slechter", "het is erger geworden", "feeling worse"); "kan
  // erger", "could be worse" are "not too bad" ('not sure'), "niet slechter" no praise either ('not sure').
  'worse': ['slechter', 'erger', 'beroerder', 'verergerd', 'verslechterd', 'worse', 'worsened', 'worsening'],
  'does not fit': ['te klein', 'te groot', 'te kort', 'te lang', 'te krap', 'te strak', 'te wijd', 'te smal', 'knel*',
    'too small', 'too big', 'too tight', 'too short', 'too long', 'too narrow', 'too large', 'too loose',
    // a size said more gently: "valt wat groot", "beetje krap", "aan de grote kant", "runs small"
    'valt groot', 'valt klein', 'valt … groot', 'valt … klein', 'wat groot', 'wat klein', 'wat krap', 'beetje groot', 'beetje klein',
    'beetje krap', 'ietsje groot', 'ietsje klein', 'aan de grote kant', 'aan de kleine kant', 'aan de krappe kant', 'runs small', 'runs large',
    'runs big', 'slightly big', 'slightly small', 'a bit big', 'a bit small', 'a bit tight', 'on the small side', 'on the large side', 'on the big side'],
  'wrong or missing': ['verkeerd*', 'ontbreekt', 'ontbrak', 'mis', 'er mist', 'mist er', 'mist een', 'mist de', 'mist het', 'missing', 'wrong', 'niet ontvangen', 'never arrived', 'klopt niet',
    // a thing lost ("De reservesleutel is kwijt", "Er is geld weg uit de auto", "De radio code is weg", "The radio code is
    // gone"); not anything "weg" or "gone": a complaint or a symptom gone is good news ("de pijn is weg", "Het vieze
    // luchtje is weg", "The stain is gone!"), which the reader has no list of all of
    ...['is', 'zijn', 'was', 'waren', 'raakt', 'raakte'].flatMap((is) => ['kwijt', 'foetsie'].flatMap((gone) => [`${is} ${gone}`, `${is} … ${gone}`])),
    ...['code', 'radiocode', 'codes', 'geld', 'portemonnee', 'sleutel', 'sleutels', 'reservesleutel'].flatMap((what) => [`${what} is weg`, `${what} zijn weg`,
      `${what} was weg`, `${what} … weg uit`]),
    ...['code', 'codes', 'money', 'wallet', 'key', 'keys'].flatMap((what) => [`${what} is gone`, `${what} was gone`, `${what} are gone`, `${what} were gone`]),
    'weg uit', 'verdwenen uit', 'kwijtgeraakt', 'weggeraakt', 'disappeared from', 'gone from', 'went missing', 'is lost', 'got lost',
    // left undone by the shop: "you forgot to put the wheel trim back", "ze zijn vergeten de dop terug te zetten"; not the
    // customer's own "Forgot to say thanks!", "Vergeten te zeggen: top service!"
    'you forgot', 'you guys forgot', 'they forgot', 'someone forgot', 'mechanic forgot', 'forgot to put', 'forgot to refit', 'forgot to replace',
    'forgot to reconnect', 'forgot to tighten', 'forgot to fit', 'forgot to return', 'forgot to give', 'forgot to do', 'forgot to fill',
    'zijn … vergeten', 'hebben … vergeten', 'jullie … vergeten', 'vergeten terug te', 'vergeten … terug te', 'vergeten … vast te', 'vergeten … te monteren',
    'vergeten … te plaatsen', 'vergeten … te vullen', 'vergeten … mee te geven', 'vergeten … aan te sluiten',
    'niet teruggeplaatst', 'niet teruggezet', 'not put back',
    'gestolen', 'gejat', 'stolen',
    // stolen when, or how old it was, not the customer's previous one ('an aside'): "vorige week gestolen", "my 2 week
    // old bike was stolen"
    ...PREVIOUS.flatMap((before) => SPELLS.map((spell) => `${before} ${spell}`)).flatMap((when) => STOLEN.map((stolen) => `${when} … ${stolen}`)),
    ...SPELLS.flatMap((spell) => ['oude', 'old'].map((old) => `${spell} ${old}`)).flatMap((aged) => STOLEN.map((stolen) => `${aged} … ${stolen}`)),
    'anders dan', 'different from', 'maar half', 'half werk',
    'still waiting'],
  'return or refund': ['terugbrengen', 'terugsturen', 'retour*', 'ruilen', 'omruilen', 'geld terug', 'refund', 'money back', 'return it', 'send it back',
    'breng … terug', 'brengen … terug', 'stuur … terug', 'bring it back', 'take it back',
    // as an expectation tells it: "Had niet gedacht dat ik hem terug zou moeten brengen"
    'terug … brengen', 'terug … sturen'],
  'still the same': ['hetzelfde', 'zelfde geluid', 'zelfde probleem', 'same noise', 'same sound', 'same problem', 'same issue', 'as before',
    'alweer', 'back on', 'came back', 'still there'],
  'unhappy': ['klacht', 'klachten', 'klagen', 'probleem', 'problemen', 'teleurgesteld', 'teleurstellend', 'ontevreden', 'balen', 'jammer', 'helaas',
    'waardeloos', 'waardeloze', 'troep', 'bagger', 'rotzooi', 'drama', 'valt tegen', 'viel tegen', 'valt … tegen', 'viel … tegen', 'tegengevallen', 'spijt', 'meh', 'mwah', 'mwa', 'kan ermee door', 'aan te merken', 'problem', 'problems', 'issue', 'issues', 'complaint',
    'complaints', 'complain', 'fault', 'disappointed', 'disappointing', 'unhappy', 'worst', 'terrible', 'awful', 'horrible', 'useless', 'rubbish',
    // no effort made for the customer (no trouble one had is good news: SPARED)
    'geen moeite … gedaan', 'geen moeite … genomen', 'geen moeite … doen', 'geen moeite … nemen', 'deden geen moeite', 'deed geen moeite',
    'doen geen moeite', 'doet geen moeite', 'nam geen moeite', 'namen geen moeite', 'made no effort', 'makes no effort',
    // hassle had ("veel gedoe"; none is good news: SPARED)
    'veel gedoe', 'een gedoe', 'heel gedoe', 'gedoe met', 'a hassle', 'lot of hassle', 'lots of hassle',
    // slow, as an expectation tells it: "Had niet verwacht dat het zo lang zou duren", "Didn't expect it to take long"
    'zo lang duren', 'zo lang zou duren', 'zo lang duurde', 'duurde zo lang', 'lang geduurd', 'took so long', 'take so long', 'taking so long',
    'took ages', 'took forever', 'takes forever',
    // slow, said of the shop: its delivery, service or people ("slow delivery", "the service was slow", "Behalve
    // vriendelijk waren ze traag", "trage levering"); not of a thing that should be ("slow cooker", "ride it slowly")
    ...SLOW_WHAT_EN.flatMap((what) => [`slow ${what}`, ...['was', 'is', 'were', 'are'].map((is) => `${what} ${is} …! slow`)]),
    ...['they', 'you', 'you guys', 'staff'].flatMap((who) => [`${who} were slow`, `${who} were …! slow`, `${who} are slow`]), 'slow to respond',
    'slow to reply', 'slow to answer', 'slow to deliver',
    ...SLOW_WHAT_NL.flatMap((what) => ['trage', 'langzame'].map((slow) => `${slow} ${what}`).concat(['traag', 'langzaam']
      .flatMap((slow) => [`${what} was …! ${slow}`, `${what} is …! ${slow}`, `${what} ging …! ${slow}`, `${what} verliep …! ${slow}`]))),
    ...['ze', 'zij', 'jullie', 'u'].flatMap((who) => ['waren', 'zijn', 'was', 'reageerden', 'reageren', 'reageert'].flatMap((are) =>
      ['traag', 'langzaam'].flatMap((slow) => [`${are} ${who} …! ${slow}`, `${who} ${are} …! ${slow}`]))),
    'thanks for nothing', 'waste of money', 'waste of time', 'zonde van', 'kan beter', 'kon beter', 'kan veel beter', 'kon veel beter',
    'kan een stuk beter', 'kon een stuk beter', 'meer verwacht', 'meer van verwacht', 'could be better', 'expected more', 'expected better',
    'matig', 'middelmatig', 'mediocre', 'stinkt', 'stinks', 'stinky', 'smells funny', 'smells weird', 'smells off', 'tastes funny',
    'tastes weird', 'tastes off', 'ruikt raar', 'ruikt vreemd', 'ruikt vies', 'smaakt raar', 'smaakt vreemd', 'smaakt vies', 'overpriced',
    // too much for the price, said as a phrase so that "niet te duur" denies it whole (a price alone is PRICE's)
    'te duur', 'te prijzig', 'too expensive', 'too pricey',
    // as customers who write French or German say it ("Déçu", "Leider kaputt"; "pas de souci" denies one)
    'souci', 'soucis', 'probleme', 'problemes', 'decu', 'decue', 'decevant', 'mecontent', 'mecontente', 'mauvais', 'mauvaise', 'schlecht', 'enttauscht', 'unzufrieden',
    // worthless, Dutch and French, as the verdict that ends its clause ("Nul", "nul komma nul", "C'est nul", "Service: nul");
    // before a word it is a count of none, which denies it ("nul problemen" is good news): text.ts. Refused: "nul op het rekest".
    'nul $', 'nul komma nul $', 'nul op het rekest'],
  // Wished otherwise, softly: "het had beter gekund", "could have been better", "would have liked it shorter".
  'could have been better': ['had beter gekund', 'had beter gemogen', 'had beter gemoeten', 'had beter kunnen', 'zou beter kunnen',
    'zou beter mogen', 'mag beter', 'mocht beter', 'kan wat beter', 'kan iets beter', 'kan nog beter', 'had gehoopt', 'gehoopt op', 'had liever',
    'could have been better', "could've been better", 'could be a bit better', 'could be a little better', 'could be a lot better',
    'could be much better', 'could be way better', 'could do better', 'hoped for better', 'hoped for more', 'had hoped',
    'would have liked', "would've liked", 'would have preferred', "would've preferred", 'should have been better'],
  // Paid twice for one thing: "U heeft mij twee keer laten betalen", "Ik ben 2x gepind", "dubbel afgeschreven", "I paid
  // twice", "double charged" ("twee keer gekocht" is no complaint; denied it is good news: "hoefde niet dubbel te betalen").
  'charged twice': [...CHARGED_TWICE, 'dubbele kosten', 'dubbele afschrijving', 'dubbele betaling',
    'charged twice', 'charged … twice', 'paid twice', 'pay twice', 'paying twice', 'billed twice', 'billed … twice', 'invoiced twice', 'invoiced … twice', 'debited twice',
    'double charged', 'double charge', 'double charging', 'double billed', 'double invoiced', 'charged double', 'charged … double'],
  // Cheated, or charged more than was fair or agreed: "De verkoper heeft me afgezet", "te veel gerekend", "ripped off".
  // "Afgezet" only as no lift can be meant: felt, badly, by the seller or the shop ("Jan heeft me afgezet, super service",
  // "heeft me thuis afgezet" is a lift; so may "ik ben afgezet" be). Not "wordt", "werd afgezet": an engine, the water, a parcel.
  'ripped off': [
    // paying more than agreed, as an expectation tells it: "Had niet verwacht dat ik extra moest betalen", "didn't
    // expect to pay more"
    'extra … betalen', 'bijbetalen', 'bijbetaald', 'pay extra', 'pay more', 'paid extra', 'paid more', 'pay for extra','afgezet gevoeld', ...['voel', 'voelde', 'voelen', 'voelden', 'voel ik', 'voelde ik'].flatMap((felt) => ['me', 'mij', 'ons']
    .map((me) => `${felt} ${me} afgezet`)), 'flink afgezet', 'behoorlijk afgezet', 'lelijk afgezet', 'keihard afgezet', 'afzetter*',
    ...['verkoper', 'winkel', 'zaak', 'webshop'].flatMap((who) => ['me', 'mij', 'ons'].map((me) => `${who} heeft ${me} afgezet $`)),
    // the shop or "they", many who did it: no lift ("jullie hebben me afgezet", "ze hebben ons afgezet")
    ...['jullie', 'ze', 'zij'].flatMap((who) => ['me', 'mij', 'ons'].map((me) => `${who} hebben ${me} afgezet $`)),
    'oplichter*', 'opgelicht', 'belazerd',
    ...['te veel', 'teveel'].flatMap((much) => ['betaald', 'gerekend', 'berekend', 'afgerekend', 'afgeschreven', 'laten betalen', 'moeten betalen',
      'voor betaald', 'in rekening gebracht'].map((charged) => `${much} ${charged}`)),
    ...CHARGED_MORE.flatMap((charged) => [`meer ${charged} dan afgesproken`, `meer … ${charged} dan afgesproken`, `${charged} … meer dan afgesproken`]),
    'meer … dan de offerte', 'meer … dan begroot',
    // a bill higher than agreed or expected ("de rekening was 100 euro hoger", "hoger dan verwacht"): the owner explains it ("wel duur" is PRICE's)
    ...['rekening', 'factuur', 'bedrag', 'prijs', 'nota', 'bill', 'invoice', 'price'].flatMap((bill) => [`${bill} … hoger`, `${bill} … higher`,
      `${bill} … meer dan`, `${bill} … more than`]),
    // (not "meer dan verwacht" alone: "ze deden meer dan verwacht" is praise)
    // (higher than expected is a word on the price, PRICE's: "Iets duurder dan verwacht, prima werk")
    ...['hoger', 'duurder', 'higher', 'pricier', 'more expensive'].flatMap((more) => [`${more} dan afgesproken`,
      `${more} dan gezegd`, `${more} dan opgegeven`, `${more} than quoted`, `${more} than agreed`,
      `${more} than we were told`, `${more} than i was told`]),
    'euro hoger', 'euro meer', 'euro duurder', 'pounds more', 'dollars more', 'scammed', 'a scam', 'een scam', 'total scam', 'complete scam', 'is scam', 'pure scam', 'rip off', 'ripoff', 'ripped off', 'cheated',
    'overcharged', 'overcharging', 'overcharge', 'charged too much', 'charged me too much', 'charged us too much', 'paid too much', 'pay too much',
    'paying too much', 'more than the quote', ...CHARGED_MORE_EN.flatMap((charged) => [`${charged} … more than agreed`, `${charged} … more than we agreed`]),
    'more than quoted'],
  // Rude staff: "Het personeel was grof", "onvriendelijke verkoper", "staff were rude". "Grof" only of people or what
  // they do: "lekker grof gebreid", "een grof profiel", "grof zand" are no complaint; "grof geld" is the price.
  'rude staff': [...['personeel', 'verkoper*', 'verkoopster', 'medewerk*', 'kassier*', 'kassa*', 'monteur', 'eigenaar', 'bediening', 'baliemedewerk*']
    .map((who) => `${who} … grof`),
    // said of people: "jullie zijn grof", "ze was grof", "de bezorger was grof"
    ...['jullie zijn', 'jullie waren', 'hij was', 'zij was', 'ze was', 'bezorger*', 'chauffeur']
      .map((who) => `${who} … grof`), 'grof tegen', 'grof behandeld', 'grof bejegend', 'grof gedrag', 'grof taalgebruik',
    'grof in de mond', 'grof gereageerd', 'grof geantwoord', 'grof aangesproken', 'deed grof', 'deden grof', 'onbeleefd', 'onbeleefde', 'onvriendelijk', 'onvriendelijke', 'brutaal', 'brutale', 'onbeschoft', 'onbeschofte',
    'chagrijnig', 'chagrijnige', 'nors', 'snauw*', '*snauwd', 'uitgescholden', 'rude', 'unfriendly', 'impolite', 'disrespectful',
    'snapped at'],
  // Sorry to have bought it here, which "spijt" says too: "Ik had het beter online kunnen kopen", "should have bought it
  // elsewhere" (cheaper elsewhere alone is a word on the price: PRICE). Not "had er beter twee kunnen kopen".
  'regret buying here': [...['online', 'elders', 'ergens anders', 'bij …', 'op internet'].flatMap(regret),
  ...['should have', "should've", 'should of', 'wish i had', "wish i'd"].flatMap((should) => [`${should} bought … online`, `${should} bought … elsewhere`,
    `${should} bought … somewhere else`, `${should} ordered … online`, `${should} gone elsewhere`, `${should} gone somewhere else`])],
  // Phrases that hide a table word: "een stuk beter" is not broken, "my fault" is no complaint; and ordinary words one
  // letter off a table word, which would otherwise be read as its typo ("klinkt" is not "klikt", "wordt" not "worst"),
  // or as praise typed in a hurry ("thans" is not "thanks", "prisma" not "prima": PRAISED_ALONE's, from a Dutch and
  // an English spelling list).
  'not trouble': [
    // the help that came ("The breakdown service was great") and a breakdown of what was paid are no breakdown
    ...['service', 'services', 'cover', 'recovery', 'truck', 'assistance', 'van', 'company', 'help', 'team', 'mechanic', 'guy', 'man', 'driver',
      'of'].map((what) => `breakdown ${what}`), 'cost breakdown', 'costs breakdown', 'price breakdown', 'clear breakdown', 'full breakdown',
    'detailed breakdown', 'a breakdown of', 'the breakdown of',
    // nor one on the bill, nor one "on my way out" ("I got a breakdown on the invoice", "Loved the breakdown on my way
    // out"): longer than the car's ("breakdown on my way"), so they win where both are read
    ...BILLS.map((bill) => `breakdown on the ${bill}`), 'breakdown on my way out',
    // the service called out before, and no more ("Before I had to call the breakdown service every month, now it's perfect")
    ...[...RESCUERS_NL, ...RESCUERS_EN].flatMap((who) => [`before i had to call the ${who}`, `used to call the ${who}`]),
    // the road, not a thing gone ("dit is de weg naar huis")
    ...['is', 'zijn', 'was', 'waren'].map((is) => `${is} … de weg`),
    // what the customer forgot is no job left undone ("Ik was vergeten te zeggen: top!")
    'ik was … vergeten', 'ik ben … vergeten', 'was ik … vergeten', 'ben ik … vergeten', 'i forgot', 'i had forgotten', "i'd forgotten", "i've forgotten",
    'we zijn … vergeten', 'wij zijn … vergeten', 'we waren … vergeten', 'we hebben … vergeten', 'ik heb … vergeten', 'we forgot', "we'd forgotten",
    // someone else's purchase, said by who answers ("I'm not the owner, my husband says it's fine"): no complaint
    ...['niet', 'not', "isn't", "i'm not", 'geen'].flatMap((not) => ['de eigenaar', 'eigenaar', 'de koper', 'de klant', 'de bestuurder', 'the owner',
      'the buyer', 'the customer', 'the driver', 'the one who', 'degene die'].map((who) => `${not} ${who}`)),
    // a slip on the page's buttons, said beside the answer meant ("Sorry verkeerde knop, alles goed"); the network
    // reads the words around it (a slip said and nothing else is 'an aside': "sorry verkeerde knop", "verkeerde knop")
    'verkeerde knop $', 'op de verkeerde knop', 'verkeerde knop gedrukt', 'verkeerde knop ingedrukt', 'verkeerde knop getikt',
    'verkeerde knop geklikt', 'verkeerd gedrukt', 'wrong button $',
    'pressed the wrong', 'clicked the wrong', 'tapped the wrong', 'hit the wrong', 'misclick*',
    // what is still to do, or still owned, is nothing still had (PERSISTS): "Still have to try it", "Still got mine from 2015"
    ...['have', 'got', 'getting', 'get'].flatMap((got) => ['to', 'it', 'them', 'mine', 'one'].map((what) => `still ${got} ${what}`)),
    // a strap or a band soft as it should be ("De band is lekker zacht"), no tyre gone soft
    ...TYRES.flatMap((tyre) => SOFTLY.map((softly) => `${tyre} … ${softly} zacht`)),
    'een stuk', 'mijn fout', 'my fault', 'klinkt', 'wordt', 'moest', 'gegeven', 'stock', 'crusty', 'krant', 'scheert', 'vonden', 'roken', 'gestopt met roken', 'stoppen met roken', 'stop met roken', 'quit smoking', 'stopped smoking',
    'thans', 'tanks', 'prisma', 'prim', 'primal', 'souper', 'supper',
    // paid in instalments ("in twee keer betalen"), or as often as a service is due ("pay twice a year")
    ...CHARGED_TWICE.map((charged) => `in ${charged}`), 'pay twice a', 'paid twice a', 'paying twice a',
    // twice as the customer chose, or worked out: "ik heb nu twee keer betaald met tikkie" (two visits), "pas geweigerd
    // dus heb ik 2x gepind", "heeft het twee keer berekend en het klopte", "I'd pay twice as much", "double charging dock"
    ...CHARGED_TWICE.flatMap((charged) => [`nu ${charged}`, `dus heb ik ${charged}`]), ...TWICE.map((twice) => `het ${twice} berekend`),
    'pay twice as', 'paid twice as', 'paying twice as', ...['dock', 'station', 'stand', 'pad', 'cable', 'port'].map((thing) => `double charging ${thing}`),
    // a scam thought of and found not to be ("dacht dat het een scam was haha maar alles top")
    'dacht … een scam', 'dachten … een scam', 'thought … a scam',
    // sorry not to have bought it here sooner: praise ("had ik dit maar eerder bij jullie moeten kopen")
    ...['bij jullie …', 'bij u …'].flatMap(regret),
    // coarse, of a thing, not the staff
    'grof gemalen', 'grof zout', 'grof zand', 'grof grind', 'grof schuurpapier', 'grof vuil', 'grof geschat', 'grof weg', 'grof gebouwd', 'grof gebreid', 'grof gebreide'],
  // What says nothing of how it went, and whose words are neither cold nor learned from complaints (table.ts,
  // reader.ts): a slip of the customer's typing or chat, said so ("Sorry, verkeerd getypt. Alles top!", "Oeps verkeerd,
  // bedoelde: alles goed", "sorry wrong text, all good"; not "sorry verkeerde maat", "sorry maar alles is verkeerd"),
  // and the customer's previous one stolen, which this one replaces ("mijn vorige fiets was gestolen dus blij …", "my
  // old one was stolen so happy to have a new one"; stolen when, or at what age, is a theft told: 'wrong or missing')
  'an aside': ['verkeerd getypt', 'verkeerd ingetypt', 'verkeerd ingetikt', 'verkeerde chat', 'verkeerde gesprek', 'verkeerde app', 'wrong chat',
    'wrong thread', 'wrong conversation', ...SLIPS.flatMap((slip) => ['verkeerd $', 'verkeerd bericht', 'verkeerd berichtje', 'verkeerde bericht',
      'verkeerde berichtje', 'verkeerde knop', 'wrong $', 'wrong text', 'wrong message', 'wrong reply', 'wrong button', 'wrong one'].map((amiss) => `${slip} ${amiss}`)),
    // a slip on the page's buttons or in sending, alone ("sorry verkeerde knop", "verkeerde knop", "wrong button
    // sorry", "oops sent by accident") or beside the answer meant ("Sorry verkeerde knop, alles goed"): nothing for the
    // owner to call about, and no "wat vervelend" back; the owner reads it, without an alert (reader.ts). Not a button
    // on the bike: "verkeerde knop op de fiets gezet", "Ze hebben de verkeerde knop vervangen"
    '^ verkeerde knop $', '^ wrong button $', ...SLIPS.flatMap((slip) => [`verkeerde knop ${slip}`, `wrong button ${slip}`, `${slip} per ongeluk $`,
      `${slip} by accident $`, `${slip} by mistake $`]),
    // mis- or verkeerd geklikt, getypt, getikt, in one word or two ("mis geklikt", "sorry mis getypt", "misgeklikt"):
    // the network learned "mis" from complaints, and read them as one; not "de versnelling klikt mis", "het ging mis"
    ...['mis', 'verkeerd'].flatMap((amiss) => ['geklikt', 'getypt', 'getikt'].flatMap((done) => [`${amiss} ${done}`, `${amiss}${done}`])),
    // "Oops" that ends its clause, alone or with a sorry ("Oops!", "Oops sorry"), as "oeps" is: a slip, not what the
    // network learned of "oops" ("oops the brake broke" stays a complaint)
    ...OOPS.flatMap((oops) => [`${oops} $`, `${oops} sorry $`, `sorry ${oops} $`]),
    // the slip owned ("oops my bad", "My bad", "sorry mijn fout"): the network learned "bad" and "fout" from
    // complaints; not a thing's fault ("de fout zit in de remmen"), nor "my bad knee"
    'my bad $', ...SLIPS.flatMap((slip) => [`${slip} my bad $`, `my bad ${slip} $`, `${slip} my mistake $`, `${slip} mijn fout $`,
      `${slip} mijn foutje $`]),
    ...[...['verstuurd', 'gestuurd', 'verzonden', 'gedrukt', 'geklikt', 'getikt'].flatMap((sent) => [`per ongeluk ${sent}`, `per ongeluk … ${sent}`]),
      ...['ik heb ', 'heb '].flatMap((i) => ['gedrukt', 'geklikt', 'getikt'].map((pressed) => `${i}op de verkeerde knop ${pressed}`)),
      ...['sent', 'pressed', 'clicked', 'tapped', 'hit send'].flatMap((sent) => ['', ' this', ' it', ' that'].flatMap((it) => [`${sent}${it} by accident`,
        `${sent}${it} by mistake`])),
      ...['', 'i '].flatMap((i) => ['pressed', 'clicked', 'tapped', 'hit'].map((pressed) => `${i}${pressed} the wrong button`))]
      .flatMap((said) => [said, ...SLIPS.flatMap((slip) => [`${slip} ${said}`, `${said} ${slip}`])]),
    ...PREVIOUS.flatMap((before) => STOLEN.map((stolen) => `${before} … ${stolen}`))],
  // Not knowing yet is not a complaint, even said with "niet": the owner reads it without an alert.
  'not sure': ['weet niet', 'weet het niet', 'weet ik niet', 'geen idee', 'niet zeker', 'wennen', 'gewend', "don't know", 'dont know', 'not sure',
    'no idea', 'used to it', 'hang of it', 'te vroeg', 'too early', 'too soon', 'afwachten', 'wait and see', "we'll see",
    // "not too bad": neither praise nor a complaint, and no "wat vervelend" for it
    'valt mee', 'valt wel mee', 'gaat wel', 'kan ermee door',
    // and so is "not worse": after a medicine it is no better either ("Ik voel me niet slechter", "no worse")
    'kan erger', 'kon erger', 'kan slechter', 'kon slechter', 'had erger gekund', 'had slechter gekund', 'had erger kunnen zijn', 'could be worse',
    'could have been worse', "could've been worse", 'niet slechter', 'niet erger', 'niks erger', 'niets erger', 'not worse', 'no worse',
    'not any worse'],
};

/**
 * A word on the price ("wel duur", "fine but pricey", "niet goedkoop"): something for the owner to read, not a complaint
 * to call back about, as too much is ("te duur", "overpriced"). Beside praise it keeps the reply on the owner's list,
 * without an alert; denied it is praise ("niet duur"), and before a "maar" that praises it is conceded ("duur, maar het
 * is het waard"): reader.ts.
 */
export const PRICE = ['duur', 'dure', 'prijzig', 'prijzige', 'hoge kosten', 'high cost', 'high costs', 'aan de dure kant', 'aan de prijzige kant', 'niet goedkoop', 'pricey', 'pricy',
  // dearer than the customer expected, which the owner reads (higher than agreed is a complaint: TROUBLE)
  ...['hoger', 'duurder', 'higher', 'pricier', 'more expensive'].flatMap((more) => [`${more} dan verwacht`, `${more} uitgevallen`, `${more} than expected`,
    ...['rekening', 'factuur', 'bedrag', 'prijs', 'nota', 'bill', 'invoice', 'price'].flatMap((bill) => [`${bill} … ${more} dan verwacht`,
      `${bill} … ${more} than expected`])]),
  'expensive', 'on the expensive side', 'on the pricey side', 'not cheap', 'grof geld',
  // cheaper elsewhere, as "duur" said by comparison ("Bij de Gamma is het goedkoper", "cheaper online"); too much is a
  // complaint ("te veel betaald"), and so is being sorry one bought it here ("had het beter online kunnen kopen"): TROUBLE
  ...['elders', 'ergens anders', 'online', 'op internet'].flatMap((where) => [`goedkoper ${where}`, ...[where, ...['is het', 'is hij', 'is ie',
    'was het', 'was hij', 'zijn ze', 'waren ze', 'veel', 'een stuk', 'stukken', 'wel', 'nog', 'ook', 'echt', 'zelfs', 'flink', 'vaak']
    .map((said) => `${where} ${said}`)].map((said) => `${said} goedkoper`)]),
  'is het goedkoper $', 'is hij goedkoper $', 'is ie goedkoper $', 'zijn ze goedkoper $', 'was het goedkoper $', 'was hij goedkoper $',
  'waren ze goedkoper $', 'goedkoper kunnen kopen', 'goedkoper kunnen krijgen', 'goedkoper te krijgen', 'goedkoper te koop',
  ...['elsewhere', 'somewhere else', 'online'].flatMap((where) => [`cheaper ${where}`, `${where} … cheaper`]),
  'cheaper at', 'cheaper from', 'found it cheaper', 'could have got it cheaper', 'could have bought it cheaper'];

/**
 * What one is glad to be without, unlike what one wanted (a reply, an answer, the part, the receipt, a call back, help):
 * denied by a word of none right before it (NONE; SPARED_MORE may stand between) it is good news, "geen kosten", "geen
 * extra kosten", "zonder gedoe", "no wait", "no hidden fees", "Opmerkingen: geen", where "geen reactie gekregen" and
 * "no reply" are complaints (table.ts). On its own, or denied from further off ("geen bon gekregen voor de kosten"),
 * it is an ordinary word: "Kosten: 45 euro", "De kosten vielen mee", "Opmerkingen: fijne winkel". A phrase that holds
 * its own negator is good news as it stands: "het kostte (me) niks", "kostte geen cent", "nothing to add" ("geen cent
 * waard" is still a complaint). Pain is the table's ("geen pijn" is a complaint denied), and so are issues and problems.
 */
export const SPARED = [
  'kosten', 'meerkosten', 'bijkosten', 'verzendkosten', 'voorrijkosten', 'wachttijd', 'wachttijden', 'wachten', 'wachtrij', 'opmerking',
  'opmerkingen', 'aanmerking', 'aanmerkingen', 'gedoe', 'gezeur', 'moeite', 'zorgen', 'schade', 'vertraging', 'last', 'stress',
  // a charge only at the clause's end: "no charge after one day", "no charge for two days" are a battery's
  'charge $', 'charges $', 'cost', 'costs', 'fee', 'fees', 'wait', 'waiting', 'queue', 'delay', 'delays', 'hassle', 'fuss', 'trouble', 'remarks',
  'comments', 'damage', 'worries',
  'kost … niks', 'kost … niets', 'kostte … niks', 'kostte … niets', 'kosten … niks', 'kosten … niets', 'kostten … niks', 'kostten … niets',
  'kost … geen cent', 'kostte … geen cent', 'kosten … geen cent', 'niks gekost', 'niets gekost', 'geen cent gekost', 'niks hoeven betalen',
  'niets hoeven betalen', 'hoefde niks … betalen', 'hoefde niets … betalen', 'niets toe te voegen', 'niks toe te voegen',
  'niets aan toe te voegen', 'niks aan toe te voegen', 'costs … nothing', 'cost … nothing', 'nothing to pay', 'nothing to add',
  'nothing more to add', "didn't have to pay", 'did not have to pay', 'niet … hoeven wachten', 'hoefde niet … wachten', 'hoefden niet … wachten',
  'hoef niet … wachten', 'hoeft niet … wachten', "didn't have to wait", 'did not have to wait',
];
/** Words of none, which deny the thing after them ("geen kosten"), not a deed ("niet teruggebeld"); "nul" and "0" as text.ts reads them. */
export const NONE = new Set(['geen', 'zonder', 'nul', '0', 'no', 'zero', 'without', 'kein', 'keine', 'keinen', 'sans', 'aucun', 'aucune']);
/**
 * Words that may stand between a word of none and what one is glad to be without: "geen extra kosten", "no hidden fees";
 * not "enkele" before "moeite": "geen enkele moeite gedaan" is no effort made (SPARED_MORE_NOT).
 */
export const SPARED_MORE = new Set(['extra', 'verdere', 'bijkomende', 'verborgen', 'onverwachte', 'enkele', 'enkel', 'andere', 'lange', 'grote',
  'additional', 'hidden', 'further', 'other', 'unexpected', 'any', 'long', 'big']);
export const SPARED_MORE_NOT: ReadonlyMap<string, Set<string>> = new Map([['moeite', new Set(['enkele', 'enkel'])]]);
/**
 * Denied by a word of none, what one is glad to be without is good news only at its clause's end ("geen kosten",
 * "Geen kosten, top") or before one of these words, which keep its meaning: "geen kosten gehad", "geen kosten meer",
 * "no wait at all", "geen schade aan de fiets", "zonder extra kosten gerepareerd" (or a warm word or an emoji:
 * table.ts). Before any other word it says what the customer did not get: "geen kosten terugbetaald", "geen schade
 * vergoed", "no costs reimbursed", "no cost estimate given", "geen wachttijd opgegeven" are complaints.
 */
export const SPARED_KEPT = new Set([
  'gehad', 'geweest', 'ondervonden', 'gemerkt', 'gezien', 'meer', 'van', 'voor', 'aan', 'op', 'in', 'bij', 'met', 'te', 'nodig', 'hoor', 'joh',
  'betaald', 'gerekend', 'berekend', 'gemaakt', 'gerepareerd', 'geholpen', 'opgelost', 'vervangen', 'geleverd', 'bezorgd', 'verholpen',
  'had', 'been', 'at', 'whatsoever', 'more', 'anymore', 'of', 'for', 'to', 'on', 'with', 'needed', 'involved', 'incurred', 'paid', 'charged',
  'repaired', 'fixed', 'replaced', 'delivered', 'time', 'times', 'mate', 'en', 'and',
]);
/**
 * What can be paid back (costs, damage, and the words a phrase in PAID_BACK says it with): denied by a word of none
 * ("geen", "no"; not "zonder", "without", which say how a thing was done) and said in its clause to be paid back,
 * after it ("Geen kosten van de reparatie vergoed", "geen schade aan de fiets vergoed", "no costs for the repair
 * reimbursed") or right before it by who pays, named (SUBJECTS, PAYERS, PAYING_SHOPS: "Ze vergoedden geen kosten",
 * "vergoeden ze geen kosten", "They refunded no costs", "De verzekering vergoedt geen kosten"; PAID_BACK_BETWEEN may
 * stand around the verb: "ze vergoeden ook geen kosten", "They still refunded me no costs"), none of it was: a
 * complaint, even before a word that keeps it good news (SPARED_KEPT). A verb before it with nobody named is what was
 * paid back, the costs after it good news: "alles vergoed geen kosten", "Fully refunded no costs". Not after a word
 * that says why or what followed, nor after everything: "Geen kosten want alles werd vergoed" is good news
 * (PAID_BACK_NOT_AFTER); nor after a new sentence ("geen kosten gehad de verzekering vergoedde het", "no fee for me
 * they even refunded the shipping"), nor when a payer stands between or follows ("geen kosten voor mij de garantie
 * heeft het vergoed", "geen kosten voor de reparatie vergoed door garantie": PAYERS, PAID_BY); nor a refund as a
 * thing: "Geen gedoe met het terugbetalen". "terug" alone is no paying back: "Geen kosten, kom zeker terug".
 */
export const PAID_BACK_WHAT = new Set(['kosten', 'meerkosten', 'bijkosten', 'verzendkosten', 'voorrijkosten', 'schade', 'cost', 'costs', 'fee', 'fees',
  'charge', 'charges', 'damage']);
export const PAID_BACK = ['vergoed', 'vergoeden', 'vergoedt', 'vergoedde', 'vergoedden', 'terugbetaal*', 'terugbetalen', 'teruggestort',
  'terugstorten', 'teruggekregen', 'terugkrijgen', 'teruggegeven', 'teruggeven', 'gecompenseerd', 'compenseer*', 'compenseren', 'uitbetaal*',
  'uitbetalen', 'gecrediteerd', 'gerestitueerd', 'terugontvangen', 'teruggezien', 'terug gekregen', 'terug betaald', 'terug gestort',
  'terug gegeven', 'terug ontvangen', 'terug gezien',
  'reimburse', 'reimbursed', 'reimburses', 'refunded', 'repaid', 'compensated', 'credited', 'covered', 'paid back', 'paid out', 'given back'];
/** A verb whose "terug" comes at the clause's end, who pays named before it: "Ze betalen geen kosten van de reparatie terug". */
export const PAID_BACK_SPLIT = ['betaal*', 'betalen', 'stort', 'stortte', 'stortten', 'storten', 'geef', 'geeft', 'geven', 'gaf', 'gaven'];
/** The words that say why: after costs or damage denied they keep them good news ("Geen kosten want alles werd vergoed"). */
export const REASONS = new Set(['want', 'omdat', 'doordat', 'dus', 'aangezien', 'zodat', 'because', 'since', 'so', 'as']);
export const PAID_BACK_NOT_AFTER = new Set([...REASONS, 'alles', 'allemaal', 'all', 'everything', 'gehad', 'had']);
/**
 * Who pays, named right before a verb that pays back, or right after it ("vergoeden ze geen kosten"): a pronoun, or
 * PAYERS and PAYING_SHOPS. After costs denied, a pronoun starts a new sentence ("geen kosten voor mij ik kom terug"), unless a verb that
 * helps stands before it ("Geen kosten van de reparatie hebben ze vergoed": PAID_BACK_HELPING).
 */
export const SUBJECTS = new Set(['ze', 'zij', 'we', 'wij', 'hij', 'men', 'jullie', 'u', 'they', 'he', 'she', 'you']);
export const NEW_SUBJECTS = new Set([...SUBJECTS, 'ik', 'i', 'it']);
export const PAID_BACK_HELPING = new Set(['heb', 'hebben', 'heeft', 'hebt', 'hadden', 'wil', 'wilde', 'wilden', 'willen', 'wou', 'kan', 'kon',
  'konden', 'kunnen', 'zal', 'zullen', 'gaan', 'gaat']);
/** The words that may stand between who pays, the verb and the word of none: "ze vergoeden ook geen kosten", "They still refunded me no costs". */
export const PAID_BACK_BETWEEN = new Set(['ook', 'echter', 'nog', 'steeds', 'helaas', 'mij', 'me', 'ons', 'us', 'still', 'also', 'unfortunately']);
/** Who pays for a repair but the shop or the customer: named after costs denied, they paid them ("No cost to me warranty covered it"). */
export const PAYERS = ['*garantie', '*verzekering', '*verzekeraar', '*verzekeraars', 'warranty', 'guarantee', 'insurance', 'insurer', 'insurers'];
/** Who else may be named before or right after a verb that pays back: "De winkel vergoedt geen kosten", "The shop refunded no fees". */
export const PAYING_SHOPS = ['*winkel', 'zaak', 'webshop', 'garage', 'verkoper', 'fabrikant', 'leverancier', 'bedrijf', 'shop', 'store', 'seller',
  'manufacturer', 'company', 'dealer'];
/** Right after a verb that pays back, the word that names who paid: "geen kosten voor de reparatie vergoed door garantie". */
export const PAID_BY = new Set(['door', 'by', 'onder', 'under']);
/**
 * The words that make the word after them a noun: who pays, named before a verb that pays back ("de monteur vergoedt
 * geen kosten", "mijn zorgverzekeraar vergoedt geen kosten", "the mechanic refunded no costs"), unless the verb is a
 * past participle (PAID_BACK_DONE: "de reparatie vergoed, geen kosten" says what was paid back). After "van" they say
 * what the costs were of: "geen kosten van de garantie vergoed" is a payer named but none paid.
 */
export const DETERMINERS = new Set(['de', 'het', 'mijn', "m'n", 'onze', 'uw', 'jullie', 'hun', 'die', 'deze', 'the', 'my', 'our', 'your', 'their']);
export const PAID_BACK_DONE = /^(?:vergoed|terug|(?:terug|uit)?ge\p{L}+)$/u;
/** Words of none that say how a thing was done, not that none of it was: "zonder kosten vergoed" is no complaint. */
export const WITHOUT = new Set(['zonder', 'without', 'sans']);
/**
 * After a refund or a return denied by a word of none, what makes it one not needed (good news: "geen retour nodig");
 * else it is one refused, a complaint: "no refund", "geen geld terug", "geen omruilen mogelijk".
 */
export const NOT_NEEDED = new Set(['nodig', 'hoeven', 'hoeft', 'hoefde', 'hoefden', 'needed', 'need', 'necessary', 'required']);

/**
 * The kinds of trouble customers most often name in one word ("kapot", "klacht", "defect"): table.ts also reads their
 * words with two letters swapped ("borken") or the first letter slipped to a key beside it ("lapot", "vroken").
 */
export const SAID_ALONE = new Set(['broken', 'unhappy']);
/**
 * Their words that such a slip makes into another word, which a happy reply may hold ("halen" for "balen", "hammer"
 * for "jammer", "vault" for "fault", "cases" for "casse", "compliant" for "complaint"): looked
 * up in a Dutch and an English spelling list.
 */
export const SLIPS_TO_A_WORD = new Set(['casse', 'begeven', 'balen', 'jammer', 'fault', 'complaint', 'worst', 'decue']);

/**
 * The words customers most often praise with, alone or nearly ("Geweldig!", "Werkt perfect", "Super bedankt"): table.ts
 * also reads them with a letter dropped, doubled, added or slipped to a key beside it ("geweldg", "prfect", "supr"), as
 * it reads complaints, when no list knows the word typed; never with two letters swapped or the first one slipped
 * (SAID_ALONE's), which make too many other words. A complaint that the slip could also be wins ("kapot" before all).
 */
export const PRAISED_ALONE = ['super', 'prima', 'geweldig', 'perfect', 'fantastisch', 'tevreden', 'bedankt', 'dankjewel', 'dankuwel',
  'uitstekend', 'heerlijk', 'prachtig', 'schitterend', 'great', 'thanks', 'amazing', 'awesome', 'excellent', 'brilliant', 'fantastic',
  'wonderful', 'lovely', 'happy'];

/**
 * Sayings that praise in words no lexicon scores ("loopt als een trein", "zit als gegoten", "spot on", "does the job").
 * After a negator they are a complaint ("niet wat ik zocht", "not what I was looking for").
 */
export const PRAISE: string[] = [
  'als een trein', 'als gegoten', 'als een zonnetje', 'als een handschoen', 'als een poes', 'als nieuw', 'een stuk beter', 'kan niet beter',
  'kon niet beter', 'had niet beter gekund', 'had niet beter gekunt', 'wat ik zocht', 'wat ik wilde', 'doet wat het moet', 'doet precies wat', 'jaren mee', 'naar wens', 'dol op', 'waar voor je geld',
  'pico bello', 'tip top', 'nooit meer zonder', 'met een griffel',
  // not to be without it any more ("Ik kan niet meer zonder", "Can't live without it"): only of it, or of a thing named
  // in a word or two, not "Ik kan niet meer zonder pijn lopen", "kan niet zonder hulp opstappen"
  ...WITHOUT_IT.flatMap((lead) => [`${lead} $`, ...IT.map((it) => `${lead} ${it} …! $`), ...THE.map((the) => `${lead} ${the} … $`)]),
  // nothing wrong, nothing missing ("Niks aan de hand", "Ik mis niks", "Er ontbreekt niets"); said by someone else, a
  // complaint (NOTHING_WRONG)
  ...NOTHING_WRONG,
  // wished for nothing better ("Had het niet beter kunnen wensen", "couldn't have wished for better")
  'niet beter kunnen wensen', 'niet beter wensen', 'nooit beter kunnen wensen', "couldn't have wished for", 'could not have wished for',
  "couldn't wish for", 'could not wish for', "couldn't have asked for", 'could not have asked for',
  'like a charm', 'like a dream', 'like a glove', 'like new', 'as new', 'spot on', 'does the job', 'did the job', 'does the trick', 'did the trick',
  'works a treat', 'working a treat', 'worked a treat',
  // the messages wanted, the opposite of a STOP ("Graag blijven sturen", "keep them coming")
  'blijven sturen', 'blijf … sturen', 'mag … vaker sturen', 'mogen … vaker sturen', 'keep them coming', 'keep em coming',
  'keep sending them', 'keep sending these', 'keep sending me', 'over the moon', 'top notch', "couldn't be happier", "couldn't be better",
  'could not be happier', 'could not be better', "couldn't ask for more", 'could not ask for more',
  'what i was looking for', 'what i wanted', 'does what it', 'does exactly what', 'worth every penny', 'value for money',
  // worth the price: "duur, maar het is het waard" (not worth it is a complaint: "niet het waard", "not worth it")
  'het waard', 'worth it',
  // no hassle ("hassle-free"; a hassle had is a complaint), nothing to pay
  'hassle free', 'free of charge',
  // cheaper here (cheaper elsewhere is a word on the price: PRICE)
  'hier is het goedkoper', 'hier goedkoper', 'bij jullie is het goedkoper', 'bij jullie goedkoper', 'cheaper here',
  // sayings the network alone read as happy, which it no longer decides alone (reader.ts): "Loopt gesmeerd", "Dat zit
  // wel snor", "Hij is weer als vanouds", "Slaap weer beter", "Battery lasts all day", "Works wonders", "Nailed it";
  // "niet over te spreken" is a complaint
  'als vanouds', 'weer de oude', 'weer als vroeger', 'weer zoals vroeger', 'zit wel snor', 'zit snor', 'alles kits', 'loopt gesmeerd', 'liep gesmeerd', 'gaat gesmeerd', 'ging gesmeerd',
  'als gesmeerd', 'weer beter', 'over te spreken', 'groot succes', 'een hele dag mee', 'dagen mee', 'weken mee', 'werkt wonderen', 'doet wonderen', 'works wonders', 'worked wonders', 'lasts forever', 'lasts all day', 'lasts for days',
  'lasts ages', 'nailed it', 'cracking job', 'definitely be back', 'definitely coming back',
  // worth more than it cost ("I'd pay twice as much for this service"; paid twice is a complaint: TROUBLE)
  "i'd pay twice", 'would pay twice', "i'd pay double", 'would pay double', "i'd happily pay", 'would happily pay',
  // nothing that needs improving ("Geen verbetering nodig, alles top"; no improvement had is a complaint)
  'geen verbetering nodig', 'geen verbeteringen nodig', 'no improvement needed', 'no improvements needed',
];

/**
 * A thing said to work: good news in the reply's own words, though no lexicon finds a word of it warm ("Werkt", "Doet
 * het weer", "All working", "Helemaal opgelost", "The meds are working"), and so is a trouble said gone (GONE: "Het
 * gerammel is weg", "The stain is gone!"; a thing lost is the table's complaint: "De radio code is weg"). reader.ts
 * lets the network's happy reading stand on it, and on nothing less. Not in a clause with a negator ("werkt niet",
 * "doesn't work", "nog niet weg"); not "doet" alone, which is "does" ("doet raar"), nor "rijdt" or "loopt" alone
 * ("rijdt zwaar"): WORKS_AFTER names what follows them.
 */
export const WORKS = new Set(['werkt', 'werken', 'werkte', 'werkten', 'functioneert', 'works', 'working', 'worked', 'opgelost', 'verholpen',
  'gelukt', 'fixed', 'solved', 'helpt', 'hielp', 'helps', 'helped']);
// (A Map, as SPARED_MORE_NOT: a customer's words are looked up in it, and an object has "constructor" for any word.)
export const WORKS_AFTER: ReadonlyMap<string, Set<string>> = new Map(Object.entries({
  doet: ['het', 'ie'], doen: ['het'], deed: ['het'], rijdt: ['weer'], loopt: ['weer'], start: ['weer'], starts: ['again', 'first', 'fine'],
  runs: ['again'], running: ['again'],
}).map(([verb, after]) => [verb, new Set(after)]));

/**
 * Something still had, said in words the table may not know ("Still got heartburn", "Still getting spots", "Heb nog
 * steeds maagzuur"): a complaint when nothing in the reply is good news (reader.ts); "Heb nog steeds geen klachten",
 * "Still have it and love it" are praise. Not what is still to do ("still have to try it": 'not trouble').
 */
export const PERSISTS = ['still got', 'still have', 'still having', 'still getting', 'still suffering',
  ...['heb', 'hebt', 'heeft', 'hebben', 'krijg', 'krijgt', 'krijgen'].flatMap((have) => ['nog steeds', 'nog altijd', 'ik nog steeds', 'ik nog altijd']
    .map((still) => `${have} ${still}`))];

/** Verbs of a thing doing its job: with a negator in the clause they name the trouble "does not work". */
export const WORKING_VERBS = new Set([
  'werkt', 'werken', 'werkte', 'doet', 'doen', 'deed', 'functioneert', 'start', 'starten', 'laadt', 'laden', 'plakt', 'plakken', 'sluit', 'helpt',
  'helpen', 'hielp', 'past', 'passen', 'work', 'works', 'working', 'worked', 'charge', 'charges', 'charging', 'starts', 'pair', 'pairs', 'connect',
  'connects', 'help', 'helps', 'helping', 'helped', 'fit', 'fits', 'stick', 'sticks', 'turn', 'switch', 'close', 'closes',
]);

/**
 * Too much of anything is trouble ("te zwak", "veel te duur", "way too loud", "trop petit", "zu klein"), but for these:
 * "te gek" is great, and so is "trop bien"; "zu Hause" is at home.
 */
export const TOO = new Set(['te', 'too', 'trop', 'zu']);
export const NOT_TOO_MUCH = new Set(['gek', 'gaaf', 'good', 'kind', 'bien', 'bon', 'beau', 'belle', 'cool', 'top', 'content', 'contente', 'genial', 'hause']);

/** After a complaint in its clause, these say it went away: "de pijn is weg", "the noise is gone", "het piepen is gestopt". */
// Not "stopt", "stops": "Het piepen stopt zodra ik rem", "The rattle stops after 10 minutes" say when it is there.
export const GONE = new Set(['weg', 'verdwenen', 'opgelost', 'verholpen', 'gestopt', 'opgehouden', 'voorbij', 'gone', 'fixed', 'solved',
  'disappeared', 'stopped']);
/**
 * What a repair should take away, but no complaint on its own ("het geluid", "de lampjes", "a warning light"): gone
 * ("het lampje is weg") or none any more ("Hij maakt geen geluid meer", "Geen lampjes meer op het dashboard", "no more
 * warning lights") it is good news (table.ts); else an ordinary word. None of it given or put out is a thing broken:
 * "De radio geeft geen geluid meer" (OUTPUT_VERBS, and WORKING_VERBS: "de lampjes doen het niet meer").
 */
export const SYMPTOMS = ['geluid', 'geluiden', 'geluidje', 'geluidjes', 'bijgeluid', 'bijgeluiden', 'tikje', 'tikjes', 'lampje', 'lampjes',
  'waarschuwingslampje', 'waarschuwingslampjes', 'controlelampje', 'controlelampjes', 'motorlampje', 'storing', 'storingen', 'foutmelding',
  'foutmeldingen', 'foutcode', 'foutcodes', 'trilling', 'trillingen', 'geur', 'geurtje', 'noises', 'warning light', 'warning lights',
  'engine light', 'error', 'errors', 'error message', 'error messages', 'vibration', 'vibrations', 'smell'];
/**
 * Of the symptoms, those none of which is always good news ("Geen rare geluiden meer", "no more warning lights"); not a
 * sound, a light or a smell, which a radio, a horn or a dashboard should give: "Geen geluid meer uit de radio", "De
 * claxon maakt geen geluid meer" are things broken.
 */
export const NONE_IS_GOOD = new Set(['geluidje', 'geluidjes', 'bijgeluid', 'bijgeluiden', 'tikje', 'tikjes', 'waarschuwingslampje', 'waarschuwingslampjes',
  'controlelampje', 'controlelampjes', 'motorlampje', 'storing', 'storingen', 'foutmelding', 'foutmeldingen', 'foutcode', 'foutcodes', 'trilling',
  'trillingen', 'noises', 'warning light', 'warning lights', 'engine light', 'error', 'errors', 'error message', 'error messages', 'vibration', 'vibrations']);
export const OUTPUT_VERBS = new Set(['geeft', 'geven', 'gaf', 'gaven', 'komt', 'kwam', 'gives', 'give', 'gave', 'comes', 'came', 'produces']);
/** Said before a complaint after a stop, these only point at it: "Eindelijk stopt het piepen", "it stopped that rattling". */
export const POINTING = new Set(['het', 'de', 'dat', 'die', 'dit', 'deze', 'the', 'that', 'this']);
/**
 * After a symptom in its clause, these say it eases: "de hoofdpijn is een stuk minder", "the headache is a lot better":
 * the medicine helped. Only of the body: a leak that is "minder" still leaks. "over" only ends the clause ("hoesten
 * is bijna over"), as it also means "about" ("pijn over de hele rug"). Not when a later clause says it is still there
 * ("minder, maar nog steeds aanwezig"): reader.ts.
 */
export const EASING = new Set(['minder', 'beter', 'gezakt', 'afgenomen', 'verbeterd', 'less', 'better', 'improved', 'improving', 'eased', 'easing']);
export const EASING_AT_THE_END = new Set(['over']);
/** Before an easing word, these make it no easing: "all over", "far from over", "more or less every day". */
export const NOT_EASED_BY = new Set(['all', 'from', 'or']);
/** Of the body, but no symptom that eases: a fall happened. */
export const NOT_EASING = new Set(['ben gevallen', 'i fell']);
/** Before a negator, or after it in its clause, these say "not yet": "nog niet gebruikt", "haven't used it yet", "noch nicht", "pas encore". */
export const YET = new Set(['nog', 'yet', 'noch', 'encore']);
/**
 * Not yet of what the shop owes her, as of a result: the parcel, an answer, the call it promised, the repair ready
 * ("Nog niet geleverd", "Haven't heard back yet", "Nog niet gebeld", "Nog niet klaar"). Not of what she does herself:
 * "Nog niet opgehaald", "Nog niet betaald" (her collecting, her paying) are not yet, no complaint.
 */
const OWED = ['geleverd', 'afgeleverd', 'bezorgd', 'ontvangen', 'gekregen', 'aangekomen', 'verzonden', 'verstuurd',
  'delivered', 'received', 'arrived', 'shipped', 'dispatched', 'reactie', 'antwoord', 'bericht', 'gehoord',
  'teruggehoord', 'gereageerd', 'beantwoord', 'heard', 'answer', 'answered', 'reply', 'replied', 'response',
  'responded', 'gebeld', 'teruggebeld', 'called', 'afgerond', 'finished', 'terugbetaald',
  'teruggestort', 'refunded', 'refund', 'terugbetaling', 'teruggekregen'];
/** Of OWED and RESULTS_AT_THE_END, what may be her own doing: her answer, her being ready ("Haven't replied yet"). */
export const NOT_YET_HER_DOING = new Set(['gereageerd', 'beantwoord', 'geantwoord', 'reageren', 'antwoorden', 'replied',
  'answered', 'responded', 'answer', 'reply', 'respond', 'klaar', 'ready']);
/** Who says it is hers: "ik", "I", "ben", "am", her being busy or sorry. */
export const NOT_YET_HERS = new Set(['ik', 'i', "i'm", 'im', 'ben', 'am', 'sorry', 'excuses', 'druk', 'busy']);
/**
 * Not yet of what the purchase was for, not of using it: a complaint ("Het helpt nog niet", "Nog geen verbetering",
 * "De pijn is nog niet weg", "Hasn't helped yet", "Not fixed yet"). Of these, RESULTS_AT_THE_END only end the clause
 * (or stand before "yet"): "nog niet over nagedacht", "nog niet mee weg geweest" are not yet of using it.
 */
export const RESULTS = new Set(['helpt', 'helpen', 'hielp', 'geholpen', 'verbetering', 'verbeteringen', 'verbeterd',
  'beter', 'verschil', 'effect', 'resultaat', 'resultaten', 'werkt', 'werken', 'gewerkt', 'opgelost', 'verholpen',
  'verdwenen', 'veranderd', 'verandering', 'help', 'helps', 'helped', 'helping', 'improvement', 'improvements',
  'improved', 'improving', 'better', 'difference', 'result', 'results', 'works', 'worked', 'working', 'fixed',
  'solved', 'resolved', 'cured', 'healed', 'change', 'changed', 'veranderingen', 'gerepareerd', 'genezen', 'hersteld',
  'repaired', ...OWED, 'gemerkt', 'merk', 'merken', 'noticed']);
export const RESULTS_AT_THE_END = new Set(['weg', 'over', 'gone', 'binnen', 'af', 'klaar', 'ready']);
/** Not quite yet: part of the result has come ("Nog niet helemaal weg", "not quite better yet"), no complaint. */
export const NOT_YET_QUITE = new Set(['helemaal', 'volledig', 'honderd', '100', 'quite', 'fully', 'completely',
  'entirely', 'totally']);
/** In a clause with "nog" or "yet", these say never, no "not yet": "Nog nooit zo goed geholpen", "nog niet eerder". */
export const NEVER = new Set(['nooit', 'never', 'nimmer', 'eerder', 'before', 'ooit', 'ever']);
/**
 * Not had better yet is praise, as never: "Nog niet beter gehad", "Haven't found a better shop yet", "Not seen better
 * yet" (and no result: "Nog niet beter" is one).
 */
export const BETTER = new Set(['beter', 'betere', 'beters', 'better']);
export const BETTER_HAD = new Set(['gehad', 'gevonden', 'gezien', 'meegemaakt', 'gekend', 'had', 'found', 'seen',
  'experienced', 'known', 'met']);
/**
 * Beside a result not yet, the words that make it not yet of using it, or of knowing ("Nog niet gebruikt dus weet niet
 * of het helpt", "Help nog niet nodig gehad", "Can't tell yet if it works"): still not yet, no complaint.
 */
export const NOT_YET_USED = new Set(['gebruikt', 'gebruiken', 'geprobeerd', 'proberen', 'getest', 'testen',
  'gedragen', 'dragen', 'gereden', 'rijden', 'gefietst', 'begonnen', 'beginnen', 'gestart', 'geopend', 'uitgepakt',
  'aangesloten', 'geinstalleerd', 'toe', 'toegekomen', 'tijd', 'nodig', 'weet', 'zeggen', 'geven', 'of', 'used', 'use',
  'using', 'tried', 'try', 'tested', 'test', 'worn', 'wear', 'ridden', 'ride', 'started', 'opened', 'unpacked',
  'installed', 'time', 'chance', 'needed', 'need', 'know', 'tell', 'sure', 'if', 'whether']);
/**
 * Regret said of the whole ("Geen verbetering helaas", "No improvement sadly"): a negator further before it denies
 * something else, not the regret; only one right before it does ("niet jammer"), or before how much ("niet zo jammer").
 */
export const REGRET = new Set(['helaas', 'jammer', 'spijtig', 'unfortunately', 'sadly', 'regrettably', 'unluckily',
  'unfortunatly', 'unfortunetly']);
/**
 * A refund or money back with these in its clause is one she got ("Refund received, thanks!", "I got my refund", "Geld
 * terug gekregen"): no complaint; denied ("I still haven't got my refund", "Haven't received my money back"), she has
 * not got what the shop owes her: a complaint, not good news. REFUND_GETTING only when denied ("Ik krijg mijn geld
 * niet terug"; "Krijg ik mijn geld terug" may be a question typed without its mark).
 */
export const REFUND_GOT = new Set(['got', 'gotten', 'received', 'recieved', 'ontvangen', 'gekregen', 'teruggekregen',
  'kreeg', 'kregen', 'teruggestort', 'terugbetaald', 'overgemaakt', 'bijgeschreven', 'refunded', 'credited']);
export const REFUND_GETTING = new Set([...REFUND_GOT, 'get', 'getting', 'receive', 'krijg', 'krijgen', 'ontvang',
  'had', 'gehad']);
/** Thanks for a refund ("Thanks for the refund", "Bedankt voor het geld terug"): one she got. */
export const REFUND_THANKS = new Set(['thanks', 'thank', 'thx', 'bedankt', 'dank', 'dankjewel', 'dankuwel', 'merci']);
/** With money or a refund in "not yet", "terug", "back" at the end is what the shop owes: "Ik heb mijn geld nog niet terug". */
export const REFUND_WHAT = new Set(['geld', 'money', 'bedrag', 'aankoopbedrag', 'refund', 'terugbetaling']);
/** Regret no negator denies: said of a sentence, never itself denied ("Nog niet helaas", "Not yet sadly"). */
export const REGRET_UNDENIED = new Set(['helaas', 'unfortunately', 'sadly', 'regrettably', 'unluckily', 'unfortunatly',
  'unfortunetly']);
/** Between a negator and the regret it denies, how much: "niet zo jammer", "niet erg jammer". */
export const REGRET_HOW_MUCH = new Set(['zo', 'erg', 'heel', 'echt', 'zeer', 'helemaal', 'so', 'very', 'really', 'that']);
/**
 * Regret of her own doing: no time, her late answer ("Helaas pas nu tijd om te antwoorden", "Geen tijd gehad helaas");
 * with "ik", "I", "we", her not coming or coming late ("Jammer dat ik niet eerder kwam", "Unfortunately I can't come
 * back until May"). Nothing went wrong at the shop; waiting is the shop's ("helaas moest ik lang wachten").
 */
export const REGRET_HER_DOING = new Set(['tijd', 'time', 'antwoorden', 'reageren', 'beantwoorden', 'terugkoppelen',
  'answer', 'answering', 'reply', 'replying', 'respond', 'responding']);
export const REGRET_HER_COMING = new Set(['komen', 'kwam', 'langskomen', 'langs', 'eerder', 'laat', 'come', 'came',
  'earlier', 'sooner', 'late', 'make']);
export const REGRET_HERSELF = new Set(['ik', 'we', 'wij', 'i', "i'm", 'im', "i'll"]);
/** Why, beside her regret: the reason may be the shop's ("want ik lag in het ziekenhuis door de fiets"). */
export const REGRET_WHY = new Set(['want', 'omdat', 'doordat', 'door', 'because', 'since', 'cause', 'coz', 'cos']);
/** After the regret, what says what it is of: "jammer van de prijs", "shame about the colour". */
export const REGRET_OF = new Set(['van', 'dat', 'met', 'of', 'about', 'that', 'with']);
/** Who else, beside her regret, makes it of them: "Helaas had de monteur geen tijd", "geen tijd voor mij", "you". */
export const REGRET_OTHERS = new Set(['jullie', 'u', 'uw', 'je', 'jij', 'ze', 'zij', 'hij', 'mij', 'me', 'monteur',
  'winkel', 'zaak', 'niemand', 'iemand', 'you', 'your', 'they', 'he', 'she', 'mechanic', 'shop', 'store', 'nobody',
  'someone']);

/**
 * Words that ask to hear no more from the shop ("opt out" is read as one word). They mean nothing else in a reply, so
 * with only politeness around them they are the SMS keyword STOP ("Stop, dank je", "Unsubscribe me please").
 */
export const OPT_OUT = new Set(['stop', 'stopall', 'stoppen', 'ophouden', 'unsubscribe', 'optout', 'afmelden', 'uitschrijven', 'opzeggen']);
/** Of the SMS opt-out keywords, those that also mean other things in a sentence ("cancel my appointment"). */
export const OPT_OUT_IN_A_SENTENCE = new Set(['cancel', 'quit', 'revoke']);
/** Politeness, and whom to stop: nothing a STOP says besides itself ("a u b" is "a.u.b."). */
export const POLITE = new Set(['please', 'pls', 'plz', 'thanks', 'thank', 'you', 'thx', 'ty', 'cheers', 'me', 'graag', 'aub', 'a', 'u', 'b',
  'alsjeblieft', 'alstublieft', 'svp', 'dank', 'je', 'wel', 'bedankt', 'dankjewel', 'dankuwel', 'mij']);

/** Emoji read on their own: a thumbs-up is praise, an angry face a complaint, a thinking face is not sure. */
export const EMOJI = {
  praise: new Set([...'👍👌😀😃😄😁😊🙂😍🥰😘❤💯🙏🎉⭐🤩😎👏💪🥳✅💚💙💜😻☺']),
  trouble: new Set([...'😡😠🤬👎😤😞😢😭😩😫😖😣☹🙁😕😒💩🤮😔']),
  unsure: new Set([...'🤔🤷🙄😐😑🤨😬']),
};

/**
 * What a number counts when it is a price, a time, a length or a number of times ("0 euro", "om 10 uur", "na 3 dagen",
 * "2x"): never a score (score.ts), and "0" before one is no count of none ("kostte 0 euro" is free, not "geen": text.ts).
 */
export const UNITS = new Set([
  'euro', 'euros', 'eur', 'cent', 'centen', 'eurocent', 'dollar', 'dollars', 'pond', 'pound', 'pounds', 'quid',
  'uur', 'uren', 'u', 'minuut', 'minuten', 'min', 'mins', 'minute', 'minutes', 'sec', 'seconden', 'seconds', 'dag', 'dagen', 'day', 'days',
  'week', 'weken', 'weeks', 'maand', 'maanden', 'month', 'months', 'jaar', 'jaren', 'year', 'years', 'hour', 'hours', 'keer', 'x', 'times',
  'km', 'kilometer', 'kilometers', 'm', 'meter', 'meters', 'cm', 'mm', 'kg', 'kilo', 'gram', 'g', 'liter', 'l', 'ml', 'graden', 'degrees',
  'procent', 'percent', 'stuks', 'stuk', 'pcs', 'pieces', 'pk', 'watt', 'volt', 'inch', 'miles', 'mijl',
]);
/**
 * What a reply marks when it says what: "Service: 0", "Cijfer 7", "Kwaliteit een 8" (score.ts). A number after it is a
 * mark, no count of none: "Service: 0" is no "0 service" (text.ts).
 */
export const MARKS = new Set([
  'cijfer', 'cijfertje', 'eindcijfer', 'rapportcijfer', 'score', 'rating', 'beoordeling', 'waardering', 'oordeel', 'grade', 'punten', 'points',
  'service', 'bediening', 'hulp', 'advies', 'uitleg', 'kwaliteit', 'product', 'reparatie', 'onderhoud', 'vriendelijkheid', 'klantvriendelijkheid',
  'personeel', 'ervaring', 'levering', 'snelheid', 'afwerking', 'resultaat', 'behandeling', 'knipbeurt', 'totaal', 'algemeen', 'overall',
  'staff', 'quality', 'help', 'advice', 'repair', 'experience', 'delivery', 'speed', 'result', 'haircut', 'total', 'prijs', 'price',
]);
/** Words that say a number is a score in stars: out of 5 ("4 sterren", "1 star", "2 étoiles"). */
export const STAR_WORDS = new Set(['ster', 'sterren', 'sterretjes', 'sterretje', 'star', 'stars', 'sterne', 'stern', 'etoile', 'etoiles', 'estrellas', 'stelle']);
/** Words that say a number is a score out of 10 when they follow it ("8 punten", "10 points"). */
export const POINT_WORDS = new Set(['punten', 'punt', 'points', 'pts']);

/**
 * Saying what one bought ("Ik heb 2 banden gekocht", "3 flessen gekocht", "Bought 4 tyres", "bought two bottles"): the
 * purchase, no word on how it went. The network learned "ik heb", "banden" and "two" from complaints ("ik heb last
 * van", "lekke band", "na twee dagen"), so it reads none of such a clause (model.ts): "Ik heb 2 banden gekocht, een 9"
 * is the 9. Besides the word of buying, such a clause holds only common words, counts ("2", "twee", "a couple of"),
 * when and where ("gisteren bij jullie", "yesterday"), and one or two words for the things, on one side of it.
 */
export const BOUGHT = new Set(['gekocht', 'kocht', 'kochten', 'aangeschaft', 'bought', 'purchased']);
export const COUNTS = new Set(['een', 'twee', 'drie', 'vier', 'vijf', 'zes', 'zeven', 'acht', 'negen', 'tien', 'paar', 'enkele', 'stel',
  'a', 'an', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'couple', 'pair', 'few', 'some']);
export const WHEN_AND_WHERE = new Set(['gisteren', 'eergisteren', 'vandaag', 'vanochtend', 'vanmorgen', 'vanmiddag', 'vorige', 'vorig', 'week',
  'net', 'pas', 'zojuist', 'laatst', 'onlangs', 'jullie', 'winkel', 'yesterday', 'today', 'last', 'recently', 'just', 'you', 'your',
  'shop', 'store', 'online']);
/** Words that say more of what was bought than what it is: "… gekocht die lekken", "bought a bike that squeaks". */
export const SAYS_MORE = new Set(['die', 'dat', 'wat', 'welke', 'waar', 'waarvan', 'waarmee', 'omdat', 'want', 'toen', 'als', 'maar',
  'that', 'which', 'who', 'whose', 'where', 'when', 'because', 'since', 'if', 'but']);
