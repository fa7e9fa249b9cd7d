/**
 * @module format/diff
 * An edition diff as readable text (the CLI's default) and as one CSV table (CLI `--csv`, API `format=csv`).
 * Word-level changes are written as in `git diff --word-diff=plain`: [-deleted-]{+inserted+}.
 */
import type { DecisionChange, EditionDiff, ReasonSummary, WordDiff } from '../engine/diff.ts';

const DECISION: Record<string, string> = { no_license_required: 'no licence required', license_required: 'licence required', prohibited: 'prohibited', needs_review: 'needs review' };
const plain = (w: WordDiff) => w.map((p) => (p.op === '=' ? p.text : p.op === '+' ? `{+${p.text}+}` : `[-${p.text}-]`)).join('');
const value = (v: unknown) => (v === null || v === undefined ? '—' : typeof v === 'string' ? v : JSON.stringify(v));
const reason = (r: ReasonSummary) => `${r.code}${r.conditional ? ' (if the item is in the paragraphs named)' : ''}, ${r.citation}`;
const n = (x: number) => x.toLocaleString('en-US');

export function describeChange(c: DecisionChange): string {
  const decision = c.from.decision === c.to.decision ? `${DECISION[c.to.decision]}, reasons changed` : `${DECISION[c.from.decision]} → ${DECISION[c.to.decision]}`;
  const parts = [`${c.eccn} → ${c.destination_name} (${c.destination}): ${decision}`];
  for (const r of c.reasons_added) parts.push(`+ ${reason(r)}`);
  for (const r of c.reasons_removed) parts.push(`− ${reason(r)}`);
  return parts.join('; ');
}

export function diffText(d: EditionDiff): string {
  const s = d.summary;
  const out: string[] = [];
  out.push(`What changed from ${d.from.input} (edition ${d.from.edition}) to ${d.to.input} (edition ${d.to.edition})`);
  out.push('');
  out.push(`Entries: ${s.entries_added} added, ${s.entries_removed} removed, ${s.entries_amended} amended. Country Chart: ${s.chart_cells_changed} cells and ${s.chart_rows_changed} rows changed. Country Groups: ${s.group_members_changed} memberships changed. Footnotes: ${s.footnotes_changed} changed.`);
  out.push(`Decisions: ${n(d.decisions.pairs)} (ECCN or paragraph, destination) pairs; ${n(d.decisions.evaluated)} answered by the engine under both dates (the others read identical data under both); ${n(s.decisions_changed)} changed${Object.keys(d.decisions.transitions).length ? ` (${Object.entries(d.decisions.transitions).map(([k, v]) => `${k.replace(/[a-z_]+/g, (x) => DECISION[x] ?? x)}: ${v}`).join(', ')})` : ''}.`);
  if (d.entries.added.length) { out.push('', 'Added entries:'); for (const e of d.entries.added) out.push(`  ${e.eccn}  ${e.heading}`); }
  if (d.entries.removed.length) { out.push('', 'Removed entries:'); for (const e of d.entries.removed) out.push(`  ${e.eccn}  ${e.heading}`); }
  if (d.entries.amended.length) {
    out.push('', 'Amended entries:');
    for (const e of d.entries.amended) {
      out.push(`  ${e.eccn}  ${e.heading}`);
      for (const c of e.changes) out.push(`    ${c.field}: ${c.words ? plain(c.words) : `${value(c.from)} → ${value(c.to)}`}`);
    }
  }
  if (d.chart.cells.length || d.chart.rows.length) {
    out.push('', 'Country Chart:');
    for (const c of d.chart.cells) out.push(`  ${c.name} (${c.code}) ${c.column}: ${c.from ? 'X' : 'blank'} → ${c.to ? 'X' : 'blank'}`);
    for (const r of d.chart.rows) out.push(`  ${r.name} (${r.code}) ${r.field}: ${value(r.from)} → ${value(r.to)}`);
  }
  if (d.destinations.added.length || d.destinations.removed.length) out.push('', `Destinations added: ${d.destinations.added.join(', ') || 'none'}; removed: ${d.destinations.removed.join(', ') || 'none'}`);
  if (d.groups.length) { out.push('', 'Country Groups:'); for (const g of d.groups) out.push(`  ${g.group}: ${[...g.added.map((x) => `+${x}`), ...g.removed.map((x) => `−${x}`)].join(' ')}`); }
  if (d.footnotes.length) { out.push('', 'Footnotes:'); for (const f of d.footnotes) out.push(`  ${f.number}: ${f.words ? plain(f.words) : `${value(f.from)} → ${value(f.to)}`}`); }
  if (d.decisions.changed.length) {
    out.push('', 'Decisions that changed, by ECCN:');
    let last = '';
    for (const c of [...d.decisions.changed].sort((p, q) => (p.eccn < q.eccn ? -1 : p.eccn > q.eccn ? 1 : p.destination < q.destination ? -1 : 1))) {
      if (c.eccn !== last) { const k = d.decisions.by_eccn.find((x) => x.eccn === c.eccn)?.changed ?? 0; out.push(`  ${c.eccn} (${k} destination${k === 1 ? '' : 's'})`); last = c.eccn; }
      out.push(`    ${describeChange(c).slice(c.eccn.length + 3)}${c.caveats.length ? ` [caveats ${c.caveats.map((i) => i + 1).join(', ')}]` : ''}`);
    }
    out.push('', 'Decisions that changed, by destination:');
    out.push(`  ${d.decisions.by_destination.map((x) => `${x.name} (${x.code}) ${x.changed}`).join('; ')}`);
  }
  if (d.decisions.caveats.length) { out.push('', 'Caveats:'); d.decisions.caveats.forEach((c, i) => out.push(`  ${i + 1}. ${c}`)); }
  return `${out.join('\n')}\n`;
}

