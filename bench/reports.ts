/**
 * The analysis behind the reports (issue 9 target: all reports of one edition in ≤ 30 s on this machine), in a fresh
 * process: three runs of one edition (the latest), each with a new engine (no answers memoised), then all editions
 * once; and a full check of the destination classes of analysis/pairs.ts: every (ECCN, destination) pair of the
 * latest edition asked directly and compared with the class answer (decision and reasons).
 * Usage: node bin/run-ts.js bench/reports.ts [--no-check]
 */
import { openEngine } from '../src/engine/index.ts';
import { analyse } from '../src/analysis/index.ts';
import { answerPairs } from '../src/analysis/pairs.ts';
import { buildReport, REPORT_NAMES } from '../src/analysis/reports.ts';
import { median, writeResult } from './lib.ts';

const root = process.cwd();
const t0 = performance.now();
const first = openEngine(root);
const loadMs = performance.now() - t0;
const latest = first.kb.latest().edition.id;
const runs: { seconds: number; findings: number; asked: number }[] = [];
for (let i = 0; i < 3; i++) {
  const d = i === 0 ? first : openEngine(root);
  const t = performance.now();
  const a = await analyse(d, root, { editions: [latest] });
  for (const n of REPORT_NAMES) buildReport(a, n);
  runs.push({ seconds: Number(((performance.now() - t) / 1000).toFixed(2)), findings: a.latest.findings.length, asked: a.latest.asked });
}
const tAll = performance.now();
const all = await analyse(openEngine(root), root);
for (const e of all.editions) for (const n of REPORT_NAMES) buildReport(all, n, e.edition);
const allSeconds = Number(((performance.now() - tAll) / 1000).toFixed(2));

let check: Record<string, unknown> = { skipped: true };
if (!process.argv.includes('--no-check')) {
  const d = openEngine(root);
  const date = d.kb.latest().edition.date;
  const pairs = await answerPairs(d, date);
  const key = (rs: readonly { code: string; basis: string; decision: string; citation: string; conditional?: boolean }[]) => rs.map((r) => `${r.code}|${r.basis}|${r.decision}|${r.citation}|${Boolean(r.conditional)}`).sort().join(';');
  let n = 0;
  let mismatches = 0;
  const t = performance.now();
  for (const e of pairs.snapshot.eccns()) for (const x of pairs.destinations) {
    const r = await d.determine({ items: [{ eccn: e.eccn }], destination: x.code, date });
    const a = pairs.answer(e.eccn, x.code);
    n++;
    if (r.decision !== a.decision || key(r.reasons) !== key(a.reasons)) mismatches++;
  }
  check = { edition: latest, pairs: n, asked_by_class: pairs.asked, mismatches, direct_seconds: Number(((performance.now() - t) / 1000).toFixed(1)) };
}

const med = median(runs.map((r) => r.seconds));
writeResult('reports', {
  target: 'all reports of one edition ≤ 30 s',
  knowledge_base_load_ms: Math.round(loadMs),
  one_edition: { edition: latest, runs, median_seconds: med },
  all_editions: { editions: all.editions.map((e) => ({ edition: e.edition, findings: e.findings.length, asked: e.asked })), seconds: allSeconds },
  class_check: check,
  meets_target: med <= 30,
});
