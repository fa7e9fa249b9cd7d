/**
 * @module engine/request
 * The determination request: its JSON Schema (the same one the API and CLI validate with and OpenAPI publishes),
 * and its normalisation into checked facts. Validation failures are InvalidInputError with JSON pointers.
 */
import { Type, type Static } from '@sinclair/typebox';
import { ISO_DATE_PATTERN, StringEnum } from '../schema/common.ts';
import { END_USES, END_USER_KINDS, ITEM_ATTRIBUTES, REGIONS } from '../schema/control.ts';
import { RED_FLAG_CODES } from './red-flags.ts';

const lit = <const T extends readonly string[]>(xs: T) => StringEnum(xs);

export const DeterminationRequest = Type.Object(
  {
    ref: Type.Optional(Type.String({ maxLength: 200, description: 'your reference, echoed back' })),
    date: Type.Optional(Type.String({ pattern: ISO_DATE_PATTERN, format: 'date', description: 'date of the export (YYYY-MM-DD); default today' })),
    destination: Type.String({ minLength: 2, maxLength: 2, pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2 code of the ultimate destination, upper case (e.g. "DE")' }),
    region: Type.Optional(lit(REGIONS)),
    items: Type.Array(
      Type.Object(
        {
          eccn: Type.String({ minLength: 5, maxLength: 60, description: 'ECCN with optional paragraph ("3A001.b.2") or "EAR99"' }),
          value_usd: Type.Optional(Type.Number({ minimum: 0, maximum: 1e12, multipleOf: 0.01 })),
          attributes: Type.Optional(Type.Array(lit(ITEM_ATTRIBUTES), { maxItems: 10, uniqueItems: true })),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 100 },
    ),
    end_user: Type.Optional(Type.Object(
      {
        name: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
        kind: Type.Optional(lit(END_USER_KINDS)),
        headquarters: Type.Optional(Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO code of the country where the end user (or its ultimate parent) is headquartered' })),
      },
      { additionalProperties: false },
    )),
    parties: Type.Optional(Type.Array(
      Type.Object({ name: Type.String({ minLength: 1, maxLength: 300 }), role: Type.String({ minLength: 1, maxLength: 60 }) }, { additionalProperties: false }),
      { maxItems: 20 },
    )),
    end_uses: Type.Optional(Type.Array(lit(END_USES), { maxItems: 10, uniqueItems: true })),
    red_flags: Type.Optional(Type.Array(lit(RED_FLAG_CODES), { maxItems: 20, uniqueItems: true })),
  },
  { additionalProperties: false, $id: 'DeterminationRequest' },
);
export type DeterminationRequestT = Static<typeof DeterminationRequest>;
