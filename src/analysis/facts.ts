/**
 * @module analysis/facts
 * The facts the analysis rules (rules/analysis/) read, for one edition: one fact set per Country Chart column of an
 * entry (`column` scope) and one per entry (`eccn` scope). Every fact is defined on the methodology page
 * (site/reports.ts) and in docs/reports.md; the names are those of ANALYSIS_FACTS (schema/analysis-rule.ts).
 *
 * Decisions come from the engine (analysis/pairs.ts): a chart requirement is "required" at a destination when the
 * engine's answer for the entry there carries a Country Chart reason of that column; "subsumed" when the same answer
 * also carries an unconditional licence requirement or prohibition that does not come from the chart (a Part 746
 * embargo, a sentence of the entry such as "A license is required for ALL destinations"). The cross-regime map and
 * the divergence module say which requirements rest on a multilateral regime and where the EAR and the 2025
 * Wassenaar list differ.
 */
import type { Snapshot } from '../kb/kb.ts';
import type { EccnState } from '../kb/model.ts';
import type { WassenaarMap } from '../kb/wassenaar-map.ts';
import type { KnowledgeBase } from '../kb/kb.ts';
import { CORRELATED_KINDS } from '../schema/wassenaar-map.ts';
import { itemMayBeCovered } from '../engine/engines.ts';
import { inDestinationSet } from '../engine/scope.ts';
import { withinParagraph } from '../kb/eccn-ref.ts';
import { eccnDivergence } from '../engine/wassenaar-divergence.ts';
import type { EditionPairs, PairReason } from './pairs.ts';
import type { Benchmark } from './benchmarks.ts';

export type Facts = Readonly<Record<string, unknown>>;

const REQUIRES = new Set(['license_required', 'prohibited']);
const requires = (r: PairReason) => REQUIRES.has(r.decision);
/** A requirement that holds whatever paragraph of the entry the item is in, and does not come from the chart. */
const broader = (r: PairReason) => requires(r) && !r.conditional && r.basis !== 'country_chart';
const reasonOf = (column: string) => column.replace(/[0-9]+$/, '');

/** The multilateral basis of a chart reason for an entry, as the cross-regime map records it; null when none. */
export function basisOf(map: WassenaarMap | undefined, eccn: string, reason: string): string | null {
  if (!map) return null;
  const e = map.entry(eccn);
  if (reason === 'NS') return e && CORRELATED_KINDS.includes(e.kind) ? 'Wassenaar Arrangement' : null;
  return map.regimes.find((g) => g.reason === reason)?.name ?? null;
}

export interface EditionFacts {
  readonly edition: string;
  readonly columns: readonly Facts[];
  readonly eccns: readonly Facts[];
}

const MONTHS = 'January|February|March|April|May|June|July|August|September|October|November|December';
const DATE = new RegExp(`\\b(${MONTHS}) ([0-9]{1,2}), ([0-9]{4})\\b`, 'g');
/**
 * Words that make a date a time limit ("until", "expires", "temporary", "no later than", "Prior to …"). "immediately
 * prior to July 1, 2014" is not one: it dates an item's earlier classification (the 600-series transition entries).
 */
const LIMIT = /(?<!immediately )\bprior to\s*$|\b(until|expir\w*|temporar\w*|no later than|sunset|terminat\w*)\b/i;

/** Dates earlier than the edition's that a time-limit word precedes in the entry's own text. */
function passedDates(e: EccnState, editionDate: string): string[] {
  const texts = [e.heading, ...e.license_requirements.map((r) => r.requirement), e.single_source?.related_controls ?? '', e.single_source?.sta_special_conditions ?? '', ...(e.single_source?.items ?? []).map((p) => p.text)];
  const out = new Set<string>();
  for (const t of texts) {
    for (const m of t.matchAll(DATE)) {
      const iso = `${m[3]}-${String(MONTHS.split('|').indexOf(m[1] as string) + 1).padStart(2, '0')}-${(m[2] as string).padStart(2, '0')}`;
      const before = t.slice(Math.max(0, (m.index ?? 0) - 40), m.index);
      if (iso < editionDate && LIMIT.test(before)) out.add(`${before.replace(/^\S*\s/, '').trim()} ${m[0]}`.replace(/\s+/g, ' ').slice(-160));
    }
  }
  return [...out];
}

/**
 * Whether column `c2` of an entry covers every item column `c` covers: a row of `c2` applies to the whole entry, or
 * each paragraph `c`'s rows name lies within a paragraph `c2`'s rows name, or both name the same scopes.
 */
