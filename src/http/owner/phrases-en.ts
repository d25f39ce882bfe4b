// The owner's pages in English: the same keys as phrases-nl.ts (a missing one fails the build).
import type { Share, nl } from './phrases-nl.js';

/** A count as English writes it: 1,100 customers. */
const num = (x: number): string => x.toLocaleString('en-GB');

export const en: typeof nl = {
  loginTitle: 'Log in',
  shop: 'Shop (short name)',
  password: 'Password',
  logIn: 'Log in',
  logOut: 'Log out',
  loginFailed: 'Shop or password is not right.',
  loginFailedName: "Shop or password is not right. Your shop's short name has no spaces, though it may have dashes (like garagebakker or garage-bakker): it is in your page's address, after /shops/.",
  forgotten: 'Forgotten your password? Ask whoever runs nextdeal for you to set a new one.',
  tooMany: (seconds) => `Too many failed attempts from this address. Try again in ${seconds < 90 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minutes`}.`,
  formExpired: 'The form had expired. Please try again.',
  tapLost: 'You had been logged out; your tap was not saved. Log in and tap again.',
  otherShop: (shop) => `You are logged in to ${shop}. This link is for another shop: log in to that shop below to open it (you will then be logged out of ${shop}).`,
  tapOtherShop: (shop) => `You are logged in to ${shop}; the page you tapped on is another shop's, so your tap was not done. Log in to that shop below and tap again (you will then be logged out of ${shop}).`,
  busy: 'Logging in is very busy just now. Please try again in a few seconds.',
  errorTitle: (title) => `Error: ${title}`,
  nav: { overview: 'Overview', inbox: 'Replies', messages: 'Messages' },
  channels: { sms: 'SMS', email: 'e-mail' },

  period: 'Period',
  days: (n) => `${n} days`,
  lastDays: (n) => `Last ${n} days`,
  otherDates: 'Other dates',
  from: 'From',
  to: 'Up to and including',
  show: 'Show',
  periodShown: (from, to) => `${from} – ${to}`,

  callTitle: 'To call back',
  callNone: 'Nobody is waiting for you. Good!',
  welcomeTitle: 'No sales yet',
  welcome: (shop) =>
    `The till has not passed a sale to nextdeal yet. Once it does, nextdeal asks the customer the next morning how it is going, on behalf of ${shop}, and the figures appear here.`,
  welcomeNote:
    'Nothing happens after a sale? Then the till is probably not connected yet. Ask whoever runs nextdeal for you to connect it. Customers without details in the till? Put the QR poster below at the counter.',
  callMore: (n) => `All ${num(n)} on the list`,
  callNote:
    'Everything customers wrote that is not clearly happy: problems first, then questions, then replies you should read yourself, each newest first. "Handled" takes it off the list; the come-back invitation waits until then.',
  callHow: 'How does this list work?',
  countedHow: 'How is this counted?',
  cohortCount: (n: number, unit: 'week' | 'month') => `${num(n)} ${unit}${n === 1 ? '' : 's'}`,
  readings: { problem: 'Problem', question: 'Question', other: 'Read it yourself', positive: 'Happy' },
  keywords: { opt_out: 'Opted out (STOP)', opt_in: 'Opted back in (START)', help: 'Asked for help (HELP)' },
  call: (number) => `Call ${number}`,
  callGiven: (number) => `Call ${number} (the number they gave)`,
  callOnFile: (number) => `Call ${number} (from the till)`,
  bought: 'Bought',
  afterInvitation: 'Came after the invitation to come back.',
  soldOn: (date) => `on ${date}`,
  why: 'Why',
  tapped: 'Tapped',
  smsOptedOut: 'wants no more texts',
  emailOptedOut: 'wants no more e-mail',
  optedOut: 'wants no more messages',
  dataErased: 'details erased',
  wantsNoMore: 'Wants no more messages?',
  noMoreExplained: (name) => `nextdeal then sends ${name} nothing more: no texts, no e-mails. What was planned is cancelled. It cannot be undone here: only the customer can turn texts back on, with START; if the customer asks you, whoever runs nextdeal puts it back.`,
  sendNoMore: 'Send nothing more',
  thisCustomer: 'this customer',
  otherLanguage: 'other language or dialect',
  wrongNumber: (number) => `Wrong number: whoever has ${number} wrote that the message was not for them. That number is taken off and gets no more texts. Put the right number in the till.`,
  wrongAddress: (address) => `Wrong e-mail address: whoever has ${address} wrote that the e-mail was not for them. That address is taken off and gets no more e-mail. Put the right address in the till.`,
  unwanted: (erase, stranger = false) => `${stranger ? 'Wants no messages (never agreed, spam, or remove my data). Nothing goes to them.' : 'Does not want these messages (never agreed, spam, or remove my data). Nothing more goes to them. If the consent in the till is wrong, put it right there.'} ${erase ? 'Their data must be deleted within a month (GDPR): ask whoever runs nextdeal to run customer erase.' : 'If their data must go, that is within a month (GDPR): whoever runs nextdeal erases it with customer erase.'}`,
  canStart: 'Opted out of texts earlier. If they want the messages again after all, they send START to the shop\'s number.',
  noWords: '(no text)',
  noSale: 'A text to the shop’s number from a number with no purchase in nextdeal (new, or erased).',
  attachments: (n: number) => `Sent ${n === 1 ? 'a photo or other file' : `${n} photos or other files`} with it. nextdeal keeps no copy: see Twilio's message log.`,
  handled: 'Handled',
  handledOn: (date) => `Handled on ${date}`,
  reopen: 'Back on the list',
  handledNotice: (name) => `${name}: handled.`,
  wrongReading: 'Read wrongly?',
  thisIs: 'This is really:',
  corrected: (readAs) => `Corrected by you; first read as "${readAs}".`,
  inboxTitle: 'Replies from customers',
  inboxFilters: { all: 'All', open: 'To call back', problem: 'Problem', question: 'Question', other: 'Read it yourself', positive: 'Happy', keyword: 'STOP / START / HELP' },
  inboxNone: 'No replies to show.',
  inboxFromStart: 'To the start of the list',
  inboxOpenNote:
    'What you still have to handle: problems first, then questions, then replies you should read yourself, each newest first. If the reading is wrong, choose what it really is under "Read wrongly?": the reply moves to the right place.',
  inboxNote:
    'Every reply from a customer, newest first, with how nextdeal read it and the purchase it is about. If the reading is wrong, choose what it really is under "Read wrongly?": the reply moves to the right list, and your corrections are in the download, so the shop can learn from them later.',

  // "je" or "u" to the customers (Dutch shops; src/http/owner/overview.ts, voiceForm)
  voice: {
    title: 'How customers are addressed (Dutch)',
    je: '"Hoi Anna, gisteren kocht je …" (informal)',
    u: '"Beste Anna, gisteren kocht u …" (formal)',
    save: 'Save',
    note: 'Applies to messages not yet sent and to the pages your customers see.',
  },
  // does nextdeal help? (the hold-out; src/http/owner/sections/experiment.ts)
  experiment: {
    title: 'Does nextdeal help?',
    verdicts: {
      too_early: (when: string | null, nobody = false) =>
        when ? `Too early to tell. A first answer around ${when}.`
        : nobody ? 'Too early to tell: no new customers take part yet.'
        : 'Too early to tell: too few new customers in the comparison yet.',
      proven_helping: () => 'Yes, proven: the messages bring customers back.',
      proven_hurting: () => 'No: customers who got the messages came back less often (proven). Have the messages reviewed.',
      probably_helping: () => 'Probably yes, not proven yet.',
      probably_not_helping: () => 'Probably not: customers who got messages do not come back more often.',
      no_clear_difference: () => 'No clear difference yet.',
    },
    notDelivered: (x, n) =>
      x === 0
        ? `This cannot show yet whether nextdeal helps: no message has reached the customers in the comparison (for 0 of the ${num(n)} in the group with messages did the first check-in actually go out). So neither group got anything, and any difference between them is chance.`
        : `This cannot show yet whether nextdeal helps: hardly any message reached the customers in the comparison (for ${num(x)} of the ${num(n)} in the group with messages did the first check-in actually go out). That is too few to measure anything: any difference between the groups is chance.`,
    messaged: 'Got the messages',
    messagedNotDelivered: 'Were to get the messages',
    heldOut: 'Held back on purpose',
    cameBack: (x: number, n: number) => `${num(x)} of ${num(n)} came back within 60 days`,
    cameBackWeighed: (n: number) => `came back within 60 days, based on ${num(n)} customers, weighed per period`,
    basedOn: (n: number) => `based on ${num(n)}`,
    perPeriod: 'Per period, within 60 days',
    periodFrom: (date: string, share: number) => `from ${date}, ${share}% held back`,
    range: (lo: string, hi: string) => `likely between ${lo} and ${hi}`,
    difference: (d: string, lo: string, hi: string) => `Difference: ${d} in every 100 customers (likely between ${lo} and ${hi}).`,
    extra: (n: string, lo: string, hi: string) => `Customers who came back so far because of the messages: about ${n} than without them (between ${lo} and ${hi}).`,
    extraProbably: (n, lo, hi) => `Customers who came back so far, probably because of the messages: about ${n} than without them (between ${lo} and ${hi}).`,
    extraUnknown: (lo: string, hi: string) => `Whether the messages brought customers back so far is not known yet: between ${lo} and ${hi} than without them.`,
    chance: (p: string) => `Chance the messages help: ${p}.`,
    about: (p: string) => `about ${p}`,
    /** `n` customers (a number written out) more (sign 1) or fewer (-1); alone when it is none (0). */
    more: (n: string, sign: number) => (sign === 0 ? n : sign > 0 ? `${n} more` : `${n} fewer`),
    delivered: (x: number, n: number) => `For ${num(x)} of the ${num(n)} customers who got messages, the first check-in actually went out.`,
    cost: (n: string, lo: string, hi: string) => `What it costs: about ${n} customer(s) a month who would have come back had they been messaged too (likely between ${lo} and ${hi}).`,
    narrow: (months, share) =>
      months > 36
        ? `At this number of new customers it takes more than ${Math.floor(months / 12)} years until the difference is known to within 10 points.${share < 50 ? ' Holding out a larger share (below) makes that shorter.' : ''}`
        : `In about ${months} month(s) the difference is known to within 10 points, at this number of new customers.`,
    pace: (n: number) => `New customers in the comparison: about ${num(n)} a month.`,
    paceSoon: 'How many new customers join a month, what holding them out costs and when the range is narrow enough are shown here once enough customers have joined to tell.',
    narrowOff: 'While the comparison is off, no new customers join it, so the range gets no narrower than the customers already in it make it. Switch the hold-out on again below to narrow it.',
    secondary: 'After 30 and after 90 days (secondary)',
    within: (days: number) => `Within ${days} days`,
    attribution: (a: Share, b: Share) => `Came back within 14 days after a message: ${num(a.returned)} of the ${num(a.customers)} who got messages${a.pct === null ? '' : ` (${a.pct})`}, ${num(b.returned)} of the ${num(b.customers)} who got none (${b.pct === null ? '' : `${b.pct}; `}after the moment it would have gone). In both groups the moment the message went or would have gone counts, also when it did not arrive. Descriptive only: the difference between the groups above is what counts.`,
    attributionWeighed: (a: Share, b: Share) => `Came back within 14 days after a message, weighed per period as above: ${a.pct === null ? `${num(a.returned)} of the ${num(a.customers)} who got messages` : `${a.pct} of those who got messages (based on ${num(a.customers)} customers)`}, ${b.pct === null ? `${num(b.returned)} of the ${num(b.customers)} who got none (` : `${b.pct} of those who got none (based on ${num(b.customers)}; `}after the moment it would have gone). In both groups the moment the message went or would have gone counts, also when it did not arrive. Descriptive only: the difference between the groups above is what counts.`,
    shareLabel: 'How many new customers do you leave out of the messages on purpose?',
    shares: { 0: 'nobody (off)', 10: '10%', 20: '20%', 30: '30%', 50: '50%' } as Record<number, string>,
    shareSave: 'Save',
    shareNote: 'The smaller your shop, the larger the share it needs for a quick answer: below 60 new customers a month, 30 to 50% answers sooner. Customers already in keep their group; a change starts a new period.',
    off: 'You leave nobody out of the messages, so nextdeal cannot show whether it helps.',
    offChoose: 'Choose a share below.',
    offSince: 'The comparison is off; below is what it showed so far.',
    none: 'No new customers in the comparison yet.',
    unreached: (sms: boolean, email: boolean) =>
      `Customers who would get messages by ${sms && email ? 'text or e-mail' : sms ? 'text' : 'e-mail'} do not take part: ${sms && email ? 'texts and e-mails are' : sms ? 'texts are' : 'e-mails are'} not really sent now. They get their messages as everyone does, only these do not arrive, so there is nothing to compare for them; nor do they take part later. New customers take part as soon as those messages are really sent.`,
    soFar: (messaged, heldOut) =>
      `So far ${messaged + heldOut === 1 ? '1 new customer takes' : `${num(messaged + heldOut)} new customers take`} part: ${num(messaged)} ${messaged === 1 ? 'gets' : 'get'} the messages, ${num(heldOut)} ${heldOut === 1 ? 'gets' : 'get'} nothing on purpose.`,
    noneMatured: 'Nobody in this group has had their 60 days yet',
    firstCounted: (when) => `Whether a customer comes back can only be seen 60 days after their first purchase. The first customer counts from ${when}.`,
    standardized: 'The share held out changed along the way, so each period is compared within itself and each percentage weighs the periods alike in both groups. That is why a percentage is not simply who came back divided by the number of customers; the counts per period are below.',
    why: 'A small share of new customers (with consent) gets no check-in and no invitation, on purpose. That shows whether those who do get messages come back more often. The draw is fair and made once, at the first purchase.',
    footnote: '"Proven" means: a difference this large happens by chance less than 1 time in 20, however often you look. Until then it is "probably": a description, not proof. Only customers whose first purchase is more than 60 days ago are counted: their 60 days are over.',
    violation: (n: number) => `${n === 1 ? '1 message was' : `${n} messages were`} sent to a customer who should have got nothing. That is a bug in nextdeal: please report it.`,
    ratio: 'The split between the groups is off by far more than chance explains: something is wrong. Please report it.',
    download: 'Download the figures per period (CSV)',
    picture: 'Coming back within 60 days, per group, with the range',
    details: 'How sure, what it costs, settings',
    moreThan: (v: string) => `more than ${v}`,
    lessThan: (v: string) => `less than ${v}`,
  },

  returnTitle: 'Do customers come back?',
  withinDays: (n) => `within ${n} days`,
  ofCustomers: (back, judged) => `${num(back)} of ${num(judged)} ${judged === 1 ? 'customer' : 'customers'}`,
  outOf: (back, judged) => `${num(back)} of ${num(judged)}`,
  tooFew: 'too few customers for a percentage',
  tooEarly: 'too early',
  knownOn: (date) => `known on ${date}`,
  returnSame: (judged, days, date) =>
    `Every figure counts the same ${judged === 1 ? 'customer' : `${num(judged)} customers`}: those whose first purchase in this period was more than ${days} days ago (up to and including ${date}): their ${days} days are over.`,
  returnTooEarly: (n) => `${n === 1 ? '1 customer' : `${num(n)} customers`} bought for the first time more recently: too early to tell, not lost.`,
  returnNotYet: (customers, date) =>
    `${num(customers)} new ${customers === 1 ? 'customer' : 'customers'} in this period, but none of them is past the 30 days after their first purchase yet. The first figure comes on ${date}.`,
  returnNone: 'No new customers in this period yet.',
  returnNote: 'Coming back: buying again on a later day, by the 30th, 60th or 90th day after the first purchase; a customer counts from the day after. A second purchase on the same day does not count; refunded and voided sales do not count; one refunded in part does.',

  pausedWarning: (channel, until, failures) =>
    `${channel} is paused until ${until}: sending failed ${failures} times in a row, a problem at the provider. The messages wait and go out after.`,
  outboxPausedWarning: (channel, until, failures, diskFull) =>
    `${channel} is paused until ${until}: nextdeal could not store the messages on the server it runs on ${failures} times in a row${diskFull ? ", because that server's disk is full" : ''}. This is no problem at the provider. Let the person who runs nextdeal for you know now. The messages wait until it is put right.`,
  loginRefusedWarning: (channel, _until, failures) =>
    `${channel} is not going out: the provider refused nextdeal's settings (${channel === 'SMS' ? 'its login or its sending number' : 'its login'}) ${failures} times in a row. Nothing goes until the person who runs nextdeal for you puts its settings right: let them know now. A message that waits longer than 48 hours is not sent any more.`,
  disabledWarning: (since) =>
    `This shop no longer uses nextdeal, since ${since}: nothing goes out in its name any more, and the till's sales are refused. What is here can still be read and downloaded.`,
  geoWarning: (n) =>
    `${n === 1 ? 'A text waits' : `${n} texts wait`}: Twilio refuses to text ${n === 1 ? "its customer's" : 'their customers\''} country from this account (Geo Permissions). Let the person who runs nextdeal for you switch that country on at Twilio now; a text that waits longer than 48 hours is not sent any more.`,
  trialWarning: (n) =>
    `${n === 1 ? 'A text waits' : `${n} texts wait`}: the Twilio account is a trial one, which texts only the numbers verified in it. Let the person who runs nextdeal for you upgrade it at Twilio now; a text that waits longer than 48 hours is not sent any more.`,
  spamWarning: (n, days) =>
    `The phone companies held back ${n} texts of the last ${days} days as possible spam (Twilio 30007): that hits every customer, not one phone. Let the person who runs nextdeal for you register the sender at Twilio now.`,
  resumeWarning: (until) =>
    `Messages to customers wait until ${until}: nextdeal was not running for a while. This gives the till time to send what happened meanwhile first, such as a return or a new purchase.`,
  uncertainChecked: (n, causes, when) =>
    n === 1
      ? `1 text may or may not have arrived: ${causes}. nextdeal asks Twilio ${when ? `around ${when}` : 'as soon as it can'} whether it went out. If it did, it counts as sent; if not, nextdeal sends it again itself. You need not do anything.`
      : `${num(n)} texts may or may not have arrived: ${causes}. nextdeal asks Twilio ${when ? `around ${when}` : 'as soon as it can'} whether they went out. Those that did count as sent; nextdeal sends the others again itself. You need not do anything.`,
  uncertainWarning: (n, causes, unchecked) =>
    n === 1
      ? `1 message may or may not have arrived: ${causes}.${unchecked > 0 ? ' nextdeal could not check it with Twilio.' : ''} It is not sent again by itself. Ask the customer, then choose on the message.`
      : `${num(n)} messages may or may not have arrived: ${causes}.${
        unchecked === n ? ' nextdeal could not check them with Twilio.' : unchecked === 1 ? ' One of them is a text nextdeal could not check with Twilio.' : unchecked > 1 ? ` ${num(unchecked)} of them are texts nextdeal could not check with Twilio.` : ''} They are not sent again by themselves. Ask the customers, then choose on each message.`,
  inDoubtCauses: {
    interrupted: 'sending was interrupted (for instance by a restart)',
    no_answer_sms: 'Twilio did not answer the request to send',
    no_answer_email: 'the mail server did not answer once it had the message',
    restored: 'nextdeal was put back to an earlier copy',
  },
  inDoubtOr: ', or ',
  settleChecked: (when) =>
    `nextdeal asks Twilio ${when ? `around ${when}` : 'as soon as it can'} whether this message went out. If not, nextdeal sends it again itself. You need not do anything.`,
  uncertainLink: 'See them',
  olderInDoubt: (n, before, shown = n) =>
    n === 1
      ? `1 message from before ${before}: unsure whether it arrived. It is not sent again by itself. Tap here to see it and choose.`
      : `${num(n)} messages from before ${before}: unsure whether they arrived. They are not sent again by themselves. ${
        shown < n ? `Tap here to see the newest ${num(shown)} and choose on each; the others are in the list of status "uncertain".` : 'Tap here to see them and choose on each.'}`,
  moreInDoubt: (n) =>
    n === 1 ? '1 older message is uncertain too: it is in the list of status "uncertain".' : `${num(n)} older messages are uncertain too: they are in the list of status "uncertain".`,
  settleAsk: 'Ask the customer whether it arrived:',
  settleResend: 'Did not arrive: send again',
  settleArrived: 'It arrived',
  noAlerts: {
    catcher:
      'E-mails are not really sent: Mailpit catches them all, so they reach neither your customers nor you, also about problems and questions. So look under To call back below every day, and ask whoever runs nextdeal to set up a real mail server.',
    no_address:
      'You get no e-mail when a customer has a problem or a question: no address is set up for it. So look under To call back below every day, and ask whoever runs nextdeal to set up your e-mail address.',
    outbox:
      'E-mails about customers\' problems and questions are not really sent: no mail server is set up yet, so nextdeal keeps them as files on the server. So look under To call back below every day, and ask whoever runs nextdeal to set it up.',
  },
  alertsRefused: (n, address, why, last, addressFault) =>
    `${n === 1 ? 'The e-mail' : `${num(n)} e-mails`} to you about a customer's problem or question did not reach ${address} (the last on ${last}): ${why}. ${
      addressFault
        ? 'Check that the address is right, and ask whoever runs nextdeal to set the right one with shop update --alert-email.'
        : 'Ask whoever runs nextdeal to look at the mail server, and check that the address is right (set with shop update --alert-email).'
    } Until then, look under To call back below every day: these customers are there.`,
  alertsInDoubt: (n) =>
    n === 1
      ? "The e-mail to you about a customer's problem or question may not have reached you: its sending was cut off (by a restart, for instance) or the mail server never answered. Look under To call back below: the customer is there."
      : `${num(n)} e-mails to you about customers' problems or questions may not have reached you: their sending was cut off (by a restart, for instance) or the mail server never answered. Look under To call back below: these customers are there.`,
  joinClosed: (since, until, ceiling) =>
    `Since ${since}, customers who scanned the QR poster to sign up were sent to the counter: ${
      ceiling === null
        ? 'too many sign-ups of the last 24 hours were not confirmed (someone may be misusing the page)'
        : `the page took ${num(ceiling)} sign-ups in 24 hours, the most it takes in a day`
    }. The page opens again by itself, by ${until} at the latest. The QR codes and links of a sale still work.`,
  outboxWarning: (sms, email, span) =>
    `${[sms ? `${num(sms)} ${sms === 1 ? 'text' : 'texts'}` : '', email ? `${num(email)} ${email === 1 ? 'e-mail' : 'e-mails'}` : ''].filter(Boolean).join(' and ')} of ${span} ${sms + email === 1 ? 'was' : 'were'} not really sent: customers did not get ${sms + email === 1 ? 'it' : 'them'}. No ${[sms ? 'SMS service (Twilio)' : '', email ? 'mail server' : ''].filter(Boolean).join(' or ')} is set up yet, so nextdeal kept ${sms + email === 1 ? 'it' : 'them'} as a file on the server. The figures below do not count ${sms + email === 1 ? 'it' : 'them'} as sent, asked or invited. Ask whoever runs nextdeal to set it up.`,
  outboxBefore: (sms, email, span) =>
    `${[sms ? `${num(sms)} ${sms === 1 ? 'text' : 'texts'}` : '', email ? `${num(email)} ${email === 1 ? 'e-mail' : 'e-mails'}` : ''].filter(Boolean).join(' and ')} of ${span} went only to the outbox, a file on the server, before ${[sms ? 'an SMS service (Twilio)' : '', email ? 'a mail server' : ''].filter(Boolean).join(' and ')} ${sms && email ? 'were' : 'was'} set up: these customers did not get ${sms + email === 1 ? 'it' : 'them'}. The figures below do not count ${sms + email === 1 ? 'it' : 'them'} as sent, asked or invited.`,
  outboxDays: (n) => `the last ${num(n)} days`,
  outboxSpan: (from, to) => `${from} to ${to}`,

  invitationTitle: 'What follows the come-back invitation?',
  invitationBack: (returned, judged) => `After ${num(returned)} of the ${num(judged)} ${judged === 1 ? 'invitation' : 'invitations'} the customer bought again within 14 days`,
  invitationTooFew: 'too few invitations for a percentage',
  invitationRevenue: (purchases, amounts) => `Together ${num(purchases)} ${purchases === 1 ? 'purchase' : 'purchases'}, for ${amounts}.`,
  noAmount: 'no amount',
  invitationTooEarly: (n) => (n === 1 ? '1 invitation is less than 14 days old and does not count yet.' : `${num(n)} invitations are less than 14 days old and do not count yet.`),
  invitationNone: 'No invitations sent in this period yet.',
  invitationUndelivered: (n) =>
    n === 1 ? 'The SMS service reported 1 invitation undelivered or failed: it did not arrive and does not count.'
    : `The SMS service reported ${num(n)} invitations undelivered or failed: they did not arrive and do not count.`,
  invitationNote:
    'Invitations sent in this period, at least 14 days ago. Bought again: a purchase (not refunded or voided) in the 14 days after the invitation; the amount is the total of those purchases as the till sent it, less what was refunded of them. An invitation the SMS service (Twilio) reported undelivered or failed does not count: the customer did not get it. This describes what happened; it does not prove the invitation did it, since some customers would have come anyway.',

  askedTitle: 'Does asking how it went help?',
  askedSms: 'Asked by SMS',
  askedEmail: 'Asked by e-mail',
  askedNone: 'Not asked (no consent or no contact)',
  askedUnreached: 'Not reached (check-in did not arrive or was not sent)',
  askedHeldOut: (n) => `${num(n)} ${n === 1 ? 'customer was' : 'customers were'} sent no messages on purpose (the comparison of "Does nextdeal help?" above) and ${n === 1 ? 'is' : 'are'} not included here.`,
  askedBack: (back, judged, customers) =>
    `${num(back)} of ${num(judged)} came back${customers > judged ? ` (${num(customers)} ${customers === 1 ? 'customer' : 'customers'} in all, the rest too recent)` : ''}`,
  askedTooEarly: (customers, days) => `${num(customers)} ${customers === 1 ? 'customer' : 'customers'} whose ${days} days are not over yet: too early to tell`,
  askedNobody: 'no customers yet',
  askedNote: (days) =>
    `Return within ${days} days of customers whose check-in after their first purchase went out, beside customers we could not ask because they gave no consent or no contact details, and customers the check-in did not reach: the SMS service reported it undelivered or failed, the mail server refused it, it is in doubt whether it arrived, it has not been sent yet, or they bought again before it went. So every new customer counts in one row. Mind: these groups differ in more than the message (who gives consent may be more loyal already). The fair comparison, with a group that gets no messages at all, is above: "Does nextdeal help?".`,
  customers: 'customers',

  checkinsTitle: 'Check-ins',
  sent: 'sent',
  delivered: 'delivered',
  failed: 'failed or undelivered',
  waiting: 'still to send',
  replied: 'replied',
  replyRate: 'reply rate',
  answers: 'Answers',
  optOuts: 'opt-outs',
  checkinsNote:
    'Check-ins planned in this period, by channel. Sent: handed to the SMS service (Twilio) or the mail server (not what was only kept as a file); delivered: the SMS service reports the text arrived (SMS only); failed: refused or undelivered. Replied: check-ins with at least one reply; reply rate: replied divided by sent, leaving out what the SMS service reported undelivered or failed (nobody could answer that); – when there was nothing to answer. Answers: what came in during this period; opt-outs: who opted out during this period, each phone number or e-mail address once (also those who opted back in since; customers sharing one number, a household say, once together).',

  reasonsTitle: 'Why do people buy?',
  reason: 'Reason',
  returnRate: (days) => `back within ${days}\u00a0d`,
  reasonsNote: (days) =>
    `The reason customers gave at their first purchase in this period, in lower case and without the punctuation around it, how often it came up, and the share of those customers who came back within ${days} days (only customers who bought long enough ago).`,

  cohortTitle: 'By group of new customers',
  cohortWeek: 'Week',
  cohortMonth: 'Month',
  weeksLater: 'weeks later',
  running: 'under way: only the days so far',
  partial: '(partly)',
  partialTitle: 'began before the period or runs past its end: counts the customers of those days too',
  monthsLater: 'months later',
  cohortNote: (unit) =>
    `Each row is a group of customers whose first purchase fell in the same ${unit}. Each cell: the share of that group who bought again that many ${unit}s later (column 0 is the ${unit} of the first purchase itself: a second purchase on a later day within it). A second purchase on the same day does not count. Empty: still in the future. With a *: the ${unit} is under way, and counts only the days so far. Grey, with the count (1/6) in place of a percentage: a group of fewer than 20 customers, in which one customer would swing the share a lot. (partly): the ${unit} began before the period or runs past its chosen end, and counts the customers of those days too.`,

  contactTitle: "Customer details from the till",
  contactIssues: (sales, phone, email) =>
    `${sales === 1 ? '1 sale' : `${num(sales)} sales`} in this period came with a phone number or e-mail address that cannot be right (${num(phone)} phone, ${num(email)} e-mail).`,
  unreachableNumbers: (n) =>
    `${n === 1 ? '1 customer' : `${num(n)} customers`} got no text in this period: the SMS service says the number from the till does not exist or cannot receive texts (a landline). Put the right number in the till; the message log says whose.`,
  contactNote:
    'Those customers get no message from nextdeal at that number or address. Have the customer details in the till fixed: often it is a typing error, a landline in the mobile field, an address without an @, or what the till fills in for a customer who gave none (06 11111111, no@email.com, the shop\'s own address): leave the field empty then.',

  waitingTitle: 'Waiting for contact details',
  waitingCount: (n) => `${n === 1 ? '1 sale of the past week is' : `${num(n)} sales of the past week are`} waiting for the customer to leave a number or e-mail address themselves.`,
  waitingNone: 'No sales without contact details in the past week.',
  waitingSheet: 'QR codes to print',
  waitingNote:
    'Sales for which the till knew no customer. Let the customer scan the QR code (or print the link on the receipt): they leave their own number, consent and reason, and get the check-in tomorrow. A link works once, for 7 days.',
  poster: 'QR poster for the counter',
  printHint: "Print this page with your browser's print button.",
  qrTo: (url) => `QR code to ${url}`,
  newestOf: (shown, all) => `These are the newest ${num(shown)} of ${num(all)}; a code that is used makes room for the next.`,

  messagesTitle: 'Messages',
  search: 'Search name, phone or e-mail',
  status: 'Status',
  untilNow: 'up to now',
  planned: 'planned',
  held: 'waiting for you: handle the customer\'s reply first',
  waitsUntil: (when) => `waits until ${when}`,
  nightWait: (sms: boolean) => sms
    ? 'no message goes in the evening or at night, also where the customer\'s number is from: it waits for the day there'
    : 'no message goes in the evening or at night: it waits for the day',
  messagedRecentlyWait: 'your shop sent another message to this number or address less than a day ago, also if to another customer with the same number or address (never two within 24 hours): this waits until that day has passed',
  numberBusyWait: 'another shop has just texted the customer from the same number: this waits until an answer to that one can no longer land here',
  statuses: { scheduled: 'planned', sending: 'sending', sent: 'sent', failed: 'failed', expired: 'expired', cancelled: 'cancelled', uncertain: 'uncertain' },
  deliveries: {
    accepted: 'accepted by Twilio', scheduled: 'scheduled at Twilio', queued: 'queued', sending: 'sending', sent: 'on its way',
    delivered: 'delivered', read: 'read', undelivered: 'not delivered', failed: 'not delivered', canceled: 'cancelled by Twilio',
  },
  outboxed: 'not really sent (only kept as a file)',
  deliveryUnknown: 'an unknown report from Twilio',
  kinds: { checkin: 'check-in', comeback: 'invitation' },
  messagesNote: 'What was sent and what went wrong, newest first, with the reason when something was not sent. What was cancelled before its time (after a refund or a STOP, say) is under "cancelled", and at the top when you look a customer up, straight away, with the day it was planned for. Choose "planned" for what is still to come.',
  whatItSaid: 'What the customer got',
  whatWentOut: 'What was sent',
  whatWasReady: 'What was ready (not sent)',
  plannedNote: 'Messages still planned, the next one first.',
  foundHeldOut: 'Gets no messages on purpose: in the comparison group that shows whether nextdeal helps (see "Does nextdeal help?" on the overview).',
  foundOptedOut: 'Opted out: gets no more messages.',
  foundNoConsent: 'Gave no consent for SMS or e-mail at the till: gets no messages.',
  foundNoSale: 'Has bought nothing (yet): gets no messages.',
  foundNothingYet: 'No message in this period: choose another period, or "planned".',
  more: 'More',
  olderInCsv: 'Older messages are in the download below; or search for a name or number, or choose another period.',
  errors: {
    expired: 'more than 48 hours late: not sent any more',
    refunded: 'the purchase was refunded (in whole or in part)',
    voided: 'the purchase was voided',
    bought_again: 'bought again (that purchase gets its own invitation)',
    checkin_moved: 'bought again before this went: the question is about the new purchase',
    contact_changed: 'a newer sale gave this customer another number or address: not sent to it',
    contact_corrected: 'the till sent the sale again with the number or address put right: not sent to the first one',
    opted_out: 'the customer opted out',
    opted_out_keyword: 'the customer texted STOP',
    opted_out_link: 'the customer unsubscribed with the link',
    opted_out_provider: 'the number opted out with Twilio',
    consent_withdrawn: 'the customer withdrew consent',
    consent_withdrawn_shared: 'consent for this number or address was withdrawn at the till, with another purchase with this number or address',
    no_address: 'no address known any more',
    own_number: "this is a number nextdeal itself texts from (this or another shop's), not the customer's: no text goes to it",
    machine_number: "this is a machine's number (097: a meter, an alarm, a car), which no one reads: no text goes to it",
    erased: "the customer's data was erased",
    shop_disabled: 'the shop stopped using nextdeal',
    complaint_late: 'the customer\'s reply, read as a problem, was not marked handled within 14 days of this invitation\'s planned time: it lapsed, as it would have come out of the blue (and stays lapsed when you read the reply otherwise later)',
    quiet_hours: 'it waited for the evening or night to end where it is read',
    messaged_recently: 'your shop had sent another message to this number or address less than a day before: this waited for that day to pass, and was then too late',
    number_busy: 'another shop had just texted the customer from the same number: this waited so that an answer to it could not land here, and was then too late',
    interrupted: 'sending was interrupted: check whether it arrived before you resend it',
    in_doubt: 'the provider took the message and never answered: it may or may not have arrived',
    restored: 'nextdeal was put back to an earlier copy in which this still waited: it may have gone out already; ask the customer before you resend it',
    unreachable: 'the provider could not be reached; nothing was sent',
    rate_limited: 'the provider asked to slow down',
    provider_error: 'a problem at the provider',
    outbox_unwritable: 'nextdeal could not write the message to its outbox folder (a full disk?); nothing was sent',
    region_not_enabled: "the Twilio account may not text this country (yet): have whoever runs nextdeal enable it (Geo Permissions); the message waits up to 48 hours",
    trial_account: "the Twilio account is a trial one, which texts only the numbers verified in it: have whoever runs nextdeal upgrade it; the message waits up to 48 hours",
    provider_auth: 'the provider refuses the settings (the login or the sending number): have them checked',
    sender_refused: 'the mail server refuses the sender address the shop mails from: have whoever runs nextdeal check it',
    invalid_number: 'this phone number does not exist',
    not_mobile: 'this number cannot receive texts',
    unsubscribed_at_provider: "the number is on the provider's opt-out list",
    mailbox_full: "the customer's mailbox is full: tried again later (for up to 48 hours)",
    recipient_deferred: "the customer's mail server would not take it just now: tried again later (for up to 48 hours)",
    mailbox_unknown: 'this e-mail address does not exist',
    rejected: 'refused by the provider',
    undelivered: 'not delivered',
    render_failed: 'the message could not be written: have the templates checked',
    held_out: 'the customer is in the comparison group that gets nothing (this should never have been planned: please report it)',
    no_alert_address: 'the shop has no alert address',
    no_access_token: 'no access to the till to look the customer up',
    unknown_customer: 'the till does not know this customer',
    lookup_failed: 'the till did not answer',
  },
  undeliveredBecause: {
    30003: 'the phone was switched off or out of reach; nothing to do',
    30005: 'this number does not exist (any more) or is not in use: put the right number in the till',
    30006: 'this number cannot receive texts (a landline, or its phone company cannot be reached): put the right number in the till',
    30007: 'the phone company held the text back as possible spam; if that happens more often, have whoever runs nextdeal register the sender',
    30008: 'not delivered for an unknown reason at the phone company',
  },
  download: 'Download (CSV)',
  empty: 'Nothing in this period yet.',

  errorPages: {
    notFound: ['Not found', 'This page does not exist, or is not one of your shop.'],
    formExpired: ['Form expired', 'The form had expired. Go back, reload the page and try again.'],
    logInFirst: ['Log in first', 'You are not logged in (any more).'],
    badRequest: ['That did not work', 'We could not read what the browser sent.'],
    tooLarge: ['Too large', 'What the browser sent is too large.'],
    tooMany: ['One moment', 'Too many requests in a row. Try again shortly.'],
    internal: ['Something went wrong', 'Something went wrong on our side. Try again shortly.'],
  },
  toLogin: 'To the login page',
  toStart: 'To the start',
};
