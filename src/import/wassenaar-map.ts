/**
 * @module import/wassenaar-map
 * `dualuse import`, cross-regime map: links every ECCN of the CCL (every edition) to its Wassenaar Arrangement
 * counterpart by the numbering rules of 15 CFR 738.2(d)(1), or says what kind of entry it is when it has none, and
 * pairs the paragraphs of linked entries. Writes `regulations/wassenaar/<edition>/map/`. Every rule quotes the CFR
 * text it rests on; the quotes are checked here against the source files (and again by `dualuse validate` for those
 * in regulations/ear-text/). A rule only proposes a link: it is made when the Wassenaar code is in the list.
 *
 * Deterministic: the same CCL and Wassenaar files give the same map, byte for byte.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ReasonId, ReviewNoteT } from '../schema/common.ts';
import type { EccnFileT } from '../schema/eccn.ts';
import type { WaEditionFileT, WaEntryFileT } from '../schema/wassenaar.ts';
import type { MapCitationT, MapEntryT, MapKind, MapParagraphsT, MapRegimeT, MapRuleT, WaMapCategoryFileT, WaMapIndexFileT } from '../schema/wassenaar-map.ts';
import { readEccnParagraphsAgainst } from '../kb/eccn-paragraphs.ts';
import { wordOverlap } from '../kb/words.ts';

/** Below this word overlap of an ECCN heading and its counterpart's text, the link gets a review note. */
export const HEADING_REVIEW_BELOW = 0.34;

const ECFR = 'https://www.ecfr.gov/current/title-15';
const earText = (section: string, para: string, quote: string): MapCitationT => ({
  cfr: `15 CFR ${section}${para}`,
  url: `${ECFR}/section-${section}${para ? `#p-${section}${para}` : ''}`,
  source: `regulations/ear-text/${section}.yaml`,
  quote,
});
const TABLE_1 = (range: string, reason: string) => ({ ...earText('738.2', '(d)(1)', `| ${range} | ${reason} |`), cfr: '15 CFR 738.2(d)(1), Table 1' });
const PART_772 = 'shared/regdata/ecfr/connorcallison-markdown-2025-01/part-772.md';

