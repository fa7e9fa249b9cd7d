/**
 * The analysis (src/analysis/) on the small FICTIONAL knowledge base (tests/fixtures/kb) with the real decision and
 * analysis rules: for each finding kind (subsumed, overlap, unilateral, outdated) a change to the fixture that must
 * make a rule fire and one that must not, and the burden counts worked out by hand.
 *
 * Fixture facts (tests/engine/determine.test.ts): 9A901 is NS2 + AT1 in edition 2030-01-01 and NS1 alone from
 * 2030-06-01; 9A902 is AT1; NO has an X in NS1 only; the fixture's "ZZ" (here LI) in NS1, NS2 and AT1; the territory
 * "YY" (here SJ) takes its row. The analysis asks the engine about every destination and territory, and the engine
 * refuses codes that are not ISO 3166-1 (ZZ, YY), so each temp copy renames them to LI and SJ (still fictional rows).
 * There is no Wassenaar list or cross-regime map in the fixture: no chart requirement has a multilateral basis.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyse, type Analysis, type EditionAnalysis } from '../../src/analysis/index.ts';
import { PairError } from '../../src/analysis/pairs.ts';
import { buildReport, type BurdenReport, type OverlapsReport } from '../../src/analysis/reports.ts';
import { createDeterminer, type Determiner } from '../../src/engine/determine.ts';
import { VOCABULARY } from '../../src/engine/vocabulary.ts';
import { LoadError } from '../../src/errors.ts';
import { loadKnowledgeBase } from '../../src/load/index.ts';
import { loadRules } from '../../src/load/rules.ts';
import { TODAY } from '../helpers/determiner.ts';
import { REPO_ROOT } from '../helpers/kb.ts';
import { FIXTURE_KB, editFile, tempCopies } from '../helpers/temp.ts';

const ED1 = '2030-01-01';
const ED2 = '2030-06-01';
const temp = tempCopies('dualuse-analysis-fx-');

/** A temp root: the fixture's regulations/ (ZZ → LI, YY → SJ) and the repository's rules/ (decision and analysis). */
function fixtureRoot(): string {
  const root = temp([[join(FIXTURE_KB, 'regulations'), 'regulations'], [join(REPO_ROOT, 'rules'), 'rules']]);
  renameSync(join(root, 'regulations/destinations/ZZ.yaml'), join(root, 'regulations/destinations/LI.yaml'));
  editFile(root, 'regulations/destinations/LI.yaml', (s) => s.replace('code: "ZZ"', 'code: "LI"'));
  editFile(root, 'regulations/country-chart/territories.yaml', (s) => s.replace('code: "YY"', 'code: "SJ"').replace('row_of: "ZZ"', 'row_of: "LI"'));
  editFile(root, 'regulations/country-groups/D1.yaml', (s) => s.replace('members: ["ZZ"]', 'members: ["LI"]'));
  return root;
}

function write(root: string, rel: string, text: string): void {
  mkdirSync(dirname(join(root, rel)), { recursive: true });
  writeFileSync(join(root, rel), text);
}

/** A FICTIONAL Part 746-style embargo: a licence for every item on the CCL to the destinations given. */
function embargo(root: string, countries: string[]): void {
  write(root, 'regulations/ear-text/746.90.yaml', `# FICTIONAL fixture.\nid: "746.90"\nheading: "Fictional embargo"\nsource: "https://law.example.invalid/746.90"\nas_of: "2030-01-01"\ncompleteness: "complete"\ntext: "Fictional text."\n`);
  write(root, 'regulations/controls/746/746.90-a.yaml', `# FICTIONAL fixture.
id: "746.90-a"
section: "746.90"
paragraph: "(a)"
title: "Fictional embargo on every CCL item"
basis: embargo
citation: { cfr: "15 CFR 746.90(a)", url: "https://law.example.invalid/746.90" }
text_file: "746.90"
text_as_of: "2030-01-01"
applies_when:
  destinations: { countries: [${countries.map((c) => `"${c}"`).join(', ')}] }
  items: { ccl_all: true }
outcome: license_required
license_exceptions: { policy: none }
quote: "Fictional: a license is required to export any item on the CCL there."
`);
}

