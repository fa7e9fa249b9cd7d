/** Parameter values read from paragraph texts (both typographies) and compared: stricter or looser only when mechanical. */
import { describe, expect, it } from 'vitest';
import { compareParameters, parameters } from '../../src/engine/wassenaar-divergence.ts';

const values = (t: string) => parameters(t).map((p) => [p.printed, p.base, p.value, p.bound, p.equivalent ?? false]);

describe('parameters', () => {
  it('reads the CCL\'s and the extraction\'s exponents, units, squares and comparisons alike', () => {
    expect(values('A total dose of 5 × 10 3 Gy (Si), or higher;')).toEqual([['5e3 Gy (Si)', 'Gy (Si)', 5000, 'lower', false]]);
    expect(values('A total dose of 5 x 103 Gy (Si) or higher;')).toEqual([['5e3 Gy (Si)', 'Gy (Si)', 5000, 'lower', false]]);
    expect(values('of 5 × 10 13 n/cm 2 or higher')[0]?.slice(0, 3)).toEqual(['5e13 n/cm2', 'n/cm2', 5e13]);
    expect(values('of 5 x 1013 n/cm2 or higher')[0]?.slice(0, 3)).toEqual(['5e13 n/cm2', 'n/cm2', 5e13]);
    expect(values('lower than 10 −14 J')).toEqual([['1e-14 J', 'J', 1e-14, 'upper', false]]);
    expect(values('above 398 K (+125°C);')).toEqual([['398 K', 'K', 398, 'lower', false], ['+125 °C', '°C', 125, 'lower', true]]);
    expect(values('exceeding 3,500 MSPS')).toEqual([['3,500 MSPS', 'SPS', 3.5e9, 'lower', false]]);
    expect(values('greater than 1.3 Giga Samples Per Second (GSPS)')[0]?.slice(0, 3)).toEqual(['1.3 GSPS', 'SPS', 1.3e9]);
    expect(values('frequencies other than 4.2 to 4.4 GHz').map((v) => v[0])).toEqual(['4.2 GHz', '4.4 GHz']);
    expect(values('equal to or exceeding 453 K (180C)')[1]?.slice(0, 2)).toEqual(['180 °C', '°C']);
    expect(values('controlled by 4 A and 2 N')).toEqual([]);
  });
});

describe('compareParameters', () => {
  it('the same values in both typographies: nothing', () => {
    expect(compareParameters('A dose rate upset of 5 × 10 6 Gy (Si)/s, or higher; or', 'A dose rate upset of 5 x 106 Gy (Si)/s or higher; or')).toEqual([]);
  });
  it('one value each, same unit, same comparison: stricter or looser', () => {
    expect(compareParameters('exceeding 90 GHz', 'exceeding 110 GHz')).toEqual([expect.objectContaining({ assessment: 'stricter', ear: ['90 GHz'], wassenaar: ['110 GHz'] })]);
    expect(compareParameters('less than 8 µs', 'less than 15 µs')).toEqual([expect.objectContaining({ assessment: 'looser' })]);
    expect(compareParameters('at 90 GHz', 'at 110 GHz')).toEqual([expect.objectContaining({ assessment: 'differs' })]);
    expect(compareParameters('exceeding 1 W and 2 W', 'exceeding 3 W')).toEqual([expect.objectContaining({ assessment: 'differs', ear: ['1 W', '2 W'], wassenaar: ['3 W'] })]);
  });
  it('the same figure with another prefix (3A001.b.5: "10 ms" in the CCL source, "10 µs" in the list): for review, not stricter', () => {
    const [f] = compareParameters('tuning across a 1.5:1 frequency band in less than 10 ms and', 'tuning across a 1.5:1 frequency band in less than 10 µs and');
    expect(f).toEqual(expect.objectContaining({ assessment: 'differs', ear: ['10 ms'], wassenaar: ['10 µs'] }));
    expect(f?.note).toMatch(/transcription slip/);
    // A real difference in figure and prefix is still read mechanically.
    expect(compareParameters('less than 8 ms', 'less than 15 µs')).toEqual([expect.objectContaining({ assessment: 'stricter' })]);
  });
});
