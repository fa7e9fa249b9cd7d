/**
 * The loader on a small FICTIONAL knowledge base (tests/fixtures/kb): it loads, resolves dated revisions, and each
 * broken variant is refused with a message naming the file, the line and the problem.
 */
import { describe, expect, it } from 'vitest';
import { checkKnowledgeBase, loadKnowledgeBase } from '../../src/load/index.ts';
import { LoadError, formatIssue } from '../../src/errors.ts';
import { FIXTURE_KB as FIXTURE, editFile as edit, lineOf, tempCopies } from '../helpers/temp.ts';

const temp = tempCopies('dualuse-kb-');
const copy = (): string => temp([[FIXTURE, '.']]);

describe('fixture knowledge base', () => {
  it('loads and resolves revisions by date', () => {
    const kb = loadKnowledgeBase(FIXTURE);
    expect(kb.coverage).toEqual({ from: '2030-01-01', to: '2030-06-01' });
    const col = (d: string) => kb.asOf(d).eccn('9A901')?.state.license_requirements[0]?.column;
    expect(col('2030-01-01')).toBe('NS2');
    expect(col('2030-05-31')).toBe('NS2');
    expect(col('2030-06-01')).toBe('NS1');
    expect(kb.asOf('2030-06-01').eccn('9A901')?.state.heading).toBe('Fictional widgets.'); // carried from the first revision
    expect(kb.asOf('2030-06-01').eccn('9A901')?.state.since).toBe('2030-06-01');
    expect(kb.latest().destination('YY')?.row_of?.code).toBe('ZZ');
    expect(kb.latest().destination('kingdom of NORWAY')?.code).toBe('NO');
  });
});

const F_ECCN = 'regulations/ccl/9/9A902.yaml';
const F_ECCN1 = 'regulations/ccl/9/9A901.yaml';
const F_NO = 'regulations/destinations/NO.yaml';

const cases: { name: string; file: string; apply: (s: string) => string; needle: string; code: string; words: RegExp }[] = [
  { name: 'duplicate key', file: F_ECCN, apply: (s) => s.replace('    heading: "Fictional gadgets."', '    heading: "Fictional gadgets."\n    heading: "Again."'), needle: 'heading: "Again."', code: 'RULESET_PARSE_ERROR', words: /unique|duplicate/i },
  { name: 'unknown field', file: F_ECCN, apply: (s) => s.replace('product_group: "A"', 'product_group: "A"\ncolour: "red"'), needle: 'colour', code: 'RULESET_SCHEMA_INVALID', words: /colour/ },
  { name: 'bad date', file: F_ECCN1, apply: (s) => s.replace('  - edition: "2030-06-01"', '  - edition: "2030-13-01"'), needle: '2030-13-01', code: 'RULESET_SCHEMA_INVALID', words: /date|pattern|format/i },
  { name: 'unquoted ECCN read as a number', file: F_ECCN1, apply: (s) => s.replace('related_eccns: ["9A902"]', 'related_eccns: [9E001]'), needle: '9E001', code: 'RULESET_PARSE_ERROR', words: /9E001/ },
  { name: 'dangling reference', file: F_ECCN1, apply: (s) => s.replace('related_eccns: ["9A902"]', 'related_eccns: ["9A999"]'), needle: '9A999', code: 'RULESET_REFERENCE_ERROR', words: /9A999/ },
  { name: 'NO as a boolean', file: F_NO, apply: (s) => s.replace('code: "NO"', 'code: NO'), needle: 'code: NO', code: 'RULESET_PARSE_ERROR', words: /NO/ },
  { name: 'tab-indented file', file: F_ECCN, apply: (s) => s.replace('    heading: "Fictional gadgets."', '\theading: "Fictional gadgets."'), needle: '\theading', code: 'RULESET_PARSE_ERROR', words: /tab/i },
  { name: 'unknown footnote', file: F_NO, apply: (s) => s.replace('footnotes: [1]', 'footnotes: [1, 7]'), needle: 'footnotes: [1, 7]', code: 'RULESET_REFERENCE_ERROR', words: /footnote 7/ },
  { name: 'group member that is no destination', file: 'regulations/country-groups/B.yaml', apply: (s) => s.replace('members: ["NO"]', 'members: ["NO", "QQ"]'), needle: 'QQ', code: 'RULESET_REFERENCE_ERROR', words: /QQ/ },
];

describe('broken knowledge bases are refused with file, line and problem', () => {
  it.each(cases)('$name', ({ file, apply, needle, code, words }) => {
    const root = copy();
    edit(root, file, apply);
    const line = lineOf(root, file, needle);
    expect(line).toBeGreaterThan(0);
    const r = checkKnowledgeBase(root);
    expect(r.kb).toBeUndefined();
    const hit = r.issues.find((i) => i.code === code && i.file === file);
    expect(hit, r.issues.map(formatIssue).join('\n')).toBeDefined();
    expect(hit?.line).toBe(line);
    expect(hit?.message).toMatch(words);
    expect(formatIssue(hit!)).toContain(`${file}:${line}:`);
    expect(() => loadKnowledgeBase(root)).toThrow(LoadError);
  });

  it('reports every problem at once, across files', () => {
    const root = copy();
    for (const name of ['unknown field', 'dangling reference', 'NO as a boolean']) {
      const c = cases.find((x) => x.name === name)!;
      edit(root, c.file, c.apply);
    }
    const r = checkKnowledgeBase(root);
    // B.yaml lists NO, whose own file failed: reported too, with a hint that it may follow from that failure.
    expect(new Set(r.issues.map((i) => i.file))).toEqual(new Set([F_ECCN, F_ECCN1, F_NO, 'regulations/country-groups/B.yaml']));
    expect(r.issues.find((i) => i.file.endsWith('B.yaml'))?.hint).toMatch(/may follow from a file above that failed/);
    expect(new Set(r.issues.map((i) => i.code))).toEqual(new Set(['RULESET_SCHEMA_INVALID', 'RULESET_REFERENCE_ERROR', 'RULESET_PARSE_ERROR']));
  });
});
