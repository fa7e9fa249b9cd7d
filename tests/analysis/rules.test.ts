/**
 * The analysis rules (rules/analysis/) as a mechanism, without a knowledge base: every rule is run by evaluateRules
 * over hand-made fact sets, one that must make it fire and one that must not, and the finding it makes is checked
 * (id, kind, severity, entry and column, evidence, summary, citations). Then the loader's checks (unknown fact,
 * operator or summary placeholder, with file:line) and the failure of a run with a fact missing.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AnalysisError, evaluateRules } from '../../src/analysis/evaluate.ts';
import type { EditionFacts, Facts } from '../../src/analysis/facts.ts';
import { LoadError } from '../../src/errors.ts';
import { checkAnalysisRules, loadAnalysisRules, type AnalysisRuleSet, type LoadedAnalysisRule } from '../../src/load/analysis-rules.ts';
import { ANALYSIS_FACTS } from '../../src/schema/analysis-rule.ts';
import { REPO_ROOT } from '../helpers/kb.ts';
import { lineOf, tempCopies } from '../helpers/temp.ts';

const set = loadAnalysisRules(REPO_ROOT);
const EDITION = '2030-06-01';

/** A column fact set on which no rule fires: a multilateral NS column, decisive everywhere, nothing subsumed. */
const COLUMN_BASE: Facts = {
  eccn: '9A902', category: '9', column: 'NS1', reason: 'NS', map_kind: 'wassenaar_dual_use',
  required: 3, required_destinations: ['LI', 'NO', 'SJ'],
  subsumed: 0, subsumed_share: 0, subsumed_destinations: [], subsumed_by: [], subsumed_by_destination: [],
  subsumed_if_military: 0, subsumed_if_military_destinations: [],
  duplicated_by: [], duplicated_by_count: 0, decisive: 3, decisive_destinations: ['LI', 'NO', 'SJ'],
  multilateral: true, basis: 'Wassenaar Arrangement',
};

/** An entry fact set on which no rule fires: a Wassenaar entry with no divergence, no outdated signal. */
const ECCN_BASE: Facts = {
  eccn: '9A902', category: '9', map_kind: 'wassenaar_dual_use', has_counterpart: true, multilateral: true, counterparts: ['9.A.2'],
  license_destinations: 40, unilateral_only: 0, unilateral_only_destinations: [],
  all_destinations: false, all_destinations_text: '',
  stricter: 0, looser: 0, to_review: 0, parameters: [], not_used_in_wassenaar: 0, not_used_paragraphs: [], not_used_since: '',
  reserved_paragraphs: [], reserved_count: 0, dangling_references: [], dangling_count: 0,
  passed_dates: [], passed_dates_count: 0, unchanged_across_editions: false, benchmarks_exceeded: [], benchmarks_exceeded_count: 0,
};

/** The firing fact set is about 9A901, the other about 9A902, so a finding names which one made it. */
const column = (o: Record<string, unknown>): Facts => ({ ...COLUMN_BASE, ...o });
const eccn = (o: Record<string, unknown>): Facts => ({ ...ECCN_BASE, ...o });
const FIRES = { eccn: '9A901' };

