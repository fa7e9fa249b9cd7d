/**
 * @module site/reports
 * The reports on the reference site (issue 9): a methodology page (`reports/index.html`: every rule with its method,
 * citation and count, how to reproduce each number, the limits of the data), one page per report with sortable
 * tables, SVG bar charts drawn at build time and a destination heat table, and the flags shown on ECCN and country
 * pages. Every number comes from the report objects of analysis/reports.ts, the same the CLI and the API print.
 */
import type { Analysis } from '../analysis/index.ts';
import { buildReport, type BurdenReport, type OutdatedReport, type OverlapsReport, type Report, type Tally, type UnilateralReport } from '../analysis/reports.ts';
import type { AnalysisFinding } from '../analysis/evaluate.ts';
import type { PageView } from './render.ts';
import { CATEGORIES, citationLinks, countryHref, eccnHref, REASON_NAMES } from './views.ts';

export const REPORTS_INDEX = 'reports/index.html';
export const reportHref = (name: string) => `reports/${name}.html`;

/** A horizontal bar chart as SVG coordinates (drawn by templates/partials/bars.hbs; no script). */
export interface Bars { title: string; id: string; height: number; bars: { label: string; value: number; y: number; width: number; href: string | null }[] }
const BAR_AREA = 340;
export function bars(id: string, title: string, rows: readonly { label: string; value: number; href?: string | null }[]): Bars {
  const max = Math.max(1, ...rows.map((r) => r.value));
  return { id, title, height: rows.length * 20 + 4, bars: rows.map((r, i) => ({ label: r.label, value: r.value, y: i * 20 + 2, width: Math.max(r.value > 0 ? 1 : 0, Math.round((r.value / max) * BAR_AREA)), href: r.href ?? null })) };
}

/** Heat classes 0–5 by share of the largest value (CSS colours them; the number is always printed). */
const heat = (v: number, max: number) => (v <= 0 ? 0 : Math.min(5, 1 + Math.floor((4.999 * v) / Math.max(1, max))));

const findingRow = (f: AnalysisFinding) => ({
  eccn: f.eccn, href: eccnHref(f.eccn), column: f.column ?? '', rule: f.rule, severity: f.severity, summary: f.summary,
  count: Array.isArray(f.evidence.subsumed_destinations) ? (f.evidence.subsumed_destinations as unknown[]).length : '',
});

const cite = (c: { cfr: string; url?: string }) => ({ text: c.cfr, url: c.url ?? citationLinks(c.cfr)[0]?.url ?? null });

function common(r: Report, edition: string) {
  return {
    edition,
    report: r.report, reportTitle: r.title, reportEdition: r.edition, reproduce: r.reproduce,
    csv: `dualuse report ${r.report} --edition ${r.edition} --csv`, api: `/api/v1/reports/${r.report}?edition=${r.edition}`,
    inputs: Object.entries(r.inputs).map(([k, v]) => ({ k, v: v ? String(v).slice(0, 16) : '—' })),
    rules: r.rules.map((x) => ({ ...x, href: `${REPORTS_INDEX}#rule-${x.rule}` })),
    scripts: ['tables.js'],
  };
}

function tallyRows(t: readonly Tally[], href?: (k: string) => string | null) {
  return t.map((x) => ({ label: x.label ? `${x.label}` : x.key, value: x.count, href: href ? href(x.key) : null }));
}

export function overlapsView(r: OverlapsReport, edition: string): PageView {
  const maxDest = Math.max(0, ...r.subsumed_by_destination.map((x) => x.count));
  return {
    path: reportHref('overlaps'), title: r.title, description: `Country Chart requirements that a broader rule already imposes, and reasons for control that duplicate each other (edition ${r.edition}).`,
    ...common(r, edition), s: r.summary,
    charts: [
      bars('by-reason', 'Subsumed (ECCN, destination) cells by reason for control', tallyRows(r.subsumed_by_reason).map((b) => ({ ...b, label: `${b.label} ${REASON_NAMES[b.label] ?? ''}`.trim() }))),
      bars('by-rule', 'Subsumed cells by the broader requirement (a cell two requirements subsume counts under both)', tallyRows(r.subsumed_by_rule).map((b) => ({ ...b, label: `15 CFR ${b.label}` }))),
    ],
    destinations: r.subsumed_by_destination.map((x) => ({ code: x.key, name: x.label ?? x.key, href: countryHref(x.key), count: x.count, heat: heat(x.count, maxDest) })),
    eccns: r.subsumed_by_eccn.slice(0, 50).map((x) => ({ eccn: x.key, href: eccnHref(x.key), count: x.count })),
    findings: r.findings.map(findingRow),
  };
}

