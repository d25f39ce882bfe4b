// The owner's pages in English: the same keys as phrases-nl.ts (a missing one fails the build).
import type { nl } from './phrases-nl.js';

export const en: typeof nl = {
  loginTitle: 'Log in',
  shop: 'Shop (short name)',
  password: 'Password',
  logIn: 'Log in',
  logOut: 'Log out',
  loginFailed: 'Shop or password is not right.',
  tooMany: (seconds) => `Too many failed attempts from this address. Try again in ${seconds < 90 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minutes`}.`,
  formExpired: 'The form had expired. Please try again.',
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
  callMore: (n) => `All ${n} on the list`,
  callNote:
    'Everything customers wrote that is not clearly happy: problems, questions and replies you should read yourself, newest first. "Handled" takes it off the list; the come-back invitation waits until then.',
  readings: { problem: 'Problem', question: 'Question', other: 'Read it yourself', positive: 'Happy' },
  keywords: { opt_out: 'Opted out (STOP)', opt_in: 'Opted back in (START)', help: 'Asked for help (HELP)' },
  call: (number) => `Call ${number}`,
  bought: 'Bought',
  soldOn: (date) => `on ${date}`,
  why: 'Why',
  tapped: 'Tapped',
  noWords: '(no text)',
  handled: 'Handled',
  handledOn: (date) => `Handled on ${date}`,
  wrongReading: 'Read wrongly?',
  thisIs: 'This is really:',
  corrected: (readAs) => `Corrected by you; first read as "${readAs}".`,
  inboxTitle: 'Replies from customers',
  inboxFilters: { all: 'All', open: 'To call back', problem: 'Problem', question: 'Question', other: 'Read it yourself', positive: 'Happy', keyword: 'STOP / START / HELP' },
  inboxNone: 'No replies to show.',
  inboxNote:
    'Every reply from a customer, newest first, with how nextdeal read it and the purchase it is about. If the reading is wrong, choose what it really is under "Read wrongly?": the reply moves to the right list, and your corrections are in the download, so the shop can learn from them later.',

  returnTitle: 'Do customers come back?',
  withinDays: (n) => `within ${n} days`,
  ofCustomers: (back, judged) => `${back} of ${judged} ${judged === 1 ? 'customer' : 'customers'}`,
  knownOn: (date) => `known on ${date}`,
  returnSame: (judged, days, date) =>
    `Every figure counts the same ${judged === 1 ? 'customer' : `${judged} customers`}: those whose first purchase in this period was ${days} days ago or longer (up to and including ${date}).`,
  returnTooEarly: (n) => `${n === 1 ? '1 customer' : `${n} customers`} bought for the first time more recently: too early to tell, not lost.`,
  returnNotYet: (customers, date) =>
    `${customers} new ${customers === 1 ? 'customer' : 'customers'} in this period, but none bought for the first time 30 days ago yet. The first figure comes on ${date}.`,
  returnNone: 'No new customers in this period yet.',
  returnNote: 'Coming back: buying again on a later day. A second purchase on the same day does not count; refunded and voided sales do not count.',

  pausedWarning: (channel, until, failures) =>
    `${channel} is paused until ${until}: sending failed ${failures} times in a row, a problem at the provider. The messages wait and go out after.`,
  uncertainWarning: (n) =>
    n === 1
      ? '1 message was interrupted while sending (for instance by a restart). It may or may not have arrived; it is not sent again by itself.'
      : `${n} messages were interrupted while sending (for instance by a restart). They may or may not have arrived; they are not sent again by themselves.`,
  uncertainLink: 'See them',

  invitationTitle: 'What follows the come-back invitation?',
  invitationBack: (returned, judged) => `${returned} of the ${judged} invited ${judged === 1 ? 'customer' : 'customers'} bought again within 14 days`,
  invitationRevenue: (purchases, amounts) => `Together ${purchases} ${purchases === 1 ? 'purchase' : 'purchases'}, for ${amounts}.`,
  noAmount: 'no amount',
  invitationTooEarly: (n) => (n === 1 ? '1 invitation is less than 14 days old and does not count yet.' : `${n} invitations are less than 14 days old and do not count yet.`),
  invitationNone: 'No invitations sent in this period yet.',
  invitationNote:
    'Invitations sent in this period, at least 14 days ago. Bought again: a purchase (not refunded or voided) in the 14 days after the invitation; the amount is the total of those purchases as the till sent it. This describes what happened; it does not prove the invitation did it, since some customers would have come anyway.',

  askedTitle: 'Does asking how it went help?',
  askedSms: 'Asked by SMS',
  askedEmail: 'Asked by e-mail',
  askedNone: 'Not asked (no consent or no contact)',
  askedTooEarly: (customers, days) => `${customers} ${customers === 1 ? 'customer' : 'customers'}, less than ${days} days ago: too early to tell`,
  askedNobody: 'no customers yet',
  askedNote: (days) =>
    `Return within ${days} days of customers whose check-in after their first purchase went out, beside customers we could not ask because they gave no consent or no contact details. Mind: these groups differ in more than the message (who gives consent may be more loyal already). A true comparison needs a hold-out group; that comes later.`,
  customers: 'customers',

  checkinsTitle: 'Check-ins',
  sent: 'sent',
  delivered: 'delivered',
  failed: 'failed',
  waiting: 'still to send',
  replied: 'replied',
  replyRate: 'reply rate',
  answers: 'Answers',
  optOuts: 'opt-outs',
  checkinsNote:
    'Check-ins planned in this period, by channel. Sent: handed to Twilio or the mail server; delivered: Twilio reports delivery (SMS only); failed: refused or undelivered. Replied: check-ins with at least one reply; reply rate: replied divided by sent. Answers and opt-outs: what came in during this period.',

  reasonsTitle: 'Why do people buy?',
  reason: 'Reason',
  returnRate: (days) => `back within ${days} d`,
  reasonsNote: (days) =>
    `The reason customers gave at their first purchase in this period, in lower case and without the punctuation around it, how often it came up, and the share of those customers who came back within ${days} days (only customers who bought long enough ago).`,

  cohortTitle: 'By group of new customers',
  cohortWeek: 'Week',
  cohortMonth: 'Month',
  weeksLater: 'weeks later',
  monthsLater: 'months later',
  cohortNote: (unit) =>
    `Each row is a group of customers whose first purchase fell in the same ${unit}. Each cell: the share of that group who bought again that many ${unit}s later (column 0 is the ${unit} of the first purchase itself: a second purchase on a later day within it). A second purchase on the same day does not count. Empty: still in the future.`,

  contactTitle: "Customer details from the till",
  contactIssues: (sales, phone, email) =>
    `${sales === 1 ? '1 sale' : `${sales} sales`} in this period came with a phone number or e-mail address that cannot be right (${phone} phone, ${email} e-mail).`,
  contactNote:
    'nextdeal kept those sales without that number or address, so those customers get no message about them. Have the customer details in the till fixed: often it is a typing error, a landline in the mobile field, or an address without an @.',

  waitingTitle: 'Waiting for contact details',
  waitingCount: (n) => `${n === 1 ? '1 sale of the past week is' : `${n} sales of the past week are`} waiting for the customer to leave a number or e-mail address themselves.`,
  waitingNone: 'No sales without contact details in the past week.',
  waitingSheet: 'QR codes to print',
  waitingNote:
    'Sales for which the till knew no customer. Let the customer scan the QR code (or print the link on the receipt): they leave their own number, consent and reason, and get the check-in tomorrow. A link works once, for 7 days.',
  poster: 'QR poster for the counter',
  printHint: "Print this page with your browser's print button.",

  messagesTitle: 'Messages',
  search: 'Search name, phone or e-mail',
  status: 'Status',
  untilNow: 'up to now',
  planned: 'planned',
  held: 'waiting for you: handle the customer\'s reply first',
  statuses: { scheduled: 'planned', sending: 'sending', sent: 'sent', failed: 'failed', expired: 'expired', cancelled: 'cancelled', uncertain: 'uncertain' },
  deliveries: {
    accepted: 'accepted by Twilio', scheduled: 'scheduled at Twilio', queued: 'queued', sending: 'sending', sent: 'on its way',
    delivered: 'delivered', read: 'read', undelivered: 'not delivered', failed: 'not delivered', canceled: 'cancelled by Twilio',
  },
  deliveryUnknown: 'an unknown report from Twilio',
  kinds: { checkin: 'check-in', comeback: 'invitation' },
  messagesNote: 'What was sent and what went wrong, newest first, with the reason when something was not sent. Choose "planned" for what is still to come.',
  plannedNote: 'Messages still planned, the next one first.',
  more: 'More',
  errors: {
    expired: 'more than 48 hours late: not sent any more',
    refunded: 'the purchase was refunded',
    voided: 'the purchase was voided',
    bought_again: 'bought again (that purchase gets its own invitation)',
    opted_out: 'the customer opted out',
    opted_out_keyword: 'the customer texted STOP',
    opted_out_link: 'the customer unsubscribed with the link',
    opted_out_provider: 'the number opted out with Twilio',
    consent_withdrawn: 'the customer withdrew consent',
    no_address: 'no address known any more',
    erased: "the customer's data was erased",
    interrupted: 'sending was interrupted: check whether it arrived before you resend it',
    in_doubt: 'the provider took the message and never answered: it may or may not have arrived',
    unreachable: 'the provider could not be reached; nothing was sent',
    rate_limited: 'the provider asked to slow down',
    provider_error: 'a problem at the provider',
    provider_auth: 'the provider refuses the credentials: have the settings checked',
    invalid_number: 'this phone number does not exist',
    not_mobile: 'this number cannot receive texts',
    unsubscribed_at_provider: "the number is on the provider's opt-out list",
    mailbox_unknown: 'this e-mail address does not exist',
    rejected: 'refused by the provider',
    undelivered: 'not delivered',
    render_failed: 'the message could not be written: have the templates checked',
    no_alert_address: 'the shop has no alert address',
    no_access_token: 'no access to the till to look the customer up',
    unknown_customer: 'the till does not know this customer',
    lookup_failed: 'the till did not answer',
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
