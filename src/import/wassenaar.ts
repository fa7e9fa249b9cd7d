/**
 * @module import/wassenaar
 * `dualuse import`, Wassenaar part: reads the Wassenaar Arrangement List of Dual-Use Goods and Technologies and
 * Munitions List, 2025 Corr. (the `pdftotext -layout` extraction in `shared/regdata/wassenaar/2025-corr/`; the PDF is
 * the reference, see its MANIFEST.md § 3) and returns the files of `regulations/wassenaar/2025/` and a section of the
 * import report. Deterministic: the same text gives the same files, byte for byte.
 *
 * Sections are found by the running page header (`DUAL-USE LIST - CATEGORY 3 - ELECTRONICS`, `Sensitive List`,
 * `MUNITIONS LIST`, `DEFINITIONS` …); each is read by its own parser (`wassenaar-entries`, `wassenaar-lists`,
 * `wassenaar-definitions`). What a parser could not place with confidence becomes a `review` note on the entry and a
 * line of the report.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ReviewNoteT } from '../schema/common.ts';
import type { WaAcronymsFileT, WaCategoryFileT, WaDefinitionsFileT, WaEditionFileT, WaEntryFileT, WaListNotesFileT, WaNoteT, WaParagraphT, WaSensitiveListsFileT } from '../schema/wassenaar.ts';
import { cleanText } from './text.ts';
import { readPages, type SourceLine, type SourcePage } from './wassenaar-pages.ts';
import { parseList, type ParsedEntry, type ParsedList, type ParsedNote, type ParsedParagraph } from './wassenaar-entries.ts';
import { parseSensitiveList } from './wassenaar-lists.ts';
import { parseAcronyms, parseDefinitions } from './wassenaar-definitions.ts';

/** Where the edition's source is, relative to `shared/regdata`. */
export const WASSENAAR_SOURCE = 'wassenaar/2025-corr';
const STEM = 'List-of-Dual-Use-Goods-and-Technologies-and-ML-2025-Corr';
/** From shared/regdata/MANIFEST.md § 3. */
const PDF_SHA256 = '1a92a954dc51211f6f39a8780525248d0338bc116a23f80164e2aa6541be43fb';
/** Folder of the edition under `regulations/`. */
export const WASSENAAR_DIR = 'wassenaar/2025';

export interface WassenaarImport {
  files: { rel: string; data: unknown }[];
  report: string[];
  counts: { category: string; entries: number; paragraphs: number }[];
  munitions: { entries: number; paragraphs: number };
  definitions: number;
  problems: number;
}

const byNumber = (a: number, b: number) => a - b;
const pagesOf = (s: Set<number>): number[] => [...s].sort(byNumber);
const joined = (parts: readonly string[]) => cleanText(parts.join(' '));

function note(n: ParsedNote): WaNoteT {
  return { kind: n.kind, label: n.label, text: joined(n.text) || n.label, pages: pagesOf(n.pages) };
}

const withNotes = <T extends object>(o: T, notes: readonly ParsedNote[]): T & { notes?: WaNoteT[] } => (notes.length ? { ...o, notes: notes.map(note) } : o);

/** Text kept with its printed layout: indentation relative to the leftmost line, one line per printed line. */
function preformatted(lines: readonly SourceLine[]): string {
  const min = Math.min(...lines.map((l) => l.col));
  return lines.map((l) => `${' '.repeat(l.col - min)}${l.text}`).join('\n');
}

function entryFile(e: ParsedEntry, kind: 'dual-use' | 'munitions', membership: Map<string, Set<'SL' | 'VSL'>>, review: ReviewNoteT[]): WaEntryFileT {
  const paragraphs: WaParagraphT[] = [];
  const lists = (code: string) => { const m = membership.get(code); return m?.size ? { lists: (['SL', 'VSL'] as const).filter((l) => m.has(l)) } : {}; };
  const walk = (p: ParsedParagraph) => {
    for (const c of p.children) {
      paragraphs.push({ ...withNotes({ code: c.code, text: joined(c.text), pages: pagesOf(c.pages.size ? c.pages : p.pages) }, c.notes), ...lists(c.code) });
      walk(c);
    }
  };
  walk(e);
  // The entry is printed on every page its heading, paragraphs and notes are on.
  const all = new Set(e.pages);
  for (const n of [...e.notes.flatMap((x) => [...x.pages])]) all.add(n);
  for (const p of paragraphs) { p.pages.forEach((x) => all.add(x)); p.notes?.forEach((n) => n.pages.forEach((x) => all.add(x))); }
  const f: WaEntryFileT = {
    code: e.code,
    list: kind,
    ...(kind === 'dual-use' ? { category: e.code[0] as string, ...(e.part ? { part: e.part } : {}), group: e.code[2] as 'A' } : {}),
    ...(e.subheading ? { subheading: e.subheading } : {}),
    text: joined(e.text) || '(no heading text)',
    pages: pagesOf(all),
    ...withNotes({}, e.notes),
    ...lists(e.code),
    paragraphs,
  };
  if (review.length) f.review = review;
  return f;
}

