/**
 * @module schema/eccn
 * One Commerce Control List entry (15 CFR 774 Supp. 1) per file: `regulations/ccl/<category>/<ECCN>.yaml`.
 * Regulatory content that changes between editions lives in dated `revisions` (each holds only the fields that
 * changed); facts that only one source carries live in `single_source`, stamped with that source's edition.
 */
import { Type, type Static } from '@sinclair/typebox';
import { ChartColumn, CountryCode, CountryGroupId, Eccn, EccnRef, EditionId, KnownAsOf, Reason, ReviewNote, SourceId, Text } from './common.ts';

/**
 * Which destinations a non-chart requirement sentence names, as read mechanically from its text by the importer
 * (`src/import/requirement-text.ts`). `null` in the file means the sentence could not be read mechanically: the
 * engine answers `needs_review` and quotes the sentence.
 */
export const DestinationSet = Type.Object(
  {
    all: Type.Optional(Type.Boolean({ description: 'every destination ("worldwide", "ALL destinations")' })),
    countries: Type.Optional(Type.Array(CountryCode, { maxItems: 300, uniqueItems: true })),
    groups: Type.Optional(Type.Array(CountryGroupId, { maxItems: 14, uniqueItems: true })),
    except_countries: Type.Optional(Type.Array(CountryCode, { maxItems: 300, uniqueItems: true })),
    except_groups: Type.Optional(Type.Array(CountryGroupId, { maxItems: 14, uniqueItems: true })),
  },
  { additionalProperties: false },
);
export type DestinationSetT = Static<typeof DestinationSet>;

export const AppliesTo = Type.Object(
  {
    kind: Type.Union([
      Type.Literal('entire_entry'),
      Type.Literal('paragraphs'),
      Type.Literal('entire_entry_except'),
      Type.Literal('conditional'),
    ], { description: 'conditional: the scope is prose the importer could not reduce to paragraphs; decide conservatively' }),
    paragraphs: Type.Optional(Type.Array(EccnRef, { maxItems: 60 })),
  },
  { additionalProperties: false },
);
export type AppliesToT = Static<typeof AppliesTo>;

export const LicenseRequirement = Type.Object(
  {
    reasons: Type.Array(Reason, { maxItems: 6, description: 'reasons for control named by the scope text (may be empty, e.g. ITAR pointers)' }),
    scope: Text(5_000),
    applies_to: AppliesTo,
    column: Type.Union([ChartColumn, Type.Null()], { description: 'Country Chart column, or null when the requirement is a sentence' }),
    requirement: Text(5_000),
    destinations: Type.Optional(Type.Union([DestinationSet, Type.Null()])),
    cites: Type.Optional(Type.String({ pattern: '^7[0-9]{2}\\.[0-9]{1,2}(\\([a-z0-9]{1,5}\\))*$', description: 'the first CFR section the sentence cites, e.g. 742.6(a)(6)(iii)(B)' })),
    refers_to: Type.Optional(Type.String({ pattern: '^7[0-9]{2}\\.[0-9]{1,2}(\\([a-z0-9]{1,5}\\))*$', description: 'the section the sentence sends the reader to, e.g. 746.1(b)' })),
  },
  { additionalProperties: false },
);
export type LicenseRequirementT = Static<typeof LicenseRequirement>;

/** The fields that editions can change. A revision holds only those that changed since the previous one. */
export const EccnRevision = Type.Object(
  {
    edition: EditionId,
    sources: Type.Array(SourceId, { minItems: 1, maxItems: 6, description: 'sources that show this state (the first one supplies the text)' }),
    heading: Type.Optional(Text(10_000)),
    reasons_for_control: Type.Optional(Type.Array(Reason, { maxItems: 15, uniqueItems: true })),
    license_requirements: Type.Optional(Type.Array(LicenseRequirement, { maxItems: 60 })),
    license_requirements_known: Type.Optional(Type.Boolean({ description: 'false when no source carries the License Requirements table' })),
    other_authority: Type.Optional(Type.Boolean({ description: 'the entry points to another agency (ITAR, NRC, DOE…) instead of the chart' })),
  },
  { additionalProperties: false },
);
export type EccnRevisionT = Static<typeof EccnRevision>;

export const ExceptionValue = Type.Object(
  {
    text: Text(5_000),
    amount_usd: Type.Optional(Type.Union([Type.Number({ minimum: 0, maximum: 1e9 }), Type.Null()])),
    eligible: Type.Optional(Type.Union([Type.Boolean(), Type.Null()], { description: 'true "Yes", false "N/A", null when conditional' })),
  },
  { additionalProperties: false },
);
export type ExceptionValueT = Static<typeof ExceptionValue>;

export const ItemParagraph = Type.Object(
  {
    paragraph: Type.Union([Type.String({ maxLength: 40 }), Type.Null()]),
    kind: Type.Union([Type.Literal('item'), Type.Literal('text'), Type.Literal('note')]),
    depth: Type.Integer({ minimum: 0, maximum: 12 }),
    text: Text(30_000),
  },
  { additionalProperties: false },
);

export const SingleSource = Type.Object(
  {
    known_as_of: KnownAsOf,
    license_exceptions: Type.Optional(Type.Record(Type.String({ pattern: '^[A-Z]{3}$' }), ExceptionValue)),
    sta_special_conditions: Type.Optional(Text(10_000)),
    related_controls: Type.Optional(Text(20_000)),
    related_eccns: Type.Optional(Type.Array(Eccn, { maxItems: 200, uniqueItems: true })),
    items: Type.Optional(Type.Array(ItemParagraph, { maxItems: 2_000 })),
  },
  { additionalProperties: false },
);
export type SingleSourceT = Static<typeof SingleSource>;

export const EccnFile = Type.Object(
  {
    eccn: Eccn,
    category: Type.String({ pattern: '^[0-9]$' }),
    product_group: Type.String({ pattern: '^[A-E]$' }),
    revisions: Type.Array(EccnRevision, { minItems: 1, maxItems: 100 }),
    single_source: Type.Optional(SingleSource),
    review: Type.Optional(Type.Array(ReviewNote, { maxItems: 50 })),
  },
  { additionalProperties: false },
);
export type EccnFileT = Static<typeof EccnFile>;
