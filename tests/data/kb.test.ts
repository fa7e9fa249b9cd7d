/** The real knowledge base: loads cleanly, has the counts the sources give, resolves dates and look-ups. */
import { describe, expect, it } from 'vitest';
import { realKb } from '../helpers/kb.ts';
import { CoverageError } from '../../src/errors.ts';
import type { Snapshot } from '../../src/kb/kb.ts';

const kb = realKb();

describe('real knowledge base', () => {
  it('has the counts of the sources', () => {
    expect(kb.editions.map((e) => e.id)).toEqual(['2026-01-01', '2026-07-23', '2026-08-07']);
    for (const e of kb.editions) {
      const s = kb.edition(e.id) as Snapshot;
      expect(s.eccns()).toHaveLength(638);
      expect(s.destinations()).toHaveLength(200);
      expect(s.columns()).toHaveLength(16);
      expect(s.groups()).toHaveLength(14);
      expect(s.licenseExceptions()).toHaveLength(27);
    }
    expect(kb.coverage).toEqual({ from: '2026-01-01', to: '2026-08-07' });
    expect(kb.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('is frozen', () => {
    const s = kb.latest();
    const e = s.eccn('3A001')?.state;
    expect(Object.isFrozen(e)).toBe(true);
    expect(Object.isFrozen(e?.license_requirements)).toBe(true);
    expect(() => { (e as { heading: string }).heading = 'x'; }).toThrow(TypeError);
  });

  it('resolves any date inside the coverage to the edition in force, and refuses dates outside it', () => {
    expect(kb.asOf('2026-01-01').edition.id).toBe('2026-01-01');
    expect(kb.asOf('2026-07-22').edition.id).toBe('2026-01-01');
    expect(kb.asOf('2026-07-23').edition.id).toBe('2026-07-23');
    expect(kb.asOf('2026-08-06').edition.id).toBe('2026-07-23');
    expect(kb.asOf('2026-08-07').edition.id).toBe('2026-08-07');
    expect(kb.asOf('2026-03-15').date).toBe('2026-03-15');
    expect(() => kb.asOf('2025-12-31')).toThrow(CoverageError);
    try { kb.asOf('2025-12-31'); } catch (e) { expect((e as CoverageError).code).toBe('DATE_OUT_OF_COVERAGE'); }
    try { kb.asOf('2026-08-08'); } catch (e) { expect((e as CoverageError).code).toBe('DATE_BEYOND_DATA'); expect((e as Error).message).toContain('2026-08-07'); }
  });

  it('looks up ECCNs with or without a paragraph, case-insensitively on the ECCN', () => {
    const s = kb.latest();
    expect(s.eccn('3A001')?.state.eccn).toBe('3A001');
    expect(s.eccn('3A001')?.paragraph).toBeNull();
    const p = s.eccn('3a001.b.2.a');
    expect(p?.state.eccn).toBe('3A001');
    expect(p?.paragraph).toBe('3A001.b.2.a');
    expect(s.eccn('6F001')).toBeUndefined();
    expect(s.eccn('3A1234')).toBeUndefined();
    expect(s.eccn('10A001')).toBeUndefined();
  });

  it('looks up destinations by ISO code, chart name and alias, and maps Hong Kong to China', () => {
    const s = kb.latest();
    expect(s.destination('AE')?.chart_name).toBe('United Arab Emirates');
    expect(s.destination('united arab emirates')?.code).toBe('AE');
    expect(s.destination('UAE')?.code).toBe('AE');
    expect(s.destination('Korea, South')?.code).toBe('KR');
    expect(s.destination('Burma')?.code).toBe('MM');
    expect(s.destination('myanmar')?.code).toBe('MM');
    expect(s.destination('XK')?.chart_name).toBe('Kosovo');
    const hk = s.destination('HK');
    expect(hk?.row_of?.code).toBe('CN');
    expect(hk?.chart.marks).toEqual(s.destination('CN')?.chart.marks);
    expect(s.destination('XX')).toBeUndefined();
  });

  it('knows country groups, with the edition they are known from', () => {
    const s = kb.asOf('2026-01-01');
    expect(s.groupsOf('IR')).toEqual(expect.arrayContaining(['D:2', 'D:3', 'D:4', 'D:5', 'E:1']));
    expect(s.groupsOf('CU')).toContain('E:2');
    expect(s.group('D:5')?.members).toContain('CN');
    expect(s.group('D:5')?.members).not.toContain('MO'); // Macau is named separately in the CCL
    expect(s.group('D:5')?.known_as_of.edition).toBe('2026-07-23');
    expect(s.group('E:1')?.members).toEqual(['IR', 'KP', 'SY']);
  });

  it('shows exactly the 23 amended ECCNs between 2026-01-01 and 2026-08-07, none added or removed, no chart cell changed', () => {
    const a = kb.edition('2026-01-01') as Snapshot;
    const b = kb.edition('2026-08-07') as Snapshot;
    const strip = (e: ReturnType<Snapshot['eccns']>[number]) => JSON.stringify([e.heading, e.reasons_for_control, e.license_requirements, e.license_requirements_known, e.other_authority]);
    const aMap = new Map(a.eccns().map((e) => [e.eccn, strip(e)]));
    const bMap = new Map(b.eccns().map((e) => [e.eccn, strip(e)]));
    expect([...aMap.keys()].sort()).toEqual([...bMap.keys()].sort());
    const amended = [...aMap.keys()].filter((k) => aMap.get(k) !== bMap.get(k)).sort();
    expect(amended).toEqual(['0A502', '3A001', '3A090', '3D001', '4A003', '4A004', '4A005', '4A090', '4D001', '4D090', '4E001', '5A002', '5A004', '5A992', '5D001', '5D002', '5D992', '5E002', '5E992', '7D001', '7E002', '9A012', '9E003']);
    for (const d of a.destinations()) expect(b.destination(d.code)?.chart).toMatchObject({ marks: d.chart.marks, footnotes: d.chart.footnotes, embargo_referral: d.chart.embargo_referral });
    expect(a.footnotes().map((f) => f.text)).toEqual(b.footnotes().map((f) => f.text));
  });

  it('dates the advanced-computing amendment by the 2026-07-23 reading (United Arab Emirates added to 3A090.b)', () => {
    const row = (d: string) => kb.asOf(d).eccn('3A090')?.state.license_requirements.find((r) => r.scope === 'RS applies to 3A090.b');
    expect(row('2026-07-22')?.destinations?.countries).toBeUndefined();
    expect(row('2026-07-23')?.destinations?.countries).toEqual(['AE']);
    expect(row('2026-08-07')?.requirement).toContain('United Arab Emirates');
  });

  it('keeps 1C012, whose requirements no source carries, with a review note', () => {
    const e = kb.latest().eccn('1C012')?.state;
    expect(e?.license_requirements_known).toBe(false);
    expect(e?.license_requirements).toEqual([]);
    expect(e?.review.some((r) => r.field === 'license_requirements')).toBe(true);
  });

  it('keeps single-source facts with the edition they are known from', () => {
    const e = kb.asOf('2026-01-01').eccn('3A001')?.state;
    expect(e?.single_source?.known_as_of).toEqual({ edition: '2026-07-23', source: 'seelpeed-2026-07-23' });
    expect(kb.latest().eccn('6B007')?.state.single_source?.license_exceptions?.LVS).toEqual({ text: '$5000', amount_usd: 5000, eligible: true });
    expect(kb.latest().eccn('2B001')?.state.single_source?.license_exceptions?.LVS).toEqual({ text: 'N/A', amount_usd: null, eligible: false });
  });
});
