/**
 * The decision-level diff between two editions, in a fresh process (issue 5 target: a full diff in at most 10 s on
 * this machine). Measures 2026-01-01 → 2026-08-07 cold (first diff of the process: rules compiled, memo empty), its
 * reverse (warm), and the worst case where every (ECCN or paragraph, destination) pair is answered under both
 * dates (what happens when the chart, the groups, a Part 744/746 control or the rules change between the dates).
 * Usage: node bin/run-ts.js bench/diff.ts
 */
import { openEngine } from '../src/engine/index.ts';
import { diffEditions } from '../src/engine/diff.ts';
import { writeResult } from './lib.ts';

const t0 = performance.now();
const d = openEngine(process.cwd());
const loadMs = performance.now() - t0;
const changes: Record<string, string> = {};
const timed = async (from: string, to: string, evaluateAll = false) => {
  const t = performance.now();
  const r = await diffEditions({ d, date: from }, { d, date: to }, { evaluateAll });
  changes[`${from}|${to}|${evaluateAll}`] = JSON.stringify(r.decisions.changed);
  return { from, to, evaluate_all: evaluateAll, seconds: Number(((performance.now() - t) / 1000).toFixed(2)), pairs: r.decisions.pairs, evaluated: r.decisions.evaluated, changed: r.decisions.changed.length, amended: r.entries.amended.length };
};
const cold = await timed('2026-01-01', '2026-08-07');
const reverse = await timed('2026-08-07', '2026-01-01');
const all = await timed('2026-01-01', '2026-08-07', true);
writeResult('diff', {
  what: 'diffEditions in one process after loading the knowledge base (load time reported apart): entries, chart, groups, footnotes, and every (ECCN or paragraph named by a row, destination) decision',
  target_seconds: 10,
  load_seconds: Number((loadMs / 1000).toFixed(2)),
  runs: [cold, reverse, all],
  evaluate_all_gives_the_same_changes: changes['2026-01-01|2026-08-07|true'] === changes['2026-01-01|2026-08-07|false'],
  meets_target: cold.seconds <= 10 && reverse.seconds <= 10,
  note: 'Pairs whose inputs are identical on both dates are not answered twice (see src/engine/diff.ts); the evaluate_all run answers all of them, as a diff must when data every pair reads (chart, groups, controls, rules) changed between the dates.',
});
