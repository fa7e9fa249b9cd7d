/**
 * The cross-regime map loader on a temp copy of the real regulations/wassenaar/: each broken variant is refused with
 * the file, the JSON pointer, the line and the problem; the map is part of `dualuse validate`.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkWassenaarMap, loadWassenaarMap, type MapContext } from '../../src/load/wassenaar-map.ts';
import { checkKnowledgeBase } from '../../src/load/index.ts';
import { LoadError, formatIssue } from '../../src/errors.ts';
import { REPO_ROOT, realKb } from '../helpers/kb.ts';
import { editFile as edit, lineOf, tempCopies } from '../helpers/temp.ts';

const temp = tempCopies('dualuse-wa-map-');
const copy = (): string => temp([[join(REPO_ROOT, 'regulations/wassenaar'), 'regulations/wassenaar']]);
const kb = realKb();
const ctx: MapContext = { eccns: kb.records.eccns, wassenaar: kb.wassenaar(), section: (id) => kb.latest().section(id)?.text };
const MAP = 'regulations/wassenaar/2025/map';

const cases: { name: string; file: string; apply: (s: string) => string; needle: string; pointer: RegExp; words: RegExp }[] = [
  {
    name: 'a counterpart that is not in the Wassenaar list',
    file: `${MAP}/3.yaml`,
    apply: (s) => s.replace('counterparts: [ "3.A.1" ]', 'counterparts: [ "3.A.91" ]'),
    needle: '"3.A.91"',
    pointer: /^\/eccns\/0\/counterparts\/0$/,
    words: /3\.A\.91 is not an entry of the Wassenaar list 2025-corr/,
  },
  {
    name: 'a paired paragraph the list does not have',
    file: `${MAP}/5.yaml`,
    apply: (s) => s.replace(/(eccn: "5A002"[\s\S]*?paired: \[ "a", "a\.1", "a\.2", "a\.3", )"a\.4"/, '$1"a.9"'),
    needle: '"a.3", "a.9"',
    pointer: /^\/eccns\/[0-9]+\/paragraphs\/paired\/4$/,
    words: /5\.A\.2\.a\.9 is not a paragraph of the Wassenaar list/,
  },
  {
    name: 'a link without a counterpart',
    file: `${MAP}/9.yaml`,
    apply: (s) => s.replace('counterparts: [ "9.A.12" ]', 'counterparts: []'),
    needle: 'counterparts: []\n    heading_overlap: 1\n  - eccn: "9A018"',
    pointer: /^\/eccns\/[0-9]+\/counterparts$/,
    words: /kind wassenaar_dual_use needs a counterpart/,
  },
  {
    name: 'a rule that is not defined',
    file: `${MAP}/2.yaml`,
    apply: (s) => s.replace('rule: "at_numbering"', 'rule: "by_feel"'),
    needle: 'by_feel',
    pointer: /^\/eccns\/[0-9]+\/rule$/,
    words: /rule by_feel is not defined/,
  },
  {
    name: 'a quote that is not in the section it cites',
    file: `${MAP}/index.yaml`,
    apply: (s) => s.replace('quote: "| 990-999 | Anti-terrorism (AT), RS, United Nations Sanctions (UN). |"', 'quote: "| 990-999 | Anti-terrorism (AT) only. |"'),
    needle: 'Anti-terrorism (AT) only.',
    pointer: /^\/rules\/[0-9]+\/citations\/0\/quote$/,
    words: /the quote is not in regulations\/ear-text\/738\.2\.yaml/,
  },
];

describe('broken cross-regime map files are refused with file, pointer, line and the problem', () => {
  it.each(cases)('$name', ({ file, apply, needle, pointer, words }) => {
    const root = copy();
    edit(root, file, apply);
    const r = checkWassenaarMap(root, ctx);
    expect(r.map).toBeUndefined();
    const hit = r.issues.find((i) => i.file === file && words.test(i.message));
    expect(hit, r.issues.map(formatIssue).join('\n')).toBeDefined();
    expect(hit?.code).toBe('RULESET_REFERENCE_ERROR');
    expect(hit?.pointer).toMatch(pointer);
    const line = lineOf(root, file, needle.split('\n')[0] as string);
    expect(hit?.line).toBe(line);
    expect(formatIssue(hit!)).toContain(`${file}:${line}:`);
    expect(() => loadWassenaarMap(root, ctx)).toThrow(LoadError);
  });

  it('an ECCN left out of the map, and one the CCL does not have', () => {
    const root = copy();
    edit(root, `${MAP}/3.yaml`, (s) => s.replace('  - eccn: "3A090"', '  - eccn: "3A089"'));
    const r = checkWassenaarMap(root, ctx);
    expect(r.issues.map((i) => i.message)).toEqual(expect.arrayContaining([
      expect.stringMatching(/ECCN 3A089 is not in the CCL/),
      expect.stringMatching(/1 ECCN\(s\) of the CCL are not mapped: 3A090/),
    ]));
  });

  it('an unknown field is a schema error with its line', () => {
    const root = copy();
    edit(root, `${MAP}/9.yaml`, (s) => s.replace('  - eccn: "9A012"\n', '  - eccn: "9A012"\n    confidence: "high"\n'));
    const r = checkWassenaarMap(root, ctx);
    const hit = r.issues.find((i) => i.code === 'RULESET_SCHEMA_INVALID');
    expect(hit?.message).toMatch(/unknown field `confidence`/);
    expect(hit?.line).toBe(lineOf(root, `${MAP}/9.yaml`, 'confidence'));
  });

  it('is part of `dualuse validate` (checkKnowledgeBase)', () => {
    const root = temp([[join(REPO_ROOT, 'regulations'), 'regulations']]);
    edit(root, `${MAP}/3.yaml`, cases[0]!.apply);
    const r = checkKnowledgeBase(root);
    expect(r.kb).toBeUndefined();
    expect(r.issues.some((i) => i.file === `${MAP}/3.yaml` && /3\.A\.91/.test(i.message))).toBe(true);
  });
});