/** Page 3: Note 1 and Note 2 of the Dual-Use List and the three General Notes (titled blocks). */
function dualUseNotes(page: SourcePage): WaListNotesFileT {
  const notes: ParsedNote[] = [];
  const general: { title: string; text: string[] }[] = [];
  let current: { text: string[] } | undefined;
  for (const l of page.lines) {
    if (l.text === 'DUAL-USE LIST') continue;
    const title = /^GENERAL .*NOTE$/.exec(l.text);
    if (title) { const g = { title: l.text, text: [] as string[] }; general.push(g); current = g; continue; }
    const n = /^(Note [0-9])\s+(.*)$/.exec(l.text);
    if (n?.[1] && general.length === 0) { const pn: ParsedNote = { kind: 'note', label: n[1], text: [n[2] ?? ''], pages: new Set([page.page]) }; notes.push(pn); current = pn; continue; }
    current?.text.push(l.text);
  }
  const titleCase = (s: string) => s.toLowerCase().replace(/(^|\s|")([a-z])/g, (_, a: string, b: string) => a + b.toUpperCase());
  return {
    list: 'dual-use',
    title: 'List of Dual-Use Goods and Technologies',
    pages: [page.page],
    notes: notes.map(note),
    general_notes: general.map((g) => ({ title: titleCase(g.title), text: joined(g.text), pages: [page.page] })),
  };
}

/** Category titles from the table of contents (page 2): `Category 5 - Part 2 "Information Security"`. */
function tocTitles(page: SourcePage): Map<string, string> {
  const out = new Map<string, string>();
  for (const l of page.lines) {
    const m = /^-\s+Category ([1-9])(?: - Part ([12]))?\s+(.+?)\.{3,}/.exec(l.text);
    if (!m?.[1] || !m[3]) continue;
    const title = m[3].trim();
    out.set(m[2] ? `${m[1]}P${m[2]}` : m[1], title);
  }
  return out;
}

function codesIn(list: ParsedList): number {
  let n = 0;
  const walk = (p: ParsedParagraph) => { for (const c of p.children) { n++; walk(c); } };
  list.entries.forEach(walk);
  return n;
}

export function importWassenaar(sourceRoot: string): WassenaarImport {
  const dir = join(sourceRoot, WASSENAAR_SOURCE);
  const textBuf = readFileSync(join(dir, `${STEM}.layout.txt`));
  const pdfSha = createHash('sha256').update(readFileSync(join(dir, `${STEM}.pdf`))).digest('hex');
  if (pdfSha !== PDF_SHA256) throw new Error(`the Wassenaar PDF's SHA-256 is ${pdfSha}, not ${PDF_SHA256} as recorded in shared/regdata/MANIFEST.md § 3: check the source before importing`);
  const pages = readPages(textBuf.toString('utf8'));
  const onPages = (test: (p: SourcePage) => boolean) => pages.filter(test);
  const files: WassenaarImport['files'] = [];
  const report: string[] = [];
  const problems: string[] = [];
  const w = (rel: string, data: unknown) => files.push({ rel: `${WASSENAAR_DIR}/${rel}`, data });

  // --- The two annexes first: entries carry their membership.
  const sl = parseSensitiveList(onPages((p) => p.header === 'Sensitive List').flatMap((p) => p.lines));
  const vsl = parseSensitiveList(onPages((p) => p.header === 'Very Sensitive List').flatMap((p) => p.lines));
  const membership = new Map<string, Set<'SL' | 'VSL'>>();
  const notUsed = (text: readonly string[]) => /^Not used since [0-9]{4}/.test(joined(text));
  for (const [id, list] of [['SL', sl], ['VSL', vsl]] as const) {
    for (const item of list.items) {
      if (notUsed(item.text)) continue;
      for (const c of item.codes) { const s = membership.get(c) ?? new Set(); s.add(id); membership.set(c, s); }
    }
    problems.push(...list.problems.map((p) => `${id}: ${p}`));
  }

  // --- Dual-Use List: general notes, then Categories 1–9.
  const generalPage = pages.find((p) => p.header === 'DUAL-USE LIST');
  if (!generalPage) throw new Error('the Dual-Use List general notes (page header "DUAL-USE LIST") were not found');
  w('dual-use/index.yaml', dualUseNotes(generalPage));
  const toc = pages[1] ? tocTitles(pages[1]) : new Map<string, string>();
  const counts: WassenaarImport['counts'] = [];
  const known = new Set<string>();
  const abbreviated: string[] = [];
  for (const cat of ['1', '2', '3', '4', '5', '6', '7', '8', '9']) {
    const catPages = onPages((p) => new RegExp(`^DUAL-USE LIST - CATEGORY ${cat}\\b`).test(p.header));
    const parsed = parseList(catPages.flatMap((p) => p.lines), { kind: 'dual-use', category: cat });
    const footnotes = catPages.flatMap((p) => p.footnotes);
    const reviewFor = (code: string): ReviewNoteT[] => parsed.problems.filter((p) => p.code === code || p.code.startsWith(`${code}.`)).map((p) => ({ field: 'paragraphs', note: `page ${p.page}: ${p.message}` }));
    for (const e of parsed.entries) {
      known.add(e.code);
      if (e.printed === 'number') abbreviated.push(e.code);
      const walk = (p: ParsedParagraph) => { for (const c of p.children) { known.add(c.code); walk(c); } };
      walk(e);
      w(`dual-use/${cat}/${e.code}.yaml`, entryFile(e, 'dual-use', membership, reviewFor(e.code)));
    }
    const catReview: ReviewNoteT[] = parsed.problems.filter((p) => !parsed.entries.some((e) => p.code === e.code)).map((p) => ({ field: 'text', note: `page ${p.page}: ${p.message}` }));
    for (const f of footnotes) catReview.push({ field: 'footnotes', note: `page ${f.page} carries the footnote "${f.marker} ${f.text}" (its marker is in the text of that page)` });
    const title = toc.get(cat) ?? [toc.get(`${cat}P1`), toc.get(`${cat}P2`)].filter(Boolean).map((t, i) => `Part ${i + 1} ${t}`).join('; ');
    const file: WaCategoryFileT = {
      category: cat,
      title: title || `Category ${cat}`,
      pages: catPages.map((p) => p.page),
      ...withNotes({}, parsed.notes),
      ...(parsed.parts.length ? { parts: parsed.parts.map((p) => withNotes({ part: p.part, title: p.title, pages: pagesOf(p.pages) }, p.notes)) } : {}),
      groups: parsed.groups.map((g) => withNotes({ code: g.code, ...(g.part ? { part: g.part } : {}), title: g.title, pages: pagesOf(g.pages) }, g.notes)),
      ...(parsed.annexes.length ? { annexes: parsed.annexes.map((a) => ({ title: a.title, pages: pagesOf(a.pages), preformatted: preformatted(a.lines) })) } : {}),
      ...(catReview.length ? { review: catReview } : {}),
    };
    w(`dual-use/${cat}/index.yaml`, file);
    counts.push({ category: cat, entries: parsed.entries.length, paragraphs: codesIn(parsed) });
    problems.push(...parsed.problems.map((p) => `${p.code || `Category ${cat}`} (page ${p.page}): ${p.message}`));
  }

  // --- Sensitive and Very Sensitive Lists, as printed.
  const slFile: WaSensitiveListsFileT = { lists: [] };
  for (const [id, title, list, header] of [['SL', 'Sensitive List of Dual-Use Goods and Technologies', sl, 'Sensitive List'], ['VSL', 'Very Sensitive List of Dual-Use Goods and Technologies', vsl, 'Very Sensitive List']] as const) {
    slFile.lists.push({
      id, title,
      pages: onPages((p) => p.header === header).map((p) => p.page),
      notes: list.notes.map(cleanText),
      none: list.none,
      items: list.items.map((i) => ({ codes: i.codes, printed: i.printed, category: i.category, ...(i.text.length ? { text: joined(i.text) } : {}), not_used: notUsed(i.text), pages: pagesOf(i.pages) })),
    });
    for (const i of list.items) for (const c of i.codes) if (!notUsed(i.text) && !known.has(c)) problems.push(`${id}: ${c} (page ${[...i.pages].join(', ')}) is not a code of the Dual-Use List as parsed`);
  }
  w('sensitive-lists.yaml', slFile);

  // --- Munitions List.
  const mlPages = onPages((p) => /^MUNITIONS LIST/.test(p.header) || (p.header === '' && p.lines.some((l) => l.text === 'MUNITIONS LIST') && p.page > 100));
  const ml = parseList(mlPages.flatMap((p) => p.lines).filter((l) => l.text !== 'MUNITIONS LIST'), { kind: 'munitions' });
  for (const e of ml.entries) w(`munitions/${e.code}.yaml`, entryFile(e, 'munitions', membership, ml.problems.filter((p) => p.code === e.code).map((p) => ({ field: 'paragraphs', note: `page ${p.page}: ${p.message}` }))));
  const mlFootnotes = mlPages.flatMap((p) => p.footnotes);
  const mlIndex: WaListNotesFileT = {
    list: 'munitions',
    title: 'Munitions List',
    pages: mlPages.map((p) => p.page),
    notes: ml.notes.map(note),
    ...(mlFootnotes.length ? { footnotes: [...new Set(mlFootnotes.map((f) => f.text))].map((text) => ({ text, pages: mlFootnotes.filter((f) => f.text === text).map((f) => f.page) })) } : {}),
  };
  w('munitions/index.yaml', mlIndex);
  problems.push(...ml.problems.map((p) => `${p.code || 'Munitions List'} (page ${p.page}): ${p.message}`));

  // --- Definitions and acronyms.
  const defs = parseDefinitions(onPages((p) => p.header === 'DEFINITIONS').flatMap((p) => p.lines));
  const defReview: ReviewNoteT[] = defs.problems.map((p) => ({ field: 'definitions', note: p }));
  for (const d of defs.definitions) if (d.usedIn.length === 0) defReview.push({ field: 'definitions', note: `"${d.term}" (page ${[...d.pages].join(', ')}): no category printed in the margin` });
  const defsFile: WaDefinitionsFileT = {
    notes: defs.notes.map((n) => ({ kind: 'note' as const, label: n.label, text: joined(n.text), pages: [onPages((p) => p.header === 'DEFINITIONS')[0]?.page ?? 1] })),
    definitions: defs.definitions.map((d) => ({
      term: d.term,
      ...(d.qualifier ? { qualifier: d.qualifier } : {}),
      ...(d.acronym ? { acronym: d.acronym } : {}),
      used_in: d.usedIn,
      text: joined(d.text),
      ...(d.notes.length ? { notes: d.notes.map((n) => ({ kind: (/^Technical/.test(n.label) ? 'technical_note' : /^N\.B\./.test(n.label) ? 'nb' : 'note') as WaNoteT['kind'], label: n.label, text: joined(n.text), pages: pagesOf(d.pages) })) } : {}),
      pages: pagesOf(d.pages),
    })),
    ...(defReview.length ? { review: defReview } : {}),
  };
  w('definitions.yaml', defsFile);
  problems.push(...defs.problems.map((p) => `Definitions: ${p}`));
  const acr = parseAcronyms(onPages((p) => p.header === 'Acronyms and Abbreviations').flatMap((p) => p.lines));
  const acrFile: WaAcronymsFileT = { acronyms: acr.acronyms.map((a) => ({ acronym: a.acronym, meaning: cleanText(a.meaning), page: a.page })) };
  w('acronyms.yaml', acrFile);

  // --- The edition.
  const blank = pages.filter((p) => p.lines.length === 0).map((p) => p.page);
  const edition: WaEditionFileT = {
    id: '2025-corr',
    title: 'Wassenaar Arrangement on Export Controls for Conventional Arms and Dual-Use Goods and Technologies — Public Documents, Volume II: List of Dual-Use Goods and Technologies and Munitions List, 2025 Corr.',
    document: 'WA-LIST (25) 1 Corr.',
    date: '2026-01-15',
    compiled_by: 'Wassenaar Arrangement Secretariat',
    corrigendum: cleanText(pages[0]?.footnotes.map((f) => f.text).join(' ') ?? ''),
    source: {
      pdf: `shared/regdata/${WASSENAAR_SOURCE}/${STEM}.pdf`,
      pdf_sha256: pdfSha,
      pdf_pages: pages.length,
      text: `shared/regdata/${WASSENAAR_SOURCE}/${STEM}.layout.txt`,
      text_sha256: createHash('sha256').update(textBuf).digest('hex'),
      extraction: 'pdftotext -layout (poppler-utils, Debian), made in shared/regdata; the PDF is the reference',
      origin: 'github jaepaly/2026sanbo data/wassenaar_2025.pdf @ a932d26d0d7b68e001a7093cadda85e2a331945d (shared/regdata/MANIFEST.md § 3)',
      official_url: `https://www.wassenaar.org/app/uploads/2026/01/${STEM}.pdf`,
    },
    publication: 'WA Secretariat "Public Documents" without an explicit redistribution licence (MANIFEST.md § 0): the public site must link to the official document and must not republish whole entries; the text here serves the engine, the checks and short quotations.',
    page_labels: pages.map((p) => p.printed),
    blank_pages: blank,
    not_imported: [
      { what: 'Statements of Understanding and Validity Notes', pages: onPages((p) => /^Statements of Understanding/.test(p.header)).map((p) => p.page) },
      { what: 'Cover page and table of contents (their facts are in this file)', pages: [1, 2] },
    ],
    review: [
      { field: 'text', note: 'The text extraction flattens superscripts and subscripts: "10.15 x 106 m" is 10.15 × 10⁶ m in the PDF, "1 m2" is 1 m², "CO2" is CO₂. Read numbers with exponents against the PDF page cited.' },
      { field: 'text', note: 'Shading (text of the Sensitive and Very Sensitive Lists that differs from the Dual-Use List) is not visible in the text extraction.' },
      ...blank.map((p) => ({ field: 'blank_pages', note: `PDF page ${p} (printed ${pages[p - 1]?.printed ?? 'no number'}) is blank in the PDF itself, not only in the extraction` })),
    ],
  };
  w('edition.yaml', edition);

  // --- Report section.
  const mlParagraphs = codesIn(ml);
  report.push('## Wassenaar Arrangement List, 2025 Corr.', '');
  report.push(`Read from \`shared/regdata/${WASSENAAR_SOURCE}/${STEM}.layout.txt\` (${pages.length} PDF pages; PDF SHA-256 \`${pdfSha}\`) into \`regulations/${WASSENAAR_DIR}/\`.`, '');
  report.push('| list | entries | paragraphs below them |', '|---|---:|---:|');
  for (const c of counts) report.push(`| Category ${c.category} | ${c.entries} | ${c.paragraphs} |`);
  report.push(`| Dual-Use List | ${counts.reduce((s, c) => s + c.entries, 0)} | ${counts.reduce((s, c) => s + c.paragraphs, 0)} |`);
  report.push(`| Munitions List | ${ml.entries.length} | ${mlParagraphs} |`, '');
  report.push(`Sensitive List: ${sl.items.length} items (${sl.items.filter((i) => notUsed(i.text)).length} "Not used"); Very Sensitive List: ${vsl.items.length} items (${vsl.items.filter((i) => notUsed(i.text)).length} "Not used"). Definitions: ${defs.definitions.length}. Acronyms: ${acr.acronyms.length}.`, '');
  report.push(`Entries printed with their number only (the product group's code left out), read as entries: ${abbreviated.join(', ')}.`, '');
  report.push(problems.length ? 'Could not be read cleanly (each is also a `review` note in the file concerned):' : 'Everything was read cleanly: no paragraph label out of sequence, no text outside an entry or note, every Sensitive List code found.', '');
  for (const p of problems) report.push(`- ${p}`);
  if (problems.length) report.push('');
  return {
    files, report,
    counts,
    munitions: { entries: ml.entries.length, paragraphs: mlParagraphs },
    definitions: defs.definitions.length,
    problems: problems.length,
  };
}
