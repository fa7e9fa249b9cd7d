/**
 * @module kb/kb
 * Builds the frozen, typed knowledge base from validated records (no I/O here: `load/` reads the files). Every
 * dated field resolves by the rule "the newest revision whose edition is on or before the date" — in this module
 * and nowhere else.
 */
import type { EccnFileT, EccnRevisionT } from '../schema/eccn.ts';
import type { DestinationFileT, TerritoriesFileT } from '../schema/destination.ts';
import type { ColumnsFileT, FootnotesFileT } from '../schema/chart.ts';
import type { CountryGroupFileT } from '../schema/country-group.ts';
import type { LicenseExceptionFileT } from '../schema/license-exception.ts';
import type { SectionTextFileT } from '../schema/section-text.ts';
import type { EditionsFileT } from '../schema/editions.ts';
import type { ControlFileT } from '../schema/control.ts';
import type { ExceptionRestrictionFileT, ExceptionTermsFileT } from '../schema/exception-terms.ts';
import type { CountryGroupIdT } from '../schema/common.ts';
import { CoverageError } from '../errors.ts';
import type { Control, Column, CountryGroup, DestinationState, EccnState, Edition, Footnote, LicenseException, SectionText, Source, ChartRow } from './model.ts';
import { parseEccnRef } from './eccn-ref.ts';
import { deepFreeze } from '../util/freeze.ts';
import type { WassenaarList } from './wassenaar.ts';
import type { WassenaarMap } from './wassenaar-map.ts';

export interface FileRecord<T> { readonly file: string; readonly data: T }

export interface KbRecords {
  editions: FileRecord<EditionsFileT>;
  eccns: FileRecord<EccnFileT>[];
  destinations: FileRecord<DestinationFileT>[];
  territories: FileRecord<TerritoriesFileT>;
  columns: FileRecord<ColumnsFileT>;
  footnotes: FileRecord<FootnotesFileT>;
  groups: FileRecord<CountryGroupFileT>[];
  exceptions: FileRecord<LicenseExceptionFileT>[];
  sections: FileRecord<SectionTextFileT>[];
  controls: FileRecord<ControlFileT>[];
  terms: FileRecord<ExceptionTermsFileT>[];
  restrictions: FileRecord<ExceptionRestrictionFileT>[];
}

/** The knowledge base at one edition. */
export interface Snapshot {
  readonly date: string;
  readonly edition: Edition;
  /** Looks up an ECCN with or without paragraph (`3A001`, `3a001.b.2.a`); undefined when the KB does not hold it. */
  eccn(ref: string): { state: EccnState; paragraph: string | null } | undefined;
  eccns(): readonly EccnState[];
  /** By ISO code, chart name or alias, case-insensitive; territories resolve to the row they take. */
  destination(query: string): DestinationState | undefined;
  /** The Country Chart's destinations (its rows). */
  destinations(): readonly DestinationState[];
  territories(): readonly DestinationState[];
  groupsOf(code: string): readonly CountryGroupIdT[];
  group(id: string): CountryGroup | undefined;
  groups(): readonly CountryGroup[];
  footnote(n: number): Footnote | undefined;
  footnotes(): readonly Footnote[];
  columns(): readonly Column[];
  licenseException(symbol: string): LicenseException | undefined;
  licenseExceptions(): readonly LicenseException[];
  section(id: string): SectionText | undefined;
  /** Licence requirements outside the Country Chart (Parts 744, 746 …), as encoded in regulations/controls/. */
  controls(): readonly Control[];
  control(id: string): Control | undefined;
  /** The terms of a licence exception (eligible destinations, reasons it may overcome), when encoded. */
  exceptionTerms(symbol: string): (ExceptionTermsFileT & { file: string }) | undefined;
  /** The § 740.2 restrictions that take licence exceptions away. */
  exceptionRestrictions(): readonly (ExceptionRestrictionFileT & { file: string })[];
}

export interface KnowledgeBase {
  readonly hash: string;
  readonly editions: readonly Edition[];
  readonly sources: readonly Source[];
  /** First and last edition dates: the dates the data can answer for. */
  readonly coverage: { readonly from: string; readonly to: string };
  /** The state in force on `date` (YYYY-MM-DD). Throws CoverageError outside the coverage. */
  asOf(date: string): Snapshot;
  /** The snapshot of one edition by id. */
  edition(id: string): Snapshot | undefined;
  latest(): Snapshot;
  /** Raw dated records, for diffs and history pages. */
  eccnHistory(eccn: string): EccnFileT | undefined;
  readonly records: KbRecords;
  /**
   * The Wassenaar Arrangement list (regulations/wassenaar/), read on first use by `loadKnowledgeBase`. Throws a
   * LoadError when its files are invalid, and an Error in a process that built the KB without it (batch workers).
   */
  wassenaar(): WassenaarList;
  /**
   * The cross-regime map of every ECCN to its Wassenaar counterpart (regulations/wassenaar/<edition>/map/), read on
   * first use like `wassenaar()` (it reads the list too). Throws a LoadError when its files are invalid.
   */
  wassenaarMap(): WassenaarMap;
}

