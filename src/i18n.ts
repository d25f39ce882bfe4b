// Words nextdeal shows customers and owners outside the message templates: its pages and one-tap answers.
import type { Locale } from './domain/sale.js';

const nl = {
  answers: { great: 'Top, bevalt goed', unsure: 'Weet ik nog niet', problem: 'Er is een probleem' },
  replyTitle: (item: string | null) => (item ? `Hoe bevalt je ${item}?` : 'Hoe bevalt je aankoop?'),
  replyIntro: (shop: string) => `${shop} hoort graag hoe het gaat. Eén tik is genoeg.`,
  commentLabel: 'Wil je er iets over kwijt? (mag ook leeg blijven)',
  thanksTitle: 'Dank je wel!',
  thanksPositive: (shop: string) => `Fijn om te horen. Groet van ${shop}.`,
  thanksOther: (shop: string) => `${shop} heeft je antwoord ontvangen.`,
  thanksProblem: (shop: string) => `Wat vervelend. ${shop} neemt zo snel mogelijk contact met je op.`,
  notFoundTitle: 'Deze link werkt niet (meer)',
  notFoundText: 'De link is verlopen of niet helemaal goed overgenomen. Je kunt de winkel ook gewoon bellen of mailen.',
  unsubscribeTitle: 'Afmelden',
  unsubscribeText: (shop: string) => `Wil je geen e-mail meer van ${shop}?`,
  unsubscribeButton: 'Afmelden',
  unsubscribedTitle: 'Je bent afgemeld',
  unsubscribedText: (shop: string) => `Je krijgt geen e-mail meer van ${shop}.`,
};

const en: typeof nl = {
  answers: { great: 'Great, I am happy with it', unsure: 'Not sure yet', problem: 'There is a problem' },
  replyTitle: (item) => (item ? `How is your ${item} working out?` : 'How is your purchase working out?'),
  replyIntro: (shop) => `${shop} would love to hear how it goes. One tap is enough.`,
  commentLabel: 'Anything you would like to add? (optional)',
  thanksTitle: 'Thank you!',
  thanksPositive: (shop) => `Good to hear. Kind regards from ${shop}.`,
  thanksOther: (shop) => `${shop} has your answer.`,
  thanksProblem: (shop) => `Sorry to hear that. ${shop} will contact you as soon as possible.`,
  notFoundTitle: 'This link does not work (any more)',
  notFoundText: 'The link has expired or was not copied completely. You can always call or e-mail the shop.',
  unsubscribeTitle: 'Unsubscribe',
  unsubscribeText: (shop) => `No more e-mail from ${shop}?`,
  unsubscribeButton: 'Unsubscribe',
  unsubscribedTitle: 'You are unsubscribed',
  unsubscribedText: (shop) => `You will get no more e-mail from ${shop}.`,
};

export const words: Record<Locale, typeof nl> = { nl, en };
