/**
 * The Wassenaar Arrangement list, 2025 Corr., on the REAL data: the import is complete (counts established from the
 * text by a separate, simple scan), spot checks on real entries and their page citations, and a cross-check against
 * the partial jaepaly corpus.
 *
 * How the counts were established, independently of the parser:
 * 1. A line-start scan of the Category pages for codes printed in full (`^N. X. M.`) finds 165 distinct top-level
 *    codes (MANIFEST.md § 3 reports the same 165).
 * 2. Eight entries are printed with their number only, the product group's code left out (`       2.   "Software" …`
 *    under 1.D.1). They were found by reading every number-only line at the left margin of the Category pages and are
 *    listed in ABBREVIATED below with their pages; the test checks that each is printed that way on that page.
 * 3. Within a product group entries are numbered 1, 2, 3 … without gaps ("Not used" entries keep their number), so
 *    the union must be contiguous per group; it gives 28, 16, 21, 10, 10, 30, 20, 8, 30 = 173 entries, and ML1–ML22.
 *    (Number-only lines that are NOT entries: the steps 1–4 of Category 4's Technical Note on 'APP', page 82.)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REGDATA, realKb } from '../helpers/kb.ts';

const TEXT = readFileSync(join(REGDATA, 'wassenaar/2025-corr/List-of-Dual-Use-Goods-and-Technologies-and-ML-2025-Corr.layout.txt'), 'utf8');
const PAGES = TEXT.split('\f');
const wa = realKb().wassenaar();

const EXPECTED: Record<string, number> = { 1: 28, 2: 16, 3: 21, 4: 10, 5: 10, 6: 30, 7: 20, 8: 8, 9: 30 };
/** Entries printed with their number only: code → PDF page. */
const ABBREVIATED: Record<string, number> = {
  '1.D.2': 21, '1.D.3': 21, '2.D.1': 33, '4.A.1': 78, '6.B.1': 135, '6.B.3': 135, '6.D.1': 137, '6.D.2': 137,
};

/** The simple scan: top-level codes printed in full at the start of a line on the pages of Category `cat`. */
function printedInFull(cat: string): Map<string, { page: number; line: string }> {
  const out = new Map<string, { page: number; line: string }>();
  PAGES.forEach((p, i) => {
    if (!new RegExp(`DUAL-USE LIST - CATEGORY ${cat}\\b`).test(p.slice(0, 400))) return;
    for (const line of p.split('\n')) {
      const m = /^\s{0,2}([1-9])\.\s*([A-E])\.\s*([0-9]{1,2})\.(\s|$)/.exec(line);
      if (m) { const code = `${m[1]}.${m[2]}.${Number(m[3])}`; if (!out.has(code)) out.set(code, { page: i + 1, line }); }
    }
  });
  return out;
}

