/**
 * @module load/rules
 * Loads `rules/**\/*.yaml` (the decision logic) with the same strict YAML and schema checks as the knowledge base,
 * and checks what json-rules-engine would only discover at run time: unknown facts, unknown operators, bad
 * placeholders. All problems are collected and reported together.
 */
import { createHash } from 'node:crypto';
import { walk } from './walk.ts';
import { join, relative, sep } from 'node:path';
import type { Issue } from '../errors.ts';
import { LoadError } from '../errors.ts';
import { RuleFile, type RuleFileT } from '../schema/rule.ts';
import { readValidated } from './read-file.ts';
import { createValidator } from './validate.ts';
import { locateIssue } from './locate.ts';

export interface LoadedRule extends RuleFileT { readonly file: string }
export interface RuleSet { readonly rules: readonly LoadedRule[]; readonly hash: string }

/** What the engine provides, so that rules can be checked at load time (T13, T14). */
export interface RuleVocabulary {
  facts: Readonly<Record<string, readonly string[]>>; // scope → fact names
  operators: readonly string[];
  placeholders: Readonly<Record<string, readonly string[]>>; // scope → allowed "$x.y" placeholders
}

let validator: ReturnType<typeof createValidator> | undefined;

export function checkRules(root: string, vocab: RuleVocabulary): { rules?: RuleSet; issues: Issue[] } {
  validator ??= createValidator({ rule: RuleFile });
  const issues: Issue[] = [];
  const rules: LoadedRule[] = [];
  const hash = createHash('sha256');
  let paths: string[];
  try { paths = walk(join(root, 'rules')); } catch (e) {
    return { issues: [{ code: 'RULESET_NOT_FOUND', file: 'rules', message: `cannot read the rules folder: ${(e as Error).message}` }] };
  }
  const ids = new Map<string, string>();
  for (const abs of paths) {
    const rel = relative(root, abs).split(sep).join('/');
    if (/\.(md|txt)$/i.test(rel)) continue;
    // rules/analysis/ holds the analysis rules (own schema and loader: load/analysis-rules.ts), not decision rules.
    if (rel.startsWith('rules/analysis/')) continue;
    if (!rel.endsWith('.yaml')) { issues.push({ code: 'RULESET_PATH_INVALID', file: rel, message: 'only .yaml files belong in rules/', hint: 'rename or remove the file' }); continue; }
    const read = readValidated(abs, rel, 'rule', validator, hash);
    if (!read.ok) { issues.push(...read.issues); continue; }
    const rule = { ...(read.data as RuleFileT), file: rel };
    const add = (pointer: string, code: string, message: string, hint: string) => issues.push(locateIssue({ code, file: rel, pointer, message, hint }, read.where));
    const stem = rel.replace(/^.*\//, '').replace(/\.yaml$/, '');
    if (stem !== rule.id) add('/id', 'RULESET_SEMANTIC_INVALID', `rule '${rule.id}' is in a file named '${stem}.yaml'`, `rename the file to ${rule.id}.yaml`);
    const prev = ids.get(rule.id);
    if (prev) add('/id', 'RULESET_SEMANTIC_INVALID', `rule id '${rule.id}' is also used by ${prev}`, 'rule ids are unique');
    ids.set(rule.id, rel);
    if (rule.in_force.to && rule.in_force.to < rule.in_force.from) add('/in_force/to', 'RULESET_SEMANTIC_INVALID', `in force to ${rule.in_force.to} is before from ${rule.in_force.from}`, 'fix the dates');
    const facts = new Set(vocab.facts[rule.scope] ?? []);
    const placeholders = new Set(vocab.placeholders[rule.scope] ?? []);
    const leaves = 'all' in rule.conditions ? rule.conditions.all : rule.conditions.any;
    const kind = 'all' in rule.conditions ? 'all' : 'any';
    leaves.forEach((c, i) => {
      const p = `/conditions/${kind}/${i}`;
      if (!facts.has(c.fact)) add(`${p}/fact`, 'RULESET_REFERENCE_ERROR', `unknown fact '${c.fact}' for a ${rule.scope}-scope rule`, `use one of: ${[...facts].join(', ')}`);
      const op = c.operator.replace(/^not:/, '');
      if (!vocab.operators.includes(op)) add(`${p}/operator`, 'RULESET_SEMANTIC_INVALID', `unknown operator '${c.operator}'`, `use one of: ${vocab.operators.join(', ')}`);
      if (typeof c.value === 'string' && c.value.startsWith('$') && !placeholders.has(c.value)) add(`${p}/value`, 'RULESET_REFERENCE_ERROR', `unknown placeholder '${c.value}' for a ${rule.scope}-scope rule`, placeholders.size ? `use one of: ${[...placeholders].join(', ')}` : 'this scope has no placeholders');
      if (c.value && typeof c.value === 'object' && !Array.isArray(c.value) && !facts.has(c.value.fact)) add(`${p}/value/fact`, 'RULESET_REFERENCE_ERROR', `unknown fact '${c.value.fact}'`, `use one of: ${[...facts].join(', ')}`);
    });
    for (const [k, v] of Object.entries(rule.event.params)) {
      if (typeof v === 'string' && v.startsWith('$') && !placeholders.has(v)) add(`/event/params/${k}`, 'RULESET_REFERENCE_ERROR', `unknown placeholder '${v}'`, placeholders.size ? `use one of: ${[...placeholders].join(', ')}` : 'this scope has no placeholders');
    }
    if (rule.event.type === '$control.outcome' && rule.scope !== 'control') add('/event/type', 'RULESET_SEMANTIC_INVALID', "'$control.outcome' is only meaningful in control-scope rules", 'use a fixed event type');
    rules.push(rule);
  }
  if (rules.length === 0 && issues.length === 0) issues.push({ code: 'RULESET_NOT_FOUND', file: 'rules', message: 'no rules found', hint: 'rules/ must hold the decision rules' });
  if (issues.length) return { issues };
  return { rules: { rules, hash: hash.digest('hex') }, issues };
}

export function loadRules(root: string, vocab: RuleVocabulary): RuleSet {
  const r = checkRules(root, vocab);
  if (!r.rules) throw new LoadError(r.issues);
  return r.rules;
}