export function unilateralView(r: UnilateralReport, edition: string): PageView {
  return {
    path: reportHref('unilateral'), title: r.title, description: `Controls with no multilateral regime behind them, and the licence requirements that exist only because of them (edition ${r.edition}).`,
    ...common(r, edition), s: r.summary,
    charts: [
      bars('us-only-by-category', 'US-only ECCNs by CCL category (cross-regime map)', r.by_category.map((c) => ({ label: `${c.category} ${CATEGORIES[c.category] ?? ''}`.slice(0, 42), value: c.us_only, href: `eccn/index.html#cat-${c.category}` }))),
      bars('unilateral-pairs-by-category', '(ECCN, destination) pairs needing a licence only because of requirements without a multilateral basis, by category', r.by_category.map((c) => ({ label: `${c.category} ${CATEGORIES[c.category] ?? ''}`.slice(0, 42), value: c.pairs_unilateral_only }))),
      bars('cells-by-reason', 'Chart cells requiring a licence, by reason and multilateral basis', r.by_reason.map((x) => ({ label: `${x.reason}: ${x.basis}`.slice(0, 42), value: x.cells }))),
    ],
    byKind: r.by_kind.map((x) => ({ kind: x.key, count: x.count })),
    byReason: r.by_reason,
    findings: r.findings.map(findingRow),
  };
}

export function outdatedView(r: OutdatedReport, edition: string): PageView {
  return {
    path: reportHref('outdated'), title: r.title, description: `Signals that a control lags: Wassenaar divergence, paragraphs the list dropped, reserved paragraphs, dangling references, passed dates, mass-market products above a threshold (edition ${r.edition}).`,
    ...common(r, edition), s: r.summary,
    charts: [bars('by-rule', 'Findings by rule', tallyRows(r.summary.by_rule, (k) => `${REPORTS_INDEX}#rule-${k}`))],
    benchmarks: r.benchmarks.map((b) => ({ ...b, href: eccnHref(b.eccn) })),
    findings: r.findings.map(findingRow),
  };
}

export function burdenView(r: BurdenReport, edition: string): PageView {
  const maxDest = Math.max(0, ...r.by_destination.map((x) => x.licence));
  return {
    path: reportHref('burden'), title: r.title, description: `How many (ECCN, destination) pairs need a licence, and how many of those are subsumed, overlapping or unilateral-only, edition by edition (edition ${r.edition}).`,
    ...common(r, edition), s: r.summary,
    editions: r.editions.map((e) => ({ ...e, change: e.change ? { licence: signed(e.change.licence), subsumed: signed(e.change.subsumed), overlapping: signed(e.change.overlapping), unilateral_only: signed(e.change.unilateral_only) } : null })),
    charts: [
      bars('licence-by-category', 'Pairs needing a licence, by CCL category', r.by_category.map((c) => ({ label: `${c.category} ${CATEGORIES[c.category] ?? ''}`.slice(0, 42), value: c.licence, href: `eccn/index.html#cat-${c.category}` }))),
      bars('licence-by-reason', 'Chart cells requiring a licence, by reason (decisive: no other requirement there)', r.by_reason.map((x) => ({ label: `${x.reason} ${REASON_NAMES[x.reason] ?? ''}`.trim(), value: x.required }))),
    ],
    destinations: r.by_destination.map((x) => ({ ...x, href: countryHref(x.code), heat: heat(x.licence, maxDest) })),
    eccns: r.by_eccn.map((x) => ({ ...x, href: eccnHref(x.eccn) })),
  };
}
const signed = (n: number) => (n > 0 ? `+${n}` : String(n));

