/**
 * @module cli/wassenaar
 * Text output of `dualuse wassenaar`: an ECCN's correlation, a Wassenaar code's entry or paragraph, and the counts
 * per category. The JSON output is the same objects as the API's.
 */
import type { Correlation, WassenaarCodeView, WassenaarOverview } from '../engine/wassenaar.ts';
import type { Finding } from '../engine/wassenaar-divergence.ts';

const pages = (p: readonly number[]) => (p.length > 1 ? `PDF pages ${p[0]}–${p[p.length - 1]}` : `PDF page ${p[0]}`);
const clip = (s: string, n = 160) => (s.length > n ? `${s.slice(0, n - 1).trimEnd()}…` : s);

const FINDING_LABEL: Record<Finding['type'], string> = {
  us_only_paragraph: 'CCL paragraph with no Wassenaar paragraph of its number',
  wassenaar_only_paragraph: 'Wassenaar paragraph with no CCL paragraph of its number',
  not_used_in_wassenaar: 'CCL paragraph the list marks "Not used"',
  reserved_in_ear: 'CCL paragraph [Reserved] where the list has one',
  text_differs: 'paragraphs whose words differ',
  parameter: 'parameter values that differ',
};

function finding(f: Finding): string {
  const where = [f.eccn_paragraph, f.wassenaar_paragraph].filter(Boolean).join(' ↔ ');
  const values = f.type === 'parameter' ? `: ${(f.ear ?? []).join(', ') || '—'} (EAR) / ${(f.wassenaar ?? []).join(', ') || '—'} (Wassenaar)` : '';
  return `    ${f.assessment.padEnd(14)} ${where}${values}${f.type === 'parameter' ? '' : ` — ${clip(f.note, 140)}`}`;
}

export function formatCorrelation(c: Correlation): string {
  const out: string[] = [];
  const cp = c.counterparts.map((x) => x.code).join(', ');
  out.push(`${c.eccn} ${cp ? `↔ ${cp}` : '— no Wassenaar counterpart'} (${c.kind}); Wassenaar ${c.wassenaar_edition.id} (${c.wassenaar_edition.document})`);
  for (const x of c.counterparts) out.push(`  ${x.code}: ${clip(x.heading)} (${pages(x.pages)})`, `    ${x.url}`);
  if (c.tracks) out.push(`  for the items of ${c.tracks.code}: ${clip(c.tracks.heading)} (${c.tracks.url})`);
  if (c.proposed) out.push(`  the numbering proposes ${c.proposed}, which the ${c.wassenaar_edition.id} list does not hold`);
  out.push(`  rule ${c.rule.id}: ${c.rule.text}`);
  for (const q of c.rule.citations) out.push(`    ${q.cfr}: "${clip(q.quote, 200)}"`);
  if (c.regimes.length) out.push(`  regimes named by its reasons for control: ${c.regimes.map((g) => `${g.name} (${g.id}, ${g.reason})`).join('; ')}`);
  if (c.heading_overlap !== undefined) out.push(`  heading overlap with the counterpart: ${c.heading_overlap}`);
  const d = c.divergence;
  if (!d.compared) out.push(`  divergence: not compared — ${d.not_compared}`);
  else {
    const p = c.paragraphs;
    out.push(`  paragraphs: ${p?.paired ?? 0} paired; CCL only: ${p?.us_only.join(', ') || 'none'}; Wassenaar only: ${p?.wassenaar_only.join(', ') || 'none'}`);
    out.push(`  divergence (CCL items text of ${d.ear_text?.as_of}, ${d.ear_text?.source}; read against the 2025 list): ${d.findings.length ? `${d.findings.length} finding(s): ${d.counts.stricter} stricter and ${d.counts.looser} looser (read mechanically), ${d.counts.differs} differing values to review` : 'none'}`);
    for (const type of Object.keys(FINDING_LABEL) as Finding['type'][]) {
      const fs = d.findings.filter((f) => f.type === type);
      if (!fs.length) continue;
      out.push(`   ${FINDING_LABEL[type]} (${fs.length}):`);
      for (const f of fs) out.push(finding(f));
    }
  }
  for (const r of c.review) out.push(`  review (${r.field}): ${r.note}`);
  out.push(`  data: ${c.file}`);
  return `${out.join('\n')}\n`;
}

