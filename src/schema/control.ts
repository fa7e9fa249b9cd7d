/**
 * @module schema/control
 * A licence requirement that is not a Country Chart cell: the embargoes and special controls of Part 746, the
 * end-use and end-user controls of Part 744, and similar. One file per paragraph that creates a requirement:
 * `regulations/controls/<part>/<id>.yaml`. Written by hand from the section texts in `regulations/ear-text/`, each
 * with the verbatim operative sentence and its citation; generic rules in `rules/controls/` evaluate them.
 */
import { Type, type Static } from '@sinclair/typebox';
import { Citation, EccnRef, IsoDate, Reason, ReviewNote, StringEnum, Text } from './common.ts';
import { DestinationSet } from './eccn.ts';

/** Item attributes a caller may state; controls use them for carve-outs (e.g. EAR99 food and medicine). */
export const ITEM_ATTRIBUTES = ['food', 'medicine', 'medical_device', 'agricultural_commodity', 'mass_market', 'humanitarian', 'informational_materials', 'internet_communications', 'consumer_communications_device'] as const;
export const ItemAttribute = StringEnum(ITEM_ATTRIBUTES);

/** End uses a caller may state (15 CFR 744). */
export const END_USES = ['nuclear_explosive', 'nuclear', 'missile', 'chemical_biological_weapons', 'military', 'military_intelligence', 'military_support', 'supercomputer', 'advanced_node_ic', 'semiconductor_manufacturing'] as const;
export const EndUse = StringEnum(END_USES);

export const END_USER_KINDS = ['commercial', 'government', 'military', 'military_intelligence', 'individual'] as const;
export const EndUserKind = StringEnum(END_USER_KINDS);

export const REGIONS = ['crimea', 'dnr', 'lnr'] as const;
export const Region = StringEnum(REGIONS);

/** Which items a control covers. An item matches when it is in at least one "include" and in no "except". */
export const ItemSelector = Type.Object(
  {
    all_subject_to_ear: Type.Optional(Type.Literal(true, { description: 'every item subject to the EAR, EAR99 included' })),
    ccl_all: Type.Optional(Type.Literal(true, { description: 'every item on the CCL (any ECCN), not EAR99' })),
    ear99: Type.Optional(Type.Literal(true)),
    eccns: Type.Optional(Type.Array(EccnRef, { maxItems: 500, description: 'ECCNs or paragraphs; an entry covers its sub-paragraphs' })),
    reasons: Type.Optional(Type.Array(Reason, { maxItems: 15, description: 'items whose ECCN is controlled for one of these reasons' })),
    series: Type.Optional(Type.Array(Type.Union([Type.Literal('600_series'), Type.Literal('9x515'), Type.Literal('0y521')]), { maxItems: 3, description: 'ECCN families: "600 series" (xx6xx), 9x515, 0Y521' })),
    except_eccns: Type.Optional(Type.Array(EccnRef, { maxItems: 500 })),
    except_attributes: Type.Optional(Type.Array(ItemAttribute, { maxItems: 10, description: 'carve-outs stated by the caller, e.g. food and medicine' })),
    except_attributes_ear99_only: Type.Optional(Type.Boolean({ description: 'the attribute carve-out applies to EAR99 items only' })),
  },
  { additionalProperties: false },
);
export type ItemSelectorT = Static<typeof ItemSelector>;

export const ControlFile = Type.Object(
  {
    id: Type.String({ pattern: '^[0-9]{3}\\.[0-9]{1,2}(-[a-z0-9]+)*$', description: 'e.g. 746.8-a-1: section and paragraph' }),
    section: Type.String({ pattern: '^[0-9]{3}\\.[0-9]{1,2}$' }),
    paragraph: Text(100),
    title: Text(300),
    basis: Type.Union([Type.Literal('embargo'), Type.Literal('end_use'), Type.Literal('end_user'), Type.Literal('entry_text')]),
    citation: Citation,
    text_file: Type.String({ pattern: '^[0-9a-z.-]+$', description: 'regulations/ear-text/<id>.yaml holding the section' }),
    text_as_of: IsoDate,
    applies_when: Type.Object(
      {
        destinations: Type.Optional(DestinationSet),
        regions: Type.Optional(Type.Array(Region, { maxItems: 3 })),
        items: ItemSelector,
        end_uses: Type.Optional(Type.Array(EndUse, { maxItems: 10, description: 'applies when any of these end uses is stated' })),
        end_user_kinds: Type.Optional(Type.Array(EndUserKind, { maxItems: 5, description: 'applies when the end user is of one of these kinds' })),
        end_use_or_user: Type.Optional(Type.Boolean({ description: 'with both lists: applies when either matches (e.g. "military end use or military end user")' })),
        /** Applies when the end user (or its ultimate parent) is headquartered in one of these destinations. */
        end_user_headquarters: Type.Optional(DestinationSet),
        /**
         * Conditions a request cannot state (e.g. "subject to the EAR under the foreign direct product rule"). A control
         * with them is never decided by the engine: when destination and item match, the answer lists it under
         * not_covered with this text, so the exporter knows to check it.
         */
        unstated_conditions: Type.Optional(Type.String({ minLength: 1, maxLength: 3_000 })),
      },
      { additionalProperties: false },
    ),
    outcome: Type.Union([Type.Literal('license_required'), Type.Literal('prohibited'), Type.Literal('needs_review')]),
    license_exceptions: Type.Object(
      {
        policy: Type.Union([Type.Literal('none'), Type.Literal('listed'), Type.Literal('see_text')], { description: 'none: no exception may overcome it; listed: only those in `allowed`; see_text: the text sets conditions' }),
        allowed: Type.Optional(Type.Array(Type.String({ pattern: '^[A-Z]{3}$' }), { maxItems: 30 })),
        text: Type.Optional(Text(5_000)),
      },
      { additionalProperties: false },
    ),
    review_policy: Type.Optional(Text(3_000)),
    quote: Text(10_000),
    review: Type.Optional(Type.Array(ReviewNote, { maxItems: 20 })),
  },
  { additionalProperties: false },
);
export type ControlFileT = Static<typeof ControlFile>;

