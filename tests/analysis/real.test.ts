/**
 * The analysis on the real knowledge base and rules (one run of every edition, shared by the tests of this file):
 * the findings the data must produce (chart requirements to Russia and Belarus subsumed by § 746.8, 0A983 requiring
 * a licence everywhere, 3A001 NS1 resting on Wassenaar while its RS column rests on nothing multilateral, 2B991
 * US-only, 3A001 thresholds differing from Wassenaar), cross-checks with the engine, the equivalence of the
 * destination classes of analysis/pairs.ts with direct determinations, burden counts recounted from the facts, and
 * the reports.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { analyse, type Analysis, type EditionAnalysis } from '../../src/analysis/index.ts';
import type { AnalysisFinding } from '../../src/analysis/evaluate.ts';
import { answerPairs, type PairMemo } from '../../src/analysis/pairs.ts';
import { buildReport, REPORT_NAMES, type BurdenReport, type OverlapsReport, type UnilateralReport } from '../../src/analysis/reports.ts';
import type { BurdenCounts } from '../../src/analysis/burden.ts';
import type { Determiner } from '../../src/engine/determine.ts';
import { NotFoundError } from '../../src/errors.ts';
import { loadAnalysisRules } from '../../src/load/analysis-rules.ts';
import { loadBenchmarks } from '../../src/load/benchmarks.ts';
import { realDeterminer } from '../helpers/determiner.ts';
import { REPO_ROOT } from '../helpers/kb.ts';

let d: Determiner;
let a: Analysis;
/** A determiner with no memo, for the direct answers the analysis is checked against. */
let direct: Determiner;

beforeAll(async () => {
  d = realDeterminer();
  direct = realDeterminer({ cache: false });
  a = await analyse(d, REPO_ROOT);
}, 180_000);

const SUBSUMED_RULES = ['chart-column-subsumed', 'chart-column-partly-subsumed'];
const REQUIRES = new Set(['license_required', 'prohibited']);
const cols = (e: EditionAnalysis, eccn: string) => e.columns.filter((c) => c.eccn === eccn);
const find = (e: EditionAnalysis, id: string): AnalysisFinding => {
  const f = e.findings.find((x) => x.id === id);
  if (!f) throw new Error(`no finding ${id} in edition ${e.edition}`);
  return f;
};
const has = (e: EditionAnalysis, id: string) => e.findings.some((x) => x.id === id);
/** Every n-th element, n chosen so that about `count` come out, spread over the whole list. */
const spread = <T>(xs: readonly T[], count: number): T[] => xs.filter((_, i) => i % Math.max(1, Math.floor(xs.length / count)) === 0).slice(0, count);

describe('the analysis of the real knowledge base', () => {
  it('covers every edition and names the hashes of its inputs', () => {
    expect(a.editions.map((e) => e.edition)).toEqual(d.kb.editions.map((e) => e.id));
    expect(a.editions.length).toBeGreaterThanOrEqual(3);
    expect(a.latest).toBe(a.editions.at(-1));
    expect(a.inputs).toEqual({
      kb_sha256: d.kb.hash, rules_sha256: d.rules.hash, analysis_rules_sha256: loadAnalysisRules(REPO_ROOT).hash,
      benchmarks_sha256: loadBenchmarks(REPO_ROOT).hash, wassenaar_map_sha256: d.kb.wassenaarMap().hash,
    });
    expect(a.rules).toHaveLength(17);
    for (const e of a.editions) {
      const s = d.kb.asOf(e.date);
      expect(e.eccns).toHaveLength(s.eccns().length);
      expect(e.burden.by_destination).toHaveLength(s.destinations().length + s.territories().length);
      for (const f of e.findings) {
        expect(f.edition).toBe(e.edition);
        expect(f.summary).not.toMatch(/\{[a-z_]+\}/);
      }
    }
  });

  it('is computed once per determiner', async () => {
    expect(await analyse(d, REPO_ROOT)).toBe(a);
  });
});

