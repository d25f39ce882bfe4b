// CSV for the owner's spreadsheet. A cell a customer typed that starts like a formula is defused.

function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  let s = String(v);
  if (/^[=+\-@\t\r]/.test(s) && typeof v === 'string') s = `'${s}`;
  return /[",\r\n;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Lines of CSV, each ending in CRLF. */
export const csvLines = (rows: readonly (readonly unknown[])[]): string => rows.map((r) => `${r.map(cell).join(',')}\r\n`).join('');

export const csv = (header: readonly string[], rows: readonly (readonly unknown[])[]): string => csvLines([header, ...rows]);