function covers(e: EccnState, c2: string, c: string): boolean {
  const rows2 = e.license_requirements.filter((r) => r.column === c2);
  const rows1 = e.license_requirements.filter((r) => r.column === c);
  if (rows2.some((r) => r.applies_to.kind === 'entire_entry')) return true;
  const paras2 = rows2.filter((r) => r.applies_to.kind === 'paragraphs').flatMap((r) => r.applies_to.paragraphs ?? []);
  if (rows1.length && rows1.every((r) => r.applies_to.kind === 'paragraphs' && (r.applies_to.paragraphs ?? []).length > 0 && (r.applies_to.paragraphs ?? []).every((p) => paras2.some((q) => withinParagraph(p, q))))) return true;
  // A scope the importer could not reduce to paragraphs ('conditional') is compared by its words, less the reason
  // that opens it ("NS applies to …" and "RS applies …" name the same items when the rest is the same).
  const scopeKey = (r: (typeof rows1)[number]) => (r.applies_to.kind === 'conditional' ? `text:${r.scope.replace(/^(?:[A-Z]{2}(?:, | and | or |\/))*[A-Z]{2} applies(?: to)?\s*/, '').trim()}` : JSON.stringify(r.applies_to));
  const scopes = (rows: typeof rows1) => JSON.stringify(rows.map(scopeKey).sort());
  return rows1.length > 0 && scopes(rows1) === scopes(rows2);
}

const ECCN_IN_TEXT = /\b[0-9][A-E][0-9]{3}\b/g;

/** Related-control references to ECCNs the edition does not have (the list of related ECCNs and the text). */
function danglingReferences(s: Snapshot, e: EccnState): string[] {
  const refs = new Set<string>([...(e.single_source?.related_eccns ?? []), ...(e.single_source?.related_controls ?? '').match(ECCN_IN_TEXT) ?? []]);
  return [...refs].filter((r) => r !== e.eccn && !s.eccn(r)).sort();
}

const reservedParagraphs = (e: EccnState) => (e.single_source?.items ?? []).filter((p) => p.paragraph && /\[Reserved\]/i.test(p.text)).map((p) => `${e.eccn}${p.paragraph?.startsWith('.') ? '' : '.'}${p.paragraph}`);

