/**
 * @module cli/report
 * `dualuse report <name>` as text: the report's counts, its rules with their findings, and the first rows of its
 * tables. `--json` prints the report object of analysis/reports.ts, `--csv` its CSV.
 */
import type { Report, Tally } from '../analysis/reports.ts';

const top = (t: readonly Tally[], n = 10) => t.slice(0, n).map((x) => `${x.label ? `${x.label} (${x.key})` : x.key} ${x.count}`).join(', ');

export function formatReport(r: Report): string {
  const out: string[] = [`${r.title} — edition ${r.edition} (${r.date})`];
  switch (r.report) {
    case 'overlaps': {
      const s = r.summary;
      out.push(`Country Chart requirements (ECCN × column): ${s.columns}; (ECCN, destination) cells they mark: ${s.cells_required}.`);
      out.push(`Subsumed by a requirement outside the chart: ${s.cells_subsumed} cells; ${s.columns_subsumed_fully} columns wholly, ${s.columns_subsumed_partly} in part; for military end uses (§ 744.21) another ${s.cells_subsumed_if_military} cells.`);
      out.push(`Overlapping reasons: ${s.columns_duplicated} columns whose destinations another column of the entry also marks; ${s.columns_never_decisive} that never change a decision. Entries requiring a licence to all destinations: ${s.all_destination_entries}.`);
      out.push(`Subsumed cells by destination: ${top(r.subsumed_by_destination)}`);
      out.push(`by reason: ${top(r.subsumed_by_reason)}; by broader requirement: ${top(r.subsumed_by_rule)}`);
      out.push(`by ECCN: ${top(r.subsumed_by_eccn)}`);
      break;
    }
    case 'unilateral': {
      const s = r.summary;
      out.push(`ECCNs: ${s.eccns}, of which US-only in the cross-regime map: ${s.eccns_us_only}. Chart requirements without a multilateral basis: ${s.columns_without_basis} (${s.cells_without_basis} cells).`);
      out.push(`(ECCN, destination) pairs needing a licence: ${s.pairs_licence}; only because of requirements without a multilateral basis: ${s.pairs_unilateral_only}.`);
      out.push(`By map kind: ${top(r.by_kind)}`);
      out.push(`By reason: ${r.by_reason.map((x) => `${x.reason} (${x.basis}) ${x.cells}`).join(', ')}`);
      break;
    }
    case 'outdated':
      out.push(`ECCNs with a signal: ${r.summary.eccns_flagged}. By rule: ${top(r.summary.by_rule, 20)}`);
      if (r.benchmarks.length) out.push(`Benchmarks: ${r.benchmarks.map((b) => `${b.paragraph} ${b.threshold}: ${b.product} ${b.figure}${b.exceeds ? ' (inside the controlled range)' : ''}`).join('; ')}`);
      break;
    case 'burden': {
      const s = r.summary;
      out.push(`(ECCN, destination) pairs: ${s.pairs}; licence required or prohibited: ${s.licence}; needs review: ${s.needs_review}.`);
      out.push(`Of the licence pairs: ${s.subsumed} subsumed (a chart requirement another requirement duplicates), ${s.overlapping} overlapping (two or more chart columns), ${s.unilateral_only} unilateral-only.`);
      out.push(`By edition: ${r.editions.map((e) => `${e.edition} ${e.licence}${e.change ? ` (${e.change.licence >= 0 ? '+' : ''}${e.change.licence})` : ''}`).join(', ')}`);
      out.push(`By category: ${r.by_category.map((c) => `${c.category} ${c.licence}`).join(', ')}`);
      break;
    }
  }
  if (r.rules.length) {
    out.push('', 'Rules (rules/analysis/):');
    for (const x of r.rules) out.push(`  ${x.rule} [${x.kind}, ${x.severity}]: ${x.findings} findings`);
  }
  if (r.findings.length) {
    out.push('', `Findings (${r.findings.length}; first 20):`);
    for (const f of r.findings.slice(0, 20)) out.push(`  ${f.summary}`);
  }
  out.push('', `Reproduce: ${r.reproduce}`);
  return `${out.join('\n')}\n`;
}
