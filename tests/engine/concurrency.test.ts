/**
 * Overlapping evaluations on one determiner (engines are built once and shared): json-rules-engine silently drops
 * lower-priority rules of a run when another run on the same Engine finishes first (engine-notes §1.5), which is why
 * every engine here has a single priority level. These tests check that overlapping runs answer exactly as
 * sequential ones, that every rule of every engine reports a result, and reproduce the upstream hazard.
 */
import { describe, expect, it } from 'vitest';
import { Engine } from 'json-rules-engine';
import { parseEccnRef } from '../../src/kb/eccn-ref.ts';
import { EditionEngines, rulesInForce } from '../../src/engine/engines.ts';
import type { DeterminationRequestT } from '../../src/engine/request.ts';
import type { DeterminationResult } from '../../src/engine/result.ts';
import { realDeterminer } from '../helpers/determiner.ts';

const ECCNS = ['EAR99', '3A001', '3A001.b.2', '3A090.b', '1C012', '5A002', '5A992', '0A501', '2B001', '4A003', '9A610', '3A999', '1A004', '5D002'];
const DESTS = ['DE', 'CN', 'RU', 'IR', 'AE', 'FR', 'KP', 'CU', 'IN', 'HK', 'UA', 'BY', 'VE', 'XK', 'SY', 'MO', 'GB'];
const DATES = ['2026-08-07', '2026-07-23', '2026-01-01'];

/** 50 varied requests: single items, two-item requests, end uses, end-user kinds, headquarters, values. */
function requests(): DeterminationRequestT[] {
  const out: DeterminationRequestT[] = [];
  for (let i = 0; i < 50; i++) {
    const eccn = ECCNS[i % ECCNS.length] as string;
    const other = ECCNS[(i * 5 + 3) % ECCNS.length] as string;
    const items = i % 9 === 4 && parseEccnRef(other).normalized !== parseEccnRef(eccn).normalized ? [{ eccn }, { eccn: other }] : [{ eccn, ...(i % 3 === 0 ? { value_usd: 1000 * (i + 1) } : {}) }];
    out.push({
      ref: `r${i}`,
      date: DATES[i % DATES.length] as string,
      destination: DESTS[(i * 7) % DESTS.length] as string,
      items,
      ...(i % 5 === 0 ? { end_uses: ['military'] as DeterminationRequestT['end_uses'] } : {}),
      ...(i % 7 === 0 ? { end_user: { kind: 'government' as const, ...(i % 14 === 0 ? { headquarters: 'CN' } : {}) } } : {}),
    });
  }
  return out;
}

type Det = ReturnType<typeof realDeterminer>;
const built = new Map<string, EditionEngines>();
/** The engines of a date, built afresh from the determiner's rules and snapshot (same partitioning, own instances). */
function enginesOf(d: Det, date: string): EditionEngines {
  let e = built.get(date);
  if (!e) { e = new EditionEngines(d.kb.asOf(date), rulesInForce(d.rules, date)); built.set(date, e); }
  return e;
}

/** How many rules the engines that evaluate this item hold. */
function rulesForItem(d: Det, req: DeterminationRequestT, eccn: string, decision: string): number {
  const date = req.date as string;
  const s = d.kb.asOf(date);
  const dest = s.destination(req.destination);
  const ref = parseEccnRef(eccn);
  const state = ref.eccn === 'EAR99' ? undefined : s.eccn(ref.eccn)?.state;
  if (!dest || (ref.eccn !== 'EAR99' && !state)) return 0; // not classified / unknown ECCN: no engine runs
  const e = enginesOf(d, date);
  const endUseStated = (req.end_uses?.length ?? 0) > 0 || Boolean(req.end_user?.kind);
  let n = e.item(ref.eccn).ruleCount;
  n += e.control(dest.code, ref.eccn, state?.reasons_for_control ?? [], { endUse: endUseStated, headquarters: Boolean(req.end_user?.headquarters) }).ruleCount;
  n += e.conclusion().ruleCount;
  if (decision === 'license_required') for (const sym of e.exceptionSymbols()) n += e.exception(sym).ruleCount;
  return n;
}

