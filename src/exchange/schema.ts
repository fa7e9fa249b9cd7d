/**
 * @module exchange/schema
 * A suspicious-inquiry report (issue 10): when and how the inquiry came in, the items asked for, the claimed end use
 * and end user, every party named with its identifiers, the red flags observed (the engine's red-flag codes), and
 * the reporter's own decision. Free-text notes are the reporter's own: stored encrypted, never shown to anyone else.
 * Validated with ajv like every other input; an error names the field (JSON pointer) and what was wrong.
 */
import { Type, type Static } from '@sinclair/typebox';
import { RED_FLAG_CODES } from '../engine/red-flags.ts';
import { END_USES, END_USER_KINDS } from '../schema/control.ts';
import { StringEnum } from '../schema/common.ts';

const lit = <const T extends readonly string[]>(xs: T) => StringEnum(xs);
const Str = (max: number) => Type.String({ minLength: 1, maxLength: max });
const Country = Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2 code, upper case' });

export const CHANNELS = ['email', 'phone', 'web_form', 'in_person', 'trade_show', 'distributor', 'marketplace', 'other'] as const;
export const PARTY_ROLES = ['buyer', 'end_user', 'ultimate_consignee', 'intermediate_consignee', 'freight_forwarder', 'agent', 'payer', 'other'] as const;
export const DECISIONS = ['declined', 'licensed', 'shipped_after_review', 'pending'] as const;

export const Party = Type.Object(
  {
    role: lit(PARTY_ROLES),
    names: Type.Array(Str(300), { maxItems: 10 }),
    addresses: Type.Optional(Type.Array(Str(500), { maxItems: 10 })),
    emails: Type.Optional(Type.Array(Type.String({ minLength: 3, maxLength: 254, pattern: '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$' }), { maxItems: 10 })),
    phones: Type.Optional(Type.Array(Type.String({ minLength: 4, maxLength: 40, pattern: '^[+0-9 ()./-]+$' }), { maxItems: 10 })),
    domains: Type.Optional(Type.Array(Type.String({ minLength: 3, maxLength: 253, pattern: '^(https?://)?[A-Za-z0-9.-]+\\.[A-Za-z]{2,}(/.*)?$' }), { maxItems: 10 })),
    countries: Type.Optional(Type.Array(Country, { maxItems: 10 })),
  },
  { additionalProperties: false },
);
export type PartyT = Static<typeof Party>;

export const InquiryReport = Type.Object(
  {
    received_at: Type.String({ format: 'date', description: 'date the inquiry came in (YYYY-MM-DD)' }),
    channel: lit(CHANNELS),
    items: Type.Array(
      Type.Object(
        {
          eccn: Type.Optional(Type.String({ pattern: '^([0-9][A-E][0-9]{3}(\\.[a-z0-9]{1,4}){0,8}|EAR99)$', maxLength: 40 })),
          description: Type.Optional(Str(500)),
          quantity: Type.Optional(Type.Number({ minimum: 0, maximum: 1e9 })),
          value_usd: Type.Optional(Type.Number({ minimum: 0, maximum: 1e12 })),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 50 },
    ),
    end_use_claimed: Type.Optional(Str(500)),
    end_uses: Type.Optional(Type.Array(lit(END_USES), { maxItems: 10, uniqueItems: true })),
    end_user_claimed: Type.Optional(Type.Object({ name: Type.Optional(Str(300)), kind: Type.Optional(lit(END_USER_KINDS)), country: Type.Optional(Country) }, { additionalProperties: false })),
    destination: Type.Optional(Country),
    parties: Type.Array(Party, { minItems: 1, maxItems: 20 }),
    red_flags: Type.Array(lit(RED_FLAG_CODES), { maxItems: 20, uniqueItems: true }),
    decision: lit(DECISIONS),
    /** The reporter's own notes: encrypted, shown only to the reporting member. */
    notes: Type.Optional(Type.String({ maxLength: 5_000 })),
    /** The determination record this report was made from, when it was. */
    determination_id: Type.Optional(Type.String({ maxLength: 40 })),
  },
  { additionalProperties: false, $id: 'InquiryReport' },
);
export type InquiryReportT = Static<typeof InquiryReport>;
