/**
 * The matcher on the REAL Consolidated Screening List (regulations/lists/us-csl.json, written by `dualuse import`). Every name below is
 * checked to be listed first, so that a change upstream fails here loudly rather than silently passing.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPartyLists, type PartyLists } from '../../src/load/lists.ts';
import { createMatcher, MAX_MATCHES, THRESHOLDS, type Matcher, type PartyMatch } from '../../src/screening/match.ts';
import { CYRILLIC_TO_LATIN, normalizeName } from '../../src/screening/normalize.ts';
import { InvalidInputError } from '../../src/errors.ts';
import { REPO_ROOT } from '../helpers/kb.ts';

let lists: PartyLists;
let matcher: Matcher;
beforeAll(() => {
  lists = loadPartyLists(REPO_ROOT);
  matcher = createMatcher(lists);
});

/** The one entry of `list` with this exact listed name. */
function listed(list: string, name: string) {
  const found = lists.entries.filter((e) => e.list === list && e.name === name);
  expect(found, `${list} ${name} is listed once`).toHaveLength(1);
  return found[0]!;
}
function hitFor(results: PartyMatch[], entryId: string): PartyMatch {
  const hit = results.find((r) => r.entry_id === entryId);
  expect(hit, `results include ${entryId}: ${JSON.stringify(results.slice(0, 3))}`).toBeDefined();
  return hit!;
}

/** Latin → Cyrillic with the matcher's own table reversed (digraphs first), to build a Cyrillic spelling. */
function toCyrillic(latin: string): string {
  const preferred: Record<string, string> = { e: 'е', i: 'и', y: 'ы', u: 'у', g: 'г' };
  const reverse = new Map<string, string>();
  for (const [cyr, lat] of Object.entries(CYRILLIC_TO_LATIN)) if (lat && !reverse.has(lat)) reverse.set(lat, preferred[lat] ?? cyr);
  const keys = [...reverse.keys()].sort((a, b) => b.length - a.length);
  let out = '';
  const s = latin.toLowerCase();
  for (let i = 0; i < s.length;) {
    const k = keys.find((x) => s.startsWith(x, i));
    if (k) { out += reverse.get(k); i += k.length; } else { out += s[i]; i++; }
  }
  return out;
}

