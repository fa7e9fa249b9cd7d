/**
 * @module schema/country-group
 * One Country Group per file (15 CFR 740 Supp. 1): `regulations/country-groups/<A1|B|D5…>.yaml`.
 */
import { Type, type Static } from '@sinclair/typebox';
import { CountryCode, CountryGroupId, KnownAsOf, Text } from './common.ts';

export const CountryGroupFile = Type.Object(
  {
    group: CountryGroupId,
    label: Text(300),
    label_source: Type.Union([Type.Literal('cfr'), Type.Literal('editorial')], { description: 'editorial: our wording, not the CFR heading' }),
    known_as_of: KnownAsOf,
    members: Type.Array(CountryCode, { maxItems: 250, uniqueItems: true }),
    notes: Type.Optional(Type.Array(Text(2_000), { maxItems: 20 })),
  },
  { additionalProperties: false },
);
export type CountryGroupFileT = Static<typeof CountryGroupFile>;