/** Adds List of Items Controlled paragraphs to 9A901 (after its related ECCNs, the last lines of the file). */
function items9A901(root: string, lines: string[]): void {
  editFile(root, 'regulations/ccl/9/9A901.yaml', (s) => s.replace('  related_eccns: ["9A902"]\n', `  related_eccns: ["9A902"]\n  items:\n${lines.map((l) => `    - ${l}\n`).join('')}`));
}
const RANGE_ITEM = '{ paragraph: "a", kind: "item", depth: 1, text: "Widgets having a range exceeding 100 km;" }';

async function run(root: string): Promise<{ d: Determiner; a: Analysis }> {
  const d = createDeterminer(loadKnowledgeBase(root), loadRules(root, VOCABULARY), { today: () => TODAY });
  return { d, a: await analyse(d, root) };
}
const ed = (a: Analysis, id: string) => a.edition(id) as EditionAnalysis;
const ruleIds = (e: EditionAnalysis, rule: string) => e.findings.filter((f) => f.rule === rule).map((f) => `${f.eccn}${f.column ? ` ${f.column}` : ''}`);
const finding = (e: EditionAnalysis, id: string) => {
  const f = e.findings.find((x) => x.id === id);
  if (!f) throw new Error(`no finding ${id}; findings: ${e.findings.map((x) => x.id).join(', ')}`);
  return f;
};
const counts = (pairs: number, licence: number, subsumed: number, overlapping: number, unilateral_only: number, needs_review = 0) => ({ pairs, licence, subsumed, overlapping, unilateral_only, needs_review });

describe('a pair the engine refuses', () => {
  it('stops the analysis with PairError naming the pair (the fixture\'s ZZ is not an ISO 3166 code): no partial report', async () => {
    const root = temp([[join(FIXTURE_KB, 'regulations'), 'regulations'], [join(REPO_ROOT, 'rules'), 'rules']]);
    const d = createDeterminer(loadKnowledgeBase(root), loadRules(root, VOCABULARY), { today: () => TODAY });
    await expect(analyse(d, root)).rejects.toThrow(PairError);
    await expect(analyse(d, root)).rejects.toThrow(/the engine refused 9A90[12] to (ZZ|YY) on 2030-01-01: .*ISO 3166/);
  });
});

