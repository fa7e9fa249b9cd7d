/**
 * @module load/validate
 * JSON Schema validation of parsed knowledge-base files with one strict Ajv instance. Every schema is compiled once,
 * when the validator is created. Ajv errors become readable issues with a JSON pointer and, when the yaml Document
 * is given, the line and column of the offending node. The noise that TypeBox unions (`anyOf`) produce in Ajv (one
 * error per branch plus "must match a schema in anyOf") is collapsed into one issue per instance path.
 */
import { Ajv } from 'ajv';
import type { AnySchemaObject, ErrorObject, ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { TSchema } from '@sinclair/typebox';
import { isAlias, isMap, isScalar, isSeq, Scalar } from 'yaml';
import type { Document, LineCounter, Node as YamlNode } from 'yaml';
import type { Issue } from '../errors.ts';

const CODE = 'RULESET_SCHEMA_INVALID';
/** Allowed values shown in an enum message before "…". */
const SHOW_VALUES = 8;
/** Issues reported per file before the rest is summarised. */
const MAX_ISSUES_PER_FILE = 200;

export interface Validator {
  /** Validate one file's data against the schema of `kind`; returns [] when valid. Throws only for an unknown kind. */
  validate(kind: string, data: unknown, file: string, doc?: Document, lineCounter?: LineCounter): Issue[];
}

// ajv-formats is CommonJS: Node's default import is `module.exports`, which carries the plugin as `.default` too.
const addFormats = addFormatsModule.default;

export function createValidator(schemas: Record<string, TSchema>): Validator {
  const ajv = new Ajv({
    strict: true, allErrors: true, coerceTypes: false, useDefaults: false, removeAdditional: false, $data: false,
    // verbose adds parentSchema and data to each error (needed for "allowed fields …" and "found …"); it does not
    // change what is valid.
    verbose: true,
  });
  addFormats(ajv); // full mode: `date` checks the days in each month, so 2024-02-30 fails

  // Two tiers: valid files (nearly all of them) are checked by a lean validator that stops at the first error;
  // a file that fails is checked again by the all-errors validator, compiled on first need, to report everything.
  const fast = new Ajv({ strict: true, allErrors: false, coerceTypes: false, useDefaults: false, removeAdditional: false, $data: false, code: { optimize: false } });
  addFormats(fast);
  const compileWith = (a: Ajv, kind: string, schema: TSchema): ValidateFunction => {
    try {
      return a.compile(schema);
    } catch (err) {
      throw new Error(`schema for '${kind}' does not compile in strict mode: ${(err as Error).message}`, { cause: err });
    }
  };
  const quick = new Map<string, ValidateFunction>();
  const full = new Map<string, ValidateFunction>();
  for (const [kind, schema] of Object.entries(schemas)) quick.set(kind, compileWith(fast, kind, schema));

  return {
    validate(kind, data, file, doc, lineCounter) {
      const q = quick.get(kind);
      if (!q) throw new Error(`no schema for kind '${kind}' (known: ${[...quick.keys()].join(', ')})`);
      if (data !== null && data !== undefined && q(data)) return [];
      let fn = full.get(kind);
      if (!fn) { fn = compileWith(ajv, kind, schemas[kind] as TSchema); full.set(kind, fn); }
      if (data === null || data === undefined) {
        return [{
          code: CODE, file, line: 1, column: 1, pointer: '',
          message: `file is empty; expected a mapping (see the schema for '${kind}' files in src/schema/)`,
          hint: 'write the fields the schema requires, or delete the file',
        }];
      }
      if (fn(data)) return [];
      const errors = collapseUnions((fn.errors ?? []) as Err[]);
      const loc = doc && lineCounter ? new Locator(doc, lineCounter) : undefined; // positions need both
      const issues = pickOnePerPath(errors).map((e) => toIssue(e, file, loc));
      issues.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0) || (a.pointer ?? '').localeCompare(b.pointer ?? ''));
      if (issues.length > MAX_ISSUES_PER_FILE) {
        const rest = issues.length - MAX_ISSUES_PER_FILE;
        issues.length = MAX_ISSUES_PER_FILE;
        issues.push({ code: CODE, file, line: 1, column: 1, message: `… and ${rest} more schema problems in this file`, hint: 'fix the problems above and validate again' });
      }
      return issues;
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Error collapsing

/** An Ajv error, or a synthesised one for a union whose every branch failed at the value itself. */
interface Err extends ErrorObject {
  union?: { allowed: unknown[]; types: string[] };
}

const SHALLOW = new Set(['type', 'const', 'enum', 'union']);

/**
 * Replace each `anyOf`/`oneOf` failure and its per-branch errors by what matters, innermost union first:
 * - if some branch accepted the value's type and failed deeper (wrong field, bad pattern …), keep that branch's
 *   errors (the branch with the fewest errors);
 * - if every branch rejected the value itself (wrong literal, wrong type), one synthesised `union` error listing the
 *   allowed values and types.
 */
function collapseUnions(input: Err[]): Err[] {
  let errs = [...input];
  const summaries = errs
    .filter((e) => (e.keyword === 'anyOf' || e.keyword === 'oneOf'))
    .sort((a, b) => b.schemaPath.length - a.schemaPath.length);
  for (const s of summaries) {
    const prefix = `${s.schemaPath}/`;
    const inside = errs.filter((e) => e !== s && e.schemaPath.startsWith(prefix) && isAtOrBelow(e.instancePath, s.instancePath));
    if (inside.length === 0) continue; // e.g. oneOf matched more than one branch: keep Ajv's message
    const branches = new Map<string, Err[]>();
    for (const e of inside) {
      const branch = e.schemaPath.slice(prefix.length).split('/')[0] ?? '';
      const list = branches.get(branch) ?? [];
      list.push(e);
      branches.set(branch, list);
    }
    const isShallow = (b: Err[]) => b.some((e) => e.instancePath === s.instancePath && SHALLOW.has(e.keyword));
    const deep = [...branches.values()].filter((b) => !isShallow(b));
    let replacement: Err[];
    if (deep.length) {
      replacement = deep.reduce((best, b) => (b.length < best.length ? b : best));
    } else {
      const allowed: unknown[] = [];
      const types: string[] = [];
      for (const b of branches.values()) {
        const values = b.filter((e) => e.instancePath === s.instancePath && (e.keyword === 'const' || e.keyword === 'enum' || e.keyword === 'union'));
        if (values.length) {
          for (const e of values) {
            if (e.keyword === 'const') allowed.push(e.params.allowedValue);
            else if (e.keyword === 'enum') allowed.push(...(e.params.allowedValues as unknown[]));
            else { allowed.push(...(e.union?.allowed ?? [])); types.push(...(e.union?.types ?? [])); }
          }
        } else {
          for (const e of b) if (e.keyword === 'type' && e.instancePath === s.instancePath) types.push(...typeList(e.params.type));
        }
      }
      replacement = [{
        ...s, keyword: 'union', params: {}, message: 'must match one of the allowed alternatives',
        union: { allowed: unique(allowed), types: unique(types) },
      }];
    }
    const drop = new Set<Err>([s, ...inside]);
    errs = errs.filter((e) => !drop.has(e));
    errs.push(...replacement);
  }
  return errs;
}

/** The most specific error first; one issue per instance path (unknown and missing fields count per field). */
const RANK: Record<string, number> = {
  additionalProperties: 0, required: 0, format: 1, union: 2, const: 2, enum: 2, pattern: 3,
  minLength: 4, maxLength: 4, minimum: 4, maximum: 4, exclusiveMinimum: 4, exclusiveMaximum: 4, multipleOf: 4,
  minItems: 4, maxItems: 4, uniqueItems: 4, minProperties: 4, maxProperties: 4, type: 6,
};

function pickOnePerPath(errs: Err[]): Err[] {
  const best = new Map<string, Err>();
  for (const e of errs) {
    const key = e.keyword === 'additionalProperties' ? `${e.instancePath}\0+${String(e.params.additionalProperty)}`
      : e.keyword === 'required' ? `${e.instancePath}\0-${String(e.params.missingProperty)}`
        : e.instancePath;
    const prev = best.get(key);
    if (!prev || (RANK[e.keyword] ?? 5) < (RANK[prev.keyword] ?? 5)) best.set(key, e);
  }
  return [...best.values()];
}

// ---------------------------------------------------------------------------------------------------------------
// Messages

function toIssue(e: Err, file: string, loc: Locator | undefined): Issue {
  const ptr = e.instancePath;
  const where = ptr === '' ? 'the top level' : ptr;
  const schema = (e.parentSchema ?? {}) as AnySchemaObject;
  const node = loc?.node(ptr);
  let pointer = ptr;
  let message: string;
  let hint: string;
  let pos = loc?.pos(node);

  switch (e.keyword) {
    case 'additionalProperties': {
      const field = String(e.params.additionalProperty);
      pointer = `${ptr}/${escapePointer(field)}`;
      pos = loc?.pos(loc.keyNode(node, field) ?? node);
      const allowed = Object.keys((schema.properties ?? {}) as object);
      const patterns = Object.keys((schema.patternProperties ?? {}) as object);
      const guess = didYouMean(field, allowed);
      message = `unknown field \`${field}\`${ptr ? ` in ${ptr}` : ''}${guess ? ` (did you mean \`${guess}\`?)` : ''}; `
        + (allowed.length ? `allowed fields: ${allowed.join(', ')}` : '')
        + (patterns.length ? `${allowed.length ? '; other ' : ''}keys must match ${patterns.join(' or ')}` : '')
        + (!allowed.length && !patterns.length ? 'no fields are allowed here' : '');
      hint = guess ? `rename \`${field}\` to \`${guess}\`` : `remove \`${field}\` or fix its spelling (field names are case-sensitive)`;
      break;
    }
    case 'required': {
      const field = String(e.params.missingProperty);
      message = `missing required field \`${field}\` in ${where}`;
      hint = `add \`${field}:\` to this mapping`;
      break;
    }
    case 'type': {
      const expected = typeList(e.params.type);
      message = `expected ${expected.map(typeName).join(' or ')}, found ${describe(e.data)}`;
      hint = 'change the value to the expected kind';
      const note = unquotedNote(node, e.data, expected, schema, ptr);
      if (note) { message += note.message; hint = note.hint; }
      break;
    }
    case 'union': {
      const { allowed, types } = e.union ?? { allowed: [], types: [] };
      const shown = allowed.slice(0, SHOW_VALUES).map(showValue).join(', ');
      const more = allowed.length > SHOW_VALUES ? `, … (${allowed.length} allowed values)` : '';
      const typeText = types.map(typeName).join(' or ');
      const parts = [allowed.length ? `one of: ${shown}${more}` : '', typeText].filter(Boolean);
      message = `must be ${parts.join(', or ')}; found ${describe(e.data)}`;
      const guess = typeof e.data === 'string' ? didYouMean(e.data, allowed.filter((a): a is string => typeof a === 'string')) : undefined;
      hint = guess ? `did you mean ${showValue(guess)}?` : allowed.length ? 'use one of the allowed values exactly as written (they are case-sensitive)' : 'change the value to the expected kind';
      const note = unquotedNote(node, e.data, [...types, ...(allowed.some((a) => typeof a === 'string') ? ['string'] : [])], schema, ptr);
      if (note) { message += note.message; hint = note.hint; }
      break;
    }
    case 'const':
    case 'enum': {
      const allowed = e.keyword === 'const' ? [e.params.allowedValue] : (e.params.allowedValues as unknown[]);
      const more = allowed.length > SHOW_VALUES ? `, … (${allowed.length} allowed values)` : '';
      message = `must be ${allowed.length === 1 ? showValue(allowed[0]) : `one of: ${allowed.slice(0, SHOW_VALUES).map(showValue).join(', ')}${more}`}; found ${describe(e.data)}`;
      hint = 'use one of the allowed values exactly as written (they are case-sensitive)';
      break;
    }
    case 'pattern': {
      const pattern = String(e.params.pattern);
      if (isEccnLike(schema, ptr)) {
        message = `${describe(e.data)} is not a valid ECCN here: expected a digit, a letter A–E and three digits${pattern.includes('\\.') ? ', optionally followed by paragraphs such as .b.2' : ''} (pattern ${pattern})`;
        hint = 'write ECCNs exactly as the CCL does, in capitals, and always quoted in YAML, e.g. "3A001"';
      } else {
        message = `${describe(e.data)} does not match the required pattern ${pattern}`;
        hint = `change the value so that it matches ${pattern}`;
      }
      break;
    }
    case 'format': {
      const format = String(e.params.format);
      if (format === 'date') {
        message = `${describe(e.data)} is not a valid date: expected YYYY-MM-DD with a real month (01–12) and a day that exists in that month`;
        hint = 'write an existing calendar date as YYYY-MM-DD, e.g. "2024-02-29" (quoted is safest)';
      } else {
        message = `${describe(e.data)} is not a valid ${format}`;
        hint = `write a valid ${format}`;
      }
      break;
    }
    case 'maxItems':
    case 'minItems':
      message = `list has ${Array.isArray(e.data) ? e.data.length : '?'} items; ${e.keyword === 'maxItems' ? 'at most' : 'at least'} ${String(e.params.limit)} allowed`;
      hint = e.keyword === 'maxItems' ? 'remove items or split the data' : 'add the missing items';
      break;
    case 'maxLength':
    case 'minLength':
      message = `text has ${typeof e.data === 'string' ? e.data.length : '?'} characters; ${e.keyword === 'maxLength' ? 'at most' : 'at least'} ${String(e.params.limit)} allowed`;
      hint = e.keyword === 'maxLength' ? 'shorten the text' : 'write a non-empty value';
      break;
    case 'uniqueItems':
      message = `list items ${String(e.params.j)} and ${String(e.params.i)} are the same; items must be unique`;
      hint = 'remove the duplicate item';
      break;
    default:
      message = `${where} ${e.message ?? 'is invalid'}${e.keyword === 'minimum' || e.keyword === 'maximum' || e.keyword.startsWith('exclusive') ? `; found ${describe(e.data)}` : ''}`;
      hint = 'change the value so that it satisfies the schema';
  }
  const issue: Issue = { code: CODE, file, pointer, message, hint };
  if (loc) {
    // With a document every issue gets a position; an empty document has none, so point at its start.
    issue.line = pos?.line ?? 1;
    issue.column = pos?.col ?? 1;
  }
  return issue;
}

/** Explains a string-expected value that YAML typed as a number, boolean or null because it was not quoted. */
function unquotedNote(node: YamlNode | undefined, data: unknown, expected: string[], schema: AnySchemaObject, ptr: string): { message: string; hint: string } | undefined {
  if (!expected.includes('string') || typeof data === 'string' || typeof data === 'object' && data !== null) return undefined;
  const eccn = isEccnLike(schema, ptr);
  if (isScalar(node) && node.type === Scalar.PLAIN && typeof node.source === 'string' && node.source !== '') {
    const src = node.source;
    const kind = typeof data === 'number' ? 'a number' : typeof data === 'boolean' ? 'a boolean' : 'null';
    return {
      message: `: YAML read the unquoted \`${src}\` as ${kind}`,
      hint: eccn ? `always quote ECCNs in YAML: "${src}" (unquoted 3E001 is the number 30)` : `quote the value: "${src}"`,
    };
  }
  if (eccn && typeof data === 'number') {
    return { message: ' (an unquoted ECCN such as 3E001 is read by YAML as the number 30)', hint: 'always quote ECCNs in YAML, e.g. "3E001"' };
  }
  return undefined;
}

/** ECCN-valued fields: an ECCN-shaped pattern in the schema (or a union branch), or a field named like `eccn`. */
function isEccnLike(schema: AnySchemaObject, pointer: string): boolean {
  const eccnPattern = (s: unknown) => {
    const p = (s as AnySchemaObject | null)?.pattern;
    return typeof p === 'string' && /^\^\[0-9\]\[A-[A-Z]\]\[0-9\]\{3\}/.test(p);
  };
  if (eccnPattern(schema)) return true;
  if (Array.isArray(schema.anyOf) && schema.anyOf.some(eccnPattern)) return true;
  const last = pointer.split('/').pop() ?? '';
  return /eccn/i.test(last);
}

function typeList(t: unknown): string[] {
  return Array.isArray(t) ? t.map(String) : String(t).split(',');
}

function typeName(t: string): string {
  switch (t) {
    case 'object': return 'a mapping';
    case 'array': return 'a list';
    case 'string': return 'a string';
    case 'number': return 'a number';
    case 'integer': return 'a whole number';
    case 'boolean': return 'true or false';
    case 'null': return 'null';
    default: return t;
  }
}

function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null (an empty value)';
  if (typeof v === 'string') return `the string ${showValue(v)}`;
  if (typeof v === 'number') return `the number ${v}`;
  if (typeof v === 'boolean') return `the boolean ${v}`;
  if (Array.isArray(v)) return `a list of ${v.length} item${v.length === 1 ? '' : 's'}`;
  return 'a mapping';
}

function showValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 60 ? `${v.slice(0, 57)}…` : v);
  return v === null ? 'null' : String(v);
}

