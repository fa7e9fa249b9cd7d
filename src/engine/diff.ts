/**
 * @module engine/diff
 * What changed between two dates (or editions): entry by entry (ECCNs added, removed, amended field by field with
 * a word-level diff of changed text; Country Chart cells; Country Group members; footnotes) and decision by decision
 * (every ECCN and every paragraph named by a License Requirements row, × every destination, answered by the engine
 * under both dates; the pairs whose decision or reasons differ).
 *
 * Decisions are computed by the engine, never inferred from the text. A pair is not evaluated twice only when the
 * engine would read exactly the same inputs under both dates: the same rules in force, the same entry (its state,
 * compared whole), the same destination (its chart row and Country Groups, compared whole), and the same of
 * everything else the engine reads from the knowledge base (Part 744/746 controls, licence exceptions, their terms
 * and restrictions — one fingerprint per snapshot). Such a pair's answer is the same by construction; every other
 * pair is evaluated under both dates. Checked against evaluating every pair: on the fixture in the tests, and on
 * the real editions in bench/diff.ts (`evaluate_all` gives the same changes).
 */
import { diffWordsWithSpace } from 'diff';
import type { Determiner } from './determine.ts';
import { rulesInForce } from './engines.ts';
import type { Decision, DeterminationResult, Reason } from './result.ts';
import type { Snapshot } from '../kb/kb.ts';
import type { DestinationState, EccnState } from '../kb/model.ts';
import type { LicenseRequirementT } from '../schema/eccn.ts';
import { CoverageError, InvalidInputError } from '../errors.ts';

/** One side of a diff: a determiner (its knowledge base and rules) and the date answered for. */
export interface DiffSide { d: Determiner; date: string }

/** A word-level diff: unchanged, inserted and deleted runs of text, in order. */
export type WordDiff = { op: '=' | '+' | '-'; text: string }[];

export interface FieldChange {
  /** e.g. `heading`, `reasons_for_control`, `license_requirements["RS applies to 3A090.b"].requirement`. */
  field: string;
  from: unknown;
  to: unknown;
  words?: WordDiff;
}
export interface EccnChange { eccn: string; heading: string; changes: FieldChange[] }
export interface EntrySummary { eccn: string; heading: string }
export interface ChartCellChange { code: string; name: string; column: string; from: boolean; to: boolean }
export interface ChartRowChange { code: string; name: string; field: 'footnotes' | 'embargo_referral' | 'row'; from: unknown; to: unknown }
export interface GroupChange { group: string; added: string[]; removed: string[] }
export interface FootnoteChange { number: number; from: string | null; to: string | null; words?: WordDiff }
export interface ReasonSummary { code: string; basis: string; decision: string; citation: string; conditional?: boolean }
export interface DecisionSide { decision: Decision; reasons: ReasonSummary[] }
export interface DecisionChange {
  eccn: string;
  destination: string;
  destination_name: string;
  from: DecisionSide;
  to: DecisionSide;
  reasons_added: ReasonSummary[];
  reasons_removed: ReasonSummary[];
  /** Caveats of either answer (e.g. facts known only as of a later edition), as indexes into `decisions.caveats`. */
  caveats: number[];
}

export interface EditionDiff {
  from: { input: string; date: string; edition: string };
  to: { input: string; date: string; edition: string };
  entries: { added: EntrySummary[]; removed: EntrySummary[]; amended: EccnChange[] };
  chart: { cells: ChartCellChange[]; rows: ChartRowChange[] };
  destinations: { added: string[]; removed: string[] };
  groups: GroupChange[];
  footnotes: FootnoteChange[];
  decisions: {
    /** (ECCN or paragraph, destination) pairs compared. */
    pairs: number;
    /** Pairs the engine answered under both dates (the rest had identical inputs under both). */
    evaluated: number;
    changed: DecisionChange[];
    by_eccn: { eccn: string; changed: number }[];
    by_destination: { code: string; name: string; changed: number }[];
    /** Counts of "from → to" decisions among the changed pairs. */
    transitions: Record<string, number>;
    caveats: string[];
  };
  summary: { entries_added: number; entries_removed: number; entries_amended: number; chart_cells_changed: number; chart_rows_changed: number; group_members_changed: number; footnotes_changed: number; decisions_changed: number };
}

