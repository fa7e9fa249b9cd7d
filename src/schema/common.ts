/**
 * @module schema/common
 * Building blocks shared by every knowledge-base file schema. Schemas are the single source of truth:
 * TypeScript types are derived from them with `Static<>`, so the two cannot drift.
 */
import { Type, type Static, type SchemaOptions, type TUnsafe } from '@sinclair/typebox';

/**
 * A string that must be one of `values`, as a JSON Schema `enum` (one keyword: compiles and validates far faster
 * than a union of constants, and its error names the allowed values).
 */
export function StringEnum<const T extends readonly string[]>(values: T, options: SchemaOptions = {}): TUnsafe<T[number]> {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });
}

/** ECCN without paragraph, exactly as the CCL spells it (always quote it in YAML: `3E001` unquoted is the number 30). */
export const ECCN_PATTERN = '^[0-9][A-E][0-9]{3}$';
/** ECCN with an optional paragraph path, e.g. `3A001.b.2.a`, `5A992.z.1`. */
export const ECCN_REF_PATTERN = '^[0-9][A-E][0-9]{3}(\\.[a-z0-9]{1,4}){0,8}$';
export const ISO_DATE_PATTERN = '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$';

export const Eccn = Type.String({ pattern: ECCN_PATTERN, maxLength: 5, description: 'ECCN, e.g. "3A001" (quoted in YAML)' });
export const EccnRef = Type.String({ pattern: ECCN_REF_PATTERN, maxLength: 40, description: 'ECCN with optional paragraph, e.g. "3A001.b.2"' });
export const IsoDate = Type.String({ pattern: ISO_DATE_PATTERN, format: 'date', description: 'ISO date YYYY-MM-DD (quoted in YAML)' });
export const EditionId = Type.String({ pattern: ISO_DATE_PATTERN, format: 'date', description: 'edition id: the eCFR date of the edition' });
export const CountryCode = Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2 code (XK for Kosovo, user-assigned)' });
export const SourceId = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{1,63}$', description: 'id of a source in regulations/editions.yaml' });
export const Text = (maxLength = 20_000) => Type.String({ minLength: 1, maxLength });

export const CHART_COLUMNS = [
  'CB1', 'CB2', 'CB3', 'NP1', 'NP2', 'NS1', 'NS2', 'MT1', 'RS1', 'RS2', 'FC1', 'CC1', 'CC2', 'CC3', 'AT1', 'AT2',
] as const;
export const ChartColumn = StringEnum(CHART_COLUMNS, { description: 'Commerce Country Chart column' });
export type ChartColumnId = (typeof CHART_COLUMNS)[number];

export const COUNTRY_GROUPS = ['A:1', 'A:2', 'A:3', 'A:4', 'A:5', 'A:6', 'B', 'D:1', 'D:2', 'D:3', 'D:4', 'D:5', 'E:1', 'E:2'] as const;
export const CountryGroupId = StringEnum(COUNTRY_GROUPS);
export type CountryGroupIdT = (typeof COUNTRY_GROUPS)[number];

/**
 * Reasons for control as the CCL names them. The chart reasons (CB, NP, NS, MT, RS, FC, CC, AT) plus those decided by
 * their own sections (EI encryption, SL surreptitious listening, CW, UN, SS, SI, MT outside the chart, FP "foreign policy").
 */
export const REASONS = ['AT', 'CB', 'CC', 'CW', 'EI', 'FC', 'FP', 'MT', 'NP', 'NS', 'RS', 'SI', 'SL', 'SS', 'UN'] as const;
export const Reason = StringEnum(REASONS);
export type ReasonId = (typeof REASONS)[number];

/** A legal citation: where in the regulation a fact comes from, and the edition of the text it was read in. */
export const Citation = Type.Object(
  {
    cfr: Text(300),
    url: Type.Optional(Type.String({ pattern: '^https://', maxLength: 500 })),
  },
  { additionalProperties: false },
);
export type CitationT = Static<typeof Citation>;

/** A point where the encoded data needs a human: the source is ambiguous, truncated or disagrees with another source. */
export const ReviewNote = Type.Object(
  { field: Type.String({ maxLength: 100 }), note: Text(2_000) },
  { additionalProperties: false },
);
export type ReviewNoteT = Static<typeof ReviewNote>;

/** Stamp for facts that only one source carries: they are known as of that source's edition only. */
export const KnownAsOf = Type.Object(
  { edition: EditionId, source: SourceId },
  { additionalProperties: false, description: 'the only edition whose sources carry these facts' },
);
export type KnownAsOfT = Static<typeof KnownAsOf>;
