/**
 * @module load/locate
 * Finds where a JSON pointer lands in a parsed YAML file, so that every issue can say file:line:column.
 */
import { isMap, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';
import type { Issue } from '../errors.ts';

/** 1-based line and column of the node at `pointer` (or of the deepest node on the way there). */
export function locatePointer(doc: Document, lineCounter: LineCounter, pointer: string, opts: { key?: string } = {}): { line: number; column: number } | undefined {
  const segs = pointer.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  let node: unknown = doc.contents;
  for (const seg of segs) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (isScalar(p.key) ? String(p.key.value) : String(p.key)) === seg);
      if (!pair) break;
      node = pair.value;
    } else if (isSeq(node)) {
      const next = node.items[Number(seg)];
      if (next === undefined) break;
      node = next;
    } else break;
  }
  if (opts.key && isMap(node)) {
    const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === opts.key);
    if (pair && isScalar(pair.key)) node = pair.key;
  }
  const range = (node as Node | null | undefined)?.range;
  if (!range) return undefined;
  const { line, col } = lineCounter.linePos(range[0]);
  return { line, column: col };
}

/** Adds line and column to an issue that has a pointer, when its file's document is known. */
export function locateIssue(issue: Issue, where: { doc: Document; lineCounter: LineCounter } | undefined): Issue {
  if (!where || issue.line !== undefined || issue.pointer === undefined) return issue;
  const pos = locatePointer(where.doc, where.lineCounter, issue.pointer);
  return pos ? { ...issue, line: pos.line, column: pos.column } : issue;
}
