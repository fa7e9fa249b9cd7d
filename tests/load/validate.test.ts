import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Type } from '@sinclair/typebox';
import { LineCounter, parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { formatIssue, type Issue } from '../../src/errors.ts';
import { parseYamlStrict } from '../../src/load/yaml-strict.ts';
import { createValidator } from '../../src/load/validate.ts';

const FIXTURES = fileURLToPath(new URL('../fixtures/invalid/', import.meta.url));

// A tiny fictional schema, shaped like the real ones (quoted ECCN with a pattern, date with pattern + format,
// unions of literals, a nullable union, a nullable object, additionalProperties: false).
const lits = (xs: string[]) => Type.Union(xs.map((x) => Type.Literal(x)));
const REASONS = ['XA', 'XB', 'XC', 'XD', 'XE', 'XF', 'XG', 'XH', 'XI', 'XJ'];
const Note = Type.Object({ text: Type.String({ minLength: 1, maxLength: 100 }) }, { additionalProperties: false });
const Entry = Type.Object(
  {
    eccn: Type.String({ pattern: '^[0-9][A-Z][0-9]{3}$', maxLength: 5 }),
    heading: Type.String({ minLength: 1, maxLength: 200 }),
    effective: Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$', format: 'date' }),
    reasons: Type.Array(lits(REASONS), { maxItems: 4, uniqueItems: true }),
    column: Type.Optional(Type.Union([lits(['Z1', 'Z2', 'Z3']), Type.Null()])),
    country: Type.Optional(Type.String({ pattern: '^[A-Z]{2}$' })),
    note: Type.Optional(Type.Union([Note, Type.Null()])),
  },
  { additionalProperties: false },
);
const validator = createValidator({ entry: Entry });

/** Strict parse + validate, as the loader does. */
function check(src: string | Buffer, file = 'inline.yaml'): Issue[] {
  const parsed = parseYamlStrict(src, file);
  if (!parsed.ok) throw new Error(`unexpected parse failure: ${parsed.issues.map(formatIssue).join('\n')}`);
  return validator.validate('entry', parsed.data, file, parsed.doc, parsed.lineCounter);
}
function checkFixture(name: string): { file: string; issues: Issue[] } {
  const file = `tests/fixtures/invalid/${name}`;
  return { file, issues: check(readFileSync(join(FIXTURES, name)), file) };
}
const VALID = 'eccn: "9Z999"\nheading: Fictional widget\neffective: "2024-02-29"\nreasons: [XA, XB]\n';

function expectComplete(issues: Issue[], file: string) {
  expect(issues.length).toBeGreaterThan(0);
  for (const i of issues) {
    expect(i.code).toBe('RULESET_SCHEMA_INVALID');
    expect(i.file).toBe(file);
    expect(i.line).toBeGreaterThanOrEqual(1);
    expect(i.column).toBeGreaterThanOrEqual(1);
    expect(i.hint?.length ?? 0).toBeGreaterThan(5);
  }
}

describe('createValidator: fixtures', () => {
  it('unknown field: names it, lists the allowed fields, points at the key', () => {
    const { file, issues } = checkFixture('unknown-field.yaml');
    expectComplete(issues, file);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ line: 6, column: 1, pointer: '/colour' });
    expect(issues[0]!.message).toBe('unknown field `colour`; allowed fields: eccn, heading, effective, reasons, column, country, note');
    expect(formatIssue(issues[0]!)).toContain(`RULESET_SCHEMA_INVALID ${file}:6:1: /colour unknown field \`colour\``);
  });

  it('bad date 2024-13-01 (month 13): one issue, at the value', () => {
    const { file, issues } = checkFixture('bad-date-month.yaml');
    expectComplete(issues, file);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ line: 4, column: 12, pointer: '/effective' });
    expect(issues[0]!.message).toContain('"2024-13-01" is not a valid date');
  });

  it('bad date 2024-02-30 (passes the pattern, fails format: date in full mode)', () => {
    const { file, issues } = checkFixture('bad-date-day.yaml');
    expectComplete(issues, file);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ line: 4, column: 12, pointer: '/effective' });
    expect(issues[0]!.message).toContain('"2024-02-30" is not a valid date');
    expect(formatIssue(issues[0]!)).toContain(`${file}:4:12`);
  });

  it('leap days: 2024-02-29 is valid, 2023-02-29 is not', () => {
    expect(check(VALID)).toEqual([]);
    const issues = check(VALID.replace('2024-02-29', '2023-02-29'));
    expect(issues).toHaveLength(1);
    expect(issues[0]!.message).toContain('"2023-02-29" is not a valid date');
  });

  it('empty file and comments-only file: "file is empty; expected a mapping"', () => {
    for (const name of ['empty.yaml', 'comments-only.yaml']) {
      const { file, issues } = checkFixture(name);
      expectComplete(issues, file);
      expect(issues).toHaveLength(1);
      expect(issues[0]).toMatchObject({ line: 1, column: 1 });
      expect(issues[0]!.message).toMatch(/^file is empty; expected a mapping \(see the schema for 'entry' files/);
    }
  });

  it('__proto__ key: refused as an unknown field, Object.prototype not polluted', () => {
    const { file, issues } = checkFixture('proto-pollution.yaml');
    expectComplete(issues, file);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ line: 2, column: 1, pointer: '/__proto__' });
    expect(issues[0]!.message).toContain('unknown field `__proto__`');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('createValidator: messages and positions', () => {
  it('unquoted ECCN that reached the schema (parsed without the strict checks): says YAML made it a number', () => {
    const lineCounter = new LineCounter();
    const doc = parseDocument('eccn: 3E001\nheading: x\neffective: "2024-01-15"\nreasons: [XA]\n', { lineCounter });
    const issues = validator.validate('entry', doc.toJS(), 'e.yaml', doc, lineCounter);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ line: 1, column: 7, pointer: '/eccn' });
    expect(issues[0]!.message).toBe('expected a string, found the number 30: YAML read the unquoted `3E001` as a number');
    expect(issues[0]!.hint).toContain('always quote ECCNs in YAML: "3E001"');
  });

  it('union of literals: one issue per path listing the first allowed values', () => {
    const issues = check(VALID.replace('[XA, XB]', '[XA, XQ]'));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ line: 4, column: 15, pointer: '/reasons/1' });
    expect(issues[0]!.message).toBe('must be one of: "XA", "XB", "XC", "XD", "XE", "XF", "XG", "XH", … (10 allowed values); found the string "XQ"');
  });

  it('case typo in a literal: suggests the right spelling', () => {
    const issues = check(VALID.replace('[XA, XB]', '[XA, xb]'));
    expect(issues).toHaveLength(1);
    expect(issues[0]!.hint).toBe('did you mean "XB"?');
  });

  it('nested union (literals or null): collapsed into one message naming null too', () => {
    const issues = check(`${VALID}column: Q1\n`);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ line: 5, column: 9, pointer: '/column' });
    expect(issues[0]!.message).toBe('must be one of: "Z1", "Z2", "Z3", or null; found the string "Q1"');
    const num = check(`${VALID}column: 5\n`);
    expect(num).toHaveLength(1);
    expect(num[0]!.message).toBe('must be one of: "Z1", "Z2", "Z3", or null; found the number 5: YAML read the unquoted `5` as a number');
  });

  it('union of an object and null: reports the object branch problem only', () => {
    const issues = check(`${VALID}note:\n  text: hello\n  txet: typo\n`);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ line: 7, column: 3, pointer: '/note/txet' });
    expect(issues[0]!.message).toBe('unknown field `txet` in /note (did you mean `text`?); allowed fields: text');
    expect(check(`${VALID}note: null\n`)).toEqual([]);
  });

  it('type mismatch: says what was expected and what was found', () => {
    const issues = check(VALID.replace('[XA, XB]', '{a: 1}'));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ line: 4, column: 10, pointer: '/reasons' });
    expect(issues[0]!.message).toBe('expected a list, found a mapping');
  });

  it('top level not a mapping', () => {
    const issues = check('- a\n- b\n');
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ line: 1, column: 1, pointer: '' });
    expect(issues[0]!.message).toBe('expected a mapping, found a list of 2 items');
  });

  it('ECCN pattern: explains the ECCN shape and reminds to quote', () => {
    const issues = check(VALID.replace('"9Z999"', '"9z99"'));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ line: 1, column: 7, pointer: '/eccn' });
    expect(issues[0]!.message).toContain('"9z99" is not a valid ECCN here');
    expect(issues[0]!.message).toContain('pattern ^[0-9][A-Z][0-9]{3}$');
    expect(issues[0]!.hint).toContain('always quoted in YAML');
  });

  it('other pattern: names the pattern', () => {
    const issues = check(`${VALID}country: Nor\n`);
    expect(issues[0]!.message).toBe('the string "Nor" does not match the required pattern ^[A-Z]{2}$');
  });

  it('missing required field: points at the mapping', () => {
    const issues = check('heading: x\neffective: "2024-01-15"\nreasons: []\n');
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ line: 1, column: 1, pointer: '' });
    expect(issues[0]!.message).toBe('missing required field `eccn` in the top level');
  });

  it('several problems: all reported, sorted by line, one per path', () => {
    const issues = check('eccn: "9Z99"\nheading: ""\neffective: "2024-01-01"\nreasons: [XA, XA, XB, XC, XD]\nhaeding: x\n');
    expect(issues.map((i) => `${i.line}:${i.column} ${i.pointer}`)).toEqual([
      '1:7 /eccn', '2:10 /heading', '4:10 /reasons', '5:1 /haeding',
    ]);
    expect(issues[3]!.message).toContain('(did you mean `heading`?)');
    expect(issues[1]!.message).toBe('text has 0 characters; at least 1 allowed');
  });

  it('without a document: pointer and message, no position', () => {
    const issues = validator.validate('entry', { eccn: '9Z999', heading: 'x', effective: '2024-01-15', reasons: [], extra: 1 }, 'x.yaml');
    expect(issues).toEqual([expect.objectContaining({ pointer: '/extra', message: expect.stringContaining('unknown field `extra`') })]);
    expect(issues[0]!.line).toBeUndefined();
  });

  it('positions follow aliases to the anchored node', () => {
    const issues = check('eccn: "9Z999"\nheading: &h x\neffective: "2024-01-15"\nreasons: [XA]\nnote: {text: *h, extra: 1}\n');
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ line: 5, column: 18, pointer: '/note/extra' });
  });
});