describe('subsumed: chart requirements to Russia and Belarus, which § 746.8 covers for every CCL item', () => {
  it('the 3A001 columns are reported partly subsumed at RU and BY by 746.8, in every edition', () => {
    for (const e of a.editions) {
      for (const c of ['NS1', 'NS2', 'MT1', 'NP1', 'RS1']) {
        const f = find(e, `chart-column-partly-subsumed:3A001:${c}@${e.edition}`);
        expect(f).toMatchObject({ kind: 'subsumed', severity: 'medium', eccn: '3A001', column: c });
        expect(f.evidence.subsumed_destinations).toEqual(expect.arrayContaining(['RU', 'BY']));
        expect(f.evidence.subsumed_by).toContain('746.8: 15 CFR 746.8(a)(1)');
        expect(f.citations).toContainEqual({ cfr: '15 CFR 746.8(a)(1)', url: 'https://www.ecfr.gov/current/title-15/section-746.8#p-746.8(a)(1)' });
        expect(f.summary).toMatch(/^3A001 \w+: subsumed for \d+ of the \d+ destinations it marks \(.*746\.8: 15 CFR 746\.8\(a\)\(1\).*\)\.$/);
      }
      const ns1 = cols(e, '3A001').find((c) => c.column === 'NS1');
      expect(ns1?.subsumed_by_destination).toEqual(expect.arrayContaining(['RU 746.8', 'BY 746.8']));
    }
  });

  it('every column that requires a licence to RU or BY is subsumed there', () => {
    for (const e of a.editions) {
      let n = 0;
      for (const c of e.columns) for (const x of ['RU', 'BY']) {
        if (!(c.required_destinations as string[]).includes(x)) continue;
        n++;
        expect(c.subsumed_destinations as string[], `${c.eccn as string} ${c.column as string} ${x}`).toContain(x);
        expect(c.subsumed_by_destination as string[]).toContain(`${x} 746.8`);
      }
      expect(n).toBeGreaterThan(500);
    }
  });

  it('0A983 requires a licence for every destination by its own text', () => {
    for (const e of a.editions) {
      const f = find(e, `entry-requires-licence-everywhere:0A983@${e.edition}`);
      expect(f).toMatchObject({ kind: 'subsumed', severity: 'info', column: null, evidence: { all_destinations: true } });
      expect(f.evidence.all_destinations_text).toMatch(/A license is required for ALL destinations/);
      expect(e.eccns.find((x) => x.eccn === '0A983')?.license_destinations).toBe(e.burden.by_destination.length);
      // 3A001 is not such an entry.
      expect(has(e, `entry-requires-licence-everywhere:3A001@${e.edition}`)).toBe(false);
    }
  });

  it('the engine agrees on a sample of subsumed cells: a chart reason of the column and an unconditional requirement outside the chart', async () => {
    const cells = a.editions.flatMap((e) => e.findings.filter((f) => SUBSUMED_RULES.includes(f.rule)).flatMap((f) => (f.evidence.subsumed_destinations as string[]).map((dest) => ({ date: e.date, f, dest }))));
    const sample = spread(cells, 30);
    expect(sample).toHaveLength(30);
    expect(new Set(sample.map((c) => c.f.eccn)).size).toBeGreaterThan(10);
    for (const { date, f, dest } of sample) {
      const r = await direct.determine({ items: [{ eccn: f.eccn }], destination: dest, date });
      const at = `${f.eccn} ${f.column as string} → ${dest} on ${date}`;
      expect(r.reasons.some((x) => x.basis === 'country_chart' && x.code === f.column && REQUIRES.has(x.decision)), at).toBe(true);
      const broader = r.reasons.filter((x) => x.basis !== 'country_chart' && REQUIRES.has(x.decision) && !x.conditional);
      expect(broader.length, at).toBeGreaterThan(0);
      for (const x of broader) expect(f.evidence.subsumed_by as string[], at).toContain(`${x.code}: ${x.citation}`);
    }
  }, 60_000);

  it('…and on a sample of cells that are not subsumed: no unconditional requirement outside the chart', async () => {
    const cells = a.editions.flatMap((e) => e.columns.flatMap((c) => (c.required_destinations as string[]).filter((x) => !(c.subsumed_destinations as string[]).includes(x)).map((dest) => ({ date: e.date, c, dest }))));
    for (const { date, c, dest } of spread(cells, 30)) {
      const r = await direct.determine({ items: [{ eccn: c.eccn as string }], destination: dest, date });
      const at = `${c.eccn as string} ${c.column as string} → ${dest} on ${date}`;
      expect(r.reasons.some((x) => x.basis === 'country_chart' && x.code === c.column && REQUIRES.has(x.decision)), at).toBe(true);
      expect(r.reasons.filter((x) => x.basis !== 'country_chart' && REQUIRES.has(x.decision) && !x.conditional), at).toEqual([]);
    }
  }, 60_000);
});

