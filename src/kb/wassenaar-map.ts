/**
 * @module kb/wassenaar-map
 * The cross-regime map (regulations/wassenaar/<edition>/map/) as a frozen, typed view: each ECCN's kind and
 * Wassenaar counterpart, the ECCNs linked to a Wassenaar entry or paragraph, the Wassenaar-only entries, and the
 * counts per category. No I/O: `load/wassenaar-map` reads and checks the files.
 *
 * @example
 * const map = kb.wassenaarMap();
 * map.entry('3A001')?.counterparts;   //=> ['3.A.1']
 * map.linkedTo('ML10').map((l) => l.eccn);   //=> ['9A610', '9B610', '9C610', '9D610', '9E610']
 * summarizeMap(map, kb.wassenaar()).rows.find((r) => r.category === '3')?.correlated;
 */
import type { FileRecord, KnowledgeBase } from './kb.ts';
import { LoadError } from '../errors.ts';
import type { WassenaarList } from './wassenaar.ts';
import { CORRELATED_KINDS, MAP_KINDS, type MapEntryT, type MapKind, type MapRegimeT, type MapRuleT, type WaMapCategoryFileT, type WaMapIndexFileT } from '../schema/wassenaar-map.ts';
import { canonicalWaCode } from './wassenaar.ts';
import { deepFreeze } from '../util/freeze.ts';

export interface WassenaarMapRecords {
  index: FileRecord<WaMapIndexFileT>;
  categories: FileRecord<WaMapCategoryFileT>[];
}

export type MapEntry = MapEntryT & { readonly file: string };

/** An ECCN linked to a Wassenaar entry: as its counterpart, or as the category its software or technology is for. */
export interface MapLink { readonly eccn: string; readonly kind: MapKind; readonly rule: string; readonly role: 'counterpart' | 'tracks' }

export interface WassenaarMap {
  /** The Wassenaar edition mapped (its edition.yaml id). */
  readonly edition: string;
  /** sha256 over the map files read, in path order. */
  readonly hash: string;
  readonly rules: readonly MapRuleT[];
  rule(id: string): MapRuleT | undefined;
  readonly regimes: readonly MapRegimeT[];
  regime(id: string): MapRegimeT | undefined;
  /** The map entry of an ECCN (`3A001`; a paragraph reference is reduced to its ECCN). */
  entry(eccn: string): MapEntry | undefined;
  /** Every ECCN's entry, in ECCN order. */
  entries(): readonly MapEntry[];
  /** The ECCNs linked to a Wassenaar entry (`3.A.1`, `ML10`). */
  linkedTo(entryCode: string): readonly MapLink[];
  /** The ECCN paragraphs paired with a Wassenaar paragraph (`3.A.1.a.5` → `['3A001.a.5']`). */
  pairedWith(code: string): readonly string[];
  /** Wassenaar entries in use that no ECCN links to. */
  wassenaarOnly(): WaMapIndexFileT['wassenaar_only'];
  /** Wassenaar entries no ECCN links to that control nothing ("Not used since …", "… - None"). */
  notInUse(): readonly string[];
}

export function createWassenaarMap(r: WassenaarMapRecords, hash: string): WassenaarMap {
  const entries: MapEntry[] = r.categories.flatMap((c) => c.data.eccns.map((e) => ({ ...e, file: c.file }))).sort((a, b) => a.eccn.localeCompare(b.eccn));
  const byEccn = new Map(entries.map((e) => [e.eccn, e]));
  const links = new Map<string, MapLink[]>();
  const pairs = new Map<string, string[]>();
  const push = <T>(m: Map<string, T[]>, k: string, v: T) => { const l = m.get(k) ?? []; l.push(v); m.set(k, l); };
  for (const e of entries) {
    for (const c of e.counterparts) push(links, c, { eccn: e.eccn, kind: e.kind, rule: e.rule, role: 'counterpart' });
    if (e.tracks) push(links, e.tracks, { eccn: e.eccn, kind: e.kind, rule: e.rule, role: 'tracks' });
    const base = e.counterparts[0];
    if (base && e.paragraphs) for (const p of e.paragraphs.paired) push(pairs, `${base}.${p}`, `${e.eccn}.${p}`);
  }
  const rules = r.index.data.rules;
  const regimes = r.index.data.regimes;
  const map: WassenaarMap = {
    edition: r.index.data.edition,
    hash,
    rules,
    rule: (id) => rules.find((x) => x.id === id),
    regimes,
    regime: (id) => regimes.find((x) => x.id === id),
    entry: (eccn) => byEccn.get(eccn.trim().slice(0, 5).toUpperCase()),
    entries: () => entries,
    linkedTo: (code) => links.get(canonicalWaCode(code)) ?? [],
    pairedWith: (code) => pairs.get(canonicalWaCode(code)) ?? [],
    wassenaarOnly: () => r.index.data.wassenaar_only,
    notInUse: () => r.index.data.not_in_use,
  };
  deepFreeze(r);
  deepFreeze(entries);
  for (const l of links.values()) deepFreeze(l);
  for (const l of pairs.values()) deepFreeze(l);
  return Object.freeze(map);
}

