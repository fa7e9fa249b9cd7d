/**
 * @module load/read-kinds
 * The loop every folder loader shares (load/index.ts for regulations/, load/wassenaar.ts for the Wassenaar list):
 * walk the files, skip documentation and what another loader reads, name each file's kind by its path (a file of no
 * known kind is an issue), read it strictly into the set's hash (load/read-file.ts), and group the valid ones by kind,
 * remembering where each was read for later file:line:column issues.
 */
import type { Hash } from 'node:crypto';
import { relative, sep } from 'node:path';
import type { Issue } from '../errors.ts';
import type { FileRecord } from '../kb/kb.ts';
import { readValidated, type Located } from './read-file.ts';
import type { Validator } from './validate.ts';

export interface KindsRead {
  readonly byKind: Map<string, FileRecord<unknown>[]>;
  readonly located: Map<string, Located>;
  /** Files of a known kind that were read (valid or not). */
  readonly files: number;
}

export interface ReadKindsOptions {
  /** Paths relative to `root` ('/' separated) that another loader reads, or that are not data. */
  skip(rel: string): boolean;
  /** The kind of a file by its path; undefined when the layout has no place for it. */
  kindOf(rel: string): string | undefined;
  /** The issue for a file the layout has no place for. */
  unknown(rel: string): Issue;
  validator: Validator;
  hash: Hash;
}

/** Reads `paths` (absolute, in a stable order) and groups the valid files by kind; problems go to `issues`. */
export function readFilesByKind(root: string, paths: readonly string[], issues: Issue[], o: ReadKindsOptions): KindsRead {
  const byKind = new Map<string, FileRecord<unknown>[]>();
  const located = new Map<string, Located>();
  let files = 0;
  for (const abs of paths) {
    const rel = relative(root, abs).split(sep).join('/');
    if (/\.(md|txt)$/i.test(rel) || o.skip(rel)) continue; // documentation next to the data, or another loader's
    const kind = o.kindOf(rel);
    if (!kind) { issues.push(o.unknown(rel)); continue; }
    files++;
    const read = readValidated(abs, rel, kind, o.validator, o.hash);
    if (!read.ok) { issues.push(...read.issues); continue; }
    located.set(rel, read.where);
    const list = byKind.get(kind) ?? [];
    list.push({ file: rel, data: read.data });
    byKind.set(kind, list);
  }
  return { byKind, located, files };
}
