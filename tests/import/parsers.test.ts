/** The importer's readers of scope and requirement sentences, and of licence exception values. */
import { describe, expect, it } from 'vitest';
import { parseScope, scopeReasons, expandParagraphList } from '../../src/import/scope.ts';
import { parseRequirementDestinations } from '../../src/import/requirement-text.ts';
import { canonicalText } from '../../src/import/text.ts';
import { parseLvsAmount, parseYesNa } from '../../src/import/ccl.ts';

describe('scope sentences', () => {
  it.each([
    ['NS applies to entire entry', '3A001', { kind: 'entire_entry' }],
    ['AT applies to entire entry.', '3A001', { kind: 'entire_entry' }],
    ['NS applies to entire entry except 0A501.y', '0A501', { kind: 'entire_entry_except', paragraphs: ['0A501.y'] }],
    ['NS applies to entire entry, except 0D606.y', '0D606', { kind: 'entire_entry_except', paragraphs: ['0D606.y'] }],
    ['RS applies to 3A090.a', '3A090', { kind: 'paragraphs', paragraphs: ['3A090.a'] }],
    ['RS applies to items controlled by 5A992.z.1', '5A992', { kind: 'paragraphs', paragraphs: ['5A992.z.1'] }],
    ['CW applies to 1C350.b and .c.', '1C350', { kind: 'paragraphs', paragraphs: ['1C350.b', '1C350.c'] }],
    ['CB applies to items controlled by 1C351.d.15 and .16', '1C351', { kind: 'paragraphs', paragraphs: ['1C351.d.15', '1C351.d.16'] }],
    ['NS applies to entire entry, except .a.1', '9A012', { kind: 'entire_entry_except', paragraphs: ['9A012.a.1'] }],
    ['NP applies to 3A001.a.15 or b.13', '3A001', { kind: 'paragraphs', paragraphs: ['3A001.a.15', '3A001.b.13'] }],
    ['CC applies to "technology" for items controlled by 0A982 or 0A503', '0E982', { kind: 'conditional' }],
    ['NS applies to shotguns with a barrel length less than 18 inches (45.72 cm)', '0A502', { kind: 'conditional' }],
    ['Russian industry sector sanctions apply to entire entry', '0A998', { kind: 'conditional' }],
  ])('%s', (scope, eccn, expected) => {
    expect(parseScope(scope, eccn)).toEqual(expected);
  });
  it('names the reasons, including two in one sentence', () => {
    expect(scopeReasons('SL and AT apply to entire entry.')).toEqual(['SL', 'AT']);
    expect(scopeReasons('Country Chart. AT applies to entire entry. A license is required')).toEqual(['AT']);
    expect(scopeReasons('"Software" for items described in 0A002 is "subject to the ITAR"')).toEqual([]);
  });
  it('refuses paragraph lists that leave the entry', () => {
    expect(expandParagraphList('3A001.a, 3A002.b', '3A001')).toBeNull();
  });
});

describe('requirement sentences', () => {
  it.each([
    ['To or within any destination worldwide, see § 742.6(a)(6)(iii)(A) of the EAR.', { all: true }],
    ['Worldwide control. See § 742.4(a)(5) and (b)(10) of the EAR.', { all: true }],
    ['Worldwide (see § 742.6(a)(6)(ii)).', { all: true }],
    ['To or within Macau or a destination specified in Country Group D:5 of supplement no. 1 to part 740 of the EAR. See § 742.6(a)(6)(i)(B) of the EAR.', { groups: ['D:5'], countries: ['MO'] }],
    ['To or within the United Arab Emirates or destinations specified in Country Groups D:1, D:4, and D:5 of supplement no. 1 to part 740 of the EAR, excluding any destination also specified in Country Groups A:5 or A:6. See § 742.6(a)(6)(iii)(B) of the EAR.', { groups: ['D:1', 'D:4', 'D:5'], countries: ['AE'], except_groups: ['A:5', 'A:6'] }],
    ['CC applies to entire entry. A license is required for ALL destinations, except Canada, regardless of end-use. Accordingly, a column specific to this control does not appear on the Commerce Country Chart. (See part 742 of the EAR for additional information.)', { all: true, except_countries: ['CA'] }],
    ['A license is required for all destinations, as specified in § 742.13 of the EAR. Accordingly, a column specific to this control does not appear on the Commerce Country Chart (Supplement No. 1 to Part 738 of the EAR).', { all: true }],
    ['China, Russia, or Venezuela (see § 742.6(a)(7)).', { countries: ['CN', 'RU', 'VE'] }],
    ['A license is required for items controlled by this entry to North Korea for anti-terrorism reasons. The Commerce Country Chart is not designed to determine AT licensing requirements for this entry. See § 742.19 of the EAR for additional information.', { countries: ['KP'] }],
    ['A license is required for items controlled by this entry for export or reexport to Iraq or Pakistan or transfer within Iraq or Pakistan for regional stability reasons. The Commerce Country Chart is not designed to determine RS license requirements for this entry. See §§ 742.6 and 746.3 of the EAR for additional information.', { countries: ['IQ', 'PK'] }],
  ])('%s', (text, expected) => {
    expect(parseRequirementDestinations(text)).toEqual(expected);
  });
  it.each([
    'See § 746.1(b) for UN controls.',
    'Refer to § 742.15 of the EAR.',
    'A license is required for items controlled by this entry, other than 2B999.h.2, for export or reexport to Pakistan or transfer within Pakistan for regional stability reasons.',
    'CW applies to entire entry. A license is required for CW reasons to CWC non-States Parties (destinations not listed in Supplement No. 2 to part 745), except for Israel and Taiwan.',
  ])('leaves undecidable text unread: %s', (text) => {
    expect(parseRequirementDestinations(text)).toBeNull();
  });
});

describe('values and canonical text', () => {
  it('reads LVS amounts only when the value is a bare amount', () => {
    expect(parseLvsAmount('$5000')).toBe(5000);
    expect(parseLvsAmount('$1,500.')).toBe(1500);
    expect(parseLvsAmount('$5000, except N/A for MT')).toBeNull();
    expect(parseLvsAmount('N/A')).toBeNull();
    expect(parseYesNa('Yes')).toBe(true);
    expect(parseYesNa('N/A')).toBe(false);
    expect(parseYesNa('Yes, except N/A for MT')).toBeNull();
  });
  it('folds only what parsers disagree on', () => {
    expect(canonicalText('“electronic assemblies,” ( e.g., EMP).')).toBe(canonicalText('"electronic assemblies," (e.g., EMP)'));
    expect(canonicalText('NS Column 1')).not.toBe(canonicalText('NS Column 2'));
  });
});

describe('scope sentences written with spaces or relative paragraphs', () => {
  it('reads "9A004 .g, .r, .u, and .w" and "3A001.z.1.a, z.2.a"', () => {
    expect(parseScope('NS applies to 9A004 .g, .r, .u, and .w', '9A004')).toEqual({ kind: 'paragraphs', paragraphs: ['9A004.g', '9A004.r', '9A004.u', '9A004.w'] });
    expect(parseScope('RS applies to 3A001.z.1.a, z.2.a, z.3.a, z.4.a', '3A001')).toEqual({ kind: 'paragraphs', paragraphs: ['3A001.z.1.a', '3A001.z.2.a', '3A001.z.3.a', '3A001.z.4.a'] });
  });
});
