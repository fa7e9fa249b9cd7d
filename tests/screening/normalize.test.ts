/** Name normalisation for screening, on small inputs. */
import { describe, expect, it } from 'vitest';
import { CYRILLIC_TO_LATIN, editDistanceWithin, foldText, LEGAL_FORMS, normalizeName, phoneticKey, withinOneEdit } from '../../src/screening/normalize.ts';

const tokens = (s: string) => normalizeName(s).tokens;
const forms = (s: string) => normalizeName(s).forms;

describe('normalizeName', () => {
  it('folds case, diacritics and punctuation, and collapses whitespace', () => {
    expect(normalizeName('  Müller-Lüdenscheidt   GmbH ')).toEqual({ tokens: ['muller', 'ludenscheidt'], forms: ['gmbh'], transliterated: false, unsupported: [] });
    expect(tokens('SOCIÉTÉ ANONYME TECHNOLOGIE SPATIALE (SATS)')).toEqual(['technologie', 'spatiale', 'sats']);
    expect(tokens('Straße')).toEqual(['strasse']);
    expect(tokens('Ørsted Łódź')).toEqual(['orsted', 'lodz']);
  });

  it('removes apostrophes without a space, and spells out a few abbreviations', () => {
    expect(tokens("Xi'an Aerospace")).toEqual(['xian', 'aerospace']);
    expect(tokens('Xi’an Aerospace')).toEqual(['xian', 'aerospace']);
    expect(normalizeName('OOO Aviation Service Int’l')).toMatchObject({ tokens: ['aviation', 'service', 'international'], forms: ['llc'] });
    expect(tokens('R&D Centre')).toEqual(['r', 'and', 'd', 'centre']);
    expect(tokens('The Ministry of Defence')).toEqual(['ministry', 'of', 'defence']);
  });

  it('drops format characters (zero-width, bidi overrides, soft hyphen)', () => {
    expect(tokens('Hua\u200bwei\u00ad Tech\u202enologies\u202c')).toEqual(['huawei', 'technologies']);
    expect(tokens('\ufeffACME')).toEqual(['acme']);
  });

  it('joins dotted and spaced initials', () => {
    expect(normalizeName('Cooperatief U.A.').tokens).toEqual(['cooperatief', 'ua']);
    expect(forms('Acme S.A.')).toEqual(['sa']);
    expect(forms('Acme S. A.')).toEqual(['sa']);
    expect(forms('Acme SA')).toEqual(['sa']);
    expect(tokens('A. ROSENTHAL (PTY) LTD.')).toEqual(['a', 'rosenthal']);
  });

  it('folds legal forms to one canonical token, longest phrase first', () => {
    for (const s of ['Acme Co., Ltd.', 'Acme Company Limited', 'ACME CO LTD', 'Acme Limited', 'Acme Pte. Ltd.', 'Acme (Pvt) Ltd', 'Acme Pty Ltd']) {
      expect(normalizeName(s), s).toMatchObject({ tokens: ['acme'], forms: ['ltd'] });
    }
    for (const s of ['Acme LLC', 'OOO Acme', 'Acme Limited Liability Company', 'Acme L.L.C.', 'Obshchestvo s Ogranichennoy Otvetstvennostyu Acme']) {
      expect(normalizeName(s), s).toMatchObject({ tokens: ['acme'], forms: ['llc'] });
    }
    for (const s of ['Acme JSC', 'OAO Acme', 'ZAO Acme', 'PAO Acme', 'Acme Joint Stock Company', 'Open Joint Stock Company Acme', 'J.S.C. Acme']) {
      expect(normalizeName(s), s).toMatchObject({ tokens: ['acme'], forms: ['jsc'] });
    }
    expect(forms('Acme Sdn. Bhd.')).toEqual(['sdnbhd']);
    expect(forms('Acme Inc.')).toEqual(['inc']);
    expect(forms('Acme Corporation')).toEqual(['corp']);
    expect(forms('Acme GmbH & Co. KG')).toEqual(['gmbh']);
    expect(forms('Acme Trading FZE')).toEqual(['fze']);
    // A name made only of legal forms keeps them as its tokens.
    expect(normalizeName('Company Limited')).toMatchObject({ tokens: ['ltd'], forms: [] });
    // Every canonical token folds to itself.
    for (const canon of Object.keys(LEGAL_FORMS)) expect(forms(`Acme ${canon}`), canon).toEqual([canon]);
  });

  it('transliterates Cyrillic, including a Cyrillic letter inside a Latin word', () => {
    expect(normalizeName('Ротенберг')).toMatchObject({ tokens: ['rotenberg'], transliterated: true });
    expect(normalizeName('ООО Щука и Ёж')).toMatchObject({ tokens: ['shchuka', 'i', 'ezh'], forms: ['llc'] });
    expect(tokens('Хуавэй Цзянь')).toEqual(['khuavey', 'tszyan']);
    expect(normalizeName('Huаwei')).toMatchObject({ tokens: ['huawei'], transliterated: true }); // Cyrillic а
    expect(Object.keys(CYRILLIC_TO_LATIN)).toHaveLength(38);
  });

  it('reports letters of scripts it cannot transliterate', () => {
    expect(normalizeName('华为技术有限公司').unsupported).toEqual(['Han']);
    expect(normalizeName('شركة').unsupported).toEqual(['Arabic']);
    expect(normalizeName('Acme Δelta').unsupported).toEqual(['Greek']);
    expect(normalizeName('Acme').unsupported).toEqual([]);
  });

  it('leaves nothing for empty or punctuation-only input', () => {
    expect(tokens('')).toEqual([]);
    expect(tokens(' .,;-–()  ')).toEqual([]);
    expect(foldText('  A\u00a0 B ')).toEqual({ text: 'a b', transliterated: false });
  });
});

