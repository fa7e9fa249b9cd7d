/**
 * The cross-regime map on the REAL data: links made by the numbering rules of 15 CFR 738.2(d)(1), kinds of the
 * entries without a counterpart, paragraph pairs, divergence values read from both texts, and the counts per
 * category recomputed here straight from the map files.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { REGDATA, REPO_ROOT, realKb } from '../helpers/kb.ts';
import { summarizeMap } from '../../src/kb/wassenaar-map.ts';
import { eccnDivergence } from '../../src/engine/wassenaar-divergence.ts';
import type { MapEntryT, WaMapCategoryFileT, WaMapIndexFileT } from '../../src/schema/wassenaar-map.ts';

const kb = realKb();
const map = kb.wassenaarMap();
const wa = kb.wassenaar();
const MAP_DIR = join(REPO_ROOT, 'regulations/wassenaar/2025/map');
const entry = (eccn: string) => map.entry(eccn) as MapEntryT;
const finding = (eccn: string, paragraph: string, type: string) => eccnDivergence(kb, eccn)?.findings.filter((f) => f.eccn_paragraph === paragraph && f.type === type) ?? [];

describe('cross-regime map: links', () => {
  it('3A001 ↔ 3.A.1, paragraph for paragraph, with the CCL-only .z', () => {
    const e = entry('3A001');
    expect(e).toMatchObject({ kind: 'wassenaar_dual_use', rule: 'ns_numbering', counterparts: ['3.A.1'], regimes: ['MTCR', 'NSG'] });
    expect(wa.entry('3.A.1')?.text).toBe('Electronic items as follows:');
    expect(e.paragraphs?.paired).toEqual(expect.arrayContaining(['a', 'a.5.a.1', 'b.7.a', 'e.1.b', 'i.2.b']));
    expect(e.paragraphs?.us_only).toEqual(['z']);
    expect(map.pairedWith('3.A.1.a.5.a.1')).toEqual(['3A001.a.5.a.1']);
    expect(map.linkedTo('3.A.1')).toEqual([{ eccn: '3A001', kind: 'wassenaar_dual_use', rule: 'ns_numbering', role: 'counterpart' }]);
  });

  it('5A002 ↔ 5.A.2: a.1 to a.4 and b to e paired, .z CCL-only', () => {
    const e = entry('5A002');
    expect(e).toMatchObject({ kind: 'wassenaar_dual_use', counterparts: ['5.A.2'] });
    expect(e.paragraphs?.paired).toEqual(['a', 'a.1', 'a.2', 'a.3', 'a.4', 'a.4.a', 'a.4.b', 'b', 'c', 'd', 'd.1', 'd.2', 'e']);
    expect(e.paragraphs?.us_only).toEqual(['z']);
    expect(e.paragraphs?.wassenaar_only).toEqual([]);
    // Note 2's lettered exclusions (smart cards, banking …) are not read as paragraphs b. to j.
    expect(map.pairedWith('5.A.2.b')).toEqual(['5A002.b']);
  });

  it('9A012 ↔ 9.A.12, the Dual-Use List entry for unmanned aerial vehicles; no items text to compare', () => {
    expect(entry('9A012')).toMatchObject({ kind: 'wassenaar_dual_use', rule: 'ns_numbering', counterparts: ['9.A.12'], regimes: ['MTCR'] });
    expect(wa.entry('9.A.12')?.text).toMatch(/^"Unmanned Aerial Vehicles" \("UAVs"\), unmanned "airships"/);
    expect(entry('9A012').paragraphs).toBeUndefined();
    expect(eccnDivergence(kb, '9A012')).toMatchObject({ compared: false, not_compared: expect.stringMatching(/no List of Items Controlled text/) });
  });

  it('600 series: A to C to the ML category of the last two digits, D and E to ML21 and ML22', () => {
    expect(entry('9A610')).toMatchObject({ kind: 'wassenaar_munitions', rule: 'ml_category', counterparts: ['ML10'] });
    expect(entry('0A606')).toMatchObject({ kind: 'wassenaar_munitions', rule: 'ml_category', counterparts: ['ML6'] });
    expect(entry('9D610')).toMatchObject({ kind: 'wassenaar_munitions', rule: 'ml_software_technology', counterparts: ['ML21'], tracks: 'ML10' });
    expect(entry('9E610')).toMatchObject({ counterparts: ['ML22'], tracks: 'ML10' });
    expect(map.linkedTo('ML10').map((l) => l.eccn)).toEqual(['9A610', '9B610', '9C610', '9D610', '9E610']);
    // "Generally track": military gas turbine engines (from USML XIX) against ML19, Directed Energy Weapons.
    expect(entry('9A619').review?.[0]?.note).toMatch(/share few words .*Directed Energy Weapon/);
  });

  it('US-only: xx99x entries are anti-terrorism, 3A090 and 4A090 have no Wassenaar code', () => {
    for (const e of ['2B991', '5A992', '9A991']) expect(entry(e)).toMatchObject({ kind: 'us_only_anti_terrorism', rule: 'at_numbering', counterparts: [] });
    expect(entry('3A090')).toMatchObject({ kind: 'us_only_unilateral', rule: 'ns_numbering', counterparts: [], proposed: '3.A.90' });
    expect(entry('4A090')).toMatchObject({ kind: 'us_only_unilateral', proposed: '4.A.90' });
    expect(wa.entry('3.A.90')).toBeUndefined();
    expect(entry('0A521')).toMatchObject({ kind: 'us_only_unilateral', rule: 'series_500' });
    expect(entry('2A290')).toMatchObject({ kind: 'us_only_unilateral', rule: 'np_unilateral_numbering' });
  });

  it('other regimes are named from the reasons for control, each with its citation', () => {
    expect(entry('1A101')).toMatchObject({ kind: 'other_regime', rule: 'mt_numbering', regimes: ['MTCR'] });
    expect(entry('1C350')).toMatchObject({ kind: 'other_regime', rule: 'cb_numbering', regimes: ['AG', 'CWC'] }); // CB and CW
    expect(entry('1C355')).toMatchObject({ kind: 'other_regime', regimes: ['CWC'] });
    expect(entry('3A201')).toMatchObject({ kind: 'other_regime', rule: 'np_numbering', regimes: ['NSG'] });
    expect(map.regime('NSG')?.citations[0]?.quote).toContain('Nuclear Suppliers Group (NSG)');
    expect(entry('3B001')).toMatchObject({ kind: 'wassenaar_dual_use' });
    expect(entry('3A901')).toMatchObject({ kind: 'plurilateral', rule: 'plurilateral_numbering' });
    expect(entry('0A002')).toMatchObject({ kind: 'other_authority', proposed: '0.A.2' });
  });

  it('items text the source misplaced is not paired: 3E001 holds 3E002\'s, 1A001 starts at b.', () => {
    expect(entry('3E001').paragraphs).toBeUndefined();
    expect(entry('3E001').review?.find((r) => r.field === 'paragraphs')?.note).toMatch(/speaks of 3E002 as its own/);
    expect(eccnDivergence(kb, '3E001')).toMatchObject({ compared: false, not_compared: expect.stringMatching(/not paired/) });
    expect(entry('1A001').paragraphs).toMatchObject({ skipped: ['a'], paired: ['b'], wassenaar_only: [] });
    expect(map.pairedWith('5.A.1.b.2.a')).toEqual(['5A001.b.2.a']); // printed "b.2.a.. Automatically predicting …"
  });

  it('every quote of a rule or regime is in the text it cites', () => {
    const citations = [...map.rules.flatMap((r) => r.citations), ...map.regimes.flatMap((r) => r.citations)];
    expect(citations.length).toBeGreaterThan(15);
    for (const c of citations) {
      const ear = /^regulations\/ear-text\/(.+)\.yaml$/.exec(c.source);
      const text = ear ? kb.latest().section(ear[1] as string)?.text : readFileSync(join(REGDATA, c.source.replace(/^shared\/regdata\//, '')), 'utf8');
      expect(text, c.cfr).toContain(c.quote);
    }
  });
});

describe('cross-regime map: divergence read from both texts', () => {
  it('a threshold the 2025 list raised: 3A001.b.7.a "beyond 90 GHz" against "beyond 110 GHz"', () => {
    const [f] = finding('3A001', '3A001.b.7.a', 'parameter');
    expect(f).toMatchObject({ assessment: 'stricter', mechanical: true, wassenaar_paragraph: '3.A.1.b.7.a', ear: ['90 GHz'], wassenaar: ['110 GHz'] });
    expect(f?.ear_text).toContain('beyond 90 GHz');
    expect(f?.wassenaar_text).toContain('beyond 110 GHz');
    expect(finding('3A002', '3A002.c.4.a', 'parameter')[0]).toMatchObject({ assessment: 'stricter', ear: ['170 MHz'], wassenaar: ['520 MHz'] });
    expect(finding('3A001', '3A001.e.1.b', 'parameter')[0]).toMatchObject({ assessment: 'stricter', ear: ['350 Wh/kg'], wassenaar: ['500 Wh/kg'] });
  });

  it('paragraphs the list dropped and the CCL keeps, and the reverse', () => {
    expect(finding('3A001', '3A001.a.5.a.1', 'not_used_in_wassenaar')[0]).toMatchObject({ assessment: 'extra_in_ear', wassenaar_text: 'Not used since 2025' });
    expect(finding('3A001', '3A001.a.9', 'reserved_in_ear')[0]).toMatchObject({ assessment: 'missing_in_ear', ear_text: '[Reserved]', wassenaar_text: 'Neural network integrated circuits;' });
  });

  it('values restated in another unit or printed with flattened exponents are not differences', () => {
    const d = eccnDivergence(kb, '3A001');
    // 5 × 10 3 Gy (Si) (CCL) and 5 x 103 Gy (Si) (the extraction), 398 K (+125 °C) and 398 K (+125°C).
    expect(d?.findings.filter((f) => /^3A001\.a\.(1|2)\b/.test(f.eccn_paragraph ?? ''))).toEqual([]);
    expect(eccnDivergence(kb, '1C005')?.findings.filter((f) => f.type === 'parameter')).toEqual([]);
  });
});

describe('cross-regime map: counts', () => {
  it('the summary equals the counts computed from the map files themselves', () => {
    const index = parse(readFileSync(join(MAP_DIR, 'index.yaml'), 'utf8')) as WaMapIndexFileT;
    const eccns = readdirSync(MAP_DIR).filter((f) => /^[0-9]\.yaml$/.test(f)).flatMap((f) => (parse(readFileSync(join(MAP_DIR, f), 'utf8')) as WaMapCategoryFileT).eccns);
    expect(eccns).toHaveLength(kb.records.eccns.length);
    const row = (e: MapEntryT) => (/^[0-9][A-E]6[0-9]{2}$/.test(e.eccn) ? 'ML' : e.eccn[0]);
    const count = (cat: string, kinds: string[]) => eccns.filter((e) => row(e) === cat && kinds.includes(e.kind)).length;
    const summary = summarizeMap(map, wa);
    for (const r of summary.rows) {
      expect(r.correlated, `correlated ${r.category}`).toBe(count(r.category, ['wassenaar_dual_use', 'wassenaar_munitions']));
      expect(r.us_only, `US-only ${r.category}`).toBe(count(r.category, ['us_only_anti_terrorism', 'us_only_unilateral']));
      expect(r.other_regime).toBe(count(r.category, ['other_regime']));
      expect(r.wassenaar_only, `Wassenaar-only ${r.category}`).toBe(index.wassenaar_only.filter((w) => (w.code.startsWith('ML') ? 'ML' : w.code[0]) === r.category).length);
    }
    expect(summary.total).toMatchObject({ eccns: 638, correlated: 235, us_only: 176, other_regime: 195, plurilateral: 24, other_authority: 8, wassenaar_only: 8 });
    expect(summary.rows.find((r) => r.category === 'ML')).toMatchObject({ correlated: 76, wassenaar_only: 7 });
    expect(index.wassenaar_only.map((w) => w.code)).toEqual(['8.D.1', 'ML1', 'ML3', 'ML5', 'ML12', 'ML15', 'ML16', 'ML18']);
  });

  it('every Wassenaar entry is linked, Wassenaar-only, or controls nothing', () => {
    const linked = new Set(map.entries().flatMap((e) => [...e.counterparts, ...(e.tracks ? [e.tracks] : [])]));
    const only = new Set(map.wassenaarOnly().map((w) => w.code));
    for (const e of wa.entries()) expect(linked.has(e.code) || only.has(e.code) || map.notInUse().includes(e.code), e.code).toBe(true);
    expect(wa.entry('4.A.2')?.text).toBe('Not used since 2003');
    expect(map.notInUse()).toContain('4.A.2');
  });
});
