/**
 * @module analysis/reports
 * The four published reports, built from one analysis (analysis/index.ts) for one edition: `overlaps` (subsumed
 * chart requirements and overlapping reasons), `unilateral` (controls without a multilateral basis), `outdated`
 * (signals that a control lags: Wassenaar divergence, reserved paragraphs, dangling references, passed dates,
 * mass-market benchmarks) and `burden` (pairs that need a licence, and how many are subsumed, overlapping or
 * unilateral-only, edition by edition). The CLI (`dualuse report`), the API (`GET /api/v1/reports/:name`) and the
 * site print these same objects, so every count on a page can be reproduced with one command.
 */
import { NotFoundError } from '../errors.ts';
import { csvLines } from '../format/csv.ts';
import type { FindingKind } from '../schema/analysis-rule.ts';
import type { Analysis, EditionAnalysis, Inputs } from './index.ts';
import type { AnalysisFinding } from './evaluate.ts';
import type { BurdenCounts } from './burden.ts';
import type { Facts } from './facts.ts';

export const REPORT_NAMES = ['overlaps', 'unilateral', 'outdated', 'burden'] as const;
export type ReportName = (typeof REPORT_NAMES)[number];

export interface RuleCount { readonly rule: string; readonly kind: FindingKind; readonly severity: string; readonly description: string; readonly findings: number }

export interface ReportBase {
  readonly report: ReportName;
  readonly title: string;
  readonly edition: string;
  readonly date: string;
  readonly inputs: Inputs;
  /** The command that prints this report. */
  readonly reproduce: string;
  readonly rules: readonly RuleCount[];
  readonly findings: readonly AnalysisFinding[];
}

export interface Tally { readonly key: string; readonly label?: string; readonly count: number }

export interface OverlapsReport extends ReportBase {
  readonly report: 'overlaps';
  readonly summary: {
    readonly columns: number; readonly columns_subsumed_fully: number; readonly columns_subsumed_partly: number; readonly columns_duplicated: number; readonly columns_never_decisive: number;
    readonly cells_required: number; readonly cells_subsumed: number; readonly cells_subsumed_if_military: number; readonly all_destination_entries: number;
  };
  readonly subsumed_by_destination: readonly Tally[];
  readonly subsumed_by_reason: readonly Tally[];
  readonly subsumed_by_eccn: readonly Tally[];
  readonly subsumed_by_rule: readonly Tally[];
}

export interface UnilateralReport extends ReportBase {
  readonly report: 'unilateral';
  readonly summary: { readonly eccns: number; readonly eccns_us_only: number; readonly columns_without_basis: number; readonly cells_without_basis: number; readonly pairs_licence: number; readonly pairs_unilateral_only: number };
  readonly by_kind: readonly Tally[];
  readonly by_category: readonly { readonly category: string; readonly eccns: number; readonly us_only: number; readonly pairs_unilateral_only: number }[];
  readonly by_reason: readonly { readonly reason: string; readonly basis: string; readonly cells: number }[];
}

export interface OutdatedReport extends ReportBase {
  readonly report: 'outdated';
  readonly summary: { readonly eccns_flagged: number; readonly by_rule: readonly Tally[] };
  readonly benchmarks: Analysis['benchmarks'];
}

export interface BurdenReport extends ReportBase {
  readonly report: 'burden';
  readonly summary: BurdenCounts;
  readonly by_category: EditionAnalysis['burden']['by_category'];
  readonly by_reason: EditionAnalysis['burden']['by_reason'];
  readonly by_eccn: EditionAnalysis['burden']['by_eccn'];
  readonly by_destination: EditionAnalysis['burden']['by_destination'];
  /** Every edition's totals, oldest first, with the change from the edition before. */
  readonly editions: readonly ({ readonly edition: string; readonly change: BurdenCounts | null } & BurdenCounts)[];
}

export type Report = OverlapsReport | UnilateralReport | OutdatedReport | BurdenReport;

const TITLES: Record<ReportName, string> = {
  overlaps: 'Overlapping and subsumed controls',
  unilateral: 'Controls without a multilateral basis',
  outdated: 'Outdated-control signals',
  burden: 'Licence burden',
};

function tally(items: Iterable<string>, label?: (k: string) => string): Tally[] {
  const m = new Map<string, number>();
  for (const k of items) m.set(k, (m.get(k) ?? 0) + 1);
  return [...m.entries()].map(([key, count]) => ({ key, ...(label ? { label: label(key) } : {}), count })).sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
}

const num = (f: Facts, k: string) => f[k] as number;
const list = (f: Facts, k: string) => (f[k] as string[] | undefined) ?? [];

/** The edition asked for (default: the latest); a 404-style error names the editions there are. */
export function editionOf(a: Analysis, edition?: string): EditionAnalysis {
  if (!edition) return a.latest;
  const e = a.edition(edition);
  if (!e) throw new NotFoundError('edition', edition, undefined, `use one of: ${a.editions.map((x) => x.edition).join(', ')}`);
  return e;
}