describe('the unchanged fixture', () => {
  it('has three destinations (SJ a territory) and two entries in each edition', async () => {
    const { a } = await run(fixtureRoot());
    expect(a.editions.map((e) => [e.edition, e.date])).toEqual([[ED1, ED1], [ED2, ED2]]);
    expect(a.latest.edition).toBe(ED2);
    expect(a.inputs.wassenaar_map_sha256).toBeNull();
    expect(a.benchmarks).toEqual([]);
    for (const e of a.editions) {
      expect(e.burden.by_destination.map((x) => x.code).sort()).toEqual(['LI', 'NO', 'SJ']);
      expect(e.eccns.map((x) => x.eccn)).toEqual(['9A901', '9A902']);
    }
    expect(ed(a, ED1).columns.map((c) => `${c.eccn as string} ${c.column as string}`)).toEqual(['9A901 NS2', '9A901 AT1', '9A902 AT1']);
    expect(ed(a, ED2).columns.map((c) => `${c.eccn as string} ${c.column as string}`)).toEqual(['9A901 NS1', '9A902 AT1']);
  });

  it('burden: the counts worked out by hand', async () => {
    const { a } = await run(fixtureRoot());
    // 2030-01-01: 9A901 (NS2, AT1) and 9A902 (AT1) need a licence to LI and SJ, not to NO: 4 of 6 pairs; 9A901 to LI
    // and SJ by two columns (overlapping); no map, so every licence rests on unilateral chart reasons only.
    const b1 = ed(a, ED1).burden;
    expect(b1.total).toEqual(counts(6, 4, 0, 2, 4));
    expect(b1.by_category).toEqual([{ category: '9', ...counts(6, 4, 0, 2, 4) }]);
    expect(b1.by_eccn).toEqual([{ eccn: '9A901', category: '9', ...counts(3, 2, 0, 2, 2) }, { eccn: '9A902', category: '9', ...counts(3, 2, 0, 0, 2) }]);
    expect(Object.fromEntries(b1.by_destination.map((x) => [x.code, { ...x, code: undefined, name: undefined }]))).toEqual({
      LI: { code: undefined, name: undefined, ...counts(2, 2, 0, 1, 2) },
      SJ: { code: undefined, name: undefined, ...counts(2, 2, 0, 1, 2) },
      NO: { code: undefined, name: undefined, ...counts(2, 0, 0, 0, 0) },
    });
    // AT: 9A901 AT1 (2) + 9A902 AT1 (2) required; decisive only for 9A902 (9A901's NS2 requires a licence as well).
    expect(b1.by_reason).toEqual([{ reason: 'AT', required: 4, subsumed: 0, decisive: 2, multilateral: 0 }, { reason: 'NS', required: 2, subsumed: 0, decisive: 0, multilateral: 0 }]);
    // 2030-06-01: 9A901 NS1 to LI, SJ and NO; 9A902 AT1 to LI and SJ: 5 of 6, one column each.
    const b2 = ed(a, ED2).burden;
    expect(b2.total).toEqual(counts(6, 5, 0, 0, 5));
    expect(b2.by_eccn.map((x) => [x.eccn, x.licence, x.overlapping])).toEqual([['9A901', 3, 0], ['9A902', 2, 0]]);
    expect(b2.by_destination.find((x) => x.code === 'NO')).toMatchObject(counts(2, 1, 0, 0, 1));
    expect(b2.by_reason).toEqual([{ reason: 'NS', required: 3, subsumed: 0, decisive: 3, multilateral: 0 }, { reason: 'AT', required: 2, subsumed: 0, decisive: 2, multilateral: 0 }]);
    // The burden report's series, with the change from the edition before.
    const r = buildReport(a, 'burden') as BurdenReport;
    expect(r.editions).toEqual([{ edition: ED1, ...counts(6, 4, 0, 2, 4), change: null }, { edition: ED2, ...counts(6, 5, 0, 0, 5), change: counts(0, 1, 0, -2, 1) }]);
    expect(r.summary).toEqual(b2.total);
  });

  it('is analysed the same way twice (a new determiner, the same findings and counts)', async () => {
    const root = fixtureRoot();
    const one = await run(root);
    const two = await run(root);
    expect(two.a).not.toBe(one.a);
    expect(JSON.stringify(two.a.editions)).toBe(JSON.stringify(one.a.editions));
    expect(two.a.inputs).toEqual(one.a.inputs);
  });
});

