/**
 * @module load/yaml-strict
 * Strict, defensive YAML parsing for knowledge-base files (see docs: reliability T01–T11, T22, T23).
 *
 * Refuses, before composing a document: oversized files, invalid UTF-8, NUL and other control characters, tabs used
 * for indentation, any `%YAML` directive other than 1.2, and nesting deeper than `maxDepth` (deep nesting can abort
 * the process from inside V8, where no `try/catch` helps, so it is measured on the iterative CST first).
 * Then parses one YAML 1.2 document with the core schema and turns every yaml error **and warning** into an issue,
 * plus the YAML 1.1 traps that YAML 1.2 reads silently: unquoted `NO`/`yes`/`on`/`off`/`y`/`n`, unquoted ECCNs such
 * as `3E001` that become numbers, keys that collide once converted to strings, and non-scalar keys.
 */
import { Composer, isAlias, isMap, isPair, isScalar, isSeq, LineCounter, Parser, Scalar, YAMLParseError } from 'yaml';
import type { CST, Document, YAMLError } from 'yaml';
import type { Issue } from '../errors.ts';

export const DEFAULT_MAX_BYTES = 2 * 1024 * 1024; // reliability.md T22: the largest real file is under 100 kB
/** Knowledge-base files nest about 8 levels deep; anything far deeper is a mistake or an attack. */
export const DEFAULT_MAX_DEPTH = 64;
/** Alias expansions allowed by `toJS` (yaml's default is 100); a "billion laughs" file exceeds it. */
export const MAX_ALIAS_COUNT = 50;
/**
 * Keys allowed in one mapping. Knowledge-base mappings hold a few dozen keys at most; yaml checks each new key
 * against every earlier one (`uniqueKeys`), so one mapping with 50,000 keys takes about 15 s to parse.
 */
export const DEFAULT_MAX_KEYS = 1000;

export interface ParseYamlOptions {
  /** Refuse files bigger than this many bytes (default 4 MiB). */
  maxBytes?: number;
  /** Refuse collections nested deeper than this (default 64). */
  maxDepth?: number;
  /** Refuse mappings with more keys than this (default 1,000): yaml's duplicate-key check is quadratic per mapping. */
  maxKeys?: number;
}

export type ParseYamlResult =
  | { ok: true; data: unknown; doc: Document; lineCounter: LineCounter }
  | { ok: false; issues: Issue[] };

const PARSE = 'RULESET_PARSE_ERROR';
const ENCODING = 'RULESET_ENCODING';
const TOO_LARGE = 'RULESET_TOO_LARGE';
/** Cap on issues of one kind reported by the pre-parse scans, so a binary file does not produce a million issues. */
const MAX_SCAN_ISSUES = 20;
/** Cap on yaml errors and warnings reported per file (garbage input can produce one per line). */
const MAX_YAML_ISSUES = 100;

/** Plain scalars that YAML 1.1 reads as booleans but YAML 1.2 (core schema) reads as strings. */
const YAML11_BOOL = /^(?:y|yes|n|no|on|off)$/i;
/** ECCN shape; `3E001` unquoted is the float 3·10¹ = 30 in YAML 1.2. */
const ECCN_SHAPE = /^[0-9][A-E][0-9]{3}$/;
/**
 * YAML 1.1 types that yaml 2 still resolves under the 1.2 core schema, silently (no warning): `!!binary` becomes a
 * Buffer, `!!timestamp` a Date, `!!set`/`!!omap` lose their content in toJS, `!!merge` drops the key.
 */
const SILENT_TAGS = new Set(['binary', 'set', 'omap', 'pairs', 'timestamp', 'merge'].map((t) => `tag:yaml.org,2002:${t}`));

/**
 * Parse one knowledge-base YAML file strictly. Never throws on bad input: every problem found is returned as an
 * issue with file, 1-based line and column, message and hint.
 */