describe('withinOneEdit (Damerau-Levenshtein ≤ 1)', () => {
  it.each([
    ['huawei', 'huawei', true],
    ['huawei', 'huawai', true], // substitution
    ['huawei', 'huaewi', true], // swap of neighbours
    ['huawei', 'huawe', true], // deletion
    ['rotenberg', 'rotenburg', true],
    ['muller', 'mueller', true], // insertion
    ['huawei', 'hauwie', false],
    ['abc', 'abcde', false],
    ['zvezdochka', 'zvyozdochka', false],
  ])('%s ~ %s → %s', (a, b, want) => {
    expect(withinOneEdit(a, b)).toBe(want);
    expect(withinOneEdit(b, a)).toBe(want);
  });
  it('agrees with editDistanceWithin(a, b, 1) on every pair of a set of near strings (it is a fast path of it)', () => {
    const words = ['huawei', 'huawai', 'huaewi', 'huawe', 'hauwei', 'huaweii', 'uawei', 'huawie', 'abc', 'acb', 'ab', 'abcd', 'bac', 'a', ''];
    for (const a of words) for (const b of words) expect(withinOneEdit(a, b), `${a} ~ ${b}`).toBe(editDistanceWithin(a, b, 1) <= 1);
  });
});

describe('spelling variants and confusables', () => {
  it('gives romanisations of one name the same phonetic key, and different names different keys', () => {
    const same = [['mohammed', 'muhammad', 'mohamad', 'mohamed'], ['hussein', 'husayn', 'hossein'], ['arkadiy', 'arkady'], ['aleksei', 'alexey'], ['yevgeny', 'evgeniy'], ['pankoff', 'pankov'], ['abdelrahman', 'abdurrahman'], ['youssef', 'yusuf']];
    for (const group of same) expect(new Set(group.map(phoneticKey)).size, group.join('/')).toBe(1);
    expect(phoneticKey('mohammed')).not.toBe(phoneticKey('ahmed'));
    expect(phoneticKey('rotenberg')).not.toBe(phoneticKey('rosenberg'));
    // Too short to say anything, or not letters: no key.
    expect(phoneticKey('ali')).toBeUndefined();
    expect(phoneticKey('a1b2c3')).toBeUndefined();
  });

  it('unifies Arabic name particles', () => {
    expect(normalizeName('Abd al-Rahman bin Hassan').tokens).toEqual(['abdul', 'rahman', 'bin', 'hassan']);
    expect(normalizeName('Abdul Rahman Ibn Hassan').tokens).toEqual(['abdul', 'rahman', 'bin', 'hassan']);
    expect(phoneticKey('abdel')).toBe(phoneticKey('abdul'));
    expect(normalizeName('Abou Ali').tokens).toEqual(['abu', 'ali']);
  });

  it('bounded Damerau-Levenshtein distance', () => {
    expect(editDistanceWithin('castaneda', 'catsanesda', 2)).toBe(2);
    expect(editDistanceWithin('glasgow', 'glsgpw', 2)).toBe(2);
    expect(editDistanceWithin('luminous', 'luuminou', 2)).toBe(2);
    expect(editDistanceWithin('abcdef', 'abcdef', 2)).toBe(0);
    expect(editDistanceWithin('abcdef', 'badcef', 2)).toBe(2);
    expect(editDistanceWithin('rotenberg', 'rosenbaum', 2)).toBe(3);
    expect(editDistanceWithin('short', 'muchlongerword', 2)).toBe(3);
  });

  it('reads Greek look-alike letters inside a Latin word as Latin (UTS #39 confusables), and Greek words as Greek', () => {
    expect(normalizeName('Huaweι Technοlogies').tokens).toEqual(['huawei', 'technologies']);
    expect(normalizeName('ΑΘΗΝΑ').unsupported).toEqual(['Greek']);
  });
});
