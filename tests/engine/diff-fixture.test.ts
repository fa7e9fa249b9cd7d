/**
 * The diff mechanism on the FICTIONAL fixture knowledge base with the real rules: every kind of change, each made
 * in a temp copy and diffed against the unedited fixture at the same date (added entry, removed entry, amended
 * License Requirements row, Country Chart cell, Country Group membership, footnote text, and a text-only change
 * that flips no decision), plus the fixture's own two editions (9A901's NS row moves from column 2 to column 1).
 * Decisions are compared for Norway, the fixture's only destination with a real ISO code.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadKnowledgeBase } from '../../src/load/index.ts';
import { loadRules } from '../../src/load/rules.ts';
import { VOCABULARY } from '../../src/engine/vocabulary.ts';
import { createDeterminer, type Determiner } from '../../src/engine/determine.ts';
import { diffEditions } from '../../src/engine/diff.ts';
import { REPO_ROOT } from '../helpers/kb.ts';
import { FIXTURE_KB, editFile as edit, tempCopies } from '../helpers/temp.ts';

const temp = tempCopies('dualuse-diff-');
const root = (): string => temp([[join(REPO_ROOT, 'rules'), 'rules'], [join(FIXTURE_KB, 'regulations'), 'regulations']]);
const determiner = (r: string): Determiner => createDeterminer(loadKnowledgeBase(r), loadRules(r, VOCABULARY), { today: () => '2030-06-01' });
const DATE = '2030-06-01';
const opts = { destinations: ['NO'] };

/**
 * The unedited fixture against an edited copy, at one date. Each diff is also made evaluating every pair: skipping
 * pairs whose inputs are identical must change nothing.
 */
async function diffAgainst(change: (r: string) => void) {
  const before = determiner(root());
  const r = root();
  change(r);
  const after = determiner(r);
  const diff = await diffEditions({ d: before, date: DATE }, { d: after, date: DATE }, opts);
  const all = await diffEditions({ d: before, date: DATE }, { d: after, date: DATE }, { ...opts, evaluateAll: true });
  expect(all.decisions.changed).toEqual(diff.decisions.changed);
  expect(all.decisions.evaluated).toBe(all.decisions.pairs);
  return diff;
}

const F_9A901 = 'regulations/ccl/9/9A901.yaml';
const F_9A902 = 'regulations/ccl/9/9A902.yaml';

