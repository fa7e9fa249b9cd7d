/**
 * @module engine/wassenaar
 * The cross-regime map as the API and the CLI show it: an ECCN's Wassenaar correlation (kind, counterparts, rule and
 * its citations, regimes, divergence counts), a Wassenaar code (entry or paragraph, its pages and a link to the
 * official document, the ECCNs linked to it) and the counts per category. Reads the knowledge base only.
 *
 * @example
 * eccnCorrelation(kb, '9A012')?.counterparts[0]?.code;   //=> '9.A.12'
 * wassenaarCode(kb, '3.A.1.a.5')?.eccns;                 //=> ['3A001.a.5']
 */
import type { KnowledgeBase } from '../kb/kb.ts';
import type { WaEntry } from '../kb/wassenaar.ts';
import { canonicalWaCode } from '../kb/wassenaar.ts';
import { summarizeMap, type MapSummary } from '../kb/wassenaar-map.ts';
import { InvalidInputError } from '../errors.ts';
import { WA_CODE_PATTERN } from '../schema/wassenaar.ts';
import type { MapRuleT } from '../schema/wassenaar-map.ts';
import { divergenceSummary, eccnDivergence, type Divergence, type DivergenceSummary } from './wassenaar-divergence.ts';

export interface WaEditionRef { readonly id: string; readonly document: string; readonly date: string; readonly official_url: string }

export interface Counterpart {
  readonly code: string;
  readonly list: 'dual-use' | 'munitions';
  readonly heading: string;
  readonly pages: readonly number[];
  /** The official PDF at the entry's first page. */
  readonly url: string;
}

export interface Correlation {
  readonly eccn: string;
  readonly wassenaar_edition: WaEditionRef;
  readonly kind: string;
  readonly counterparts: readonly Counterpart[];
  readonly tracks?: Counterpart;
  readonly proposed?: string;
  readonly rule: { readonly id: string; readonly text: string; readonly citations: MapRuleT['citations'] };
  readonly regimes: readonly { readonly id: string; readonly name: string; readonly reason: string }[];
  readonly heading_overlap?: number;
  readonly paragraphs?: { readonly paired: number; readonly us_only: readonly string[]; readonly wassenaar_only: readonly string[] };
  readonly review: readonly { readonly field: string; readonly note: string }[];
  readonly divergence: Divergence;
  /** The map file the entry is in. */
  readonly file: string;
}

const editionRef = (kb: KnowledgeBase): WaEditionRef => {
  const e = kb.wassenaar().edition;
  return { id: e.id, document: e.document, date: e.date, official_url: e.source.official_url };
};
const pageUrl = (kb: KnowledgeBase, page: number | undefined) => `${kb.wassenaar().edition.source.official_url}${page ? `#page=${page}` : ''}`;
const counterpart = (kb: KnowledgeBase, e: WaEntry): Counterpart => ({ code: e.code, list: e.list, heading: e.text, pages: e.pages, url: pageUrl(kb, e.pages[0]) });

/** An ECCN's place in the cross-regime map (undefined when the map does not hold it). */
export function eccnCorrelation(kb: KnowledgeBase, eccn: string): Correlation | undefined {
  const map = kb.wassenaarMap();
  const e = map.entry(eccn);
  if (!e) return undefined;
  const wa = kb.wassenaar();
  const rule = map.rule(e.rule);
  const tracks = e.tracks ? wa.entry(e.tracks) : undefined;
  return {
    eccn: e.eccn,
    wassenaar_edition: editionRef(kb),
    kind: e.kind,
    counterparts: e.counterparts.map((c) => wa.entry(c)).filter((x): x is WaEntry => Boolean(x)).map((x) => counterpart(kb, x)),
    ...(tracks ? { tracks: counterpart(kb, tracks) } : {}),
    ...(e.proposed ? { proposed: e.proposed } : {}),
    rule: { id: e.rule, text: rule?.text ?? '', citations: rule?.citations ?? [] },
    regimes: (e.regimes ?? []).map((id) => { const g = map.regime(id); return { id, name: g?.name ?? id, reason: g?.reason ?? '' }; }),
    ...(e.heading_overlap !== undefined ? { heading_overlap: e.heading_overlap } : {}),
    ...(e.paragraphs ? { paragraphs: { paired: e.paragraphs.paired.length, us_only: e.paragraphs.us_only, wassenaar_only: e.paragraphs.wassenaar_only } } : {}),
    review: e.review ?? [],
    divergence: eccnDivergence(kb, e.eccn) as Divergence,
    file: e.file,
  };
}

