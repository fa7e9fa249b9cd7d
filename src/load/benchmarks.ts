/**
 * @module load/benchmarks
 * Reads `regulations/benchmarks/*.yaml` strictly (YAML, schema, file:line:column issues, all at once) and checks
 * what the schema cannot: unique ids, the threshold's source file exists, and the quoted threshold words are in it.
 * A knowledge base without the folder has no benchmarks (the fictional fixtures).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LoadError, type Issue } from '../errors.ts';
import { BenchmarkFile, type BenchmarkFileT, type BenchmarkRowT } from '../schema/benchmark.ts';
import { locateIssue } from './locate.ts';
import { readFilesByKind } from './read-kinds.ts';
import { createValidator } from './validate.ts';
import { walk } from './walk.ts';

export const BENCHMARKS_DIR = 'regulations/benchmarks';
export interface BenchmarkRecord extends BenchmarkRowT { readonly file: string }

let validator: ReturnType<typeof createValidator> | undefined;
const squash = (t: string) => t.replace(/\s+/g, ' ').trim();

export function checkBenchmarks(root: string): { rows: BenchmarkRecord[]; hash: string; issues: Issue[] } {
  validator ??= createValidator({ benchmark: BenchmarkFile });
  const dir = join(root, BENCHMARKS_DIR);
  const hash = createHash('sha256');
  if (!existsSync(dir)) return { rows: [], hash: hash.digest('hex'), issues: [] };
  const issues: Issue[] = [];
  const rows: BenchmarkRecord[] = [];
  const ids = new Map<string, string>();
  const { byKind, located } = readFilesByKind(root, walk(dir), issues, {
    skip: () => false,
    kindOf: (rel) => (rel.endsWith('.yaml') ? 'benchmark' : undefined),
    unknown: (rel) => ({ code: 'RULESET_PATH_INVALID', file: rel, message: `only .yaml files belong in ${BENCHMARKS_DIR}/`, hint: 'rename or remove the file' }),
    validator, hash,
  });
  for (const { file: rel, data: file } of byKind.get('benchmark') ?? []) {
    const data = file as BenchmarkFileT;
    data.benchmarks.forEach((b, i) => {
      const add = (field: string, code: string, message: string, hint: string) => issues.push(locateIssue({ code, file: rel, pointer: `/benchmarks/${i}/${field}`, message, hint }, located.get(rel)));
      const prev = ids.get(b.id);
      if (prev) add('id', 'RULESET_SEMANTIC_INVALID', `benchmark id '${b.id}' is also used in ${prev}`, 'ids are unique');
      ids.set(b.id, rel);
      const src = join(root, b.threshold_source);
      if (!existsSync(src)) add('threshold_source', 'RULESET_REFERENCE_ERROR', `${b.threshold_source} does not exist`, 'name the CCL file the threshold is read from');
      else if (!squash(readFileSync(src, 'utf8')).includes(squash(b.threshold_quote))) add('threshold_quote', 'RULESET_REFERENCE_ERROR', `the quoted threshold words are not in ${b.threshold_source}`, 'quote the CCL text exactly');
      if (!b.threshold_source.endsWith(`/${b.eccn_paragraph.slice(0, 5)}.yaml`)) add('threshold_source', 'RULESET_SEMANTIC_INVALID', `${b.threshold_source} is not the file of ${b.eccn_paragraph.slice(0, 5)}`, 'the threshold comes from the entry compared');
      rows.push({ ...b, file: rel });
    });
  }
  return { rows, hash: hash.digest('hex'), issues };
}

export function loadBenchmarks(root: string): { rows: BenchmarkRecord[]; hash: string } {
  const r = checkBenchmarks(root);
  if (r.issues.length) throw new LoadError(r.issues);
  return { rows: r.rows, hash: r.hash };
}
