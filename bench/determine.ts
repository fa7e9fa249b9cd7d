/**
 * Single-item determinations in-process (chart, entry text, embargo and end-use controls, licence exceptions; no
 * name screening), on the real knowledge base and rules. Target (issue 3): at least 50,000 per second on one core,
 * with the ratio to a hand-written table lookup of the same chart decision reported from the same run.
 *
 * The workload is an order book: requests drawn (deterministic PRNG) from a catalogue of distinct transactions —
 * real ECCNs (and EAR99), destinations, values and, for one in five, an end use — as an exporter's system repeats
 * its products and customers. Measured: (1) `determine` as served (compiled rules + memo), after one warm-up pass;
 * (2) compiled rules without memo; (3) json-rules-engine itself without memo (the reference semantics);
 * (4) a hand-written Map lookup of the Country Chart decision only. Each figure is the median of 5 timed passes.
 * Usage: node bin/run-ts.js bench/determine.ts [requests] [catalogue]
 */
import { openEngine } from '../src/engine/index.ts';
import { median, writeResult } from './lib.ts';
import type { DeterminationRequestT } from '../src/engine/request.ts';

const N = Number(process.argv[2] ?? 200_000);
const CATALOGUE = Number(process.argv[3] ?? 20_000);
const d = openEngine(process.cwd(), { cacheSize: 1_000_000 });
const s = d.kb.latest();
let seed = 7;
const rnd = () => { seed = (seed + 0x6d2b79f5) | 0; let t = Math.imul(seed ^ (seed >>> 15), 1 | seed); t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t; return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)] as T;
const eccns = [...s.eccns().map((e) => e.eccn), 'EAR99', 'EAR99'];
const dests = s.destinations().map((x) => x.code);
const values = [250, 1000, 1500, 2500, 5000, 12_000, 75_000];
const uses = ['military', 'nuclear', 'missile'] as const;
const catalogue: DeterminationRequestT[] = Array.from({ length: CATALOGUE }, () => ({
  destination: pick(dests),
  date: '2026-08-07',
  items: [{ eccn: pick(eccns), value_usd: pick(values) }],
  ...(rnd() < 0.2 ? { end_uses: [pick(uses)] } : {}),
}));
const requests = Array.from({ length: N }, () => pick(catalogue));

async function timePasses(label: string, n: number, fn: (r: DeterminationRequestT) => Promise<unknown> | unknown, passes = 5) {
  const rates: number[] = [];
  for (let p = 0; p < passes; p++) {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) await fn(requests[i % requests.length] as DeterminationRequestT);
    rates.push(n / ((performance.now() - t0) / 1000));
  }
  const r = Math.round(median(rates));
  console.error(`${label}: ${r}/s`);
  return r;
}

// (4) Hand-written chart lookup: Map<ECCN, columns of rows applying to the whole entry> × destination marks.
const chartCols = new Map(s.eccns().map((e) => [e.eccn, e.license_requirements.filter((r) => r.column).map((r) => r.column as string)]));
const marks = new Map(s.destinations().map((x) => [x.code, new Set<string>(x.chart.marks)]));
const handLookup = (r: DeterminationRequestT) => {
  const cols = chartCols.get(r.items[0]?.eccn.slice(0, 5) ?? '') ?? [];
  const m = marks.get(r.destination);
  return cols.filter((c) => m?.has(c));
};

for (const r of requests.slice(0, CATALOGUE * 3)) await d.determine(r); // warm-up: fills the memo, compiles engines
const served = await timePasses('determine (compiled + memo, warm)', N, (r) => d.determine(r));
const hand = await timePasses('hand-written chart lookup', N * 10, handLookup);
const noMemo = createNoMemo();
const compiled = await timePasses('compiled rules, no memo', 20_000, (r) => noMemo.determine(r), 3);
const jre = await timePasses('json-rules-engine, no memo', 5_000, (r) => d.evaluateUncached(r), 3);

function createNoMemo() { return openEngine(process.cwd(), { cache: false }); }

writeResult('determine', {
  what: 'single-item determinations in-process (no name screening), real KB and rules, edition 2026-08-07',
  target_per_second: 50_000,
  requests: N,
  distinct_transactions: CATALOGUE,
  served_compiled_with_memo_per_second: served,
  compiled_without_memo_per_second: compiled,
  json_rules_engine_without_memo_per_second: jre,
  hand_written_chart_lookup_per_second: hand,
  ratio_hand_lookup_to_served: Number((hand / served).toFixed(1)),
  ratio_hand_lookup_to_json_rules_engine: Math.round(hand / jre),
  memo: d.cacheStats(),
  meets_target: served >= 50_000,
  note: 'The hand-written lookup decides the Country Chart only; the determination also evaluates entry-text rows, Part 744/746 controls, licence exceptions, the conclusion rule, and builds the explained answer with its trace.',
});