describe('subsumed: a chart requirement that an embargo duplicates', () => {
  it('without an embargo nothing is subsumed', async () => {
    const { a } = await run(fixtureRoot());
    for (const e of a.editions) {
      expect(e.findings.filter((f) => f.kind === 'subsumed')).toEqual([]);
      for (const c of e.columns) expect([c.subsumed, c.subsumed_destinations]).toEqual([0, []]);
    }
  });

  it('an embargo on every CCL item to LI subsumes the columns marking only LI (and SJ, which takes its row), and partly the one marking NO too', async () => {
    const root = fixtureRoot();
    embargo(root, ['LI']);
    const { d, a } = await run(root);
    const e2 = ed(a, ED2);
    // 9A902 AT1 marks LI and SJ only: fully subsumed.
    const full = finding(e2, `chart-column-subsumed:9A902:AT1@${ED2}`);
    expect(full).toMatchObject({ kind: 'subsumed', severity: 'high', eccn: '9A902', column: 'AT1' });
    expect(full.evidence).toEqual({ required: 2, subsumed_share: 1, subsumed: 2, subsumed_destinations: ['SJ', 'LI'], subsumed_by: ['746.90: 15 CFR 746.90(a)'] });
    expect(full.citations[1]).toEqual({ cfr: '15 CFR 746.90(a)', url: 'https://www.ecfr.gov/current/title-15/section-746.90#p-746.90(a)' });
    expect(full.summary).toBe('9A902 AT1: all 2 destinations it marks already need a licence under 746.90: 15 CFR 746.90(a).');
    // 9A901 NS1 also marks NO, which the embargo does not reach: partly subsumed.
    const part = finding(e2, `chart-column-partly-subsumed:9A901:NS1@${ED2}`);
    expect(part).toMatchObject({ kind: 'subsumed', severity: 'medium' });
    expect(part.evidence.subsumed_destinations).toEqual(['SJ', 'LI']);
    expect(part.summary).toBe('9A901 NS1: subsumed for 2 of the 3 destinations it marks (746.90: 15 CFR 746.90(a)).');
    expect(ruleIds(e2, 'chart-column-subsumed')).toEqual(['9A902 AT1']);
    expect(ruleIds(e2, 'chart-column-partly-subsumed')).toEqual(['9A901 NS1']);
    // 2030-01-01: every column marks LI and SJ only.
    expect(ruleIds(ed(a, ED1), 'chart-column-subsumed')).toEqual(['9A901 AT1', '9A901 NS2', '9A902 AT1']);
    expect(ruleIds(ed(a, ED1), 'chart-column-partly-subsumed')).toEqual([]);
    // The engine says the same: a chart reason of the column and the unconditional embargo.
    for (const [eccn, column, dest, date] of [['9A902', 'AT1', 'LI', ED2], ['9A902', 'AT1', 'SJ', ED2], ['9A901', 'NS1', 'LI', ED2], ['9A901', 'NS2', 'SJ', ED1]] as const) {
      const r = await d.determine({ items: [{ eccn }], destination: dest, date });
      expect(r.reasons.some((x) => x.basis === 'country_chart' && x.code === column && x.decision === 'license_required'), `${eccn} ${column} ${dest}`).toBe(true);
      expect(r.reasons.some((x) => x.basis === 'embargo' && x.code === '746.90' && x.decision === 'license_required' && !x.conditional), `${eccn} ${dest}`).toBe(true);
    }
    const no = await d.determine({ items: [{ eccn: '9A901' }], destination: 'NO', date: ED2 });
    expect(no.reasons.map((x) => x.basis)).toEqual(['country_chart']);
    // Burden: every licence pair to LI and SJ is subsumed; the only requirement left unilateral-only is 9A901 to NO.
    expect(ed(a, ED1).burden.total).toEqual(counts(6, 4, 4, 2, 0));
    expect(e2.burden.total).toEqual(counts(6, 5, 4, 0, 1));
    expect(e2.burden.by_reason).toEqual([{ reason: 'NS', required: 3, subsumed: 2, decisive: 1, multilateral: 0 }, { reason: 'AT', required: 2, subsumed: 2, decisive: 0, multilateral: 0 }]);
    // The overlaps report counts the same cells.
    const r = buildReport(a, 'overlaps') as OverlapsReport;
    expect(r.summary).toMatchObject({ columns: 2, columns_subsumed_fully: 1, columns_subsumed_partly: 1, cells_required: 5, cells_subsumed: 4, all_destination_entries: 0 });
    expect(r.subsumed_by_rule).toEqual([{ key: '746.90', count: 4 }]);
    expect(r.subsumed_by_destination).toEqual([{ key: 'LI', label: 'Fictionland', count: 2 }, { key: 'SJ', label: 'Fictional Territory', count: 2 }]);
  });

  it('an embargo to NO subsumes nothing where no column marks NO, and part of NS1 where one does', async () => {
    const root = fixtureRoot();
    embargo(root, ['NO']);
    const { a } = await run(root);
    // 2030-01-01: no column marks NO; the embargo adds licences there but subsumes nothing.
    expect(ed(a, ED1).findings.filter((f) => f.kind === 'subsumed')).toEqual([]);
    expect(ed(a, ED1).burden.total).toEqual(counts(6, 6, 0, 2, 4));
    // 2030-06-01: 9A901 NS1 marks NO, LI and SJ; only NO is subsumed. 9A902 AT1 does not mark NO.
    expect(ruleIds(ed(a, ED2), 'chart-column-partly-subsumed')).toEqual(['9A901 NS1']);
    expect(finding(ed(a, ED2), `chart-column-partly-subsumed:9A901:NS1@${ED2}`).evidence.subsumed_destinations).toEqual(['NO']);
    expect(ruleIds(ed(a, ED2), 'chart-column-subsumed')).toEqual([]);
  });
});

