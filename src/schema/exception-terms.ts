/**
 * @module schema/exception-terms
 * The terms under which a licence exception may be used, as data: `regulations/exception-terms/<SYMBOL>.yaml`
 * (eligible destinations, the reasons for control it may overcome), and the § 740.2 restrictions that take
 * exceptions away: `regulations/exception-restrictions/<id>.yaml`. Written by hand from regulations/ear-text.
 */
import { Type, type Static } from '@sinclair/typebox';
import { Citation, IsoDate, Reason, ReviewNote, Text } from './common.ts';
import { DestinationSet } from './eccn.ts';
import { ItemSelector } from './control.ts';

export const ExceptionTermsFile = Type.Object(
  {
    symbol: Type.String({ pattern: '^[A-Z]{3}$' }),
    citation: Citation,
    text_file: Type.String({ pattern: '^[0-9a-z.-]+$' }),
    text_as_of: IsoDate,
    destinations: DestinationSet,
    only_reasons: Type.Optional(Type.Array(Reason, { maxItems: 15, uniqueItems: true, description: 'usable only when every reason requiring a licence is one of these' })),
    quote: Text(5_000),
    review: Type.Optional(Type.Array(ReviewNote, { maxItems: 20 })),
  },
  { additionalProperties: false },
);
export type ExceptionTermsFileT = Static<typeof ExceptionTermsFile>;

export const ExceptionRestrictionFile = Type.Object(
  {
    id: Type.String({ pattern: '^740\\.[0-9]{1,2}(-[a-z0-9]+)+$' }),
    paragraph: Text(100),
    title: Text(300),
    citation: Citation,
    text_file: Type.String({ pattern: '^[0-9a-z.-]+$' }),
    text_as_of: IsoDate,
    applies_when: Type.Object(
      {
        items: ItemSelector,
        destinations: Type.Optional(DestinationSet),
      },
      { additionalProperties: false },
    ),
    only: Type.Optional(Type.Array(Type.String({ pattern: '^[A-Z]{3}$' }), { maxItems: 20, description: 'the licence exceptions that remain (possibly only in part: see quote); all others are unavailable' })),
    removes: Type.Optional(Type.Array(Type.String({ pattern: '^[A-Z]{3}$' }), { minItems: 1, maxItems: 20, description: 'the licence exceptions this paragraph takes away (others are unaffected)' })),
    quote: Text(5_000),
    review: Type.Optional(Type.Array(ReviewNote, { maxItems: 20 })),
  },
  { additionalProperties: false },
);
export type ExceptionRestrictionFileT = Static<typeof ExceptionRestrictionFile>;
