/**
 * Edition diffs on the real knowledge base: 2026-01-01 → 2026-08-07 holds exactly the 23 amended entries and no
 * chart or group change; the advanced-computing flips appear (3A090.b to the United Arab Emirates, with the caveat
 * that Country Groups are known only as of 2026-07-23); the reverse diff is its exact inverse; a diff of an edition
 * with itself is empty; and pairs the diff did not evaluate (identical inputs on both dates) really answer the same.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { diffEditions, resolveDiffDate, type DecisionChange, type EditionDiff } from '../../src/engine/diff.ts';
import { realDeterminer } from '../helpers/determiner.ts';
import { diffCsv, diffText, DIFF_CSV_COLUMNS } from '../../src/format/diff.ts';
import type { CoverageError} from '../../src/errors.ts';
import { InvalidInputError } from '../../src/errors.ts';

const AMENDED = ['0A502', '3A001', '3A090', '3D001', '4A003', '4A004', '4A005', '4A090', '4D001', '4D090', '4E001', '5A002', '5A004', '5A992', '5D001', '5D002', '5D992', '5E002', '5E992', '7D001', '7E002', '9A012', '9E003'];
const d = realDeterminer();
let fwd: EditionDiff;
let back: EditionDiff;
beforeAll(async () => {
  fwd = await diffEditions({ d, date: '2026-01-01' }, { d, date: '2026-08-07' });
  back = await diffEditions({ d, date: '2026-08-07' }, { d, date: '2026-01-01' });
}, 120_000);

const key = (c: DecisionChange) => `${c.eccn}|${c.destination}`;

describe('diff 2026-01-01 → 2026-08-07 (real knowledge base)', () => {
  it('has exactly the 23 amended entries, none added or removed, no chart, group or footnote change', () => {
    expect(fwd.entries.amended.map((e) => e.eccn)).toEqual(AMENDED);
    expect(fwd.entries.added).toEqual([]);
    expect(fwd.entries.removed).toEqual([]);
    expect(fwd.chart).toEqual({ cells: [], rows: [] });
    expect(fwd.groups).toEqual([]);
    expect(fwd.footnotes).toEqual([]);
    expect(fwd.destinations).toEqual({ added: [], removed: [] });
    for (const e of fwd.entries.amended) expect(e.changes.length, e.eccn).toBeGreaterThan(0);
  });

  it('shows the amended 3A090.b row word by word: the United Arab Emirates inserted', () => {
    const c = fwd.entries.amended.find((e) => e.eccn === '3A090')?.changes.find((x) => x.field === 'license_requirements["RS applies to 3A090.b"].requirement');
    expect(c?.words?.filter((w) => w.op === '+').map((w) => w.text.trim())).toEqual(['the United Arab Emirates or']);
    expect(c?.words?.filter((w) => w.op === '-')).toEqual([]);
  });

  it('lists the advanced-computing flips, computed by the engine, with the Country Group caveat', () => {
    const ae = fwd.decisions.changed.find((c) => c.eccn === '3A090.b' && c.destination === 'AE');
    expect(ae?.from.decision).toBe('no_license_required');
    expect(ae?.to.decision).toBe('license_required');
    expect(ae?.reasons_added.map((r) => [r.code, r.citation.split(';')[0]])).toEqual([['742.6', '15 CFR 742.6(a)(6)(iii)']]);
    expect(ae?.destination_name).toBe('United Arab Emirates');
    const caveats = (ae?.caveats ?? []).map((i) => fwd.decisions.caveats[i]);
    expect(caveats.some((c) => /Country Group membership is known only as of 2026-07-23/.test(c ?? ''))).toBe(true);
    const flips = fwd.decisions.changed.filter((c) => c.from.decision !== c.to.decision).map(key).sort();
    expect(flips).toEqual(['3A090.b|AE', '4A090.b|AE', '5A992.z.2|AE']);
    // Every change has a reason that differs, and counts add up.
    for (const c of fwd.decisions.changed) expect(c.reasons_added.length + c.reasons_removed.length + (c.from.decision !== c.to.decision ? 1 : 0), key(c)).toBeGreaterThan(0);
    expect(fwd.decisions.by_eccn.reduce((n, x) => n + x.changed, 0)).toBe(fwd.decisions.changed.length);
    expect(fwd.decisions.by_destination.reduce((n, x) => n + x.changed, 0)).toBe(fwd.decisions.changed.length);
    expect(fwd.decisions.by_destination[0]).toEqual({ code: 'AE', name: 'United Arab Emirates', changed: expect.any(Number) });
    expect(fwd.summary.decisions_changed).toBe(fwd.decisions.changed.length);
  });

  it('compares every ECCN and paragraph-scoped row with every destination', () => {
    const s = d.kb.asOf('2026-08-07');
    const destinations = s.destinations().length + s.territories().length;
    expect(fwd.decisions.pairs % destinations).toBe(0);
    expect(fwd.decisions.pairs / destinations).toBeGreaterThan(s.eccns().length); // ECCNs, their paragraphs and EAR99
    // Every ref of an amended entry was answered under both dates.
    expect(fwd.decisions.evaluated).toBeGreaterThanOrEqual(AMENDED.length * destinations);
  });

  it('the reverse diff is the exact inverse', () => {
    expect(back.entries.amended.map((e) => e.eccn)).toEqual(AMENDED);
    for (const e of fwd.entries.amended) {
      const r = back.entries.amended.find((x) => x.eccn === e.eccn);
      expect(r?.changes.map((c) => [c.field, c.from, c.to]).sort(), e.eccn).toEqual(e.changes.map((c) => [c.field, c.to, c.from]).sort());
    }
    expect(back.decisions.changed.map(key).sort()).toEqual(fwd.decisions.changed.map(key).sort());
    for (const c of fwd.decisions.changed) {
      const r = back.decisions.changed.find((x) => key(x) === key(c));
      expect({ from: r?.from, to: r?.to, added: r?.reasons_added, removed: r?.reasons_removed }, key(c)).toEqual({ from: c.to, to: c.from, added: c.reasons_removed, removed: c.reasons_added });
    }
    expect(back.decisions.pairs).toBe(fwd.decisions.pairs);
  });

  it('pairs not evaluated (identical inputs on both dates) answer the same when they are evaluated', async () => {
    // A spread sample of unamended entries (with their paragraph refs), every destination.
    const s = d.kb.asOf('2026-08-07');
    const sample = s.eccns().filter((e) => !AMENDED.includes(e.eccn)).filter((_, i) => i % 25 === 0);
    expect(sample.length).toBeGreaterThan(20);
    const codes = [...s.destinations(), ...s.territories()].map((x) => x.code);
    let compared = 0;
    for (const e of sample) {
      for (const code of codes) {
        const [x, y] = await Promise.all([d.determine({ destination: code, date: '2026-01-01', items: [{ eccn: e.eccn }] }), d.determine({ destination: code, date: '2026-08-07', items: [{ eccn: e.eccn }] })]);
        if (x.decision !== y.decision || JSON.stringify(x.reasons) !== JSON.stringify(y.reasons)) expect.fail(`${e.eccn} → ${code} differs between the dates but the diff skipped it`);
        compared++;
      }
    }
    expect(compared).toBe(sample.length * codes.length);
  }, 120_000);
});

describe('diff: identity, inputs and formats', () => {
  it('a diff of an edition with itself is empty (by id, by date, and by two dates of one edition)', async () => {
    for (const [a, b] of [['2026-07-23', '2026-07-23'], ['2026-01-01', '2026-07-22']]) {
      const r = await diffEditions({ d, date: a as string }, { d, date: b as string });
      expect(r.summary, `${a} → ${b}`).toEqual({ entries_added: 0, entries_removed: 0, entries_amended: 0, chart_cells_changed: 0, chart_rows_changed: 0, group_members_changed: 0, footnotes_changed: 0, decisions_changed: 0 });
      expect(r.decisions.changed).toEqual([]);
    }
  });

  it('resolves edition ids and dates, and refuses the rest with a field and a code', () => {
    expect(resolveDiffDate(d, '2026-07-23', '/from')).toEqual({ input: '2026-07-23', date: '2026-07-23', edition: '2026-07-23' });
    expect(resolveDiffDate(d, '2026-08-01', '/to')).toEqual({ input: '2026-08-01', date: '2026-08-01', edition: '2026-07-23' });
    const bad = (v: string) => { try { resolveDiffDate(d, v, '/from'); } catch (e) { return e; } return undefined; };
    expect(bad('2026-02-30')).toBeInstanceOf(InvalidInputError);
    expect((bad('yesterday') as InvalidInputError).details).toEqual([{ pointer: '/from', code: 'INVALID_DATE' }]);
    expect((bad('2025-12-31') as CoverageError).code).toBe('DATE_OUT_OF_COVERAGE');
    expect((bad('2026-08-08') as CoverageError).code).toBe('DATE_BEYOND_DATA');
  });

  it('writes readable text and one CSV row per change', () => {
    const text = diffText(fwd);
    expect(text).toContain('23 amended');
    expect(text).toContain('3A090.b (1 destination)');
    expect(text).toMatch(/United Arab Emirates \(AE\): no licence required → licence required; \+ 742\.6, 15 CFR 742\.6\(a\)\(6\)\(iii\)/);
    expect(text).toContain('{+the United Arab Emirates or +}');
    const csv = diffCsv(fwd).trim().split('\n');
    expect(csv[0]).toBe(DIFF_CSV_COLUMNS.join(','));
    const fieldRows = fwd.entries.amended.reduce((n, e) => n + e.changes.length, 0);
    expect(csv.filter((l) => l.startsWith('decision,'))).toHaveLength(fwd.decisions.changed.length);
    expect(csv.filter((l) => l.startsWith('eccn_field,'))).toHaveLength(fieldRows);
    expect(csv).toContain('decision,3A090.b,AE,decision,no_license_required,license_required,"+742.6, 15 CFR 742.6(a)(6)(iii); 15 CFR part 774, supplement no. 1, ECCN 3A090"');
  });
});