describe('overlap: two reasons of one entry marking the same destinations', () => {
  it('fires for NS2 and AT1 of 9A901 (both mark LI and SJ), not for the one-column entries', async () => {
    const { a } = await run(fixtureRoot());
    const e1 = ed(a, ED1);
    expect(ruleIds(e1, 'reason-duplicates-another')).toEqual(['9A901 AT1', '9A901 NS2']);
    expect(finding(e1, `reason-duplicates-another:9A901:NS2@${ED1}`)).toMatchObject({ kind: 'overlap', evidence: { duplicated_by_count: 1, duplicated_by: ['AT1'], required: 2, reason: 'NS' } });
    expect(finding(e1, `reason-duplicates-another:9A901:AT1@${ED1}`).summary).toBe('9A901 AT1: every destination it marks is also marked by NS2.');
    // Neither column is ever the only requirement; 9A902 AT1 is.
    expect(ruleIds(e1, 'reason-never-decides')).toEqual(['9A901 AT1', '9A901 NS2']);
    expect(ed(a, ED2).findings.filter((f) => f.kind === 'overlap')).toEqual([]);
  });

  it('does not fire for two columns of one entry that mark different destinations', async () => {
    const root = fixtureRoot();
    // 9A902 gets an RS1 row; only NO has an X in RS1, while AT1 is marked for LI (and SJ).
    editFile(root, 'regulations/destinations/NO.yaml', (s) => s.replace('marks: ["NS1"]', 'marks: ["NS1", "RS1"]'));
    editFile(root, 'regulations/ccl/9/9A902.yaml', (s) => s.replace('reasons_for_control: ["AT"]\n    license_requirements:\n', `reasons_for_control: ["RS", "AT"]\n    license_requirements:\n      - reasons: ["RS"]\n        scope: "RS applies to entire entry"\n        applies_to: { kind: "entire_entry" }\n        column: "RS1"\n        requirement: "RS Column 1."\n`));
    const { a } = await run(root);
    for (const e of a.editions) {
      const cols = e.columns.filter((c) => c.eccn === '9A902');
      expect(cols.map((c) => [c.column, c.required_destinations, c.duplicated_by_count])).toEqual([['RS1', ['NO'], 0], ['AT1', ['SJ', 'LI'], 0]]);
      expect(e.findings.filter((f) => f.kind === 'overlap' && f.eccn === '9A902')).toEqual([]);
      expect(e.burden.by_eccn.find((x) => x.eccn === '9A902')).toMatchObject(counts(3, 3, 0, 0, 3));
    }
    // 9A901's duplicated columns are still reported in the first edition.
    expect(ruleIds(ed(a, ED1), 'reason-duplicates-another')).toEqual(['9A901 AT1', '9A901 NS2']);
  });
});