describe('screening the Consolidated Screening List', () => {
  it('finds an Entity List entry by its exact name, with the list citation and licence texts', () => {
    const e = listed('EL', 'Huawei Technologies Co., Ltd.');
    const results = matcher.screen('Huawei Technologies Co., Ltd.');
    expect(results[0]?.entry_id).toBe(e.id); // the exact listed name ranks first
    const hit = hitFor(results, e.id);
    expect(hit).toMatchObject({ list: 'EL', name: e.name, matched_name: e.name, score: 1, band: 'match', countries: e.countries });
    expect(hit.features).toContain('exact normalised name');
    expect(hit.citation).toBe('15 C.F.R. § 744.16 and Supplement No. 4 to Part 744');
    expect(hit.license_requirement).toBe(e.license_requirement);
    expect(hit.license_policy).toBe(e.license_policy);
    expect(hit.federal_register).toContain('84 FR 22963');
    // Case, punctuation and legal-form spelling do not matter.
    expect(hitFor(matcher.screen('HUAWEI TECHNOLOGIES COMPANY LIMITED'), e.id)).toMatchObject({ score: 1, band: 'match' });
  });

  it('finds an entry by an alias and says which alias matched', () => {
    const e = listed('EL', 'I JET GLOBAL DMCC');
    expect(e.aliases).toContain('iJet Aviation Services');
    const hit = hitFor(matcher.screen('IJET AVIATION SERVICES'), e.id);
    expect(hit).toMatchObject({ band: 'match', matched_name: 'iJet Aviation Services', name: 'I JET GLOBAL DMCC' });
    expect(hit.features).toContain('alias');
  });

  it('finds an entry by the short name in parentheses of its listed name', () => {
    const e = listed('EL', 'Huawei Technologies Co., Ltd. (Huawei)');
    const results = matcher.screen('Huawei');
    const hit = hitFor(results, e.id);
    expect(hit.band).toBe('match');
    expect(hit.features).toContain('listed name part: short name in parentheses');
    // The 20-odd affiliates listed as "Huawei Technologies Co., Ltd. (Huawei). Affiliated Entity: …" do not match
    // "Huawei" alone as if it were their name.
    expect(results.filter((r) => r.name.includes('Affiliated Entity') && r.band === 'match')).toEqual([]);
  });

  it('finds an entry with the words in another order', () => {
    const e = listed('EL', 'Ship Maintenance Center Zvezdochka');
    const hit = hitFor(matcher.screen('Zvezdochka Ship Maintenance Center'), e.id);
    expect(hit).toMatchObject({ score: 1, band: 'match' });
    expect(hit.features).toContain('word order');
    const dpl = listed('DPL', 'KATSUTA KEISUKE');
    expect(hitFor(matcher.screen('Keisuke Katsuta'), dpl.id)).toMatchObject({ band: 'match', list: 'DPL' });
  });

  it('finds an entry under another legal form', () => {
    const tupolev = listed('EL', 'Tupolev JSC');
    const hit = hitFor(matcher.screen('Tupolev PAO'), tupolev.id); // both fold to jsc
    expect(hit).toMatchObject({ score: 1, band: 'match' });
    const muller = listed('EL', 'Muller Markt LLC');
    const m2 = hitFor(matcher.screen('Muller Markt GmbH'), muller.id);
    expect(m2.band).toBe('match');
    expect(m2.features).toContain('legal form ignored');
    expect(m2.score).toBeLessThan(1);
    const yl = listed('EL', 'Shanghai Yuliangsheng Technology Co., Ltd.');
    expect(hitFor(matcher.screen('Shanghai Yuliangsheng Technology Company Limited'), yl.id)).toMatchObject({ score: 1, band: 'match' });
  });

  it('tolerates one typo: a match in a multi-word name, a possible match in a one-word name', () => {
    const e = listed('EL', 'Huawei Technologies Co., Ltd.');
    const hit = hitFor(matcher.screen('Huawai Technologies Co., Ltd.'), e.id);
    expect(hit.band).toBe('match');
    expect(hit.score).toBeGreaterThanOrEqual(THRESHOLDS.match);
    expect(hit.score).toBeLessThan(1);
    expect(hit.features).toContain('typo: HUAWAI~HUAWEI');
    const c = listed('EL', 'Chernomorneftegaz');
    const one = hitFor(matcher.screen('Chernomornaftegaz'), c.id);
    expect(one).toMatchObject({ band: 'possible_match', score: 0.9 });
    expect(one.features).toContain('typo: CHERNOMORNAFTEGAZ~CHERNOMORNEFTEGAZ');
    // Transposed letters count as one edit.
    expect(hitFor(matcher.screen('Chernomorneftegza'), c.id).band).toBe('possible_match');
    // Two edits in the only word, both vowels: a spelling variant (same consonant skeleton), a possible match.
    const two = hitFor(matcher.screen('Chernomarnaftegaz'), c.id);
    expect(two).toMatchObject({ band: 'possible_match', score: 0.85 });
    expect(two.features).toContain('spelling: CHERNOMARNAFTEGAZ~CHERNOMORNEFTEGAZ');
    // Two consonants changed: two edits, a possible match; three edits: not found.
    expect(hitFor(matcher.screen('Chernomornestegas'), c.id)).toMatchObject({ band: 'possible_match', score: 0.8 });
    expect(matcher.screen('Chirnomornestegas').find((r) => r.entry_id === c.id)).toBeUndefined();
  });

  it('pairs romanisations of Arabic and Russian names by their consonant skeleton', () => {
    const bl = listed('SDN', 'BIN LADIN, Usama bin Muhammad bin Awad');
    const hit = hitFor(matcher.screen('Osama Mohammed Awad Bin Ladin'), bl.id);
    expect(hit).toMatchObject({ band: 'match', matched_name: 'BIN LADIN, Osama bin Muhammad bin Awad' });
    expect(hit.score).toBeLessThan(1);
    expect(hit.features).toEqual(expect.arrayContaining(['spelling: MOHAMMED~MUHAMMAD']));
    const r = listed('SDN', 'ROTENBERG, Arkady Romanovich');
    expect(hitFor(matcher.screen('Arkadiy Romanovich Rotenberg'), r.id).band).not.toBe('clear');
    expect(hitFor(matcher.screen('Ротенберг Аркадий Романович'), r.id).features).toContain('transliterated');
  });

  it('a listed name without its qualifier in parentheses is at most a possible match', () => {
    const au = listed('EL', 'Huawei Technologies (Australia) Pty Ltd.');
    const parent = listed('EL', 'Huawei Technologies Co., Ltd.');
    const rs = matcher.screen('Huawei Technologies Co., Ltd.');
    expect(hitFor(rs, parent.id).band).toBe('match');
    const sub = hitFor(rs, au.id);
    expect(sub.band).toBe('possible_match');
    expect(sub.score).toBeLessThan(THRESHOLDS.match);
    expect(sub.features).toContain('listed name part: qualifier omitted (Australia)');
    expect(sub.features).not.toContain('exact normalised name');
    // The subsidiary's own full name is a match.
    expect(hitFor(matcher.screen('Huawei Technologies (Australia) Pty Ltd'), au.id).band).toBe('match');
  });

  it('a one-word name that no listed name equals: the entries having it as possible matches, capped and marked truncated', () => {
    const r = matcher.search('Ali');
    expect(r.truncated).toBe(true);
    expect(r.matches).toHaveLength(MAX_MATCHES);
    expect(r.matches.every((m) => m.band === 'possible_match' && m.features.some((f) => /^one-word name: "ALI" is a word of [0-9]+ listed entries/.test(f)))).toBe(true);
    // A one-word name that is a listed name is simply a match.
    expect(matcher.search('Huawei').matches[0]).toMatchObject({ band: 'match', name: 'Huawei Technologies Co., Ltd. (Huawei)' });
  });

  it('names holding words that are also property names of JavaScript objects are screened like any other', () => {
    for (const n of ['Constructor Bureau', 'toString Valueof Trading', '__proto__ hasOwnProperty']) expect(() => matcher.screen(n)).not.toThrow();
  });

  it('matches on Treasury and State lists carry their authority and programmes', () => {
    const hit = matcher.screen('ROTENBERG, Arkady Romanovich').find((m) => m.list === 'SDN');
    expect(hit).toMatchObject({ band: 'match', citation: lists.list('SDN')?.citation, programs: ['RUSSIA-EO14024', 'UKRAINE-EO13661'] });
    expect(lists.list('SDN')).toMatchObject({ ear: false, agency: 'Treasury Department' });
    expect(lists.list('EL')).toMatchObject({ ear: true, agency: 'Bureau of Industry and Security' });
    expect(lists.entries).toHaveLength(lists.source.upstream_entry_count);
  });

  it('finds a listed Russian entity from its Cyrillic spelling', () => {
    const c = listed('EL', 'Chernomorneftegaz');
    const cyr = toCyrillic(c.name);
    expect(cyr).toBe('черноморнефтегаз');
    expect(normalizeName(cyr).tokens).toEqual(['chernomorneftegaz']);
    const hit = hitFor(matcher.screen(cyr), c.id);
    expect(hit).toMatchObject({ band: 'match', score: 1 });
    expect(hit.features).toContain('transliterated');
    const t = listed('EL', 'Tupolev JSC');
    const tq = `${toCyrillic('Tupolev')} ${toCyrillic('PAO').toUpperCase()}`;
    expect(tq).toBe('туполев ПАО');
    expect(hitFor(matcher.screen(tq), t.id)).toMatchObject({ band: 'match', score: 1 });
  });

  it('still finds the party through zero-width characters and a Cyrillic look-alike letter', () => {
    const e = listed('EL', 'Huawei Technologies Co., Ltd.');
    expect(hitFor(matcher.screen('Hua\u200bwei Technologies Co., Ltd.'), e.id)).toMatchObject({ band: 'match', score: 1 });
    expect(hitFor(matcher.screen('Hu\u0430wei Technologies Co., Ltd.'), e.id).band).toBe('match'); // Cyrillic а
  });

  it('returns nothing for unrelated names, and never a match for common words', () => {
    // Neither is on the lists (checked on the data, not assumed).
    expect(lists.entries.filter((e) => /siemens|acme bakery/i.test([e.name, ...e.aliases].join(' ')))).toEqual([]);
    expect(matcher.screen('Acme Bakery GmbH')).toEqual([]);
    expect(matcher.screen('Siemens AG')).toEqual([]);
    expect(matcher.screen('Beijing Technology Co., Ltd.')).toEqual([]);
    // Two common words shared with an alias ("GLOBAL TRADING GROUP") make at most a possible match.
    expect(matcher.screen('Global Trading LLC').every((m) => m.band === 'possible_match')).toBe(true);
  });

  it('adjusts the score a little by country, without dropping an equal-name match', () => {
    const c = listed('EL', 'Chernomorneftegaz');
    expect(c.countries).toContain('UA');
    const same = hitFor(matcher.screen('Chernomorneftegaz', { country: 'ua' }), c.id);
    expect(same.features).toContain('country match: UA');
    const other = hitFor(matcher.screen('Chernomorneftegaz', { country: 'DE' }), c.id);
    expect(other).toMatchObject({ band: 'match', score: 0.95 });
    expect(other.features.some((f) => f.startsWith('country differs: DE'))).toBe(true);
    const typo = hitFor(matcher.screen('Chernomornaftegaz', { country: 'UA' }), c.id);
    expect(typo.score).toBeCloseTo(0.92, 5);
  });

  it('returns every band with its score range, best first', () => {
    const results = matcher.screen('Shenzhen Huawei Technologies');
    expect(results.length).toBeGreaterThan(1);
    for (const r of results) {
      expect(r.score).toBeGreaterThanOrEqual(THRESHOLDS.possible_match);
      expect(r.score).toBeLessThanOrEqual(1);
      if (r.band === 'possible_match') expect(r.score).toBeLessThan(THRESHOLDS.match);
      expect(lists.entry(r.entry_id)?.name).toBe(r.name);
    }
    expect(results.map((r) => r.score)).toEqual([...results.map((r) => r.score)].sort((a, b) => b - a));
  });

  it('refuses names it cannot screen instead of calling them clear', () => {
    const code = (name: string) => {
      try { matcher.screen(name); } catch (e) { return e instanceof InvalidInputError ? e.code : String(e); }
      return 'screened';
    };
    expect(code('')).toBe('INVALID_PARTY_NAME');
    expect(code('   ')).toBe('INVALID_PARTY_NAME');
    expect(code(' .,;-() ')).toBe('INVALID_PARTY_NAME');
    expect(code('Co., Ltd.')).toBe('INVALID_PARTY_NAME');
    expect(code('x'.repeat(513))).toBe('INVALID_PARTY_NAME');
    expect(code('华为技术有限公司')).toBe('UNSUPPORTED_SCRIPT');
    expect(code('Huawei 华为')).toBe('UNSUPPORTED_SCRIPT');
    expect(code('x'.repeat(512))).toBe('screened');
  });
});
