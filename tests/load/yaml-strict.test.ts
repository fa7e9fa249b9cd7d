import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { formatIssue, type Issue } from '../../src/errors.ts';
import { parseYamlStrict } from '../../src/load/yaml-strict.ts';

const FIXTURES = fileURLToPath(new URL('../fixtures/invalid/', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'dualuse-yaml-strict-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Parse a fixture the way the loader does (bytes from disk, path relative to the repository). */
function parseFixture(name: string) {
  const file = `tests/fixtures/invalid/${name}`;
  return { file, result: parseYamlStrict(readFileSync(join(FIXTURES, name)), file) };
}

function issuesOf(result: ReturnType<typeof parseYamlStrict>): Issue[] {
  if (result.ok) throw new Error(`expected the parse to fail, got data ${JSON.stringify(result.data)}`);
  return result.issues;
}

/** Every issue names its file and position and says how to fix it. */
function expectComplete(issues: Issue[], file: string) {
  expect(issues.length).toBeGreaterThan(0);
  for (const i of issues) {
    expect(i.file).toBe(file);
    expect(i.line).toBeGreaterThanOrEqual(1);
    expect(i.column).toBeGreaterThanOrEqual(1);
    expect(i.message.length).toBeGreaterThan(10);
    expect(i.hint?.length ?? 0).toBeGreaterThan(5);
  }
}

describe('parseYamlStrict: fixtures', () => {
  it('duplicate key: names the key at the second occurrence', () => {
    const { file, result } = parseFixture('duplicate-key.yaml');
    const issues = issuesOf(result);
    expectComplete(issues, file);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: 'RULESET_PARSE_ERROR', line: 4, column: 1 });
    expect(formatIssue(issues[0]!)).toContain(`${file}:4:1`);
    expect(issues[0]!.message).toMatch(/duplicate key `eccn`.*Map keys must be unique/);
  });

  it('unquoted ECCN 3E001: YAML reads it as the number 30', () => {
    const { file, result } = parseFixture('unquoted-eccn.yaml');
    const issues = issuesOf(result);
    expectComplete(issues, file);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: 'RULESET_PARSE_ERROR', line: 2, column: 7 });
    expect(issues[0]!.message).toBe('unquoted ECCN 3E001 is read by YAML as the number 30; quote it: "3E001"');
    expect(formatIssue(issues[0]!)).toContain(`${file}:2:7`);
  });

  it('NO unquoted as a value: ambiguous between YAML 1.1 and 1.2', () => {
    const { file, result } = parseFixture('unquoted-no.yaml');
    const issues = issuesOf(result);
    expectComplete(issues, file);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: 'RULESET_PARSE_ERROR', line: 6, column: 10 });
    expect(issues[0]!.message).toContain('unquoted `NO` is ambiguous (YAML 1.1 reads it as a boolean, YAML 1.2 as a string)');
    expect(issues[0]!.message).toContain("quote it ('NO')");
    expect(formatIssue(issues[0]!)).toContain(`${file}:6:10`);
  });

  it('tab-indented file: one issue per tab-indented line, with a clear message', () => {
    const { file, result } = parseFixture('tab-indent.yaml');
    const issues = issuesOf(result);
    expectComplete(issues, file);
    expect(issues.map((i) => [i.line, i.column])).toEqual([[3, 1], [4, 1]]);
    for (const i of issues) {
      expect(i.code).toBe('RULESET_PARSE_ERROR');
      expect(i.message).toBe('tab character used for indentation; YAML indents with spaces');
    }
    expect(formatIssue(issues[0]!)).toContain(`${file}:3:1`);
  });

  it('unknown tag !!js/function: refused (yaml only warns), never executed', () => {
    const { file, result } = parseFixture('unknown-tag.yaml');
    const issues = issuesOf(result);
    expectComplete(issues, file);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: 'RULESET_PARSE_ERROR', line: 3, column: 10 });
    expect(issues[0]!.message).toContain('unknown tag `!!js/function`');
    expect(issues[0]!.message).toContain('TAG_RESOLVE_FAILED');
  });

  it('two documents in one file', () => {
    const { file, result } = parseFixture('two-documents.yaml');
    const issues = issuesOf(result);
    expectComplete(issues, file);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: 'RULESET_PARSE_ERROR', line: 6, column: 1 });
    expect(issues[0]!.message).toContain('more than one YAML document');
  });

  it('alias bomb (billion laughs): refused at the first alias, without expanding it', () => {
    const { file, result } = parseFixture('alias-bomb.yaml');
    const issues = issuesOf(result);
    expectComplete(issues, file);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: 'RULESET_PARSE_ERROR', line: 3, column: 8 });
    expect(issues[0]!.message).toMatch(/alias bomb/);
    expect(issues[0]!.message).toMatch(/Excessive alias count/);
  });

  it('%YAML 1.1 directive: refused before parsing', () => {
    const { file, result } = parseFixture('yaml-1.1-directive.yaml');
    const issues = issuesOf(result);
    expectComplete(issues, file);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: 'RULESET_PARSE_ERROR', line: 1, column: 1 });
    expect(issues[0]!.message).toContain('`%YAML 1.1` directive: only YAML 1.2 is accepted');
  });

  it('empty file and comments-only file give data null (the schema step reports them)', () => {
    for (const name of ['empty.yaml', 'comments-only.yaml']) {
      const { result } = parseFixture(name);
      expect(result.ok).toBe(true);
      if (result.ok) expect(result.data).toBeNull();
    }
  });

  it('__proto__ key: an own property, Object.prototype untouched', () => {
    const { result } = parseFixture('proto-pollution.yaml');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const data = result.data as Record<string, unknown>;
    expect(Object.keys(data)).toContain('__proto__');
    expect(Object.getPrototypeOf(data)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('parseYamlStrict: encoding and size (files written to a temp dir)', () => {
  it('invalid UTF-8 bytes: RULESET_ENCODING at the line and column of the bad byte', () => {
    const path = join(tmp, 'latin1.yaml');
    // "café" saved as Latin-1: 0xE9 is not valid UTF-8 on its own.
    writeFileSync(path, Buffer.concat([Buffer.from('eccn: "9Z999"\nheading: caf'), Buffer.from([0xe9]), Buffer.from('\n')]));
    const issues = issuesOf(parseYamlStrict(readFileSync(path), 'tmp/latin1.yaml'));
    expectComplete(issues, 'tmp/latin1.yaml');
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: 'RULESET_ENCODING', line: 2, column: 13 });
    expect(issues[0]!.message).toContain('invalid UTF-8 byte 0xE9');
    expect(formatIssue(issues[0]!)).toContain('tmp/latin1.yaml:2:13');
  });

  it('overlong and truncated UTF-8 sequences are refused too', () => {
    expect(issuesOf(parseYamlStrict(Buffer.from([0x61, 0x3a, 0x20, 0xc0, 0xaf, 0x0a]), 'o.yaml'))[0]).toMatchObject({ code: 'RULESET_ENCODING', line: 1, column: 4 });
    expect(issuesOf(parseYamlStrict(Buffer.from([0x61, 0x3a, 0x20, 0xe2, 0x82]), 't.yaml'))[0]!.message).toContain('ends in the middle');
  });

  it('a UTF-8 byte order mark is accepted', () => {
    const r = parseYamlStrict(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('eccn: "9Z999"\n')]), 'bom.yaml');
    expect(r.ok && r.data).toEqual({ eccn: '9Z999' });
  });

  it('NUL byte: RULESET_ENCODING with its position', () => {
    const issues = issuesOf(parseYamlStrict(Buffer.from('eccn: "9Z999"\nheading: "a\0b"\n'), 'nul.yaml'));
    expectComplete(issues, 'nul.yaml');
    expect(issues[0]).toMatchObject({ code: 'RULESET_ENCODING', line: 2, column: 12 });
    expect(issues[0]!.message).toContain('NUL byte');
  });

  it('oversized file (default 2 MiB): RULESET_TOO_LARGE before parsing', () => {
    const path = join(tmp, 'big.yaml');
    const line = 'heading: "fictional filler text"\n';
    writeFileSync(path, line.repeat(Math.ceil((2 * 1024 * 1024 + 1) / line.length)));
    const buf = readFileSync(path);
    const issues = issuesOf(parseYamlStrict(buf, 'tmp/big.yaml'));
    expectComplete(issues, 'tmp/big.yaml');
    expect(issues).toHaveLength(1);
    expect(issues[0]!.code).toBe('RULESET_TOO_LARGE');
    expect(issues[0]!.message).toBe(`file is ${buf.length} bytes, more than the limit of 2097152 bytes`);
    expect(formatIssue(issues[0]!)).toContain('tmp/big.yaml:1:1');
  });

  it('maxBytes is configurable and also applies to strings (counted in UTF-8 bytes)', () => {
    expect(issuesOf(parseYamlStrict('a: "ééé"\n', 's.yaml', { maxBytes: 10 }))[0]!.code).toBe('RULESET_TOO_LARGE');
    expect(parseYamlStrict('a: "ééé"\n', 's.yaml', { maxBytes: 12 }).ok).toBe(true);
  });
});

