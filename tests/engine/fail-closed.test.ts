/**
 * Fail-closed mechanisms, on rule sets written into temp dirs (a copy of the real rules/ next to a copy of the
 * FICTIONAL fixture knowledge base): a missing conclusion rule, a rule that throws at run time, and rule files the
 * loader must refuse with file, line and the problem.
 */
import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadKnowledgeBase } from '../../src/load/index.ts';
import { checkRules, loadRules } from '../../src/load/rules.ts';
import { VOCABULARY } from '../../src/engine/vocabulary.ts';
import { createDeterminer, type Determiner } from '../../src/engine/determine.ts';
import { LoadError, formatIssue } from '../../src/errors.ts';
import { REPO_ROOT } from '../helpers/kb.ts';
import { FIXTURE_KB, editFile as edit, lineOf, tempCopies } from '../helpers/temp.ts';

const temp = tempCopies('dualuse-rules-');
/** A temp root holding a copy of the real rules/ and of the fixture's regulations/. */
const root = (): string => temp([[join(REPO_ROOT, 'rules'), 'rules'], [join(FIXTURE_KB, 'regulations'), 'regulations']]);
const determiner = (r: string): Determiner => createDeterminer(loadKnowledgeBase(r), loadRules(r, VOCABULARY), { today: () => '2030-06-01' });

describe('the engine fails closed', () => {
  it('the unedited copy answers as the fixture does (baseline)', async () => {
    const d = determiner(root());
    expect((await d.determine({ destination: 'NO', items: [{ eccn: '9A902' }] })).decision).toBe('no_license_required');
    expect((await d.determine({ destination: 'NO', items: [{ eccn: '9A901' }] })).decision).toBe('license_required');
  });

  it('without the conclusion rule, a licence-free item needs review: "no rule fired" is not licence-free', async () => {
    const r = root();
    rmSync(join(r, 'rules/conclusion/no-license-required.yaml'));
    const d = determiner(r);
    for (const req of [
      { destination: 'NO', items: [{ eccn: '9A902' }] },
      { destination: 'NO', items: [{ eccn: 'EAR99' }] },
      { destination: 'NO', date: '2030-01-01', items: [{ eccn: '9A901' }] },
    ]) {
      const a = await d.determine(req);
      expect(a.decision, JSON.stringify(req)).toBe('needs_review');
      expect(a.items.every((i) => i.decision === 'needs_review')).toBe(true);
      expect(a.trace.some((t) => t.template === 'no-license-required')).toBe(false);
      expect(a.trace.some((t) => t.event === 'no_license_required')).toBe(false);
    }
    // A licence requirement is still found.
    expect((await d.determine({ destination: 'NO', items: [{ eccn: '9A901' }] })).decision).toBe('license_required');
  });

  it('a custom operator that throws at run time gives needs_review with RULE_EVALUATION_ERROR, not a crash and not NLR', async () => {
    const r = root();
    // markedInColumn refuses a non-string column with a TypeError (engines.ts).
    edit(r, 'rules/license-requirements/chart-column-marked.yaml', (s) => s.replace('value: "$row.column"', 'value: 5'));
    const d = determiner(r);
    for (const eccn of ['9A902', '9A901']) {
      const a = await d.determine({ destination: 'NO', items: [{ eccn }] });
      expect(a.decision, eccn).toBe('needs_review');
      expect(a.items[0]?.decision).toBe('needs_review');
      const err = a.reasons.find((x) => x.code === 'RULE_EVALUATION_ERROR');
      expect(err, JSON.stringify(a.reasons)).toMatchObject({ decision: 'needs_review', item: eccn, basis: 'engine' });
      expect(err?.text).toMatch(/column must be a string, got number/);
      expect(a.trace).toContainEqual(expect.objectContaining({ template: 'no-license-required', item: eccn, result: false }));
    }
    // EAR99 has no rows, so the broken row rule is never instantiated for it and it is still answered.
    expect((await d.determine({ destination: 'NO', items: [{ eccn: 'EAR99' }] })).decision).toBe('no_license_required');
  });

  it('a throwing conclusion-scope rule does not make an item licence-free either', async () => {
    const r = root();
    // A number where inGroup wants a group name: inGroup's TypeError, raised inside the conclusion engine.
    edit(r, 'rules/conclusion/no-license-required.yaml', (s) => s.replace(/ {4}- fact: item_known\n {6}operator: equal\n {6}value: true/, '    - fact: item_known\n      operator: inGroup\n      value: 7'));
    const d = determiner(r);
    const a = await d.determine({ destination: 'NO', items: [{ eccn: '9A902' }] });
    expect(a.decision).toBe('needs_review');
    expect(a.reasons).toContainEqual(expect.objectContaining({ code: 'RULE_EVALUATION_ERROR', decision: 'needs_review', item: '9A902' }));
  });
});

