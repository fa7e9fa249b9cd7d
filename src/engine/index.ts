/**
 * @module engine
 * Opens the knowledge base and the rules from a repository root and returns a ready determiner.
 */
import { loadKnowledgeBase } from '../load/index.ts';
import { loadRules } from '../load/rules.ts';
import { VOCABULARY } from './vocabulary.ts';
import { createDeterminer, LIST_MAX_AGE_DAYS, type Determiner, type EngineOptions, type Screener } from './determine.ts';
import { lazyPartyLists } from '../load/lists.ts';
import { createMatcher, MATCHER, type Matcher } from '../screening/match.ts';

/** A screener over the Consolidated Screening List in regulations/lists/, loaded and indexed on first use. */
export function listScreener(root: string): Screener {
  const lists = lazyPartyLists(root);
  let matcher: Matcher | undefined;
  const m = () => (matcher ??= createMatcher(lists()));
  return {
    screen: (name) => m().screen(name),
    matcher: m,
    get listDate() { return lists().date; },
    context: () => {
      const l = lists();
      return { lists: { file: l.file, date: l.date, sha256: l.sha256 }, matcher: ANSWER_VERSIONS.matcher, thresholds: { ...MATCHER.thresholds } };
    },
    list: (code) => {
      const l = lists().list(code);
      return l && { title: l.title, agency: l.agency, citation: l.citation, effect: l.effect, ear: l.ear };
    },
  };
}

/** The maximum age of the party lists, from DUALUSE_LIST_MAX_AGE_DAYS (whole days ≥ 1), else the default. */
export function listMaxAgeDays(env: NodeJS.ProcessEnv = process.env): number {
  const v = env.DUALUSE_LIST_MAX_AGE_DAYS;
  if (v === undefined || v === '') return LIST_MAX_AGE_DAYS;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new Error(`DUALUSE_LIST_MAX_AGE_DAYS must be a whole number of days ≥ 1, not '${v}'`);
  return n;
}

export function openEngine(root: string, opts: EngineOptions = {}): Determiner {
  const kb = loadKnowledgeBase(root);
  const rules = loadRules(root, VOCABULARY);
  return createDeterminer(kb, rules, { screener: listScreener(root), listMaxAgeDays: listMaxAgeDays(), ...opts });
}

/** Package and version of the rules engine, recorded with every answer. */
export const ENGINE_VERSION = { package: 'json-rules-engine', version: '7.3.1' } as const;

/** The engine and matcher versions, as every record stores them. */
export const ANSWER_VERSIONS = {
  engine: `${ENGINE_VERSION.package}@${ENGINE_VERSION.version}`,
  matcher: `${MATCHER.algorithm}@${MATCHER.version}`,
} as const;