describe('diff of fixture editions: every kind of change', () => {
  it('an added entry: listed as added, and its decisions appear (unknown before, answered after)', async () => {
    const r = await diffAgainst((root) => writeFileSync(join(root, 'regulations/ccl/9/9A903.yaml'), `# FICTIONAL\neccn: "9A903"\ncategory: "9"\nproduct_group: "A"\nrevisions:\n  - edition: "2030-01-01"\n    sources: ["fixture-one"]\n    heading: "Fictional gizmos."\n    reasons_for_control: ["NS"]\n    license_requirements:\n      - reasons: ["NS"]\n        scope: "NS applies to entire entry"\n        applies_to: { kind: "entire_entry" }\n        column: "NS1"\n        requirement: "NS Column 1."\n    license_requirements_known: true\n    other_authority: false\n`));
    expect(r.entries.added).toEqual([{ eccn: '9A903', heading: 'Fictional gizmos.' }]);
    expect(r.entries.removed).toEqual([]);
    expect(r.entries.amended).toEqual([]);
    const c = r.decisions.changed.find((x) => x.eccn === '9A903' && x.destination === 'NO');
    expect(c?.from.decision).toBe('needs_review'); // not an ECCN of the unedited knowledge base
    expect(c?.from.reasons.map((x) => x.code)).toEqual(['UNKNOWN_ECCN']);
    expect(c?.to.decision).toBe('license_required'); // Norway is marked NS1 in the fixture
    expect(r.decisions.changed.map((x) => x.eccn)).toEqual(['9A903']);
  });

  it('a removed entry: listed as removed, its decisions become needs_review (not an ECCN any more)', async () => {
    const r = await diffAgainst((root) => {
      rmSync(join(root, F_9A902));
      edit(root, F_9A901, (s) => s.replace('  related_eccns: ["9A902"]\n', '')); // the only reference to it
    });
    expect(r.entries.removed).toEqual([{ eccn: '9A902', heading: 'Fictional gadgets.' }]);
    expect(r.entries.added).toEqual([]);
    expect(r.entries.amended.map((e) => [e.eccn, e.changes.map((c) => c.field)])).toEqual([['9A901', ['related_eccns']]]);
    const c = r.decisions.changed.find((x) => x.eccn === '9A902' && x.destination === 'NO');
    expect([c?.from.decision, c?.to.decision]).toEqual(['no_license_required', 'needs_review']);
    expect(c?.reasons_added.map((x) => x.code)).toEqual(['UNKNOWN_ECCN']);
  });

  it('an amended License Requirements row: the field, the word diff, and the decision flip', async () => {
    const r = await diffAgainst((root) => edit(root, F_9A902, (s) => s.replace('column: "AT1"\n        requirement: "AT Column 1."', 'column: "NS1"\n        requirement: "NS Column 1."')));
    expect(r.entries.amended.map((e) => e.eccn)).toEqual(['9A902']);
    const fields = r.entries.amended[0]?.changes.map((c) => [c.field, c.from, c.to]);
    expect(fields).toEqual([
      ['license_requirements["AT applies to entire entry"].column', 'AT1', 'NS1'],
      ['license_requirements["AT applies to entire entry"].requirement', 'AT Column 1.', 'NS Column 1.'],
    ]);
    const words = r.entries.amended[0]?.changes[1]?.words;
    expect(words).toEqual([{ op: '-', text: 'AT' }, { op: '+', text: 'NS' }, { op: '=', text: ' Column 1.' }]);
    const c = r.decisions.changed.find((x) => x.eccn === '9A902' && x.destination === 'NO');
    expect([c?.from.decision, c?.to.decision]).toEqual(['no_license_required', 'license_required']);
    expect(c?.reasons_added.map((x) => x.code)).toEqual(['NS1']);
    expect(c?.reasons_removed).toEqual([]);
  });

  it('a Country Chart cell: the cell listed, and the decisions it flips', async () => {
    const r = await diffAgainst((root) => edit(root, 'regulations/destinations/NO.yaml', (s) => s.replace('marks: ["NS1"]', 'marks: ["NS1", "AT1"]')));
    expect(r.chart.cells).toEqual([{ code: 'NO', name: 'Norway', column: 'AT1', from: false, to: true }]);
    expect(r.entries.amended).toEqual([]);
    const c = r.decisions.changed.find((x) => x.eccn === '9A902' && x.destination === 'NO');
    expect([c?.from.decision, c?.to.decision]).toEqual(['no_license_required', 'license_required']);
    expect(c?.reasons_added.map((x) => x.code)).toEqual(['AT1']);
  });

  it('a Country Group membership: the member added to the group', async () => {
    const r = await diffAgainst((root) => edit(root, 'regulations/country-groups/D1.yaml', (s) => s.replace('members: ["ZZ"]', 'members: ["NO", "ZZ"]')));
    expect(r.groups).toEqual([{ group: 'D:1', added: ['NO'], removed: [] }]);
    expect(r.summary.group_members_changed).toBe(1);
    expect(r.entries.amended).toEqual([]);
  });

  it('a footnote text: the word diff', async () => {
    const r = await diffAgainst((root) => edit(root, 'regulations/country-chart/footnotes.yaml', (s) => s.replace('text: "Fictional footnote."', 'text: "Fictional amended footnote."')));
    expect(r.footnotes).toEqual([{ number: 1, from: 'Fictional footnote.', to: 'Fictional amended footnote.', words: [{ op: '=', text: 'Fictional ' }, { op: '+', text: 'amended ' }, { op: '=', text: 'footnote.' }] }]);
    expect(r.decisions.changed).toEqual([]);
  });

  it('a text-only change (the heading) is an amended entry and flips no decision', async () => {
    const r = await diffAgainst((root) => edit(root, F_9A902, (s) => s.replace('heading: "Fictional gadgets."', 'heading: "Fictional gadgets and gizmos."')));
    expect(r.entries.amended.map((e) => [e.eccn, e.changes.map((c) => c.field)])).toEqual([['9A902', ['heading']]]);
    expect(r.entries.amended[0]?.changes[0]?.words?.filter((w) => w.op !== '=').map((w) => [w.op, w.text])).toEqual([['+', ' and gizmos']]);
    expect(r.decisions.changed).toEqual([]);
    expect(r.decisions.evaluated).toBeGreaterThan(0); // the changed entry was answered under both, and agreed
  });
});

describe('diff of the fixture\'s own editions', () => {
  it('2030-01-01 → 2030-06-01: 9A901 NS moves from column 2 to column 1; Norway (NS1 only) starts to need a licence; the reverse is the inverse', async () => {
    const d = determiner(root());
    const f = await diffEditions({ d, date: '2030-01-01' }, { d, date: '2030-06-01' }, opts);
    expect(f.entries.amended.map((e) => e.eccn)).toEqual(['9A901']);
    expect(f.entries.amended[0]?.changes.map((c) => c.field)).toContain('license_requirements["NS applies to entire entry"].column');
    const no = f.decisions.changed.find((c) => c.eccn === '9A901' && c.destination === 'NO');
    expect(no?.reasons_added.map((r) => r.code)).toEqual(['NS1']);
    expect(no?.to.decision).toBe('license_required');
    // Skipping pairs with identical inputs changes nothing: evaluating every pair gives the same changes.
    const all = await diffEditions({ d, date: '2030-01-01' }, { d, date: '2030-06-01' }, { ...opts, evaluateAll: true });
    expect(all.decisions.changed).toEqual(f.decisions.changed);
    expect(all.decisions.evaluated).toBe(all.decisions.pairs);
    expect(f.decisions.evaluated).toBeLessThan(all.decisions.evaluated);
    const b = await diffEditions({ d, date: '2030-06-01' }, { d, date: '2030-01-01' }, opts);
    const on = b.decisions.changed.find((c) => c.eccn === '9A901' && c.destination === 'NO');
    expect({ from: on?.from, to: on?.to }).toEqual({ from: no?.to, to: no?.from });
  });
});