export interface KbExtras {
  /** Supplies the Wassenaar list (the loader passes a memoised reader). */
  wassenaar?: () => WassenaarList;
  /** Supplies the cross-regime map (the loader passes a memoised reader). */
  wassenaarMap?: () => WassenaarMap;
}

/** Merges the revisions on or before `editionDate` (each holds only what changed). */
function resolveEccn(rec: FileRecord<EccnFileT>, editionDate: string, editionDates: Map<string, string>): EccnState | undefined {
  const f = rec.data;
  const merged: Partial<EccnRevisionT> = {};
  let since: string | undefined;
  let sources: readonly string[] = [];
  for (const r of f.revisions) {
    const d = editionDates.get(r.edition);
    if (d === undefined || d > editionDate) break;
    Object.assign(merged, r);
    since = r.edition;
    sources = r.sources;
  }
  if (since === undefined) return undefined; // not yet in the CCL on that date
  const state: EccnState = {
    eccn: f.eccn,
    category: f.category,
    product_group: f.product_group,
    heading: merged.heading ?? '',
    reasons_for_control: merged.reasons_for_control ?? [],
    license_requirements: merged.license_requirements ?? [],
    license_requirements_known: merged.license_requirements_known ?? false,
    other_authority: merged.other_authority ?? false,
    since,
    sources,
    review: f.review ?? [],
    file: rec.file,
    citation: `15 CFR part 774, supplement no. 1, ECCN ${f.eccn}`,
    ...(f.single_source ? { single_source: f.single_source } : {}),
  };
  return state;
}

export function createKnowledgeBase(records: KbRecords, hash: string, extras: KbExtras = {}): KnowledgeBase {
  const editions: Edition[] = [...records.editions.data.editions].sort((a, b) => a.date.localeCompare(b.date)).map((e) => ({ ...e }));
  const editionDates = new Map(editions.map((e) => [e.id, e.date]));
  const first = editions[0];
  const last = editions[editions.length - 1];
  if (!first || !last) throw new Error('knowledge base has no editions');
  const coverage = { from: first.date, to: last.date };

  const snapshots = new Map<string, Snapshot>();
  for (const ed of editions) snapshots.set(ed.id, buildSnapshot(records, ed, editionDates));

  const eccnIndex = new Map(records.eccns.map((r) => [r.data.eccn, r.data]));
  const views = new Map<string, Snapshot>(); // date → the snapshot in force, labelled with that date
  const kb: KnowledgeBase = {
    hash,
    editions,
    sources: records.editions.data.sources,
    coverage,
    asOf(date: string) {
      if (date < coverage.from) throw new CoverageError('DATE_OUT_OF_COVERAGE', date, coverage);
      if (date > coverage.to) throw new CoverageError('DATE_BEYOND_DATA', date, coverage);
      const cached = views.get(date);
      if (cached) return cached;
      let chosen = first;
      for (const e of editions) if (e.date <= date) chosen = e;
      const s = snapshots.get(chosen.id) as Snapshot;
      const view = date === s.date ? s : Object.freeze({ ...s, date });
      if (views.size < 5_000) views.set(date, view);
      return view;
    },
    edition: (id) => snapshots.get(id),
    latest: () => snapshots.get(last.id) as Snapshot,
    eccnHistory: (eccn) => eccnIndex.get(eccn),
    records,
    wassenaar: extras.wassenaar ?? (() => { throw new Error('the Wassenaar list is not loaded in this process (build the knowledge base with loadKnowledgeBase)'); }),
    wassenaarMap: extras.wassenaarMap ?? (() => { throw new Error('the cross-regime map is not loaded in this process (build the knowledge base with loadKnowledgeBase)'); }),
  };
  return deepFreeze(kb);
}

