/**
 * @module analysis/evaluate
 * Runs the analysis rules (rules/analysis/) over the facts of one edition with json-rules-engine and turns each
 * rule that fires into a finding: id, kind, severity, the entry (and column) involved, the evidence (the facts the
 * conditions test and those the rule names under `evidence`), the citations.
 *
 * One engine per scope, every rule at one priority, runs awaited one after another: json-rules-engine drops
 * lower-priority rules when runs overlap on one engine with several priority levels (engine-notes §1). A rule that
 * throws makes the analysis fail (AnalysisError): a report with a rule silently missing would undercount.
 */
import { Engine, type RuleProperties } from 'json-rules-engine';
import type { AnalysisRuleSet, LoadedAnalysisRule } from '../load/analysis-rules.ts';
import type { AnalysisScope, FindingKind, Severity } from '../schema/analysis-rule.ts';
import type { CitationT } from '../schema/common.ts';
import type { EditionFacts, Facts } from './facts.ts';

export interface AnalysisFinding {
  /** `<rule>:<eccn>[:<column>]@<edition>`: stable across runs of the same data. */
  readonly id: string;
  readonly rule: string;
  readonly kind: FindingKind;
  readonly severity: Severity;
  readonly scope: AnalysisScope;
  readonly edition: string;
  readonly eccn: string;
  readonly column: string | null;
  readonly summary: string;
  readonly evidence: Readonly<Record<string, unknown>>;
  readonly citations: readonly CitationT[];
}

export class AnalysisError extends Error {
  constructor(message: string, readonly rule: string) { super(message); this.name = 'AnalysisError'; }
}

const leaves = (r: LoadedAnalysisRule) => ('all' in r.conditions ? r.conditions.all : r.conditions.any);

function toProperties(r: LoadedAnalysisRule): RuleProperties {
  const ls = leaves(r).map((c) => ({ fact: c.fact, operator: c.operator, value: c.value }));
  return { name: r.id, priority: 1, conditions: ('all' in r.conditions ? { all: ls } : { any: ls }) as RuleProperties['conditions'], event: { type: r.kind, params: { rule: r.id } } };
}

/** "15 CFR 746.8(a)(1)" with its eCFR address. */
function cfrCitation(cfr: string): CitationT {
  const m = /^15 CFR (7[0-9]{2}\.[0-9]{1,2})((?:\([a-z0-9]+\))*)/.exec(cfr);
  return m ? { cfr, url: `https://www.ecfr.gov/current/title-15/section-${m[1]}${m[2] ? `#p-${m[1]}${m[2]}` : ''}` } : { cfr };
}

const show = (v: unknown) => (Array.isArray(v) ? v.join(', ') : typeof v === 'number' && !Number.isInteger(v) ? `${Math.round(v * 100)} %` : String(v));

function findingOf(r: LoadedAnalysisRule, facts: Facts, edition: string): AnalysisFinding {
  const names = [...new Set([...leaves(r).map((c) => c.fact), ...(r.evidence ?? [])])];
  const evidence = Object.fromEntries(names.map((n) => [n, facts[n]]));
  const column = r.scope === 'column' ? String(facts.column) : null;
  return {
    id: `${r.id}:${facts.eccn as string}${column ? `:${column}` : ''}@${edition}`,
    rule: r.id, kind: r.kind, severity: r.severity, scope: r.scope, edition,
    eccn: facts.eccn as string, column,
    summary: r.summary.replace(/\{([a-z_]+)\}/g, (_m, f: string) => show(facts[f])),
    evidence,
    // The rule's citation, and those of the requirements its evidence names ("746.8: 15 CFR 746.8(a)(1)").
    citations: [r.citation, ...((evidence.subsumed_by as string[] | undefined) ?? []).map((x) => x.replace(/^[^:]+: /, '')).map(cfrCitation)],
  };
}

/** Every finding of the edition, in rule order, then entry and column order. */
export async function evaluateRules(set: AnalysisRuleSet, facts: EditionFacts): Promise<AnalysisFinding[]> {
  const out: AnalysisFinding[] = [];
  for (const scope of ['column', 'eccn'] as const) {
    const rules = set.rules.filter((r) => r.scope === scope);
    if (!rules.length) continue;
    const byId = new Map(rules.map((r) => [r.id, r]));
    const engine = new Engine(rules.map(toProperties), { allowUndefinedFacts: false, allowUndefinedConditions: false, replaceFactsInEventParams: false });
    for (const f of scope === 'column' ? facts.columns : facts.eccns) {
      let res;
      try {
        res = await engine.run({ ...f });
      } catch (e) {
        throw new AnalysisError(`analysis rules failed on ${String(f.eccn)}${f.column ? ` ${String(f.column)}` : ''} (edition ${facts.edition}): ${(e as Error).message}`, rules.map((r) => r.id).join(','));
      }
      // Every rule must have reported, success or failure (a dropped rule would undercount without a trace).
      const reported = res.results.length + res.failureResults.length;
      if (reported !== rules.length) throw new AnalysisError(`${rules.length - reported} analysis rule(s) did not report on ${String(f.eccn)} (edition ${facts.edition})`, rules.map((r) => r.id).join(','));
      for (const ok of res.results) out.push(findingOf(byId.get(ok.name as string) as LoadedAnalysisRule, f, facts.edition));
    }
  }
  return out.sort((a, b) => a.rule.localeCompare(b.rule) || a.eccn.localeCompare(b.eccn) || (a.column ?? '').localeCompare(b.column ?? ''));
}
