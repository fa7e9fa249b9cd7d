/**
 * @module import/text
 * Canonical text for comparing what two parsers read from the same regulation. Used only to decide whether two
 * readings are the same regulatory content; the stored text keeps the source's wording.
 */

/** Whitespace collapsed, typographic quotes and dashes folded, stray spaces inside parentheses removed, final period dropped. */
export function canonicalText(t: string | null | undefined): string {
  if (t === null || t === undefined) return '';
  return t
    .normalize('NFKC')
    .replace(/[\u201c\u201d\u201e\u2033]/g, '"')
    .replace(/[\u2018\u2019\u2032]/g, "'")
    .replace(/[\u2013\u2014]/g, '-')
    .replace(/\s+/g, ' ')
    .replace(/\(\s+/g, '(')
    .replace(/\s+\)/g, ')')
    .replace(/\s+([.,;:])/g, '$1')
    .trim()
    .replace(/\.$/, '')
    .trim();
}

/** Whitespace-normalised text for storage (keeps quotes and wording). */
export function cleanText(t: string): string {
  return t.replace(/\s+/g, ' ').trim();
}