export function parseYamlStrict(source: Buffer | string, file: string, opts: ParseYamlOptions = {}): ParseYamlResult {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const maxDepth = opts.maxDepth ?? DEFAULT_MAX_DEPTH;
  const maxKeys = opts.maxKeys ?? DEFAULT_MAX_KEYS;
  const fail = (issues: Issue[]): ParseYamlResult => ({ ok: false, issues });

  // 1. Size, before anything else looks at the bytes.
  const size = typeof source === 'string' ? Buffer.byteLength(source, 'utf8') : source.byteLength;
  if (size > maxBytes) {
    return fail([{
      code: TOO_LARGE, file, line: 1, column: 1,
      message: `file is ${size} bytes, more than the limit of ${maxBytes} bytes`,
      hint: `split the file into smaller files (each at most ${formatBytes(maxBytes)})`,
    }]);
  }

  // 2. Encoding: strict UTF-8, no NUL or other control characters.
  let src: string;
  if (typeof source === 'string') {
    src = source;
    const lone = LONE_SURROGATE.exec(src);
    if (lone) {
      const { line, col } = posIn(src, lone.index);
      return fail([{
        code: ENCODING, file, line, column: col,
        message: `unpaired UTF-16 surrogate U+${hex(src.charCodeAt(lone.index))}: the text is not valid Unicode`,
        hint: 'remove the broken character and save the file as UTF-8',
      }]);
    }
  } else {
    try {
      src = new TextDecoder('utf-8', { fatal: true }).decode(source);
    } catch {
      return fail([invalidUtf8Issue(source, file)]);
    }
  }
  const controlIssues = scanControlCharacters(src, file);
  if (controlIssues.length) return fail(controlIssues);

  // 3. Cheap text scans and an iterative CST pass, still before composing a document. The CST is parsed once and
  //    reused for composing (parsing it twice was half of the knowledge base's load time).
  const lineCounter = new LineCounter();
  let tokens: CST.Token[];
  let pre: Issue[];
  try {
    tokens = Array.from(new Parser(lineCounter.addNewLine).parse(src));
    pre = [...scanTabIndentation(src, file), ...scanCst(tokens, lineCounter, file, maxDepth, maxKeys)];
  } catch (err) {
    return fail([thrownIssue(err, file, 'the YAML syntax could not be read')]);
  }
  if (pre.length) return fail(pre);

  // 4. Compose the document (as yaml's parseDocument does, from the same tokens). yaml catches its own stack
  //    overflows, but wrap everything anyway.
  let doc: Document.Parsed | undefined;
  try {
    const composer = new Composer({
      version: '1.2', schema: 'core', strict: true, uniqueKeys: true, merge: false, prettyErrors: true,
      intAsBigInt: false, keepSourceTokens: false, customTags: [],
    });
    for (const d of composer.compose(tokens, true, src.length)) {
      if (!doc) doc = d;
      else {
        doc.errors.push(new YAMLParseError([d.range[0], d.range[1]], 'MULTIPLE_DOCS', 'Source contains multiple YAML documents'));
        break;
      }
    }
  } catch (err) {
    return fail([thrownIssue(err, file, 'the YAML parser failed')]);
  }
  if (!doc) return fail([thrownIssue(new Error('no document'), file, 'the YAML parser failed')]);

  const issues = yamlIssues([...doc.errors, ...doc.warnings], src, file, lineCounter);
  try {
    issues.push(...scanDocument(doc, src, lineCounter, file));
  } catch (err) {
    issues.push(thrownIssue(err, file, 'could not inspect the YAML document'));
  }
  if (issues.length) return fail(capIssues(sortIssues(issues), file));

  // 5. Convert to plain data. Alias bombs throw ReferenceError; anything else is caught too.
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT, mapAsMap: false });
  } catch (err) {
    if (err instanceof ReferenceError && /Excessive alias count/i.test(err.message)) {
      const at = firstAlias(doc.contents, lineCounter);
      return fail([{
        code: PARSE, file, line: at.line, column: at.col,
        message: `aliases expand to too many nodes (${err.message}); this looks like an alias bomb ("billion laughs")`,
        hint: `remove the anchors (&name) and aliases (*name) and write the values out; at most ${MAX_ALIAS_COUNT} alias expansions are allowed`,
      }]);
    }
    const unresolved = err instanceof ReferenceError ? /^Unresolved alias.*: (.*)$/.exec(err.message) : null;
    if (unresolved) {
      const at = firstAlias(doc.contents, lineCounter, unresolved[1]);
      return fail([{
        code: PARSE, file, line: at.line, column: at.col,
        message: `alias \`*${unresolved[1]}\` refers to no anchor \`&${unresolved[1]}\` defined before it`,
        hint: `define the anchor (&${unresolved[1]}) before using it, or write the value out`,
      }]);
    }
    return fail([thrownIssue(err, file, 'could not convert the YAML document to data')]);
  }
  return { ok: true, data: data === undefined ? null : data, doc, lineCounter };
}

