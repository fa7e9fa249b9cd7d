/**
 * @module schema/chart
 * The Country Chart's columns and footnotes: `regulations/country-chart/{columns,footnotes}.yaml`.
 */
import { Type, type Static } from '@sinclair/typebox';
import { ChartColumn, EditionId, Reason, SourceId, Text } from './common.ts';

export const ColumnsFile = Type.Object(
  {
    columns: Type.Array(
      Type.Object(
        { id: ChartColumn, reason: Reason, label: Text(200) },
        { additionalProperties: false },
      ),
      { minItems: 16, maxItems: 16 },
    ),
  },
  { additionalProperties: false },
);
export type ColumnsFileT = Static<typeof ColumnsFile>;

export const FootnotesFile = Type.Object(
  {
    footnotes: Type.Array(
      Type.Object(
        {
          number: Type.Integer({ minimum: 1, maximum: 99 }),
          revisions: Type.Array(
            Type.Object({ edition: EditionId, sources: Type.Array(SourceId, { minItems: 1, maxItems: 6 }), text: Text(10_000) }, { additionalProperties: false }),
            { minItems: 1, maxItems: 100 },
          ),
        },
        { additionalProperties: false },
      ),
      { maxItems: 99 },
    ),
  },
  { additionalProperties: false },
);
export type FootnotesFileT = Static<typeof FootnotesFile>;
