/**
 * Scores a screener on the labelled evaluation set in tests/fixtures/screening/ (see its README): recall per class of
 * variant, precision and F1. Shared by the benchmark (bench/screening.ts, which also runs the fuse.js baseline) and by
 * the quality gate in tests/screening/evaluation.test.ts, so that both count the same way.
 *
 * How it counts:
 * - a positive is **found** when the screener flags it (band `match` or `possible_match`) with the expected entry
 *   (same list, same listed name) among the matches it returns; for the classes `exact` and `case` the band must be
 *   `match`;
 * - a positive that is flagged without the expected entry is a miss *and* a false alert;
 * - a name the screener refuses (e.g. `UNSUPPORTED_SCRIPT`) is a miss: it is not found, though it is not called clear;
 * - a negative is a false alert when it is flagged at all;
 * - recall = found / positives; precision = found / (found + false alerts); F1 their harmonic mean.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Positive { id: string; class: string; query: string; expect: { list: string; name: string }; from: string; how: string }
export interface Negative { id: string; class: string; query: string; shares: string[]; note: string }

/** What a screener under test returns for one name: its band and the entries it names (list code, listed name). */
export interface Verdict { band: 'match' | 'possible_match' | 'clear' | 'refused'; entries: { list: string; name: string; band: 'match' | 'possible_match' }[] }
export type Screen = (name: string) => Verdict;

/** Classes whose expected entry must be in the `match` band, not only `possible_match`. */
export const MUST_MATCH = new Set(['exact', 'case']);

export const FIXTURE_DIR = join(import.meta.dirname, '..', 'tests', 'fixtures', 'screening');

const readJsonl = <T>(file: string): T[] => readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as T);

/** The development set (tests/fixtures/screening/), or another folder of the same layout (e.g. its holdout/). */
export function loadEvaluationSet(dir: string = FIXTURE_DIR): { positives: Positive[]; negatives: Negative[] } {
  return { positives: readJsonl<Positive>(join(dir, 'positives.jsonl')), negatives: readJsonl<Negative>(join(dir, 'negatives.jsonl')) };
}

const ws = (s: string) => s.replace(/\s+/g, ' ').trim();

export interface ClassScore { positives: number; found: number; recall: number; missed: { id: string; query: string; expect: string; got: string }[] }
export interface Evaluation {
  by_class: Record<string, ClassScore>;
  positives: number;
  found: number;
  /** Positives flagged without the expected entry. */
  wrong_entry: number;
  negatives: number;
  /** Negatives flagged (false alerts), with what they were flagged as. */
  false_alerts: { id: string; query: string; got: string }[];
  refused: number;
  recall: number;
  precision: number;
  f1: number;
  /** Matches returned per name, mean (how much a reviewer must read). */
  mean_matches: number;
  names_per_second: number;
}

const round = (x: number) => Math.round(x * 10_000) / 10_000;

export function evaluate(screen: Screen, set = loadEvaluationSet()): Evaluation {
  const byClass: Record<string, ClassScore> = {};
  let found = 0;
  let wrong = 0;
  let refused = 0;
  let matchesSeen = 0;
  const t0 = performance.now();
  for (const p of set.positives) {
    const c = (byClass[p.class] ??= { positives: 0, found: 0, recall: 0, missed: [] });
    c.positives++;
    const v = screen(p.query);
    matchesSeen += v.entries.length;
    if (v.band === 'refused') refused++;
    const hit = v.entries.find((e) => e.list === p.expect.list && ws(e.name) === ws(p.expect.name));
    const ok = hit !== undefined && (!MUST_MATCH.has(p.class) || hit.band === 'match');
    if (ok) { c.found++; found++; continue; }
    if (v.band === 'match' || v.band === 'possible_match') wrong++;
    c.missed.push({ id: p.id, query: p.query, expect: `${p.expect.list} ${p.expect.name}`, got: hit ? `${hit.band} (needs match)` : v.band === 'refused' ? 'refused' : v.entries.slice(0, 3).map((e) => `${e.list} ${e.name}`).join(' | ') || 'clear' });
  }
  const falseAlerts: Evaluation['false_alerts'] = [];
  for (const n of set.negatives) {
    const v = screen(n.query);
    matchesSeen += v.entries.length;
    if (v.band === 'refused') refused++;
    if (v.band === 'match' || v.band === 'possible_match') falseAlerts.push({ id: n.id, query: n.query, got: `${v.band}: ${v.entries.slice(0, 3).map((e) => `${e.list} ${e.name}`).join(' | ')}` });
  }
  const seconds = (performance.now() - t0) / 1000;
  for (const c of Object.values(byClass)) c.recall = round(c.found / c.positives);
  const recall = found / set.positives.length;
  const alerts = found + wrong + falseAlerts.length;
  const precision = alerts ? found / alerts : 0;
  return {
    by_class: byClass,
    positives: set.positives.length,
    found,
    wrong_entry: wrong,
    negatives: set.negatives.length,
    false_alerts: falseAlerts,
    refused,
    recall: round(recall),
    precision: round(precision),
    f1: round(precision + recall ? (2 * precision * recall) / (precision + recall) : 0),
    mean_matches: round(matchesSeen / (set.positives.length + set.negatives.length)),
    names_per_second: Math.round((set.positives.length + set.negatives.length) / seconds),
  };
}