/** The rules, in the order they are tried. */
export const MAP_RULES: readonly MapRuleT[] = [
  {
    id: 'ns_numbering',
    applies_to: 'ECCNs whose last three digits are 000-099',
    text: 'The ECCN proposes the Wassenaar Dual-Use List entry of the same category, product group and number (3A001 → 3.A.1, 9A012 → 9.A.12); the link is made only when that entry is in the list. Without it the ECCN has no counterpart: other_authority when the CCL entry names no reason for control and points to another agency, otherwise us_only_unilateral.',
    citations: [
      TABLE_1('000-099', 'National Security (NS).'),
      earText('742.4', '(a)', 'Generally, items on the Commerce Control List in supplement no. 1 to part 774 of the EAR that have a reason for control of NS are those that are also listed on the Wassenaar Arrangement\'s “List of Dual-use Goods and Technologies,”'),
    ],
    review: [{ field: 'rule', note: 'Neither text says that the CCL numbers follow the Wassenaar list number for number: that is this map\'s rule (issue 8). Each link is checked by the word overlap of the two headings (heading_overlap); a low overlap is a review note on the entry.' }],
  },
  {
    id: 'ml_category',
    applies_to: '"600 series" ECCNs (last three digits 600-699) in product groups A, B and C',
    text: 'The last two digits propose the Munitions List category (0A606 → ML6, 9A610 → ML10); the link is made only when that category is in the list. Paragraphs are not paired: no text says that the 600 series follows the Munitions List paragraph by paragraph.',
    citations: [
      earText('738.2', '(d)(1)(iv)', 'The last two characters of each “600 series” ECCN generally track the Wassenaar Arrangement Munitions List (WAML) categories for the types of items at issue.'),
      TABLE_1('600-699', 'Wassenaar Arrangement Munitions List (WAML) or former U.S. Munitions List (USML) controlled for NS and other reasons.'),
    ],
    review: [{ field: 'rule', note: '"Generally track": a 600 series entry taken over from a USML category can carry a number whose ML category covers other items (the headings are compared: heading_overlap). Test, inspection and production equipment (B) and materials (C) are linked to the category of the items they are for, as the text says ("for the types of items at issue"); the Munitions List itself puts production equipment in ML18.' }],
  },
  {
    id: 'ml_software_technology',
    applies_to: '"600 series" ECCNs in product groups D (software) and E (technology)',
    text: 'Software links to ML21 and technology to ML22; the last two digits name the Munitions List category the software or technology is for (tracks).',
    citations: [earText('738.2', '(d)(1)(iv)', 'The WAML ML21 (“software”) and ML22 (“technology”) are, however, included in D (“software”) and E (“technology”) CCL product groups to remain consistent with the structure of the CCL.')],
  },
  {
    id: 'mt_numbering',
    applies_to: 'ECCNs whose last three digits are 100-199',
    text: 'Missile Technology entries: no Wassenaar counterpart (other_regime). The regimes are named from the entry\'s reasons for control, or from the number\'s (MT) when the entry names none.',
    citations: [TABLE_1('100-199', 'Missile Technology (MT).')],
  },
  {
    id: 'np_numbering',
    applies_to: 'ECCNs whose last three digits are 200-289',
    text: 'Nuclear Nonproliferation entries: no Wassenaar counterpart (other_regime). The regimes are named from the entry\'s reasons for control, or from the number\'s (NP).',
    citations: [TABLE_1('200-299', 'Nuclear Nonproliferation (NP).')],
  },
  {
    id: 'np_unilateral_numbering',
    applies_to: 'ECCNs whose last three digits are 290-299',
    text: 'Unilateral nuclear nonproliferation entries: no Wassenaar counterpart (us_only_unilateral).',
    citations: [earText('738.2', '(d)(1)(ii)', 'If the second digit is a “2” and the third digit is a “9”, the item is controlled for unilateral purposes based on a nuclear proliferation concern')],
  },
  {
    id: 'cb_numbering',
    applies_to: 'ECCNs whose last three digits are 300-399',
    text: 'Chemical and Biological entries: no Wassenaar counterpart (other_regime). The regimes are named from the entry\'s reasons for control, or from the number\'s (CB).',
    citations: [TABLE_1('300-399', 'Chemical and Biological (CB).')],
  },
  {
    id: 'series_500',
    applies_to: 'ECCNs whose last three digits are 500-599',
    text: 'Firearms, spacecraft and the 0Y521 entries: no numbering rule links them to the Wassenaar list (us_only_unilateral).',
    citations: [
      TABLE_1('500-599', 'Firearms, “Spacecraft,” and related commodities controlled for NS and other reasons.'),
      earText('742.4', '(a)', '“600 series” items and 9x515 items are also controlled for NS reasons.'),
    ],
    review: [{ field: 'rule', note: 'Table 1 gives these entries NS "and other reasons", and § 742.4(a) names 9x515 apart from the items the Wassenaar Arrangement lists, but no text held says whether a Munitions List entry covers the firearms entries 0x501–0x509: those carry a review note.' }],
  },
  {
    id: 'plurilateral_numbering',
    applies_to: 'ECCNs whose last three digits are 900-979',
    text: 'Plurilateral entries: no Wassenaar counterpart (plurilateral).',
    citations: [TABLE_1('900-979', 'Plurilateral NS and Regional Stability (RS) and other reasons.')],
  },
  {
    id: 'cc_ss_numbering',
    applies_to: 'ECCNs whose last three digits are 980-989',
    text: 'Crime Control and Short Supply entries: no Wassenaar counterpart (us_only_unilateral).',
    citations: [TABLE_1('980-989', 'Crime Control (CC), Short Supply (SS).')],
  },
  {
    id: 'at_numbering',
    applies_to: 'ECCNs whose last three digits are 990-999',
    text: 'Entries controlled for a unilateral concern, anti-terrorism first: no Wassenaar counterpart (us_only_anti_terrorism).',
    citations: [
      TABLE_1('990-999', 'Anti-terrorism (AT), RS, United Nations Sanctions (UN).'),
      earText('738.2', '(d)(1)(ii)', 'identifies the entire entry as controlled for a unilateral concern'),
    ],
  },
  {
    id: 'paragraph_numbering',
    applies_to: 'the paragraphs of a wassenaar_dual_use link whose ECCN has items text',
    text: 'An ECCN paragraph is paired with the counterpart\'s paragraph of the same label (3A001.a.5.a.1 ↔ 3.A.1.a.5.a.1). ECCN paragraphs with no Wassenaar paragraph of their label are us_only (the topmost of each branch; [Reserved] ones are left out), Wassenaar paragraphs with no ECCN paragraph wassenaar_only ("Not used" ones are left out, and those the items text skips: it starts at b., the source dropped a.).',
    citations: [],
    review: [{ field: 'rule', note: 'No text held states a paragraph correspondence (issue 8\'s rule); the texts of each pair are compared (dualuse wassenaar <code>), and pairs whose words differ are reported. The ECCN paragraphs are read from the items rows of one source as src/kb/eccn-paragraphs.ts describes: that source drops some paragraphs and mixes Notes\' lettered items into the list, so a us_only or wassenaar_only paragraph may be a reading problem, not a difference.' }],
  },
];