// ---------------------------------------------------------------------------------------------------------------
// Encoding

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** C0 controls other than tab, LF and CR, plus DEL: never meaningful in a knowledge-base file. */
// eslint-disable-next-line no-control-regex
const CONTROL_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

function scanControlCharacters(src: string, file: string): Issue[] {
  const issues: Issue[] = [];
  for (const m of src.matchAll(CONTROL_CHAR)) {
    const { line, col } = posIn(src, m.index);
    const code = src.charCodeAt(m.index);
    issues.push(code === 0
      ? { code: ENCODING, file, line, column: col, message: 'NUL byte (U+0000) in the file; YAML files must be plain UTF-8 text', hint: 'remove the NUL byte; the file may be binary, UTF-16 or corrupted: save it as UTF-8' }
      : { code: ENCODING, file, line, column: col, message: `control character U+${hex(code)} in the file; YAML allows only tab, line feed and carriage return`, hint: 'delete the invisible control character (it is often pasted from a PDF or a terminal)' });
    if (issues.length >= MAX_SCAN_ISSUES) break;
  }
  return issues;
}

function invalidUtf8Issue(bytes: Uint8Array, file: string): Issue {
  const { offset, truncated } = firstInvalidUtf8(bytes);
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) { line++; lineStart = i + 1; }
  const column = new TextDecoder('utf-8').decode(bytes.subarray(lineStart, offset)).length + 1;
  const b = bytes[offset];
  return {
    code: ENCODING, file, line, column,
    message: b === undefined || truncated
      ? `invalid UTF-8: the file ends in the middle of a multi-byte character (byte offset ${offset})`
      : `invalid UTF-8 byte 0x${b.toString(16).toUpperCase().padStart(2, '0')} at byte offset ${offset}; the file is not UTF-8 text`,
    hint: 'save the file as UTF-8 (it is probably Latin-1 or Windows-1252: convert it, e.g. `iconv -f windows-1252 -t utf-8`)',
  };
}

/** Byte offset of the first byte that starts an invalid UTF-8 sequence (WHATWG rules: no overlongs, no surrogates). */
function firstInvalidUtf8(b: Uint8Array): { offset: number; truncated: boolean } {
  const bad = (offset: number, truncated = false) => ({ offset, truncated });
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    if (c < 0x80) { i++; continue; }
    let n: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) n = 1;
    else if (c >= 0xe0 && c <= 0xef) { n = 2; if (c === 0xe0) lo = 0xa0; if (c === 0xed) hi = 0x9f; }
    else if (c >= 0xf0 && c <= 0xf4) { n = 3; if (c === 0xf0) lo = 0x90; if (c === 0xf4) hi = 0x8f; }
    else return bad(i);
    for (let k = 1; k <= n; k++) {
      const d = b[i + k];
      if (d === undefined) return bad(i, true);
      if (d < (k === 1 ? lo : 0x80) || d > (k === 1 ? hi : 0xbf)) return bad(i);
    }
    i += n + 1;
  }
  return bad(b.length, true);
}

// ---------------------------------------------------------------------------------------------------------------
// Pre-parse scans

const TAB_MESSAGE = 'tab character used for indentation; YAML indents with spaces';
const TAB_HINT = 'replace the tab(s) at the start of the line with spaces (configure the editor to insert spaces)';

