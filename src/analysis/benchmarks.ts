/**
 * @module analysis/benchmarks
 * A sourced benchmark row read against its threshold: whether the product's published figure falls inside what the
 * CCL paragraph controls. Only figures in the threshold's own unit are compared; anything else is left unread.
 */
import type { BenchmarkRecord } from '../load/benchmarks.ts';

export interface Benchmark {
  readonly id: string;
  readonly eccn: string;
  readonly paragraph: string;
  readonly product: string;
  readonly parameter: string;
  readonly threshold: string;
  readonly figure: string;
  /** True when the product's figure is inside the controlled range; null when the units differ. */
  readonly exceeds: boolean | null;
  readonly source: { readonly url: string; readonly title: string; readonly quote: string };
  readonly derived: boolean;
}

const CMP = { at_least: '≥', exceeding: '>', less_than: '<', at_most: '≤' } as const;

export function readBenchmark(b: BenchmarkRecord): Benchmark {
  const t = b.threshold;
  const sameUnit = t.unit === b.figure.unit;
  const v = b.figure.value;
  const exceeds = !sameUnit ? null
    : t.comparison === 'at_least' ? v >= t.value
      : t.comparison === 'exceeding' ? v > t.value
        : t.comparison === 'less_than' ? v < t.value
          : v <= t.value;
  return {
    id: b.id, eccn: b.eccn_paragraph.slice(0, 5), paragraph: b.eccn_paragraph, product: b.product, parameter: b.parameter,
    threshold: `${CMP[t.comparison]} ${t.value} ${t.unit}`, figure: `${v} ${b.figure.unit}`, exceeds,
    source: { url: b.source.url, title: b.source.title, quote: b.source.quote }, derived: b.derived,
  };
}
