/**
 * @module schema/editions
 * `regulations/editions.yaml`: the dated editions in the knowledge base and the sources each was read from.
 */
import { Type, type Static } from '@sinclair/typebox';
import { EditionId, IsoDate, SourceId, Text } from './common.ts';

export const Source = Type.Object(
  {
    id: SourceId,
    as_of: IsoDate,
    title: Text(500),
    path: Text(500),
    upstream: Text(500),
    commit: Type.Optional(Type.String({ pattern: '^[0-9a-f]{40}$' })),
    official_url: Type.Optional(Type.String({ pattern: '^https://', maxLength: 500 })),
    provides: Type.Array(Type.String({ maxLength: 100 }), { minItems: 1, maxItems: 30 }),
  },
  { additionalProperties: false },
);
export type SourceT = Static<typeof Source>;

export const EditionsFile = Type.Object(
  {
    editions: Type.Array(
      Type.Object(
        { id: EditionId, date: EditionId, title: Text(500), sources: Type.Array(SourceId, { minItems: 1, maxItems: 10 }) },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 200 },
    ),
    sources: Type.Array(Source, { minItems: 1, maxItems: 50 }),
  },
  { additionalProperties: false },
);
export type EditionsFileT = Static<typeof EditionsFile>;