export function buildReport(a: Analysis, name: string, edition?: string): Report {
  if (!(REPORT_NAMES as readonly string[]).includes(name)) throw new NotFoundError('report', name, undefined, `use one of: ${REPORT_NAMES.join(', ')}`);
  const n = name as ReportName;
  const e = editionOf(a, edition);
  const kinds: Record<ReportName, readonly FindingKind[]> = { overlaps: ['subsumed', 'overlap'], unilateral: ['unilateral'], outdated: ['outdated'], burden: [] };
  const findings = e.findings.filter((f) => kinds[n].includes(f.kind));
  const rules = a.rules.filter((r) => kinds[n].includes(r.kind)).map((r) => ({ rule: r.id, kind: r.kind, severity: r.severity, description: r.description, findings: findings.filter((f) => f.rule === r.id).length }));
  const base = { title: TITLES[n], edition: e.edition, date: e.date, inputs: a.inputs, reproduce: `dualuse report ${n} --edition ${e.edition} --json`, rules, findings };
  const names = new Map(e.burden.by_destination.map((d) => [d.code, d.name]));
  switch (n) {
    case 'overlaps': {
      const cols = e.columns;
      const of = (rule: string) => findings.filter((f) => f.rule === rule);
      return {
        report: n, ...base,
        summary: {
          columns: cols.length,
          columns_subsumed_fully: of('chart-column-subsumed').length,
          columns_subsumed_partly: of('chart-column-partly-subsumed').length,
          columns_duplicated: of('reason-duplicates-another').length,
          columns_never_decisive: of('reason-never-decides').length,
          cells_required: cols.reduce((s, f) => s + num(f, 'required'), 0),
          cells_subsumed: cols.reduce((s, f) => s + num(f, 'subsumed'), 0),
          cells_subsumed_if_military: cols.reduce((s, f) => s + num(f, 'subsumed_if_military'), 0),
          all_destination_entries: of('entry-requires-licence-everywhere').length,
        },
        subsumed_by_destination: tally(cols.flatMap((f) => list(f, 'subsumed_destinations')), (k) => names.get(k) ?? k),
        subsumed_by_reason: tally(cols.flatMap((f) => list(f, 'subsumed_destinations').map(() => f.reason as string))),
        subsumed_by_eccn: tally(cols.flatMap((f) => list(f, 'subsumed_destinations').map(() => f.eccn as string))),
        // Cells per broader requirement: a cell two requirements subsume counts under both.
        subsumed_by_rule: tally(cols.flatMap((f) => list(f, 'subsumed_by_destination').map((x) => x.replace(/^\S+ /, '')))),
      };
    }
    case 'unilateral': {
      const us = e.eccns.filter((f) => f.map_kind === 'us_only_anti_terrorism' || f.map_kind === 'us_only_unilateral');
      const without = e.columns.filter((f) => !f.multilateral && num(f, 'required') > 0);
      const cats = [...new Set(e.eccns.map((f) => f.category as string))].sort();
      const reasons = new Map<string, { reason: string; basis: string; cells: number }>();
      for (const f of e.columns) {
        const k = `${f.reason as string}|${f.basis as string}`;
        const r = reasons.get(k) ?? { reason: f.reason as string, basis: f.basis as string, cells: 0 };
        r.cells += num(f, 'required');
        reasons.set(k, r);
      }
      return {
        report: n, ...base,
        summary: {
          eccns: e.eccns.length, eccns_us_only: us.length, columns_without_basis: without.length, cells_without_basis: without.reduce((s, f) => s + num(f, 'required'), 0),
          pairs_licence: e.burden.total.licence, pairs_unilateral_only: e.burden.total.unilateral_only,
        },
        by_kind: tally(e.eccns.map((f) => f.map_kind as string)),
        by_category: cats.map((c) => ({ category: c, eccns: e.eccns.filter((f) => f.category === c).length, us_only: us.filter((f) => f.category === c).length, pairs_unilateral_only: e.eccns.filter((f) => f.category === c).reduce((s, f) => s + num(f, 'unilateral_only'), 0) })),
        by_reason: [...reasons.values()].filter((r) => r.cells > 0).sort((x, y) => y.cells - x.cells || x.reason.localeCompare(y.reason)),
      };
    }
    case 'outdated':
      return {
        report: n, ...base,
        summary: { eccns_flagged: new Set(findings.map((f) => f.eccn)).size, by_rule: tally(findings.map((f) => f.rule)) },
        benchmarks: a.benchmarks,
      };
    case 'burden': {
      const series = a.editions.map((x, i) => {
        const prev = a.editions[i - 1]?.burden.total;
        const t = x.burden.total;
        const change = prev ? (Object.fromEntries(Object.keys(t).map((k) => [k, t[k as keyof BurdenCounts] - prev[k as keyof BurdenCounts]])) as unknown as BurdenCounts) : null;
        return { edition: x.edition, ...t, change };
      });
      return { report: n, ...base, summary: e.burden.total, by_category: e.burden.by_category, by_reason: e.burden.by_reason, by_eccn: e.burden.by_eccn, by_destination: e.burden.by_destination, editions: series };
    }
  }
}

/** The report as CSV: findings (one line each) for overlaps, unilateral and outdated; per-ECCN counts for burden. */
export function reportCsv(r: Report): string {
  if (r.report === 'burden') return csvLines(['edition', 'eccn', 'category', 'pairs', 'licence', 'subsumed', 'overlapping', 'unilateral_only', 'needs_review'], r.by_eccn.map((x) => [r.edition, x.eccn, x.category, x.pairs, x.licence, x.subsumed, x.overlapping, x.unilateral_only, x.needs_review]));
  return csvLines(['edition', 'id', 'rule', 'kind', 'severity', 'eccn', 'column', 'summary', 'citations'], r.findings.map((f) => [r.edition, f.id, f.rule, f.kind, f.severity, f.eccn, f.column ?? '', f.summary, f.citations.map((c) => c.cfr).join('; ')]));
}