export const MAP_REGIMES: readonly MapRegimeT[] = [
  {
    id: 'MTCR', name: 'Missile Technology Control Regime', reason: 'MT',
    citations: [
      { cfr: '15 CFR 772.1, "Missile Technology Control Regime (MTCR)"', url: `${ECFR}/part-772/section-772.1`, source: PART_772, quote: 'The MTCR Annex lists missile-related equipment and technology controlled either by the Department of Commerce\'s Bureau of Industry and Security' },
      { ...earText('742.5', '', 'Paragraphs (b) (licensing policy), (c) (contract sanctity) and (d) (Missile Technology Control Regime) were seen but not transcribed.'), cfr: '15 CFR 742.5(d) (its heading; the paragraph is not transcribed)' },
    ],
    review: [{ field: 'name', note: 'The mirror of § 772.1 drops the defined terms: the name is read from the cross-reference "See Missile Technology Control Regime." that defines MTCR and from the heading of § 742.5(d), which the ear-text copy names but does not transcribe.' }],
  },
  { id: 'NSG', name: 'Nuclear Suppliers Group', reason: 'NP', citations: [earText('742.3', '(a)(1)', 'except those Nuclear Suppliers Group (NSG) member countries that are listed under Country Group A:4')] },
  { id: 'AG', name: 'Australia Group', reason: 'CB', citations: [earText('742.2', '(a)(2)', 'a license is required to all destinations except countries in Country Group A:3 (see supplement no. 1 to part 740 of the EAR) (Australia Group members)')] },
  { id: 'CWC', name: 'Chemical Weapons Convention', reason: 'CW', citations: [earText('738.2', '(d)(2)(ii)(A)', 'CW Chemical Weapons Convention')] },
];

export interface MapImport {
  files: { rel: string; data: unknown }[];
  counts: Record<MapKind, number> & { wassenaar_only: number; paragraphs_paired: number };
}