/** Per rule: overrides of the neutral facts that must make it fire, and overrides that must not (a near miss). */
const CASES: Record<string, { fire: Record<string, unknown>; not: Record<string, unknown> }> = {
  'chart-column-partly-subsumed': {
    fire: { subsumed: 1, subsumed_share: 1 / 3, subsumed_destinations: ['LI'], subsumed_by: ['746.90: 15 CFR 746.90(a)'], subsumed_by_destination: ['LI 746.90'], decisive: 2, decisive_destinations: ['NO', 'SJ'] },
    // Subsumed everywhere is not "partly".
    not: { subsumed: 3, subsumed_share: 1, subsumed_destinations: ['LI', 'NO', 'SJ'], subsumed_by: ['746.90: 15 CFR 746.90(a)'], subsumed_by_destination: ['LI 746.90', 'NO 746.90', 'SJ 746.90'], decisive: 0, decisive_destinations: [] },
  },
  'chart-column-subsumed': {
    fire: { subsumed: 3, subsumed_share: 1, subsumed_destinations: ['LI', 'NO', 'SJ'], subsumed_by: ['746.8: 15 CFR 746.8(a)(1)', '746.90: 15 CFR 746.90(a)'], subsumed_by_destination: ['LI 746.90', 'NO 746.8', 'SJ 746.90'], decisive: 0, decisive_destinations: [] },
    not: { subsumed: 2, subsumed_share: 2 / 3, subsumed_destinations: ['LI', 'SJ'], subsumed_by: ['746.90: 15 CFR 746.90(a)'], subsumed_by_destination: ['LI 746.90', 'SJ 746.90'], decisive: 1, decisive_destinations: ['NO'] },
  },
  'chart-column-subsumed-if-military': {
    fire: { subsumed_if_military: 1, subsumed_if_military_destinations: ['NO'] },
    not: { subsumed_if_military: 0, subsumed_if_military_destinations: [] },
  },
  'chart-requirement-without-multilateral-basis': {
    fire: { column: 'RS1', reason: 'RS', multilateral: false, basis: 'none recorded in the cross-regime map' },
    // No destination needs a licence under the column: nothing to report.
    not: { column: 'RS1', reason: 'RS', multilateral: false, basis: 'none recorded in the cross-regime map', required: 0, required_destinations: [], decisive: 0, decisive_destinations: [] },
  },
  'reason-duplicates-another': {
    fire: { column: 'AT1', reason: 'AT', duplicated_by: ['NS1'], duplicated_by_count: 1 },
    not: { column: 'AT1', reason: 'AT', duplicated_by: [], duplicated_by_count: 0 },
  },
  'reason-never-decides': {
    fire: { decisive: 0, decisive_destinations: [] },
    not: { required: 0, required_destinations: [], decisive: 0, decisive_destinations: [] },
  },
  'dangling-related-control': {
    fire: { dangling_references: ['9A999'], dangling_count: 1 },
    not: {},
  },
  'entry-requires-licence-everywhere': {
    fire: { all_destinations: true, all_destinations_text: 'A license is required for ALL destinations, regardless of end-use.' },
    not: { all_destinations: false, all_destinations_text: '' },
  },
  'entry-without-multilateral-counterpart': {
    fire: { map_kind: 'us_only_anti_terrorism', has_counterpart: false, multilateral: false, counterparts: [], license_destinations: 6 },
    // Another regime is a multilateral counterpart.
    not: { map_kind: 'other_regime', has_counterpart: false, multilateral: true, counterparts: [] },
  },
  'licence-only-from-unilateral-controls': {
    fire: { unilateral_only: 2, unilateral_only_destinations: ['CN', 'VE'] },
    not: {},
  },
  'mass-market-exceeds-threshold': {
    fire: { benchmarks_exceeded: ['fx-widget-range', 'fx-gadget-range'], benchmarks_exceeded_count: 2 },
    not: {},
  },
  'paragraph-not-used-in-wassenaar': {
    fire: { not_used_in_wassenaar: 2, not_used_paragraphs: ['9A901.b', '9A901.c'], not_used_since: '2011' },
    not: {},
  },
  'parameter-to-review': {
    fire: { to_review: 1, parameters: ['9A901.a: 100 km in the EAR, 100000 m in the list (to review)'] },
    not: { stricter: 1, parameters: ['9A901.a: 90 km in the EAR, 100 km in the list (EAR stricter)'] },
  },
  'reserved-paragraphs': {
    fire: { reserved_paragraphs: ['9A901.b'], reserved_count: 1 },
    not: {},
  },
  'threshold-differs-from-wassenaar': {
    // Looser alone is enough (the rule's conditions are `any`).
    fire: { looser: 1, parameters: ['9A901.a: 110 km in the EAR, 100 km in the list (EAR looser)'] },
    not: { to_review: 1, parameters: ['9A901.a: 100 km in the EAR, 100000 m in the list (to review)'] },
  },
  'time-limit-passed': {
    fire: { passed_dates: ['until January 1, 2030'], passed_dates_count: 1 },
    not: {},
  },
  'unchanged-while-wassenaar-moved': {
    fire: { unchanged_across_editions: true, not_used_in_wassenaar: 1, not_used_paragraphs: ['9A901.b'], not_used_since: '2011' },
    // Dropped by the list, but the entry was amended since the first edition.
    not: { unchanged_across_editions: false, not_used_in_wassenaar: 1, not_used_paragraphs: ['9A902.b'], not_used_since: '2011' },
  },
};

