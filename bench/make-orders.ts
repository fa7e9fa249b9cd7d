/**
 * Writes a synthetic order book for the batch benchmark: N JSONL lines drawn from a catalogue of real ECCNs,
 * destinations and values (deterministic PRNG), each with its own ref. Usage: make-orders.ts OUT N [CATALOGUE]
 */
import { createWriteStream } from 'node:fs';
import { loadKnowledgeBase } from '../src/load/index.ts';

const [out = 'tmp/orders.jsonl', nArg = '1000000', catArg = '5000'] = process.argv.slice(2);
const N = Number(nArg);
const kb = loadKnowledgeBase(process.cwd());
const s = kb.latest();
let seed = 42;
const rnd = () => { seed = (seed + 0x6d2b79f5) | 0; let t = Math.imul(seed ^ (seed >>> 15), 1 | seed); t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t; return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)] as T;
const eccns = [...s.eccns().map((e) => e.eccn), 'EAR99', 'EAR99', 'EAR99'];
const dests = s.destinations().map((d) => d.code);
const values = [250, 1000, 1500, 2500, 5000, 12000, 75000];
const catalogue = Array.from({ length: Number(catArg) }, () => ({ destination: pick(dests), items: [{ eccn: pick(eccns), value_usd: pick(values) }], date: '2026-08-07' }));
const w = createWriteStream(out);
for (let i = 0; i < N; i++) {
  const ok = w.write(`${JSON.stringify({ ref: `PO-${i}`, ...pick(catalogue) })}\n`);
  if (!ok) await new Promise<void>((r) => w.once('drain', () => r()));
}
await new Promise<void>((r) => w.end(() => r()));
console.log(`wrote ${N} lines from a catalogue of ${catArg} distinct transactions to ${out}`);