export interface WassenaarCodeView {
  readonly wassenaar_edition: WaEditionRef;
  readonly code: string;
  readonly type: 'entry' | 'paragraph';
  /** The entry that holds it (itself for an entry). */
  readonly entry: string;
  readonly list: 'dual-use' | 'munitions';
  readonly category?: string;
  /** The entry's heading. */
  readonly heading: string;
  /** The paragraph's text (for an entry, its heading). */
  readonly text: string;
  readonly pages: readonly number[];
  /** The page numbers printed on those pages. */
  readonly printed_pages: readonly (string | null)[];
  readonly lists: readonly string[];
  readonly notes: readonly { readonly kind: string; readonly label: string; readonly text: string; readonly pages: readonly number[] }[];
  /** For an entry: the codes of its paragraphs (their text is in the official document). */
  readonly paragraphs?: readonly string[];
  /** The ECCNs linked to the entry, and for a paragraph the ECCN paragraphs paired with it. */
  readonly eccns: readonly { readonly eccn: string; readonly kind: string; readonly rule: string; readonly role: string }[];
  readonly eccn_paragraphs?: readonly string[];
  /** No ECCN links to the entry (it is in use); or it controls nothing ("Not used since …"). */
  readonly wassenaar_only: boolean;
  readonly not_in_use: boolean;
  /** The official document at the first page. */
  readonly url: string;
}

/** Refuses what cannot be a Wassenaar code; an ECCN is pointed to its own look-up. */
export function parseWaCode(input: string): string {
  const code = canonicalWaCode(String(input));
  if (new RegExp(WA_CODE_PATTERN).test(code)) return code;
  const eccn = /^[0-9][A-E][0-9]{3}/i.test(String(input).trim());
  throw new InvalidInputError('INVALID_WASSENAAR_CODE', `'${input}' is not a Wassenaar code: expected an entry such as "3.A.1" or "ML10", optionally with paragraphs ("3.A.1.a.5")${eccn ? '; for an ECCN use /api/v1/eccns/<eccn> (or `dualuse wassenaar <eccn>`)' : ''}`, [{ pointer: '/code', code: 'INVALID_WASSENAAR_CODE' }]);
}

/** A Wassenaar entry or paragraph and the ECCNs linked to it (undefined when the list does not hold it). */
export function wassenaarCode(kb: KnowledgeBase, input: string): WassenaarCodeView | undefined {
  const code = parseWaCode(input);
  const wa = kb.wassenaar();
  const found = wa.paragraph(code);
  if (!found) return undefined;
  const map = kb.wassenaarMap();
  const { entry, paragraph } = found;
  const pages = paragraph?.pages ?? entry.pages;
  const labels = wa.edition.page_labels;
  const notInUse = map.notInUse().includes(entry.code);
  return {
    wassenaar_edition: editionRef(kb),
    code,
    type: paragraph ? 'paragraph' : 'entry',
    entry: entry.code,
    list: entry.list,
    ...(entry.category ? { category: entry.category } : {}),
    heading: entry.text,
    text: paragraph?.text ?? entry.text,
    pages,
    printed_pages: pages.map((p) => labels[p - 1] ?? null),
    lists: paragraph?.lists ?? entry.lists ?? [],
    notes: paragraph?.notes ?? entry.notes ?? [],
    ...(paragraph ? {} : { paragraphs: entry.paragraphs.map((p) => p.code) }),
    eccns: map.linkedTo(entry.code),
    ...(paragraph ? { eccn_paragraphs: map.pairedWith(code) } : {}),
    wassenaar_only: map.wassenaarOnly().some((w) => w.code === entry.code),
    not_in_use: notInUse,
    url: pageUrl(kb, pages[0]),
  };
}

export interface WassenaarOverview {
  readonly wassenaar_edition: WaEditionRef;
  readonly summary: MapSummary;
  readonly divergence: DivergenceSummary;
  readonly wassenaar_only: readonly { readonly code: string; readonly proposed_eccn?: string; readonly heading: string }[];
  readonly not_in_use: readonly string[];
  readonly rules: readonly { readonly id: string; readonly applies_to: string }[];
}

const overviews = new WeakMap<KnowledgeBase, WassenaarOverview>();

/** Counts per category, the divergence counts, the Wassenaar-only entries and the rules (computed once per knowledge base). */
export function wassenaarOverview(kb: KnowledgeBase): WassenaarOverview {
  const done = overviews.get(kb);
  if (done) return done;
  const map = kb.wassenaarMap();
  const wa = kb.wassenaar();
  const overview: WassenaarOverview = {
    wassenaar_edition: editionRef(kb),
    summary: summarizeMap(map, wa),
    divergence: divergenceSummary(kb),
    wassenaar_only: map.wassenaarOnly().map((w) => ({ code: w.code, ...(w.proposed_eccn ? { proposed_eccn: w.proposed_eccn } : {}), heading: wa.entry(w.code)?.text ?? '' })),
    not_in_use: map.notInUse(),
    rules: map.rules.map((r) => ({ id: r.id, applies_to: r.applies_to })),
  };
  overviews.set(kb, overview);
  return overview;
}
