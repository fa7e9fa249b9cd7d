/** Reading an ECCN's paragraphs from its items rows: Notes' lettered items, dropped paragraphs, reserved ranges, labelled text rows. */
import { describe, expect, it } from 'vitest';
import { readEccnParagraphs, type ItemRow } from '../../src/kb/eccn-paragraphs.ts';
import { wordOverlap, wordSimilarity } from '../../src/kb/words.ts';

const item = (paragraph: string, text = `text of ${paragraph}`): ItemRow => ({ paragraph, kind: 'item', text });
const text = (t: string): ItemRow => ({ paragraph: null, kind: 'text', text: t });
const labels = (rows: ItemRow[], opts = {}) => [...readEccnParagraphs(rows, opts).paragraphs.keys()];

describe('readEccnParagraphs', () => {
  it('reads the sequence, and a Note\'s lettered items after a sentence are the Note\'s', () => {
    const rows = [item('a'), item('a.1'), item('a.2'), text('X001.a does not control:'), item('a'), item('b'), item('b', 'Second paragraph'), item('b.1')];
    const r = readEccnParagraphs(rows);
    expect([...r.paragraphs.keys()]).toEqual(['a', 'a.1', 'a.2', 'b', 'b.1']);
    expect(r.paragraphs.get('b')?.text).toBe('Second paragraph');
    expect(r.noteItems).toBe(2);
  });

  it('a row that could be either is the ECCN\'s when its child follows, or when it resembles the counterpart\'s paragraph', () => {
    const rows = [item('a'), item('b'), text('X001.b does not apply to:'), item('a', 'note a'), item('b', 'note b'), item('c', 'Real paragraph c'), item('c.1')];
    expect(labels(rows)).toEqual(['a', 'b', 'c', 'c.1']);
    const flat = [item('a'), item('b'), text('X001.b does not apply to:'), item('a', 'note a'), item('b', 'note b'), item('c', 'Lasers of any kind')];
    expect(labels(flat)).toEqual(['a', 'b']);
    expect(readEccnParagraphs(flat).ambiguous).toEqual(['c']);
    expect(labels(flat, { resembles: (l: string, t: string) => l === 'c' && t.startsWith('Lasers') })).toEqual(['a', 'b', 'c']);
  });

  it('infers a dropped parent, reserves "through y." ranges, reaches .z, reads labelled text rows', () => {
    const r = readEccnParagraphs([item('a'), item('a.1.a'), item('b'), item('c', 'through y. [Reserved]'), item('z'), text('z.1 Commodities in 3A090'), item('z.2')]);
    expect(r.inferred).toEqual(['a.1']);
    expect(r.paragraphs.get('b')?.reserved).toBe(false);
    expect(r.paragraphs.get('x')?.reserved).toBe(true);
    expect(r.paragraphs.get('z.1')?.text).toBe('Commodities in 3A090');
    expect([...r.paragraphs.keys()].slice(-3)).toEqual(['z', 'z.1', 'z.2']);
    expect(readEccnParagraphs([item('a'), item('b'), item('e.2')]).unplaced).toEqual(['e.2']);
    // Rows that start at c.: a. and b. were dropped by the source (their text is unknown).
    expect(readEccnParagraphs([item('c'), item('d')]).skipped).toEqual(['a', 'b']);
    expect(readEccnParagraphs([item('a'), item('b'), item('b.1'), item('b.2'), text('b.2.a.. Two dots after the label'), item('b.2.b')]).paragraphs.get('b.2.a')?.text).toBe('Two dots after the label');
  });
});

describe('word comparison', () => {
  it('folds spelling, quotes, plural and the two lists\' ways of citing each other', () => {
    expect(wordSimilarity('Materials controlled by 1C010.c.', 'Materials specified in 1.C.10.c.')).toBe(1);
    expect(wordSimilarity('“Signal analyzers” having', '"Signal analysers" having')).toBe(1);
    expect(wordOverlap('DACs having any of the following:', 'Digital-to-Analog Converters (DAC) having any of the following:')).toBe(1);
    expect(wordSimilarity('Shaped charges', 'Detonating cord')).toBe(0);
  });
});