/** Lines that start with a tab followed by content (tab-only lines and tab-indented comments are harmless). */
function scanTabIndentation(src: string, file: string): Issue[] {
  const issues: Issue[] = [];
  const re = /^\t+[^\s#]/gm;
  for (const m of src.matchAll(re)) {
    const { line } = posIn(src, m.index);
    issues.push({ code: PARSE, file, line, column: 1, message: TAB_MESSAGE, hint: TAB_HINT });
    if (issues.length >= MAX_SCAN_ISSUES) break;
  }
  return issues;
}

/**
 * One pass over yaml's concrete syntax tree (built iteratively, so it cannot overflow the stack): refuse `%YAML`
 * directives other than 1.2, collections nested deeper than `maxDepth` and mappings with more than `maxKeys` keys.
 */
function scanCst(tokens: readonly CST.Token[], lc: LineCounter, file: string, maxDepth: number, maxKeys: number): Issue[] {
  const issues: Issue[] = [];
  const at = (offset: number) => lc.linePos(offset);
  const stack: { token: CST.Token; depth: number }[] = [];
  let tooDeep: number | undefined;
  let tooMany: { offset: number; count: number } | undefined;
  for (const token of tokens) {
    if (token.type === 'directive') {
      const m = /^%YAML(?:[ \t]+(\S*))?/.exec(token.source);
      if (m && m[1] !== '1.2') {
        const { line, col } = at(token.offset);
        issues.push({
          code: PARSE, file, line, column: col,
          message: `\`${token.source.trim()}\` directive: only YAML 1.2 is accepted (YAML 1.1 reads NO, on, off as booleans)`,
          hint: 'delete the %YAML line (files are read as YAML 1.2) and quote values such as NO, yes, on',
        });
      }
    } else if (token.type === 'document' && token.value && tooDeep === undefined) {
      stack.push({ token: token.value, depth: 0 });
      while (stack.length) {
        const { token: t, depth } = stack.pop()!;
        if (t.type !== 'block-map' && t.type !== 'block-seq' && t.type !== 'flow-collection') continue;
        if (depth + 1 > maxDepth) { tooDeep = t.offset; stack.length = 0; break; }
        const isMapping = t.type === 'block-map' || (t.type === 'flow-collection' && t.start.source === '{');
        if (isMapping && t.items.length > maxKeys && !tooMany) tooMany = { offset: t.offset, count: t.items.length };
        for (const item of t.items) {
          if ('key' in item && item.key) stack.push({ token: item.key, depth: depth + 1 });
          if (item.value) stack.push({ token: item.value, depth: depth + 1 });
        }
      }
    }
  }
  if (tooMany) {
    const { line, col } = at(tooMany.offset);
    issues.push({
      code: PARSE, file, line, column: col,
      message: `a mapping has ${tooMany.count} keys, more than the limit of ${maxKeys}`,
      hint: 'split the data into several files, or use a list of entries instead of one huge mapping',
    });
  }
  if (tooDeep !== undefined) {
    const { line, col } = at(tooDeep);
    issues.push({
      code: PARSE, file, line, column: col,
      message: `collections are nested more than ${maxDepth} levels deep`,
      hint: 'flatten the structure; knowledge-base files need only a few levels of nesting',
    });
  }
  return issues;
}

// ---------------------------------------------------------------------------------------------------------------
// yaml errors and warnings

const YAML_HINTS: Record<string, string> = {
  DUPLICATE_KEY: 'remove or rename one of the two keys; a mapping may hold each key once',
  TAG_RESOLVE_FAILED: 'remove the tag (`!…` / `!!…`); knowledge-base YAML uses plain values only, and tags are never executed',
  MULTIPLE_DOCS: 'keep one document per file: remove the `---` separator or move the second document into its own file',
  TAB_AS_INDENT: TAB_HINT,
  RESOURCE_EXHAUSTION: 'flatten the structure; the file nests too deeply',
  BAD_DIRECTIVE: 'remove the directive line (lines starting with %)',
  MISSING_CHAR: 'check for an unclosed quote or bracket, or a missing `:` on this line',
  BAD_INDENT: 'indent nested entries consistently with spaces',
  BLOCK_AS_IMPLICIT_KEY: 'check the indentation of this line and the one before it',
  MULTILINE_IMPLICIT_KEY: 'a key must fit on one line; check for a missing `:` or a wrongly indented line',
};

function yamlIssues(errors: readonly YAMLError[], src: string, file: string, lc: LineCounter): Issue[] {
  const issues: Issue[] = [];
  const lineText = (line: number) => {
    const start = lc.lineStarts[line - 1] ?? 0;
    const end = lc.lineStarts[line];
    return src.slice(start, end === undefined ? undefined : end - 1);
  };
  const posOf = (e: YAMLError) => e.linePos?.[0] ?? lc.linePos(e.pos[0]);
  const tabLines = new Set<number>();
  for (const e of errors) {
    const { line } = posOf(e);
    if (e.code === 'TAB_AS_INDENT' || (e.code === 'BAD_INDENT' && /^[ ]*\t/.test(lineText(line)))) tabLines.add(line);
  }
  const tabReported = new Set<number>();
  for (const e of errors) {
    const pos = posOf(e);
    if (tabLines.has(pos.line)) {
      if (tabReported.has(pos.line)) continue; // follow-on errors of the tab on the same line
      tabReported.add(pos.line);
      issues.push({ code: PARSE, file, line: pos.line, column: lineText(pos.line).indexOf('\t') + 1, message: TAB_MESSAGE, hint: TAB_HINT });
      continue;
    }
    const base = firstLine(e.message);
    let message: string;
    switch (e.code) {
      case 'DUPLICATE_KEY': message = `duplicate key \`${keyAt(src, e.pos[0]) ?? src.slice(e.pos[0], e.pos[1])}\`: ${base}`; break;
      case 'TAG_RESOLVE_FAILED': message = `unknown tag \`${src.slice(e.pos[0], e.pos[1]) || base}\` (TAG_RESOLVE_FAILED): tags are not allowed`; break;
      case 'MULTIPLE_DOCS': message = 'more than one YAML document in the file (a second document starts here)'; break;
      case 'RESOURCE_EXHAUSTION': message = `the document nests too deeply to be parsed (${base})`; break;
      default: message = `${base} (${e.code})`;
    }
    issues.push({
      code: PARSE, file, line: pos.line, column: pos.col, message,
      hint: YAML_HINTS[e.code] ?? 'fix the YAML syntax at this position (an online YAML 1.2 checker shows the structure)',
    });
  }
  return issues;
}

// ---------------------------------------------------------------------------------------------------------------
// Document walk: YAML 1.1 traps, unquoted ECCNs, key problems

function scanDocument(doc: Document.Parsed, src: string, lc: LineCounter, file: string): Issue[] {
  const issues: Issue[] = [];
  const pos = (node: { range?: readonly number[] | null } | null | undefined) => lc.linePos(node?.range?.[0] ?? 0);

  const checkScalar = (node: Scalar, role: 'key' | 'value') => {
    if (node.type !== Scalar.PLAIN) return;
    const text = typeof node.source === 'string' ? node.source : String(node.value);
    const where = role === 'key' ? 'key' : 'value';
    if (typeof node.value === 'string' && YAML11_BOOL.test(node.value)) {
      const { line, col } = pos(node);
      issues.push({
        code: PARSE, file, line, column: col,
        message: `unquoted \`${node.value}\` is ambiguous (YAML 1.1 reads it as a boolean, YAML 1.2 as a string); quote it ('${node.value}') if it is a country code or write true/false`,
        hint: `write the ${where} as '${node.value}' (quoted) or, for a yes/no flag, as true or false`,
      });
    } else if (typeof node.value === 'number' && ECCN_SHAPE.test(text)) {
      const { line, col } = pos(node);
      issues.push({
        code: PARSE, file, line, column: col,
        message: `unquoted ECCN ${text} is read by YAML as the number ${node.value}; quote it: "${text}"`,
        hint: `always quote ECCNs in YAML: "${text}"`,
      });
    }
  };

  const checkTag = (node: unknown) => {
    const tag = (isScalar(node) || isMap(node) || isSeq(node)) ? node.tag : undefined;
    if (!tag || !SILENT_TAGS.has(tag)) return;
    // Point at the tag: the whitespace-separated token before the node, when it starts with `!`.
    const start = (node as Scalar).range?.[0] ?? 0;
    let end = start;
    while (end > 0 && (src[end - 1] === ' ' || src[end - 1] === '\t')) end--;
    let begin = end;
    while (begin > 0 && !/\s/.test(src[begin - 1] ?? ' ')) begin--;
    const { line, col } = lc.linePos(src[begin] === '!' ? begin : start);
    const short = `!!${tag.slice('tag:yaml.org,2002:'.length)}`;
    issues.push({
      code: PARSE, file, line, column: col,
      message: `tag \`${short}\` is not allowed: it is a YAML 1.1 type that would silently change the value`,
      hint: 'remove the tag and write a plain value (quoted string, number, list or mapping)',
    });
  };

  const walk = (node: unknown): void => {
    if (issues.length > MAX_YAML_ISSUES) return; // enough to report; capIssues adds the "… more" line
    checkTag(node);
    if (isScalar(node)) { checkScalar(node, 'value'); return; }
    if (isSeq(node)) { for (const item of node.items) walk(item); return; }
    if (!isMap(node)) return; // aliases point at nodes checked where they are defined
    const seen = new Map<string, Scalar>();
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const key = pair.key;
      checkTag(key);
      if (isScalar(key)) {
        checkScalar(key, 'key');
        const js = jsKey(key);
        const prev = seen.get(js);
        if (prev && prev.value !== key.value) {
          const { line, col } = pos(key);
          const p = pos(prev);
          issues.push({
            code: PARSE, file, line, column: col,
            message: `key \`${keyText(key)}\` becomes "${js}" in the data, the same as key \`${keyText(prev)}\` at line ${p.line}; the second would silently replace the first`,
            hint: 'rename one of the keys, and quote keys that look like numbers, booleans or null',
          });
        }
        seen.set(js, key);
      } else if (key !== null && key !== undefined) {
        const { line, col } = pos(isAlias(key) ? key : (key as { range?: number[] }));
        issues.push({
          code: PARSE, file, line, column: col,
          message: 'mapping key is not a plain value (a list, mapping or alias used as a key)',
          hint: 'use plain string keys; remove the `?` explicit key or the brackets around the key',
        });
      }
      walk(pair.value);
    }
  };
  walk(doc.contents);
  return issues;
}

