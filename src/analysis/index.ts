/**
 * @module analysis
 * The overlap, unilateral, outdated and burden analysis of every edition (issue 9): the engine's answers for every
 * (ECCN, destination) pair (analysis/pairs.ts), the facts about chart columns and entries (analysis/facts.ts), the
 * analysis rules of rules/analysis/ evaluated over them (analysis/evaluate.ts), and the burden counts. Reproducible:
 * the result names the hashes of everything it was computed from, and the same inputs give the same output.
 *
 * @example
 * const a = await analyse(determiner, root);
 * a.editions.at(-1)?.findings.filter((f) => f.kind === 'subsumed').length;
 */
import { createDeterminer, type Determiner } from '../engine/determine.ts';
import { optionalWassenaarMap } from '../kb/wassenaar-map.ts';
import { loadAnalysisRules, type AnalysisRuleSet } from '../load/analysis-rules.ts';
import { loadBenchmarks } from '../load/benchmarks.ts';
import { readBenchmark, type Benchmark } from './benchmarks.ts';
import { evaluateRules, type AnalysisFinding } from './evaluate.ts';
import { editionFacts, type Facts } from './facts.ts';
import { answerPairs, type EditionPairs, type PairAnswer, type PairMemo } from './pairs.ts';
import { burdenOf, type Burden } from './burden.ts';

export interface Inputs {
  readonly kb_sha256: string;
  readonly rules_sha256: string;
  readonly analysis_rules_sha256: string;
  readonly benchmarks_sha256: string;
  readonly wassenaar_map_sha256: string | null;
}

export interface EditionAnalysis {
  readonly edition: string;
  readonly date: string;
  readonly findings: readonly AnalysisFinding[];
  readonly columns: readonly Facts[];
  readonly eccns: readonly Facts[];
  readonly burden: Burden;
  /** Determinations asked for this edition (the rest reused; see analysis/pairs.ts). */
  readonly asked: number;
  /** Pairs whose decision, or only whose reasons, differ from the edition before (null for the first). */
  readonly changed: { readonly decisions: number; readonly reasons: number } | null;
}

export interface Analysis {
  readonly inputs: Inputs;
  readonly rules: AnalysisRuleSet['rules'];
  readonly benchmarks: readonly Benchmark[];
  readonly editions: readonly EditionAnalysis[];
  edition(id: string): EditionAnalysis | undefined;
  readonly latest: EditionAnalysis;
}

/** Reasons compared as a multiset (their order is not part of the answer's meaning). */
const reasonsKey = (a: PairAnswer) => a.reasons.map((r) => `${r.code}|${r.basis}|${r.decision}|${r.citation}|${r.conditional}`).sort().join(';');

/** Pairs (of entries and destinations in both editions) whose decision, or only whose reasons, changed. */
function changesBetween(a: EditionPairs, b: EditionPairs): { decisions: number; reasons: number } {
  let decisions = 0;
  let reasons = 0;
  const inA = new Set(a.destinations.map((x) => x.code));
  for (const e of b.snapshot.eccns()) {
    if (!a.snapshot.eccn(e.eccn)) continue;
    for (const x of b.destinations) {
      if (!inA.has(x.code)) continue;
      const p = a.answer(e.eccn, x.code);
      const q = b.answer(e.eccn, x.code);
      if (p === q) continue; // the same memoised answer
      if (p.decision !== q.decision) decisions++;
      else if (reasonsKey(p) !== reasonsKey(q)) reasons++;
    }
  }
  return { decisions, reasons };
}

const cache = new WeakMap<Determiner, Promise<Analysis>>();

/**
 * Analyses every edition of the determiner's knowledge base (once per determiner: the result is immutable), or only
 * the editions named (not cached; the benchmark times one edition this way).
 */
export function analyse(d: Determiner, root: string, opts: { editions?: readonly string[] } = {}): Promise<Analysis> {
  if (opts.editions) return run(d, root, opts.editions);
  let p = cache.get(d);
  if (!p) {
    p = run(d, root);
    cache.set(d, p);
    p.catch(() => cache.delete(d));
  }
  return p;
}

async function run(d: Determiner, root: string, only?: readonly string[]): Promise<Analysis> {
  const rules = loadAnalysisRules(root);
  const bench = loadBenchmarks(root);
  const benchmarks = bench.rows.map(readBenchmark);
  const map = optionalWassenaarMap(d.kb);
  const memo: PairMemo = new Map();
  // The pairs are asked of a determiner of their own, over the same knowledge base and rules, without the item memo:
  // 40,000 distinct answers would only evict the serving determiner's useful entries, and memoised answers are
  // deep-frozen, which cost a third of the time here. The answers are the same (the memo never changes one).
  const engine = createDeterminer(d.kb, d.rules, { cache: false });
  const first = d.kb.editions[0]?.id as string;
  const editions: EditionAnalysis[] = [];
  let previous: EditionPairs | undefined;
  for (const ed of d.kb.editions.filter((e) => !only || only.includes(e.id))) {
    const pairs: EditionPairs = await answerPairs(engine, ed.date, memo);
    const changed = previous ? changesBetween(previous, pairs) : null;
    previous = pairs;
    const facts = editionFacts(d.kb, pairs, map, benchmarks, first);
    const findings = await evaluateRules(rules, facts);
    editions.push({ edition: ed.id, date: ed.date, findings, columns: facts.columns, eccns: facts.eccns, burden: burdenOf(pairs, facts, findings), asked: pairs.asked, changed });
  }
  if (!editions.length) throw new Error(`no edition to analyse (asked: ${only?.join(', ')})`);
  const byId = new Map(editions.map((e) => [e.edition, e]));
  return Object.freeze({
    inputs: { kb_sha256: d.kb.hash, rules_sha256: d.rules.hash, analysis_rules_sha256: rules.hash, benchmarks_sha256: bench.hash, wassenaar_map_sha256: map?.hash ?? null },
    rules: rules.rules, benchmarks, editions,
    edition: (id: string) => byId.get(id),
    latest: editions[editions.length - 1] as EditionAnalysis,
  });
}