describe('unilateral: requirements without a multilateral basis', () => {
  // Without a cross-regime map no reason has a multilateral basis, so the rule fires for every column that requires
  // a licence somewhere. The case where it must not fire (3A001 NS1, a Wassenaar entry) is on the real data in
  // tests/analysis/real.test.ts.
  it('every chart column that requires a licence is reported; a column marked nowhere is not', async () => {
    const root = fixtureRoot();
    // A CC1 row for 9A902: no destination of the fixture has an X in CC1.
    editFile(root, 'regulations/ccl/9/9A902.yaml', (s) => s.replace('reasons_for_control: ["AT"]\n    license_requirements:\n', `reasons_for_control: ["CC", "AT"]\n    license_requirements:\n      - reasons: ["CC"]\n        scope: "CC applies to entire entry"\n        applies_to: { kind: "entire_entry" }\n        column: "CC1"\n        requirement: "CC Column 1."\n`));
    const { a } = await run(root);
    const e1 = ed(a, ED1);
    expect(e1.columns.find((c) => c.eccn === '9A902' && c.column === 'CC1')).toMatchObject({ required: 0, multilateral: false });
    expect(ruleIds(e1, 'chart-requirement-without-multilateral-basis')).toEqual(['9A901 AT1', '9A901 NS2', '9A902 AT1']);
    expect(ruleIds(ed(a, ED2), 'chart-requirement-without-multilateral-basis')).toEqual(['9A901 NS1', '9A902 AT1']);
    const f = finding(ed(a, ED2), `chart-requirement-without-multilateral-basis:9A901:NS1@${ED2}`);
    expect(f).toMatchObject({ kind: 'unilateral', severity: 'info', evidence: { required: 3, multilateral: false, reason: 'NS', basis: 'none recorded in the cross-regime map' } });
    expect(f.summary).toBe('9A901 NS1: 3 destinations need a licence for NS, a reason with no multilateral regime recorded for this entry.');
    // No entry is in the map, so none is marked US-only either.
    for (const e of a.editions) expect(ruleIds(e, 'entry-without-multilateral-counterpart')).toEqual([]);
  });

  it('licence only from unilateral controls: fires where only chart reasons require a licence, not where an embargo does too', async () => {
    const base = await run(fixtureRoot());
    for (const e of base.a.editions) expect(ruleIds(e, 'licence-only-from-unilateral-controls')).toEqual(['9A901', '9A902']);
    expect(finding(ed(base.a, ED2), `licence-only-from-unilateral-controls:9A901@${ED2}`).evidence.unilateral_only_destinations).toEqual(['SJ', 'LI', 'NO']);
    const root = fixtureRoot();
    embargo(root, ['LI']);
    const { a } = await run(root);
    expect(ruleIds(ed(a, ED1), 'licence-only-from-unilateral-controls')).toEqual([]);
    expect(ruleIds(ed(a, ED2), 'licence-only-from-unilateral-controls')).toEqual(['9A901']);
    expect(finding(ed(a, ED2), `licence-only-from-unilateral-controls:9A901@${ED2}`).evidence).toEqual({ unilateral_only: 1, unilateral_only_destinations: ['NO'], map_kind: 'unmapped' });
  });
});