describe('Wassenaar list: completeness', () => {
  it('has every top-level entry of Categories 1–9, by the separate scan, and the documented counts', () => {
    let full = 0;
    for (const cat of Object.keys(EXPECTED)) {
      const scanned = new Set([...printedInFull(cat).keys(), ...Object.keys(ABBREVIATED).filter((c) => c[0] === cat)]);
      full += printedInFull(cat).size;
      const parsed = wa.entries().filter((e) => e.category === cat).map((e) => e.code);
      expect(new Set(parsed), `Category ${cat}`).toEqual(scanned);
      expect(parsed, `Category ${cat}`).toHaveLength(EXPECTED[cat] as number);
      expect(wa.category(cat)?.title).toBeTruthy();
    }
    expect(full).toBe(165);
    expect(wa.entries().filter((e) => e.list === 'dual-use')).toHaveLength(173);
    // The numbered steps of Category 4's Technical Note on 'APP' (page 82) look like entries 4.E.2–4.E.4 but are not.
    expect(wa.entry('4.E.2')).toBeUndefined();
    expect(wa.category('4')?.annexes?.map((a) => a.title)).toEqual(["TECHNICAL NOTE ON 'ADJUSTED PEAK PERFORMANCE' ('APP')"]);
  });

  it('numbers entries 1, 2, 3 … without gaps in every product group', () => {
    const groups = new Map<string, number[]>();
    for (const e of wa.entries()) if (e.list === 'dual-use') groups.set(`${e.code.slice(0, 3)}/${e.part ?? ''}`, [...(groups.get(`${e.code.slice(0, 3)}/${e.part ?? ''}`) ?? []), Number(e.code.split('.')[2])]);
    for (const [g, nums] of groups) {
      const sorted = [...nums].sort((a, b) => a - b);
      // Category 5 Part 2 continues the numbering of Part 1 (5.A.1 is Part 1, 5.A.2–5.A.4 Part 2).
      const first = sorted[0] as number;
      expect(sorted, g).toEqual(sorted.map((_, i) => first + i));
    }
  });

  it('prints each abbreviated entry as a number at the left margin on the page cited, and cites that page', () => {
    for (const [code, page] of Object.entries(ABBREVIATED)) {
      const n = code.split('.')[2];
      expect(PAGES[page - 1], code).toMatch(new RegExp(`^\\s{1,10}${n}\\.\\s+\\S`, 'm'));
      expect(wa.entry(code)?.pages, code).toContain(page);
    }
  });

  it('holds every heading once, with the heading text printed after its code', () => {
    const seen = new Set<string>();
    for (const e of wa.entries()) { expect(seen.has(e.code), e.code).toBe(false); seen.add(e.code); }
    for (const cat of Object.keys(EXPECTED)) {
      for (const [code, { line }] of printedInFull(cat)) {
        const rest = line.replace(/^\s*[1-9]\.\s*[A-E]\.\s*[0-9]{1,2}\.\s*/, '');
        if (/^([a-z]|[0-9]{1,2})\.\s/.test(rest)) continue; // first printed as a paragraph re-anchor (6.D.3. a.)
        expect(wa.entry(code)?.text, code).toContain(rest.replace(/\s+/g, ' ').trim());
      }
    }
  });

  it('has the Munitions List ML1–ML22 with their sub-items', () => {
    const ml = wa.entries().filter((e) => e.list === 'munitions');
    expect(ml.map((e) => e.code)).toEqual(Array.from({ length: 22 }, (_, i) => `ML${i + 1}`));
    expect(new Set([...TEXT.matchAll(/^ML\s?([0-9]{1,2})\./gm)].map((m) => `ML${Number(m[1])}`))).toEqual(new Set(ml.map((e) => e.code)));
    // ML14 and ML16 are one paragraph with notes only; every other item has sub-items.
    expect(ml.filter((e) => e.paragraphs.length === 0).map((e) => e.code)).toEqual(['ML14', 'ML16']);
    expect(wa.entry('ML14')?.notes?.map((n) => n.label)).toEqual(['Note 1', 'Note 2', 'Note 3']);
  });
});

