/**
 * @module schema/party-list
 * `regulations/lists/us-csl.json`: the twelve restricted-party lists of the US Consolidated Screening List — the four
 * of the Bureau of Industry and Security (Entity List, Denied Persons List, Unverified List, Military End User List),
 * whose matches are findings under the EAR, and the Treasury (OFAC) and State Department lists (SDN and the others),
 * whose matches are flagged with their own authority, outside the EAR decision.
 * One JSON file (not YAML) so that it loads in one `JSON.parse`. It is not part of the knowledge base that
 * `loadKnowledgeBase` walks: `load/lists.ts` reads it separately, when screening needs it.
 */
import { Type, type Static } from '@sinclair/typebox';
import { CountryCode, IsoDate, ReviewNote, StringEnum, Text } from './common.ts';

/** The lists of the Bureau of Industry and Security, established by the EAR: a match is a finding under the EAR. */
export const BIS_LIST_CODES = ['EL', 'DPL', 'UVL', 'MEU'] as const;
/** Every list held in the file, in the order they are shown: the BIS lists, then Treasury's and State's. */
export const PARTY_LIST_CODES = [...BIS_LIST_CODES, 'SDN', 'SSI', 'CMIC', 'NS-MBS', 'PLC', 'CAP', 'DTC', 'ISN'] as const;
export type PartyListCode = (typeof PARTY_LIST_CODES)[number];
export const PartyListCodeSchema = StringEnum(PARTY_LIST_CODES, { description: 'list code of the Consolidated Screening List' });
/** True for the lists the EAR establishes (EL, DPL, UVL, MEU). */
export const isBisList = (code: PartyListCode): boolean => (BIS_LIST_CODES as readonly string[]).includes(code);

/** Entry id: list code, `-`, 8 hex digits of a hash of the listed name and countries, and `-2`, `-3` … for repeats. */
export const PARTY_ENTRY_ID_PATTERN = `^(${PARTY_LIST_CODES.join('|')})-[0-9a-f]{8}(-[0-9]{1,3})?$`;

const HttpsUrl = Type.String({ pattern: '^https://', maxLength: 500 });
const DateTime = Type.String({ format: 'date-time', maxLength: 40, description: 'ISO 8601 date and time with zone' });

export const PartyListMeta = Type.Object(
  {
    code: PartyListCodeSchema,
    /** The list's name as the Consolidated Screening List gives it, e.g. "Entity List (EL) - Bureau of Industry and Security". */
    title: Text(300),
    /** The authority of the list, e.g. "15 C.F.R. § 744.16 and Supplement No. 4 to Part 744" or "22 C.F.R. § 127.7 (ITAR)". */
    citation: Text(300),
    /** The agency that keeps the list, from its title: "Bureau of Industry and Security", "Treasury Department" … */
    agency: Text(100),
    /** The list is established by the EAR (a BIS list): a match is a finding under the EAR; otherwise it is flagged outside it. */
    ear: Type.Boolean(),
    /** What a listing means for a transaction (from the source's `listAuthority`). */
    effect: Text(2_000),
    /** The official page of the list. */
    url: HttpsUrl,
    /** Entries of this list in the file; the loader checks it. */
    count: Type.Integer({ minimum: 0, maximum: 1_000_000 }),
  },
  { additionalProperties: false },
);
export type PartyListMetaT = Static<typeof PartyListMeta>;

export const PartyEntry = Type.Object(
  {
    id: Type.String({ pattern: PARTY_ENTRY_ID_PATTERN, maxLength: 20 }),
    list: PartyListCodeSchema,
    /** The listed name, as published (whitespace collapsed). */
    name: Text(1_000),
    /** Alternative names, as published (an upstream alias holding two names separated by `;` is split). */
    aliases: Type.Array(Text(1_000), { maxItems: 500 }),
    /** Individual, Entity, Vessel … when the source says (the BIS lists in the CSL do not). */
    type: Type.Optional(Text(50)),
    /** ISO 3166-1 alpha-2 codes of the entry's addresses (may be empty). */
    countries: Type.Array(CountryCode, { maxItems: 100, uniqueItems: true }),
    addresses: Type.Optional(Type.Array(Text(2_000), { maxItems: 500 })),
    /** Entity List and MEU: the "License requirement" column, verbatim (the CSL gives it for a few other entries too). */
    license_requirement: Type.Optional(Text(5_000)),
    /** Entity List and MEU: the "License review policy" column, verbatim. */
    license_policy: Type.Optional(Text(5_000)),
    /** The Federal Register citation(s) of the listing, verbatim (often several, in assorted styles). */
    federal_register: Type.Optional(Text(5_000)),
    /** The well-formed citations found in `federal_register`, as "<volume> FR <page>"; malformed parts are left out. */
    federal_register_citations: Type.Optional(Type.Array(Type.String({ pattern: '^[0-9]{1,3} FR [0-9]{1,6}$' }), { maxItems: 200 })),
    programs: Type.Optional(Type.Array(Text(300), { maxItems: 100 })),
    /** Where the importer changed or dropped something from the source, and why. */
    review: Type.Optional(Type.Array(ReviewNote, { maxItems: 20 })),
  },
  { additionalProperties: false },
);
export type PartyEntryT = Static<typeof PartyEntry>;

export const PartyListSource = Type.Object(
  {
    /** Path of the source file, relative to the parent of the repository (`shared/regdata/...`). */
    path: Text(500),
    title: Text(500),
    upstream: Text(500),
    commit: Type.String({ pattern: '^[0-9a-f]{40}$' }),
    /** Where the upstream project downloaded the Consolidated Screening List. */
    url: HttpsUrl,
    /** When trade.gov generated the Consolidated Screening List that was read (upstream `sourceGeneratedAt`). */
    source_generated_at: DateTime,
    /** When the upstream project downloaded it (upstream `retrievedAt`). */
    retrieved_at: DateTime,
    /** The list date: the UTC date of `source_generated_at`. Screening answers are as of this date. */
    as_of: IsoDate,
    /** Entries in the whole Consolidated Screening List (the importer checks that every one is in this file). */
    upstream_entry_count: Type.Integer({ minimum: 0 }),
    /** Lists of the Consolidated Screening List that this file leaves out (a screening answer must say so); none since all twelve are imported. */
    not_included: Type.Array(
      Type.Object({ title: Text(300), code: Type.String({ pattern: '^[A-Z][A-Z-]{1,15}$' }), count: Type.Integer({ minimum: 0 }) }, { additionalProperties: false }),
      { maxItems: 50 },
    ),
  },
  { additionalProperties: false },
);
export type PartyListSourceT = Static<typeof PartyListSource>;

export const PartyListFile = Type.Object(
  {
    comment: Text(1_000),
    source: PartyListSource,
    lists: Type.Array(PartyListMeta, { minItems: 1, maxItems: 20 }),
    entries: Type.Array(PartyEntry, { maxItems: 200_000 }),
  },
  { additionalProperties: false },
);
export type PartyListFileT = Static<typeof PartyListFile>;
