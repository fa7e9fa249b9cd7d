/**
 * @module analysis/burden
 * How many (ECCN, destination) pairs need a licence in an edition, and how many of those are subsumed (a chart
 * requirement that an unconditional requirement outside the chart duplicates), overlapping (two or more chart
 * columns require it), or unilateral-only (every requirement is a chart reason without a multilateral basis):
 * overall, per CCL category, per chart reason, per ECCN and per destination. Counted from the engine's answers.
 */
import type { Facts, EditionFacts } from './facts.ts';
import type { AnalysisFinding } from './evaluate.ts';
import type { EditionPairs, PairReason } from './pairs.ts';

export interface BurdenCounts { pairs: number; licence: number; subsumed: number; overlapping: number; unilateral_only: number; needs_review: number }
export interface Burden {
  readonly total: BurdenCounts;
  readonly by_category: readonly ({ category: string } & BurdenCounts)[];
  /** Per chart reason: destinations × entries where a column of that reason requires a licence, and where it is subsumed. */
  readonly by_reason: readonly { reason: string; required: number; subsumed: number; decisive: number; multilateral: number }[];
  readonly by_eccn: readonly ({ eccn: string; category: string } & BurdenCounts)[];
  readonly by_destination: readonly ({ code: string; name: string } & BurdenCounts)[];
}

const zero = (): BurdenCounts => ({ pairs: 0, licence: 0, subsumed: 0, overlapping: 0, unilateral_only: 0, needs_review: 0 });
const requires = (r: PairReason) => r.decision === 'license_required' || r.decision === 'prohibited';

export function burdenOf(pairs: EditionPairs, facts: EditionFacts, _findings: readonly AnalysisFinding[]): Burden {
  const total = zero();
  const byCat = new Map<string, BurdenCounts>();
  const byDest = new Map(pairs.destinations.map((x) => [x.code, zero()]));
  const byEccn: ({ eccn: string; category: string } & BurdenCounts)[] = [];
  const eccnFacts = new Map(facts.eccns.map((f) => [f.eccn as string, f]));
  for (const e of pairs.snapshot.eccns()) {
    const row = { eccn: e.eccn, category: e.category, ...zero() };
    const unilateral = new Set((eccnFacts.get(e.eccn)?.unilateral_only_destinations as string[] | undefined) ?? []);
    const cat = byCat.get(e.category) ?? zero();
    byCat.set(e.category, cat);
    for (const x of pairs.destinations) {
      const a = pairs.answer(e.eccn, x.code);
      const c = zero();
      c.pairs = 1;
      if (a.decision === 'needs_review') c.needs_review = 1;
      if (a.decision === 'license_required' || a.decision === 'prohibited') {
        c.licence = 1;
        const chart = new Set(a.reasons.filter((r) => r.basis === 'country_chart' && requires(r)).map((r) => r.code));
        if (chart.size > 0 && a.reasons.some((r) => requires(r) && !r.conditional && r.basis !== 'country_chart')) c.subsumed = 1;
        if (chart.size > 1) c.overlapping = 1;
        if (unilateral.has(x.code)) c.unilateral_only = 1;
      }
      for (const t of [total, cat, row, byDest.get(x.code) as BurdenCounts]) for (const k of Object.keys(c) as (keyof BurdenCounts)[]) t[k] += c[k];
    }
    byEccn.push(row);
  }
  const reasons = new Map<string, { reason: string; required: number; subsumed: number; decisive: number; multilateral: number }>();
  for (const f of facts.columns as Facts[]) {
    const r = reasons.get(f.reason as string) ?? { reason: f.reason as string, required: 0, subsumed: 0, decisive: 0, multilateral: 0 };
    r.required += f.required as number;
    r.subsumed += f.subsumed as number;
    r.decisive += f.decisive as number;
    if (f.multilateral) r.multilateral += f.required as number;
    reasons.set(r.reason, r);
  }
  return {
    total,
    by_category: [...byCat.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([category, c]) => ({ category, ...c })),
    by_reason: [...reasons.values()].sort((a, b) => b.required - a.required || a.reason.localeCompare(b.reason)),
    by_eccn: byEccn,
    by_destination: pairs.destinations.map((x) => ({ code: x.code, name: x.chart_name, ...(byDest.get(x.code) as BurdenCounts) })),
  };
}