function buildSnapshot(records: KbRecords, ed: Edition, editionDates: Map<string, string>): Snapshot {
  const at = <T extends { edition: string }>(revs: readonly T[]): T | undefined => {
    let found: T | undefined;
    for (const r of revs) { const d = editionDates.get(r.edition); if (d !== undefined && d <= ed.date) found = r; }
    return found;
  };

  const eccns = new Map<string, EccnState>();
  for (const rec of records.eccns) {
    const s = resolveEccn(rec, ed.date, editionDates);
    if (s) eccns.set(s.eccn, deepFreeze(s));
  }

  const groups = new Map<string, CountryGroup>();
  const groupsOf = new Map<string, CountryGroupIdT[]>();
  for (const g of records.groups) {
    const d = g.data;
    groups.set(d.group, deepFreeze({ id: d.group, label: d.label, label_source: d.label_source, known_as_of: d.known_as_of, members: d.members, notes: d.notes ?? [], file: g.file }));
    for (const m of d.members) { const l = groupsOf.get(m) ?? []; l.push(d.group); groupsOf.set(m, l); }
  }

  const rows: DestinationState[] = [];
  const byKey = new Map<string, DestinationState>();
  for (const rec of records.destinations) {
    const d = rec.data;
    const r = at(d.chart);
    if (!r) continue;
    const chart: ChartRow = { marks: r.marks, footnotes: r.footnotes, embargo_referral: r.embargo_referral, since: r.edition, sources: r.sources };
    const state: DestinationState = deepFreeze({ code: d.code, chart_name: d.chart_name, aliases: d.aliases, chart, groups: groupsOf.get(d.code) ?? [], file: rec.file });
    rows.push(state);
  }
  const rowByCode = new Map(rows.map((r) => [r.code, r]));
  const territories: DestinationState[] = [];
  for (const t of records.territories.data.territories) {
    const row = rowByCode.get(t.row_of);
    if (!row) continue;
    territories.push(deepFreeze({ code: t.code, chart_name: t.name, aliases: t.aliases, chart: row.chart, row_of: { code: t.row_of, basis: t.basis }, groups: groupsOf.get(t.code) ?? [], file: records.territories.file }));
  }
  for (const d of [...rows, ...territories]) {
    byKey.set(d.code.toLowerCase(), d);
    byKey.set(d.chart_name.toLowerCase(), d);
    for (const a of d.aliases) if (!byKey.has(a.toLowerCase())) byKey.set(a.toLowerCase(), d);
  }

  const footnotes: Footnote[] = [];
  for (const f of records.footnotes.data.footnotes) {
    const r = at(f.revisions);
    if (r) footnotes.push({ number: f.number, text: r.text, since: r.edition, sources: r.sources });
  }
  const fnByNumber = new Map(footnotes.map((f) => [f.number, f]));
  const columns: Column[] = records.columns.data.columns.map((c) => ({ ...c }));

  const exceptions: LicenseException[] = records.exceptions.map((e) => ({ ...e.data, file: e.file }));
  const exBySymbol = new Map<string, LicenseException>();
  for (const e of exceptions) for (const s of [e.symbol, ...e.other_symbols]) exBySymbol.set(s, e);
  const sections = new Map<string, SectionText>(records.sections.map((s) => [s.data.id, { ...s.data, file: s.file }]));

  const controls: Control[] = records.controls.map((c) => ({ ...c.data, file: c.file }));
  const controlById = new Map(controls.map((c) => [c.id, c]));
  const termsBySymbol = new Map(records.terms.map((t) => [t.data.symbol, { ...t.data, file: t.file }]));
  const restrictions = records.restrictions.map((r) => ({ ...r.data, file: r.file }));
  const eccnList = [...eccns.values()];
  const snap: Snapshot = {
    date: ed.date,
    edition: ed,
    eccn(ref) {
      let parsed;
      try { parsed = parseEccnRef(ref); } catch { return undefined; }
      const state = eccns.get(parsed.eccn);
      return state ? { state, paragraph: parsed.paragraph ? `${parsed.eccn}.${parsed.paragraph}` : null } : undefined;
    },
    eccns: () => eccnList,
    destination: (q) => byKey.get(q.trim().toLowerCase()),
    destinations: () => rows,
    territories: () => territories,
    groupsOf: (code) => groupsOf.get(code.toUpperCase()) ?? [],
    group: (id) => groups.get(id.toUpperCase()),
    groups: () => [...groups.values()],
    footnote: (n) => fnByNumber.get(n),
    footnotes: () => footnotes,
    columns: () => columns,
    licenseException: (s) => exBySymbol.get(s.toUpperCase()),
    licenseExceptions: () => exceptions,
    section: (id) => sections.get(id),
    controls: () => controls,
    exceptionTerms: (sym) => termsBySymbol.get(sym.toUpperCase()),
    exceptionRestrictions: () => restrictions,
    control: (id) => controlById.get(id),
  };
  return deepFreeze(snap);
}