export const DIFF_CSV_COLUMNS = ['kind', 'subject', 'destination', 'field', 'from', 'to', 'detail'] as const;

const cell = (v: unknown) => {
  const t = value(v) === '—' ? '' : value(v);
  return /[",\n\r]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
};

/** Every change as one CSV row: kind, subject, destination, field, from, to, detail. */
export function diffCsv(d: EditionDiff): string {
  const rows: unknown[][] = [[...DIFF_CSV_COLUMNS]];
  for (const e of d.entries.added) rows.push(['eccn_added', e.eccn, '', '', '', '', e.heading]);
  for (const e of d.entries.removed) rows.push(['eccn_removed', e.eccn, '', '', '', '', e.heading]);
  for (const e of d.entries.amended) for (const c of e.changes) rows.push(['eccn_field', e.eccn, '', c.field, c.from, c.to, c.words ? plain(c.words) : '']);
  for (const c of d.chart.cells) rows.push(['chart_cell', c.code, c.code, c.column, c.from ? 'X' : '', c.to ? 'X' : '', c.name]);
  for (const r of d.chart.rows) rows.push(['chart_row', r.code, r.code, r.field, r.from, r.to, r.name]);
  for (const c of d.destinations.added) rows.push(['destination_added', c, c, '', '', '', '']);
  for (const c of d.destinations.removed) rows.push(['destination_removed', c, c, '', '', '', '']);
  for (const g of d.groups) {
    for (const m of g.added) rows.push(['group_member', g.group, m, 'member', '', m, '']);
    for (const m of g.removed) rows.push(['group_member', g.group, m, 'member', m, '', '']);
  }
  for (const f of d.footnotes) rows.push(['footnote', f.number, '', 'text', f.from, f.to, f.words ? plain(f.words) : '']);
  for (const c of d.decisions.changed) {
    rows.push(['decision', c.eccn, c.destination, 'decision', c.from.decision, c.to.decision, [...c.reasons_added.map((r) => `+${reason(r)}`), ...c.reasons_removed.map((r) => `-${reason(r)}`)].join(' | ')]);
  }
  return `${rows.map((r) => r.map(cell).join(',')).join('\n')}\n`;
}
