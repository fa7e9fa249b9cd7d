/**
 * @module schema/analysis-rule
 * One analysis rule per file under `rules/analysis/` (issue 9): a json-rules-engine rule over facts about a Country
 * Chart column of an entry (`column` scope) or about an entry (`eccn` scope), computed for one edition by
 * src/analysis/facts.ts. When it fires it makes a finding of its `kind` and `severity`, with the facts named in its
 * conditions and `evidence` as the finding's evidence. `method` says how the facts are computed, in words a reader
 * of the methodology page can check; `citation` is the regulation the finding rests on.
 *
 * The facts each scope offers are listed here, so the loader can reject an unknown fact before anything runs.
 */
import { Type, type Static } from '@sinclair/typebox';
import { Citation, StringEnum, Text } from './common.ts';
import { LeafCondition } from './rule.ts';

export const ANALYSIS_SCOPES = ['column', 'eccn'] as const;
export type AnalysisScope = (typeof ANALYSIS_SCOPES)[number];
export const FINDING_KINDS = ['subsumed', 'overlap', 'unilateral', 'outdated'] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];
export const SEVERITIES = ['high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** The facts of each scope (src/analysis/facts.ts computes them; the methodology page defines each). */
export const ANALYSIS_FACTS = {
  column: [
    'eccn', 'category', 'column', 'reason', 'map_kind',
    'required', 'required_destinations',
    'subsumed', 'subsumed_share', 'subsumed_destinations', 'subsumed_by', 'subsumed_by_destination',
    'subsumed_if_military', 'subsumed_if_military_destinations',
    'duplicated_by', 'duplicated_by_count', 'decisive', 'decisive_destinations',
    'multilateral', 'basis',
  ],
  eccn: [
    'eccn', 'category', 'map_kind', 'has_counterpart', 'multilateral', 'counterparts',
    'license_destinations', 'unilateral_only', 'unilateral_only_destinations',
    'all_destinations', 'all_destinations_text',
    'stricter', 'looser', 'to_review', 'parameters', 'not_used_in_wassenaar', 'not_used_paragraphs', 'not_used_since',
    'reserved_paragraphs', 'reserved_count', 'dangling_references', 'dangling_count',
    'passed_dates', 'passed_dates_count', 'unchanged_across_editions', 'benchmarks_exceeded', 'benchmarks_exceeded_count',
  ],
} as const satisfies Record<AnalysisScope, readonly string[]>;

export const AnalysisRuleFile = Type.Object(
  {
    id: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{2,60}$' }),
    description: Text(2_000),
    method: Text(3_000),
    citation: Citation,
    kind: StringEnum(FINDING_KINDS),
    severity: StringEnum(SEVERITIES),
    scope: StringEnum(ANALYSIS_SCOPES),
    conditions: Type.Union([
      Type.Object({ all: Type.Array(LeafCondition, { minItems: 1, maxItems: 12 }) }, { additionalProperties: false }),
      Type.Object({ any: Type.Array(LeafCondition, { minItems: 1, maxItems: 12 }) }, { additionalProperties: false }),
    ]),
    /** Facts copied into each finding besides those the conditions test. */
    evidence: Type.Optional(Type.Array(Type.String({ pattern: '^[a-z][a-z0-9_]{0,40}$' }), { maxItems: 12, uniqueItems: true })),
    /** One sentence per finding; `{fact}` is replaced by the fact's value. */
    summary: Text(500),
  },
  { additionalProperties: false },
);
export type AnalysisRuleFileT = Static<typeof AnalysisRuleFile>;