describe('unilateral: the multilateral basis of chart requirements', () => {
  it('3A001 NS1 rests on the Wassenaar Arrangement: not reported; its RS1 column is', () => {
    for (const e of a.editions) {
      expect(cols(e, '3A001').find((c) => c.column === 'NS1')).toMatchObject({ map_kind: 'wassenaar_dual_use', multilateral: true, basis: 'Wassenaar Arrangement' });
      expect(has(e, `chart-requirement-without-multilateral-basis:3A001:NS1@${e.edition}`)).toBe(false);
      expect(has(e, `chart-requirement-without-multilateral-basis:3A001:NS2@${e.edition}`)).toBe(false);
      const rs = find(e, `chart-requirement-without-multilateral-basis:3A001:RS1@${e.edition}`);
      expect(rs).toMatchObject({ kind: 'unilateral', severity: 'info', evidence: { multilateral: false, reason: 'RS', basis: 'none recorded in the cross-regime map' } });
      // CC columns rest on no regime either.
      expect(e.findings.some((f) => f.rule === 'chart-requirement-without-multilateral-basis' && /^CC[0-9]$/.test(f.column ?? ''))).toBe(true);
    }
  });

  it('fires exactly for the columns that require a licence and have no multilateral basis', () => {
    for (const e of a.editions) {
      const expected = e.columns.filter((c) => (c.required as number) > 0 && !c.multilateral).map((c) => `${c.eccn as string}:${c.column as string}`).sort();
      const got = e.findings.filter((f) => f.rule === 'chart-requirement-without-multilateral-basis').map((f) => `${f.eccn}:${f.column as string}`).sort();
      expect(got).toEqual(expected);
      // Missile, nuclear and chemical-biological columns rest on their regimes.
      for (const c of e.columns) if (['MT', 'NP', 'CB'].includes(c.reason as string)) expect(c.multilateral, `${c.eccn as string} ${c.column as string}`).toBe(true);
    }
  });

  it('2B991, an anti-terrorism entry, is US-only', () => {
    for (const e of a.editions) {
      const f = find(e, `entry-without-multilateral-counterpart:2B991@${e.edition}`);
      expect(f).toMatchObject({ kind: 'unilateral', severity: 'medium', evidence: { map_kind: 'us_only_anti_terrorism' } });
      expect(f.evidence.license_destinations).toBeGreaterThan(0);
      expect(has(e, `entry-without-multilateral-counterpart:3A001@${e.edition}`)).toBe(false);
    }
  });
});