describe('parseYamlStrict: other refusals', () => {
  it('tab after spaces in the indentation: yaml reports it, with the clear message and the tab column', () => {
    const issues = issuesOf(parseYamlStrict('a:\n  b: 1\n  \tc: 2\n', 'tab.yaml'));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ line: 3, column: 3, message: 'tab character used for indentation; YAML indents with spaces' });
  });

  it('a tab inside block scalar content (after the indentation) is text, not indentation', () => {
    expect(parseYamlStrict('a: |\n  x\n  \ty\n', 'ok.yaml')).toMatchObject({ ok: true, data: { a: 'x\n\ty\n' } });
  });

  it('other YAML 1.1 booleans, any case, in values and keys', () => {
    const issues = issuesOf(parseYamlStrict('a: yes\nb: On\nc: [y, N, off]\nno: 1\nd: "NO"\ne: true\n', 'b.yaml'));
    expect(issues.map((i) => `${i.line}:${i.column} ${/`([^`]+)`/.exec(i.message)?.[1]}`)).toEqual([
      '1:4 yes', '2:4 On', '3:5 y', '3:8 N', '3:11 off', '4:1 no',
    ]);
  });

  it('unknown local tag !foo', () => {
    const issues = issuesOf(parseYamlStrict('a: 1\nb: !foo bar\n', 'tag.yaml'));
    expect(issues[0]).toMatchObject({ line: 2, column: 4 });
    expect(issues[0]!.message).toContain('unknown tag `!foo`');
  });

  it('YAML 1.1 types that yaml resolves silently (!!binary, !!timestamp, !!set, !!merge) are refused at the tag', () => {
    for (const [src, tag, col] of [['a: !!binary aGVsbG8=\n', '!!binary', 4], ['a: !!timestamp 2024-01-01\n', '!!timestamp', 4], ['a: !!set {x: null}\n', '!!set', 4], ['!!merge <<: {a: 1}\n', '!!merge', 1]] as const) {
      const issues = issuesOf(parseYamlStrict(src, 't.yaml'));
      expect(issues).toHaveLength(1);
      expect(issues[0]).toMatchObject({ line: 1, column: col, message: expect.stringContaining(`tag \`${tag}\` is not allowed`) });
    }
    expect(parseYamlStrict('a: !!str 3E001\n', 't.yaml')).toMatchObject({ ok: true, data: { a: '3E001' } });
  });

  it('alias to an undefined anchor', () => {
    const issues = issuesOf(parseYamlStrict('x: 1\na: [1, *nope]\n', 'a.yaml'));
    expect(issues).toEqual([expect.objectContaining({ line: 2, column: 8, message: 'alias `*nope` refers to no anchor `&nope` defined before it' })]);
  });

  it('keys that collide once converted to strings (1 and "1")', () => {
    const issues = issuesOf(parseYamlStrict('1: a\n"1": b\n', 'k.yaml'));
    expect(issues[0]).toMatchObject({ line: 2, column: 1 });
    expect(issues[0]!.message).toContain('the same as key `1` at line 1');
  });

  it('collection used as a mapping key', () => {
    expect(issuesOf(parseYamlStrict('[a]: 1\n', 'k.yaml'))[0]!.message).toContain('mapping key is not a plain value');
  });

  it('deep nesting is refused before yaml composes it (flow and block)', () => {
    for (const src of ['a: ' + '['.repeat(20_000) + ']'.repeat(20_000) + '\n', '- '.repeat(20_000) + 'x\n']) {
      const issues = issuesOf(parseYamlStrict(src, 'deep.yaml'));
      expect(issues).toHaveLength(1);
      expect(issues[0]!.message).toBe('collections are nested more than 64 levels deep');
      expect(issues[0]!.line).toBe(1);
    }
    expect(parseYamlStrict('a: ' + '['.repeat(10) + ']'.repeat(10) + '\n', 'ok.yaml', { maxDepth: 11 }).ok).toBe(true);
  });

  it('a mapping with too many keys is refused before yaml checks them for duplicates (quadratic)', () => {
    const src = Array.from({ length: 1001 }, (_, i) => `k${i}: 1`).join('\n') + '\n';
    const issues = issuesOf(parseYamlStrict(src, 'wide.yaml'));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: 'RULESET_PARSE_ERROR', line: 1, column: 1, message: 'a mapping has 1001 keys, more than the limit of 1000' });
    expect(parseYamlStrict(src, 'wide.yaml', { maxKeys: 2000 }).ok).toBe(true);
  });

  it('garbage input: issues are capped with a final "… and N more" issue', () => {
    const issues = issuesOf(parseYamlStrict('a: [' + 'no, '.repeat(300) + 'no]\n', 'many.yaml'));
    expect(issues).toHaveLength(101);
    expect(issues[100]!.message).toMatch(/^… and \d+ more YAML problems in this file$/);
  });

  it('%YAML 1.2 directive is accepted', () => {
    expect(parseYamlStrict('%YAML 1.2\n---\ncountry: "NO"\n', 'ok.yaml')).toMatchObject({ ok: true, data: { country: 'NO' } });
  });

  it('syntax error: unclosed quote', () => {
    const issues = issuesOf(parseYamlStrict('a: "unterminated\nb: 1\n', 'q.yaml'));
    expect(issues[0]!.code).toBe('RULESET_PARSE_ERROR');
    expect(issues[0]!.message).toMatch(/Missing closing "quote/);
  });

  it('a valid file: data, document and line counter', () => {
    const r = parseYamlStrict('eccn: "3E001"\ncountry: "NO"\neffective: 2024-01-15\nreasons: [XA, XB]\n', 'ok.yaml');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.data).toEqual({ eccn: '3E001', country: 'NO', effective: '2024-01-15', reasons: ['XA', 'XB'] });
    const reasons = r.doc.get('reasons', true) as { range: [number, number, number] };
    expect(r.lineCounter.linePos(reasons.range[0])).toEqual({ line: 4, col: 10 });
  });
});
