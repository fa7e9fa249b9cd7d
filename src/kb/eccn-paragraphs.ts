/**
 * @module kb/eccn-paragraphs
 * Reads the paragraph structure of an ECCN's List of Items Controlled from its `items` rows (single_source.items).
 * The source lists a Note's own lettered items (`a.`, `b.` …) among the ECCN's paragraphs, with nothing to tell them
 * apart but their place in the sequence, and sometimes drops a paragraph. So the rows are read in order against the
 * numbering of the CCL (letters and numbers alternate by level: a, a.1, a.1.a, a.1.a.1 …):
 *
 * - a row that continues the ECCN's sequence (the first child of the last paragraph, or the next sibling of it or of
 *   one of its ancestors) is a paragraph;
 * - a row that starts again at `a` or `1` where the ECCN's sequence cannot continue opens a Note's list; the rows that
 *   continue a Note's list belong to it (the list the previous row belongs to first, then earlier ones);
 * - a row that could continue both (`ambiguous`) is the ECCN's paragraph when the next row is its child, when it
 *   reads "[Reserved]", or when `resembles` says its text is like the counterpart's paragraph of that number;
 *   without `resembles` it is the Note's when it directly follows the Note's items, the ECCN's otherwise;
 * - before the first paragraph, items after a sentence ending in ":" are that sentence's list;
 * - a row that fits nowhere is not placed (`unplaced`); an ECCN paragraph whose parent is missing gets the parent
 *   inferred (`inferred`: the source dropped it); the first paragraph may be other than `a` (the ones before it are
 *   `skipped`: dropped too).
 *
 * Rows of kind `text` that begin with a label of two or more levels (`c.3.a Two or more …`) are read as paragraphs
 * too: the source prints some paragraphs that way. A paragraph reading `[Reserved]` is `reserved`; `f through y.
 * [Reserved]` and `a.1 to a.5. [Reserved]` reserve the whole range.
 *
 * @example
 * const r = readEccnParagraphs(kb.eccnHistory('3A001')!.single_source!.items!);
 * r.paragraphs.get('a.5.a.1')?.text;   //=> 'A resolution of 8 bit or more, but less than 10 bit, …'
 */

import { wordSimilarity } from './words.ts';

export interface ItemRow { readonly paragraph: string | null; readonly kind: 'item' | 'text' | 'note'; readonly text: string }

export interface EccnParagraph {
  readonly label: string;
  readonly text: string;
  /** `[Reserved]` in the source. */
  readonly reserved: boolean;
  /** Not in the source: its children are, so it was inferred (the source dropped it). */
  readonly inferred: boolean;
}

export interface EccnParagraphs {
  /** Paragraph label (`a.5.a.1`, without the ECCN) → paragraph, in document order. */
  readonly paragraphs: ReadonlyMap<string, EccnParagraph>;
  /** Rows read as the lettered items of a Note. */
  readonly noteItems: number;
  /** Rows that could have continued both the ECCN's sequence and a Note's list (decided as the module comment says). */
  readonly ambiguous: readonly string[];
  /** Rows placed nowhere: their label continues no sequence. */
  readonly unplaced: readonly string[];
  /** Paragraphs inferred from their children. */
  readonly inferred: readonly string[];
  /** Paragraphs before the first one read (`a` when the rows start at `b`): the source dropped them, text unknown. */
  readonly skipped: readonly string[];
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
const isLetterLevel = (level: number) => level % 2 === 0;
const first = (level: number) => (isLetterLevel(level) ? 'a' : '1');
const validSeg = (seg: string, level: number) => (isLetterLevel(level) ? /^[a-z]$/.test(seg) : /^[1-9][0-9]?$/.test(seg));
const after = (seg: string, level: number): string => (isLetterLevel(level) ? (LETTERS[LETTERS.indexOf(seg) + 1] ?? '') : String(Number(seg) + 1));
const parentOf = (label: string) => (label.includes('.') ? label.slice(0, label.lastIndexOf('.')) : '');
const ancestorOrSelf = (a: string, of: string) => a === '' || a === of || of.startsWith(`${a}.`);

/** A well-formed paragraph label: letters and numbers alternating, starting with a letter. */
export function isParagraphLabel(label: string): boolean {
  const segs = label.split('.');
  return segs.length <= 10 && segs.every((s, i) => validSeg(s, i));
}

/** One numbering sequence (the ECCN's, or a Note's list). */
class Sequence {
  /** The ECCN's own sequence (`y`, `z` and a missing first paragraph are allowed there only). */
  constructor(private readonly own = false) {}
  readonly accepted = new Set<string>();
  private readonly lastChild = new Map<string, string>();
  last = '';