const leafFacts = (r: LoadedAnalysisRule) => ('all' in r.conditions ? r.conditions.all : r.conditions.any).map((c) => c.fact);
/** How evaluate.ts writes a fact into a summary. */
const shown = (v: unknown) => (Array.isArray(v) ? v.join(', ') : typeof v === 'number' && !Number.isInteger(v) ? `${Math.round(v * 100)} %` : String(v));
const only = (r: LoadedAnalysisRule): AnalysisRuleSet => ({ rules: [r], hash: set.hash });
const factsOf = (scope: 'column' | 'eccn', list: Facts[]): EditionFacts => ({ edition: EDITION, columns: scope === 'column' ? list : [], eccns: scope === 'eccn' ? list : [] });

describe('the neutral fact sets', () => {
  it('hold every fact of their scope, and nothing else', () => {
    expect(Object.keys(COLUMN_BASE).sort()).toEqual([...ANALYSIS_FACTS.column].sort());
    expect(Object.keys(ECCN_BASE).sort()).toEqual([...ANALYSIS_FACTS.eccn].sort());
  });

  it('make no rule fire', async () => {
    expect(await evaluateRules(set, { edition: EDITION, columns: [COLUMN_BASE], eccns: [ECCN_BASE] })).toEqual([]);
  });

  it('every rule of rules/analysis/ has a case here (a new rule needs one)', () => {
    expect(set.rules.map((r) => r.id).sort()).toEqual(Object.keys(CASES).sort());
    expect(set.rules).toHaveLength(17);
  });
});

describe.each(set.rules.map((r) => [r.id, r] as const))('analysis rule %s', (id, rule) => {
  const c = CASES[id] as (typeof CASES)[string];
  const base = rule.scope === 'column' ? column : eccn;
  const fire = base({ ...c.fire, ...FIRES });
  const not = base(c.not);

  it('fires on its case, and makes the finding the rule describes', async () => {
    const found = await evaluateRules(only(rule), factsOf(rule.scope, [fire]));
    expect(found).toHaveLength(1);
    const f = found[0]!;
    const col = rule.scope === 'column' ? String(fire.column) : null;
    expect(f.id).toBe(`${id}:9A901${col ? `:${col}` : ''}@${EDITION}`);
    expect(f).toMatchObject({ rule: id, kind: rule.kind, severity: rule.severity, scope: rule.scope, edition: EDITION, eccn: '9A901', column: col });
    // Evidence: the facts the conditions test and those the rule names, with their values.
    const names = [...new Set([...leafFacts(rule), ...(rule.evidence ?? [])])];
    expect(Object.keys(f.evidence).sort()).toEqual([...names].sort());
    for (const n of leafFacts(rule)) expect(f.evidence[n], n).toEqual(fire[n]);
    for (const n of names) expect(f.evidence[n], n).toEqual(fire[n]);
    // Summary: every placeholder filled with the fact's value.
    expect(f.summary).not.toMatch(/\{[a-z_]+\}/);
    expect(f.summary.startsWith('9A901')).toBe(true);
    for (const m of rule.summary.matchAll(/\{([a-z_]+)\}/g)) expect(f.summary).toContain(shown(fire[m[1] as string]));
    // Citations: the rule's first, then those of the broader requirements named in the evidence.
    expect(f.citations[0]).toEqual(rule.citation);
    const named = (f.evidence.subsumed_by as string[] | undefined) ?? [];
    expect(f.citations.slice(1).map((x) => x.cfr)).toEqual(named.map((x) => x.replace(/^[^:]+: /, '')));
  });

  it('does not fire on its near miss', async () => {
    expect(await evaluateRules(only(rule), factsOf(rule.scope, [not]))).toEqual([]);
  });

  it('among all the rules, reports the firing entry and not the other', async () => {
    const found = (await evaluateRules(set, factsOf(rule.scope, [not, fire]))).filter((f) => f.rule === id);
    expect(found.map((f) => f.eccn)).toEqual(['9A901']);
  });
});

