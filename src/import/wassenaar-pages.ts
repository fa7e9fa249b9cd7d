/**
 * @module import/wassenaar-pages
 * Reads the `pdftotext -layout` extraction of the Wassenaar Arrangement list page by page (pages are separated by
 * form feeds, one per PDF page) and removes what the layout interleaves with the text: the running page header
 * (rule, section title, rule), the footer (`WA-LIST (25) 1 Corr.`, the date and the printed page number) and page
 * footnotes (`* The Russian Federation and Ukraine view this list …`). What is left is a list of lines, each with its
 * PDF page and the column it starts at, grouped by the section its page header names.
 */

/** One line of text with its position: the 1-based PDF page and the 0-based column of its first character. */
export interface SourceLine {
  readonly page: number;
  readonly col: number;
  readonly text: string;
  /** True when one or more blank lines precede this line on the page (or it is the first line of the page). */
  readonly gapBefore: boolean;
}

/** A page footnote cut out of the text flow (`*` or `**`), with the page it is printed on. */
export interface PageFootnote { readonly page: number; readonly marker: string; readonly text: string }

export interface SourcePage {
  /** 1-based PDF page. */
  readonly page: number;
  /** The section title of the running header (`DUAL-USE LIST - CATEGORY 3 - ELECTRONICS`), or '' when none. */
  readonly header: string;
  /** The page number printed in the footer, as printed (`57`), or null when the page prints none. */
  readonly printed: string | null;
  readonly lines: readonly SourceLine[];
  readonly footnotes: readonly PageFootnote[];
}

const RULE = /^\s*_{20,}\s*$/;
const FOOTER_TAG = /WA-LIST \(25\) 1 Corr\./;
const PRINTED_NUMBER = /(?:^|\s)-\s?([0-9]{1,3})\s?-(?:\s|$)/;
const FOOTER_DATE = /^\s*(?:-\s?[0-9]{1,3}\s?-\s+)?15-01-2026(?:\s+-\s?[0-9]{1,3}\s?-)?\s*$/;
const FOOTNOTE_START = /^\s{0,3}(\*{1,2})\s+(\S.*)$/;

/** Splits the extraction into its PDF pages and cleans each one. */
export function readPages(text: string): SourcePage[] {
  const raw = text.split('\f');
  if (raw.length > 0 && raw[raw.length - 1]?.trim() === '') raw.pop();
  return raw.map((p, i) => cleanPage(p, i + 1));
}

function cleanPage(pageText: string, page: number): SourcePage {
  let lines = pageText.split('\n').map((l) => l.replace(/\s+$/, ''));
  // Header: rule, title, rule, within the first few lines.
  let header = '';
  const firstRule = lines.findIndex((l, i) => i < 4 && RULE.test(l));
  if (firstRule !== -1) {
    const second = lines.findIndex((l, i) => i > firstRule && i < firstRule + 6 && RULE.test(l));
    if (second !== -1) {
      header = lines.slice(firstRule + 1, second).map((l) => l.trim()).filter(Boolean).join(' ');
      lines = lines.slice(second + 1);
    }
  }
  // Footer: the WA-LIST tag and the date line with the page number, at the end of the page.
  let printed: string | null = null;
  let end = lines.length;
  while (end > 0 && (lines[end - 1] ?? '').trim() === '') end--;
  for (let k = 0; k < 2 && end > 0; k++) {
    const l = lines[end - 1] ?? '';
    if (FOOTER_TAG.test(l) || FOOTER_DATE.test(l)) {
      const m = PRINTED_NUMBER.exec(l);
      if (m?.[1]) printed = m[1];
      end--;
    }
  }
  lines = lines.slice(0, end);
  // Page footnotes: a block at the bottom starting with `*` (after a rule or a blank line), running to the end.
  const footnotes: PageFootnote[] = [];
  let cut = lines.length;
  for (let i = lines.length - 1; i >= Math.max(0, lines.length - 12); i--) {
    const m = FOOTNOTE_START.exec(lines[i] ?? '');
    const before = lines[i - 1] ?? '';
    if (m && (before.trim() === '' || RULE.test(before) || FOOTNOTE_START.test(before))) cut = i;
  }
  if (cut < lines.length) {
    let current: { marker: string; parts: string[] } | undefined;
    for (const l of lines.slice(cut)) {
      const m = FOOTNOTE_START.exec(l);
      if (m?.[1] && m[2]) {
        if (current) footnotes.push({ page, marker: current.marker, text: current.parts.join(' ') });
        current = { marker: m[1], parts: [m[2].trim()] };
      } else if (l.trim() && current) current.parts.push(l.trim());
    }
    if (current) footnotes.push({ page, marker: current.marker, text: current.parts.join(' ') });
    lines = lines.slice(0, cut);
    while (lines.length && (RULE.test(lines[lines.length - 1] ?? '') || (lines[lines.length - 1] ?? '').trim() === '')) lines.pop();
  }
  const out: SourceLine[] = [];
  let gap = true;
  for (const l of lines) {
    if (l.trim() === '') { gap = true; continue; }
    const col = l.length - l.trimStart().length;
    out.push({ page, col, text: l.trim(), gapBefore: gap });
    gap = false;
  }
  return { page, header, printed, lines: out, footnotes };
}
