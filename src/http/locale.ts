// The language of a page for someone whose shop is not known yet: the browser's (Accept-Language), Dutch or English;
// and for a visitor a shop does not know yet, the shop's where her browser reads it (visitorVoice).
import type { Request } from 'express';
import { type Locale, type Voice, canonicalLanguage, locales, pickLocale, voiceFor } from '../domain/sale.js';

/**
 * Dutch where the browser prefers it to English (express's negotiator: q values, "nl-BE", "en;q=0, nl"), else English,
 * also with no header or "*". Its first tag alone was read before: "de, nl;q=0.8" was English.
 */
export const browserLocale = (req: Request): Locale =>
  req.get('accept-language')?.trim() && req.acceptsLanguages('en', 'nl') === 'nl' ? 'nl' : 'en';

/**
 * The voice of the pages a customer opens without the shop knowing her yet (its join page, a sale's consent link, the
 * pages after them) and of the code or link they send her: the shop's, as it addresses customers ("u" where it is
 * formal), when her browser accepts its language at all (Accept-Language, any q above 0; no header, or "*", accepts
 * any); else the other language nextdeal writes, when her browser asks for that (an English shop's Dutch visitor);
 * else English, as customerVoice writes a +49 number: a browser of neither ("de" only, a German tourist at a Dutch
 * shop) is likelier to read English than Dutch, and a Dutch form was one she could not fill in. Read by express's
 * negotiator (q values, "nl-BE" for nl), not by the first tag alone: "en;q=0, nl" is Dutch. The poster is the shop's:
 * its owner prints it.
 */
export function visitorVoice(req: Request, shop: { locale: string; formal: number }): Voice {
  const own = pickLocale(shop.locale, 'en');
  if (!namesLanguage(req) || req.acceptsLanguages(own)) return voiceFor(shop);
  const asked = req.acceptsLanguages(...locales.filter((l) => l !== own));
  return voiceFor(shop, asked === false ? 'en' : asked);
}

/**
 * Whether the browser names any language at all, at any q: not with no header, nor with one that holds no language tag
 * (",,,", "nl_NL" from an app that writes Java's locale, a bot's junk), which says nothing of hers and keeps the
 * shop's, as no header does. "*" names any; "nl;q=0" names Dutch (to refuse it).
 */
function namesLanguage(req: Request): boolean {
  return (req.get('accept-language') ?? '').split(',').some((part) => {
    const tag = part.split(';')[0]!.trim();
    return tag === '*' || canonicalLanguage(tag) !== null;
  });
}