/** Resolves "2026-07-23" (an edition id or any date in the coverage) to the date answered for and its edition. */
export function resolveDiffDate(d: Determiner, input: string, pointer: string): { input: string; date: string; edition: string } {
  const byId = d.kb.editions.find((e) => e.id === input);
  const date = byId?.date ?? input;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`)) || new Date(`${date}T00:00:00Z`).toISOString().slice(0, 10) !== date) {
    throw new InvalidInputError('INVALID_DATE', `${pointer.slice(1)} '${input}' is neither an edition id (${d.kb.editions.map((e) => e.id).join(', ')}) nor a date YYYY-MM-DD`, [{ pointer, code: 'INVALID_DATE' }]);
  }
  const { from, to } = d.kb.coverage;
  // A diff compares what the data says on both dates: a date outside the data has nothing to compare.
  if (date < from) throw new CoverageError('DATE_OUT_OF_COVERAGE', date, d.kb.coverage);
  if (date > to) throw new CoverageError('DATE_BEYOND_DATA', date, d.kb.coverage);
  return { input, date, edition: d.kb.asOf(date).edition.id };
}

const words = (a: string, b: string): WordDiff => diffWordsWithSpace(a, b).map((p) => ({ op: p.added ? '+' : p.removed ? '-' : '=', text: p.value }));
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const byCode = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The content of an entry, less where it was read from and when it last changed. */
export function entryContent(e: EccnState | undefined): string {
  if (!e) return '';
  const { since: _s, sources: _src, file: _f, citation: _c, review: _r, ...content } = e;
  return JSON.stringify(content);
}

const rowKey = (r: LicenseRequirementT) => `${r.reasons.join(',')}|${r.scope}`;

function eccnChanges(a: EccnState, b: EccnState): FieldChange[] {
  const out: FieldChange[] = [];
  if (a.heading !== b.heading) out.push({ field: 'heading', from: a.heading, to: b.heading, words: words(a.heading, b.heading) });
  if (!same(a.reasons_for_control, b.reasons_for_control)) out.push({ field: 'reasons_for_control', from: a.reasons_for_control, to: b.reasons_for_control });
  if (a.license_requirements_known !== b.license_requirements_known) out.push({ field: 'license_requirements_known', from: a.license_requirements_known, to: b.license_requirements_known });
  if (a.other_authority !== b.other_authority) out.push({ field: 'other_authority', from: a.other_authority, to: b.other_authority });
  // License Requirements rows are matched by their reasons and scope (the row's identity in the table); rows with
  // the same key are matched in order.
  const rest = [...b.license_requirements];
  for (const ra of a.license_requirements) {
    const k = rowKey(ra);
    const i = rest.findIndex((rb) => rowKey(rb) === k);
    const name = `license_requirements[${JSON.stringify(ra.scope)}]`;
    if (i < 0) { out.push({ field: name, from: ra, to: null }); continue; }
    const rb = rest.splice(i, 1)[0] as LicenseRequirementT;
    for (const f of ['column', 'requirement', 'destinations', 'applies_to', 'cites', 'refers_to'] as const) {
      if (same(ra[f], rb[f])) continue;
      const c: FieldChange = { field: `${name}.${f}`, from: ra[f] ?? null, to: rb[f] ?? null };
      if (f === 'requirement') c.words = words(ra.requirement, rb.requirement);
      out.push(c);
    }
  }
  for (const rb of rest) out.push({ field: `license_requirements[${JSON.stringify(rb.scope)}]`, from: null, to: rb });
  const sa = a.single_source;
  const sb = b.single_source;
  const lexA = sa?.license_exceptions ?? {};
  const lexB = sb?.license_exceptions ?? {};
  for (const sym of [...new Set([...Object.keys(lexA), ...Object.keys(lexB)])].sort(byCode)) {
    if (!same(lexA[sym], lexB[sym])) out.push({ field: `license_exceptions.${sym}`, from: lexA[sym] ?? null, to: lexB[sym] ?? null });
  }
  for (const f of ['related_controls', 'sta_special_conditions'] as const) {
    const x = sa?.[f] ?? '';
    const y = sb?.[f] ?? '';
    if (x !== y) out.push({ field: f, from: x || null, to: y || null, words: words(x, y) });
  }
  if (!same(sa?.related_eccns ?? [], sb?.related_eccns ?? [])) out.push({ field: 'related_eccns', from: sa?.related_eccns ?? [], to: sb?.related_eccns ?? [] });
  const itemsA = sa?.items ?? [];
  const itemsB = sb?.items ?? [];
  if (!same(itemsA, itemsB)) {
    const text = (xs: typeof itemsA) => xs.map((p) => `${p.paragraph ? `${p.paragraph} ` : ''}${p.text}`).join('\n');
    out.push({ field: 'items', from: text(itemsA), to: text(itemsB), words: words(text(itemsA), text(itemsB)) });
  }
  return out;
}

/**
 * What the engine reads from a snapshot besides the entry asked about and the destination asked about: the Part
 * 744/746 controls, licence exceptions with their terms and § 740.2 restrictions, the Country Groups' dating, the
 * chart's columns and footnotes. One fingerprint per snapshot.
 */
const fingerprints = new WeakMap<Snapshot, string>();
export function globalFingerprint(s: Snapshot): string {
  let f = fingerprints.get(s);
  if (f === undefined) {
    f = JSON.stringify({
      groups: s.groups().map((g) => [g.id, g.known_as_of]), columns: s.columns(), footnotes: s.footnotes(), controls: s.controls(),
      exceptions: s.licenseExceptions(), terms: s.licenseExceptions().map((e) => s.exceptionTerms(e.symbol) ?? null), restrictions: s.exceptionRestrictions(),
    });
    fingerprints.set(s, f);
  }
  return f;
}
/** A destination as the engine reads it: its chart row (or the row it takes), its Country Groups. */
const destinationFingerprint = (s: Snapshot, code: string) => JSON.stringify(s.destination(code) ?? null);

const summarise = (r: Reason): ReasonSummary => ({ code: r.code, basis: r.basis, decision: r.decision, citation: r.citation, ...(r.conditional ? { conditional: true } : {}) });
const reasonKey = (r: ReasonSummary) => `${r.code}|${r.basis}|${r.decision}|${r.citation}|${r.conditional ? 'c' : ''}`;
/**
 * An answer's decision and reasons, as compared: reasons by code, basis, decision, citation and whether conditional
 * (not by their prose, which quotes the regulation and would make every text edit look like a new reason). Kept as a
 * multiset: two rows of one entry may give the same code and citation, and a row that starts to apply adds one more.
 */
function side(a: DeterminationResult): DecisionSide {
  return { decision: a.decision, reasons: a.reasons.map(summarise).sort((x, y) => byCode(reasonKey(x), reasonKey(y))) };
}
/** The reasons of `xs` not matched one for one in `ys`. */
function minus(xs: ReasonSummary[], ys: ReasonSummary[]): ReasonSummary[] {
  const left = new Map<string, number>();
  for (const y of ys) left.set(reasonKey(y), (left.get(reasonKey(y)) ?? 0) + 1);
  return xs.filter((x) => { const n = left.get(reasonKey(x)) ?? 0; if (n > 0) { left.set(reasonKey(x), n - 1); return false; } return true; });
}

/** The refs a decision diff asks about: each ECCN, each paragraph a License Requirements row names, and EAR99. */
function refsOf(s: Snapshot): string[] {
  const out: string[] = [];
  for (const e of s.eccns()) {
    out.push(e.eccn);
    for (const r of e.license_requirements) if (r.applies_to.kind === 'paragraphs' || r.applies_to.kind === 'entire_entry_except') for (const p of r.applies_to.paragraphs ?? []) out.push(p);
  }
  out.push('EAR99');
  return out;
}

const baseOf = (ref: string) => ref.split('.')[0] as string;

export interface DiffOptions {
  /** Compare decisions for these destinations only (ISO codes); default every destination and territory. */
  destinations?: readonly string[];
  /** Answer every pair under both dates, skipping none (to check the skip, and to measure the worst case). */
  evaluateAll?: boolean;
}

export async function diffEditions(a: DiffSide & { input?: string }, b: DiffSide & { input?: string }, opts: DiffOptions = {}): Promise<EditionDiff> {
  const sa = a.d.kb.asOf(a.date);
  const sb = b.d.kb.asOf(b.date);

  // --- Entries.
  const ea = new Map(sa.eccns().map((e) => [e.eccn, e]));
  const eb = new Map(sb.eccns().map((e) => [e.eccn, e]));
  const added = [...eb.values()].filter((e) => !ea.has(e.eccn)).map((e) => ({ eccn: e.eccn, heading: e.heading }));
  const removed = [...ea.values()].filter((e) => !eb.has(e.eccn)).map((e) => ({ eccn: e.eccn, heading: e.heading }));
  const amended: EccnChange[] = [];
  for (const [k, x] of ea) {
    const y = eb.get(k);
    if (!y || entryContent(x) === entryContent(y)) continue;
    const changes = eccnChanges(x, y);
    if (changes.length) amended.push({ eccn: k, heading: y.heading, changes });
  }
  for (const l of [added, removed, amended]) l.sort((p, q) => byCode(p.eccn, q.eccn));

  // --- Country Chart, destinations, groups, footnotes.
  const rowsA = new Map<string, DestinationState>(sa.destinations().map((d) => [d.code, d]));
  const rowsB = new Map<string, DestinationState>(sb.destinations().map((d) => [d.code, d]));
  const cells: ChartCellChange[] = [];
  const rows: ChartRowChange[] = [];
  const columns = [...new Set([...sa.columns(), ...sb.columns()].map((c) => c.id))];
  for (const code of [...new Set([...rowsA.keys(), ...rowsB.keys()])].sort(byCode)) {
    const x = rowsA.get(code);
    const y = rowsB.get(code);
    const name = (y ?? x)?.chart_name ?? code;
    if (!x || !y) { rows.push({ code, name, field: 'row', from: x ? x.chart.marks : null, to: y ? y.chart.marks : null }); continue; }
    for (const col of columns) {
      const m = x.chart.marks.includes(col);
      const n = y.chart.marks.includes(col);
      if (m !== n) cells.push({ code, name, column: col, from: m, to: n });
    }
    if (!same(x.chart.footnotes, y.chart.footnotes)) rows.push({ code, name, field: 'footnotes', from: x.chart.footnotes, to: y.chart.footnotes });
    if (x.chart.embargo_referral !== y.chart.embargo_referral) rows.push({ code, name, field: 'embargo_referral', from: x.chart.embargo_referral, to: y.chart.embargo_referral });
  }
  const allDestA = new Set([...sa.destinations(), ...sa.territories()].map((d) => d.code));
  const allDestB = new Set([...sb.destinations(), ...sb.territories()].map((d) => d.code));
  const destinations = { added: [...allDestB].filter((c) => !allDestA.has(c)).sort(byCode), removed: [...allDestA].filter((c) => !allDestB.has(c)).sort(byCode) };
  const groups: GroupChange[] = [];
  for (const id of [...new Set([...sa.groups(), ...sb.groups()].map((g) => g.id))].sort(byCode)) {
    const ma = new Set(sa.group(id)?.members ?? []);
    const mb = new Set(sb.group(id)?.members ?? []);
    const plus = [...mb].filter((m) => !ma.has(m)).sort(byCode);
    const minus = [...ma].filter((m) => !mb.has(m)).sort(byCode);
    if (plus.length || minus.length) groups.push({ group: id, added: plus, removed: minus });
  }
  const footnotes: FootnoteChange[] = [];
  for (const n of [...new Set([...sa.footnotes(), ...sb.footnotes()].map((f) => f.number))].sort((p, q) => p - q)) {
    const x = sa.footnote(n)?.text ?? null;
    const y = sb.footnote(n)?.text ?? null;
    if (x !== y) footnotes.push({ number: n, from: x, to: y, ...(x !== null && y !== null ? { words: words(x, y) } : {}) });
  }

  // --- Decisions.
  const sameRules = a.d.rules.hash === b.d.rules.hash && same(rulesInForce(a.d.rules, a.date).map((r) => r.id), rulesInForce(b.d.rules, b.date).map((r) => r.id));
  const sameGlobals = !opts.evaluateAll && sameRules && globalFingerprint(sa) === globalFingerprint(sb);
  const refs = [...new Set([...refsOf(sa), ...refsOf(sb)])].sort(byCode);
  const dests = [...new Set([...allDestA, ...allDestB])].filter((c) => !opts.destinations || opts.destinations.includes(c)).sort(byCode);
  const name = (code: string) => sb.destination(code)?.chart_name ?? sa.destination(code)?.chart_name ?? code;
  const contentA = new Map<string, string>();
  const contentB = new Map<string, string>();
  const content = (m: Map<string, string>, s: Snapshot, eccn: string) => { let c = m.get(eccn); if (c === undefined) { c = entryContent(s.eccn(eccn)?.state); m.set(eccn, c); } return c; };
  const changed: DecisionChange[] = [];
  const caveats = new Map<string, number>();
  const caveatIndex = (c: string) => { let i = caveats.get(c); if (i === undefined) { i = caveats.size; caveats.set(c, i); } return i; };
  let evaluated = 0;
  let lastYield = performance.now();
  const destSame = new Map(dests.map((c) => [c, destinationFingerprint(sa, c) === destinationFingerprint(sb, c)]));
  for (const ref of refs) {
    const base = baseOf(ref);
    const entrySame = sameGlobals && content(contentA, sa, base) === content(contentB, sb, base);
    for (const code of dests) {
      if (entrySame && destSame.get(code)) continue; // identical inputs: identical answers
      // A server answers other requests meanwhile: give the event loop a turn every 20 ms of work.
      if (performance.now() - lastYield > 20) { await new Promise((r) => setImmediate(r)); lastYield = performance.now(); }
      const [x, y] = await Promise.all([
        a.d.determine({ destination: code, date: a.date, items: [{ eccn: ref }] }),
        b.d.determine({ destination: code, date: b.date, items: [{ eccn: ref }] }),
      ]);
      evaluated++;
      const p = side(x);
      const q = side(y);
      if (p.decision === q.decision && same(p.reasons, q.reasons)) continue;
      changed.push({
        eccn: ref, destination: code, destination_name: name(code), from: p, to: q,
        reasons_added: minus(q.reasons, p.reasons),
        reasons_removed: minus(p.reasons, q.reasons),
        caveats: [...new Set([...x.caveats, ...y.caveats].map(caveatIndex))],
      });
    }
  }
  const count = <T>(xs: T[], key: (x: T) => string) => { const m = new Map<string, number>(); for (const x of xs) m.set(key(x), (m.get(key(x)) ?? 0) + 1); return m; };
  const byEccn = [...count(changed, (c) => c.eccn)].map(([eccn, n]) => ({ eccn, changed: n })).sort((p, q) => q.changed - p.changed || byCode(p.eccn, q.eccn));
  const byDest = [...count(changed, (c) => c.destination)].map(([code, n]) => ({ code, name: name(code), changed: n })).sort((p, q) => q.changed - p.changed || byCode(p.code, q.code));
  const transitions = Object.fromEntries([...count(changed, (c) => `${c.from.decision} → ${c.to.decision}`)].sort((p, q) => q[1] - p[1] || byCode(p[0], q[0])));
  const label = (s: DiffSide & { input?: string }, snap: Snapshot) => ({ input: s.input ?? s.date, date: s.date, edition: snap.edition.id });
  return {
    from: label(a, sa),
    to: label(b, sb),
    entries: { added, removed, amended },
    chart: { cells, rows },
    destinations,
    groups,
    footnotes,
    decisions: {
      pairs: refs.length * dests.length, evaluated, changed, by_eccn: byEccn, by_destination: byDest, transitions,
      caveats: [...caveats.keys()],
    },
    summary: {
      entries_added: added.length, entries_removed: removed.length, entries_amended: amended.length, chart_cells_changed: cells.length, chart_rows_changed: rows.length,
      group_members_changed: groups.reduce((n, g) => n + g.added.length + g.removed.length, 0), footnotes_changed: footnotes.length, decisions_changed: changed.length,
    },
  };
}
