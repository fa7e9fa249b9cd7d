/**
 * The screening quality gate (issue 7; reliability guide § e, T56): the matcher on the real Consolidated Screening
 * List, scored on the labelled set in tests/fixtures/screening/ exactly as bench/screening.ts scores it. A missed
 * listed party in any class fails here, as does a drop in precision. The held-out set (built with another seed and
 * not looked at while the matcher was tuned) is held to the same targets.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPartyLists } from '../../src/load/lists.ts';
import { createMatcher, type Matcher } from '../../src/screening/match.ts';
import { InvalidInputError } from '../../src/errors.ts';
import { evaluate, FIXTURE_DIR, loadEvaluationSet, type Evaluation, type Verdict } from '../../bench/screening-eval.ts';
import { REPO_ROOT } from '../helpers/kb.ts';

/** Targets of issue 7: recall ≥ 98 % in every class but transliteration (≥ 90 %), precision ≥ 90 %. */
const RECALL = 0.98;
const RECALL_TRANSLITERATION = 0.9;
const PRECISION = 0.9;

let matcher: Matcher;
beforeAll(() => { matcher = createMatcher(loadPartyLists(REPO_ROOT)); });

const screen = (name: string): Verdict => {
  try {
    const ms = matcher.screen(name);
    return { band: ms.some((m) => m.band === 'match') ? 'match' : ms.length ? 'possible_match' : 'clear', entries: ms.map((m) => ({ list: m.list, name: m.name, band: m.band })) };
  } catch (e) {
    if (e instanceof InvalidInputError) return { band: 'refused', entries: [] };
    throw e;
  }
};

function meetsTargets(r: Evaluation) {
  for (const [cls, c] of Object.entries(r.by_class)) {
    const want = cls === 'transliteration' ? RECALL_TRANSLITERATION : RECALL;
    expect(c.recall, `${cls}: ${c.found}/${c.positives}; missed ${JSON.stringify(c.missed)}`).toBeGreaterThanOrEqual(want);
  }
  expect(r.precision, `false alerts: ${JSON.stringify(r.false_alerts)}`).toBeGreaterThanOrEqual(PRECISION);
}

describe('screening quality on the labelled evaluation set', () => {
  it('the set is what the issue asks: ≥ 300 positives over the eight classes, ≥ 300 hard negatives', () => {
    const set = loadEvaluationSet();
    expect(set.positives.length).toBeGreaterThanOrEqual(300);
    expect(set.negatives.length).toBeGreaterThanOrEqual(300);
    const classes = new Set(set.positives.map((p) => p.class));
    expect([...classes].sort()).toEqual(['alias', 'case', 'exact', 'legal_form', 'punctuation', 'transliteration', 'typo', 'word_order']);
    for (const p of set.positives) expect(p.how, p.id).toBeTruthy();
  });

  it('meets the recall and precision targets on the development set', () => {
    meetsTargets(evaluate(screen, loadEvaluationSet()));
  });

  it('meets them on the held-out set too', () => {
    const dir = join(FIXTURE_DIR, 'holdout');
    expect(existsSync(join(dir, 'positives.jsonl')), 'tests/fixtures/screening/holdout/ exists').toBe(true);
    meetsTargets(evaluate(screen, loadEvaluationSet(dir)));
  });
});