/** Every count a report publishes: the JSON field, what it counts, and the rules behind it (methodology page). */
const METRICS: readonly { report: string; field: string; definition: string; rules: readonly string[] }[] = [
  { report: 'overlaps', field: 'summary.cells_required', definition: '(ECCN, destination) cells where the engine\'s answer carries a Country Chart reason, summed over the columns of each entry', rules: [] },
  { report: 'overlaps', field: 'summary.cells_subsumed', definition: 'of those, cells where the answer also carries an unconditional licence requirement or prohibition from outside the chart (Part 746, an all-destinations sentence of the entry)', rules: ['chart-column-subsumed', 'chart-column-partly-subsumed'] },
  { report: 'overlaps', field: 'summary.columns_subsumed_fully / columns_subsumed_partly', definition: 'chart columns of an entry subsumed at every / at some of the destinations they mark', rules: ['chart-column-subsumed', 'chart-column-partly-subsumed'] },
  { report: 'overlaps', field: 'summary.cells_subsumed_if_military', definition: 'cells not otherwise subsumed where a § 744.21 control covering the entry names the destination (military end uses or users only)', rules: ['chart-column-subsumed-if-military'] },
  { report: 'overlaps', field: 'summary.columns_duplicated', definition: 'chart columns whose every marked destination another column of the entry also marks, for the same items', rules: ['reason-duplicates-another'] },
  { report: 'overlaps', field: 'summary.columns_never_decisive', definition: 'chart columns that are never the only requirement for their items at any destination they mark', rules: ['reason-never-decides'] },
  { report: 'overlaps', field: 'subsumed_by_destination / _reason / _eccn / _rule', definition: 'subsumed cells counted per destination, reason for control, entry and broader requirement (a cell two requirements subsume counts under both)', rules: ['chart-column-subsumed', 'chart-column-partly-subsumed'] },
  { report: 'unilateral', field: 'summary.eccns_us_only', definition: 'entries the cross-regime map marks us_only_anti_terrorism or us_only_unilateral', rules: ['entry-without-multilateral-counterpart'] },
  { report: 'unilateral', field: 'summary.columns_without_basis / cells_without_basis', definition: 'chart columns (and their cells) whose reason has no multilateral regime recorded for the entry', rules: ['chart-requirement-without-multilateral-basis'] },
  { report: 'unilateral', field: 'summary.pairs_unilateral_only', definition: 'pairs needing a licence where every requiring reason is a chart reason without a multilateral basis', rules: ['licence-only-from-unilateral-controls'] },
  { report: 'outdated', field: 'summary.by_rule, summary.eccns_flagged', definition: 'findings of each outdated-signal rule, and the entries with at least one', rules: ['threshold-differs-from-wassenaar', 'parameter-to-review', 'paragraph-not-used-in-wassenaar', 'unchanged-while-wassenaar-moved', 'reserved-paragraphs', 'dangling-related-control', 'time-limit-passed', 'mass-market-exceeds-threshold'] },
  { report: 'burden', field: 'summary.licence', definition: 'pairs whose answer is license_required or prohibited (nothing else stated about the export)', rules: [] },
  { report: 'burden', field: 'summary.subsumed', definition: 'licence pairs with a chart requirement and an unconditional requirement from outside the chart', rules: [] },
  { report: 'burden', field: 'summary.overlapping', definition: 'licence pairs where two or more chart columns require a licence', rules: [] },
  { report: 'burden', field: 'summary.unilateral_only', definition: 'as unilateral pairs_unilateral_only', rules: ['licence-only-from-unilateral-controls'] },
  { report: 'burden', field: 'editions[].change', definition: 'the difference of each count from the edition before', rules: [] },
];

/** The methodology page: what each report counts, every rule with its method and citation, how to reproduce, limits. */
export function reportsIndexView(a: Analysis, edition: string): PageView {
  const latest = a.latest;
  const reports = (['overlaps', 'unilateral', 'outdated', 'burden'] as const).map((n) => buildReport(a, n));
  return {
    path: REPORTS_INDEX, title: 'Reports and methodology', description: 'Overlapping, subsumed, unilateral and outdated export controls, counted from the encoded rules: definitions, rules, how to reproduce every number, and the limits of the data.',
    edition, analysisEdition: latest.edition,
    headline: headlineOf(a),
    reports: reports.map((r) => ({ name: r.report, title: r.title, href: reportHref(r.report), command: r.reproduce, findings: r.findings.length })),
    rules: a.rules.map((r) => ({ id: r.id, kind: r.kind, severity: r.severity, scope: r.scope, description: r.description, method: r.method, citation: cite(r.citation), file: r.file, findings: latest.findings.filter((f) => f.rule === r.id).length })),
    metrics: METRICS.map((m) => ({ ...m, command: `dualuse report ${m.report} --json`, href: reportHref(m.report), rules: m.rules.map((id) => ({ id, href: `${REPORTS_INDEX}#rule-${id}` })) })),
    inputs: Object.entries(a.inputs).map(([k, v]) => ({ k, v: v ?? '—' })),
    editions: a.editions.map((e) => ({ edition: e.edition, findings: e.findings.length, asked: e.asked })),
    changes: a.editions.filter((e) => e.changed).map((e, i) => ({ from: a.editions[i]?.edition as string, to: e.edition, decisions: e.changed?.decisions ?? 0, reasons: e.changed?.reasons ?? 0 })),
    benchmarks: a.benchmarks.length,
  };
}

