/**
 * @module schema/rule
 * One decision rule per file under `rules/`: a json-rules-engine rule (conditions + event) plus what we need to
 * explain and date it. Rules are templates: a value written `"$row.column"` is filled, when the engines are built,
 * from the License Requirements row (scope `row`), the control (scope `control`), the licence exception (scope
 * `exception`) the rule is instantiated for. Country lists never appear in rules: operators look them up.
 */
import { Type, type Static } from '@sinclair/typebox';
import { Citation, IsoDate, StringEnum, Text } from './common.ts';

const Value = Type.Union([
  Type.String({ maxLength: 200 }),
  Type.Number(),
  Type.Boolean(),
  Type.Null(),
  Type.Array(Type.Union([Type.String({ maxLength: 60 }), Type.Number()]), { maxItems: 50 }),
  Type.Object({ fact: Type.String({ pattern: '^[a-z][a-z0-9_]{0,40}$' }) }, { additionalProperties: false, description: 'compare with another fact' }),
]);

export const LeafCondition = Type.Object(
  {
    fact: Type.String({ pattern: '^[a-z][a-z0-9_]{0,40}$' }),
    operator: Type.String({ pattern: '^[a-zA-Z][a-zA-Z0-9:]{0,40}$' }),
    value: Value,
    /** Shown in explanations: what it means when this condition holds, and when it does not. */
    explain: Type.Optional(Type.Object({ pass: Text(500), fail: Text(500) }, { additionalProperties: false })),
  },
  { additionalProperties: false },
);
export type LeafConditionT = Static<typeof LeafCondition>;

export const Conditions = Type.Union([
  Type.Object({ all: Type.Array(LeafCondition, { minItems: 1, maxItems: 12 }) }, { additionalProperties: false }),
  Type.Object({ any: Type.Array(LeafCondition, { minItems: 1, maxItems: 12 }) }, { additionalProperties: false }),
]);

export const RULE_SCOPES = ['row', 'item', 'control', 'exception', 'transaction', 'conclusion'] as const;
export const EVENT_TYPES = ['license_required', 'prohibited', 'needs_review', 'no_license_required', 'not_covered', 'exception_available', 'exception_not_available', 'exception_needs_review'] as const;

export const RuleFile = Type.Object(
  {
    id: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{2,60}$' }),
    description: Text(2_000),
    citation: Citation,
    in_force: Type.Object({ from: IsoDate, to: Type.Optional(IsoDate) }, { additionalProperties: false }),
    scope: StringEnum(RULE_SCOPES),
    /** For scope row / exception: which rows or exceptions get an instance of this rule. */
    instantiate_for: Type.Optional(Type.Object(
      {
        row_has_column: Type.Optional(Type.Boolean()),
        row_has_destinations: Type.Optional(Type.Boolean()),
        row_has_referral: Type.Optional(Type.Boolean()),
        exception: Type.Optional(Type.String({ pattern: '^[A-Z]{3}$' })),
        control_needs_end_use: Type.Optional(Type.Boolean()),
        control_facts_missing: Type.Optional(Type.Boolean({ description: 'instantiate only when the request lacks (true) or states (false) the facts the control depends on' })),
      },
      { additionalProperties: false },
    )),
    conditions: Conditions,
    event: Type.Object(
      {
        type: StringEnum([...EVENT_TYPES, '$control.outcome'] as const),
        params: Type.Object(
          {
            basis: Type.Optional(Type.String({ maxLength: 40 })),
            code: Type.Optional(Type.String({ maxLength: 60 })),
            text: Type.Optional(Text(2_000)),
          },
          { additionalProperties: false },
        ),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
export type RuleFileT = Static<typeof RuleFile>;