describe('overlapping determinations on one determiner', () => {
  it('50 overlapping evaluateUncached calls equal the same requests evaluated one by one, with every rule reported', async () => {
    const d = realDeterminer();
    const reqs = requests();
    const overlapping = await Promise.all(reqs.map((r) => d.evaluateUncached(r)));
    const sequential: DeterminationResult[] = [];
    for (const r of reqs) sequential.push(await d.evaluateUncached(r));

    const decisions = new Set<string>();
    for (const [i, req] of reqs.entries()) {
      const a = overlapping[i] as DeterminationResult;
      const b = sequential[i] as DeterminationResult;
      expect(a, JSON.stringify(req)).toEqual(b);
      expect(JSON.stringify(a)).toBe(JSON.stringify(b)); // same order too
      expect(a.reasons.filter((x) => x.code === 'RULE_EVALUATION_ERROR'), JSON.stringify(req)).toEqual([]);
      expect(a.license_exceptions.filter((x) => x.why.startsWith('could not be evaluated')), JSON.stringify(req)).toEqual([]);
      decisions.add(a.decision);
      for (const item of a.items) {
        const entries = a.trace.filter((t) => t.item === item.eccn).length;
        expect(entries, `${item.eccn} → ${req.destination} on ${req.date}`).toBe(rulesForItem(d, req, item.eccn, item.decision));
      }
      expect(a.trace.filter((t) => t.item === undefined)).toHaveLength(enginesOf(d, req.date as string).transaction().ruleCount);
    }
    // The requests are varied enough to reach every kind of answer, and most items run engines.
    expect([...decisions].sort()).toEqual(['license_required', 'needs_review', 'no_license_required', 'prohibited']);
    expect(overlapping.filter((a) => a.trace.length > 5).length).toBeGreaterThan(40);
  });
});

describe('json-rules-engine 7.3.1: overlapping runs on one Engine (engine-notes §1.5)', () => {
  const slowFact = async (_p: unknown, almanac: { factValue: (f: string) => Promise<unknown> }) => {
    const x = await almanac.factValue('x');
    if (x === 1) await new Promise((r) => setTimeout(r, 20));
    return 1;
  };
  function engine(priorities: [number, number]): Engine {
    const e = new Engine([
      { name: 'hi', priority: priorities[0], conditions: { all: [{ fact: 'slow', operator: 'equal', value: 1 }] }, event: { type: 'hi' } },
      { name: 'lo', priority: priorities[1], conditions: { all: [{ fact: 'x', operator: 'equal', value: 1 }] }, event: { type: 'lo' } },
    ]);
    e.addFact('slow', slowFact as never);
    return e;
  }
  const reported = (r: { results: unknown[]; failureResults: unknown[] }) => r.results.length + r.failureResults.length;

  it('with two priority levels, the slow run silently misses its low-priority rule', async () => {
    const e = engine([10, 1]);
    const [slow, fast] = await Promise.all([e.run({ x: 1 }), e.run({ x: 2 })]);
    expect(reported(fast)).toBe(2);
    expect(reported(slow)).toBe(1); // 'lo' is in neither results nor failureResults
    expect(slow.events.map((x) => x.type)).toEqual(['hi']);
    // Alone, the same run fires both rules.
    const alone = await e.run({ x: 1 });
    expect(alone.events.map((x) => x.type).sort()).toEqual(['hi', 'lo']);
  });

  it('with a single priority level, both overlapping runs report every rule (why the engines use one level)', async () => {
    const e = engine([1, 1]);
    const [slow, fast] = await Promise.all([e.run({ x: 1 }), e.run({ x: 2 })]);
    expect(reported(slow)).toBe(2);
    expect(reported(fast)).toBe(2);
    expect(slow.events.map((x) => x.type).sort()).toEqual(['hi', 'lo']);
  });

  it('with a single priority level, 50 overlapping runs all report every rule', async () => {
    const e = engine([1, 1]);
    const runs = await Promise.all(Array.from({ length: 50 }, (_, i) => e.run({ x: (i % 2) + 1 })));
    expect(runs.map(reported)).toEqual(Array.from({ length: 50 }, () => 2));
    expect(runs.map((r, i) => r.events.length === (i % 2 === 0 ? 2 : 1))).not.toContain(false);
  });
});
