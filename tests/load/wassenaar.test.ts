/**
 * The Wassenaar loader on a temp copy of the real regulations/wassenaar/: each broken variant is refused with a
 * message naming the file, the line and column, and the problem; all problems are reported at once.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkWassenaar, loadWassenaar } from '../../src/load/wassenaar.ts';
import { checkKnowledgeBase } from '../../src/load/index.ts';
import { LoadError, formatIssue } from '../../src/errors.ts';
import { REPO_ROOT } from '../helpers/kb.ts';
import { FIXTURE_KB, editFile as edit, lineOf, tempCopies } from '../helpers/temp.ts';

const temp = tempCopies('dualuse-wa-');
const copy = (): string => temp([[join(REPO_ROOT, 'regulations/wassenaar'), 'regulations/wassenaar']]);
const DIR = 'regulations/wassenaar/2025';
const E3A1 = `${DIR}/dual-use/3/3.A.1.yaml`;
const E1D2 = `${DIR}/dual-use/1/1.D.2.yaml`;

const cases: { name: string; file: string; apply: (s: string) => string; needle: string; code: string; words: RegExp; column?: number }[] = [
  { name: 'unknown field', file: E3A1, apply: (s) => s.replace('group: "A"\n', 'group: "A"\ncolour: "red"\n'), needle: 'colour', code: 'RULESET_SCHEMA_INVALID', words: /unknown field `colour`/, column: 1 },
  { name: 'page that is not a number', file: E3A1, apply: (s) => s.replace('code: "3.A.1.a"\n    text: "General purpose integrated circuits, as follows:"\n    pages: [ 50 ]', 'code: "3.A.1.a"\n    text: "General purpose integrated circuits, as follows:"\n    pages: [ "fifty" ]'), needle: '"fifty"', code: 'RULESET_SCHEMA_INVALID', words: /whole number/, column: 14 },
  { name: 'code not in canonical form', file: E3A1, apply: (s) => s.replace('  - code: "3.A.1.a.1.b"', '  - code: "3A001.a.1.b"'), needle: '3A001.a.1.b', code: 'RULESET_SCHEMA_INVALID', words: /pattern/, column: 11 },
  { name: 'paragraph whose parent does not exist', file: E3A1, apply: (s) => s.replace('  - code: "3.A.1.a.1.b"', '  - code: "3.A.1.a.9.b"'), needle: '3.A.1.a.9.b', code: 'RULESET_REFERENCE_ERROR', words: /parent 3\.A\.1\.a\.9/ },
  { name: 'code held twice', file: E3A1, apply: (s) => s.replace('  - code: "3.A.1.a.1.b"\n    text: "', '  - code: "3.A.1.a.1.a"\n    text: "TWICE '), needle: 'TWICE', code: 'RULESET_REFERENCE_ERROR', words: /also held/ },
  { name: 'Sensitive List membership the annex does not give', file: E3A1, apply: (s) => s.replace('text: "Electronic items as follows:"\n', 'text: "Electronic items as follows:"\nlists: ["VSL"]\n'), needle: 'lists: ["VSL"]', code: 'RULESET_REFERENCE_ERROR', words: /no item of sensitive-lists\.yaml/ },
  { name: 'membership missing', file: E1D2, apply: (s) => s.replace('lists: [ "SL" ]\n', ''), needle: 'code: "1.D.2"', code: 'RULESET_REFERENCE_ERROR', words: /on SL in sensitive-lists\.yaml but its file says none/ },
];

describe('broken Wassenaar files are refused with file:line:column and the problem', () => {
  it.each(cases)('$name', ({ name, file, apply, needle, code, words, column }) => {
    const root = copy();
    edit(root, file, apply);
    const found = lineOf(root, file, needle);
    const line = name === 'code held twice' ? found - 1 : found; // the duplicate code is on the line above its text
    expect(line).toBeGreaterThan(0);
    const r = checkWassenaar(root);
    expect(r.list).toBeUndefined();
    const hit = r.issues.find((i) => i.code === code && i.file === file);
    expect(hit, r.issues.map(formatIssue).join('\n')).toBeDefined();
    expect(hit?.line).toBe(line);
    if (column !== undefined) expect(hit?.column).toBe(column);
    expect(hit?.message).toMatch(words);
    expect(formatIssue(hit!)).toContain(`${file}:${line}:${hit?.column}:`);
    expect(() => loadWassenaar(root)).toThrow(LoadError);
  });

  it('reports every problem at once, across files', () => {
    const root = copy();
    for (const name of ['unknown field', 'membership missing']) { const c = cases.find((x) => x.name === name)!; edit(root, c.file, c.apply); }
    edit(root, `${DIR}/munitions/ML1.yaml`, (s) => s.replace('list: "munitions"', 'list: "munition"'));
    const r = checkWassenaar(root);
    // 3.A.1.yaml failed, so the Sensitive List items naming its paragraphs are reported too, with a hint saying why.
    expect(new Set(r.issues.map((i) => i.file))).toEqual(new Set([E3A1, E1D2, `${DIR}/munitions/ML1.yaml`, `${DIR}/sensitive-lists.yaml`]));
    expect(r.issues.find((i) => i.file.endsWith('sensitive-lists.yaml'))?.hint).toMatch(/may follow from a file above that failed/);
  });

  it('refuses a file that is not part of the layout and an entry file named for another code', () => {
    const root = copy();
    edit(root, `${DIR}/dual-use/3/3.A.2.yaml`, (s) => s.replace('code: "3.A.2"', 'code: "3.A.3"'));
    const r = checkWassenaar(root);
    expect(r.issues.some((i) => i.file.endsWith('3.A.2.yaml') && /named 3\.A\.2\.yaml/.test(i.message) && i.line !== undefined)).toBe(true);
  });

  it('is part of `dualuse validate` (checkKnowledgeBase), and a knowledge base without the folder has no list', () => {
    const root = temp([[join(FIXTURE_KB, 'regulations'), 'regulations'], [join(REPO_ROOT, 'regulations/wassenaar'), 'regulations/wassenaar']]);
    edit(root, E3A1, cases[0]!.apply);
    const r = checkKnowledgeBase(root);
    expect(r.kb).toBeUndefined();
    expect(r.issues.some((i) => i.file === E3A1 && i.code === 'RULESET_SCHEMA_INVALID')).toBe(true);
    const fixture = checkKnowledgeBase(FIXTURE_KB);
    expect(fixture.issues).toEqual([]);
    expect(() => fixture.kb?.wassenaar()).toThrow(LoadError);
  });
});