describe('findings', () => {
  it('cite the broader requirements a subsumed column names, with their eCFR addresses', async () => {
    const rule = set.rules.find((r) => r.id === 'chart-column-subsumed') as LoadedAnalysisRule;
    const [f] = await evaluateRules(only(rule), factsOf('column', [column({ ...CASES['chart-column-subsumed']!.fire, ...FIRES })]));
    expect(f?.citations.slice(1)).toEqual([
      { cfr: '15 CFR 746.8(a)(1)', url: 'https://www.ecfr.gov/current/title-15/section-746.8#p-746.8(a)(1)' },
      { cfr: '15 CFR 746.90(a)', url: 'https://www.ecfr.gov/current/title-15/section-746.90#p-746.90(a)' },
    ]);
    expect(f?.summary).toBe('9A901 NS1: all 3 destinations it marks already need a licence under 746.8: 15 CFR 746.8(a)(1), 746.90: 15 CFR 746.90(a).');
  });

  it('show a share as a percentage and a list joined by commas', async () => {
    const rule = set.rules.find((r) => r.id === 'chart-column-partly-subsumed') as LoadedAnalysisRule;
    const [f] = await evaluateRules(only(rule), factsOf('column', [column({ ...CASES['chart-column-partly-subsumed']!.fire, ...FIRES })]));
    expect(f?.summary).toBe('9A901 NS1: subsumed for 1 of the 3 destinations it marks (746.90: 15 CFR 746.90(a)).');
    const share = await evaluateRules({ rules: [{ ...rule, summary: '{eccn} {column}: {subsumed_share} of {required_destinations}' }], hash: set.hash }, factsOf('column', [column({ ...CASES['chart-column-partly-subsumed']!.fire, ...FIRES })]));
    expect(share[0]?.summary).toBe('9A901 NS1: 33 % of LI, NO, SJ');
  });

  it('come sorted by rule, then entry, then column', async () => {
    const found = await evaluateRules(set, {
      edition: EDITION,
      columns: [column({ eccn: '9A902', column: 'RS1', reason: 'RS', multilateral: false, decisive: 0 }), column({ eccn: '9A901', column: 'RS2', reason: 'RS', multilateral: false }), column({ eccn: '9A901', column: 'CC1', reason: 'CC', multilateral: false })],
      eccns: [eccn({ eccn: '9A902', reserved_count: 1, reserved_paragraphs: ['9A902.b'] })],
    });
    expect(found.map((f) => `${f.rule} ${f.eccn} ${f.column ?? ''}`)).toEqual([
      'chart-requirement-without-multilateral-basis 9A901 CC1',
      'chart-requirement-without-multilateral-basis 9A901 RS2',
      'chart-requirement-without-multilateral-basis 9A902 RS1',
      'reason-never-decides 9A902 RS1',
      'reserved-paragraphs 9A902 ',
    ]);
  });
});

describe('a run with a fact missing', () => {
  it('fails with AnalysisError naming the entry and edition (column scope)', async () => {
    const { required: _r, ...missing } = COLUMN_BASE;
    const e = await evaluateRules(set, { edition: EDITION, columns: [missing], eccns: [] }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AnalysisError);
    expect((e as AnalysisError).message).toMatch(/9A902 NS1 \(edition 2030-06-01\)/);
    expect((e as AnalysisError).rule).toContain('chart-column-subsumed');
  });

  it('fails with AnalysisError (entry scope)', async () => {
    const { dangling_count: _d, ...missing } = ECCN_BASE;
    await expect(evaluateRules(set, { edition: EDITION, columns: [], eccns: [missing] })).rejects.toBeInstanceOf(AnalysisError);
  });
});

