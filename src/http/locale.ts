// The language of a page for someone whose shop is not known yet: the browser's (Accept-Language), Dutch or English.
import type { Request } from 'express';
import type { Locale } from '../domain/sale.js';

export const browserLocale = (req: Request): Locale => (/^nl\b/i.test(req.get('accept-language') ?? '') ? 'nl' : 'en');
