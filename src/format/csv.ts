/**
 * @module format/csv
 * One CSV cell for the exports a spreadsheet may open (reports, network exports): quoted when it holds a quote, comma
 * or line break, and a value starting with = + - @ or a tab is prefixed with ' (and quoted) so it is never a formula.
 */
export function csvCell(v: unknown): string {
  const s = Array.isArray(v) ? v.join(' ') : v === null || v === undefined ? '' : String(v);
  const formula = /^[=+\-@\t\r]/.test(s);
  return /[",\n\r]/.test(s) || formula ? `"${(formula ? `'${s}` : s).replace(/"/g, '""')}"` : s;
}

/** A header and rows as CSV with CRLF line ends (RFC 4180), the last line ended too. */
export const csvLines = (header: readonly string[], rows: readonly (readonly unknown[])[]) => `${[header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