describe('loadRules refuses broken rule sets with file:line and the problem', () => {
  const FILE = 'rules/license-requirements/chart-column-marked.yaml';
  const cases: { name: string; file: string; apply: (s: string) => string; needle: string; code: string; pointer: string; words: RegExp; copyTo?: string }[] = [
    { name: 'unknown fact', file: FILE, apply: (s) => s.replace('- fact: destination', '- fact: destinaton'), needle: 'fact: destinaton', code: 'RULESET_REFERENCE_ERROR', pointer: '/conditions/all/1/fact', words: /unknown fact 'destinaton'/ },
    { name: 'unknown operator', file: FILE, apply: (s) => s.replace('operator: markedInColumn', 'operator: markedInColumns'), needle: 'operator: markedInColumns', code: 'RULESET_SEMANTIC_INVALID', pointer: '/conditions/all/1/operator', words: /unknown operator 'markedInColumns'/ },
    { name: 'unknown placeholder', file: FILE, apply: (s) => s.replace('value: "$row.column"', 'value: "$row.colum"'), needle: '$row.colum"', code: 'RULESET_REFERENCE_ERROR', pointer: '/conditions/all/1/value', words: /unknown placeholder '\$row\.colum'/ },
    { name: 'placeholder of another scope', file: 'rules/items/other-authority.yaml', apply: (s) => s.replace('value: true', 'value: "$row.index"'), needle: '$row.index', code: 'RULESET_REFERENCE_ERROR', pointer: '/conditions/all/0/value', words: /unknown placeholder '\$row\.index' for a item-scope rule/ },
    { name: 'file name differs from id', file: 'rules/items/other-authority.yaml', apply: (s) => s.replace('id: other-authority', 'id: other-authorities'), needle: 'id: other-authorities', code: 'RULESET_SEMANTIC_INVALID', pointer: '/id', words: /rule 'other-authorities' is in a file named 'other-authority\.yaml'/ },
    // A second file with an id already used (walked after rules/conclusion/, so it is the one reported).
    { name: 'duplicate id', file: 'rules/transaction/no-license-required.yaml', copyTo: 'rules/conclusion/no-license-required.yaml', apply: (s) => s, needle: 'id: no-license-required', code: 'RULESET_SEMANTIC_INVALID', pointer: '/id', words: /rule id 'no-license-required' is also used by rules\/conclusion\/no-license-required\.yaml/ },
  ];

  it.each(cases)('$name', ({ file, apply, needle, code, pointer, words, copyTo }) => {
    const r = root();
    if (copyTo) cpSync(join(r, copyTo), join(r, file));
    else edit(r, file, apply);
    const line = lineOf(r, file, needle);
    expect(line).toBeGreaterThan(0);
    const res = checkRules(r, VOCABULARY);
    expect(res.rules).toBeUndefined();
    const hit = res.issues.find((i) => i.code === code && i.file === file && i.pointer === pointer);
    expect(hit, res.issues.map(formatIssue).join('\n')).toBeDefined();
    expect(hit?.line).toBe(line);
    expect(hit?.message).toMatch(words);
    expect(formatIssue(hit!)).toContain(`${file}:${line}:`);
    expect(() => loadRules(r, VOCABULARY)).toThrow(LoadError);
  });

  it('reports every problem at once, across files', () => {
    const r = root();
    for (const name of ['unknown fact', 'file name differs from id']) {
      const c = cases.find((x) => x.name === name)!;
      edit(r, c.file, c.apply);
    }
    edit(r, 'rules/exceptions/gbs-available.yaml', (s) => s.replace('operator: reasonsWithinTerms', 'operator: reasonsWithin'));
    const res = checkRules(r, VOCABULARY);
    expect(res.issues.map((i) => `${i.code} ${i.file}`).sort()).toEqual([
      'RULESET_REFERENCE_ERROR rules/license-requirements/chart-column-marked.yaml',
      'RULESET_SEMANTIC_INVALID rules/exceptions/gbs-available.yaml',
      'RULESET_SEMANTIC_INVALID rules/items/other-authority.yaml',
    ]);
    expect(res.issues.every((i) => typeof i.line === 'number' && i.line > 0)).toBe(true);
    let err: unknown;
    try { loadRules(r, VOCABULARY); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(LoadError);
    expect((err as LoadError).issues).toHaveLength(3);
  });
});