describe('the analysis-rule loader', () => {
  const temp = tempCopies('dualuse-arules-');
  const REL = 'rules/analysis/bad-rule.yaml';
  const BAD = `id: bad-rule
description: A rule with mistakes, for the loader test.
method: None.
citation: { cfr: "15 CFR 738.4(a)(2)" }
kind: overlap
severity: low
scope: column
conditions:
  all:
    - { fact: nonsense, operator: greaterThan, value: 0 }
    - { fact: required, operator: approximately, value: 3 }
    - { fact: all_destinations, operator: equal, value: true }
evidence: [ required, not_a_fact ]
summary: "{eccn} {column}: {bogus}"
`;

  it('accepts the repository rules: 17, named after their files', () => {
    const r = checkAnalysisRules(REPO_ROOT);
    expect(r.issues).toEqual([]);
    expect(r.rules?.rules).toHaveLength(17);
    for (const x of r.rules?.rules ?? []) expect(x.file).toBe(`rules/analysis/${x.id}.yaml`);
  });

  it('rejects unknown facts, operators and summary placeholders, with file:line', () => {
    const root = temp([[join(REPO_ROOT, 'rules/analysis'), 'rules/analysis']]);
    writeFileSync(join(root, REL), BAD);
    const r = checkAnalysisRules(root);
    expect(r.rules).toBeUndefined();
    const at = (pointer: string) => r.issues.find((i) => i.pointer === pointer);
    expect(at('/conditions/all/0/fact')).toMatchObject({ code: 'RULESET_REFERENCE_ERROR', file: REL, line: lineOf(root, REL, 'nonsense') });
    expect(at('/conditions/all/0/fact')?.message).toMatch(/unknown fact 'nonsense'/);
    expect(at('/conditions/all/1/operator')).toMatchObject({ code: 'RULESET_SEMANTIC_INVALID', file: REL, line: lineOf(root, REL, 'approximately') });
    expect(at('/conditions/all/1/operator')?.message).toMatch(/unknown operator 'approximately'/);
    // A fact of the other scope is unknown here.
    expect(at('/conditions/all/2/fact')).toMatchObject({ code: 'RULESET_REFERENCE_ERROR', file: REL, line: lineOf(root, REL, 'all_destinations') });
    expect(at('/evidence/1')).toMatchObject({ code: 'RULESET_REFERENCE_ERROR', file: REL, line: lineOf(root, REL, 'not_a_fact') });
    expect(at('/summary')).toMatchObject({ code: 'RULESET_REFERENCE_ERROR', file: REL, line: lineOf(root, REL, '{bogus}') });
    expect(at('/summary')?.message).toMatch(/\{bogus\}/);
    expect(r.issues).toHaveLength(5);
    expect(() => loadAnalysisRules(root)).toThrow(LoadError);
  });

  it('rejects a rule whose id is not its file name, and a missing folder', () => {
    const root = temp([[join(REPO_ROOT, 'rules/analysis'), 'rules/analysis']]);
    writeFileSync(join(root, 'rules/analysis/other-name.yaml'), BAD.replace(/nonsense/, 'required').replace('approximately', 'lessThan').replace(/\n {4}- \{ fact: all_destinations.*\n/, '\n').replace(', not_a_fact', '').replace('{bogus}', '{required}'));
    const r = checkAnalysisRules(root);
    expect(r.issues).toEqual([expect.objectContaining({ code: 'RULESET_SEMANTIC_INVALID', file: 'rules/analysis/other-name.yaml', pointer: '/id', line: 1 })]);
    const empty = temp([]);
    mkdirSync(join(empty, 'rules'));
    expect(checkAnalysisRules(empty).issues).toEqual([expect.objectContaining({ code: 'RULESET_NOT_FOUND' })]);
  });
});
