/**
 * @module schema/wassenaar
 * The Wassenaar Arrangement List of Dual-Use Goods and Technologies and Munitions List, one edition per folder:
 * `regulations/wassenaar/<edition>/`. Codes are written in the canonical Wassenaar form without spaces or final dot:
 * entries `3.A.1`, `ML1`; paragraphs `3.A.1.a.1`, `ML1.b.2`. Every entry, paragraph, note and definition cites the
 * PDF page(s) it is printed on (1-based page of the PDF file, which is not always the page number printed in the
 * footer: see `page_labels` in edition.yaml).
 *
 * Files: `edition.yaml`; `dual-use/index.yaml` and `munitions/index.yaml` (the list's own notes);
 * `dual-use/<category>/index.yaml` (category, product groups, their notes, annexes); one file per top-level entry
 * (`dual-use/3/3.A.1.yaml`, `munitions/ML1.yaml`); `sensitive-lists.yaml`; `definitions.yaml`; `acronyms.yaml`.
 */
import { Type, type Static } from '@sinclair/typebox';
import { IsoDate, ReviewNote, StringEnum, Text } from './common.ts';

export const WA_ENTRY_PATTERN = '^([1-9]\\.[A-E]\\.[0-9]{1,2}|ML[0-9]{1,2})$';
export const WA_CODE_PATTERN = '^([1-9]\\.[A-E]\\.[0-9]{1,2}|ML[0-9]{1,2})(\\.[a-z0-9]{1,2}){0,10}$';
export const WA_LISTS = ['SL', 'VSL'] as const;

export const WaEntryCode = Type.String({ pattern: WA_ENTRY_PATTERN, maxLength: 8, description: 'entry code, e.g. "3.A.1" or "ML1"' });
export const WaCode = Type.String({ pattern: WA_CODE_PATTERN, maxLength: 40, description: 'entry or paragraph code, e.g. "3.A.1.a.1" or "ML1.b.2"' });
export const WaPages = Type.Array(Type.Integer({ minimum: 1, maximum: 2_000 }), { minItems: 1, maxItems: 60, uniqueItems: true, description: 'PDF pages (1-based) the text is printed on' });
export const WaCategory = Type.String({ pattern: '^[1-9]$' });
/** Membership of the annexes of the Dual-Use List: SL Sensitive List, VSL Very Sensitive List. */
export const WaListMembership = Type.Array(StringEnum(WA_LISTS), { minItems: 1, maxItems: 2, uniqueItems: true });

export const WaNote = Type.Object(
  {
    kind: StringEnum(['note', 'technical_note', 'nb'] as const),
    label: Text(100),
    text: Text(30_000),
    pages: WaPages,
  },
  { additionalProperties: false, description: 'a Note, Technical Note or N.B., verbatim (whitespace-normalised), as printed after the paragraph it qualifies' },
);
export type WaNoteT = Static<typeof WaNote>;

export const WaParagraph = Type.Object(
  {
    code: WaCode,
    text: Type.String({ maxLength: 30_000, description: 'verbatim, whitespace-normalised; empty only when the printed paragraph has no text of its own' }),
    pages: WaPages,
    notes: Type.Optional(Type.Array(WaNote, { maxItems: 60 })),
    lists: Type.Optional(WaListMembership),
  },
  { additionalProperties: false },
);
export type WaParagraphT = Static<typeof WaParagraph>;

export const WaEntryFile = Type.Object(
  {
    code: WaEntryCode,
    list: StringEnum(['dual-use', 'munitions'] as const),
    category: Type.Optional(WaCategory),
    part: Type.Optional(Type.Integer({ minimum: 1, maximum: 2, description: 'Category 5: Part 1 Telecommunications, Part 2 "Information Security"' })),
    group: Type.Optional(StringEnum(['A', 'B', 'C', 'D', 'E'] as const)),
    subheading: Type.Optional(Text(200)),
    text: Text(30_000),
    pages: WaPages,
    notes: Type.Optional(Type.Array(WaNote, { maxItems: 60 })),
    lists: Type.Optional(WaListMembership),
    paragraphs: Type.Array(WaParagraph, { maxItems: 2_000, description: 'every paragraph below the entry, in document order; a paragraph\'s parent is its code without the last segment' }),
    review: Type.Optional(Type.Array(ReviewNote, { maxItems: 50 })),
  },
  { additionalProperties: false },
);
export type WaEntryFileT = Static<typeof WaEntryFile>;

export const WaAnnex = Type.Object(
  {
    title: Text(200),
    pages: WaPages,
    preformatted: Text(200_000),
  },
  { additionalProperties: false, description: 'an annex or table kept with its printed layout (indentation relative to its leftmost line)' },
);

