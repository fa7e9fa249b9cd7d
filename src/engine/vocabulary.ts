/**
 * @module engine/vocabulary
 * What rules may refer to, per scope: the facts the engine supplies, the operators it registers, and the
 * placeholders it fills when it instantiates a rule. `load/rules.ts` checks every rule against this at load time.
 */
import type { RuleVocabulary } from '../load/rules.ts';

export const FACTS = {
  row: ['item_paragraph', 'destination', 'edition'],
  item: ['requirements_known', 'other_authority', 'item_known'],
  control: ['place', 'item', 'end_use_context', 'end_use_stated'],
  exception: ['entry_value', 'destination', 'value_known', 'value_usd', 'lvs_amount', 'restricted', 'item_reasons', 'requirement_reasons'],
  transaction: ['red_flag_count'],
  conclusion: ['item_known', 'requirements_found', 'reviews_found', 'evaluation_errors', 'rules_evaluated'],
} as const;

export const CUSTOM_OPERATORS = [
  'markedInColumn', 'rowMayApply', 'inRowDestinations', 'referralNotEncoded',
  'controlDestinationMatches', 'controlItemMatches', 'controlEndUseMatches', 'controlFactsMissing',
  'inGroup', 'inAnyGroup', 'notInAnyGroup', 'inExceptionDestinations', 'reasonsWithinTerms',
] as const;
export const BUILTIN_OPERATORS = ['equal', 'notEqual', 'in', 'notIn', 'contains', 'doesNotContain', 'lessThan', 'lessThanInclusive', 'greaterThan', 'greaterThanInclusive'] as const;

export const PLACEHOLDERS = {
  row: ['$row.index', '$row.column', '$row.section'],
  control: ['$control.id', '$control.outcome', '$control.basis', '$control.section'],
} as const;

export const VOCABULARY: RuleVocabulary = {
  facts: FACTS,
  operators: [...CUSTOM_OPERATORS, ...BUILTIN_OPERATORS],
  placeholders: PLACEHOLDERS,
};