describe('outdated: thresholds that differ from the Wassenaar list', () => {
  it('threshold-differs-from-wassenaar fires for 3A001', () => {
    for (const e of a.editions) {
      const f = find(e, `threshold-differs-from-wassenaar:3A001@${e.edition}`);
      expect(f.kind).toBe('outdated');
      expect((f.evidence.stricter as number) + (f.evidence.looser as number)).toBeGreaterThan(0);
      expect((f.evidence.parameters as string[]).length).toBeGreaterThan(0);
      expect(f.evidence.counterparts).toEqual(expect.arrayContaining([expect.stringMatching(/^3\.A\.1/)]));
    }
  });

  it('the benchmark rows that exceed their threshold are reported under their entry', () => {
    const exceeding = new Map<string, string[]>();
    for (const b of a.benchmarks) if (b.exceeds) exceeding.set(b.eccn, [...(exceeding.get(b.eccn) ?? []), b.id]);
    expect(exceeding.size).toBeGreaterThan(0);
    for (const e of a.editions) {
      const got = e.findings.filter((f) => f.rule === 'mass-market-exceeds-threshold');
      expect(Object.fromEntries(got.map((f) => [f.eccn, f.evidence.benchmarks_exceeded]))).toEqual(Object.fromEntries(exceeding));
    }
  });
});

describe('outdated: unchanged while the Wassenaar list moved', () => {
  it('3A001, amended in 2026-07-23, is not reported in any edition; 3B001, never amended, is in every edition', () => {
    expect(d.kb.eccnHistory('3A001')?.revisions.length).toBeGreaterThan(1);
    expect(d.kb.eccnHistory('3B001')?.revisions.length).toBe(1);
    for (const e of a.editions) {
      expect(has(e, `unchanged-while-wassenaar-moved:3A001@${e.edition}`)).toBe(false);
      expect(has(e, `unchanged-while-wassenaar-moved:3B001@${e.edition}`)).toBe(true);
      // The same set in every edition: "never amended" is a fact of the whole history.
      expect(e.findings.filter((f) => f.rule === 'unchanged-while-wassenaar-moved').map((f) => f.eccn)).toEqual(a.latest.findings.filter((f) => f.rule === 'unchanged-while-wassenaar-moved').map((f) => f.eccn));
    }
  });
});