export function formatCode(v: WassenaarCodeView): string {
  const out: string[] = [];
  out.push(`${v.code} (${v.type} of the ${v.list === 'dual-use' ? 'Dual-Use List' : 'Munitions List'}${v.category ? `, Category ${v.category}` : ''}); Wassenaar ${v.wassenaar_edition.id} (${v.wassenaar_edition.document})`);
  if (v.type === 'paragraph') out.push(`  in ${v.entry}: ${clip(v.heading)}`, `  ${clip(v.text, 400)}`);
  else out.push(`  ${clip(v.heading, 400)}${v.paragraphs?.length ? ` (${v.paragraphs.length} paragraphs)` : ''}`);
  out.push(`  ${pages(v.pages)} (printed ${v.printed_pages.filter(Boolean).join(', ') || '—'})${v.lists.length ? `; on ${v.lists.join(' and ')}` : ''}`, `  ${v.url}`);
  if (v.eccns.length) out.push(`  ECCNs linked to ${v.entry}: ${v.eccns.map((e) => `${e.eccn} (${e.kind}${e.role === 'tracks' ? ', its software or technology' : ''})`).join(', ')}`);
  else out.push(`  no ECCN is linked to ${v.entry}${v.not_in_use ? ' (the entry controls nothing: "Not used" or "- None")' : ' (Wassenaar-only)'}`);
  if (v.eccn_paragraphs) out.push(`  CCL paragraphs paired with it: ${v.eccn_paragraphs.join(', ') || 'none'}`);
  return `${out.join('\n')}\n`;
}

export function formatSummary(o: WassenaarOverview): string {
  const cols = ['category', 'ECCNs', 'correlated', 'other regime', 'plurilateral', 'US-only', 'other agency', 'WA entries', 'WA-only'];
  const row = (r: WassenaarOverview['summary']['total']) => [r.category, r.eccns, r.correlated, r.other_regime, r.plurilateral, r.us_only, r.other_authority, r.wassenaar_entries, r.wassenaar_only].map(String);
  const rows = [...o.summary.rows.map(row), row(o.summary.total)];
  const width = cols.map((c, i) => Math.max(c.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(width[i] as number) : c.padStart(width[i] as number))).join('  ');
  const d = o.divergence;
  const t = o.summary.total;
  return [
    `Cross-regime map: the CCL (every edition) and the Wassenaar Arrangement list ${o.wassenaar_edition.id} (${o.wassenaar_edition.document})`,
    'ECCNs by CCL category (the 600 series under ML); Wassenaar entries in use by category, and those no ECCN links to.',
    '',
    line(cols),
    ...rows.slice(0, -1).map(line),
    line(rows[rows.length - 1] as string[]),
    '',
    `US-only: ${t.by_kind.us_only_anti_terrorism} anti-terrorism (last three digits 990–999) and ${t.by_kind.us_only_unilateral} other unilateral; other agency: ITAR, NRC or DOE pointers with no Wassenaar counterpart.`,
    `Paragraphs of correlated ECCNs with items text: ${t.paragraphs.paired} paired, ${t.paragraphs.us_only} CCL-only, ${t.paragraphs.wassenaar_only} Wassenaar-only.`,
    `Divergence of the ${d.correlated} correlated ECCNs (${d.compared} compared paragraph by paragraph): ${d.counts.parameter} parameter values (${d.counts.stricter} stricter and ${d.counts.looser} looser in the EAR, read mechanically; ${d.counts.differs} to review), ${d.counts.not_used_in_wassenaar} CCL paragraphs the list marks "Not used", ${d.counts.reserved_in_ear} [Reserved] in the CCL, ${d.counts.text_differs} with different words, ${d.counts.us_only_paragraph} CCL-only and ${d.counts.wassenaar_only_paragraph} Wassenaar-only paragraphs.`,
    `Wassenaar-only entries: ${o.wassenaar_only.map((w) => w.code).join(', ') || 'none'}; not in use (no ECCN, nothing controlled): ${o.not_in_use.length}.`,
    '',
  ].join('\n');
}
