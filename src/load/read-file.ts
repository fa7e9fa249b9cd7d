/**
 * @module load/read-file
 * Reading one YAML file of the knowledge base or the rules, the same way for both: its bytes go into the set's
 * hash, then it is parsed strictly and validated against the schema of its kind. The parsed document is kept so
 * that later checks can point at a line and column.
 */
import type { Hash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Document, LineCounter } from 'yaml';
import type { Issue } from '../errors.ts';
import type { Validator } from './validate.ts';
import { parseYamlStrict } from './yaml-strict.ts';

/** Where a file's nodes are, for locating issues found after validation. */
export interface Located { readonly doc: Document; readonly lineCounter: LineCounter }

export type ReadResult = { ok: true; data: unknown; where: Located } | { ok: false; issues: Issue[] };

/** Hashes, parses and validates `abs` (named `rel` in issues) as a file of `kind`. */
export function readValidated(abs: string, rel: string, kind: string, validator: Validator, hash: Hash): ReadResult {
  const buf = readFileSync(abs);
  hash.update(rel).update('\0').update(buf).update('\0');
  const parsed = parseYamlStrict(buf, rel);
  if (!parsed.ok) return { ok: false, issues: parsed.issues };
  const issues = validator.validate(kind, parsed.data, rel, parsed.doc, parsed.lineCounter);
  if (issues.length) return { ok: false, issues };
  return { ok: true, data: parsed.data, where: { doc: parsed.doc, lineCounter: parsed.lineCounter } };
}
