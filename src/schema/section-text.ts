/**
 * @module schema/section-text
 * Verbatim regulation text the engine relies on, with its source: `regulations/ear-text/<section>.yaml`.
 */
import { Type, type Static } from '@sinclair/typebox';
import { Text } from './common.ts';

export const SectionTextFile = Type.Object(
  {
    id: Type.String({ pattern: '^[0-9a-z.-]+$' }),
    heading: Text(1_000),
    source: Text(2_000),
    as_of: Text(1_000),
    completeness: Text(2_000),
    transcription: Type.Optional(Text(2_000)),
    notes: Type.Optional(Text(5_000)),
    text: Text(300_000),
  },
  { additionalProperties: false },
);
export type SectionTextFileT = Static<typeof SectionTextFile>;
