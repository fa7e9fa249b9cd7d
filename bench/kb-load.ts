/**
 * Cold load of the full knowledge base (all editions): each sample is a fresh Node process that imports the loader
 * and loads regulations/ (strict YAML, schemas, cross-references, frozen KB). Target (issue 2): at most 1.5 s.
 * Usage: node bin/run-ts.js bench/kb-load.ts [samples]
 */
import { execFileSync } from 'node:child_process';
import { median, writeResult } from './lib.ts';

const samples = Number(process.argv[2] ?? 7);
const child = `
  const t0 = performance.now();
  const { loadKnowledgeBase } = await import('./src/load/index.ts');
  const t1 = performance.now();
  const kb = loadKnowledgeBase(process.cwd());
  const t2 = performance.now();
  console.log(JSON.stringify({ import_ms: t1 - t0, load_ms: t2 - t1, files: kb.records.eccns.length }));
`;
const runs: { import_ms: number; load_ms: number }[] = [];
for (let i = 0; i < samples; i++) {
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', child], { encoding: 'utf8' });
  runs.push(JSON.parse(out.trim().split('\n').pop() as string));
}
const load = runs.map((r) => r.load_ms);
writeResult('kb-load', {
  what: 'loadKnowledgeBase() in a fresh process: read, strict-parse, validate and cross-check every file of regulations/ and build the frozen KB (3 editions)',
  target_ms: 1500,
  samples,
  load_ms_median: Math.round(median(load)),
  load_ms_min: Math.round(Math.min(...load)),
  load_ms_max: Math.round(Math.max(...load)),
  module_import_ms_median: Math.round(median(runs.map((r) => r.import_ms))),
  meets_target: median(load) <= 1500,
});