/** How the kinds are counted: correlated (a Wassenaar counterpart), the other regimes, and the US-only kinds. */
export const SUMMARY_GROUPS = {
  correlated: CORRELATED_KINDS,
  other_regime: ['other_regime'],
  plurilateral: ['plurilateral'],
  us_only: ['us_only_anti_terrorism', 'us_only_unilateral'],
  other_authority: ['other_authority'],
} as const satisfies Record<string, readonly MapKind[]>;

export interface SummaryRow {
  /** CCL category `0`–`9` (the 600 series counted under `ML`), or `ML`. */
  readonly category: string;
  readonly eccns: number;
  readonly correlated: number;
  readonly other_regime: number;
  readonly plurilateral: number;
  readonly us_only: number;
  readonly other_authority: number;
  readonly by_kind: Readonly<Record<MapKind, number>>;
  /** Wassenaar entries of the category in use (not "Not used", not "- None"). */
  readonly wassenaar_entries: number;
  readonly wassenaar_only: number;
  /** Paragraphs of correlated ECCNs with items text: paired, ECCN-only and Wassenaar-only. */
  readonly paragraphs: { readonly paired: number; readonly us_only: number; readonly wassenaar_only: number };
}

export interface MapSummary { readonly edition: string; readonly rows: readonly SummaryRow[]; readonly total: SummaryRow }

/** The row an ECCN is counted in: its CCL category, or `ML` for the 600 series. */
export const summaryRowOf = (eccn: string): string => (/^[0-9][A-E]6[0-9]{2}$/.test(eccn) ? 'ML' : eccn[0] as string);

/** Counts per category (0–9 and ML) of correlated, other-regime, plurilateral, US-only and Wassenaar-only entries. */
export function summarizeMap(map: WassenaarMap, wa: WassenaarList): MapSummary {
  const categories = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'ML'];
  const zero = (category: string) => ({
    category, eccns: 0, correlated: 0, other_regime: 0, plurilateral: 0, us_only: 0, other_authority: 0,
    by_kind: Object.fromEntries(MAP_KINDS.map((k) => [k, 0])) as Record<MapKind, number>,
    wassenaar_entries: 0, wassenaar_only: 0, paragraphs: { paired: 0, us_only: 0, wassenaar_only: 0 },
  });
  const rows = new Map(categories.map((c) => [c, zero(c)]));
  const total = zero('total');
  const groupOf = (k: MapKind) => (Object.entries(SUMMARY_GROUPS) as [keyof typeof SUMMARY_GROUPS, readonly MapKind[]][]).find(([, ks]) => ks.includes(k))?.[0] as keyof typeof SUMMARY_GROUPS;
  for (const e of map.entries()) {
    for (const row of [rows.get(summaryRowOf(e.eccn)), total]) {
      if (!row) continue;
      row.eccns++;
      row[groupOf(e.kind)]++;
      row.by_kind[e.kind]++;
      if (e.paragraphs) { row.paragraphs.paired += e.paragraphs.paired.length; row.paragraphs.us_only += e.paragraphs.us_only.length; row.paragraphs.wassenaar_only += e.paragraphs.wassenaar_only.length; }
    }
  }
  const notInUse = new Set(map.notInUse());
  const rowOfWa = (code: string) => (code.startsWith('ML') ? 'ML' : code[0] as string);
  for (const e of wa.entries()) if (!notInUse.has(e.code)) for (const row of [rows.get(rowOfWa(e.code)), total]) if (row) row.wassenaar_entries++;
  for (const w of map.wassenaarOnly()) for (const row of [rows.get(rowOfWa(w.code)), total]) if (row) row.wassenaar_only++;
  return deepFreeze({ edition: map.edition, rows: [...rows.values()], total });
}

/**
 * The knowledge base's cross-regime map, or undefined when it holds no Wassenaar data (the fictional test fixtures);
 * a map that is there but broken still throws.
 */
export function optionalWassenaarMap(kb: KnowledgeBase): WassenaarMap | undefined {
  try {
    return kb.wassenaarMap();
  } catch (e) {
    if (e instanceof LoadError && e.issues.some((i) => i.code === 'RULESET_NOT_FOUND')) return undefined;
    throw e;
  }
}
