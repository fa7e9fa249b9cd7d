/**
 * @module schema/destination
 * One Commerce Country Chart destination per file: `regulations/destinations/<ISO>.yaml` (15 CFR 738 Supp. 1).
 */
import { Type, type Static } from '@sinclair/typebox';
import { ChartColumn, CountryCode, EditionId, ReviewNote, SourceId, Text } from './common.ts';

export const ChartRowRevision = Type.Object(
  {
    edition: EditionId,
    sources: Type.Array(SourceId, { minItems: 1, maxItems: 6 }),
    marks: Type.Array(ChartColumn, { maxItems: 16, uniqueItems: true }),
    footnotes: Type.Array(Type.Integer({ minimum: 1, maximum: 99 }), { maxItems: 20, uniqueItems: true }),
    embargo_referral: Type.Union([Text(2_000), Type.Null()], { description: 'the row text of Cuba, Iran, North Korea, Syria' }),
  },
  { additionalProperties: false },
);
export type ChartRowRevisionT = Static<typeof ChartRowRevision>;

export const DestinationFile = Type.Object(
  {
    code: CountryCode,
    chart_name: Text(200),
    aliases: Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 40 }),
    chart: Type.Array(ChartRowRevision, { minItems: 1, maxItems: 100 }),
    review: Type.Optional(Type.Array(ReviewNote, { maxItems: 20 })),
  },
  { additionalProperties: false },
);
export type DestinationFileT = Static<typeof DestinationFile>;

/** Places without a chart row that the EAR tells us to treat as another destination (738.3(b), 85 FR 83788). */
export const TerritoriesFile = Type.Object(
  {
    territories: Type.Array(
      Type.Object(
        {
          code: CountryCode,
          name: Text(200),
          aliases: Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 40 }),
          row_of: CountryCode,
          basis: Text(2_000),
        },
        { additionalProperties: false },
      ),
      { maxItems: 100 },
    ),
  },
  { additionalProperties: false },
);
export type TerritoriesFileT = Static<typeof TerritoriesFile>;