/** The facts of every chart column of every entry, and of every entry, in one edition. */
export function editionFacts(kb: KnowledgeBase, pairs: EditionPairs, map: WassenaarMap | undefined, benchmarks: readonly Benchmark[], firstEdition: string): EditionFacts {
  const s = pairs.snapshot;
  const dests = pairs.destinations;
  const military = s.controls().filter((c) => c.section === '744.21' && c.outcome !== 'needs_review');
  const columns: Facts[] = [];
  const eccns: Facts[] = [];
  for (const e of s.eccns()) {
    const answers = dests.map((x) => ({ x, a: pairs.answer(e.eccn, x.code) }));
    const answerAt = new Map(answers.map(({ x, a }) => [x.code, a]));
    const me = map?.entry(e.eccn);
    const cols = [...new Set(e.license_requirements.map((r) => r.column).filter((c): c is NonNullable<typeof c> => Boolean(c)))];
    // Per column: where it requires a licence, and whether unconditionally there.
    const req = new Map<string, Map<string, boolean>>(); // column → destination → unconditional
    for (const c of cols) req.set(c, new Map());
    for (const { x, a } of answers) for (const r of a.reasons) if (r.basis === 'country_chart' && requires(r) && req.has(r.code)) {
      const m = req.get(r.code) as Map<string, boolean>;
      m.set(x.code, (m.get(x.code) ?? false) || !r.conditional);
    }
    // Which column covers which (by the rows' scopes): asked per destination below, computed once here.
    const coverage = new Map<string, boolean>(cols.flatMap((c2) => cols.map((c): [string, boolean] => [`${c2}>${c}`, covers(e, c2, c)])));
    const coversCol = (c2: string, c: string) => coverage.get(`${c2}>${c}`) ?? false;
    for (const c of cols) {
      const where = req.get(c) as Map<string, boolean>;
      const required = [...where.keys()];
      const subsumedBy = new Set<string>();
      const byDestination: string[] = []; // `RU 746.8`: which broader requirement, where (for counts per requirement)
      const subsumed = required.filter((code) => {
        const b = (answerAt.get(code)?.reasons ?? []).filter(broader);
        for (const r of b) subsumedBy.add(`${r.code}: ${r.citation}`);
        for (const sec of new Set(b.map((r) => r.code))) byDestination.push(`${code} ${sec}`);
        return b.length > 0;
      });
      const notSubsumed = required.filter((code) => !subsumed.includes(code));
      const ifMilitary = notSubsumed.filter((code) => military.some((m) => itemMayBeCovered(m.applies_when.items, e.eccn, e.reasons_for_control) && m.applies_when.destinations && inDestinationSet(s, code, m.applies_when.destinations)));
      // Another column of the entry that requires a licence wherever this one does, for every item this one covers.
      const duplicatedBy = cols.filter((c2) => c2 !== c && required.length > 0 && coversCol(c2, c) && required.every((code) => req.get(c2)?.has(code)));
      // Where no other requirement would remain without this column, for the items it covers: the column decides
      // there. Another requirement counts when it holds for the whole entry, or is a column covering this one's items
      // (a requirement from outside the chart limited to some paragraphs is not matched to paragraphs: it does not count).
      const decisive = required.filter((code) => !(answerAt.get(code)?.reasons ?? []).some((r) => requires(r) && !(r.basis === 'country_chart' && r.code === c)
        && (!r.conditional || (r.basis === 'country_chart' && coversCol(r.code, c)))));
      const basis = basisOf(map, e.eccn, reasonOf(c));
      columns.push({
        eccn: e.eccn, category: e.category, column: c, reason: reasonOf(c), map_kind: me?.kind ?? 'unmapped',
        required: required.length, required_destinations: required,
        subsumed: subsumed.length, subsumed_share: required.length ? subsumed.length / required.length : 0, subsumed_destinations: subsumed, subsumed_by: [...subsumedBy].sort(), subsumed_by_destination: byDestination,
        subsumed_if_military: ifMilitary.length, subsumed_if_military_destinations: ifMilitary,
        duplicated_by: duplicatedBy, duplicated_by_count: duplicatedBy.length,
        decisive: decisive.length, decisive_destinations: decisive,
        multilateral: basis !== null, basis: basis ?? 'none recorded in the cross-regime map',
      });
    }
    // The entry.
    const licence = answers.filter(({ a }) => REQUIRES.has(a.decision));
    const unilateralOnly = licence.filter(({ a }) => {
      const rs = a.reasons.filter(requires);
      return rs.length > 0 && rs.every((r) => r.basis === 'country_chart' && basisOf(map, e.eccn, reasonOf(r.code)) === null);
    }).map(({ x }) => x.code);
    const allRow = e.license_requirements.find((r) => !r.column && r.destinations?.all && !r.destinations.except_countries?.length && !r.destinations.except_groups?.length);
    const allDests = answers.every(({ a }) => a.reasons.some((r) => r.basis === 'entry_text' && requires(r) && !r.conditional));
    const dv = map && me && CORRELATED_KINDS.includes(me.kind) ? eccnDivergence(kb, e.eccn) : undefined;
    const params = (dv?.findings ?? []).filter((f) => f.type === 'parameter');
    const notUsed = (dv?.findings ?? []).filter((f) => f.type === 'not_used_in_wassenaar');
    const years = notUsed.map((f) => /Not used since ([0-9]{4})/.exec(f.wassenaar_text ?? '')?.[1]).filter((y): y is string => Boolean(y)).sort();
    const reserved = reservedParagraphs(e);
    const dangling = danglingReferences(s, e);
    const passed = passedDates(e, s.edition.date);
    const exceeded = benchmarks.filter((b) => b.eccn === e.eccn && b.exceeds).map((b) => b.id);
    eccns.push({
      eccn: e.eccn, category: e.category, map_kind: me?.kind ?? 'unmapped', has_counterpart: Boolean(me && CORRELATED_KINDS.includes(me.kind)),
      multilateral: Boolean(me && (CORRELATED_KINDS.includes(me.kind) || me.kind === 'other_regime')), counterparts: me?.counterparts ?? [],
      license_destinations: licence.length, unilateral_only: unilateralOnly.length, unilateral_only_destinations: unilateralOnly,
      all_destinations: allDests, all_destinations_text: allDests && allRow ? allRow.requirement : '',
      stricter: dv?.counts.stricter ?? 0, looser: dv?.counts.looser ?? 0, to_review: dv?.counts.differs ?? 0,
      parameters: params.map((f) => `${f.eccn_paragraph}: ${f.ear?.length ? f.ear.join(', ') : 'no value'} in the EAR, ${f.wassenaar?.length ? f.wassenaar.join(', ') : 'no value'} in the list (${f.assessment === 'differs' ? 'to review' : `EAR ${f.assessment}`})`),
      not_used_in_wassenaar: notUsed.length, not_used_paragraphs: notUsed.map((f) => f.eccn_paragraph as string), not_used_since: years[0] ?? '',
      reserved_paragraphs: reserved, reserved_count: reserved.length,
      dangling_references: dangling, dangling_count: dangling.length,
      passed_dates: passed, passed_dates_count: passed.length,
      // Never amended in any edition held (not only "unchanged up to this one": the first edition would always qualify).
      unchanged_across_editions: (kb.eccnHistory(e.eccn)?.revisions.length ?? 0) === 1 && e.since === firstEdition,
      benchmarks_exceeded: exceeded, benchmarks_exceeded_count: exceeded.length,
    });
  }
  return { edition: s.edition.id, columns, eccns };
}