describe('Wassenaar list: spot checks on real entries', () => {
  it('3.A.1 and its paragraph hierarchy', () => {
    const e = wa.entry('3.A.1');
    expect(e?.text).toBe('Electronic items as follows:');
    expect(e?.file).toBe('regulations/wassenaar/2025/dual-use/3/3.A.1.yaml');
    const codes = e?.paragraphs.map((p) => p.code) ?? [];
    for (const c of ['3.A.1.a', '3.A.1.a.1', '3.A.1.a.1.a', '3.A.1.a.1.c', '3.A.1.a.2', '3.A.1.b', '3.A.1.b.2', '3.A.1.b.2.a']) expect(codes).toContain(c);
    expect(wa.paragraph('3.A.1.a.1.c')?.paragraph?.notes?.[0]?.text).toBe('3.A.1.a.1.c. does not apply to Metal Insulator Semiconductors (MIS).');
    expect(wa.paragraph('3.A.1.a.1')?.paragraph?.text).toBe('Integrated circuits designed or rated as radiation hardened to withstand any of the following:');
    expect(e?.pages[0]).toBe(50);
    expect(wa.paragraph('3.A.1.a.2')?.paragraph?.pages).toEqual([51]);
    // every paragraph's parent is listed before it
    const before = new Set(['3.A.1']);
    for (const c of codes) { expect(before.has(c.slice(0, c.lastIndexOf('.'))), c).toBe(true); before.add(c); }
  });

  it('5.A.2, its notes and the Cryptography Note of Category 5 Part 2', () => {
    const e = wa.entry('5.A.2');
    expect(e?.part).toBe(2);
    expect(e?.subheading).toBe('CRYPTOGRAPHIC "INFORMATION SECURITY"');
    expect(e?.notes?.[0]).toMatchObject({ kind: 'nb', text: 'For "satellite navigation system" receiving equipment containing or employing decryption, see 7.A.5.' });
    expect(wa.paragraph('5.A.2.a.4.b')?.paragraph?.text).toMatch(/^It is performed by incorporated equipment or "software"/);
    expect(wa.paragraph('5.A.2.a')?.paragraph?.notes?.some((n) => n.kind === 'technical_note' && n.text.includes("'cryptography for data confidentiality'"))).toBe(true);
    const part2 = wa.category('5')?.parts?.find((p) => p.part === 2);
    expect(part2?.notes?.find((n) => n.label === 'Note 3')?.text).toMatch(/^Cryptography Note 5\.A\.2\., 5\.D\.2\.a\.1\., 5\.D\.2\.b\. and 5\.D\.2\.c\.1\. do not apply/);
  });

  it('9.A.12 with its N.B. and technical notes on the paragraph they follow', () => {
    const e = wa.entry('9.A.12');
    expect(e?.text).toBe('"Unmanned Aerial Vehicles" ("UAVs"), unmanned "airships", related equipment and components, as follows:');
    expect(e?.notes?.[0]?.label).toBe('N.B.');
    const a = wa.paragraph('9.A.12.a')?.paragraph;
    expect(a?.notes?.[0]).toMatchObject({ kind: 'technical_note', label: 'Technical Notes' });
    expect(a?.notes?.[0]?.text).toMatch(/^For the purposes of 9\.A\.12\.a\.: 1\. 'Operator' is a person/);
    expect(wa.paragraph('9.A.12.a.1.a')?.paragraph?.text).toBe("A maximum 'endurance' greater than or equal to 30 minutes but less than 1 hour; and");
    expect(e?.pages).toContain(161);
  });

  it('ML1 with its sub-items, notes and pages', () => {
    const e = wa.entry('ML1');
    expect(e?.paragraphs.map((p) => p.code)).toEqual(['ML1.a', 'ML1.b', 'ML1.b.1', 'ML1.b.2', 'ML1.b.2.a', 'ML1.b.2.b', 'ML1.c', 'ML1.d', 'ML1.d.1', 'ML1.d.2', 'ML1.d.3', 'ML1.d.4', 'ML1.d.5', 'ML1.d.6']);
    expect(e?.notes?.[0]?.text).toMatch(/^ML1\. does not apply to: a\. Firearms specially designed for dummy ammunition/);
    expect(wa.paragraph('ml1.b.2.')?.paragraph?.notes?.[0]?.text).toMatch(/^ML1\.b\.2\. does not apply/); // look-ups normalise case and the final dot
    expect(wa.paragraph('ML1.b')?.paragraph?.notes?.[0]?.text).toMatch(/^ML1\.b\. does not apply to the following:/);
    expect(wa.paragraph('ML1.d.3')?.paragraph?.notes?.[0]?.kind).toBe('technical_note');
    expect(e?.pages).toEqual([182, 183]);
  });

  it('marks Sensitive and Very Sensitive List members from the annexes', () => {
    expect(wa.entry('1.D.2')?.lists).toEqual(['SL']);
    expect(wa.entry('1.C.1')?.lists).toEqual(['SL', 'VSL']);
    expect(wa.paragraph('6.A.1.a.1.b.1')?.paragraph?.lists).toEqual(['VSL']);
    expect(wa.paragraph('6.A.1.a.1.b')?.paragraph?.lists).toEqual(['SL']);
    expect(wa.entry('3.A.1')?.lists).toBeUndefined();
    const [sl, vsl] = wa.sensitiveLists().lists;
    expect(sl?.pages).toEqual([170, 171, 172, 173, 174, 175, 176, 177]);
    expect(vsl?.none).toEqual(['2', '3', '4', '5 - Part 2']);
    const range = sl?.items.find((i) => i.printed.startsWith('9.E.3.a.1. to'));
    expect(range?.codes).toEqual(['9.E.3.a.1', '9.E.3.a.2', '9.E.3.a.3', '9.E.3.a.4', '9.E.3.a.5', '9.E.3.a.8']);
    expect(sl?.items.find((i) => i.codes[0] === '2.B.1.a')?.not_used).toBe(true);
    expect(wa.paragraph('2.B.1.a')?.paragraph?.lists).toBeUndefined(); // "Not used since 2002" on the Sensitive List
  });

  it('has the definitions with the categories they are used in', () => {
    expect(wa.definitions()).toHaveLength(146);
    const aircraft = wa.definition('"Aircraft"');
    expect(aircraft?.used_in).toEqual(['Cat 1', 'Cat 6', 'Cat 7', 'Cat 9', 'ML1', 'ML8', 'ML10', 'ML14']);
    expect(aircraft?.text).toBe('A fixed wing, swivel wing, rotary wing (helicopter), tilt rotor or tilt-wing airborne vehicle.');
    expect(aircraft?.pages).toEqual([216]);
    expect(wa.definition('Unmanned aerial vehicle')).toMatchObject({ acronym: 'UAV', used_in: ['Cat 9', 'ML10'] });
    expect(wa.definitions().filter((d) => d.term === 'Bias').map((d) => d.qualifier)).toEqual(['accelerometer', 'gyro']);
  });

  it('records the edition: title, date, source, PDF SHA-256 from MANIFEST.md, pages and their printed numbers', () => {
    const ed = wa.edition;
    expect(ed).toMatchObject({ id: '2025-corr', document: 'WA-LIST (25) 1 Corr.', date: '2026-01-15' });
    expect(ed.source.pdf_sha256).toBe('1a92a954dc51211f6f39a8780525248d0338bc116a23f80164e2aa6541be43fb');
    expect(readFileSync(join(REGDATA, 'MANIFEST.md'), 'utf8')).toContain(ed.source.pdf_sha256);
    expect(ed.source.pdf_pages).toBe(243);
    expect(ed.page_labels[49]).toBe('50'); // PDF page 50 prints -50-
    expect(ed.page_labels[180]).toBeNull(); // the Munitions List title page
    expect(ed.page_labels[181]).toBe('181'); // from here the printed number is one less than the PDF page
    expect(ed.blank_pages).toEqual([218]);
    expect(ed.publication).toMatch(/link to the official document/);
  });

  it('is frozen', () => {
    const e = wa.entry('3.A.1');
    expect(Object.isFrozen(e)).toBe(true);
    expect(Object.isFrozen(e?.paragraphs[0])).toBe(true);
    expect(() => { (e as { text: string }).text = 'x'; }).toThrow(TypeError);
  });
});

describe('cross-check with the jaepaly corpus (partial, not a source)', () => {
  it('holds every wassenaar_2025 code of corpora/jaepaly-2026sanbo/combined.json', () => {
    const corpus = JSON.parse(readFileSync(join(REGDATA, 'corpora/jaepaly-2026sanbo/combined.json'), 'utf8')) as { code: string; source: string }[];
    const theirs = corpus.filter((r) => r.source === 'wassenaar_2025').map((r) => r.code);
    const ours = new Set<string>();
    for (const e of wa.entries()) { ours.add(e.code); for (const p of e.paragraphs) ours.add(p.code); }
    for (const c of wa.categories()) for (const g of c.groups) ours.add(g.code); // the corpus also lists product groups (1.A)
    const missing = theirs.filter((c) => !ours.has(c));
    expect(theirs).toHaveLength(568);
    expect(missing).toEqual([]);
  });
});