/** The headline counts (home page, methodology page): computed from the latest edition's analysis. */
export function headlineOf(a: Analysis) {
  const o = buildReport(a, 'overlaps') as OverlapsReport;
  const u = buildReport(a, 'unilateral') as UnilateralReport;
  const t = a.latest.burden.total;
  const outdated = a.latest.findings.filter((f) => f.kind === 'outdated');
  const pct = (n: number, d: number) => `${d ? Math.round((1000 * n) / d) / 10 : 0} %`;
  return {
    edition: a.latest.edition, pairs: t.pairs, licence: t.licence, licencePct: pct(t.licence, t.pairs),
    subsumedCells: o.summary.cells_subsumed, cells: o.summary.cells_required, subsumedPct: pct(o.summary.cells_subsumed, o.summary.cells_required),
    duplicated: o.summary.columns_duplicated, columns: o.summary.columns, neverDecisive: o.summary.columns_never_decisive,
    unilateralPairs: t.unilateral_only, unilateralPct: pct(t.unilateral_only, t.licence), usOnly: u.summary.eccns_us_only, eccns: u.summary.eccns,
    outdatedEccns: new Set(outdated.map((f) => f.eccn)).size, outdatedFindings: outdated.length,
    command: 'dualuse report burden --json',
  };
}

/** Flags of an ECCN page: short statements linking to the report that makes them. */
export function eccnFlags(a: Analysis, eccn: string): { text: string; href: string; severity: string }[] {
  const fs = a.latest.findings.filter((f) => f.eccn === eccn);
  const out: { text: string; href: string; severity: string }[] = [];
  const subsumed = new Set(fs.filter((f) => f.rule === 'chart-column-subsumed' || f.rule === 'chart-column-partly-subsumed').flatMap((f) => (f.evidence.subsumed_destinations as string[] | undefined) ?? []));
  if (subsumed.size) out.push({ text: `Chart requirements subsumed for ${subsumed.size} destination${subsumed.size === 1 ? '' : 's'} (${[...subsumed].sort().join(', ')})`, href: reportHref('overlaps'), severity: 'medium' });
  const dup = fs.filter((f) => f.rule === 'reason-duplicates-another').map((f) => f.column as string);
  if (dup.length) out.push({ text: `Overlapping reasons: ${dup.join(', ')} mark the same destinations as another column`, href: reportHref('overlaps'), severity: 'medium' });
  if (fs.some((f) => f.rule === 'entry-requires-licence-everywhere')) out.push({ text: 'A licence is required for all destinations by the entry itself', href: reportHref('overlaps'), severity: 'info' });
  if (fs.some((f) => f.rule === 'entry-without-multilateral-counterpart')) out.push({ text: 'No Wassenaar counterpart and no other regime: a US-only control', href: reportHref('unilateral'), severity: 'medium' });
  const lone = fs.find((f) => f.rule === 'licence-only-from-unilateral-controls');
  if (lone) out.push({ text: `${lone.evidence.unilateral_only_destinations ? (lone.evidence.unilateral_only_destinations as string[]).length : 0} destinations need a licence only because of requirements without a multilateral basis`, href: reportHref('unilateral'), severity: 'medium' });
  const th = fs.find((f) => f.rule === 'threshold-differs-from-wassenaar');
  if (th) out.push({ text: `Thresholds differ from the 2025 Wassenaar list: ${th.evidence.stricter as number} stricter (the EAR controls more), ${th.evidence.looser as number} looser`, href: reportHref('outdated'), severity: 'medium' });
  const nu = fs.find((f) => f.rule === 'paragraph-not-used-in-wassenaar');
  if (nu) out.push({ text: `${nu.evidence.not_used_in_wassenaar as number} paragraphs the Wassenaar list has not used since ${nu.evidence.not_used_since as string}`, href: reportHref('outdated'), severity: 'medium' });
  const mm = fs.find((f) => f.rule === 'mass-market-exceeds-threshold');
  if (mm) out.push({ text: `Mass-market products meet or exceed a threshold (${(mm.evidence.benchmarks_exceeded as string[]).join(', ')})`, href: reportHref('outdated'), severity: 'high' });
  return out;
}

/** Flags of a country page. */
export function countryFlags(a: Analysis, code: string): { text: string; href: string; severity: string }[] {
  const d = a.latest.burden.by_destination.find((x) => x.code === code);
  if (!d) return [];
  const out: { text: string; href: string; severity: string }[] = [];
  const cells = a.latest.columns.filter((f) => ((f.subsumed_destinations as string[] | undefined) ?? []).includes(code)).length;
  if (cells) out.push({ text: `${cells} Country Chart requirements here are subsumed by a broader requirement (Part 746 or an all-destinations entry)`, href: reportHref('overlaps'), severity: 'medium' });
  if (d.unilateral_only) out.push({ text: `${d.unilateral_only} ECCNs need a licence here only because of requirements without a multilateral basis`, href: reportHref('unilateral'), severity: 'medium' });
  out.push({ text: `${d.licence} of ${d.pairs} ECCNs need a licence here (or are prohibited); ${d.needs_review} need review`, href: reportHref('burden'), severity: 'info' });
  return out;
}
