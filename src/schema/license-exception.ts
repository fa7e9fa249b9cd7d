/**
 * @module schema/license-exception
 * One Part 740 licence exception per file: `regulations/license-exceptions/<SYMBOL>.yaml`.
 */
import { Type, type Static } from '@sinclair/typebox';
import { KnownAsOf, Text } from './common.ts';

export const LicenseExceptionFile = Type.Object(
  {
    symbol: Type.String({ pattern: '^[A-Z]{3}$' }),
    other_symbols: Type.Array(Type.String({ pattern: '^[A-Z]{3}$' }), { maxItems: 5 }),
    section: Type.String({ pattern: '^740\\.[0-9]{1,2}$' }),
    title: Text(500),
    known_as_of: KnownAsOf,
    text_file: Type.Optional(Type.String({ pattern: '^[0-9a-z.-]+$', description: 'id of the section text in regulations/ear-text/' })),
  },
  { additionalProperties: false },
);
export type LicenseExceptionFileT = Static<typeof LicenseExceptionFile>;