  /**
   * Which labels must be added for `label` to continue this sequence (itself last, inferred parents before it), or
   * undefined. `startGap`: the first paragraph of a sequence may be other than `a` (the source dropped the first).
   */
  continuation(label: string, startGap = false): string[] | undefined {
    if (!isParagraphLabel(label) || this.accepted.has(label)) return undefined;
    const segs = label.split('.');
    const level = segs.length - 1;
    const seg = segs[level] as string;
    const parent = parentOf(label);
    if (parent === '' || this.accepted.has(parent)) {
      if (!ancestorOrSelf(parent, this.last)) return undefined; // never back into a branch already closed
      const prev = this.lastChild.get(parent);
      const expected = prev ? after(prev, level) : first(level);
      if (seg === expected) return [label];
      // `y` and `z` are the CCL's own paragraphs after the Wassenaar ones, reached from any letter.
      if (this.own && level === 0 && (seg === 'y' || seg === 'z') && prev !== undefined && prev < seg) return [label];
      if (this.own && level === 0 && startGap && prev === undefined) return [label];
      return undefined;
    }
    if (seg !== first(level) || !this.own) return undefined; // only the ECCN's own sequence infers a dropped parent
    const up = this.continuation(parent, startGap);
    return up ? [...up, label] : undefined;
  }

  add(label: string): void {
    this.accepted.add(label);
    const level = label.split('.').length - 1;
    this.lastChild.set(parentOf(label), label.split('.')[level] as string);
    this.last = label;
  }