describe('outdated: signals that a control lags', () => {
  it('a "[Reserved]" paragraph is reported; paragraphs with text are not', async () => {
    const plain = fixtureRoot();
    items9A901(plain, [RANGE_ITEM]);
    for (const e of (await run(plain)).a.editions) expect(ruleIds(e, 'reserved-paragraphs')).toEqual([]);
    const root = fixtureRoot();
    items9A901(root, [RANGE_ITEM, '{ paragraph: "b", kind: "item", depth: 1, text: "[Reserved]" }']);
    const { a } = await run(root);
    for (const e of a.editions) {
      expect(ruleIds(e, 'reserved-paragraphs')).toEqual(['9A901']);
      expect(finding(e, `reserved-paragraphs:9A901@${e.edition}`)).toMatchObject({ kind: 'outdated', severity: 'info', summary: '9A901: 1 reserved paragraphs (9A901.b).', evidence: { reserved_count: 1, reserved_paragraphs: ['9A901.b'] } });
    }
  });

  it('a related control naming an ECCN the edition does not have is dangling; one it has is not', async () => {
    // The fixture's 9A901 names 9A902 among its related ECCNs, which exists.
    for (const e of (await run(fixtureRoot())).a.editions) {
      expect(e.eccns.find((x) => x.eccn === '9A901')).toMatchObject({ dangling_count: 0, dangling_references: [] });
      expect(ruleIds(e, 'dangling-related-control')).toEqual([]);
    }
    // A related ECCN that enters the CCL only in the second edition dangles in the first; so does an ECCN the Related
    // Controls text names that no edition has.
    const root = fixtureRoot();
    write(root, 'regulations/ccl/9/9A903.yaml', `# FICTIONAL fixture: added in the second edition.
eccn: "9A903"
category: "9"
product_group: "A"
revisions:
  - edition: "2030-06-01"
    sources: ["fixture-two"]
    heading: "Fictional doohickeys."
    reasons_for_control: ["AT"]
    license_requirements:
      - reasons: ["AT"]
        scope: "AT applies to entire entry"
        applies_to: { kind: "entire_entry" }
        column: "AT1"
        requirement: "AT Column 1."
    license_requirements_known: true
    other_authority: false
`);
    editFile(root, 'regulations/ccl/9/9A901.yaml', (s) => s.replace('  related_eccns: ["9A902"]\n', '  related_eccns: ["9A902", "9A903"]\n'));
    editFile(root, 'regulations/ccl/9/9A902.yaml', (s) => `${s}single_source:\n  known_as_of: { edition: "2030-06-01", source: "fixture-two" }\n  related_controls: "See ECCN 9A999 for fictional spare parts, and 9A901 for widgets."\n`);
    const { a } = await run(root);
    expect(ruleIds(ed(a, ED1), 'dangling-related-control')).toEqual(['9A901', '9A902']);
    expect(finding(ed(a, ED1), `dangling-related-control:9A901@${ED1}`)).toMatchObject({ kind: 'outdated', severity: 'low', evidence: { dangling_count: 1, dangling_references: ['9A903'] }, summary: '9A901: Related Controls name 9A903, which the edition does not have.' });
    expect(ruleIds(ed(a, ED2), 'dangling-related-control')).toEqual(['9A902']);
    expect(finding(ed(a, ED2), `dangling-related-control:9A902@${ED2}`).evidence.dangling_references).toEqual(['9A999']);
  });

  it('(a related ECCN that no edition has is refused when the knowledge base loads)', () => {
    const root = fixtureRoot();
    editFile(root, 'regulations/ccl/9/9A901.yaml', (s) => s.replace('  related_eccns: ["9A902"]\n', '  related_eccns: ["9A902", "9A999"]\n'));
    expect(() => loadKnowledgeBase(root)).toThrow(/related control 9A999 is not an ECCN/);
  });

  it('a date after a time-limit word is reported once the edition is past it', async () => {
    const root = fixtureRoot();
    editFile(root, 'regulations/ccl/9/9A902.yaml', (s) => s.replace('heading: "Fictional gadgets."', 'heading: "Fictional gadgets (a temporary control until March 1, 2030)."'));
    const { a } = await run(root);
    expect(ruleIds(ed(a, ED1), 'time-limit-passed')).toEqual([]);
    expect(ruleIds(ed(a, ED2), 'time-limit-passed')).toEqual(['9A902']);
    expect((finding(ed(a, ED2), `time-limit-passed:9A902@${ED2}`).evidence.passed_dates as string[])[0]).toMatch(/until March 1, 2030$/);
  });

  const benchmark = (id: string, figure: string) => `  - id: "${id}"
    eccn_paragraph: "9A901.a"
    parameter: "range"
    threshold: { value: 100, unit: "km", comparison: "exceeding" }
    threshold_quote: "a range exceeding 100 km"
    threshold_source: "regulations/ccl/9/9A901.yaml"
    product: "Fictional consumer widget ${id}"
    mass_market_note: "Fictional: sold at retail."
    figure: ${figure}
    source: { url: "https://law.example.invalid/${id}", title: "Fictional review", retrieved_via: "fixture", quote: "Fictional quote.", as_of: "unknown" }
    derived: false
`;
  const benchmarks = (rows: string[]) => `# FICTIONAL fixture.\nedition: "2030"\ncompiled: "2030-01-01"\nbenchmarks:\n${rows.join('')}`;

  it('a mass-market figure inside the controlled range is reported; one below it, or in another unit, is not', async () => {
    const below = fixtureRoot();
    items9A901(below, [RANGE_ITEM]);
    write(below, 'regulations/benchmarks/2030.yaml', benchmarks([benchmark('fx-widget-short', '{ value: 80, unit: "km" }'), benchmark('fx-widget-exact', '{ value: 100, unit: "km" }')]));
    const quiet = (await run(below)).a;
    expect(quiet.benchmarks.map((b) => [b.id, b.eccn, b.threshold, b.figure, b.exceeds])).toEqual([['fx-widget-short', '9A901', '> 100 km', '80 km', false], ['fx-widget-exact', '9A901', '> 100 km', '100 km', false]]);
    for (const e of quiet.editions) expect(ruleIds(e, 'mass-market-exceeds-threshold')).toEqual([]);

    const root = fixtureRoot();
    items9A901(root, [RANGE_ITEM]);
    write(root, 'regulations/benchmarks/2030.yaml', benchmarks([benchmark('fx-widget-long', '{ value: 150, unit: "km" }'), benchmark('fx-widget-short', '{ value: 80, unit: "km" }'), benchmark('fx-widget-miles', '{ value: 200, unit: "mi" }')]));
    const { a } = await run(root);
    expect(a.benchmarks.map((b) => b.exceeds)).toEqual([true, false, null]);
    for (const e of a.editions) {
      expect(ruleIds(e, 'mass-market-exceeds-threshold')).toEqual(['9A901']);
      expect(finding(e, `mass-market-exceeds-threshold:9A901@${e.edition}`)).toMatchObject({ kind: 'outdated', severity: 'high', evidence: { benchmarks_exceeded_count: 1, benchmarks_exceeded: ['fx-widget-long'] } });
    }
    expect(a.inputs.benchmarks_sha256).not.toBe(quiet.inputs.benchmarks_sha256);
    const r = buildReport(a, 'outdated');
    expect(r.report === 'outdated' && r.benchmarks).toEqual(a.benchmarks);
    expect(r.findings.map((f) => f.id)).toEqual([`mass-market-exceeds-threshold:9A901@${ED2}`]);
  });

  it('a benchmark whose threshold words are not in the CCL file stops the analysis', async () => {
    const root = fixtureRoot();
    items9A901(root, ['{ paragraph: "a", kind: "item", depth: 1, text: "Widgets having a range exceeding 90 km;" }']);
    write(root, 'regulations/benchmarks/2030.yaml', benchmarks([benchmark('fx-widget-long', '{ value: 150, unit: "km" }')]));
    const d = createDeterminer(loadKnowledgeBase(root), loadRules(root, VOCABULARY), { today: () => TODAY });
    const e = await analyse(d, root).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(LoadError);
    expect((e as LoadError).issues).toEqual([expect.objectContaining({ code: 'RULESET_REFERENCE_ERROR', file: 'regulations/benchmarks/2030.yaml', pointer: '/benchmarks/0/threshold_quote' })]);
  });
});

it('fixture files are left as they were (the temp copies are edited, never the fixture)', () => {
  expect(readFileSync(join(FIXTURE_KB, 'regulations/destinations/ZZ.yaml'), 'utf8')).toContain('code: "ZZ"');
});