const entryCode = (eccn: string) => `${eccn[0]}.${eccn[1]}.${Number(eccn.slice(2))}`;
const mlCode = (eccn: string) => `ML${Number(eccn.slice(3))}`;
const headingOf = (h: string) => h.replace(/\(see list of items controlled\)/gi, ' ');
const topmost = (labels: readonly string[]): string[] => { const set = new Set(labels); return labels.filter((l) => ![...set].some((o) => o !== l && l.startsWith(`${o}.`))); };
const notUsed = (text: string) => /^Not used since [0-9]{4}/.test(text);
/** An entry that controls nothing: "Not used since 2003", "ACOUSTICS - None". */
export const isNotInUse = (text: string) => notUsed(text) || /^[A-Z][A-Z ,-]+ - None$/.test(text.trim());
const round2 = (x: number) => Math.round(x * 100) / 100;
const clip = (s: string, n = 100) => { const t = s.replace(/\s+/g, ' ').trim(); return t.length > n ? `${t.slice(0, n - 1).trimEnd()}…` : t; };
/** The sentence of a heading that sends the reader to another agency ("These items are "subject to the ITAR." …"). */
const pointer = (heading: string) => /\((?:These items|See Related)[^)]*(?:\)[^)]*)?\)/.exec(heading)?.[0] ?? /[^.]*subject to the export licensing authority[^.]*\./.exec(heading)?.[0]?.trim() ?? heading;