  /** Marks `from` … `to` (siblings) as used, e.g. `f through y. [Reserved]`. */
  reserveThrough(label: string, to: string): string[] {
    const segs = label.split('.');
    const level = segs.length - 1;
    const out: string[] = [];
    let seg = segs[level] as string;
    for (let n = 0; n < 40; n++) {
      seg = after(seg, level);
      if (!seg) break;
      const l = [...segs.slice(0, -1), seg].join('.');
      out.push(l);
      this.add(l);
      if (seg === to) break;
    }
    return out;
  }
}

/** `through y. [Reserved]`, `to a.5. [Reserved]`: the paragraphs up to the one named are reserved. */
const RANGE = /^(?:through|to) (?:(?:[a-z]|[1-9][0-9]?)\.)*([a-z]|[1-9][0-9]?)\.?\s*\[Reserved\]\.?$/i;
const LABELLED_TEXT = /^((?:[a-z]|[1-9][0-9]?)(?:\.(?:[a-z]|[1-9][0-9]?)){1,9})\.{0,2}\s+(\S.*)$/;

export interface ReadOptions {
  /** Whether `text` is like the counterpart's paragraph `label` (decides rows that could be either). */
  resembles?: (label: string, text: string) => boolean;
}

/** Reads the paragraphs of one ECCN from its items rows (see the module comment for how). */
export function readEccnParagraphs(rows: readonly ItemRow[], opts: ReadOptions = {}): EccnParagraphs {
  const main = new Sequence(true);
  const paragraphs = new Map<string, EccnParagraph>();
  const ambiguous: string[] = [];
  const unplaced: string[] = [];
  const inferred: string[] = [];
  const skipped: string[] = [];
  let noteItems = 0;
  const read = rows.map((row) => {
    if (row.kind === 'item') return { label: row.paragraph, text: row.text };
    const m = row.kind === 'text' ? LABELLED_TEXT.exec(row.text) : null;
    return m && isParagraphLabel(m[1] as string) ? { label: m[1] as string, text: m[2] as string } : { label: null, text: row.text };
  });
  const lists: Sequence[] = []; // the Notes' lists, most recent last
  let open: Sequence | undefined; // the list the previous row belongs to
  const addMain = (labels: readonly string[], label: string, text: string) => {
    open = undefined;
    for (const l of labels) {
      main.add(l);
      const own = l === label;
      if (!own) inferred.push(l);
      paragraphs.set(l, { label: l, text: own ? text : '', reserved: own && /^\[Reserved\]\.?$/i.test(text.trim()), inferred: !own });
    }
    const range = RANGE.exec(text.trim());
    if (range) {
      paragraphs.set(label, { label, text, reserved: true, inferred: false });
      for (const l of main.reserveThrough(label, range[1] as string)) paragraphs.set(l, { label: l, text: '[Reserved]', reserved: true, inferred: false });
    }
  };
  const addTo = (list: Sequence, labels: readonly string[]) => { for (const l of labels) list.add(l); open = list; noteItems++; };
  for (const [i, { label, text }] of read.entries()) {
    if (!label) { open = undefined; continue; } // a Note's list ends at the next text or note row
    const prev = read[i - 1];
    const preamble = main.accepted.size === 0 && prev !== undefined && prev.label === null && /:\s*$/.test(prev.text);
    const inMain = preamble ? undefined : main.continuation(label);
    const inOpen = open?.continuation(label);
    const earlier = inOpen ? undefined : [...lists].reverse().map((l) => ({ l, c: l.continuation(label) })).find((x) => x.c);
    const inNote = inOpen && open ? { l: open, c: inOpen } : earlier?.c ? { l: earlier.l, c: earlier.c } : undefined;
    if (inMain && inNote) {
      ambiguous.push(label);
      const child = read[i + 1]?.label?.startsWith(`${label}.`) ?? false;
      // A Note's items are never "[Reserved]".
      const reserved = /\[Reserved\]\.?$/i.test(text.trim());
      const ours = child || reserved || (opts.resembles ? opts.resembles(label, text) : !inOpen);
      if (ours) addMain(inMain, label, text);
      else addTo(inNote.l, inNote.c);
      continue;
    }
    if (inMain) { addMain(inMain, label, text); continue; }
    if (inNote) { addTo(inNote.l, inNote.c); continue; }
    const gap = preamble ? undefined : main.continuation(label, true);
    if (gap) {
      const top = (gap[0] as string).split('.')[0] as string;
      for (let l = 'a'; l < top; l = after(l, 0)) skipped.push(l);
      addMain(gap, label, text);
      continue;
    }
    if (label === 'a' || label === '1') {
      const list = new Sequence();
      lists.push(list);
      addTo(list, [label]);
      continue;
    }
    unplaced.push(label);
  }
  return { paragraphs, noteItems, ambiguous, unplaced, inferred, skipped };
}

/** Texts this similar or more are "alike" when a row could be either an ECCN's paragraph or a Note's item. */
export const ALIKE = 0.5;

/**
 * Reads an ECCN's paragraphs, deciding rows that could be either the ECCN's paragraph or a Note's item by the text of
 * the counterpart's paragraph of that number (`paragraphText(label)`), as `readEccnParagraphs` describes.
 */
export function readEccnParagraphsAgainst(rows: readonly ItemRow[], paragraphText: (label: string) => string | undefined): EccnParagraphs {
  return readEccnParagraphs(rows, { resembles: (label, text) => { const t = paragraphText(label); return t !== undefined && wordSimilarity(text, t) >= ALIKE; } });
}
