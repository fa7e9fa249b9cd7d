/**
 * @module kb/wassenaar
 * The Wassenaar Arrangement list as a frozen, typed view (no I/O: `load/wassenaar` reads the files). Look-ups take
 * codes in the canonical form (`3.A.1`, `3.A.1.a.1`, `ML1.b`), case-insensitively on the letters of the code, with or
 * without a final dot.
 *
 * @example
 * const wa = kb.wassenaar();
 * wa.entry('3.A.1')?.paragraphs.length;        //=> 359-odd paragraphs of 3.A.1
 * wa.paragraph('5.A.2.a')?.paragraph.text;     //=> 'Designed or modified to use …'
 * wa.definition('Aircraft')?.used_in;          //=> ['Cat 1', 'Cat 6', …]
 */
import type { WaAcronymsFileT, WaCategoryFileT, WaDefinitionT, WaDefinitionsFileT, WaEditionFileT, WaEntryFileT, WaListNotesFileT, WaParagraphT, WaSensitiveListsFileT } from '../schema/wassenaar.ts';
import type { FileRecord } from './kb.ts';
import { deepFreeze } from '../util/freeze.ts';

export interface WassenaarRecords {
  edition: FileRecord<WaEditionFileT>;
  lists: FileRecord<WaListNotesFileT>[];
  categories: FileRecord<WaCategoryFileT>[];
  entries: FileRecord<WaEntryFileT>[];
  sensitive: FileRecord<WaSensitiveListsFileT>;
  definitions: FileRecord<WaDefinitionsFileT>;
  acronyms: FileRecord<WaAcronymsFileT>;
}

export type WaEntry = WaEntryFileT & { readonly file: string };
export type WaCategory = WaCategoryFileT & { readonly file: string };

export interface WassenaarList {
  readonly edition: WaEditionFileT;
  /** sha256 over the files read, in path order. */
  readonly hash: string;
  /** A top-level entry (`3.A.1`, `ML1`). */
  entry(code: string): WaEntry | undefined;
  /** Every entry: Dual-Use Categories 1–9 in order, then ML1–ML22. */
  entries(): readonly WaEntry[];
  /** An entry or a paragraph below it, with the entry that holds it (`paragraph` is null for the entry itself). */
  paragraph(code: string): { readonly entry: WaEntry; readonly paragraph: WaParagraphT | null } | undefined;
  category(n: string): WaCategory | undefined;
  categories(): readonly WaCategory[];
  /** The Dual-Use List's and the Munitions List's own notes. */
  listNotes(list: 'dual-use' | 'munitions'): WaListNotesFileT | undefined;
  definitions(): readonly WaDefinitionT[];
  /** A definition by its term, case-insensitively (the first of several, e.g. "Bias" (accelerometer) and (gyro)). */
  definition(term: string): WaDefinitionT | undefined;
  sensitiveLists(): WaSensitiveListsFileT;
  acronyms(): WaAcronymsFileT['acronyms'];
}

/** `3.a.1.` → `3.A.1`; `ml1.B` → `ML1.b`: the canonical form of a code as a user may type it. */
export function canonicalWaCode(code: string): string {
  const c = code.trim().replace(/\s+/g, '').replace(/\.$/, '');
  const ml = /^ml([0-9]{1,2})((?:\.[a-z0-9]{1,2})*)$/i.exec(c);
  if (ml) return `ML${Number(ml[1])}${(ml[2] ?? '').toLowerCase()}`;
  const du = /^([1-9])\.([a-e])\.([0-9]{1,2})((?:\.[a-z0-9]{1,2})*)$/i.exec(c);
  if (du) return `${du[1]}.${(du[2] ?? '').toUpperCase()}.${Number(du[3])}${(du[4] ?? '').toLowerCase()}`;
  return c;
}

const sortKey = (code: string) => (code.startsWith('ML') ? `Z${String(Number(code.slice(2))).padStart(2, '0')}` : code.replace(/\.([0-9])$/, '.0$1'));

export function createWassenaarList(r: WassenaarRecords, hash: string): WassenaarList {
  const entries: WaEntry[] = r.entries.map((e) => ({ ...e.data, file: e.file })).sort((a, b) => sortKey(a.code).localeCompare(sortKey(b.code)));
  const byCode = new Map(entries.map((e) => [e.code, e]));
  const paragraphs = new Map<string, { entry: WaEntry; paragraph: WaParagraphT | null }>();
  for (const e of entries) {
    paragraphs.set(e.code, { entry: e, paragraph: null });
    for (const p of e.paragraphs) paragraphs.set(p.code, { entry: e, paragraph: p });
  }
  const categories: WaCategory[] = r.categories.map((c) => ({ ...c.data, file: c.file })).sort((a, b) => a.category.localeCompare(b.category));
  const definitions = r.definitions.data.definitions;
  const byTerm = new Map<string, WaDefinitionT>();
  for (const d of definitions) if (!byTerm.has(d.term.toLowerCase())) byTerm.set(d.term.toLowerCase(), d);
  const list: WassenaarList = {
    edition: r.edition.data,
    hash,
    entry: (code) => byCode.get(canonicalWaCode(code)),
    entries: () => entries,
    paragraph: (code) => paragraphs.get(canonicalWaCode(code)),
    category: (n) => categories.find((c) => c.category === n),
    categories: () => categories,
    listNotes: (l) => r.lists.find((x) => x.data.list === l)?.data,
    definitions: () => definitions,
    definition: (term) => byTerm.get(term.replace(/^"|"$/g, '').toLowerCase()),
    sensitiveLists: () => r.sensitive.data,
    acronyms: () => r.acronyms.data.acronyms,
  };
  deepFreeze(r);
  deepFreeze(entries);
  deepFreeze(categories);
  return Object.freeze(list);
}
