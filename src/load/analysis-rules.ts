/**
 * @module load/analysis-rules
 * Loads `rules/analysis/*.yaml` (issue 9): strict YAML, the analysis-rule schema, and the checks json-rules-engine
 * would only make at run time (unknown facts or operators, evidence or summary placeholders that name no fact), all
 * issues reported at once. The decision rules' loader (load/rules.ts) leaves this folder to this one.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Issue } from '../errors.ts';
import { LoadError } from '../errors.ts';
import { ANALYSIS_FACTS, AnalysisRuleFile, type AnalysisRuleFileT } from '../schema/analysis-rule.ts';
import { locateIssue } from './locate.ts';
import { readFilesByKind } from './read-kinds.ts';
import { createValidator } from './validate.ts';
import { walk } from './walk.ts';

export const ANALYSIS_RULES_DIR = 'rules/analysis';
/** The operators analysis rules may use: json-rules-engine's own. */
export const ANALYSIS_OPERATORS = ['equal', 'notEqual', 'in', 'notIn', 'contains', 'doesNotContain', 'lessThan', 'lessThanInclusive', 'greaterThan', 'greaterThanInclusive'] as const;

export interface LoadedAnalysisRule extends AnalysisRuleFileT { readonly file: string }
export interface AnalysisRuleSet { readonly rules: readonly LoadedAnalysisRule[]; readonly hash: string }

let validator: ReturnType<typeof createValidator> | undefined;

export function checkAnalysisRules(root: string): { rules?: AnalysisRuleSet; issues: Issue[] } {
  validator ??= createValidator({ analysis_rule: AnalysisRuleFile });
  const dir = join(root, ANALYSIS_RULES_DIR);
  if (!existsSync(dir)) return { issues: [{ code: 'RULESET_NOT_FOUND', file: ANALYSIS_RULES_DIR, message: 'no analysis rules folder', hint: `${ANALYSIS_RULES_DIR}/ holds the rules of the overlap, unilateral and outdated reports` }] };
  const issues: Issue[] = [];
  const rules: LoadedAnalysisRule[] = [];
  const hash = createHash('sha256');
  const ids = new Map<string, string>();
  const { byKind, located } = readFilesByKind(root, walk(dir), issues, {
    skip: () => false,
    kindOf: (rel) => (rel.endsWith('.yaml') ? 'analysis_rule' : undefined),
    unknown: (rel) => ({ code: 'RULESET_PATH_INVALID', file: rel, message: `only .yaml files belong in ${ANALYSIS_RULES_DIR}/`, hint: 'rename or remove the file' }),
    validator, hash,
  });
  for (const { file: rel, data } of byKind.get('analysis_rule') ?? []) {
    const rule = { ...(data as AnalysisRuleFileT), file: rel };
    const add = (pointer: string, code: string, message: string, hint: string) => issues.push(locateIssue({ code, file: rel, pointer, message, hint }, located.get(rel)));
    const stem = rel.replace(/^.*\//, '').replace(/\.yaml$/, '');
    if (stem !== rule.id) add('/id', 'RULESET_SEMANTIC_INVALID', `rule '${rule.id}' is in a file named '${stem}.yaml'`, `rename the file to ${rule.id}.yaml`);
    const prev = ids.get(rule.id);
    if (prev) add('/id', 'RULESET_SEMANTIC_INVALID', `rule id '${rule.id}' is also used by ${prev}`, 'rule ids are unique');
    ids.set(rule.id, rel);
    const facts: readonly string[] = ANALYSIS_FACTS[rule.scope];
    const kind = 'all' in rule.conditions ? 'all' : 'any';
    const leaves = 'all' in rule.conditions ? rule.conditions.all : rule.conditions.any;
    leaves.forEach((c, i) => {
      const p = `/conditions/${kind}/${i}`;
      if (!facts.includes(c.fact)) add(`${p}/fact`, 'RULESET_REFERENCE_ERROR', `unknown fact '${c.fact}' for a ${rule.scope}-scope analysis rule`, `use one of: ${facts.join(', ')}`);
      if (!(ANALYSIS_OPERATORS as readonly string[]).includes(c.operator)) add(`${p}/operator`, 'RULESET_SEMANTIC_INVALID', `unknown operator '${c.operator}'`, `use one of: ${ANALYSIS_OPERATORS.join(', ')}`);
      if (typeof c.value === 'string' && c.value.startsWith('$')) add(`${p}/value`, 'RULESET_REFERENCE_ERROR', 'analysis rules take no placeholders', 'write the value, or compare with another fact: { fact: name }');
      if (c.value && typeof c.value === 'object' && !Array.isArray(c.value) && !facts.includes(c.value.fact)) add(`${p}/value/fact`, 'RULESET_REFERENCE_ERROR', `unknown fact '${c.value.fact}'`, `use one of: ${facts.join(', ')}`);
    });
    (rule.evidence ?? []).forEach((f, i) => { if (!facts.includes(f)) add(`/evidence/${i}`, 'RULESET_REFERENCE_ERROR', `unknown fact '${f}' in evidence`, `use one of: ${facts.join(', ')}`); });
    for (const m of rule.summary.matchAll(/\{([a-z_]+)\}/g)) if (!facts.includes(m[1] as string)) add('/summary', 'RULESET_REFERENCE_ERROR', `the summary names an unknown fact '{${m[1]}}'`, `use one of: ${facts.join(', ')}`);
    rules.push(rule);
  }
  if (rules.length === 0 && issues.length === 0) issues.push({ code: 'RULESET_NOT_FOUND', file: ANALYSIS_RULES_DIR, message: 'no analysis rules found', hint: `${ANALYSIS_RULES_DIR}/ must hold at least one rule` });
  if (issues.length) return { issues };
  rules.sort((a, b) => a.id.localeCompare(b.id));
  return { rules: { rules, hash: hash.digest('hex') }, issues };
}

export function loadAnalysisRules(root: string): AnalysisRuleSet {
  const r = checkAnalysisRules(root);
  if (!r.rules) throw new LoadError(r.issues);
  return r.rules;
}
