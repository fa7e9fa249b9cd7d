/** Temporary copies of fixtures for tests that break them on purpose; removed after each test. */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach } from 'vitest';

/** The FICTIONAL mini knowledge base (its regulations/ folder). */
export const FIXTURE_KB = resolve(import.meta.dirname, '../fixtures/kb');

/** Returns a function making a temp directory filled with copies of [from, to-inside-the-dir] pairs. */
export function tempCopies(prefix: string): (copies: [string, string][]) => string {
  const dirs: string[] = [];
  afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });
  return (copies) => {
    const d = mkdtempSync(join(tmpdir(), prefix));
    dirs.push(d);
    for (const [from, to] of copies) cpSync(from, join(d, to), { recursive: true });
    return d;
  };
}

/** Rewrites one file of a temp copy; fails when the rewrite changes nothing (the fixture moved under the test). */
export function editFile(root: string, rel: string, fn: (s: string) => string): void {
  const p = join(root, rel);
  const before = readFileSync(p, 'utf8');
  const after = fn(before);
  if (after === before) throw new Error(`the edit of ${rel} changed nothing: the file changed, update the test`);
  writeFileSync(p, after);
}

/** 1-based number of the first line containing `needle` in a file of a temp copy (0 when absent). */
export const lineOf = (root: string, rel: string, needle: string): number =>
  readFileSync(join(root, rel), 'utf8').split('\n').findIndex((l) => l.includes(needle)) + 1;