describe('createValidator: setup', () => {
  it('throws for an unknown kind (a programming error, not a data problem)', () => {
    expect(() => validator.validate('nope', {}, 'x.yaml')).toThrow(/no schema for kind 'nope'/);
  });

  it('Ajv strict mode is on: an unknown keyword in a schema fails at creation', () => {
    const bad = Type.Object({ a: Type.String({ colour: 'blue' } as object) });
    expect(() => createValidator({ bad })).toThrow(/schema for 'bad' does not compile in strict mode: .*unknown keyword/i);
  });

  it('TypeBox symbol keys do not trouble Ajv; the same schema may serve two kinds', () => {
    const v = createValidator({ a: Entry, b: Entry });
    const data = { eccn: '9Z999', heading: 'x', effective: '2024-01-15', reasons: ['XA'] };
    expect(v.validate('a', data, 'a.yaml')).toEqual([]);
    expect(v.validate('b', { ...data, eccn: 30 }, 'b.yaml')[0]!.message).toContain('expected a string, found the number 30');
  });

  it('no coercion, no defaults, nothing removed: the data is not modified', () => {
    const data = { eccn: '9Z999', heading: 'x', effective: '2024-01-15', reasons: ['XA'], extra: '1' };
    const copy = structuredClone(data);
    validator.validate('entry', data, 'x.yaml');
    expect(data).toEqual(copy);
  });
});