/** The property name a scalar key becomes in `toJS()` (a plain object). */
function jsKey(key: Scalar): string {
  return key.value === null || key.value === undefined ? '' : String(key.value);
}
function keyText(key: Scalar): string {
  return typeof key.source === 'string' ? key.source : String(key.value);
}

function firstAlias(root: unknown, lc: LineCounter, name?: string): { line: number; col: number } {
  const stack: unknown[] = [root];
  while (stack.length) {
    const n = stack.pop();
    if (isAlias(n) && (name === undefined || n.source === name)) return lc.linePos(n.range?.[0] ?? 0);
    if (isMap(n)) for (const p of [...n.items].reverse()) stack.push(p.value, p.key);
    else if (isSeq(n)) for (const it of [...n.items].reverse()) stack.push(it);
  }
  return { line: 1, col: 1 };
}

// ---------------------------------------------------------------------------------------------------------------
// Helpers

function thrownIssue(err: unknown, file: string, what: string): Issue {
  const name = err instanceof Error ? err.name : typeof err;
  const msg = err instanceof Error ? firstLine(err.message) : String(err);
  const lp = (err as { linePos?: { line: number; col: number }[] } | null)?.linePos?.[0];
  return {
    code: PARSE, file, line: lp?.line ?? 1, column: lp?.col ?? 1,
    message: `${what}: ${name}: ${msg}`,
    hint: err instanceof RangeError ? 'flatten the structure; the file nests too deeply' : 'simplify the YAML at this position',
  };
}