/** Checks that each rule's and regime's quote is in its source, verbatim; throws naming the first that is not. */
function checkQuotes(sourceRoot: string): void {
  const texts = new Map<string, string>();
  const textOf = (source: string): string => {
    let t = texts.get(source);
    if (t === undefined) {
      const ear = /^regulations\/ear-text\/(.+)\.yaml$/.exec(source);
      const path = ear ? join(sourceRoot, 'ear-text', `${ear[1]}.md`) : join(sourceRoot, source.replace(/^shared\/regdata\//, ''));
      t = readFileSync(path, 'utf8');
      texts.set(source, t);
    }
    return t;
  };
  for (const c of [...MAP_RULES.flatMap((r) => r.citations), ...MAP_REGIMES.flatMap((r) => r.citations)]) {
    if (!textOf(c.source).includes(c.quote)) throw new Error(`the cross-regime map quotes "${c.quote}" from ${c.source} (${c.cfr}), but the source does not contain it: fix the quote in src/import/wassenaar-map.ts`);
  }
}

interface Classified { kind: MapKind; rule: string; counterparts: string[]; tracks?: string; proposed?: string; review: ReviewNoteT[] }

function classify(f: EccnFileT, reasons: ReadonlySet<ReasonId>, otherAuthority: boolean, heading: string, has: (code: string) => boolean): Classified {
  const e = f.eccn;
  const n = Number(e.slice(2));
  const review: ReviewNoteT[] = [];
  if (n <= 99) {
    const code = entryCode(e);
    if (has(code)) return { kind: 'wassenaar_dual_use', rule: 'ns_numbering', counterparts: [code], review };
    if (/Wassenaar Arrangement Munitions List/i.test(heading)) review.push({ field: 'kind', note: `The heading names the Wassenaar Arrangement Munitions List ("${heading.slice(0, 120)}"), but no numbering rule links this entry to a Munitions List category.` });
    if (reasons.size === 0 && otherAuthority) return { kind: 'other_authority', rule: 'ns_numbering', counterparts: [], proposed: code, review };
    if (reasons.has('NS')) review.push({ field: 'kind', note: `Controlled for NS, which § 742.4(a) says generally means listed by the Wassenaar Arrangement, but the numbering proposes ${code}, which is not in the list: check whether another Wassenaar entry covers it.` });
    return { kind: 'us_only_unilateral', rule: 'ns_numbering', counterparts: [], proposed: code, review };
  }
  if (n >= 600 && n <= 699) {
    const ml = mlCode(e);
    if (f.product_group === 'D' || f.product_group === 'E') {
      const code = f.product_group === 'D' ? 'ML21' : 'ML22';
      if (has(code)) return { kind: 'wassenaar_munitions', rule: 'ml_software_technology', counterparts: [code], ...(has(ml) ? { tracks: ml } : {}), review };
      return { kind: 'us_only_unilateral', rule: 'ml_software_technology', counterparts: [], proposed: code, review };
    }
    if (has(ml)) return { kind: 'wassenaar_munitions', rule: 'ml_category', counterparts: [ml], review };
    return { kind: 'us_only_unilateral', rule: 'ml_category', counterparts: [], proposed: ml, review };
  }
  if (n >= 100 && n <= 199) return { kind: 'other_regime', rule: 'mt_numbering', counterparts: [], review };
  if (n >= 290 && n <= 299) return { kind: 'us_only_unilateral', rule: 'np_unilateral_numbering', counterparts: [], review };
  if (n >= 200 && n <= 289) return { kind: 'other_regime', rule: 'np_numbering', counterparts: [], review };
  if (n >= 300 && n <= 399) return { kind: 'other_regime', rule: 'cb_numbering', counterparts: [], review };
  if (n >= 500 && n <= 599) {
    if (n <= 509) review.push({ field: 'kind', note: `A firearms entry (0x501–0x509)${reasons.has('NS') ? ' controlled for NS' : ''}: no numbering rule links it to the Wassenaar list; check whether a Munitions List category (ML1–ML3) covers its items.` });
    return { kind: 'us_only_unilateral', rule: 'series_500', counterparts: [], review };
  }
  if (n >= 900 && n <= 979) return { kind: 'plurilateral', rule: 'plurilateral_numbering', counterparts: [], review };
  if (n >= 980 && n <= 989) return { kind: 'us_only_unilateral', rule: 'cc_ss_numbering', counterparts: [], review };
  if (n >= 990) return { kind: 'us_only_anti_terrorism', rule: 'at_numbering', counterparts: [], review };
  throw new Error(`ECCN ${e}: no numbering rule of 15 CFR 738.2(d)(1) covers ${e.slice(2)} (Table 1 has no row for it); add a rule to src/import/wassenaar-map.ts`);
}

const REGIME_OF: Partial<Record<ReasonId, string>> = { MT: 'MTCR', NP: 'NSG', CB: 'AG', CW: 'CWC' };
const RULE_REASON: Record<string, ReasonId> = { mt_numbering: 'MT', np_numbering: 'NP', cb_numbering: 'CB' };

/**
 * Other ECCNs the items text speaks of as its own ("For the purposes of 3E002.a", "3D006 does not control"): the
 * source has put that entry's items here (3E002 and 3D006 are missing from it).
 */
function foreignItems(f: EccnFileT): string[] {
  const out = new Set<string>();
  for (const it of f.single_source?.items ?? []) {
    for (const m of it.text.matchAll(/(?:For the purposes of|purposes of) ([0-9][A-E][0-9]{3})|\b([0-9][A-E][0-9]{3})(?:\.[a-z0-9.]+)? (?:does not (?:control|apply)|includes)/g)) {
      const x = m[1] ?? m[2];
      if (x && x !== f.eccn) out.add(x);
    }
  }
  return [...out].sort();
}

function pairParagraphs(f: EccnFileT, wa: WaEntryFileT, review: ReviewNoteT[]): MapParagraphsT | undefined {
  const items = f.single_source?.items;
  if (!items?.length || !f.single_source) return undefined;
  const foreign = foreignItems(f);
  if (foreign.length) {
    review.push({ field: 'paragraphs', note: `The items text held for ${f.eccn} (${f.single_source.known_as_of.source}) speaks of ${foreign.join(', ')} as its own ("For the purposes of …", "… does not control"): the source seems to have put another entry's items here, so the paragraphs are not paired.` });
    return undefined;
  }
  const waByLabel = new Map(wa.paragraphs.map((p) => [p.code.slice(wa.code.length + 1), p]));
  const read = readEccnParagraphsAgainst(items, (label) => waByLabel.get(label)?.text);
  if (read.paragraphs.size === 0) return undefined;
  const labels = [...read.paragraphs.keys()];
  const paired = labels.filter((l) => waByLabel.has(l));
  const usOnly = topmost(labels.filter((l) => !waByLabel.has(l) && !read.paragraphs.get(l)?.reserved));
  const skipped = (l: string) => read.skipped.some((x) => l === x || l.startsWith(`${x}.`));
  const waOnly = topmost([...waByLabel.entries()].filter(([l, p]) => !read.paragraphs.has(l) && !notUsed(p.text) && !skipped(l)).map(([l]) => l));
  return {
    rule: 'paragraph_numbering',
    source: f.single_source.known_as_of.source,
    paired,
    us_only: usOnly,
    wassenaar_only: waOnly,
    ambiguous: read.ambiguous.length,
    unplaced: [...read.unplaced],
    inferred: [...read.inferred],
    skipped: [...read.skipped],
  };
}

/** Builds the map files from the CCL files and the Wassenaar files of the same import. */
export function importWassenaarMap(sourceRoot: string, eccns: readonly EccnFileT[], wassenaar: readonly { rel: string; data: unknown }[], dir: string): MapImport {
  checkQuotes(sourceRoot);
  const edition = wassenaar.find((f) => f.rel.endsWith('/edition.yaml'))?.data as WaEditionFileT | undefined;
  if (!edition) throw new Error('the cross-regime map needs the Wassenaar edition.yaml of the same import');
  const entries = wassenaar.filter((f) => /\/(dual-use\/[1-9]\/[1-9]\.[A-E]\.[0-9]{1,2}|munitions\/ML[0-9]{1,2})\.yaml$/.test(f.rel)).map((f) => f.data as WaEntryFileT);
  const byCode = new Map(entries.map((e) => [e.code, e]));
  const linked = new Set<string>();
  const counts: MapImport['counts'] = { wassenaar_dual_use: 0, wassenaar_munitions: 0, other_regime: 0, plurilateral: 0, us_only_anti_terrorism: 0, us_only_unilateral: 0, other_authority: 0, wassenaar_only: 0, paragraphs_paired: 0 };
  const byCategory = new Map<string, MapEntryT[]>();
  const family = new Map(eccns.map((f) => { const m: Partial<EccnFileT['revisions'][number]> = {}; for (const r of f.revisions) Object.assign(m, r); return [f.eccn, { eccn: f.eccn, heading: m.heading ?? '' }]; }));
  for (const f of [...eccns].sort((a, b) => a.eccn.localeCompare(b.eccn))) {
    const merged: Partial<EccnFileT['revisions'][number]> = {};
    const reasonSets: string[] = [];
    const reasons = new Set<ReasonId>();
    for (const r of f.revisions) {
      Object.assign(merged, r);
      if (r.reasons_for_control) { reasonSets.push(r.reasons_for_control.join(', ') || 'none'); r.reasons_for_control.forEach((x) => reasons.add(x)); }
    }
    const heading = merged.heading ?? '';
    const c = classify(f, reasons, merged.other_authority ?? false, heading, (code) => byCode.has(code));
    const review = [...c.review];
    if (new Set(reasonSets).size > 1) review.push({ field: 'regimes', note: `The reasons for control differ between editions (${reasonSets.join(' → ')}); the regimes are named from all of them.` });
    const regimeReasons = [...reasons].filter((r) => REGIME_OF[r]);
    if (c.kind === 'other_regime' && regimeReasons.length === 0) {
      const r = RULE_REASON[c.rule] as ReasonId;
      regimeReasons.push(r);
      review.push({ field: 'regimes', note: `The entry names no ${reasons.size ? 'MT, NP, CB or CW ' : ''}reason for control${merged.other_authority ? ' (it points to another agency)' : ''}; the regime is named from its number (${r}).` });
    }
    const regimes = [...new Set(regimeReasons.map((r) => REGIME_OF[r] as string))].sort();
    const entry: MapEntryT = { eccn: f.eccn, kind: c.kind, rule: c.rule, counterparts: c.counterparts };
    if (c.tracks) entry.tracks = c.tracks;
    if (c.proposed) entry.proposed = c.proposed;
    if (regimes.length) entry.regimes = regimes;
    const counterpart = c.counterparts[0] ? byCode.get(c.counterparts[0]) : undefined;
    if (counterpart) {
      // A 600 series entry is compared through its family's A entry (0B606 and 0D606 through 0A606): the B to E
      // headings say "test equipment", "software" … "for" the items of the A entry.
      const compared = c.rule === 'ns_numbering' ? { eccn: f.eccn, heading } : family.get(`${f.eccn[0]}A${f.eccn.slice(2)}`);
      const target = (c.tracks ? byCode.get(c.tracks) : undefined) ?? counterpart;
      if (compared) {
        const overlap = round2(wordOverlap(headingOf(compared.heading), target.text));
        entry.heading_overlap = overlap;
        if (overlap < HEADING_REVIEW_BELOW) review.push({ field: 'counterparts', note: `The heading${compared.eccn === f.eccn ? '' : ` of ${compared.eccn}`} and ${target.code}'s text share few words (${overlap}): "${clip(headingOf(compared.heading))}" / "${clip(target.text)}". Check that the numbers correspond${c.rule === 'ns_numbering' ? '' : ' (§ 738.2(d)(1)(iv): "generally track")'}.` });
      }
      if (isNotInUse(counterpart.text)) review.push({ field: 'counterparts', note: `${counterpart.code} reads "${counterpart.text}": the list controls nothing there, while the CCL entry is in force.` });
      if (merged.other_authority) review.push({ field: 'kind', note: `The CCL entry names no licence requirement of its own and points to another agency ("${clip(pointer(heading), 200)}"): the items are on the Wassenaar list but not controlled under the EAR.` });
      for (const code of c.counterparts) linked.add(code);
      if (c.tracks) linked.add(c.tracks);
      if (c.kind === 'wassenaar_dual_use') {
        const p = pairParagraphs(f, counterpart, review);
        if (p) { entry.paragraphs = p; counts.paragraphs_paired += p.paired.length; }
      }
    }
    if (review.length) entry.review = review;
    counts[c.kind]++;
    const l = byCategory.get(f.category) ?? [];
    l.push(entry);
    byCategory.set(f.category, l);
  }
  const wassenaarOnly: WaMapIndexFileT['wassenaar_only'] = [];
  const notInUse: string[] = [];
  const sections = readdirSync(join(sourceRoot, 'ear-text')).filter((n) => /\.md$/.test(n) && n !== 'README.md').sort().map((n) => ({ id: n.replace(/\.md$/, ''), text: readFileSync(join(sourceRoot, 'ear-text', n), 'utf8') }));
  for (const e of entries) {
    if (linked.has(e.code)) continue;
    if (isNotInUse(e.text) && e.paragraphs.length === 0) { notInUse.push(e.code); continue; }
    const du = /^([1-9])\.([A-E])\.([0-9]{1,2})$/.exec(e.code);
    const proposed = du ? `${du[1]}${du[2]}${(du[3] as string).padStart(3, '0')}` : undefined;
    const named = proposed ? sections.filter((s) => new RegExp(`\\b${proposed}\\b`).test(s.text)).map((s) => `§ ${s.id}`) : [];
    wassenaarOnly.push({
      code: e.code,
      ...(proposed ? { proposed_eccn: proposed } : {}),
      ...(named.length ? { review: [{ field: 'proposed_eccn', note: `${named.join(', ')} of the EAR text${named.length > 1 ? 's' : ''} held name${named.length > 1 ? '' : 's'} ECCN ${proposed}, but no source of the CCL holds it: it may be missing from the sources.` }] } : {}),
    });
  }
  counts.wassenaar_only = wassenaarOnly.length;
  const index: WaMapIndexFileT = { edition: edition.id, rules: [...MAP_RULES], regimes: [...MAP_REGIMES], wassenaar_only: wassenaarOnly, not_in_use: notInUse };
  const files: MapImport['files'] = [{ rel: `${dir}/map/index.yaml`, data: index }];
  for (const [category, list] of [...byCategory.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const file: WaMapCategoryFileT = { category, eccns: list };
    files.push({ rel: `${dir}/map/${category}.yaml`, data: file });
  }
  return { files, counts };
}