function unique<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}

/** A close match (case-insensitive, or one or two edits away, a swap of neighbours counting as one), to suggest a fix. */
function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  const w = word.toLowerCase();
  const limit = word.length <= 3 ? 1 : 2;
  let best: string | undefined;
  let bestD = limit + 1;
  for (const c of candidates) {
    if (c.toLowerCase() === w) return c;
    const d = editDistance(w, c.toLowerCase(), bestD);
    if (d < bestD) { bestD = d; best = c; }
  }
  return best;
}

/** Optimal-string-alignment distance (insert, delete, substitute, swap adjacent), capped at `cap`. */
function editDistance(a: string, b: string, cap: number): number {
  if (Math.abs(a.length - b.length) >= cap) return cap;
  const rows: number[][] = [Array.from({ length: b.length + 1 }, (_, j) => j)];
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const up = rows[i - 1]!;
      let d = Math.min(up[j]! + 1, row[j - 1]! + 1, up[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      row[j] = d;
    }
    rows.push(row);
  }
  return Math.min(rows[a.length]![b.length]!, cap);
}

function isAtOrBelow(path: string, base: string): boolean {
  return path === base || path.startsWith(`${base}/`);
}

function escapePointer(s: string): string {
  return s.replace(/~/g, '~0').replace(/\//g, '~1');
}

// ---------------------------------------------------------------------------------------------------------------
// JSON pointer → yaml node → line:column

class Locator {
  constructor(private readonly doc: Document, private readonly lc: LineCounter) {}

  /** The deepest node along the pointer (the parent when the pointer's last field is missing). */
  node(pointer: string): YamlNode | undefined {
    let node = this.deref(this.doc.contents);
    if (pointer === '') return node;
    for (const raw of pointer.split('/').slice(1)) {
      const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
      let next: unknown;
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && jsKey(p.key) === seg);
        next = pair ? (pair.value ?? pair.key) : undefined;
      } else if (isSeq(node)) {
        next = /^(0|[1-9][0-9]*)$/.test(seg) ? node.items[Number(seg)] : undefined;
      }
      const resolved = this.deref(next);
      if (!resolved) return node;
      node = resolved;
    }
    return node;
  }

  /** The key node of `field` in a mapping node. */
  keyNode(node: YamlNode | undefined, field: string): YamlNode | undefined {
    if (!isMap(node)) return undefined;
    const pair = node.items.find((p) => isScalar(p.key) && jsKey(p.key) === field);
    return isScalar(pair?.key) ? pair.key : undefined;
  }

  pos(node: YamlNode | undefined): { line: number; col: number } | undefined {
    const offset = node?.range?.[0];
    if (offset === undefined) return undefined;
    return this.lc.linePos(offset);
  }

  private deref(n: unknown): YamlNode | undefined {
    let node = n;
    for (let i = 0; i < 10 && isAlias(node); i++) node = node.resolve(this.doc);
    return isMap(node) || isSeq(node) || isScalar(node) ? node : undefined;
  }
}

/** The property name a scalar key becomes in `toJS()`. */
function jsKey(key: Scalar): string {
  return key.value === null || key.value === undefined ? '' : String(key.value);
}
