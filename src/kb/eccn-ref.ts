/**
 * @module kb/eccn-ref
 * ECCN references as callers write them: `3A001`, `3a001.b.2.a`, `EAR99`. The only normalisation is trimming and
 * upper-casing the five-character ECCN (paragraph letters are lower case in the CCL); anything else is refused.
 */
import { InvalidInputError } from '../errors.ts';

export interface EccnRef {
  /** The ECCN proper, e.g. `3A001`, or `EAR99`. */
  readonly eccn: string;
  /** Paragraph path after the ECCN, e.g. `b.2.a`, or null for the whole entry. */
  readonly paragraph: string | null;
  /** The normalised reference, e.g. `3A001.b.2.a`. */
  readonly normalized: string;
}

const REF = /^([0-9][A-Z][0-9]{3})((?:\.[a-z0-9]{1,4}){0,8})$/;

/** Parses an ECCN reference or throws InvalidInputError(INVALID_ECCN) with a message that says what is wrong. */
export function parseEccnRef(input: string): EccnRef {
  if (typeof input !== 'string') throw new InvalidInputError('INVALID_ECCN', 'ECCN must be a string such as "3A001" or "3A001.b.2"');
  const trimmed = input.trim();
  if (/^EAR99$/i.test(trimmed)) return { eccn: 'EAR99', paragraph: null, normalized: 'EAR99' };
  const head = trimmed.slice(0, 5).toUpperCase();
  const tail = trimmed.slice(5).toLowerCase();
  const m = REF.exec(head + tail);
  if (!m || !/^[0-9][A-E]/.test(head)) {
    throw new InvalidInputError(
      'INVALID_ECCN',
      `'${input}' is not an ECCN: expected a category digit, a product group A–E and three digits (e.g. "3A001"), optionally followed by paragraphs (".b.2.a"), or "EAR99"`,
    );
  }
  const eccn = m[1] as string;
  const paragraph = m[2] ? (m[2] as string).slice(1) : null;
  return { eccn, paragraph, normalized: paragraph ? `${eccn}.${paragraph}` : eccn };
}

/** True when paragraph reference `ref` (e.g. `3A001.b.2`) is `scope` or lies inside it (`3A001.b` covers `3A001.b.2`). */
export function withinParagraph(ref: string, scope: string): boolean {
  return ref === scope || ref.startsWith(`${scope}.`);
}