export const WaCategoryFile = Type.Object(
  {
    category: WaCategory,
    title: Text(200),
    pages: WaPages,
    notes: Type.Optional(Type.Array(WaNote, { maxItems: 40 })),
    parts: Type.Optional(Type.Array(Type.Object({ part: Type.Integer({ minimum: 1, maximum: 2 }), title: Text(200), pages: WaPages, notes: Type.Optional(Type.Array(WaNote, { maxItems: 40 })) }, { additionalProperties: false }), { maxItems: 2 })),
    groups: Type.Array(
      Type.Object(
        {
          code: Type.String({ pattern: '^[1-9]\\.[A-E]$' }),
          part: Type.Optional(Type.Integer({ minimum: 1, maximum: 2 })),
          title: Text(200),
          pages: WaPages,
          notes: Type.Optional(Type.Array(WaNote, { maxItems: 40 })),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 10 },
    ),
    annexes: Type.Optional(Type.Array(WaAnnex, { maxItems: 10 })),
    review: Type.Optional(Type.Array(ReviewNote, { maxItems: 50 })),
  },
  { additionalProperties: false },
);
export type WaCategoryFileT = Static<typeof WaCategoryFile>;

export const WaListNotesFile = Type.Object(
  {
    list: StringEnum(['dual-use', 'munitions'] as const),
    title: Text(200),
    pages: WaPages,
    notes: Type.Array(WaNote, { maxItems: 40 }),
    general_notes: Type.Optional(Type.Array(Type.Object({ title: Text(200), text: Text(20_000), pages: WaPages }, { additionalProperties: false }), { maxItems: 10 })),
    footnotes: Type.Optional(Type.Array(Type.Object({ text: Text(2_000), pages: WaPages }, { additionalProperties: false }), { maxItems: 10 })),
  },
  { additionalProperties: false },
);
export type WaListNotesFileT = Static<typeof WaListNotesFile>;

export const WaSensitiveListsFile = Type.Object(
  {
    lists: Type.Array(
      Type.Object(
        {
          id: StringEnum(WA_LISTS),
          title: Text(200),
          pages: WaPages,
          notes: Type.Array(Text(2_000), { maxItems: 10 }),
          none: Type.Array(Text(40), { maxItems: 12, description: 'categories the list marks "None"' }),
          items: Type.Array(
            Type.Object(
              {
                codes: Type.Array(WaCode, { minItems: 1, maxItems: 20, uniqueItems: true }),
                printed: Text(200),
                category: Text(40),
                text: Type.Optional(Text(10_000)),
                not_used: Type.Boolean({ description: 'the item reads "Not used since …": no entry is on the list through it' }),
                pages: WaPages,
              },
              { additionalProperties: false },
            ),
            { maxItems: 500 },
          ),
        },
        { additionalProperties: false },
      ),
      { minItems: 2, maxItems: 2 },
    ),
  },
  { additionalProperties: false },
);
export type WaSensitiveListsFileT = Static<typeof WaSensitiveListsFile>;

/** Where a definition says it is used: `Cat 2`, `Cat 5P1`, `ML8`, `GTN`, `GSN`, `GISN`, `Dual-Use List`, `Both Lists`. */
export const WA_USED_IN_PATTERN = '^(Cat [1-9](P[12])?|ML([1-9]|1[0-9]|2[0-2])|GTN|GSN|GISN|Dual-Use List|Both Lists)$';

export const WaDefinitionsFile = Type.Object(
  {
    notes: Type.Array(WaNote, { maxItems: 10 }),
    definitions: Type.Array(
      Type.Object(
        {
          term: Text(200),
          qualifier: Type.Optional(Text(100)),
          acronym: Type.Optional(Text(40)),
          used_in: Type.Array(Type.String({ pattern: WA_USED_IN_PATTERN }), { maxItems: 40, uniqueItems: true }),
          text: Text(20_000),
          notes: Type.Optional(Type.Array(WaNote, { maxItems: 10 })),
          pages: WaPages,
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 1_000 },
    ),
    review: Type.Optional(Type.Array(ReviewNote, { maxItems: 50 })),
  },
  { additionalProperties: false },
);
export type WaDefinitionsFileT = Static<typeof WaDefinitionsFile>;
export type WaDefinitionT = WaDefinitionsFileT['definitions'][number];

export const WaAcronymsFile = Type.Object(
  {
    acronyms: Type.Array(Type.Object({ acronym: Text(60), meaning: Text(500), page: Type.Integer({ minimum: 1, maximum: 2_000 }) }, { additionalProperties: false }), { maxItems: 1_000 }),
  },
  { additionalProperties: false },
);
export type WaAcronymsFileT = Static<typeof WaAcronymsFile>;

export const WaEditionFile = Type.Object(
  {
    id: Type.String({ pattern: '^[0-9]{4}(-corr)?$' }),
    title: Text(500),
    document: Text(200),
    date: IsoDate,
    compiled_by: Text(200),
    corrigendum: Type.Optional(Text(1_000)),
    source: Type.Object(
      {
        pdf: Text(500),
        pdf_sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }),
        pdf_pages: Type.Integer({ minimum: 1, maximum: 2_000 }),
        text: Text(500),
        text_sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }),
        extraction: Text(500),
        origin: Text(500),
        official_url: Type.String({ pattern: '^https://', maxLength: 500 }),
      },
      { additionalProperties: false },
    ),
    publication: Text(2_000),
    page_labels: Type.Array(Type.Union([Type.String({ maxLength: 10 }), Type.Null()]), { minItems: 1, maxItems: 2_000, description: 'the page number printed on each PDF page (index 0 = PDF page 1), null when none is printed' }),
    blank_pages: Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 50 }),
    not_imported: Type.Array(Type.Object({ what: Text(300), pages: WaPages }, { additionalProperties: false }), { maxItems: 20 }),
    review: Type.Optional(Type.Array(ReviewNote, { maxItems: 50 })),
  },
  { additionalProperties: false },
);
export type WaEditionFileT = Static<typeof WaEditionFile>;
