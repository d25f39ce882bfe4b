// CSV for the owner's spreadsheet. A cell a customer typed that starts like a formula is defused.
import { withoutDirectionControls } from '../../domain/message-props.js';
import type { Locale } from '../../domain/sale.js';

/**
 * The separator and decimal mark of the owner's spreadsheet. Excel opens a CSV with a double click using its region's
 * list separator: in the Netherlands and Belgium (as in most of Europe) that is ";", with a decimal comma, and a file
 * of commas lands in one column. A Dutch shop's downloads are written that way; Google Sheets and LibreOffice detect it.
 */
export interface CsvDialect {
  separator: ',' | ';';
  decimal: '.' | ',';
}

const DUTCH: CsvDialect = { separator: ';', decimal: ',' };
const ENGLISH: CsvDialect = { separator: ',', decimal: '.' };
/** The shop's language's, unless the download asks for one (`?sep=comma` or `?sep=semicolon`: a script, another Excel). */
export const dialectOf = (locale: Locale, asked?: unknown): CsvDialect =>
  asked === 'comma' ? ENGLISH : asked === 'semicolon' ? DUTCH : locale === 'nl' ? DUTCH : ENGLISH;

function cell(v: unknown, d: CsvDialect): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return String(v).replace('.', d.decimal);
  let s = withoutDirectionControls(String(v));
  if (/^[=+\-@\t\r]/.test(s) && typeof v === 'string') s = `'${s}`;
  return /[",\r\n;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Lines of CSV, each ending in CRLF. */
export const csvLines = (rows: readonly (readonly unknown[])[], d: CsvDialect): string =>
  rows.map((r) => `${r.map((v) => cell(v, d)).join(d.separator)}\r\n`).join('');

export const csv = (header: readonly string[], rows: readonly (readonly unknown[])[], d: CsvDialect): string => csvLines([header, ...rows], d);
