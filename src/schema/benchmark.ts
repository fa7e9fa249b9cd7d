/**
 * @module schema/benchmark
 * `regulations/benchmarks/<year>.yaml` (issue 9): published specifications of mass-market products set against a
 * CCL threshold, each figure with its public source and a verbatim quote, and the threshold with the words of the
 * CCL it is read from. The outdated-controls report flags a threshold that such a product meets or exceeds.
 */
import { Type, type Static } from '@sinclair/typebox';
import { EccnRef, IsoDate, StringEnum, Text } from './common.ts';

export const COMPARISONS = ['at_least', 'exceeding', 'less_than', 'at_most'] as const;

const Figure = Type.Object({ value: Type.Number(), unit: Type.String({ minLength: 1, maxLength: 40 }) }, { additionalProperties: false });

export const BenchmarkRow = Type.Object(
  {
    id: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{2,60}$' }),
    eccn_paragraph: EccnRef,
    parameter: Text(100),
    threshold: Type.Object({ value: Type.Number(), unit: Type.String({ minLength: 1, maxLength: 40 }), comparison: StringEnum(COMPARISONS) }, { additionalProperties: false }),
    threshold_quote: Text(1_000),
    threshold_source: Type.String({ pattern: '^regulations/ccl/[0-9]/[0-9][A-E][0-9]{3}\\.yaml$' }),
    product: Text(200),
    mass_market_note: Text(1_000),
    figure: Figure,
    source: Type.Object(
      {
        url: Type.String({ pattern: '^https?://', maxLength: 500 }),
        title: Text(300),
        retrieved_via: Text(100),
        quote: Text(400),
        as_of: Type.Union([IsoDate, Type.Literal('unknown')]),
      },
      { additionalProperties: false },
    ),
    derived: Type.Boolean(),
    note: Type.Optional(Text(2_000)),
  },
  { additionalProperties: false },
);
export type BenchmarkRowT = Static<typeof BenchmarkRow>;

export const BenchmarkFile = Type.Object(
  {
    edition: Type.String({ pattern: '^[0-9]{4}$' }),
    compiled: IsoDate,
    benchmarks: Type.Array(BenchmarkRow, { maxItems: 500 }),
  },
  { additionalProperties: false },
);
export type BenchmarkFileT = Static<typeof BenchmarkFile>;
