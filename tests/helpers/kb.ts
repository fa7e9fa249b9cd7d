/** Shared test helpers: the real knowledge base, loaded once per test file. */
import { resolve } from 'node:path';
import { loadKnowledgeBase } from '../../src/load/index.ts';
import type { KnowledgeBase } from '../../src/kb/kb.ts';

export const REPO_ROOT = resolve(import.meta.dirname, '../..');
export const REGDATA = resolve(REPO_ROOT, '../shared/regdata');

let kb: KnowledgeBase | undefined;
export function realKb(): KnowledgeBase {
  kb ??= loadKnowledgeBase(REPO_ROOT);
  return kb;
}