describe('the destination classes of analysis/pairs.ts', () => {
  it('give, for sampled ECCNs and every destination of every edition, the answer of a direct determination', async () => {
    const memo: PairMemo = new Map();
    let compared = 0;
    const key = (rs: readonly { code: string; basis: string; decision: string; citation: string; conditional?: boolean }[]) => rs.map((r) => `${r.code}|${r.basis}|${r.decision}|${r.citation}|${Boolean(r.conditional)}`).sort();
    let previous: Awaited<ReturnType<typeof answerPairs>> | undefined;
    for (const ed of d.kb.editions) {
      const pairs = await answerPairs(d, ed.date, memo);
      // The changes from the edition before, recounted by comparing every pair's answer by value.
      if (previous) {
        let decisions = 0;
        let reasons = 0;
        for (const e of pairs.snapshot.eccns()) for (const x of pairs.destinations) {
          const p = previous.answer(e.eccn, x.code);
          const q = pairs.answer(e.eccn, x.code);
          if (p.decision !== q.decision) decisions++;
          else if (JSON.stringify(key(p.reasons)) !== JSON.stringify(key(q.reasons))) reasons++;
        }
        expect(a.edition(ed.id)?.changed).toEqual({ decisions, reasons });
      } else expect(a.edition(ed.id)?.changed).toBeNull();
      previous = pairs;
      // The same number of determinations as the analysis asked (the memo carried over from edition to edition).
      expect(pairs.asked).toBe(a.edition(ed.id)?.asked);
      const s = d.kb.asOf(ed.date);
      expect(pairs.destinations.map((x) => x.code).sort()).toEqual([...s.destinations(), ...s.territories()].map((x) => x.code).sort());
      const eccns = s.eccns().filter((_, i) => i % 25 === 0).map((e) => e.eccn);
      expect(eccns.length).toBeGreaterThanOrEqual(25);
      for (const eccn of eccns) {
        for (const x of pairs.destinations) {
          const got = pairs.answer(eccn, x.code);
          const want = await direct.determine({ items: [{ eccn }], destination: x.code, date: ed.date });
          if (got.decision !== want.decision || JSON.stringify(key(got.reasons)) !== JSON.stringify(key(want.reasons))) {
            expect({ decision: got.decision, reasons: key(got.reasons) }, `${eccn} → ${x.code} on ${ed.date}`).toEqual({ decision: want.decision, reasons: key(want.reasons) });
          }
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(3 * 25 * 200);
    // A pair outside the edition has no answer (rather than another pair's).
    const last = await answerPairs(d, a.latest.date, memo);
    expect(last.asked).toBe(0);
    expect(() => last.answer('3A001', 'QQ')).toThrow(/no answer for 3A001 to QQ/);
    expect(() => last.answer('9Z999', 'DE')).toThrow(/no answer for 9Z999 to DE/);
    // Later editions reuse earlier answers: fewer determinations asked than pairs answered.
    expect(a.editions.slice(1).every((e) => e.asked < e.burden.total.pairs)).toBe(true);
  }, 180_000);
});

describe('burden', () => {
  const KEYS: (keyof BurdenCounts)[] = ['pairs', 'licence', 'subsumed', 'overlapping', 'unilateral_only', 'needs_review'];
  const sum = (rows: readonly BurdenCounts[], k: keyof BurdenCounts) => rows.reduce((s, r) => s + r[k], 0);

  it('totals are the sums per ECCN, per destination and per category', () => {
    for (const e of a.editions) {
      const b = e.burden;
      for (const k of KEYS) {
        expect(sum(b.by_eccn, k), `${e.edition} ${k} by ECCN`).toBe(b.total[k]);
        expect(sum(b.by_destination, k), `${e.edition} ${k} by destination`).toBe(b.total[k]);
        expect(sum(b.by_category, k), `${e.edition} ${k} by category`).toBe(b.total[k]);
      }
      expect(b.total.pairs).toBe(b.by_eccn.length * b.by_destination.length);
      expect(b.total.licence).toBeGreaterThan(0);
      for (const r of b.by_eccn) expect(r.pairs).toBe(b.by_destination.length);
    }
  });

  it('are recounted from the facts of the entries and the columns', () => {
    for (const e of a.editions) {
      const b = e.burden.total;
      expect(b.licence).toBe(e.eccns.reduce((s, f) => s + (f.license_destinations as number), 0));
      expect(b.unilateral_only).toBe(e.eccns.reduce((s, f) => s + (f.unilateral_only as number), 0));
      const subsumed = new Set<string>();
      const required = new Map<string, number>();
      for (const c of e.columns) {
        for (const x of c.subsumed_destinations as string[]) subsumed.add(`${c.eccn as string}|${x}`);
        for (const x of c.required_destinations as string[]) required.set(`${c.eccn as string}|${x}`, (required.get(`${c.eccn as string}|${x}`) ?? 0) + 1);
      }
      expect(b.subsumed).toBe(subsumed.size);
      expect(b.overlapping).toBe([...required.values()].filter((n) => n > 1).length);
      // Per reason: the column facts added up.
      const byReason = new Map<string, { required: number; subsumed: number; decisive: number; multilateral: number }>();
      for (const c of e.columns) {
        const r = byReason.get(c.reason as string) ?? { required: 0, subsumed: 0, decisive: 0, multilateral: 0 };
        r.required += c.required as number;
        r.subsumed += (c.subsumed_destinations as string[]).length;
        r.decisive += (c.decisive_destinations as string[]).length;
        if (c.multilateral) r.multilateral += (c.required_destinations as string[]).length;
        byReason.set(c.reason as string, r);
      }
      expect(Object.fromEntries(e.burden.by_reason.map(({ reason, ...r }) => [reason, r]))).toEqual(Object.fromEntries(byReason));
      // Per ECCN licence counts are the entries' license_destinations.
      const lic = new Map(e.eccns.map((f) => [f.eccn as string, f.license_destinations as number]));
      for (const r of e.burden.by_eccn) expect(r.licence, r.eccn).toBe(lic.get(r.eccn));
    }
  });

  it('the report series gives every edition and the change from the one before', () => {
    const r = buildReport(a, 'burden') as BurdenReport;
    expect(r.editions.map((x) => x.edition)).toEqual(a.editions.map((x) => x.edition));
    r.editions.forEach((x, i) => {
      const { edition: _e, change, ...t } = x;
      expect(t).toEqual(a.editions[i]?.burden.total);
      if (i === 0) expect(change).toBeNull();
      else for (const k of KEYS) expect(change?.[k]).toBe(t[k] - (r.editions[i - 1] as BurdenCounts)[k]);
    });
  });
});

describe('reports', () => {
  const KINDS: Record<string, string[]> = { overlaps: ['subsumed', 'overlap'], unilateral: ['unilateral'], outdated: ['outdated'], burden: [] };

  it('every report of every edition is of the edition asked and names the command that prints it', () => {
    for (const name of REPORT_NAMES) {
      for (const e of a.editions) {
        const r = buildReport(a, name, e.edition);
        expect(r).toMatchObject({ report: name, edition: e.edition, date: e.date, inputs: a.inputs, reproduce: `dualuse report ${name} --edition ${e.edition} --json` });
        expect(r.findings.every((f) => f.edition === e.edition && KINDS[name]?.includes(f.kind))).toBe(true);
        expect(r.findings).toHaveLength(e.findings.filter((f) => KINDS[name]?.includes(f.kind)).length);
        expect(r.rules.reduce((s, x) => s + x.findings, 0)).toBe(r.findings.length);
        expect(r.rules.map((x) => x.rule).sort()).toEqual(a.rules.filter((x) => KINDS[name]?.includes(x.kind)).map((x) => x.id).sort());
      }
      // Without an edition: the latest.
      expect(buildReport(a, name).edition).toBe(a.latest.edition);
    }
  });

  it('overlaps and unilateral summaries recount from the columns', () => {
    for (const e of a.editions) {
      const o = buildReport(a, 'overlaps', e.edition) as OverlapsReport;
      const req = (c: (typeof e.columns)[number]) => c.required as number;
      const sub = (c: (typeof e.columns)[number]) => (c.subsumed_destinations as string[]).length;
      expect(o.summary.columns).toBe(e.columns.length);
      expect(o.summary.columns_subsumed_fully).toBe(e.columns.filter((c) => req(c) > 0 && sub(c) === req(c)).length);
      expect(o.summary.columns_subsumed_partly).toBe(e.columns.filter((c) => sub(c) > 0 && sub(c) < req(c)).length);
      expect(o.summary.cells_required).toBe(e.columns.reduce((s, c) => s + req(c), 0));
      expect(o.summary.cells_subsumed).toBe(e.columns.reduce((s, c) => s + sub(c), 0));
      expect(o.subsumed_by_destination.reduce((s, t) => s + t.count, 0)).toBe(o.summary.cells_subsumed);
      expect(o.subsumed_by_rule.find((t) => t.key === '746.8')?.count).toBeGreaterThan(0);
      expect(o.subsumed_by_destination.find((t) => t.key === 'RU')).toMatchObject({ label: 'Russia' });
      const u = buildReport(a, 'unilateral', e.edition) as UnilateralReport;
      expect(u.summary.columns_without_basis).toBe(e.findings.filter((f) => f.rule === 'chart-requirement-without-multilateral-basis').length);
      expect(u.summary.pairs_unilateral_only).toBe(e.burden.total.unilateral_only);
      expect(u.summary.eccns).toBe(e.eccns.length);
    }
  });

  it('an unknown report or edition is not found', () => {
    expect(() => buildReport(a, 'nope')).toThrow(NotFoundError);
    expect(() => buildReport(a, 'nope')).toThrow(/overlaps, unilateral, outdated, burden/);
    expect(() => buildReport(a, 'burden', '1999-01-01')).toThrow(NotFoundError);
    expect(() => buildReport(a, 'overlaps', '1999-01-01')).toThrow(new RegExp(a.editions.map((e) => e.edition).join(', ')));
  });
});
