/**
 * @module import/requirement-text
 * Reads the destinations named by a License Requirements sentence that replaces a chart column, e.g.
 * "To or within Macau or a destination specified in Country Group D:5 …" or "A license is required for ALL
 * destinations, except Canada". Only whole sentences of the shapes below are read; everything else returns null,
 * which the engine answers with `needs_review` and the sentence quoted. The result is written into the YAML, where
 * reviewers see it next to the sentence it came from.
 */
import type { DestinationSetT } from '../schema/eccn.ts';
import { COUNTRY_GROUPS, type CountryGroupIdT } from '../schema/common.ts';

const GROUPS = new Set<string>(COUNTRY_GROUPS);
const NAMED: Readonly<Record<string, string>> = {
  Macau: 'MO', 'the United Arab Emirates': 'AE', 'North Korea': 'KP', Iran: 'IR', Iraq: 'IQ', Pakistan: 'PK',
  China: 'CN', Russia: 'RU', Venezuela: 'VE', Canada: 'CA',
};

function groupsIn(list: string): CountryGroupIdT[] | null {
  const ids = list.split(/,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+/).map((s) => s.trim()).filter(Boolean);
  if (ids.length === 0 || !ids.every((g) => GROUPS.has(g))) return null;
  return ids as CountryGroupIdT[];
}

/** Drops a trailing cross-reference ("See § 742.6(a)(6)(iii)(B) of the EAR.") that does not change the destinations. */
function stripSee(t: string): string {
  return t.replace(/[.,;]?\s*\(?see\s+(?:§§?|part)\s+.*$/i, '').replace(/\s+/g, ' ').trim().replace(/\.$/, '');
}

export function parseRequirementDestinations(requirement: string): DestinationSetT | null {
  const t = stripSee(requirement.replace(/\s+/g, ' ').trim());
  if (/^(?:to or within any destination worldwide|worldwide(?: control)?)$/i.test(t)) return { all: true };
  const all = /^(?:[A-Z]{2}(?: and [A-Z]{2})? appl(?:y|ies) to entire entry\. )?A license is required for all destinations(?:,? (except Canada))?(?:,? regardless of end[- ]use)?(?:,? as specified in § 742\.13 of the EAR)?\.?(?: Accordingly, a column specific to this control does not appear on the Commerce Country Chart(?: \(Supplement No\. 1 to Part 738 of the EAR\))?\.?)?(?: \(See (?:§ 742\.7|part 742) of the EAR for additional information\.?\)\.?)?$/i.exec(t);
  if (all) return all[1] ? { all: true, except_countries: ['CA'] } : { all: true };
  const grp = /^To or within (?:(Macau|the United Arab Emirates) or )?(?:a destination|destinations) specified in Country Groups? ([A-E]:?[0-9]?(?:(?:,\s*|,?\s+and\s+|,?\s+or\s+)[A-E]:?[0-9]?)*) of supplement no\. 1 to part 740 of the EAR(?:, excluding any destination also specified in Country Groups? ([A-E]:?[0-9]?(?:(?:,\s*|,?\s+and\s+|,?\s+or\s+)[A-E]:?[0-9]?)*))?$/i.exec(t);
  if (grp?.[2]) {
    const groups = groupsIn(grp[2]);
    const except = grp[3] ? groupsIn(grp[3]) : [];
    if (!groups || !except) return null;
    const out: DestinationSetT = { groups };
    if (grp[1]) out.countries = [NAMED[grp[1]] as string];
    if (except.length) out.except_groups = except;
    return out;
  }
  if (/^China, Russia,? or Venezuela(?: \(see § 742\.6\(a\)\(7\)\))?$/.test(t)) return { countries: ['CN', 'RU', 'VE'] };
  const named = /^(?:(?:Country Chart\. )?[A-Z]{2} applies to entire entry\. )?A license is required for (?:items controlled by (?:this entry|paragraph \.[a-z0-9]{1,4} of this entry)|export or reexport of these items) (?:for export or reexport )?to (North Korea|Iran and North Korea|Iraq(?: or Pakistan)?|Pakistan)(?: (?:or|and) transfer within (?:Iraq|Pakistan|Iraq or Pakistan))?(?: for (?:anti-terrorism|regional stability) reasons)?(?:\. The Commerce Country Chart is not designed to determine (?:AT |RS )?licens(?:e|ing) requirements for this entry)?(?:\. See [^.]*(?:\.[^.]*)*)?$/.exec(t);
  if (named?.[1]) {
    const names = named[1].split(/ and | or /);
    const codes = names.map((n) => NAMED[n]);
    if (codes.some((c) => c === undefined)) return null;
    return { countries: codes as string[] };
  }
  return null;
}