/** The source text of the mapping key that starts at `offset` (plain, single- or double-quoted). */
function keyAt(src: string, offset: number): string | undefined {
  const m = /^("(?:[^"\\\n]|\\.)*"|'(?:[^'\n]|'')*'|[^\n]*?)[ \t]*:(?:[ \t\n]|$)/.exec(src.slice(offset, offset + 1024));
  return m?.[1] || undefined;
}

function firstLine(message: string): string {
  return (message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?\s*$/, '').trim();
}

function posIn(src: string, offset: number): { line: number; col: number } {
  let line = 1;
  let start = 0;
  for (let i = src.indexOf('\n'); i !== -1 && i < offset; i = src.indexOf('\n', i + 1)) { line++; start = i + 1; }
  return { line, col: offset - start + 1 };
}

/** Keep the first issues of a file that produces very many (garbage input can produce one per line). */
function capIssues(issues: Issue[], file: string): Issue[] {
  if (issues.length <= MAX_YAML_ISSUES) return issues;
  const rest = issues.length - MAX_YAML_ISSUES;
  return [...issues.slice(0, MAX_YAML_ISSUES), {
    code: PARSE, file, line: issues[MAX_YAML_ISSUES]?.line ?? 1, column: issues[MAX_YAML_ISSUES]?.column ?? 1,
    message: `… and ${rest} more YAML problems in this file`,
    hint: 'fix the problems above first; later errors are often consequences of an early one',
  }];
}

function sortIssues(issues: Issue[]): Issue[] {
  return issues.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
}

function hex(code: number): string {
  return code.toString(16).toUpperCase().padStart(4, '0');
}

function formatBytes(n: number): string {
  return n % (1024 * 1024) === 0 ? `${n / (1024 * 1024)} MiB` : n % 1024 === 0 ? `${n / 1024} KiB` : `${n} bytes`;
}
